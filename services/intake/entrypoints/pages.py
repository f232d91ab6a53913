"""The candidate's pages (journey 2), served by intake without any sign-in: the careers page
of open vacancies, a vacancy's ToR with its original file, the application form (name,
email, consent to the privacy notice, CV, an optional cover letter and optional voluntary
diversity answers in a fieldset of their own), the review of the profile read from the CV
(polled by htmx while the CV is read, then an editable form whose corrections the API's
`ProfileCorrectionSchema` checks field by field), and the private status page behind the
signed link of the acknowledgement email (the stage in plain words, then the interview
with its time as the clock reads in its own time zone and the panel's outcome in kind
words, never its reasons; replacing the CV,
withdrawing and asking for erasure, each after a confirmation). Every view calls the
same use cases as the JSON API (`open_vacancies`, `submit_application` with
`review_profile`, `candidate_profile`, `submit_profile`, `replace_cv`,
`withdraw_application`, `erase_application`) and turns their refusals into a message
beside the field, a flash or the 404 page; a guessed or tampered link is a 404. A POST
that succeeds redirects (303) with a flash; a refused upload keeps everything typed
except the file. Some routes are the secretariat's, not the candidate's
(`page_requires`): the original CV's pages as images (with the passages screening cites
outlined), the list of those pages as a fragment that screening's candidate page loads
with htmx (intake opened the PDF, so it links only the pages there are), the CV's text
layer, and the fragment of the applicants list that says how many of a vacancy's CVs
are still being read (polled by htmx until none is).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import pycountry
from babel.dates import format_date, format_time, get_timezone_gmt
from flask import (
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from marshmallow import ValidationError as MarshmallowValidationError
from marshmallow import validate as marshmallow_validate
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.validators import ValidationError as FormValidationError

from services.intake.adapters.cv_files import UnreadableDocument
from services.intake.domain import applications as model
from services.intake.domain.applications import (
    MAX_COVER_LETTER_CHARS,
    MAX_NAME_CHARS,
    MAX_WITHDRAWAL_REASON_CHARS,
    AlreadyApplied,
    Application,
    ApplicationRefused,
    Stage,
    VacancyListing,
)
from services.intake.domain.diversity import (
    GENDERS,
    PREFER_NOT_TO_SAY,
    REGIONS,
    InvalidDiversityAnswer,
    diversity_answers,
)
from services.intake.domain.interview import AfterShortlist, Interview, Outcome
from services.intake.domain.privacy import privacy_notice
from services.intake.domain.profile import DEGREE_LEVELS, LANGUAGE_LEVELS
from services.intake.domain.profile_review import ReadingState
from services.intake.entrypoints.profile_schemas import ProfileCorrectionSchema, flat_messages
from services.intake.service_layer import (
    candidates,
    cv_pages,
    erasure,
    interviews,
    reading_progress,
    services,
)
from shared.auth.guard import signer
from shared.auth.tokens import SECRETARIAT, InvalidToken
from shared.web import runtime
from shared.webui import page_blueprint, page_requires

pages = page_blueprint("intake_pages", __name__, "/intake")

CV_ACCEPT = ".pdf,.docx,application/pdf,"
CV_ACCEPT += "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTRA_ROWS = 1
BULLET = re.compile(r"^\s*(?:[-*•◦▪\u2013·o]|\d{1,2}[.)]|[a-z][.)])\s+")

GENDER_NAMES = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
    "another": _l("Another gender"),
    PREFER_NOT_TO_SAY: _l("Prefer not to say"),
}
REGION_NAMES = {
    "african": _l("African States"),
    "asia_pacific": _l("Asia-Pacific States"),
    "eastern_european": _l("Eastern European States"),
    "latin_american_and_caribbean": _l("Latin American and Caribbean States"),
    "western_european_and_others": _l("Western European and other States"),
    PREFER_NOT_TO_SAY: _l("Prefer not to say"),
}
DEGREE_NAMES = {
    "secondary": _l("Secondary school"),
    "other": _l("Other (diploma, certificate)"),
    "bachelor": _l("Bachelor's degree"),
    "master": _l("Master's degree"),
    "doctorate": _l("Doctorate"),
}
LANGUAGE_LEVEL_NAMES = {
    "native": _l("Native"),
    "fluent": _l("Fluent"),
    "working": _l("Working knowledge"),
    "basic": _l("Basic"),
}
STAGE_WORDS = {
    Stage.DRAFT: _l(
        "Your application is not submitted yet: check the profile read from your CV, correct"
        " it if needed, and submit it."
    ),
    Stage.RECEIVED: _l("Your application has been received."),
    Stage.CV_READ: _l("Your CV has been read and your application is being screened."),
    Stage.NEEDS_ATTENTION: _l(
        "Your CV could not be read automatically; the secretariat will look at it."
    ),
    Stage.UNDER_REVIEW: _l("Your application is being reviewed by the secretariat."),
    Stage.SHORTLISTED: _l("You have been shortlisted; the secretariat will contact you."),
    Stage.WITHDRAWN: _l("You have withdrawn your application; it will not be considered further."),
}
# the panel's outcome in neutral, kind words: never its reasons, never scores
OUTCOME_WORDS = {
    Outcome.SELECTED: _l(
        "The panel has selected you for this position. Congratulations: the secretariat will"
        " contact you about the next steps."
    ),
    Outcome.RESERVE: _l(
        "The panel has placed you on the reserve list: should the position become available"
        " again, the secretariat may contact you."
    ),
    Outcome.NOT_SELECTED: _l(
        "The panel has made its decision and you have not been selected for this position."
        " Thank you for your interest and for the time you gave to this recruitment."
    ),
}
ALREADY_APPLIED = _l(
    "You have already applied to this vacancy. To follow your application or send a newer"
    " CV, use the link in the acknowledgement email we sent you."
)
# the use case's refusal code → the form field its message belongs beside
REFUSAL_FIELDS = {
    "consent_required": "consent",
    "unknown_privacy_notice": "consent",
    "name_required": "candidate_name",
    "name_too_long": "candidate_name",
    "email_too_long": "candidate_email",
    "cover_letter_too_long": "cover_letter",
    "vacancy_closed": None,
}


# --- forms ------------------------------------------------------------------------------------


def email_address(_form: Form, field: Field) -> None:
    """The same check as the API's `fields.Email`."""
    try:
        marshmallow_validate.Email()(field.data.strip() if field.data else "")
    except MarshmallowValidationError as error:
        raise FormValidationError(_("Give an email address such as name@example.org.")) from error


