"""Scoring's HTTP API for interview slots and the panel's decision.

The secretariat proposes slots (a first start in a named time zone, a duration, a count),
books, moves and cancels interviews, and records and announces the decision (the panel's
chair may too). Each view calls one use case of `scheduling` or `decisions`. The helpers
`member_directory()` and `picking_link()` are shared with the pages.
"""

from __future__ import annotations

from datetime import timedelta

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.scoring.adapters.directory import MemberDirectory
from services.scoring.domain.panel import ScoringError, UnknownCandidate
from services.scoring.domain.slots import MAX_SLOTS_AT_ONCE, Slot, UnknownSlot, local_start
from services.scoring.service_layer import decisions, scheduling
from services.scoring.service_layer.services import UnknownVacancy
from shared.auth.guard import current_principal, requires
from shared.web import runtime

blp = Blueprint(
    "scoring_slots",
    __name__,
    url_prefix="/scoring/api",
    description="Interview slots and the panel's decision",
)


def member_directory() -> MemberDirectory:
    """Panel members' names and addresses, read from the accounts database."""
    return runtime().member_directory


def picking_link(token: str) -> str:
    return f"{runtime().settings.public_url}/scoring/interview/{token}"


def actor() -> str:
    principal = current_principal()
    assert principal is not None
    return principal.username


def is_secretariat() -> bool:
    principal = current_principal()
    return principal is not None and principal.has_any("secretariat")


class ProposalSchema(Schema):
    date = fields.Date(required=True)
    time = fields.Time(required=True)
    time_zone = fields.String(required=True, metadata={"example": "Europe/Zurich"})
    duration_minutes = fields.Integer(required=True, validate=validate.Range(min=5, max=720))
    count = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_SLOTS_AT_ONCE))
    gap_minutes = fields.Integer(load_default=0, validate=validate.Range(min=0, max=720))
    location = fields.String(load_default="", validate=validate.Length(max=500))


