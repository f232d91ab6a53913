"""Intake's HTTP API: open vacancies and the privacy notice, applying with a CV, the
candidate's private link (status, with the interview and the panel's outcome once there
are any but never the panel's reasons, the profile read from the CV to confirm or
correct, replacing the CV, withdrawing, asking for erasure), and the secretariat's view
of an application with what was read from its CV and what the candidate changed in it.

Refusals carry a stable `errors.reason` code: 409 for what the application's state does
not allow (`already_applied`, `withdrawn`, `shortlisted`, `already_submitted`,
`still_reading`, …), 422 for input to correct. Diversity answers are taken here and
never given out by any endpoint.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NoReturn

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate

from services.intake.domain.applications import (
    MAX_WITHDRAWAL_REASON_CHARS,
    AlreadyApplied,
    Application,
    ApplicationRefused,
    NotNow,
    Stage,
)
from services.intake.domain.diversity import InvalidDiversityAnswer, diversity_answers
from services.intake.domain.privacy import UnknownPrivacyNotice, privacy_notice
from services.intake.domain.profile_review import editable_profile
from services.intake.entrypoints.profile_schemas import ProfileCorrectionSchema, flat_messages
from services.intake.service_layer import candidates, erasure, interviews, services
from shared.auth.guard import current_principal, requires, signer
from shared.auth.tokens import InvalidToken
from shared.web import VacancyJobSchema, runtime

blp = Blueprint("intake", __name__, url_prefix="/intake/api", description="Applications")


class VacancySchema(Schema):
    id = fields.String()
    reference = fields.String()
    title = fields.String()
    closing_date = fields.Date(allow_none=True)


class PrivacyNoticeSchema(Schema):
    version = fields.String()
    published_on = fields.Date()
    text = fields.String()


class PrivacyNoticeQuerySchema(Schema):
    version = fields.String()


class TrimmedEmail(fields.Email):
    """An email address as typed, spaces around it left out before it is checked."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return super()._deserialize(value.strip() if isinstance(value, str) else value, attr, data)


class ApplyFormSchema(Schema):
    candidate_name = fields.String(required=True)
    candidate_email = TrimmedEmail(required=True)
    consent = fields.Boolean(
        load_default=False, metadata={"description": "consent to the privacy notice; required"}
    )
    privacy_notice_version = fields.String(
        load_default=None, metadata={"description": "the notice consented to; default current"}
    )
    cover_letter = fields.String(load_default=None, metadata={"description": "plain text"})
    review_profile = fields.Boolean(
        load_default=False,
        metadata={
            "description": "a draft: the candidate confirms the profile read from the CV"
            " (from the returned status_url) before it is screened"
        },
    )
    gender = fields.String(load_default=None, metadata={"description": "voluntary"})
    nationality = fields.String(
        load_default=None, metadata={"description": "voluntary; ISO 3166-1 alpha-2"}
    )
    region = fields.String(load_default=None, metadata={"description": "voluntary"})


class ApplyFilesSchema(Schema):
    cv = Upload(required=True)


class ApplicationCreatedSchema(Schema):
    application_id = fields.String()
    stage = fields.String()
    submitted = fields.Boolean()
    status_url = fields.String(
        metadata={"description": "only for a draft: where the candidate confirms the profile"}
    )


class InterviewSchema(Schema):
    starts_at = fields.DateTime(metadata={"description": "the instant, in UTC"})
    local_start = fields.DateTime(
        metadata={"description": "the same instant as the clock reads in `time_zone`"}
    )
    time_zone = fields.String(metadata={"description": "IANA time zone"})
    duration_minutes = fields.Integer()
    location = fields.String()


class StatusSchema(Schema):
    vacancy_id = fields.String()
    candidate_name = fields.String()
    stage = fields.String()
    description = fields.String()
    received_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    awaiting_confirmation = fields.Boolean()
    withdrawn_at = fields.DateTime(allow_none=True)
    picking_url = fields.String(
        allow_none=True,
        metadata={"description": "where to choose an interview time, while none is booked"},
    )
    interview = fields.Nested(InterviewSchema, allow_none=True)
    outcome = fields.String(
        allow_none=True,
        metadata={"description": "the panel's decision: selected, reserve or not_selected"},
    )


class DegreeSchema(Schema):
    level = fields.String()
    degree_as_written = fields.String(allow_none=True)
    field = fields.String(allow_none=True)
    institution = fields.String(allow_none=True)
    year_completed = fields.Integer(allow_none=True)