def _choices(names: Mapping[str, Any], keys: Sequence[str]) -> list[tuple[str, Any]]:
    return [("", _l("— no answer —"))] + [(key, names[key]) for key in keys]


def nationality_choices() -> list[tuple[str, str]]:
    countries = sorted(pycountry.countries, key=lambda country: country.name)
    return (
        [("", _("— no answer —"))]
        + [(country.alpha_2, country.name) for country in countries]
        + [(PREFER_NOT_TO_SAY, _("Prefer not to say"))]
    )


class ApplyForm(FlaskForm):
    candidate_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Please give your name.")), Length(max=MAX_NAME_CHARS)],
    )
    candidate_email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Please give your email address.")), email_address],
    )
    consent = BooleanField(
        _l("I have read the privacy notice and consent to the processing of my data"),
        validators=[
            DataRequired(
                _l(
                    "Please consent to the processing of your data: we cannot consider an"
                    " application without it."
                )
            )
        ],
    )
    cv = FileField(
        _l("Your CV"),
        validators=[FileRequired(_l("Choose your CV file."))],
        render_kw={"accept": CV_ACCEPT},
    )
    cover_letter = TextAreaField(
        _l("Cover letter (optional)"),
        validators=[Optional(), Length(max=MAX_COVER_LETTER_CHARS)],
        render_kw={"rows": 8},
    )
    gender = SelectField(_l("Gender"), choices=_choices(GENDER_NAMES, GENDERS), default="")
    nationality = SelectField(_l("Nationality"), default="")
    region = SelectField(
        _l("Region (United Nations regional group)"),
        choices=_choices(REGION_NAMES, REGIONS),
        default="",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nationality.choices = nationality_choices()


class DegreeRow(Form):
    level = SelectField(_l("Level"), choices=_choices(DEGREE_NAMES, DEGREE_LEVELS), default="")
    degree_as_written = StringField(_l("Degree"))
    field = StringField(_l("Field of study"))
    institution = StringField(_l("Institution"))
    year_completed = StringField(_l("Year completed"), render_kw={"inputmode": "numeric"})
    remove = BooleanField(_l("Remove this degree"))


class PositionRow(Form):
    title = StringField(_l("Job title"))
    employer = StringField(_l("Employer"))
    start = StringField(_l("Start (YYYY-MM)"), render_kw={"placeholder": "2019-06"})
    end = StringField(_l("End (YYYY-MM)"), render_kw={"placeholder": "2023-12"})
    ongoing = BooleanField(_l("Ongoing (I still hold this position)"))
    city = StringField(_l("City"))
    country = StringField(_l("Country"))
    bullets = TextAreaField(_l("Duties, one per line"), render_kw={"rows": 3})
    remove = BooleanField(_l("Remove this position"))


class LanguageRow(Form):
    language = StringField(_l("Language"))
    level = SelectField(
        _l("Level"), choices=_choices(LANGUAGE_LEVEL_NAMES, LANGUAGE_LEVELS), default=""
    )
    remove = BooleanField(_l("Remove this language"))


class ProfileForm(FlaskForm):
    education = FieldList(FormField(DegreeRow))
    positions = FieldList(FormField(PositionRow))
    languages = FieldList(FormField(LanguageRow))


class CvForm(FlaskForm):
    cv = FileField(
        _l("Your new CV"),
        validators=[FileRequired(_l("Choose your new CV file."))],
        render_kw={"accept": CV_ACCEPT},
    )


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that my data is deleted for good and my application withdrawn"),
        validators=[DataRequired(_l("Tick the box to confirm that you want your data erased."))],
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Why are you withdrawing? (optional)"),
        validators=[Optional(), Length(max=MAX_WITHDRAWAL_REASON_CHARS)],
        render_kw={"rows": 4},
    )


