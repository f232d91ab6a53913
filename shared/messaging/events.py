"""The event catalogue: every event of shortlist, its version and its payload schema.

This is the only place where an event is declared; `EVENTS` is what consumers validate
against and what the README's event catalogue lists. Who emits and who consumes each
event is in `shared.messaging.topology`. Payloads carry what consumers need to keep
their own copy (services never read each other's tables), and no voluntary diversity
data ever.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import fields, validate

from shared.messaging.contracts import Catalogue, Contract, TolerantSchema

DEGREE_LEVELS = ("secondary", "bachelor", "master", "doctorate", "other")
LANGUAGE_LEVELS = ("native", "fluent", "working", "basic")
VERDICTS = ("met", "not_met", "unclear")
PROPOSALS = ("long_list", "needs_review", "not_eligible")
YEAR_MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="expected YYYY-MM")

# What an erased candidate becomes in every service's records and in the events already
# sent (see `erased_payload`): a neutral name, an address no mail can reach (unique per
# application, so that the same person may apply again with their own address).
ERASED_NAME = "Erased candidate"
VERDICT_CODES = ("criterion_id", "mandatory", "verdict")


def erased_email(application_id: str) -> str:
    return f"erased-{application_id}@erased.invalid"


def erased_payload(value: Any, application_id: str) -> Any:
    """`value` (an event's body, or any part of it) with the personal data of the candidate
    of `application_id` replaced wherever a mapping names that application: name, email,
    status link and CV profile, and its verdicts cut to their codes (no figure, evidence
    or passage quoting the CV). Everything else, other candidates included, is unchanged."""
    if isinstance(value, list):
        return [erased_payload(item, application_id) for item in value]
    if not isinstance(value, Mapping):
        return value
    result = {key: erased_payload(item, application_id) for key, item in value.items()}
    if result.get("application_id") == application_id:
        neutral = {
            "candidate_name": ERASED_NAME,
            "candidate_email": erased_email(application_id),
            "status_url": "http://erased.invalid/",
            "profile": {},
        }
        result |= {key: item for key, item in neutral.items() if key in result}
        if isinstance(result.get("verdicts"), list):
            result["verdicts"] = [
                {key: verdict[key] for key in VERDICT_CODES if key in verdict}
                if isinstance(verdict, Mapping)
                else verdict
                for verdict in result["verdicts"]
            ]
    return result


def _optional_str() -> fields.String:
    return fields.String(load_default=None, allow_none=True)


class CompetencySchema(TolerantSchema):
    name = fields.String(required=True)
    weight = fields.Float(load_default=1.0, validate=validate.Range(min=0))
    kind = _optional_str()
    description = _optional_str()
    indicators = fields.List(fields.String(), load_default=list)


class VacancyPublishedV1(TolerantSchema):
    vacancy_id = fields.String(required=True)
    reference = fields.String(required=True)
    title = fields.String(required=True)
    tor_text = fields.String(load_default="")
    closing_date = fields.Date(load_default=None, allow_none=True)
    contact_email = fields.Email(required=True)
    criteria_version = fields.Integer(required=True)
    competencies = fields.List(fields.Nested(CompetencySchema), load_default=list)


class ApplicationReceivedV1(TolerantSchema):
    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)
    vacancy_title = fields.String(required=True)
    candidate_name = fields.String(required=True)
    candidate_email = fields.Email(required=True)
    status_url = fields.Url(required=True, require_tld=False)
    received_at = fields.AwareDateTime(required=True)
    # True: a draft, whose candidate confirms the profile read from the CV before it is
    # screened; False: submitted at once. Either way `application.submitted` follows (at
    # once, or on confirmation), and the acknowledgement goes on that. Absent (None) only
    # in events from before `application.submitted` existed, acknowledged on this one.
    draft = fields.Boolean(load_default=None, allow_none=True)


class ApplicationSubmittedV1(TolerantSchema):
    """The application is in: at upload, or when the candidate confirmed the profile of a
    draft, or at the closing date for a draft never confirmed. Once per application."""

    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)
    vacancy_title = fields.String(required=True)
    candidate_name = fields.String(required=True)
    candidate_email = fields.Email(required=True)
    status_url = fields.Url(required=True, require_tld=False)
    submitted_at = fields.AwareDateTime(required=True)
    candidate_confirmed = fields.Boolean(load_default=False)


class ApplicationWithdrawnV1(TolerantSchema):
    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)


class CandidateErasedV1(TolerantSchema):
    """The candidate asked for erasure: every service removes what it keeps about them and
    keeps, under the application id, only what statistics and the audit need."""

    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)


class CvReplacedV1(TolerantSchema):
    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)


class SpanSchema(TolerantSchema):
    """Where a fact was read: `pages[page - 1][start:end]` of the CV's reading."""

    page = fields.Integer(required=True, validate=validate.Range(min=1))
    start = fields.Integer(required=True, validate=validate.Range(min=0))
    end = fields.Integer(required=True, validate=validate.Range(min=0))


def _optional_span() -> fields.Nested:
    return fields.Nested(SpanSchema, load_default=None, allow_none=True)


class ContactSchema(TolerantSchema):
    name = _optional_str()
    email = _optional_str()
    phone = _optional_str()
    phone_normalised = _optional_str()
    city = _optional_str()
    country = _optional_str()
    sources = fields.Dict(keys=fields.String(), values=fields.Nested(SpanSchema), load_default=dict)


class DegreeSchema(TolerantSchema):
    level = fields.String(required=True, validate=validate.OneOf(DEGREE_LEVELS))
    degree_as_written = fields.String(required=True)
    field = _optional_str()
    field_as_written = _optional_str()
    institution = _optional_str()
    year_completed = fields.Integer(load_default=None, allow_none=True)
    source = _optional_span()


class PositionSchema(TolerantSchema):
    title = _optional_str()
    employer = _optional_str()
    city = _optional_str()
    country = _optional_str()
    start = fields.String(load_default=None, allow_none=True, validate=YEAR_MONTH)
    end = fields.String(load_default=None, allow_none=True, validate=YEAR_MONTH)
    ongoing = fields.Boolean(load_default=False)
    dates_as_written = _optional_str()
    bullets = fields.List(fields.String(), load_default=list)
    source = _optional_span()


class LanguageSchema(TolerantSchema):
    language = fields.String(required=True)
    language_as_written = fields.String(load_default="")
    level = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(LANGUAGE_LEVELS)
    )
    level_as_written = _optional_str()
    source = _optional_span()


