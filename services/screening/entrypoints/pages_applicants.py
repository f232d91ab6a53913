"""The secretariat's applicants list and candidate page (journey 4), server-rendered.

`/screening/vacancies/<id>/applicants` is a GET form (bookmarkable: every filter is in the
address) over a table that the database filters, sorts, counts and pages; with htmx the
form asks for the table alone (`HX-Request`) and pushes the address, without JavaScript it
reloads the page. `/screening/applications/<id>` shows each verdict with its figure and the
CV passages behind it, the profile read from the CV with those passages marked, and the
forms that change things (override a verdict, confirm or reverse a rejection, move to a
list), each a Flask-WTF form that posts, then redirects (303) with a message, or shows the
page again with the errors beside the fields. Blind mode (a cookie the user sets here, or
the vacancy's own setting) shows a neutral code for the name and leaves out the contact
details. Only the secretariat may see any of it; an unknown id is a 404 page.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from flask import (
    Response,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Form, HiddenField, SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from services.screening.domain.applicants import (
    PROPOSALS,
    SORTS,
    ApplicantQuery,
    blinded_profile,
    shown_name,
)
from services.screening.domain.vacancies import (
    CannotDecide,
    CannotShortlist,
    InvalidOverride,
    ListStage,
    ScreenedApplication,
)
from services.screening.entrypoints.blind_choice import (
    blind_by_choice,
    blind_form,
    switch_blind_mode,
)
from services.screening.service_layer import panel_review, services
from shared.auth.tokens import SECRETARIAT
from shared.web import runtime
from shared.webui import page_blueprint, page_requires

applicants = page_blueprint("screening_applicants", __name__, "/screening")

EXPORT_BATCH = 500
MAX_CV_MARKS = 40
REASON_REQUIRED = _l("Give a reason: it is kept with the decision.")

VERDICT_LABELS = {"met": _l("met"), "not_met": _l("not met"), "unclear": _l("unclear")}
VERDICT_ICONS = {"met": "✓", "not_met": "✗", "unclear": "?"}
PROPOSAL_LABELS = {
    "long_list": _l("long list"),
    "needs_review": _l("needs review"),
    "not_eligible": _l("not eligible"),
}
STAGE_LABELS = {"none": _l("no list"), "long_list": _l("long list"), "short_list": _l("short list")}
DECISION_LABELS = {
    "pending": _l("pending"),
    "rejected": _l("rejected"),
    "withdrawn": _l("withdrawn"),
}
SORT_LABELS = {
    "name": _l("Name"),
    "screened": _l("Screened date"),
    "proposal": _l("Proposal"),
    "mandatory_met": _l("Mandatory criteria met"),
}
HISTORY_LABELS = {
    "screening": _l("Screened"),
    "override": _l("Verdict overridden"),
    "rejected": _l("Rejection confirmed"),
    "rejection_reversed": _l("Rejection reversed"),
    "list_move": _l("List changed"),
}
LABELS = {
    "verdicts": VERDICT_LABELS,
    "icons": VERDICT_ICONS,
    "proposals": PROPOSAL_LABELS,
    "stages": STAGE_LABELS,
    "decisions": DECISION_LABELS,
    "sorts": SORT_LABELS,
    "history": HISTORY_LABELS,
}


def labels() -> dict[str, dict[str, str]]:
    """The labels in the request's language, translated once rather than once per cell
    (a table of 50 rows and 9 criteria would otherwise translate the same word 450 times)."""
    return {group: {k: str(v) for k, v in names.items()} for group, names in LABELS.items()}


def _choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _any(label: Any) -> list[SelectChoice]:
    return _choices([("", label)])


# --- forms ------------------------------------------------------------------------------------


class FilterForm(Form):
    """The list's GET form: no CSRF token, since it changes nothing and is bookmarked."""

    q = SearchField(_l("Search by name"))
    proposal = SelectField(_l("Proposal"), choices=_any(_l("any proposal")))
    decision = SelectField(_l("Decision"), choices=_any(_l("any decision")))
    stage = SelectField(_l("List"), choices=_any(_l("any list")))
    criterion = SelectField(_l("Criterion"), choices=_any(_l("any criterion")))
    verdict = SelectField(_l("Verdict on it"), choices=_any(_l("any verdict")))
    sort = SelectField(_l("Sort by"), choices=[])
    order = SelectField(
        _l("Order"), choices=_choices([("asc", _l("ascending")), ("desc", _l("descending"))])
    )

    @classmethod
    def of(cls, query: ApplicantQuery, criteria: Iterable[Mapping[str, Any]]) -> FilterForm:
        form = cls(
            data={
                "q": query.search,
                "proposal": query.proposal or "",
                "decision": query.decision or "",
                "stage": query.stage or "",
                "criterion": query.criterion_id or "",
                "verdict": query.verdict or "",
                "sort": query.sort,
                "order": query.order,
            }
        )
        form.proposal.choices += _choices((key, PROPOSAL_LABELS[key]) for key in PROPOSALS)
        form.decision.choices += _choices(DECISION_LABELS.items())
        form.stage.choices += _choices(STAGE_LABELS.items())
        form.criterion.choices += _choices((c["id"], c["id"]) for c in criteria)
        form.verdict.choices += _choices(VERDICT_LABELS.items())
        form.sort.choices = _choices((key, SORT_LABELS[key]) for key in SORTS)
        return form


