"""A panel member's pages: my vacancies, the conflict-of-interest declaration (names
only), the candidates I may score, a candidate's interview kit with the score form, my
sheet and (once mine is in) the others', and the amendment form.

Every form is a Flask-WTF form (CSRF) built for the vacancy's kit: one radio group per
competency whose options show each level's behavioural anchor. Until the member has
declared for every shortlisted candidate, every candidate page sends them to the
declaration page; a candidate they are recused from, like one not on the list or a vacancy
whose panel they are not on, is a 404 page.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from services.scoring.domain.conflicts import DeclarationsOutstanding, Recused
from services.scoring.domain.kit import LEVELS, InterviewKit
from services.scoring.domain.panel import NotOnPanel, ScoringError, UnknownCandidate
from services.scoring.entrypoints.pages import me, pages, uow
from services.scoring.service_layer import panel_round, services
from shared.auth.tokens import PANEL
from shared.webui import page_requires

NOT_YOURS = (services.UnknownVacancy, NotOnPanel, UnknownCandidate, Recused)
REASON_REQUIRED = _l("Give a reason: it is kept with the amendment.")


# --- forms built for a vacancy -------------------------------------------------------------


def declaration_form(candidates: list[dict[str, Any]], formdata: Any = None) -> FlaskForm:
    """One radio group (no conflict / a conflict) and one note per candidate."""

    class DeclarationForm(FlaskForm):
        pass

    for number, candidate in enumerate(candidates):
        # A candidate already scored shows its declaration disabled (it cannot change), so
        # the browser does not send it back.
        required = Optional() if candidate["scored"] else InputRequired(message=_l("Choose one."))
        setattr(
            DeclarationForm,
            f"answer_{number}",
            RadioField(
                _l("Conflict of interest"),
                choices=[
                    SelectChoice("none", _l("No conflict")),
                    SelectChoice("conflict", _l("I have a conflict")),
                ],
                validators=[required],
            ),
        )
        setattr(
            DeclarationForm,
            f"note_{number}",
            TextAreaField(_l("What is the conflict?"), validators=[Length(max=2000)]),
        )
    data = {
        f"answer_{n}": ("conflict" if c["conflict"] else "none") if c["declared"] else None
        for n, c in enumerate(candidates)
    } | {f"note_{n}": c["note"] for n, c in enumerate(candidates)}
    if formdata is None:
        return DeclarationForm(formdata=None, data=data)
    return DeclarationForm()


def score_form(kit: InterviewKit, *, amending: bool = False, sheet: Any = None) -> FlaskForm:
    """A radio group per competency (levels with their anchors), notes, and for an
    amendment its required reason; filled with `sheet`'s scores when given."""

    class ScoreForm(FlaskForm):
        notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])

    for number, competency in enumerate(kit.competencies):
        setattr(
            ScoreForm,
            f"score_{number}",
            RadioField(
                competency.name,
                choices=[
                    SelectChoice(str(level), f"{level}: {competency.anchor(level)}".rstrip(": "))
                    for level in LEVELS
                ],
                validators=[
                    InputRequired(message=_l("Choose a level for %(name)s.", name=competency.name))
                ],
            ),
        )
    if amending:
        ScoreForm.reason = TextAreaField(  # type: ignore[attr-defined]
            _l("Reason for the amendment"),
            validators=[DataRequired(message=REASON_REQUIRED), Length(max=2000)],
        )
    else:
        ScoreForm.reason = TextAreaField(validators=[Optional()])  # type: ignore[attr-defined]
    prefix = "amend" if amending else "score"
    if sheet is None:
        return ScoreForm(prefix=prefix)
    data = {f"score_{n}": str(sheet.scores.get(c.name, "")) for n, c in enumerate(kit.competencies)}
    return ScoreForm(formdata=None, prefix=prefix, data=data | {"notes": sheet.notes})


def _scores(form: FlaskForm, kit: InterviewKit) -> dict[str, int]:
    return {c.name: int(form[f"score_{n}"].data) for n, c in enumerate(kit.competencies)}


def _valid(form: FlaskForm) -> bool:
    if form.validate_on_submit():
        return True
    if form.meta.csrf and form[form.meta.csrf_field_name].errors:
        form.form_errors.append(_("The form was too old to accept; please send it again."))
    return False


# --- my vacancies and the declarations -----------------------------------------------------


@pages.get("/panel")
@page_requires(PANEL)
def my_vacancies() -> str:
    return render_template(
        "scoring/panel_vacancies.html", vacancies=panel_round.vacancies(uow(), me())
    )