class SectionSchema(TolerantSchema):
    name = fields.String(required=True)
    heading = fields.String(load_default="")
    source = _optional_span()


class ProfileSchema(TolerantSchema):
    contact = fields.Nested(ContactSchema, load_default=dict)
    education = fields.List(fields.Nested(DegreeSchema), load_default=list)
    positions = fields.List(fields.Nested(PositionSchema), load_default=list)
    languages = fields.List(fields.Nested(LanguageSchema), load_default=list)
    sections = fields.List(fields.Nested(SectionSchema), load_default=list)


class CvParsedV1(TolerantSchema):
    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)
    candidate_name = fields.String(required=True)
    parser_version = fields.String(required=True)
    needs_attention = fields.Boolean(load_default=False)
    attention_reason = _optional_str()
    profile = fields.Nested(ProfileSchema, required=True)
    # the candidate confirmed this profile (read from the CV) before it was screened, and
    # whether they corrected it; false for a profile screened as read
    candidate_confirmed = fields.Boolean(load_default=False)
    candidate_corrected = fields.Boolean(load_default=False)


class CvRereadRequestedV1(TolerantSchema):
    job_id = fields.String(required=True)
    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)


class RescreenRequestedV1(TolerantSchema):
    """One batch of a re-screen job: screening handles it itself, in one transaction."""

    job_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)
    criteria_version = fields.Integer(required=True, validate=validate.Range(min=1))
    application_ids = fields.List(fields.String(), required=True)


class VerdictSchema(TolerantSchema):
    criterion_id = fields.String(required=True)
    mandatory = fields.Boolean(required=True)
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS))
    figure = fields.String(load_default="")
    evidence = fields.List(fields.String(), load_default=list)