# --- the careers pages ------------------------------------------------------------------------


@pages.get("/careers")
def careers() -> str:
    vacancies = services.open_vacancies(runtime().uow(), _today())
    return render_template("intake/careers.html", vacancies=vacancies)


@pages.get("/careers/<vacancy_id>")
def vacancy(vacancy_id: str) -> str:
    listing = _open_vacancy(vacancy_id)
    return render_template(
        "intake/vacancy.html", vacancy=listing, blocks=text_blocks(listing.tor_text)
    )


@pages.get("/privacy")
def privacy() -> str:
    notice = privacy_notice()
    return render_template(
        "intake/privacy.html", notice=notice, blocks=text_blocks(notice.text, wrapped=True)
    )


@pages.route("/careers/<vacancy_id>/apply", methods=["GET", "POST"])
def apply(vacancy_id: str) -> Any:
    listing = _open_vacancy(vacancy_id)
    form = ApplyForm()
    if not form.validate_on_submit():
        return _apply_page(listing, form)
    rt = runtime()
    upload = form.cv.data
    try:
        diversity = diversity_answers(form.gender.data, form.nationality.data, form.region.data)
        application = services.submit_application(
            rt.uow(),
            rt.store,
            rt.reader,
            rt.status_url,
            vacancy_id=vacancy_id,
            candidate_name=form.candidate_name.data,
            candidate_email=form.candidate_email.data.strip(),
            consent=bool(form.consent.data),
            cv_filename=upload.filename or "cv",
            cv_data=upload.read(),
            privacy_notice_version=privacy_notice().version,
            cover_letter=form.cover_letter.data or None,
            review_profile=True,
            diversity=diversity,
        )
    except InvalidDiversityAnswer as invalid:
        getattr(form, invalid.question).errors.append(_("Choose one of the answers listed."))
        return _apply_page(listing, form)
    except services.UnknownVacancy:
        abort(404)
    except ApplicationRefused as refused:
        _place_refusal(form, refused)
        return _apply_page(listing, form)
    token = signer().candidate_link_token(application.id)
    flash(_("We have your CV. Check what we read from it, then submit your application."), "info")
    return redirect(url_for(".profile", token=token), code=303)


