"""Scoring's debrief API: the debrief of a vacancy and the panel's consensus ratings.

`GET /scoring/api/vacancies/<id>/debrief` answers the secretariat at any time (with
`complete: false` and the sheet counts while sheets are outstanding) and a panel member
of that vacancy once the round is finished (409 before, with how many sheets are in);
anyone else, or an unknown vacancy, gets 404. Each agreement figure comes with its name,
the bands it is read against and a plain reading in the caller's language.
`POST .../debrief/consensus` records a consensus rating (the chair or the secretariat).
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.scoring.domain.consensus import NotChair
from services.scoring.domain.panel import (
    MAX_SCORE,
    MIN_SCORE,
    NotOnPanel,
    ScoringError,
    UnknownCandidate,
)
from services.scoring.entrypoints.debrief_texts import describe
from services.scoring.service_layer import debrief as use_cases
from services.scoring.service_layer.services import UnknownVacancy
from shared.auth.guard import current_principal, requires
from shared.auth.tokens import PANEL, SECRETARIAT
from shared.web import runtime

blp = Blueprint(
    "scoring_debrief", __name__, url_prefix="/scoring/api", description="The panel's debrief"
)


class ConsensusInSchema(Schema):
    application_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    competency = fields.String(required=True, validate=validate.Length(min=1, max=200))
    rating = fields.Integer(required=True, validate=validate.Range(MIN_SCORE, MAX_SCORE))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class ConsensusOutSchema(ConsensusInSchema):
    recorded_by = fields.String()
    recorded_at = fields.DateTime()


@blp.route("/vacancies/<vacancy_id>/debrief")
class DebriefResource(MethodView):
    @requires(SECRETARIAT, PANEL)
    def get(self, vacancy_id: str) -> Any:
        principal = current_principal()
        try:
            view = use_cases.debrief_of(
                runtime().uow(),
                vacancy_id,
                principal.username,
                is_secretariat=principal.has_any(SECRETARIAT),
            )
        except (UnknownVacancy, NotOnPanel):
            abort(404, message="No such vacancy on your panel.")
        except use_cases.DebriefNotReady as waiting:
            abort(409, message=str(waiting))
        except ScoringError as error:
            abort(409, message=str(error))
        body = view.debrief.to_dict()
        body["agreement"] = [describe(statistic) for statistic in view.debrief.agreement]
        body["title"] = view.title
        body["hidden_candidates"] = view.hidden_candidates
        body["may_record_consensus"] = view.may_record_consensus
        return body


@blp.route("/vacancies/<vacancy_id>/debrief/consensus")
class ConsensusResource(MethodView):
    @requires(SECRETARIAT, PANEL)
    @blp.arguments(ConsensusInSchema)
    @blp.response(201, ConsensusOutSchema)
    def post(self, body: dict, vacancy_id: str) -> Any:
        principal = current_principal()
        try:
            return use_cases.record_consensus(
                runtime().uow(),
                vacancy_id,
                body["application_id"],
                body["competency"],
                body["rating"],
                body["reason"],
                principal.username,
                is_secretariat=principal.has_any(SECRETARIAT),
            )
        except (UnknownVacancy, NotOnPanel, UnknownCandidate):
            abort(404, message="No such candidate on a vacancy of your panel.")
        except NotChair as refused:
            abort(403, message=str(refused))
        except ScoringError as error:
            abort(422, message=str(error))