class ScreeningCompletedV1(TolerantSchema):
    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)
    criteria_version = fields.Integer(required=True)
    parser_version = fields.String(load_default=None, allow_none=True)
    proposal = fields.String(required=True, validate=validate.OneOf(PROPOSALS))
    verdicts = fields.List(fields.Nested(VerdictSchema), required=True)


class CandidateShortlistedV1(TolerantSchema):
    application_id = fields.String(required=True)
    vacancy_id = fields.String(required=True)
    candidate_name = fields.String(required=True)
    shortlisted_by = fields.String(required=True)


class ScoreSubmittedV1(TolerantSchema):
    vacancy_id = fields.String(required=True)
    application_id = fields.String(required=True)
    panel_member = fields.String(required=True)
    submitted_at = fields.AwareDateTime(required=True)


class PanelAppointedV1(TolerantSchema):
    """Who sits on a vacancy's panel (usernames), in full each time: the latest replaces."""

    vacancy_id = fields.String(required=True)
    members = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    chair = fields.String(load_default=None, allow_none=True)
    appointed_at = fields.AwareDateTime(load_default=None, allow_none=True)


class CandidateResultSchema(TolerantSchema):
    application_id = fields.String(required=True)
    candidate_name = fields.String(required=True)
    rank = fields.Integer(required=True)
    weighted_mean = fields.Float(required=True)
    median = fields.Float(required=True)
    min = fields.Float(required=True)
    max = fields.Float(required=True)
    stdev = fields.Float(required=True)
    sheet_count = fields.Integer(required=True)


class PanelCompletedV1(TolerantSchema):
    vacancy_id = fields.String(required=True)
    vacancy_title = fields.String(required=True)
    completed_at = fields.AwareDateTime(required=True)
    results = fields.List(fields.Nested(CandidateResultSchema), required=True)
    # Added in a compatible way (optional, with defaults): how the round ended. When the
    # chair closed it with sheets still outstanding, `closed_by_chair` is true and
    # `outstanding_sheets` says how many; recused members' sheets are not expected.
    expected_sheets = fields.Integer(load_default=None, allow_none=True)
    sheet_count = fields.Integer(load_default=None, allow_none=True)
    outstanding_sheets = fields.Integer(load_default=0)
    closed_by_chair = fields.Boolean(load_default=False)
    closed_by = _optional_str()
    close_reason = _optional_str()


class PanelContactSchema(TolerantSchema):
    """A panel member as a mail needs them: their account, name and address."""

    username = fields.String(required=True)
    name = fields.String(load_default="")
    email = fields.Email(required=True)


class SlotsProposedV1(TolerantSchema):
    """Interview slots are open for a shortlisted candidate to pick, through a private link
    (`picking_url`, whose token only the candidate's mail carries)."""

    vacancy_id = fields.String(required=True)
    vacancy_title = fields.String(required=True)
    application_id = fields.String(required=True)
    candidate_name = fields.String(required=True)
    picking_url = fields.Url(required=True, require_tld=False)
    free_slots = fields.Integer(required=True, validate=validate.Range(min=0))
    proposed_at = fields.AwareDateTime(required=True)


class InterviewV1(TolerantSchema):
    """One candidate's interview as it now stands, with what a calendar file needs: the
    stable `calendar_uid` and the `sequence` of this change (REQUEST, or CANCEL when
    cancelled). `starts_at` is the instant; `time_zone` the IANA zone it was set in."""

    vacancy_id = fields.String(required=True)
    vacancy_title = fields.String(required=True)
    application_id = fields.String(required=True)
    candidate_name = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    time_zone = fields.String(required=True)
    duration_minutes = fields.Integer(required=True, validate=validate.Range(min=1))
    location = fields.String(load_default="")
    calendar_uid = fields.String(required=True)
    sequence = fields.Integer(required=True, validate=validate.Range(min=0))
    panel = fields.List(fields.Nested(PanelContactSchema), load_default=list)
    previous_starts_at = fields.AwareDateTime(load_default=None, allow_none=True)


class DecisionSchema(TolerantSchema):
    application_id = fields.String(required=True)
    candidate_name = fields.String(required=True)
    outcome = fields.String(
        required=True, validate=validate.OneOf(("selected", "reserve", "not_selected"))
    )
    reason = fields.String(required=True)