def _place_refusal(form: ApplyForm, refused: ApplicationRefused) -> None:
    if isinstance(refused, AlreadyApplied):
        form.cv.errors.append(str(ALREADY_APPLIED))
        return
    name = REFUSAL_FIELDS.get(refused.code, "cv")
    target = getattr(form, name) if name else None
    if target is None:
        form.form_errors.append(_(refused.message))
    else:
        target.errors.append(_(refused.message))


def _apply_page(listing: VacancyListing, form: ApplyForm, status: int | None = None) -> Any:
    page = render_template(
        "intake/apply.html",
        vacancy=listing,
        form=form,
        limit=_megabytes(runtime().settings.max_upload_bytes),
        notice=privacy_notice(),
        notice_blocks=text_blocks(privacy_notice().text, wrapped=True),
    )
    return page, status or (422 if form.errors or form.form_errors else 200)


@pages.errorhandler(RequestEntityTooLarge)
def _upload_too_large(_error: Exception) -> Any:
    limit = runtime().settings.max_upload_bytes
    message = _("The file is larger than %(mb)s MB; please upload a smaller one.") % {
        "mb": _megabytes(limit)
    }
    args = request.view_args or {}
    if request.endpoint == f"{pages.name}.apply":
        listing = _open_vacancy(str(args.get("vacancy_id")))
        form = ApplyForm(formdata=None)
        form.cv.errors = [message]
        return _apply_page(listing, form, 413)
    if request.endpoint == f"{pages.name}.replace_cv" and "token" in args:
        _application_by_link(str(args["token"]))
        flash(message, "error")
        return redirect(url_for(".status", token=args["token"]), code=303)
    return _("The request is too large."), 413


# --- the profile read from the CV -------------------------------------------------------------


@pages.route("/status/<token>/profile", methods=["GET", "POST"])
def profile(token: str) -> Any:
    application = _application_by_link(token)
    seen = candidates.candidate_profile(runtime().uow(), application.id)
    if request.method == "POST" and not seen.can_submit and seen.state is not ReadingState.PENDING:
        flash(_(seen.message), "info")
        return redirect(url_for(".status", token=token), code=303)
    if request.method == "GET" or not seen.can_submit:
        return _profile_page(token, seen, profile_form(seen.profile, None))
    form = profile_form(seen.profile, request.form)
    if not form.validate():
        return _profile_page(token, seen, form)
    corrections, rows = corrections_of(form)
    try:
        loaded = ProfileCorrectionSchema().load(corrections)
    except MarshmallowValidationError as invalid:
        place_profile_errors(form, rows, flat_messages(invalid.messages))
        return _profile_page(token, seen, form, failed=True)
    rt = runtime()
    try:
        candidates.submit_profile(rt.uow(), rt.status_url, application.id, loaded)
    except ApplicationRefused as refused:
        flash(_(refused.message), "error")
        return redirect(url_for(".status", token=token), code=303)
    flash(_("Your application is submitted; an acknowledgement is on its way."), "success")
    return redirect(url_for(".status", token=token), code=303)