class SlotSchema(Schema):
    slot_id = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    time_zone = fields.String()
    duration_minutes = fields.Function(lambda s: int(s.duration.total_seconds() // 60))
    location = fields.String()
    application_id = fields.String(allow_none=True)


class TimetableSchema(Schema):
    vacancy_id = fields.String()
    slots = fields.List(fields.Nested(SlotSchema))
    candidates = fields.Dict(keys=fields.String(), values=fields.String())


class BookingSchema(Schema):
    slot_id = fields.String(required=True)


class DecisionInSchema(Schema):
    outcome = fields.String(
        required=True, validate=validate.OneOf(("selected", "reserve", "not_selected"))
    )
    reason = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class DecisionOutSchema(Schema):
    application_id = fields.String()
    outcome = fields.Function(lambda d: d.outcome.value)
    reason = fields.String()
    decided_by = fields.String()
    decided_at = fields.DateTime()


class DecisionSheetSchema(Schema):
    vacancy_id = fields.String()
    candidates = fields.Dict(keys=fields.String(), values=fields.String())
    decisions = fields.List(fields.Nested(DecisionOutSchema))
    announced_at = fields.DateTime(allow_none=True)


@blp.route("/vacancies/<vacancy_id>/slots")
class Slots(MethodView):
    @requires("secretariat")
    @blp.response(200, TimetableSchema)
    def get(self, vacancy_id: str) -> object:
        try:
            table = scheduling.timetable(runtime().uow(), vacancy_id)
        except UnknownVacancy:
            abort(404, message="No such vacancy.")
        return {"vacancy_id": vacancy_id, "slots": table.slots, "candidates": table.names}

    @requires("secretariat")
    @blp.arguments(ProposalSchema)
    @blp.response(201, SlotSchema(many=True))
    def post(self, body: dict, vacancy_id: str) -> list[Slot]:
        try:
            first = local_start(body["date"], body["time"], body["time_zone"])
            return scheduling.propose_slots(
                runtime().uow(),
                vacancy_id,
                first,
                timedelta(minutes=body["duration_minutes"]),
                body["count"],
                timedelta(minutes=body["gap_minutes"]),
                body["location"],
                actor(),
                picking_link,
            )
        except UnknownVacancy:
            abort(404, message="No such vacancy.")
        except ScoringError as error:
            abort(409, message=str(error))


@blp.route("/vacancies/<vacancy_id>/slots/<slot_id>")
class OneSlot(MethodView):
    @requires("secretariat")
    @blp.response(204)
    def delete(self, vacancy_id: str, slot_id: str) -> None:
        try:
            scheduling.withdraw_slot(runtime().uow(), vacancy_id, slot_id, actor())
        except (UnknownVacancy, UnknownSlot):
            abort(404, message="No such slot.")
        except ScoringError as error:
            abort(409, message=str(error))


@blp.route("/vacancies/<vacancy_id>/interviews/<application_id>")
class Interview(MethodView):
    @requires("secretariat")
    @blp.arguments(BookingSchema)
    @blp.response(200, SlotSchema)
    def put(self, body: dict, vacancy_id: str, application_id: str) -> Slot:
        """Book the candidate into the slot, or move their interview there."""
        try:
            table = scheduling.timetable(runtime().uow(), vacancy_id)
            if any(s.application_id == application_id for s in table.slots):
                return scheduling.move_interview(
                    runtime().uow(),
                    vacancy_id,
                    application_id,
                    body["slot_id"],
                    actor(),
                    member_directory(),
                )
            return scheduling.assign_slot(
                runtime().uow(),
                vacancy_id,
                body["slot_id"],
                application_id,
                actor(),
                member_directory(),
            )
        except (UnknownVacancy, UnknownCandidate, UnknownSlot):
            abort(404, message="No such vacancy, candidate or slot.")
        except ScoringError as error:
            abort(409, message=str(error))

    @requires("secretariat")
    @blp.response(204)
    def delete(self, vacancy_id: str, application_id: str) -> None:
        try:
            scheduling.cancel_interview(
                runtime().uow(), vacancy_id, application_id, actor(), member_directory()
            )
        except UnknownVacancy:
            abort(404, message="No such vacancy.")
        except ScoringError as error:
            abort(409, message=str(error))


@blp.route("/vacancies/<vacancy_id>/decisions")
class Decisions(MethodView):
    @requires("secretariat", "panel")
    @blp.response(200, DecisionSheetSchema)
    def get(self, vacancy_id: str) -> object:
        try:
            sheet = decisions.decision_sheet(runtime().uow(), vacancy_id)
        except UnknownVacancy:
            abort(404, message="No such vacancy.")
        if not is_secretariat():
            _require_chair(vacancy_id)
        return {
            "vacancy_id": vacancy_id,
            "candidates": sheet.names,
            "decisions": list(sheet.decisions.values()),
            "announced_at": sheet.announced_at,
        }


@blp.route("/vacancies/<vacancy_id>/decisions/<application_id>")
class OneDecision(MethodView):
    @requires("secretariat", "panel")
    @blp.arguments(DecisionInSchema)
    @blp.response(200, DecisionOutSchema)
    def put(self, body: dict, vacancy_id: str, application_id: str) -> object:
        try:
            return decisions.record_decision(
                runtime().uow(),
                vacancy_id,
                application_id,
                body["outcome"],
                body["reason"],
                actor(),
                is_secretariat=is_secretariat(),
            )
        except (UnknownVacancy, UnknownCandidate, decisions.NotAllowedToDecide):
            abort(404, message="No such vacancy or candidate.")
        except ScoringError as error:
            abort(422, message=str(error))


@blp.route("/vacancies/<vacancy_id>/decisions/announcement")
class Announcement(MethodView):
    @requires("secretariat", "panel")
    @blp.response(204)
    def post(self, vacancy_id: str) -> None:
        try:
            decisions.announce_decision(
                runtime().uow(),
                vacancy_id,
                actor(),
                member_directory(),
                is_secretariat=is_secretariat(),
            )
        except (UnknownVacancy, decisions.NotAllowedToDecide):
            abort(404, message="No such vacancy.")
        except ScoringError as error:
            abort(409, message=str(error))


def _require_chair(vacancy_id: str) -> None:
    setup_chair = decisions.chair_of(runtime().uow(), vacancy_id)
    if setup_chair != actor():
        abort(404, message="No such vacancy.")
