"""Scoring's HTTP API for conflicts of interest, the interview kit, amendments, closing the
round and its progress, on the `scoring` API blueprint of `api.py`.

A panel member declares and amends only for themselves; a recused member, like someone off
the panel or a guessed id, gets 404 for the candidate; the secretariat edits the kit and
follows the progress (which shows who has declared and scored, never a score).
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.scoring.domain.conflicts import DeclarationsOutstanding, Recused
from services.scoring.domain.panel import NotOnPanel, ScoringError, UnknownCandidate
from services.scoring.entrypoints.api import SheetOutSchema, blp, member, uow
from services.scoring.service_layer import panel_round, services
from shared.auth.guard import requires

NOT_YOURS = (services.UnknownVacancy, NotOnPanel, UnknownCandidate, Recused)


class DeclarationInSchema(Schema):
    application_id = fields.String(required=True)
    conflict = fields.Boolean(required=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000))

    @validates_schema
    def note_for_a_conflict(self, data: dict, **_kwargs: object) -> None:
        if data["conflict"] and not data["note"].strip():
            raise ValidationError("Say what the conflict of interest is.", "note")


class DeclarationsInSchema(Schema):
    declarations = fields.List(
        fields.Nested(DeclarationInSchema), required=True, validate=validate.Length(min=1)
    )


class KitCompetencySchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    weight = fields.Float(load_default=1.0, validate=validate.Range(min=0, min_inclusive=False))
    kind = fields.String(load_default=None, allow_none=True)
    description = fields.String(load_default="")
    questions = fields.List(fields.String(), load_default=list)
    anchors = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)


class KitSchema(Schema):
    competencies = fields.List(
        fields.Nested(KitCompetencySchema), required=True, validate=validate.Length(min=1)
    )
    locked = fields.Boolean(dump_only=True)


class AmendmentInSchema(Schema):
    scores = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    notes = fields.String(load_default="")
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class AmendmentOutSchema(Schema):
    application_id = fields.String()
    member = fields.String()
    scores_before = fields.Dict(keys=fields.String(), values=fields.Integer())
    scores_after = fields.Dict(keys=fields.String(), values=fields.Integer())
    notes_before = fields.String()
    notes_after = fields.String()
    reason = fields.String()
    amended_at = fields.DateTime()


class CandidateFileSchema(Schema):
    vacancy_id = fields.String()
    title = fields.String()
    candidate_name = fields.String(attribute="candidate.display_name")
    application_id = fields.String(attribute="candidate.application_id")
    competencies = fields.Method("kit_competencies")
    my_sheet = fields.Nested(SheetOutSchema, allow_none=True)
    sheets = fields.List(fields.Nested(SheetOutSchema))
    amendments = fields.List(fields.Nested(AmendmentOutSchema))
    finished = fields.Boolean()

    def kit_competencies(self, file: panel_round.CandidateFile) -> list[dict]:
        return file.kit.to_list()


class CloseInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ClosureSchema(Schema):
    closed_by = fields.String()
    reason = fields.String()
    closed_at = fields.DateTime()
    outstanding = fields.Integer()


@blp.route("/vacancies/<vacancy_id>/declarations")
class Declarations(MethodView):
    @requires("panel")
    def get(self, vacancy_id: str) -> object:
        """The short list's names with your declaration on each (nothing else of them)."""
        try:
            return panel_round.declarations_of(uow(), vacancy_id, member())
        except (services.UnknownVacancy, NotOnPanel):
            abort(404, message="You are not on this vacancy's panel.")
        except ScoringError as error:
            abort(409, message=str(error))

    @requires("panel")
    @blp.arguments(DeclarationsInSchema)
    def put(self, body: dict, vacancy_id: str) -> object:
        answers = {d["application_id"]: (d["conflict"], d["note"]) for d in body["declarations"]}
        try:
            declared = panel_round.declare(uow(), vacancy_id, member(), answers)
        except NOT_YOURS:
            abort(404, message="You cannot declare for this candidate.")
        except ScoringError as error:
            abort(409, message=str(error))
        return {"declarations": [d.to_dict() for d in declared]}


@blp.route("/vacancies/<vacancy_id>/kit")
class Kit(MethodView):
    @requires("secretariat", "panel")
    @blp.response(200, KitSchema)
    def get(self, vacancy_id: str) -> object:
        try:
            kit, locked = panel_round.interview_kit(uow(), vacancy_id)
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")
        except ScoringError as error:
            abort(409, message=str(error))
        return {"competencies": kit.to_list(), "locked": locked}

    @requires("secretariat")
    @blp.arguments(KitSchema)
    @blp.response(200, KitSchema)
    def put(self, body: dict, vacancy_id: str) -> object:
        try:
            kit = panel_round.edit_kit(uow(), vacancy_id, body["competencies"], member())
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")
        except ScoringError as error:
            abort(409, message=str(error))
        return {"competencies": kit.to_list(), "locked": False}


@blp.route("/vacancies/<vacancy_id>/candidates/<application_id>")
class CandidateFile(MethodView):
    @requires("panel")
    @blp.response(200, CandidateFileSchema)
    def get(self, vacancy_id: str, application_id: str) -> object:
        """The kit and your sheet; the others' sheets once you have submitted yours."""
        try:
            return panel_round.candidate_file(uow(), vacancy_id, application_id, member())
        except NOT_YOURS:
            abort(404, message="You cannot see this candidate.")
        except DeclarationsOutstanding as error:
            abort(409, message=str(error))
        except ScoringError as error:
            abort(409, message=str(error))


@blp.route("/vacancies/<vacancy_id>/candidates/<application_id>/amendments")
class Amendments(MethodView):
    @requires("panel")
    @blp.arguments(AmendmentInSchema)
    @blp.response(201, AmendmentOutSchema)
    def post(self, body: dict, vacancy_id: str, application_id: str) -> object:
        try:
            return panel_round.amend_sheet(
                uow(),
                vacancy_id,
                application_id,
                member(),
                body["scores"],
                body["notes"],
                body["reason"],
            )
        except NOT_YOURS:
            abort(404, message="You cannot amend a sheet for this candidate.")
        except ScoringError as error:
            abort(422, message=str(error))


@blp.route("/vacancies/<vacancy_id>/closure")
class Closure(MethodView):
    @requires("panel")
    @blp.arguments(CloseInSchema)
    @blp.response(201, ClosureSchema)
    def post(self, body: dict, vacancy_id: str) -> object:
        """The chair closes the round with sheets outstanding; the result is announced."""
        try:
            return panel_round.close_round(uow(), vacancy_id, member(), body["reason"])
        except (services.UnknownVacancy, NotOnPanel):
            abort(404, message="You are not on this vacancy's panel.")
        except ScoringError as error:
            abort(409, message=str(error))


@blp.route("/vacancies/<vacancy_id>/progress")
class Progress(MethodView):
    @requires("secretariat")
    def get(self, vacancy_id: str) -> object:
        """Who has declared and scored, without any score."""
        try:
            found = panel_round.progress(uow(), vacancy_id)
        except services.UnknownVacancy:
            abort(404, message="No such vacancy.")
        if found["closure"]:
            found["closure"]["closed_at"] = found["closure"]["closed_at"].isoformat()
        return found