@pages.get("/status/<token>/profile/reading")
def reading(token: str) -> Any:
    """The fragment the review page polls every 2 s while the CV is read; once it is read,
    htmx is told to reload the page, which then shows the form."""
    application = _application_by_link(token)
    seen = candidates.candidate_profile(runtime().uow(), application.id)
    if seen.state is not ReadingState.PENDING:
        return "", 200, {"HX-Refresh": "true"}
    return render_template("intake/_reading.html", token=token)


def profile_form(
    profile_seen: Mapping[str, Sequence[Mapping[str, Any]]], formdata: Any
) -> ProfileForm:
    """The review form: one row per entry read (or sent), and `EXTRA_ROWS` empty ones."""
    data = {
        "education": [dict(entry) for entry in profile_seen.get("education") or ()],
        "positions": [
            {**entry, "bullets": "\n".join(entry.get("bullets") or ())}
            for entry in profile_seen.get("positions") or ()
        ],
        "languages": [dict(entry) for entry in profile_seen.get("languages") or ()],
    }
    for entry in data["education"]:
        year = entry.get("year_completed")
        entry["year_completed"] = "" if year is None else str(year)
    if formdata is None:
        form = ProfileForm(formdata=None, data=data)
        for section in data:
            for _extra in range(EXTRA_ROWS):
                getattr(form, section).append_entry()
        return form
    form = ProfileForm(formdata=formdata)
    for section in data:
        rows = getattr(form, section)
        rows.entries = rows.entries[: rows.max_entries or 200]
    return form


def corrections_of(
    form: ProfileForm,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[int]]]:
    """The sections as the correction schema takes them, blank and removed rows left out,
    and for each section the form row of each entry sent (to put errors back beside it)."""
    corrections: dict[str, list[dict[str, Any]]] = {}
    rows: dict[str, list[int]] = {}
    for section in ("education", "positions", "languages"):
        corrections[section], rows[section] = [], []
        for number, row in enumerate(getattr(form, section)):
            values = _row_values(row)
            if row.form.remove.data or _blank(values):
                continue
            corrections[section].append(_entry(section, values))
            rows[section].append(number)
    return corrections, rows


def _row_values(row: Any) -> dict[str, Any]:
    return {name: sub.data for name, sub in row.form._fields.items() if name != "remove"}


def _entry(section: str, values: dict[str, Any]) -> dict[str, Any]:
    entry = {
        name: (value.strip() if isinstance(value, str) else value) for name, value in values.items()
    }
    entry = {name: (None if value == "" else value) for name, value in entry.items()}
    if section == "positions":
        entry["bullets"] = [
            line for line in (values.get("bullets") or "").splitlines() if line.strip()
        ]
        end = (entry.get("end") or "").lower()
        if end in ("ongoing", str(_("ongoing")).lower()):
            entry["end"], entry["ongoing"] = None, True
        entry["ongoing"] = bool(entry.get("ongoing"))
    return entry


def _blank(values: Mapping[str, Any]) -> bool:
    return not any(
        (value.strip() if isinstance(value, str) else value) for value in values.values()
    )


def place_profile_errors(
    form: ProfileForm, rows: Mapping[str, Sequence[int]], messages: Mapping[str, list[str]]
) -> None:
    """Put each message (`positions[2].end`, counted over the entries sent) beside its field."""
    where = re.compile(r"^(education|positions|languages)(?:\[(\d+)\])?(?:\.(\w+))?$")
    for key, found in messages.items():
        match = where.match(key)
        target: Any = None
        if match:
            section, index, name = match.group(1), match.group(2), match.group(3)
            sent = rows.get(section, [])
            if index and 0 < int(index) <= len(sent):
                row = getattr(form, section)[sent[int(index) - 1]].form
                target = getattr(row, name or "", None)
                if target is None or name == "remove":
                    target = next(iter(row))
        if target is None:
            form.form_errors.extend(_(message) for message in found)
        else:
            target.errors = [*target.errors, *(_(message) for message in found)]


