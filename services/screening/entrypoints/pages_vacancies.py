"""The secretariat's vacancy editor as pages (journey 1): a vacancy from a ToR, its draft,
its versions. `/screening/vacancies/new` reads an uploaded ToR and creates the draft with
the proposed criteria and competencies (the ToR file kept as the API's import keeps it);
the vacancy page shows each criterion in plain words, the tags with their matching terms,
the competencies, and the notes of the ToR reading until dismissed; small pages edit a
criterion (its key rule parameters, or the rule as JSON), a tag's terms, a competency, the
title and closing date; publishing asks for confirmation; the versions page leads to "what
changed" and to a re-screen whose progress an htmx fragment polls. Every view calls the
API's use cases (`edit_draft` with an edited copy that `rule_forms` builds,
`publish_vacancy`, `version_changes`, `request_rescreen`, …) and turns their refusals into
a message beside the field, a flash or a 404 page; a POST that succeeds redirects (303)
with a flash. The forms are in `vacancy_forms`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from services.screening.adapters.tor_documents import UnreadableTor
from services.screening.domain.vacancies import CriteriaVersion, InvalidVacancy, Vacancy
from services.screening.domain.versions import RescreenJob, ScreeningChange, criteria_changes
from services.screening.entrypoints import rule_forms as rf
from services.screening.entrypoints.vacancy_forms import (
    CompareForm,
    CompetencyForm,
    ConfirmForm,
    CriterionForm,
    DetailsForm,
    NewVacancyForm,
    RescreenForm,
    RuleJsonForm,
    TagTermsForm,
)
from services.screening.service_layer import services
from shared.auth.tokens import SECRETARIAT
from shared.web import runtime
from shared.webui import page_blueprint, page_requires

vacancy_pages = page_blueprint("screening_vacancy_pages", __name__, "/screening")

NOTES_KEY = "tor_notes"
PARAMETERS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "education": ("min_level", "study_fields"),
    "education_or_experience_in_lieu": ("min_level", "study_fields"),
    "experience_months": ("tag", "months"),
    "experience_months_graded": ("tag", "months"),
    "experience_any": ("tag",),
    "language": ("language", "met_levels", "unclear_levels"),
    "language_any": ("languages", "any_level", "min_count"),
}
PARAMETER_FIELDS = frozenset(name for names in PARAMETERS_BY_TYPE.values() for name in names)
FORM_NAMES = {"study_fields": "fields"}  # the form's name → rule_forms' parameter name
PARAMETER_NAMES = {parameter: name for name, parameter in FORM_NAMES.items()}


# --- a vacancy from a ToR ---------------------------------------------------------------------


@vacancy_pages.route("/vacancies/new", methods=["GET", "POST"])
@page_requires(SECRETARIAT)
def new_vacancy() -> Any:
    form = NewVacancyForm()
    if not form.validate_on_submit():
        return _new_vacancy_page(form)
    upload = form.tor.data
    data = upload.read()
    limit = runtime().settings.max_upload_bytes
    if len(data) > limit:
        form.tor.errors.append(_too_large(limit))
        return _new_vacancy_page(form)
    rt = runtime()
    try:
        imported = services.import_tor(rt.read_tor, rt.store, data, upload.filename or "tor")
    except (UnreadableTor, InvalidVacancy) as error:
        form.tor.errors.append(str(error))
        return _new_vacancy_page(form)
    title = (form.title.data or "").strip() or imported.criteria.get("position") or ""
    if not title:
        form.title.errors.append(_("The ToR states no position title: give the title."))
        return _new_vacancy_page(form)
    try:
        created = services.create_vacancy(
            rt.uow(),
            _actor(),
            reference=form.reference.data.strip(),
            title=title,
            tor_text=imported.tor_text,
            criteria=imported.criteria,
            competencies=imported.competencies,
            closing_date=form.closing_date.data or _iso_date(imported.criteria),
            contact_email=form.contact_email.data.strip(),
            tor_file=imported.tor_file,
            tor_filename=imported.tor_filename,
        )
    except InvalidVacancy as error:
        form.tor.errors.append(
            _("No vacancy could be made from this ToR: %(why)s") % {"why": error}
        )
        return _new_vacancy_page(form)
    session[NOTES_KEY] = {"vacancy_id": created.id, "notes": [str(n) for n in imported.notes]}
    flash(
        _(
            "Draft created with %(criteria)s criteria and %(competencies)s competencies "
            "proposed from the ToR. Check each one, then publish.",
            criteria=len(imported.criteria.get("criteria") or ()),
            competencies=len(imported.competencies),
        ),
        "success",
    )
    return _to_vacancy(created.id)


def _new_vacancy_page(form: NewVacancyForm, status: int | None = None) -> tuple[str, int]:
    limit = _megabytes(runtime().settings.max_upload_bytes)
    page = render_template("screening/vacancy_new.html", form=form, limit=limit)
    return page, status or (422 if form.errors else 200)


@vacancy_pages.errorhandler(RequestEntityTooLarge)
def _upload_too_large(_error: Exception) -> Any:
    if request.endpoint != f"{vacancy_pages.name}.new_vacancy":
        return _("The request is too large."), 413
    form = NewVacancyForm(formdata=None)
    form.tor.errors = [_too_large(runtime().settings.max_upload_bytes)]
    return _new_vacancy_page(form, 413)


def _too_large(limit: int) -> str:
    return _("The file is larger than %(mb)s MB; please upload a smaller one.") % {
        "mb": _megabytes(limit)
    }


def _megabytes(size: int) -> str:
    return f"{round(size / 1_048_576, 1):g}"


def _iso_date(criteria: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(criteria.get("reference_date")))
    except ValueError:
        return None


# --- the vacancy page -------------------------------------------------------------------------


@vacancy_pages.get("/vacancies/<vacancy_id>")
@page_requires(SECRETARIAT)
def vacancy_page(vacancy_id: str) -> str:
    vacancy = _vacancy(vacancy_id)
    terms = services.matching_terms_of(runtime().uow(), vacancy_id)
    versions = services.versions(runtime().uow(), vacancy_id)
    notes = session.get(NOTES_KEY) or {}
    criteria = criterion_views(vacancy.criteria)
    return render_template(
        "screening/vacancy.html",
        vacancy=vacancy,
        criteria=criteria,
        tags=tag_views(terms, criteria),
        versions=versions,
        pending=pending_changes(vacancy, versions[-1]) if versions else [],
        notes=notes.get("notes", []) if notes.get("vacancy_id") == vacancy_id else [],
        confirm=ConfirmForm(),
    )


@vacancy_pages.post("/vacancies/<vacancy_id>/notes/dismiss")
@page_requires(SECRETARIAT)
def dismiss_notes(vacancy_id: str) -> Response:
    if ConfirmForm().validate_on_submit():
        session.pop(NOTES_KEY, None)
    return _to_vacancy(vacancy_id)


def criterion_views(criteria: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What a criterion card shows, the rule in plain words."""
    return [
        {
            "id": str(item.get("id", "")),
            "kind": str(item.get("kind") or ""),
            "mandatory": bool(item.get("mandatory")),
            "text": str(item.get("text") or ""),
            "rule": rf.describe_rule(item.get("rule") or {}),
            "tags": rf.tags_of_rule(item.get("rule")),
        }
        for item in criteria.get("criteria") or ()
        if isinstance(item, Mapping)
    ]