class OverrideForm(FlaskForm):
    criterion_id = HiddenField()
    verdict = SelectField(
        _l("New verdict"),
        choices=_choices([("", _l("Choose a verdict")), *VERDICT_LABELS.items()]),
        validators=[InputRequired(message=_l("Choose the verdict."))],
    )
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(message=REASON_REQUIRED), Length(max=2000)]
    )


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(message=REASON_REQUIRED), Length(max=2000)]
    )


class ListForm(ReasonForm):
    list = SelectField(
        _l("Move to"),
        choices=_choices(
            [
                ("long_list", _l("the long list")),
                ("short_list", _l("the short list")),
                ("none", _l("no list")),
            ]
        ),
    )


# --- who is asking, and how ---------------------------------------------------------------------


def uow():  # noqa: ANN201
    return runtime().uow()


def _actor() -> str:
    return g.page_principal.username


def _wants_fragment() -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


# --- the applicants list ----------------------------------------------------------------------


@applicants.get("/vacancies/<vacancy_id>/applicants")
@page_requires(SECRETARIAT)
def applicant_list(vacancy_id: str) -> Response:
    try:
        listing = services.applicant_list(
            uow(), vacancy_id, ApplicantQuery.from_args(request.args), blind=blind_by_choice()
        )
    except services.UnknownVacancy:
        abort(404)
    template = "applicants_table.html" if _wants_fragment() else "applicants.html"
    response = make_response(
        render_template(
            f"screening/{template}",
            listing=listing,
            page=listing.page,
            query=listing.page.query,
            form=FilterForm.of(listing.page.query, listing.criteria),
            blind_form=blind_form(),
            blind_chosen=blind_by_choice(),
            labels=labels(),
            comment_counts=panel_review.comment_counts(
                uow(), [row.application_id for row in listing.page.rows]
            ),
        )
    )
    response.vary.add("HX-Request")
    return response


@applicants.get("/vacancies/<vacancy_id>/applicants.csv")
@page_requires(SECRETARIAT)
def applicant_export(vacancy_id: str) -> Response:
    """Every applicant the filters match, as CSV; in blind mode with codes, not names."""
    query = ApplicantQuery.from_args(request.args)
    try:
        listing = services.applicant_list(uow(), vacancy_id, query, blind=blind_by_choice())
    except services.UnknownVacancy:
        abort(404)
    criterion_ids = [c["id"] for c in listing.criteria]

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                _("Candidate"),
                _("Proposal"),
                *criterion_ids,
                _("Mandatory criteria met"),
                _("List"),
                _("Decision"),
                _("Screened"),
            ]
        )
        page = 1
        while True:
            rows = services.applicant_rows(
                uow(), vacancy_id, listing.page.query.on_page(page), listing.blind, EXPORT_BATCH
            )
            for row in rows:
                writer.writerow(
                    [
                        row.shown_name(listing.blind),
                        row.proposal or "",
                        *(
                            row.verdicts[c].verdict if c in row.verdicts else ""
                            for c in criterion_ids
                        ),
                        row.mandatory_met,
                        row.list_stage,
                        row.decision,
                        row.screened_at.isoformat() if row.screened_at else "",
                    ]
                )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if len(rows) < EXPORT_BATCH:
                return
            page += 1

    response = Response(stream_with_context(lines()), mimetype="text/csv")
    reference = re.sub(r"[^A-Za-z0-9_.-]+", "-", listing.vacancy.reference) or "vacancy"
    response.headers["Content-Disposition"] = f'attachment; filename="applicants-{reference}.csv"'
    return response