def _profile_page(
    token: str, seen: candidates.CandidateProfile, form: ProfileForm, *, failed: bool = False
) -> Any:
    failed = failed or bool(form.errors or form.form_errors)
    if failed:  # the empty row to add an entry, if the candidate filled the last one
        for section in (form.education, form.positions, form.languages):
            if not section.entries or not _blank(_row_values(section.entries[-1])):
                section.append_entry()
    page = render_template(
        "intake/profile.html",
        token=token,
        seen=seen,
        form=form,
        vacancy=_listing(seen.application.vacancy_id),
        pending=seen.state is ReadingState.PENDING,
        degree_names=DEGREE_NAMES,
        level_names=LANGUAGE_LEVEL_NAMES,
    )
    return page, 422 if failed else 200


# --- the status page --------------------------------------------------------------------------


@pages.get("/status/<token>")
def status(token: str) -> str:
    application = _application_by_link(token)
    listing = _listing(application.vacancy_id)
    erased_at = erasure.erased_at(runtime().uow(), application.id)
    news = interviews.after_shortlist(runtime().uow(), application)
    return render_template(
        "intake/status.html",
        token=token,
        application=application,
        erased_at=erased_at,
        vacancy=listing,
        stage_words=_headline(application, news),
        news=news,
        can_replace=erased_at is None and _can_replace(application, listing),
        cv_form=CvForm(formdata=None),
        limit=_megabytes(runtime().settings.max_upload_bytes),
    )


@pages.post("/status/<token>/cv")
def replace_cv(token: str) -> Response:
    application = _application_by_link(token)
    form = CvForm()
    if not form.validate_on_submit():
        errors = [*form.cv.errors, *(form.csrf_token.errors or ())]
        flash(" ".join(str(e) for e in errors) or _("Choose your new CV file."), "error")
        return redirect(url_for(".status", token=token), code=303)
    rt = runtime()
    upload = form.cv.data
    try:
        replaced = candidates.replace_cv(
            rt.uow(), rt.store, rt.reader, application.id, upload.filename or "cv", upload.read()
        )
    except ApplicationRefused as refused:
        flash(_("Your CV was not replaced: %(why)s") % {"why": _(refused.message)}, "error")
        return redirect(url_for(".status", token=token), code=303)
    if replaced.awaiting_confirmation:
        flash(_("We have your new CV. Check what we read from it, then submit it."), "success")
        return redirect(url_for(".profile", token=token), code=303)
    flash(_("We have your new CV; your application is screened again."), "success")
    return redirect(url_for(".status", token=token), code=303)


@pages.route("/status/<token>/withdraw", methods=["GET", "POST"])
def withdraw(token: str) -> Any:
    application = _application_by_link(token)
    if application.is_withdrawn:
        flash(_("You have already withdrawn this application."), "info")
        return redirect(url_for(".status", token=token), code=303)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            candidates.withdraw_application(runtime().uow(), application.id, form.reason.data)
        except ApplicationRefused as refused:
            form.reason.errors.append(_(refused.message))
        else:
            flash(_("Your application is withdrawn."), "success")
            return redirect(url_for(".status", token=token), code=303)
    page = render_template(
        "intake/withdraw.html",
        token=token,
        application=application,
        vacancy=_listing(application.vacancy_id),
        form=form,
    )
    return page, 422 if form.errors else 200


@pages.route("/status/<token>/erase", methods=["GET", "POST"])
def erase(token: str) -> Any:
    """Ask for erasure: a page that says what is deleted, then the confirmed request."""
    application = _application_by_link(token)
    rt = runtime()
    if erasure.erased_at(rt.uow(), application.id) is not None:
        flash(_("Your data was erased: only an anonymous record of the application is kept."))
        return redirect(url_for(".status", token=token), code=303)
    form = EraseForm()
    if form.validate_on_submit():
        erasure.erase_application(rt.uow(), rt.store, application.id)
        flash(
            _("Your data was erased: only an anonymous record of the application is kept."),
            "success",
        )
        return redirect(url_for(".status", token=token), code=303)
    page = render_template(
        "intake/erase.html",
        token=token,
        application=application,
        vacancy=_listing(application.vacancy_id),
        form=form,
    )
    return page, 422 if form.errors else 200