def tag_views(
    terms: Mapping[str, Mapping[str, Any]], criteria: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Each tag with its matching terms and the criteria that use it."""
    views = []
    for tag, found in terms.items():
        used_by = [c["id"] for c in criteria if tag in c["tags"]]
        views.append({"name": tag, "label": rf.tag_label(tag), "used_by": used_by, **found})
    return views


def pending_changes(vacancy: Vacancy, latest: CriteriaVersion) -> list[str]:
    """What the draft changes from the latest published version, in a line each."""
    lines = [change.description for change in criteria_changes(latest.criteria, vacancy.criteria)]
    if vacancy.title != latest.title:
        lines.append(_("title: %(old)s → %(new)s") % {"old": latest.title, "new": vacancy.title})
    if vacancy.closing_date != latest.closing_date:
        lines.append(
            _("closing date: %(old)s → %(new)s")
            % {"old": latest.closing_date or "—", "new": vacancy.closing_date or "—"}
        )
    if [dict(c) for c in vacancy.competencies] != [dict(c) for c in latest.competencies]:
        lines.append(_("the competencies changed"))
    if vacancy.tor_file != latest.tor_file or vacancy.tor_text != latest.tor_text:
        lines.append(_("the ToR changed"))
    return lines


# --- editing the draft ------------------------------------------------------------------------


@vacancy_pages.route("/vacancies/<vacancy_id>/details", methods=["GET", "POST"])
@page_requires(SECRETARIAT)
def edit_details(vacancy_id: str) -> Any:
    vacancy = _vacancy(vacancy_id)
    form = DetailsForm(data={"title": vacancy.title, "closing_date": vacancy.closing_date})
    if form.validate_on_submit():
        changes = {"title": form.title.data.strip(), "closing_date": form.closing_date.data}
        refused = _edit(vacancy_id, changes)
        if refused is None:
            return _to_vacancy(vacancy_id, _("The title and closing date are saved."))
        form.title.errors.append(refused)
    return _page("screening/editor/details.html", form, vacancy=vacancy)


@vacancy_pages.get("/vacancies/<vacancy_id>/criteria/<criterion_id>")
@page_requires(SECRETARIAT)
def edit_criterion(vacancy_id: str, criterion_id: str) -> Any:
    vacancy, criterion = _criterion(vacancy_id, criterion_id)
    return _criterion_page(vacancy, criterion, criterion_form(vacancy, criterion), None)


@vacancy_pages.post("/vacancies/<vacancy_id>/criteria/<criterion_id>")
@page_requires(SECRETARIAT)
def save_criterion(vacancy_id: str, criterion_id: str) -> Any:
    vacancy, criterion = _criterion(vacancy_id, criterion_id)
    form = criterion_form(vacancy, criterion)
    if form.validate_on_submit():
        try:
            edited = rf.with_criterion(
                vacancy.criteria,
                criterion_id,
                text=form.text.data.strip(),
                mandatory=form.mandatory.data,
                rule=_rule_from_form(form, criterion),
            )
        except rf.RuleRefused as error:
            field = getattr(
                form, PARAMETER_NAMES.get(error.parameter or "", error.parameter or ""), None
            )
            (field.errors if field is not None else form.form_errors).append(str(error))
        else:
            refused = _edit(vacancy_id, {"criteria": edited})
            if refused is None:
                return _to_vacancy(vacancy_id, _("%(id)s is saved.") % {"id": criterion_id})
            form.form_errors.append(refused)
    return _criterion_page(vacancy, criterion, form, None)


def _rule_from_form(form: CriterionForm, criterion: Mapping[str, Any]) -> dict[str, Any] | None:
    """The rule with the form's parameters; None for a rule type the form has none for."""
    rule = criterion.get("rule")
    if not isinstance(rule, Mapping) or rule.get("type") not in PARAMETERS_BY_TYPE:
        return None
    values = {FORM_NAMES.get(f.name, f.name): f.data for f in form if f.name in PARAMETER_FIELDS}
    return rf.rule_with_parameters(rule, values)


@vacancy_pages.post("/vacancies/<vacancy_id>/criteria/<criterion_id>/rule")
@page_requires(SECRETARIAT)
def save_rule_json(vacancy_id: str, criterion_id: str) -> Any:
    vacancy, criterion = _criterion(vacancy_id, criterion_id)
    form = RuleJsonForm()
    if form.validate_on_submit():
        tags = (vacancy.criteria.get("tags") or {}).keys()
        try:
            rule = rf.rule_from_json(form.rule_json.data, tags)
        except rf.RuleRefused as error:
            form.rule_json.errors.append(str(error))
        else:
            edited = rf.with_criterion(vacancy.criteria, criterion_id, rule=rule)
            refused = _edit(vacancy_id, {"criteria": edited})
            if refused is None:
                return _to_vacancy(
                    vacancy_id, _("The rule of %(id)s is saved.") % {"id": criterion_id}
                )
            form.rule_json.errors.append(refused)
    return _criterion_page(vacancy, criterion, criterion_form(vacancy, criterion, False), form)


@vacancy_pages.post("/vacancies/<vacancy_id>/criteria/<criterion_id>/remove")
@page_requires(SECRETARIAT)
def remove_criterion(vacancy_id: str, criterion_id: str) -> Response:
    vacancy, _criterion_found = _criterion(vacancy_id, criterion_id)
    if not ConfirmForm().validate_on_submit():
        return _back(vacancy_id, _("The form had expired; please try again."))
    refused = _edit(vacancy_id, {"criteria": rf.without_criterion(vacancy.criteria, criterion_id)})
    if refused is not None:
        return _back(
            vacancy_id, _("%(id)s was not removed: %(why)s") % {"id": criterion_id, "why": refused}
        )
    return _to_vacancy(vacancy_id, _("%(id)s is removed from the draft.") % {"id": criterion_id})


def criterion_form(
    vacancy: Vacancy, criterion: Mapping[str, Any], from_request: bool = True
) -> CriterionForm:
    """The criterion's form with only its rule type's parameters, and their choices."""
    rule = criterion.get("rule") or {}
    rule_type = rule.get("type") if isinstance(rule, Mapping) else None
    values = {PARAMETER_NAMES.get(k, k): v for k, v in rf.parameters_of(rule).items()}
    data = {"text": criterion.get("text"), "mandatory": bool(criterion.get("mandatory")), **values}
    form = CriterionForm(data=data) if from_request else CriterionForm(formdata=None, data=data)
    keep = PARAMETERS_BY_TYPE.get(str(rule_type), ())
    for name in PARAMETER_FIELDS - set(keep):
        delattr(form, name)
    if "min_level" in keep:
        form.min_level.choices = [
            SelectChoice(lv, rf.level_name(lv)) for lv in rf.education_levels(rule)
        ]
    if "tag" in keep:
        tags = list((vacancy.criteria.get("tags") or {}).keys())
        form.tag.choices = [SelectChoice("", _("any professional experience"))] + [
            SelectChoice(tag, rf.tag_label(tag)) for tag in tags
        ]
    if rule_type == "experience_months_graded":
        form.months.label.text = _("Months from which it is met")
    return form


def _criterion_page(
    vacancy: Vacancy,
    criterion: Mapping[str, Any],
    form: CriterionForm,
    json_form: RuleJsonForm | None,
) -> tuple[str, int]:
    rule = criterion.get("rule") or {}
    json_form = json_form or RuleJsonForm(formdata=None, data={"rule_json": rf.rule_as_json(rule)})
    failed = form.errors or json_form.errors
    page = render_template(
        "screening/editor/criterion.html",
        vacancy=vacancy,
        criterion=criterion_views({"criteria": [criterion]})[0],
        form=form,
        json_form=json_form,
        json_open=bool(json_form.errors) or rule.get("type") not in PARAMETERS_BY_TYPE,
        graded=rule.get("type") == "experience_months_graded",
        remove=ConfirmForm(),
    )
    return page, 422 if failed else 200


@vacancy_pages.route("/vacancies/<vacancy_id>/tags/<tag>", methods=["GET", "POST"])
@page_requires(SECRETARIAT)
def edit_tag(vacancy_id: str, tag: str) -> Any:
    vacancy = _vacancy(vacancy_id)
    terms = services.matching_terms_of(runtime().uow(), vacancy_id).get(tag)
    if terms is None:
        abort(404)
    struck = [p["term"] for p in terms["proposed"] if p["excluded"]]
    form = TagTermsForm(
        data={"synonyms": rf.as_lines(terms["synonyms"]), "struck": rf.as_lines(struck)}
    )
    if form.validate_on_submit():
        synonyms, struck = rf.lines(form.synonyms.data or ""), rf.lines(form.struck.data or "")
        unknown = rf.unknown_struck_terms(struck, (p["term"] for p in terms["proposed"]))
        if unknown:
            form.struck.errors.append(
                _("These are not proposed terms, so there is nothing to strike: %(terms)s.")
                % {"terms": ", ".join(unknown)}
            )
        else:
            edited = rf.with_tag_terms(vacancy.criteria, tag, synonyms, struck)
            refused = _edit(vacancy_id, {"criteria": edited})
            if refused is None:
                return _to_vacancy(
                    vacancy_id, _("The terms of %(tag)s are saved.") % {"tag": rf.tag_label(tag)}
                )
            form.synonyms.errors.append(refused)
    view = {"name": tag, "label": rf.tag_label(tag), **terms}
    return _page("screening/editor/tag.html", form, vacancy=vacancy, tag=view)


@vacancy_pages.route("/vacancies/<vacancy_id>/competencies/new", methods=["GET", "POST"])
@vacancy_pages.route("/vacancies/<vacancy_id>/competencies/<int:number>", methods=["GET", "POST"])
@page_requires(SECRETARIAT)
def edit_competency(vacancy_id: str, number: int | None = None) -> Any:
    vacancy = _vacancy(vacancy_id)
    index = None if number is None else number - 1
    if index is not None and not 0 <= index < len(vacancy.competencies):
        abort(404)
    found = vacancy.competencies[index] if index is not None else {}
    form = CompetencyForm(
        data={
            "name": found.get("name"),
            "kind": found.get("kind") or "",
            "weight": found.get("weight") or 1.0,
            "description": found.get("description") or "",
            "indicators": rf.as_lines(found.get("indicators")),
        }
    )
    if form.validate_on_submit():
        competency = rf.competency_from_values(
            form.name.data,
            form.kind.data or "",
            form.weight.data,
            form.indicators.data or "",
            form.description.data,
        )
        edited = rf.with_competency(vacancy.competencies, index, competency)
        refused = _edit(vacancy_id, {"competencies": edited})
        if refused is None:
            return _to_vacancy(vacancy_id, _("%(name)s is saved.") % {"name": competency["name"]})
        form.name.errors.append(refused)
    return _page(
        "screening/editor/competency.html",
        form,
        vacancy=vacancy,
        number=number,
        remove=ConfirmForm(),
    )


@vacancy_pages.post("/vacancies/<vacancy_id>/competencies/<int:number>/remove")
@page_requires(SECRETARIAT)
def remove_competency(vacancy_id: str, number: int) -> Response:
    vacancy = _vacancy(vacancy_id)
    if not 0 < number <= len(vacancy.competencies):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        return _back(vacancy_id, _("The form had expired; please try again."))
    name = vacancy.competencies[number - 1].get("name") or number
    refused = _edit(
        vacancy_id, {"competencies": rf.without_competency(vacancy.competencies, number - 1)}
    )
    if refused is not None:
        return _back(vacancy_id, refused)
    return _to_vacancy(vacancy_id, _("%(name)s is removed.") % {"name": name})


# --- publishing, versions, re-screens ---------------------------------------------------------


@vacancy_pages.route("/vacancies/<vacancy_id>/publish", methods=["GET", "POST"])
@page_requires(SECRETARIAT)
def publish(vacancy_id: str) -> Any:
    vacancy = _vacancy(vacancy_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            published = services.publish_vacancy(runtime().uow(), _actor(), vacancy_id)
        except services.UnknownVacancy:
            abort(404)
        notes = session.get(NOTES_KEY) or {}
        if notes.get("vacancy_id") == vacancy_id:
            session.pop(NOTES_KEY, None)
        message = _("Version %(number)s is published.") % {"number": published.version}
        return _to_vacancy(vacancy_id, message)
    versions = services.versions(runtime().uow(), vacancy_id)
    return render_template(
        "screening/editor/publish.html",
        vacancy=vacancy,
        form=form,
        pending=pending_changes(vacancy, versions[-1]) if versions else None,
        warnings=vacancy.warnings,
    )


@vacancy_pages.get("/vacancies/<vacancy_id>/versions")
@page_requires(SECRETARIAT)
def versions_page(vacancy_id: str) -> str:
    vacancy = _vacancy(vacancy_id)
    versions = services.versions(runtime().uow(), vacancy_id)
    return render_template(
        "screening/editor/versions.html",
        vacancy=vacancy,
        versions=list(reversed(versions)),
        rescreen=RescreenForm(formdata=None),
    )


@vacancy_pages.get("/vacancies/<vacancy_id>/versions/<int:number>")
@page_requires(SECRETARIAT)
def version_page(vacancy_id: str, number: int) -> str:
    vacancy = _vacancy(vacancy_id)
    try:
        found = services.version(runtime().uow(), vacancy_id, number)
    except services.UnknownVersion:
        abort(404)
    return render_template(
        "screening/editor/version.html",
        vacancy=vacancy,
        version=found,
        criteria=criterion_views(found.criteria),
        tags=(found.criteria.get("tags") or {}),
    )


@vacancy_pages.get("/vacancies/<vacancy_id>/versions/<int:number>/changes")
@page_requires(SECRETARIAT)
def version_changes(vacancy_id: str, number: int) -> Any:
    vacancy = _vacancy(vacancy_id)
    form = CompareForm(formdata=request.args)
    form.from_version.choices = [SelectChoice("0", _("nothing (everything is new)"))] + [
        SelectChoice(str(n), _("version %(n)s", n=n))
        for n in range(1, vacancy.version + 1)
        if n != number
    ]
    if "from_version" not in request.args or not form.validate():
        form.from_version.data = number - 1
        form.from_version.errors = []
    try:
        changes = services.version_changes(
            runtime().uow(), vacancy_id, number, form.from_version.data
        )
    except services.UnknownVersion:
        abort(404)
    return render_template(
        "screening/editor/changes.html", vacancy=vacancy, changes=changes, form=form
    )


@vacancy_pages.post("/vacancies/<vacancy_id>/rescreens")
@page_requires(SECRETARIAT)
def start_rescreen(vacancy_id: str) -> Response:
    _vacancy(vacancy_id)
    form = RescreenForm()
    if not form.validate_on_submit():
        return _back(vacancy_id, _("Choose a published version to re-screen under."), "versions")
    try:
        job = services.request_rescreen(
            runtime().uow(), _actor(), vacancy_id, form.criteria_version.data
        )
    except (services.VacancyNotPublished, services.UnknownVersion) as error:
        return _back(vacancy_id, str(error), "versions")
    flash(
        _("Re-screening %(total)s applications under version %(n)s.")
        % {"total": job.total, "n": job.criteria_version},
        "success",
    )
    return redirect(url_for(".rescreen_page", job_id=job.id), code=303)


@vacancy_pages.get("/rescreens/<job_id>")
@page_requires(SECRETARIAT)
def rescreen_page(job_id: str) -> str:
    job = _job(job_id)
    return render_template(
        "screening/editor/rescreen.html",
        job=job,
        vacancy=_vacancy(job.vacancy_id),
        changes=_job_changes(job),
    )


@vacancy_pages.get("/rescreens/<job_id>/progress")
@page_requires(SECRETARIAT)
def rescreen_progress(job_id: str) -> str:
    """The fragment the re-screen page polls every 2 s until the job is finished."""
    job = _job(job_id)
    return render_template(
        "screening/editor/_rescreen_progress.html",
        job=job,
        vacancy=_vacancy(job.vacancy_id),
        changes=_job_changes(job),
    )


def _job(job_id: str) -> RescreenJob:
    try:
        return services.rescreen_job(runtime().uow(), job_id)
    except services.UnknownRescreenJob:
        abort(404)


def _job_changes(job: RescreenJob) -> Sequence[ScreeningChange]:
    if not job.finished:
        return []
    return services.rescreen_changes(runtime().uow(), job.id)


# --- helpers ----------------------------------------------------------------------------------


def _actor() -> str:
    return g.page_principal.username


def _vacancy(vacancy_id: str) -> Vacancy:
    try:
        return services.vacancy(runtime().uow(), vacancy_id)
    except services.UnknownVacancy:
        abort(404)


def _criterion(vacancy_id: str, criterion_id: str) -> tuple[Vacancy, dict[str, Any]]:
    vacancy = _vacancy(vacancy_id)
    try:
        return vacancy, rf.criterion_in(vacancy.criteria, criterion_id)
    except KeyError:
        abort(404)


def _edit(vacancy_id: str, changes: Mapping[str, Any]) -> str | None:
    """Save the draft through the API's use case; the refusal's sentence, if refused."""
    try:
        services.edit_draft(runtime().uow(), _actor(), vacancy_id, changes)
    except services.UnknownVacancy:
        abort(404)
    except InvalidVacancy as error:
        return str(error)
    return None


def _page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    return render_template(template, form=form, **context), 422 if form.errors else 200


def _to_vacancy(vacancy_id: str, message: str | None = None) -> Response:
    if message:
        flash(message, "success")
    return redirect(url_for(".vacancy_page", vacancy_id=vacancy_id), code=303)


def _back(vacancy_id: str, message: str, page: str = "vacancy") -> Response:
    flash(message, "error")
    endpoint = ".versions_page" if page == "versions" else ".vacancy_page"
    return redirect(url_for(endpoint, vacancy_id=vacancy_id), code=303)