class PanelDecidedV1(TolerantSchema):
    """The panel's decision on every shortlisted candidate, announced once. Notify tells each
    candidate their own outcome (never the reasons, never scores) and the panel the list."""

    vacancy_id = fields.String(required=True)
    vacancy_title = fields.String(required=True)
    decided_at = fields.AwareDateTime(required=True)
    decisions = fields.List(fields.Nested(DecisionSchema), required=True)
    panel = fields.List(fields.Nested(PanelContactSchema), load_default=list)


VACANCY_PUBLISHED = Contract(
    "vacancy.published", 1, VacancyPublishedV1, "A vacancy (or a new version) opened."
)
APPLICATION_RECEIVED = Contract(
    "application.received", 1, ApplicationReceivedV1, "A candidate applied with a CV."
)
CV_PARSED = Contract("cv.parsed", 1, CvParsedV1, "A CV was read into a profile.")
APPLICATION_SUBMITTED = Contract(
    "application.submitted",
    1,
    ApplicationSubmittedV1,
    "An application went in (at upload, or when its candidate confirmed the profile).",
)
APPLICATION_WITHDRAWN = Contract(
    "application.withdrawn", 1, ApplicationWithdrawnV1, "A candidate withdrew an application."
)
CANDIDATE_ERASED = Contract(
    "candidate.erased",
    1,
    CandidateErasedV1,
    "A candidate had their personal data erased; only anonymised records stay.",
)
CV_REPLACED = Contract(
    "cv.replaced", 1, CvReplacedV1, "A candidate replaced the CV of an application."
)
CV_REREAD_REQUESTED = Contract(
    "cv.reread.requested", 1, CvRereadRequestedV1, "Read this CV again with the current parser."
)
SCREENING_RESCREEN_REQUESTED = Contract(
    "screening.rescreen.requested",
    1,
    RescreenRequestedV1,
    "Screen these applications again under this criteria version (one batch of a job).",
)
SCREENING_COMPLETED = Contract(
    "screening.completed", 1, ScreeningCompletedV1, "Every criterion was judged for a CV."
)
CANDIDATE_SHORTLISTED = Contract(
    "candidate.shortlisted", 1, CandidateShortlistedV1, "The secretariat shortlisted someone."
)
SCORE_SUBMITTED = Contract(
    "score.submitted", 1, ScoreSubmittedV1, "A panel member submitted a score sheet."
)
PANEL_COMPLETED = Contract(
    "panel.completed",
    1,
    PanelCompletedV1,
    "Every expected score sheet of a vacancy is in, or the chair closed the round.",
)
PANEL_APPOINTED = Contract(
    "panel.appointed", 1, PanelAppointedV1, "The secretariat appointed (or changed) a panel."
)

SLOTS_PROPOSED = Contract(
    "slots.proposed", 1, SlotsProposedV1, "Interview slots are open for a candidate to pick."
)
INTERVIEW_SCHEDULED = Contract(
    "interview.scheduled", 1, InterviewV1, "A candidate's interview was booked into a slot."
)
INTERVIEW_RESCHEDULED = Contract(
    "interview.rescheduled", 1, InterviewV1, "A candidate's interview moved to another slot."
)
INTERVIEW_CANCELLED = Contract(
    "interview.cancelled", 1, InterviewV1, "A candidate's interview was cancelled."
)
PANEL_DECIDED = Contract(
    "panel.decided", 1, PanelDecidedV1, "The panel's decision on the short list was announced."
)

EVENTS = Catalogue(
    VACANCY_PUBLISHED,
    APPLICATION_RECEIVED,
    CV_PARSED,
    CV_REREAD_REQUESTED,
    APPLICATION_SUBMITTED,
    APPLICATION_WITHDRAWN,
    CANDIDATE_ERASED,
    CV_REPLACED,
    SCREENING_RESCREEN_REQUESTED,
    SCREENING_COMPLETED,
    CANDIDATE_SHORTLISTED,
    SCORE_SUBMITTED,
    PANEL_COMPLETED,
    PANEL_APPOINTED,
    SLOTS_PROPOSED,
    INTERVIEW_SCHEDULED,
    INTERVIEW_RESCHEDULED,
    INTERVIEW_CANCELLED,
    PANEL_DECIDED,
)