# --- the CV as the secretariat sees it (beside screening's candidate page) -------------------

CV_CACHE_CONTROL = "private, max-age=300"


@pages.get("/applications/<application_id>/cv/pages/<int:n>.png")
@page_requires(SECRETARIAT)
def cv_page(application_id: str, n: int) -> Response:
    """Page n (1-based) of the application's current CV as a PNG, with the passages given
    as `mark` outlined where the page has them; 404 for a Word CV or a page past the end."""
    rt = runtime()
    try:
        png = cv_pages.cv_page_png(
            rt.uow(), rt.store, application_id, n, marks=request.args.getlist("mark")
        )
    except (
        services.UnknownApplication,
        cv_pages.CvUnavailable,
        cv_pages.NoPageImages,
        cv_pages.PageOutOfRange,
        UnreadableDocument,
    ):
        abort(404)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = CV_CACHE_CONTROL
    return response


@pages.get("/applications/<application_id>/cv/pages")
@page_requires(SECRETARIAT)
def cv_page_list(application_id: str) -> Any:
    """Every page of the current CV as an image with the passages given as `mark` outlined
    and said in its alt text: a fragment for htmx, a page of its own otherwise."""
    rt = runtime()
    problem = None
    try:
        page_set = cv_pages.cv_page_set(
            rt.uow(), rt.store, application_id, request.args.getlist("mark")
        )
    except services.UnknownApplication:
        abort(404)
    except cv_pages.CvUnavailable:
        page_set, problem = None, _("The CV is no longer kept: the candidate's data was erased.")
    except UnreadableDocument:
        page_set, problem = None, _("The CV's pages cannot be drawn: the PDF cannot be opened.")
    fragment = request.headers.get("HX-Request") == "true"
    response = make_response(
        render_template(
            "intake/_cv_pages.html" if fragment else "intake/cv_pages.html",
            application_id=application_id,
            page_set=page_set,
            problem=problem,
        )
    )
    response.headers["Cache-Control"] = CV_CACHE_CONTROL
    response.vary.add("HX-Request")
    return response


@pages.get("/vacancies/<vacancy_id>/reading-progress")
@page_requires(SECRETARIAT)
def vacancy_reading_progress(vacancy_id: str) -> Any:
    """The applicants list's fragment that says how many CVs are still being read; while
    some are, it asks for itself again (htmx), and stops once none is."""
    try:
        progress = reading_progress.reading_progress(runtime().uow(), vacancy_id)
    except services.UnknownVacancy:
        abort(404)
    return render_template(
        "intake/_reading_progress.html",
        vacancy_id=vacancy_id,
        progress=progress,
        was_reading=request.args.get("polling") == "1",
    )


@pages.get("/applications/<application_id>/cv/text")
@page_requires(SECRETARIAT)
def cv_text(application_id: str) -> Response:
    """The text layer of the application's current CV, page by page, as JSON."""
    try:
        text = cv_pages.cv_text(runtime().uow(), application_id)
    except (services.UnknownApplication, cv_pages.CvUnavailable):
        abort(404)
    response = jsonify({"pages": list(text.pages), "kind": text.kind})
    response.headers["Cache-Control"] = CV_CACHE_CONTROL
    return response


# --- helpers ----------------------------------------------------------------------------------