# --- the candidate page -----------------------------------------------------------------------


@applicants.get("/applications/<application_id>")
@page_requires(SECRETARIAT)
def candidate(application_id: str) -> Any:
    return _candidate_page(application_id)


@applicants.post("/applications/<application_id>/verdicts/<int:number>/override")
@page_requires(SECRETARIAT)
def override(application_id: str, number: int) -> Any:
    form = OverrideForm(prefix=f"override-{number}")
    if _valid(form):
        try:
            services.override_verdict(
                uow(),
                _actor(),
                application_id,
                criterion_id=form.criterion_id.data or "",
                verdict=form.verdict.data or "",
                reason=form.reason.data or "",
            )
        except services.UnknownApplication:
            abort(404)
        except InvalidOverride as error:
            form.form_errors.append(str(error))
        else:
            verdict = VERDICT_LABELS.get(form.verdict.data or "", form.verdict.data)
            flash(
                _(
                    "The verdict on %(criterion)s is now %(verdict)s.",
                    criterion=form.criterion_id.data,
                    verdict=verdict,
                ),
                "success",
            )
            return _back_to(application_id, f"criterion-{number}")
    return _candidate_page(application_id, override_form=(number, form), status=422)


@applicants.post("/applications/<application_id>/rejection")
@page_requires(SECRETARIAT)
def rejection(application_id: str) -> Any:
    form = ReasonForm(prefix="reject")
    if _valid(form):
        try:
            services.reject(uow(), _actor(), application_id, form.reason.data or "")
        except services.UnknownApplication:
            abort(404)
        except CannotDecide as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The rejection is confirmed."), "success")
            return _back_to(application_id, "decision")
    return _candidate_page(application_id, reject_form=form, status=422)


@applicants.post("/applications/<application_id>/rejection/reversal")
@page_requires(SECRETARIAT)
def rejection_reversal(application_id: str) -> Any:
    form = ReasonForm(prefix="reverse")
    if _valid(form):
        try:
            services.reverse_rejection(uow(), _actor(), application_id, form.reason.data or "")
        except services.UnknownApplication:
            abort(404)
        except CannotDecide as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The rejection is reversed."), "success")
            return _back_to(application_id, "decision")
    return _candidate_page(application_id, reverse_form=form, status=422)


@applicants.post("/applications/<application_id>/list")
@page_requires(SECRETARIAT)
def list_move(application_id: str) -> Any:
    form = ListForm(prefix="list")
    if _valid(form):
        stage = ListStage(form.list.data)
        try:
            services.move_to_list(uow(), _actor(), application_id, stage, form.reason.data)
        except services.UnknownApplication:
            abort(404)
        except CannotShortlist as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Moved to %(list)s.", list=_list_name(stage.value)), "success")
            return _back_to(application_id, "decision")
    return _candidate_page(application_id, list_form=form, status=422)


@applicants.post("/blind-mode")
@page_requires(SECRETARIAT)
def blind_mode() -> Response:
    return switch_blind_mode(
        on_message=_("Blind mode is on: names and contact details are hidden."),
        off_message=_("Blind mode is off."),
    )


def _valid(form: FlaskForm) -> bool:
    """Validate a posted form; a missing or stale CSRF token is said above the form."""
    if form.validate_on_submit():
        return True
    if form.meta.csrf and form[form.meta.csrf_field_name].errors:
        form.form_errors.append(_("The form was too old to accept; please send it again."))
    return False


