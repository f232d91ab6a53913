"""Screening's HTTP API, for the secretariat: vacancies, their applications and verdicts,
and the lists.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.screening.domain.vacancies import CannotShortlist, InvalidVacancy, ListStage
from services.screening.service_layer import services
from shared.auth.guard import current_principal, requires
from shared.auth.tokens import SECRETARIAT
from shared.web import runtime

blp = Blueprint("screening", __name__, url_prefix="/screening/api", description="Screening")


def uow():  # noqa: ANN201
    return runtime().uow()


def actor() -> str:
    principal = current_principal()
    assert principal is not None
    return principal.username


class CompetencySchema(Schema):
    name = fields.String(required=True)
    weight = fields.Float(load_default=1.0, validate=validate.Range(min=0, min_inclusive=False))


class VacancyInSchema(Schema):
    reference = fields.String(required=True)
    title = fields.String(required=True)
    tor_text = fields.String(load_default="")
    criteria = fields.Dict(required=True, metadata={"description": "criteria-file shape"})
    competencies = fields.List(fields.Nested(CompetencySchema), load_default=list)
    closing_date = fields.Date(load_default=None, allow_none=True)
    contact_email = fields.Email(required=True)


class VacancyOutSchema(VacancyInSchema):
    id = fields.String()
    status = fields.Function(lambda v: v.status.value)
    version = fields.Integer()
    published_at = fields.DateTime(allow_none=True)


class VerdictSchema(Schema):
    criterion_id = fields.String()
    mandatory = fields.Boolean()
    verdict = fields.String()
    figure = fields.String()
    evidence = fields.List(fields.String())


class ApplicationSchema(Schema):
    application_id = fields.String()
    vacancy_id = fields.String()
    candidate_name = fields.String()
    needs_attention = fields.Boolean()
    attention_reason = fields.String(allow_none=True)
    criteria_version = fields.Integer(allow_none=True)
    proposal = fields.String(allow_none=True)
    verdicts = fields.List(fields.Nested(VerdictSchema))
    screened_at = fields.DateTime(allow_none=True)
    list_stage = fields.Function(lambda a: a.list_stage.value)


class ScreeningRecordSchema(Schema):
    criteria_version = fields.Integer()
    parser_version = fields.String(allow_none=True)
    proposal = fields.String()
    verdicts = fields.List(fields.Nested(VerdictSchema))
    screened_at = fields.DateTime()


class ListMoveSchema(Schema):
    list = fields.String(required=True, validate=validate.OneOf([s.value for s in ListStage]))


@blp.route("/vacancies")
class Vacancies(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, VacancyOutSchema(many=True))
    def get(self) -> object:
        return services.vacancies(uow())

    @requires(SECRETARIAT)
    @blp.arguments(VacancyInSchema)
    @blp.response(201, VacancyOutSchema)
    def post(self, body: dict) -> object:
        try:
            return services.create_vacancy(uow(), actor(), **body)
        except InvalidVacancy as error:
            abort(422, message=str(error))


@blp.route("/vacancies/<vacancy_id>")
class VacancyResource(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, VacancyOutSchema)
    def get(self, vacancy_id: str) -> object:
        try:
            return services.vacancy(uow(), vacancy_id)
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")


@blp.route("/vacancies/<vacancy_id>/publish")
class Publish(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, VacancyOutSchema)
    def post(self, vacancy_id: str) -> object:
        try:
            return services.publish_vacancy(uow(), actor(), vacancy_id)
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")


@blp.route("/vacancies/<vacancy_id>/applications")
class VacancyApplications(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, ApplicationSchema(many=True))
    def get(self, vacancy_id: str) -> object:
        try:
            return services.applications(uow(), vacancy_id)
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")


@blp.route("/applications/<application_id>")
class ApplicationResource(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, ApplicationSchema)
    def get(self, application_id: str) -> object:
        try:
            return services.application(uow(), application_id)
        except services.UnknownApplication:
            abort(404, message="No such application.")


@blp.route("/applications/<application_id>/list")
class ApplicationList(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(ListMoveSchema)
    @blp.response(200, ApplicationSchema)
    def put(self, body: dict, application_id: str) -> object:
        """Put the application on the long list or the short list (or take it off)."""
        try:
            return services.move_to_list(uow(), actor(), application_id, ListStage(body["list"]))
        except services.UnknownApplication:
            abort(404, message="No such application.")
        except CannotShortlist as error:
            abort(409, message=str(error))


@blp.route("/applications/<application_id>/screenings")
class ScreeningHistory(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, ScreeningRecordSchema(many=True))
    def get(self, application_id: str) -> object:
        """Every screening of the application, oldest first."""
        try:
            return services.screening_history(uow(), application_id)
        except services.UnknownApplication:
            abort(404, message="No such application.")
