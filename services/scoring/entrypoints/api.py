"""Scoring's HTTP API: the panel (secretariat), score sheets (panel members), results.

A panel member sees the other members' sheets for a candidate only after submitting
their own; the secretariat sees the results.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.scoring.domain.conflicts import Recused
from services.scoring.domain.panel import NotOnPanel, ScoringError, UnknownCandidate
from services.scoring.service_layer import services
from shared.auth.guard import current_principal, requires
from shared.web import runtime

blp = Blueprint("scoring", __name__, url_prefix="/scoring/api", description="Panel scoring")


def uow():  # noqa: ANN201
    return runtime().uow()


def member() -> str:
    principal = current_principal()
    assert principal is not None
    return principal.username


class PanelSchema(Schema):
    members = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    chair = fields.String(load_default=None, allow_none=True)


class SheetInSchema(Schema):
    scores = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    notes = fields.String(load_default="")


class SheetOutSchema(Schema):
    member = fields.String()
    application_id = fields.String()
    scores = fields.Dict(keys=fields.String(), values=fields.Integer())
    notes = fields.String()
    submitted_at = fields.DateTime()


class RoundSchema(Schema):
    vacancy_id = fields.String()
    title = fields.String()
    competencies = fields.List(fields.String())
    candidates = fields.List(fields.Dict())


@blp.route("/vacancies/<vacancy_id>/panel")
class PanelResource(MethodView):
    @requires("secretariat")
    @blp.arguments(PanelSchema)
    @blp.response(200, PanelSchema)
    def put(self, body: dict, vacancy_id: str) -> object:
        try:
            panel = services.appoint_panel(
                uow(), vacancy_id, body["members"], body["chair"], member()
            )
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")
        except ScoringError as error:
            abort(409, message=str(error))
        return {"members": list(panel.members), "chair": panel.chair}


@blp.route("/vacancies/<vacancy_id>/round")
class MyRound(MethodView):
    @requires("panel")
    @blp.response(200, RoundSchema)
    def get(self, vacancy_id: str) -> object:
        try:
            return services.round_for_member(uow(), vacancy_id, member())
        except (services.UnknownVacancy, NotOnPanel):
            abort(404, message="You are not on this vacancy's panel.")
        except ScoringError as error:
            abort(409, message=str(error))


@blp.route("/vacancies/<vacancy_id>/candidates/<application_id>/sheets")
class Sheets(MethodView):
    @requires("panel")
    @blp.arguments(SheetInSchema)
    @blp.response(201, SheetOutSchema)
    def post(self, body: dict, vacancy_id: str, application_id: str) -> object:
        try:
            return services.submit_sheet(
                uow(), vacancy_id, application_id, member(), body["scores"], body["notes"]
            )
        except (services.UnknownVacancy, NotOnPanel, UnknownCandidate, Recused):
            abort(404, message="You cannot score this candidate.")
        except ScoringError as error:
            abort(422, message=str(error))

    @requires("panel")
    @blp.response(200, SheetOutSchema(many=True))
    def get(self, vacancy_id: str, application_id: str) -> object:
        """Every sheet for the candidate, once you have submitted yours; none before."""
        try:
            return services.sheets_visible_to(uow(), vacancy_id, application_id, member())
        except (services.UnknownVacancy, NotOnPanel, UnknownCandidate, Recused):
            abort(404, message="You cannot see this candidate.")
        except ScoringError as error:
            abort(409, message=str(error))


@blp.route("/vacancies/<vacancy_id>/results")
class Results(MethodView):
    @requires("secretariat")
    def get(self, vacancy_id: str) -> object:
        try:
            return services.results(uow(), vacancy_id).to_dict()
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")
        except ScoringError as error:
            abort(409, message=str(error))
