"""The secretariat's pages of a scoring round: the vacancies, appointing the panel and its
chair (from the user accounts with the panel role), the interview kit editor, and the
round's progress (who has declared, who has scored, never a score before completion),
with the chair's button to close the round.

The progress page is the secretariat's and the chair's; the chair (a panel member) sees it
to decide whether to close. Every form is a Flask-WTF form (CSRF).
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError
from wtforms import FloatField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from services.scoring.domain.kit import LEVELS, InterviewKit
from services.scoring.domain.panel import NotOnPanel, ScoringError
from services.scoring.entrypoints.pages import me, pages, uow
from services.scoring.service_layer import panel_round, services
from shared.auth import accounts
from shared.auth.tokens import PANEL, SECRETARIAT
from shared.web import runtime
from shared.webui import page_requires


class PanelForm(FlaskForm):
    members = SelectMultipleField(
        _l("Members"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(message=_l("Choose at least one member."))],
    )
    chair = SelectField(_l("Chair"), choices=[])


class CloseForm(FlaskForm):
    reason = TextAreaField(
        _l("Why close the round now?"),
        validators=[
            DataRequired(message=_l("Give a reason: it is kept with the result.")),
            Length(max=2000),
        ],
    )


def kit_form(kit: InterviewKit, formdata: Any = None) -> FlaskForm:
    class KitForm(FlaskForm):
        pass

    data: dict[str, Any] = {}
    for n, competency in enumerate(kit.competencies):
        setattr(
            KitForm,
            f"weight_{n}",
            FloatField(
                _l("Weight of %(name)s", name=competency.name),
                validators=[
                    InputRequired(message=_l("Give a weight.")),
                    NumberRange(min=0.01, message=_l("The weight must be above zero.")),
                ],
            ),
        )
        setattr(
            KitForm,
            f"questions_{n}",
            TextAreaField(_l("Questions for %(name)s (one a line)", name=competency.name)),
        )
        data |= {
            f"weight_{n}": competency.weight,
            f"questions_{n}": "\n".join(competency.questions),
        }
        for level in LEVELS:
            setattr(
                KitForm,
                f"anchor_{n}_{level}",
                StringField(_l("Level %(level)d", level=level), validators=[Length(max=1000)]),
            )
            data[f"anchor_{n}_{level}"] = competency.anchor(level)
    if formdata is None:
        return KitForm(formdata=None, data=data)
    return KitForm()


def _panel_accounts(appointed: list[str]) -> list[accounts.Account]:
    """The user accounts with the panel role (read from the accounts database, which every
    service may reach through `shared.auth`); if it cannot be read, the members appointed
    so far, so that the page still shows and says nothing wrong."""
    try:
        found = [a for a in accounts.list_accounts(runtime().accounts_engine) if PANEL in a.roles]
    except SQLAlchemyError:
        current_app.logger.exception("the accounts database could not be read")
        found = []
    known = {a.username for a in found}
    missing = [name for name in appointed if name not in known]
    return found + [accounts.Account(n, n, "", frozenset({PANEL})) for n in missing]


def _panel_form(progress: dict[str, Any], formdata: bool = False) -> PanelForm:
    people = _panel_accounts(progress["members"])
    form = (
        PanelForm()
        if formdata
        else PanelForm(formdata=None, members=progress["members"], chair=progress["chair"] or "")
    )
    form.members.choices = [
        SelectChoice(a.username, f"{a.full_name} ({a.username})") for a in people
    ]
    form.chair.choices = [SelectChoice("", _("No chair"))] + [
        SelectChoice(a.username, f"{a.full_name} ({a.username})") for a in people
    ]
    return form


# --- pages ----------------------------------------------------------------------------------


@pages.get("/vacancies")
@page_requires(SECRETARIAT)
def rounds() -> str:
    return render_template("scoring/rounds.html", vacancies=panel_round.vacancies(uow()))


@pages.get("/vacancies/<vacancy_id>")
@page_requires(SECRETARIAT, PANEL)
def round_page(vacancy_id: str) -> Any:
    return _round_page(vacancy_id)


@pages.post("/vacancies/<vacancy_id>/panel")
@page_requires(SECRETARIAT)
def appoint(vacancy_id: str) -> Any:
    progress = _progress(vacancy_id)
    form = _panel_form(progress, formdata=True)
    if form.validate_on_submit():
        chair = form.chair.data or None
        try:
            services.appoint_panel(uow(), vacancy_id, list(form.members.data), chair, me())
        except services.UnknownVacancy:
            abort(404)
        except ScoringError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The panel is appointed."), "success")
            return redirect(url_for(".round_page", vacancy_id=vacancy_id), code=303)
    return _round_page(vacancy_id, panel_form=form, status=422)


@pages.post("/vacancies/<vacancy_id>/closure")
@page_requires(PANEL)
def close(vacancy_id: str) -> Any:
    form = CloseForm()
    if form.validate_on_submit():
        try:
            closure = panel_round.close_round(uow(), vacancy_id, me(), form.reason.data or "")
        except (services.UnknownVacancy, NotOnPanel):
            abort(404)
        except ScoringError as error:
            form.form_errors.append(str(error))
        else:
            flash(
                ngettext(
                    "The round is closed with %(num)d sheet outstanding; the result is announced.",
                    "The round is closed with %(num)d sheets outstanding; the result is announced.",
                    closure.outstanding,
                ),
                "success",
            )
            return redirect(url_for(".round_page", vacancy_id=vacancy_id), code=303)
    return _round_page(vacancy_id, close_form=form, status=422)


@pages.route("/vacancies/<vacancy_id>/kit", methods=["GET", "POST"])
@page_requires(SECRETARIAT)
def kit_editor(vacancy_id: str) -> Any:
    try:
        kit, locked = panel_round.interview_kit(uow(), vacancy_id)
    except services.UnknownVacancy:
        abort(404)
    except ScoringError as error:
        flash(str(error), "error")
        return redirect(url_for(".round_page", vacancy_id=vacancy_id), code=303)
    posted = not locked and request.method == "POST"
    form = kit_form(kit, formdata=True if posted else None)
    if posted:
        if form.validate_on_submit():
            edited = [
                {
                    **competency.to_dict(),
                    "weight": form[f"weight_{n}"].data,
                    "questions": (form[f"questions_{n}"].data or "").splitlines(),
                    "anchors": {
                        str(level): form[f"anchor_{n}_{level}"].data or "" for level in LEVELS
                    },
                }
                for n, competency in enumerate(kit.competencies)
            ]
            try:
                panel_round.edit_kit(uow(), vacancy_id, edited, me())
            except ScoringError as error:
                form.form_errors.append(str(error))
            else:
                flash(_("The interview kit is saved."), "success")
                return redirect(url_for(".kit_editor", vacancy_id=vacancy_id), code=303)
        status = 422
    else:
        status = 200
    return render_template(
        "scoring/kit.html", kit=kit, locked=locked, form=form, levels=LEVELS, vacancy_id=vacancy_id
    ), status


def _progress(vacancy_id: str) -> dict[str, Any]:
    try:
        return panel_round.progress(uow(), vacancy_id)
    except services.UnknownVacancy:
        abort(404)


def _round_page(
    vacancy_id: str,
    *,
    panel_form: PanelForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> Any:
    progress = _progress(vacancy_id)
    principal = g.page_principal
    is_chair = principal.username == progress["chair"] and principal.has_any(PANEL)
    is_secretariat = principal.has_any(SECRETARIAT)
    if not (is_secretariat or is_chair):
        abort(404)
    return render_template(
        "scoring/round.html",
        progress=progress,
        is_chair=is_chair,
        is_secretariat=is_secretariat,
        panel_form=panel_form or (_panel_form(progress) if is_secretariat else None),
        close_form=close_form or CloseForm(formdata=None),
    ), status