class PositionSchema(Schema):
    title = fields.String(allow_none=True)
    employer = fields.String(allow_none=True)
    start = fields.String(allow_none=True)
    end = fields.String(allow_none=True)
    ongoing = fields.Boolean()
    city = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    bullets = fields.List(fields.String())


class LanguageSchema(Schema):
    language = fields.String(allow_none=True)
    level = fields.String(allow_none=True)


class EditableProfileSchema(Schema):
    education = fields.List(fields.Nested(DegreeSchema))
    positions = fields.List(fields.Nested(PositionSchema))
    languages = fields.List(fields.Nested(LanguageSchema))


class CandidateProfileSchema(Schema):
    state = fields.String(metadata={"description": "pending, read or needs_attention"})
    message = fields.String()
    attention_reason = fields.String(allow_none=True)
    confirmed = fields.Boolean()
    can_submit = fields.Boolean()
    stage = fields.String()
    profile = fields.Nested(EditableProfileSchema)


class ProfileChangeSchema(Schema):
    section = fields.String()
    index = fields.Integer()
    kind = fields.String()
    field = fields.String(allow_none=True)
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)
    description = fields.String()


class ProfileSubmittedSchema(Schema):
    stage = fields.String()
    submitted_at = fields.DateTime(allow_none=True)
    corrected = fields.Boolean()
    changes = fields.List(fields.Nested(ProfileChangeSchema))


class CvReplacedSchema(Schema):
    application_id = fields.String()
    stage = fields.String()
    awaiting_confirmation = fields.Boolean()


class WithdrawSchema(Schema):
    reason = fields.String(
        load_default=None,
        validate=validate.Length(max=MAX_WITHDRAWAL_REASON_CHARS),
        metadata={"description": "optional, for the secretariat"},
    )


class WithdrawnSchema(Schema):
    stage = fields.String()
    withdrawn_at = fields.DateTime()


class ErasureRequestSchema(Schema):
    confirm = fields.Boolean(
        load_default=False,
        metadata={"description": "true: erase (nothing is erased without it)"},
    )


class ErasureSchema(Schema):
    erased = fields.Boolean()
    erased_at = fields.DateTime(allow_none=True)
    message = fields.String()


class ReplacedCvSchema(Schema):
    filename = fields.Function(lambda r: r.cv.filename)
    sha256 = fields.Function(lambda r: r.cv.sha256)
    kind = fields.Function(lambda r: r.cv.kind)
    size = fields.Function(lambda r: r.cv.size)
    replaced_at = fields.DateTime()


class ApplicationSchema(Schema):
    id = fields.String()
    vacancy_id = fields.String()
    candidate_name = fields.String()
    candidate_email = fields.String()
    stage = fields.String()
    attention_reason = fields.String(allow_none=True)
    cv_filename = fields.String()
    received_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    submission_note = fields.String(allow_none=True)
    consent_given_at = fields.DateTime()
    privacy_notice_version = fields.String(allow_none=True)
    cover_letter = fields.String(allow_none=True)
    review_profile = fields.Boolean()
    awaiting_confirmation = fields.Boolean()
    withdrawn_at = fields.DateTime(allow_none=True)
    withdrawal_reason = fields.String(allow_none=True)
    parser_version = fields.String(allow_none=True)
    reading_method = fields.String(allow_none=True)
    reading_notes = fields.List(fields.String())
    profile = fields.Dict(
        allow_none=True,
        metadata={"description": "what screening gets: as confirmed by the candidate, or as read"},
    )
    profile_review = fields.Dict(
        allow_none=True,
        metadata={
            "description": "the candidate's confirmation: profile_as_read, profile_confirmed,"
            " changes, confirmed_by, confirmed_at, note"
        },
    )
    replaced_cvs = fields.List(fields.Nested(ReplacedCvSchema))


class ApplicationRowSchema(Schema):
    id = fields.String()
    candidate_name = fields.String()
    candidate_email = fields.String()
    stage = fields.Function(lambda a: a.stage.value)
    attention_reason = fields.String(allow_none=True)
    cv_filename = fields.Function(lambda a: a.cv.filename)
    received_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    awaiting_confirmation = fields.Boolean()


class DraftsSubmittedSchema(Schema):
    submitted = fields.Integer()


class StageQuerySchema(Schema):
    stage = fields.String(validate=validate.OneOf([s.value for s in Stage]))


class RereadRequestSchema(Schema):
    everything = fields.Boolean(
        load_default=False,
        metadata={"description": "read every CV again, not only those of older parser versions"},
    )


class RereadJobSchema(VacancyJobSchema):
    parser_version = fields.String()


