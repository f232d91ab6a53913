"""Intake's HTTP API: open vacancies, applying with a CV, the candidate's status, and the
secretariat's view of an application with what was read from its CV.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from services.intake.domain.applications import AlreadyApplied, ApplicationRefused, Stage
from services.intake.service_layer import services
from shared.auth.guard import current_principal, requires, signer
from shared.auth.tokens import InvalidToken
from shared.web import VacancyJobSchema, runtime

blp = Blueprint("intake", __name__, url_prefix="/intake/api", description="Applications")


class VacancySchema(Schema):
    id = fields.String()
    reference = fields.String()
    title = fields.String()
    closing_date = fields.Date(allow_none=True)


class ApplyFormSchema(Schema):
    candidate_name = fields.String(required=True)
    candidate_email = fields.Email(required=True)
    consent = fields.Boolean(required=True)


class ApplyFilesSchema(Schema):
    cv = Upload(required=True)


class ApplicationCreatedSchema(Schema):
    application_id = fields.String()
    stage = fields.String()


class StatusSchema(Schema):
    vacancy_id = fields.String()
    candidate_name = fields.String()
    stage = fields.String()
    description = fields.String()
    received_at = fields.DateTime()


class ApplicationSchema(Schema):
    id = fields.String()
    vacancy_id = fields.String()
    candidate_name = fields.String()
    candidate_email = fields.String()
    stage = fields.String()
    attention_reason = fields.String(allow_none=True)
    cv_filename = fields.String()
    received_at = fields.DateTime()
    parser_version = fields.String(allow_none=True)
    reading_method = fields.String(allow_none=True)
    reading_notes = fields.List(fields.String())
    profile = fields.Dict(allow_none=True)


class ApplicationRowSchema(Schema):
    id = fields.String()
    candidate_name = fields.String()
    candidate_email = fields.String()
    stage = fields.Function(lambda a: a.stage.value)
    attention_reason = fields.String(allow_none=True)
    cv_filename = fields.Function(lambda a: a.cv.filename)
    received_at = fields.DateTime()


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
        rt = runtime()
        upload = files["cv"]
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
            )
        except services.UnknownVacancy:
            abort(404, message="No such vacancy is open.")
        except AlreadyApplied as refused:
            abort(409, message=refused.message, errors={"reason": refused.code})
        except ApplicationRefused as refused:
            abort(422, message=refused.message, errors={"reason": refused.code})
        return {"application_id": application.id, "stage": application.stage.value}


@blp.route("/status/<token>")
class CandidateStatus(MethodView):
    @blp.response(200, StatusSchema)
    @blp.doc(security=[])
    def get(self, token: str) -> object:
        application = _application_by_link(token)
        return {
            "vacancy_id": application.vacancy_id,
            "candidate_name": application.candidate_name,
            "stage": application.stage.value,
            "description": application.stage_description,
            "received_at": application.received_at,
        }


@blp.route("/applications/<application_id>")
class SecretariatApplication(MethodView):
    @requires("secretariat")
    @blp.response(200, ApplicationSchema)
    def get(self, application_id: str) -> object:
        try:
            application, reading = services.application_with_reading(
                runtime().uow(), application_id
            )
        except services.UnknownApplication:
            abort(404, message="No such application.")
        return {
            "id": application.id,
            "vacancy_id": application.vacancy_id,
            "candidate_name": application.candidate_name,
            "candidate_email": application.candidate_email,
            "stage": application.stage.value,
            "attention_reason": application.attention_reason,
            "cv_filename": application.cv.filename,
            "received_at": application.received_at,
            "parser_version": reading and reading["parser_version"],
            "reading_method": reading and reading["method"],
            "reading_notes": reading["notes"] if reading else [],
            "profile": reading and reading["profile"],
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


@blp.route("/rereads/<job_id>")
class RereadProgress(MethodView):
    @requires("secretariat")
    @blp.response(200, RereadJobSchema)
    def get(self, job_id: str) -> object:
        try:
            return services.reread_job(runtime().uow(), job_id)
        except services.UnknownRereadJob:
            abort(404, message="No such request.")


def _application_by_link(token: str):
    try:
        application_id = signer().application_of(token)
        return services.application_for_candidate(runtime().uow(), application_id)
    except (InvalidToken, services.UnknownApplication):
        abort(404, message="This link does not lead to an application.")