def text_blocks(text: str | None, *, wrapped: bool = False) -> list[dict[str, Any]]:
    """Plain text as paragraphs and bulleted lists: blank lines separate paragraphs, a
    line that starts with a bullet or a number starts a list item; with `wrapped`, the
    lines of a paragraph are one line hard-wrapped, so they are joined."""
    blocks: list[dict[str, Any]] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            lines = [" ".join(paragraph)] if wrapped else list(paragraph)
            blocks.append({"kind": "p", "lines": lines})
            paragraph.clear()

    for raw in (text or "").replace("\r\n", "\n").replace("\x00", "").split("\n"):
        line = raw.strip()
        if not line:
            close_paragraph()
            continue
        bullet = BULLET.match(line)
        if bullet:
            close_paragraph()
            item = line[bullet.end() :].strip()
            if blocks and blocks[-1]["kind"] == "ul":
                blocks[-1]["lines"].append(item)
            else:
                blocks.append({"kind": "ul", "lines": [item]})
        elif blocks and blocks[-1]["kind"] == "ul" and not paragraph and raw[:1].isspace():
            blocks[-1]["lines"][-1] += " " + line  # an item's continuation line
        else:
            paragraph.append(line)
    close_paragraph()
    return blocks


def _today() -> Any:
    return datetime.now(UTC).date()


class VacancyClosed(Exception):
    """A vacancy intake knows of whose closing date has passed."""

    def __init__(self, listing: VacancyListing) -> None:
        super().__init__(listing.id)
        self.listing = listing


def _open_vacancy(vacancy_id: str) -> VacancyListing:
    """The open vacancy, `VacancyClosed` (a page that says so) or the 404 page."""
    for listing in services.open_vacancies(runtime().uow(), _today()):
        if listing.id == vacancy_id:
            return listing
    closed = _listing(vacancy_id)
    if closed is not None:
        raise VacancyClosed(closed)
    abort(404)


@pages.errorhandler(VacancyClosed)
def _vacancy_closed(error: VacancyClosed) -> Any:
    return render_template("intake/closed.html", vacancy=error.listing), 410


def _listing(vacancy_id: str) -> VacancyListing | None:
    return services.vacancy_listing(runtime().uow(), vacancy_id)


def _application_by_link(token: str) -> Application:
    try:
        application_id = signer().application_of(token)
        return services.application_for_candidate(runtime().uow(), application_id)
    except (InvalidToken, services.UnknownApplication):
        abort(404)


def _stage_words(application: Application) -> str:
    if application.awaiting_confirmation and application.is_submitted:
        return _(
            "We have your new CV: check the profile read from it and confirm it; your"
            " application is screened again once you do."
        )
    return str(STAGE_WORDS.get(application.stage, application.stage_description))


def _headline(application: Application, news: AfterShortlist | None) -> str:
    """The status page's first line: the outcome, else the interview, else the stage."""
    if news is None or news.description is None:
        return _stage_words(application)
    if news.outcome is not None:
        return str(OUTCOME_WORDS[news.outcome])
    if news.interview is not None:
        return _interview_words(news.interview)
    return _("Interview: choose your time.")


def _interview_words(interview: Interview) -> str:
    """When, as the clock reads where the interview is set (zone named), how long, where."""
    local = interview.local_start
    locale = get_locale()
    words = _(
        "Interview on %(date)s at %(time)s (%(zone)s time, %(offset)s), %(duration)s",
        date=format_date(local, "full", locale=locale),
        time=format_time(local, "short", locale=locale),
        zone=interview.time_zone,
        offset=get_timezone_gmt(local, locale=locale),
        duration=_duration_words(interview.duration_minutes),
    )
    if interview.location:
        return _("%(interview)s, %(location)s.", interview=words, location=interview.location)
    return _("%(interview)s.", interview=words)


def _duration_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(num)d minute", "%(num)d minutes", rest)
    hour_words = ngettext("%(num)d hour", "%(num)d hours", hours)
    if not rest:
        return hour_words
    return _(
        "%(hours)s %(minutes)s",
        hours=hour_words,
        minutes=ngettext("%(num)d minute", "%(num)d minutes", rest),
    )


def _can_replace(application: Application, listing: VacancyListing | None) -> bool:
    if listing is None:
        return False
    try:
        model.ensure_can_replace_cv(application, listing, _today())
    except ApplicationRefused:
        return False
    return True


def _megabytes(size: int) -> str:
    return f"{round(size / 1_048_576, 1):g}"