@blp.route("/vacancies")
class Vacancies(MethodView):
    @blp.response(200, VacancySchema(many=True))
    @blp.doc(security=[])
    def get(self) -> object:
        return services.open_vacancies(runtime().uow(), datetime.now(UTC).date())


@blp.route("/privacy-notice")
class PrivacyNotice(MethodView):
    @blp.arguments(PrivacyNoticeQuerySchema, location="query")
    @blp.response(200, PrivacyNoticeSchema)
    @blp.doc(security=[])
    def get(self, query: dict) -> object:
        """The privacy notice candidates consent to (the current one, or a named version)."""
        try:
            return privacy_notice(query.get("version"))
        except UnknownPrivacyNotice:
            abort(404, message="No privacy notice has this version.")


@blp.route("/vacancies/<vacancy_id>/applications")
class Applications(MethodView):
    @requires("secretariat")
    @blp.arguments(StageQuerySchema, location="query")
    @blp.response(200, ApplicationRowSchema(many=True))
    def get(self, query: dict, vacancy_id: str) -> object:
        """The vacancy's applications as received, with what needs attention and why."""
        stage = Stage(query["stage"]) if "stage" in query else None
        try:
            return services.applications_of_vacancy(runtime().uow(), vacancy_id, stage)
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")

    @blp.arguments(ApplyFormSchema, location="form")
    @blp.arguments(ApplyFilesSchema, location="files")
    @blp.response(201, ApplicationCreatedSchema)
    @blp.alt_response(409, description="Already applied with this email")
    @blp.alt_response(422, description="Refused, with the reason")
    @blp.doc(security=[])
    def post(self, form: dict, files: dict, vacancy_id: str) -> object:
        """Apply. Refused with 409 `already_applied` when this email or this very CV file
        already applied to the vacancy; with 422 and the reason for what to correct."""
        rt = runtime()
        upload = files["cv"]
        try:
            diversity = diversity_answers(form["gender"], form["nationality"], form["region"])
        except InvalidDiversityAnswer as invalid:
            abort(422, message=invalid.message, errors={"reason": f"invalid_{invalid.question}"})
        try:
            application = services.submit_application(
                rt.uow(),
                rt.store,
                rt.reader,
                rt.status_url,
                vacancy_id=vacancy_id,
                candidate_name=form["candidate_name"],
                candidate_email=form["candidate_email"],
                consent=form["consent"],
                cv_filename=upload.filename or "cv",
                cv_data=upload.read(),
                privacy_notice_version=form["privacy_notice_version"] or _current_notice(),
                cover_letter=form["cover_letter"],
                review_profile=form["review_profile"],
                diversity=diversity,
            )
        except services.UnknownVacancy:
            abort(404, message="No such vacancy is open.")
        except ApplicationRefused as refused:
            _refuse(refused)
        created: dict[str, Any] = {
            "application_id": application.id,
            "stage": application.stage.value,
            "submitted": application.is_submitted,
        }
        if not application.is_submitted:
            created["status_url"] = rt.status_url(application.id)
        return created


@blp.route("/status/<token>")
class CandidateStatus(MethodView):
    @blp.response(200, StatusSchema)
    @blp.doc(security=[])
    def get(self, token: str) -> object:
        application = _application_by_link(token)
        news = interviews.after_shortlist(runtime().uow(), application)
        interview = news.interview if news else None
        return {
            "vacancy_id": application.vacancy_id,
            "candidate_name": application.candidate_name,
            "stage": application.stage.value,
            "description": (news and news.description) or application.stage_description,
            "received_at": application.received_at,
            "submitted_at": application.submitted_at,
            "awaiting_confirmation": application.awaiting_confirmation,
            "withdrawn_at": application.withdrawn_at,
            "picking_url": news.picking_url if news and news.to_choose else None,
            "interview": {
                "starts_at": interview.starts_at,
                "local_start": interview.local_start,
                "time_zone": interview.time_zone,
                "duration_minutes": interview.duration_minutes,
                "location": interview.location,
            }
            if interview
            else None,
            "outcome": news.outcome.value if news and news.outcome else None,
        }