@pages.route("/vacancies/<vacancy_id>/declarations", methods=["GET", "POST"])
@page_requires(PANEL)
def declarations(vacancy_id: str) -> Any:
    sheet = _declarations_or_404(vacancy_id)
    candidates = sheet["candidates"]
    form = declaration_form(candidates, formdata=True if _posted() else None)
    status = 200
    if _posted():
        if _valid(form):
            answers = {
                c["application_id"]: (
                    form[f"answer_{n}"].data == "conflict",
                    form[f"note_{n}"].data or "",
                )
                for n, c in enumerate(candidates)
                if not c["scored"]
            }
            missing_note = [
                n
                for n, c in enumerate(candidates)
                if form[f"answer_{n}"].data == "conflict"
                and not (form[f"note_{n}"].data or "").strip()
            ]
            for n in missing_note:
                form[f"note_{n}"].errors = [_("Say what the conflict of interest is.")]
            if not missing_note:
                try:
                    panel_round.declare(uow(), vacancy_id, me(), answers)
                except NOT_YOURS:
                    abort(404)
                except ScoringError as error:
                    form.form_errors.append(str(error))
                else:
                    flash(_("Your declarations are recorded."), "success")
                    return redirect(url_for(".my_candidates", vacancy_id=vacancy_id), code=303)
        status = 422
    return render_template(
        "scoring/declarations.html", sheet=sheet, candidates=candidates, form=form
    ), status


@pages.get("/vacancies/<vacancy_id>/candidates")
@page_requires(PANEL)
def my_candidates(vacancy_id: str) -> Any:
    try:
        seen = services.round_for_member(uow(), vacancy_id, me())
    except (services.UnknownVacancy, NotOnPanel):
        abort(404)
    except ScoringError as error:
        flash(str(error), "error")
        return redirect(url_for(".my_vacancies"), code=303)
    if not seen["declared_all"]:
        return redirect(url_for(".declarations", vacancy_id=vacancy_id), code=303)
    return render_template("scoring/candidates.html", seen=seen)


# --- a candidate: the kit, the score form, the sheets, the amendment -------------------------


@pages.get("/vacancies/<vacancy_id>/candidates/<application_id>")
@page_requires(PANEL)
def candidate(vacancy_id: str, application_id: str) -> Any:
    return _candidate_page(vacancy_id, application_id)


@pages.post("/vacancies/<vacancy_id>/candidates/<application_id>/sheet")
@page_requires(PANEL)
def submit(vacancy_id: str, application_id: str) -> Any:
    file = _file_or_redirect(vacancy_id, application_id)
    if isinstance(file, Response):
        return file
    form = score_form(file.kit)
    if _valid(form):
        try:
            services.submit_sheet(
                uow(), vacancy_id, application_id, me(), _scores(form, file.kit), form.notes.data
            )
        except NOT_YOURS:
            abort(404)
        except ScoringError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Your scores are submitted."), "success")
            return _back(vacancy_id, application_id)
    return _candidate_page(vacancy_id, application_id, form=form, status=422)


@pages.post("/vacancies/<vacancy_id>/candidates/<application_id>/amendment")
@page_requires(PANEL)
def amend(vacancy_id: str, application_id: str) -> Any:
    file = _file_or_redirect(vacancy_id, application_id)
    if isinstance(file, Response):
        return file
    form = score_form(file.kit, amending=True)
    if _valid(form):
        try:
            panel_round.amend_sheet(
                uow(),
                vacancy_id,
                application_id,
                me(),
                _scores(form, file.kit),
                form.notes.data or "",
                form.reason.data or "",
            )
        except NOT_YOURS:
            abort(404)
        except ScoringError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Your amendment is recorded."), "success")
            return _back(vacancy_id, application_id)
    return _candidate_page(vacancy_id, application_id, amend_form=form, status=422)


def _candidate_page(
    vacancy_id: str,
    application_id: str,
    *,
    form: FlaskForm | None = None,
    amend_form: FlaskForm | None = None,
    status: int = 200,
) -> Any:
    file = _file_or_redirect(vacancy_id, application_id)
    if isinstance(file, Response):
        return file
    return render_template(
        "scoring/candidate.html",
        file=file,
        form=form or score_form(file.kit),
        amend_form=amend_form or score_form(file.kit, amending=True, sheet=file.my_sheet),
        levels=LEVELS,
    ), status


def _file_or_redirect(vacancy_id: str, application_id: str) -> panel_round.CandidateFile | Response:
    try:
        return panel_round.candidate_file(uow(), vacancy_id, application_id, me())
    except NOT_YOURS:
        abort(404)
    except DeclarationsOutstanding as error:
        flash(str(error), "error")
        return redirect(url_for(".declarations", vacancy_id=vacancy_id), code=303)
    except ScoringError as error:
        flash(str(error), "error")
        return redirect(url_for(".my_vacancies"), code=303)


def _declarations_or_404(vacancy_id: str) -> dict[str, Any]:
    try:
        return panel_round.declarations_of(uow(), vacancy_id, me())
    except (services.UnknownVacancy, NotOnPanel):
        abort(404)
    except ScoringError as error:  # no short list yet, or no kit
        return {"vacancy_id": vacancy_id, "title": "", "candidates": [], "problem": str(error)}


def _posted() -> bool:
    return request.method == "POST"


def _back(vacancy_id: str, application_id: str) -> Response:
    return redirect(
        url_for(".candidate", vacancy_id=vacancy_id, application_id=application_id), code=303
    )