def _list_name(stage: str) -> str:
    return {
        "long_list": _("the long list"),
        "short_list": _("the short list"),
        "none": _("no list"),
    }[stage]


def _back_to(application_id: str, anchor: str) -> Response:
    target = url_for(".candidate", application_id=application_id, _anchor=anchor)
    return redirect(target, code=303)


def _candidate_page(
    application_id: str,
    *,
    override_form: tuple[int, OverrideForm] | None = None,
    reject_form: ReasonForm | None = None,
    reverse_form: ReasonForm | None = None,
    list_form: ListForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    try:
        review = services.candidate_review(uow(), application_id)
    except services.UnknownApplication:
        abort(404)
    application = review.application
    blind = review.blind or blind_by_choice()
    verdicts = application.effective_verdicts
    overrides = {
        number: OverrideForm(
            formdata=None, prefix=f"override-{number}", criterion_id=verdict["criterion_id"]
        )
        for number, verdict in enumerate(verdicts, start=1)
    }
    if override_form is not None and override_form[0] in overrides:
        overrides[override_form[0]] = override_form[1]
    page = render_template(
        "screening/candidate.html",
        review=review,
        application=application,
        blind=blind,
        blind_chosen=blind_by_choice(),
        shown_name=shown_name(application.application_id, application.candidate_name, blind),
        verdicts=verdicts,
        profile=(
            blinded_profile(application.profile)
            if blind
            else application.profile
            if isinstance(application.profile, Mapping)
            else {}
        ),
        cited=_cited(verdicts),
        override_forms=overrides,
        reject_form=reject_form or ReasonForm(formdata=None, prefix="reject"),
        reverse_form=reverse_form or ReasonForm(formdata=None, prefix="reverse"),
        list_form=list_form or ListForm(formdata=None, prefix="list", list=_next_list(application)),
        can_reject=application.rejection_refusal() is None,
        blind_form=blind_form(),
        highlight=highlight,
        labels=labels(),
        comments=panel_review.comments_for_secretariat(uow(), application_id),
        cv_marks=_cv_marks(verdicts),
    )
    return page, status


def _cv_marks(verdicts: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The passages the verdicts cite, once each and in order, as the `mark` parameters
    of intake's CV pages, which outline them (at most `MAX_CV_MARKS`, to keep the
    address short)."""
    texts: list[str] = []
    for verdict in verdicts:
        for passage in verdict.get("passages") or ():
            text = passage.get("text") if isinstance(passage, Mapping) else None
            if isinstance(text, str) and text.strip() and text.strip() not in texts:
                texts.append(text.strip())
    return [("mark", text) for text in texts[:MAX_CV_MARKS]]


def _next_list(application: ScreenedApplication) -> str:
    return "short_list" if application.list_stage is ListStage.LONG_LIST else "long_list"


def _cited(verdicts: Iterable[Mapping[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    """For each profile entry a verdict cites: the passages cited in it and by which criteria."""
    cited: dict[tuple[str, int], dict[str, Any]] = defaultdict(
        lambda: {"texts": [], "criteria": []}
    )
    for verdict in verdicts:
        for passage in verdict.get("passages") or ():
            if not isinstance(passage, Mapping):
                continue
            entry = cited[(str(passage.get("entry")), _int(passage.get("index")))]
            if passage.get("text") and passage["text"] not in entry["texts"]:
                entry["texts"].append(passage["text"])
            if verdict["criterion_id"] not in entry["criteria"]:
                entry["criteria"].append(verdict["criterion_id"])
    return dict(cited)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def highlight(text: Any, passages: Iterable[str] = ()) -> Markup:
    """`text` escaped, with every place a cited passage appears in it marked."""
    if text is None:
        return Markup("")
    text = str(text)
    spans = [
        match.span()
        for passage in passages
        if str(passage).strip()
        for match in re.finditer(re.escape(str(passage).strip()), text, re.IGNORECASE)
    ]
    if not spans:
        return escape(text)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(escape(text[at:start]))
        out.append(Markup('<mark class="evidence">%s</mark>') % text[start:end])
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)