@blp.route("/status/<token>/profile")
class CandidateProfile(MethodView):
    @blp.response(200, CandidateProfileSchema)
    @blp.doc(security=[])
    def get(self, token: str) -> object:
        """The profile read from the candidate's CV (or as they confirmed it), and its state."""
        seen = candidates.candidate_profile(runtime().uow(), _application_by_link(token).id)
        return {
            "state": seen.state.value,
            "message": seen.message,
            "attention_reason": seen.attention_reason,
            "confirmed": seen.confirmed,
            "can_submit": seen.can_submit,
            "stage": seen.application.stage.value,
            "profile": seen.profile,
        }

    @blp.response(200, ProfileSubmittedSchema)
    @blp.alt_response(409, description="Withdrawn, already submitted, or the CV is being read")
    @blp.alt_response(422, description="A correction to fix, field by field; nothing submitted")
    @blp.doc(
        security=[],
        requestBody={
            "required": False,
            "content": {"application/json": {"schema": ProfileCorrectionSchema}},
        },
    )
    def post(self, token: str) -> object:
        """Submit the profile, as read or corrected: each section given replaces the one
        read; a section left out (or an empty body) is confirmed as read."""
        application = _application_by_link(token)
        body = request.get_json(silent=True) if request.data else {}
        if not isinstance(body, dict):
            abort(
                422,
                message="Send the profile as a JSON object with education, positions and"
                " languages.",
                errors={"reason": "invalid_profile", "fields": {}},
            )
        try:
            corrections = ProfileCorrectionSchema().load(body)
        except ValidationError as invalid:
            abort(
                422,
                message="Some of the profile needs correcting; nothing was submitted yet.",
                errors={"reason": "invalid_profile", "fields": flat_messages(invalid.messages)},
            )
        rt = runtime()
        try:
            review = candidates.submit_profile(rt.uow(), rt.status_url, application.id, corrections)
        except ApplicationRefused as refused:
            _refuse(refused)
        submitted = services.application_for_candidate(rt.uow(), application.id)
        return {
            "stage": submitted.stage.value,
            "submitted_at": submitted.submitted_at,
            "corrected": review.corrected,
            "changes": [change.to_dict() for change in review.changes],
        }


@blp.route("/status/<token>/cv")
class CandidateCv(MethodView):
    @blp.arguments(ApplyFilesSchema, location="files")
    @blp.response(200, CvReplacedSchema)
    @blp.alt_response(409, description="Withdrawn, shortlisted, closed, or another's CV")
    @blp.alt_response(422, description="A file that cannot be a CV, with the reason")
    @blp.doc(security=[])
    def post(self, files: dict, token: str) -> object:
        """Replace the CV: the old one is kept; the new one is read and screened again."""
        application = _application_by_link(token)
        upload = files["cv"]
        rt = runtime()
        try:
            replaced = candidates.replace_cv(
                rt.uow(),
                rt.store,
                rt.reader,
                application.id,
                upload.filename or "cv",
                upload.read(),
            )
        except ApplicationRefused as refused:
            _refuse(refused)
        return {
            "application_id": replaced.id,
            "stage": replaced.stage.value,
            "awaiting_confirmation": replaced.awaiting_confirmation,
        }


@blp.route("/status/<token>/withdraw")
class CandidateWithdrawal(MethodView):
    @blp.arguments(WithdrawSchema, location="json", required=False)
    @blp.response(200, WithdrawnSchema)
    @blp.doc(security=[])
    def post(self, body: dict, token: str) -> object:
        """Withdraw the application (asking again changes nothing)."""
        application = _application_by_link(token)
        try:
            withdrawn = candidates.withdraw_application(
                runtime().uow(), application.id, body.get("reason")
            )
        except ApplicationRefused as refused:
            _refuse(refused)
        return {"stage": withdrawn.stage.value, "withdrawn_at": withdrawn.withdrawn_at}


@blp.route("/status/<token>/erasure")
class CandidateErasure(MethodView):
    @blp.response(200, ErasureSchema)
    @blp.doc(security=[])
    def get(self, token: str) -> object:
        """Whether the candidate's data was erased (nothing personal is given out)."""
        application = _application_by_link(token)
        erased_at = erasure.erased_at(runtime().uow(), application.id)
        return _erasure_answer(erased_at)

    @blp.arguments(ErasureRequestSchema, location="json", required=False)
    @blp.response(200, ErasureSchema)
    @blp.alt_response(422, description="Not confirmed: what erasure removes, in a sentence")
    @blp.doc(security=[])
    def post(self, body: dict, token: str) -> object:
        """Erase the candidate's data everywhere (asking again changes nothing); it also
        withdraws the application. Needs `{"confirm": true}`."""
        application = _application_by_link(token)
        if not body.get("confirm"):
            abort(
                422,
                message=erasure.CONFIRMATION_NEEDED,
                errors={"reason": "confirmation_required"},
            )
        rt = runtime()
        erased = erasure.erase_application(rt.uow(), rt.store, application.id)
        return _erasure_answer(erased.erased_at)


def _erasure_answer(erased_at: datetime | None) -> dict[str, Any]:
    message = (
        "Your data was erased: only an anonymous record of the application is kept."
        if erased_at
        else "Your data is kept while your application is considered; you can ask for erasure."
    )
    return {"erased": erased_at is not None, "erased_at": erased_at, "message": message}


@blp.route("/applications/<application_id>")
class SecretariatApplication(MethodView):
    @requires("secretariat")
    @blp.response(200, ApplicationSchema)
    def get(self, application_id: str) -> object:
        """One application, what was read from its CV and what the candidate changed in it."""
        try:
            record = services.application_record(runtime().uow(), application_id)
        except services.UnknownApplication:
            abort(404, message="No such application.")
        application, reading, review = record.application, record.reading, record.review
        confirmed = review if review and review.cv_sha256 == application.cv.sha256 else None
        return {
            "id": application.id,
            "vacancy_id": application.vacancy_id,
            "candidate_name": application.candidate_name,
            "candidate_email": application.candidate_email,
            "stage": application.stage.value,
            "attention_reason": application.attention_reason,
            "cv_filename": application.cv.filename,
            "received_at": application.received_at,
            "submitted_at": application.submitted_at,
            "submission_note": application.submission_note,
            "consent_given_at": application.consent_given_at,
            "privacy_notice_version": application.privacy_notice_version,
            "cover_letter": application.cover_letter,
            "review_profile": application.review_profile,
            "awaiting_confirmation": application.awaiting_confirmation,
            "withdrawn_at": application.withdrawn_at,
            "withdrawal_reason": application.withdrawal_reason,
            "parser_version": reading and reading["parser_version"],
            "reading_method": reading and reading["method"],
            "reading_notes": reading["notes"] if reading else [],
            "profile": confirmed.profile_confirmed if confirmed else reading and reading["profile"],
            "profile_review": review
            and {
                "current_cv": confirmed is not None,
                "confirmed_by": review.confirmed_by,
                "confirmed_at": review.confirmed_at.isoformat(),
                "note": review.note,
                "corrected": review.corrected,
                "changes": [change.to_dict() for change in review.changes],
                "profile_as_read": review.profile_as_read,
                "profile_confirmed": editable_profile(review.profile_confirmed),
            },
            "replaced_cvs": record.replaced_cvs,
        }


@blp.route("/vacancies/<vacancy_id>/rereads")
class Rereads(MethodView):
    @requires("secretariat")
    @blp.arguments(RereadRequestSchema)
    @blp.response(202, RereadJobSchema)
    def post(self, body: dict, vacancy_id: str) -> object:
        """Read the vacancy's CVs again with the current parser; each is then screened again."""
        try:
            return services.reread_vacancy(
                runtime().uow(), vacancy_id, current_principal().username, **body
            )
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")


@blp.route("/vacancies/<vacancy_id>/drafts/submit")
class UnconfirmedDrafts(MethodView):
    @requires("secretariat")
    @blp.response(200, DraftsSubmittedSchema)
    @blp.alt_response(409, description="The vacancy is still open")
    def post(self, vacancy_id: str) -> object:
        """After the closing date: submit, as read, every profile its candidate left
        unconfirmed; each is screened and acknowledged, with a note for the secretariat."""
        rt = runtime()
        try:
            count = candidates.submit_unconfirmed_drafts(rt.uow(), vacancy_id, rt.status_url)
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")
        except candidates.VacancyStillOpen:
            abort(
                409,
                message="This vacancy is still open: candidates may still confirm their profile.",
                errors={"reason": "vacancy_open"},
            )
        return {"submitted": count}


@blp.route("/rereads/<job_id>")
class RereadProgress(MethodView):
    @requires("secretariat")
    @blp.response(200, RereadJobSchema)
    def get(self, job_id: str) -> object:
        try:
            return services.reread_job(runtime().uow(), job_id)
        except services.UnknownRereadJob:
            abort(404, message="No such request.")


def _application_by_link(token: str) -> Application:
    try:
        application_id = signer().application_of(token)
        return services.application_for_candidate(runtime().uow(), application_id)
    except (InvalidToken, services.UnknownApplication):
        abort(404, message="This link does not lead to an application.")


def _refuse(refused: ApplicationRefused) -> NoReturn:
    status = 409 if isinstance(refused, AlreadyApplied | NotNow) else 422
    abort(status, message=refused.message, errors={"reason": refused.code})


def _current_notice() -> str:
    return privacy_notice().version
