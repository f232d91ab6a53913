"""Screening's HTTP API, for the secretariat: ToR import, vacancies with their draft and
published versions, re-screens, applications with their verdicts and overrides,
rejections, the lists and each application's history.

Every view is a few lines that call one service-layer function and turn its refusals into
a 404, 409 or 422 with a sentence. Only the original ToR of a published version is public
(`GET /vacancies/<id>/tor-file`), since the careers page offers it to candidates.

Blind mode holds here as on the pages: when the vacancy is blind, when the caller asks
(`?blind=true`) or when the signed-in user chose it on the pages (the same cookie), every
application in an answer is `applicants.blinded`: the neutral code for the name, the
profile without the contact details, photo, gender, age, date of birth and nationality.
Every application carries its `candidate_code` either way.
"""

from __future__ import annotations

import mimetypes
from io import BytesIO

from flask import Response, request, send_file
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate

from services.screening.adapters.tor_documents import UnreadableTor
from services.screening.domain.applicants import neutral_code
from services.screening.domain.criteria import VERDICTS
from services.screening.domain.panel_review import MAX_COMMENT, InvalidComment
from services.screening.domain.vacancies import (
    CannotDecide,
    CannotShortlist,
    Decision,
    InvalidOverride,
    InvalidVacancy,
    ListStage,
    ScreenedApplication,
)
from services.screening.entrypoints.blind_choice import chosen_by
from services.screening.service_layer import panel_review, services
from shared.auth.guard import current_principal, requires
from shared.auth.tokens import PANEL, SECRETARIAT
from shared.web import VacancyJobSchema, runtime

blp = Blueprint("screening", __name__, url_prefix="/screening/api", description="Screening")

NO_VACANCY = "No such vacancy."
NO_APPLICATION = "No such application."


def uow():  # noqa: ANN201
    return runtime().uow()


def actor() -> str:
    principal = current_principal()
    assert principal is not None
    return principal.username


def blind_asked() -> bool:
    """Whether the caller asks for blind mode: `?blind=true`, or the choice the pages keep
    for the signed-in user; a `blind` that is not a yes or a no is a 422."""
    raw = request.args.get("blind")
    try:
        asked = bool(fields.Boolean().deserialize(raw)) if raw not in (None, "") else False
    except ValidationError:
        abort(422, message="`blind` is true or false.")
    principal = current_principal()
    return asked or chosen_by(principal.username if principal else None)


def shown(application: ScreenedApplication) -> ScreenedApplication:
    """The application a use case returned, as the caller may see it (blind mode)."""
    return services.as_shown(uow(), application, blind=blind_asked())


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Give a reason: it is kept with the decision.")


def _reason(required: bool = True) -> fields.String:
    if required:
        return fields.String(required=True, validate=_not_blank)
    return fields.String(load_default=None, allow_none=True)


# --- schemas ----------------------------------------------------------------------------------


class CompetencySchema(Schema):
    name = fields.String(required=True)
    kind = fields.String(
        load_default=None, allow_none=True, metadata={"description": "functional, core, …"}
    )
    description = fields.String(load_default=None, allow_none=True)
    indicators = fields.List(fields.String(), load_default=list)
    weight = fields.Float(load_default=1.0, validate=validate.Range(min=0, min_inclusive=False))


class VacancyInSchema(Schema):
    reference = fields.String(required=True)
    title = fields.String(required=True)
    tor_text = fields.String(load_default="")
    criteria = fields.Dict(required=True, metadata={"description": "criteria-file shape"})
    competencies = fields.List(fields.Nested(CompetencySchema), load_default=list)
    closing_date = fields.Date(load_default=None, allow_none=True)
    contact_email = fields.Email(required=True)
    tor_file = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "the tor_file a ToR import returned"},
    )
    tor_filename = fields.String(load_default=None, allow_none=True)


class VacancyOutSchema(VacancyInSchema):
    id = fields.String()
    status = fields.Function(lambda v: v.status.value)
    version = fields.Integer(metadata={"description": "the latest published version, 0: none"})
    published_at = fields.DateTime(allow_none=True)
    warnings = fields.List(
        fields.String(), metadata={"description": "what screening cannot use in the draft"}
    )


class DraftSchema(Schema):
    """Only the fields given are changed."""

    title = fields.String(validate=validate.Length(min=1, error="The title cannot be empty."))
    tor_text = fields.String()
    criteria = fields.Dict(metadata={"description": "criteria-file shape"})
    competencies = fields.List(fields.Nested(CompetencySchema))
    closing_date = fields.Date(allow_none=True)
    tor_file = fields.String(allow_none=True)
    tor_filename = fields.String(allow_none=True)


class VersionSummarySchema(Schema):
    version = fields.Integer()
    title = fields.String()
    closing_date = fields.Date(allow_none=True)
    published_at = fields.DateTime()
    published_by = fields.String()
    tor_filename = fields.String(allow_none=True)
    criterion_ids = fields.Function(
        lambda v: [c.get("id") for c in v.criteria.get("criteria") or ()]
    )


class VersionSchema(VersionSummarySchema):
    tor_text = fields.String()
    tor_file = fields.String(allow_none=True)
    criteria = fields.Dict()
    competencies = fields.List(fields.Dict())


class ChangesQuerySchema(Schema):
    from_version = fields.Integer(
        data_key="from",
        load_default=None,
        validate=validate.Range(min=0),
        metadata={"description": "the version to compare with; by default the one before"},
    )


class FieldChangeSchema(Schema):
    field = fields.String()
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)
    description = fields.String()


class CriterionChangeSchema(Schema):
    subject = fields.String(metadata={"description": "criterion, tag, synonyms or setting"})
    id = fields.String()
    change = fields.String(metadata={"description": "added, removed or changed"})
    fields_ = fields.List(fields.Nested(FieldChangeSchema), data_key="fields", attribute="fields")
    description = fields.String()


class VersionChangesSchema(Schema):
    from_version = fields.Integer()
    to_version = fields.Integer()
    changes = fields.List(fields.Nested(CriterionChangeSchema))


class TorUploadSchema(Schema):
    file = Upload(required=True)


class TorImportSchema(Schema):
    tor_text = fields.String()
    criteria = fields.Dict()
    competencies = fields.List(fields.Raw())
    notes = fields.List(fields.Raw())
    tor_file = fields.String()
    tor_filename = fields.String()


class TorFileQuerySchema(Schema):
    version = fields.Integer(load_default=None, validate=validate.Range(min=1))
    draft = fields.Boolean(load_default=False)


class RescreenRequestSchema(Schema):
    criteria_version = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1),
        metadata={"description": "by default the latest published version"},
    )


class RescreenJobSchema(VacancyJobSchema):
    criteria_version = fields.Integer()
    changed = fields.Integer()


class RescreenChangesQuerySchema(Schema):
    all = fields.Boolean(
        load_default=False, metadata={"description": "also the applications nothing changed for"}
    )


class VerdictChangeSchema(Schema):
    criterion_id = fields.String()
    old = fields.String(allow_none=True)
    new = fields.String(allow_none=True)
    old_machine = fields.String(allow_none=True)
    new_machine = fields.String(allow_none=True)
    override_dropped = fields.Boolean()


class ScreeningChangeSchema(Schema):
    application_id = fields.String()
    candidate_name = fields.String()
    from_version = fields.Integer(allow_none=True)
    to_version = fields.Integer()
    old_proposal = fields.String(allow_none=True)
    new_proposal = fields.String(allow_none=True)
    old_machine_proposal = fields.String(allow_none=True)
    new_machine_proposal = fields.String(allow_none=True)
    verdicts = fields.List(fields.Nested(VerdictChangeSchema))
    decision = fields.String()
    changed = fields.Boolean()


class SourceSchema(Schema):
    page = fields.Integer()
    start = fields.Integer()
    end = fields.Integer()


class PassageSchema(Schema):
    text = fields.String(metadata={"description": "as the CV writes it"})
    entry = fields.String(metadata={"description": "position, education or language"})
    index = fields.Integer(metadata={"description": "the entry's index in the profile"})
    source = fields.Nested(SourceSchema, allow_none=True)
    certain = fields.Boolean(metadata={"description": "false: it may count; a person decides"})


class MachineVerdictSchema(Schema):
    criterion_id = fields.String()
    mandatory = fields.Boolean()
    verdict = fields.String()
    figure = fields.String()
    evidence = fields.List(fields.String())
    passages = fields.List(fields.Nested(PassageSchema), load_default=list)
    positions = fields.List(fields.Integer(), load_default=list)
    education = fields.List(fields.Integer(), load_default=list)
    months = fields.Integer(allow_none=True, load_default=None)


class OverrideInfoSchema(Schema):
    by = fields.String()
    at = fields.DateTime()
    reason = fields.String()


class VerdictSchema(MachineVerdictSchema):
    verdict = fields.String(metadata={"description": "effective: the override's, if any"})
    machine_verdict = fields.String()
    override = fields.Nested(OverrideInfoSchema, allow_none=True)


class ApplicationSchema(Schema):
    application_id = fields.String()
    vacancy_id = fields.String()
    candidate_name = fields.String(metadata={"description": "the candidate_code in blind mode"})
    candidate_code = fields.Function(
        lambda a: neutral_code(a.application_id),
        metadata={"description": "the neutral code that stands for the candidate in blind mode"},
    )
    needs_attention = fields.Boolean()
    attention_reason = fields.String(allow_none=True)
    criteria_version = fields.Integer(allow_none=True)
    parser_version = fields.String(allow_none=True)
    proposal = fields.String(
        attribute="effective_proposal",
        allow_none=True,
        metadata={"description": "from the effective verdicts"},
    )
    machine_proposal = fields.String(attribute="proposal", allow_none=True)
    verdicts = fields.List(fields.Nested(VerdictSchema), attribute="effective_verdicts")
    screened_at = fields.DateTime(allow_none=True)
    list_stage = fields.Function(lambda a: a.list_stage.value)
    decision = fields.Function(lambda a: a.decision.value)
    rejection = fields.Function(
        lambda a: (
            OverrideInfoSchema().dump(
                {"by": a.decided_by, "at": a.decided_at, "reason": a.decision_reason}
            )
            if a.decision is Decision.REJECTED
            else None
        )
    )


class CandidateSchema(ApplicationSchema):
    profile = fields.Dict(
        metadata={"description": "as read from the CV; in blind mode without personal details"}
    )


class ScreeningRecordSchema(Schema):
    criteria_version = fields.Integer()
    parser_version = fields.String(allow_none=True)
    proposal = fields.String()
    verdicts = fields.List(fields.Nested(MachineVerdictSchema))
    screened_at = fields.DateTime()
    requested_by = fields.String(allow_none=True)


class HistoryEntrySchema(Schema):
    kind = fields.String(
        metadata={"description": "screening, override, rejected, rejection_reversed or list_move"}
    )
    at = fields.DateTime()
    by = fields.String()
    reason = fields.String(allow_none=True)
    criteria_version = fields.Integer(allow_none=True)
    parser_version = fields.String(allow_none=True)
    proposal = fields.String(allow_none=True)
    machine_proposal = fields.String(allow_none=True)
    verdicts = fields.List(fields.Nested(MachineVerdictSchema))
    criterion_id = fields.String()
    machine_verdict = fields.String()
    machine_figure = fields.String()
    verdict = fields.String()
    applied = fields.Boolean(
        metadata={"description": "whether the override applies to the current screening"}
    )
    from_list = fields.String()
    to_list = fields.String()


class OverrideSchema(Schema):
    criterion_id = fields.String(required=True)
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS))
    reason = _reason()


class ReasonSchema(Schema):
    reason = _reason()


class BatchRejectionSchema(Schema):
    application_ids = fields.List(fields.String(), required=True, validate=validate.Length(min=1))
    reason = _reason()


class ListMoveSchema(Schema):
    list = fields.String(required=True, validate=validate.OneOf([s.value for s in ListStage]))
    reason = _reason(required=False)


# --- ToR import and vacancies -----------------------------------------------------------------


@blp.route("/tor-imports")
class TorImports(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(TorUploadSchema, location="files")
    @blp.response(201, TorImportSchema)
    @blp.alt_response(422, description="The document could not be read, with the reason")
    def post(self, files: dict) -> object:
        """Read a ToR (PDF, DOCX or text) and propose criteria and competencies from it.

        Nothing is created: the secretariat edits the proposal and creates the vacancy with
        it, passing `tor_file` on so that the original document is kept with the vacancy."""
        upload = files["file"]
        rt = runtime()
        try:
            return services.import_tor(rt.read_tor, rt.store, upload.read(), upload.filename or "")
        except (UnreadableTor, InvalidVacancy) as error:
            abort(422, message=str(error))


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
            abort(404, message=NO_VACANCY)


class ProposedTermSchema(Schema):
    term = fields.String()
    excluded = fields.Boolean(metadata={"description": "struck out by the secretariat"})


class TagTermsSchema(Schema):
    description = fields.String()
    proposed = fields.List(
        fields.Nested(ProposedTermSchema),
        metadata={"description": "from the tag's description and the field's thesaurus"},
    )
    synonyms = fields.List(fields.String(), metadata={"description": "the secretariat's own"})


class MatchingTermsSchema(Schema):
    tags = fields.Dict(keys=fields.String(), values=fields.Nested(TagTermsSchema))


@blp.route("/vacancies/<vacancy_id>/matching-terms")
class MatchingTerms(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, MatchingTermsSchema)
    def get(self, vacancy_id: str) -> object:
        """Per tag of the draft, the terms a position is matched on.

        Strike a proposed term by adding it to the criteria's `excluded_terms[tag]`, add one
        to `synonyms[tag]`, then save the draft."""
        try:
            return {"tags": services.matching_terms_of(uow(), vacancy_id)}
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)


@blp.route("/vacancies/<vacancy_id>/draft")
class Draft(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(DraftSchema)
    @blp.response(200, VacancyOutSchema)
    def put(self, body: dict, vacancy_id: str) -> object:
        """Edit the draft; the published versions stay as they are until the next publish.

        Criteria that screening cannot assess are accepted and listed under `warnings`."""
        try:
            return services.edit_draft(uow(), actor(), vacancy_id, body)
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)
        except InvalidVacancy as error:
            abort(422, message=str(error))


@blp.route("/vacancies/<vacancy_id>/publish")
class Publish(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, VacancyOutSchema)
    def post(self, vacancy_id: str) -> object:
        """Publish the draft as the next version."""
        try:
            return services.publish_vacancy(uow(), actor(), vacancy_id)
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)


@blp.route("/vacancies/<vacancy_id>/versions")
class Versions(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, VersionSummarySchema(many=True))
    def get(self, vacancy_id: str) -> object:
        """Every published version, oldest first."""
        try:
            return services.versions(uow(), vacancy_id)
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)


@blp.route("/vacancies/<vacancy_id>/versions/<int:number>")
class VersionResource(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, VersionSchema)
    def get(self, vacancy_id: str, number: int) -> object:
        try:
            return services.version(uow(), vacancy_id, number)
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)
        except services.UnknownVersion as error:
            abort(404, message=str(error))


@blp.route("/vacancies/<vacancy_id>/versions/<int:number>/changes")
class VersionChanges(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(ChangesQuerySchema, location="query")
    @blp.response(200, VersionChangesSchema)
    def get(self, query: dict, vacancy_id: str, number: int) -> object:
        """What this version changed, criterion by criterion, from `from` (default n-1)."""
        try:
            return services.version_changes(uow(), vacancy_id, number, query["from_version"])
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)
        except services.UnknownVersion as error:
            abort(404, message=str(error))


@blp.route("/vacancies/<vacancy_id>/tor-file")
class TorFile(MethodView):
    @blp.arguments(TorFileQuerySchema, location="query")
    @blp.doc(security=[])
    def get(self, query: dict, vacancy_id: str) -> Response:
        """The original ToR document of a published version (the latest by default), open to
        everyone as on the careers page; `draft=true` gives the draft's, to the secretariat."""
        if query["draft"]:
            _require_secretariat()
        rt = runtime()
        number = 0 if query["draft"] else query["version"]
        try:
            data, name = services.tor_file(rt.uow(), rt.store, vacancy_id, number)
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)
        except (services.UnknownVersion, services.NoTorFile) as error:
            abort(404, message=str(error))
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


# --- re-screens -------------------------------------------------------------------------------


@blp.route("/vacancies/<vacancy_id>/rescreens")
class Rescreens(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(RescreenRequestSchema)
    @blp.response(202, RescreenJobSchema)
    def post(self, body: dict, vacancy_id: str) -> object:
        """Screen every application again under a published version, in the background."""
        try:
            return services.request_rescreen(uow(), actor(), vacancy_id, body["criteria_version"])
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)
        except services.VacancyNotPublished as error:
            abort(409, message=str(error))
        except services.UnknownVersion as error:
            abort(422, message=str(error))


@blp.route("/rescreens/<job_id>")
class RescreenProgress(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, RescreenJobSchema)
    def get(self, job_id: str) -> object:
        try:
            return services.rescreen_job(uow(), job_id)
        except services.UnknownRescreenJob:
            abort(404, message="No such re-screen.")


@blp.route("/rescreens/<job_id>/changes")
class RescreenChanges(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(RescreenChangesQuerySchema, location="query")
    @blp.response(200, ScreeningChangeSchema(many=True))
    def get(self, query: dict, job_id: str) -> object:
        """The applications whose proposal or verdicts the re-screen changed, old → new."""
        try:
            return services.rescreen_changes(uow(), job_id, only_changed=not query["all"])
        except services.UnknownRescreenJob:
            abort(404, message="No such re-screen.")


# --- applications -----------------------------------------------------------------------------


@blp.route("/vacancies/<vacancy_id>/applications")
class VacancyApplications(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, ApplicationSchema(many=True))
    def get(self, vacancy_id: str) -> object:
        """The vacancy's applications (blind mode: see the module's docstring)."""
        try:
            return services.applications(uow(), vacancy_id, blind=blind_asked())
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)


@blp.route("/vacancies/<vacancy_id>/rejections")
class Rejections(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(BatchRejectionSchema)
    @blp.response(200, ApplicationSchema(many=True))
    @blp.alt_response(409, description="None rejected; `errors` says why for each refused")
    def post(self, body: dict, vacancy_id: str) -> object:
        """Confirm the rejection of several applications proposed as not eligible: all or
        none."""
        try:
            rejected = services.reject_many(
                uow(), actor(), vacancy_id, body["application_ids"], body["reason"]
            )
            return [shown(application) for application in rejected]
        except services.UnknownVacancy:
            abort(404, message=NO_VACANCY)
        except services.CannotRejectAll as error:
            abort(409, message=str(error), errors={"applications": error.refusals})


@blp.route("/applications/<application_id>")
class ApplicationResource(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, CandidateSchema)
    def get(self, application_id: str) -> object:
        """The application with its profile (blind mode: see the module's docstring)."""
        try:
            return services.application(uow(), application_id, blind=blind_asked())
        except services.UnknownApplication:
            abort(404, message=NO_APPLICATION)


@blp.route("/applications/<application_id>/overrides")
class Overrides(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(OverrideSchema)
    @blp.response(201, ApplicationSchema)
    def post(self, body: dict, application_id: str) -> object:
        """Override the verdict of one criterion, with a reason; the machine's is kept."""
        try:
            return shown(services.override_verdict(uow(), actor(), application_id, **body))
        except services.UnknownApplication:
            abort(404, message=NO_APPLICATION)
        except InvalidOverride as error:
            abort(422, message=str(error))


@blp.route("/applications/<application_id>/rejection")
class Rejection(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(ReasonSchema)
    @blp.response(200, ApplicationSchema)
    def post(self, body: dict, application_id: str) -> object:
        """Confirm the rejection of an application proposed as not eligible."""
        try:
            return shown(services.reject(uow(), actor(), application_id, body["reason"]))
        except services.UnknownApplication:
            abort(404, message=NO_APPLICATION)
        except CannotDecide as error:
            abort(409, message=str(error))

    @requires(SECRETARIAT)
    @blp.arguments(ReasonSchema)
    @blp.response(200, ApplicationSchema)
    def delete(self, body: dict, application_id: str) -> object:
        """Reverse a confirmed rejection, with a reason."""
        try:
            return shown(services.reverse_rejection(uow(), actor(), application_id, body["reason"]))
        except services.UnknownApplication:
            abort(404, message=NO_APPLICATION)
        except CannotDecide as error:
            abort(409, message=str(error))


@blp.route("/applications/<application_id>/list")
class ApplicationList(MethodView):
    @requires(SECRETARIAT)
    @blp.arguments(ListMoveSchema)
    @blp.response(200, ApplicationSchema)
    def put(self, body: dict, application_id: str) -> object:
        """Put the application on the long list or the short list (or take it off)."""
        try:
            return shown(
                services.move_to_list(
                    uow(), actor(), application_id, ListStage(body["list"]), body["reason"]
                )
            )
        except services.UnknownApplication:
            abort(404, message=NO_APPLICATION)
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
            abort(404, message=NO_APPLICATION)


@blp.route("/applications/<application_id>/history")
class ApplicationHistory(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, HistoryEntrySchema(many=True))
    def get(self, application_id: str) -> object:
        """Every screening, override, rejection and list move, oldest first, with who did
        it, when and why."""
        try:
            return services.application_history_of(uow(), application_id)
        except services.UnknownApplication:
            abort(404, message=NO_APPLICATION)


def _require_secretariat() -> None:
    principal = current_principal()
    if principal is None:
        abort(401, message="Sign in first.")
    if not principal.has_any(SECRETARIAT):
        abort(403, message="You do not have access to this.")


# --- the panel on the long list ---------------------------------------------------------------
# A panel member reaches only the vacancies whose panel they sit on, and only the candidates
# on their long or short list; anything else is the same 404.

NOT_FOR_PANEL = "Nothing of this kind for your panel."


class PanelBlindQuerySchema(Schema):
    blind = fields.Boolean(
        load_default=False, metadata={"description": "hide names (a blind vacancy always does)"}
    )


class PanelVacancySchema(Schema):
    vacancy_id = fields.Function(lambda v: v.vacancy.id)
    reference = fields.Function(lambda v: v.vacancy.reference)
    title = fields.Function(lambda v: v.vacancy.title)
    blind = fields.Boolean()
    long_listed = fields.Integer()
    short_listed = fields.Integer()
    chair = fields.Boolean(metadata={"description": "whether you chair this panel"})


class LongListEntrySchema(Schema):
    application_id = fields.String()
    candidate = fields.String(
        attribute="shown_name", metadata={"description": "the name, or a neutral code if blind"}
    )
    list_stage = fields.String()
    proposal = fields.String(allow_none=True)
    mandatory_met = fields.Integer()
    verdicts = fields.Dict(keys=fields.String(), values=fields.String())
    comment_count = fields.Integer()


class PanelLongListSchema(Schema):
    vacancy_id = fields.Function(lambda listing: listing.vacancy.id)
    title = fields.Function(lambda listing: listing.vacancy.title)
    blind = fields.Boolean()
    criteria = fields.Function(lambda listing: [c["id"] for c in listing.criteria])
    entries = fields.List(fields.Nested(LongListEntrySchema))


class PanelVerdictSchema(Schema):
    criterion_id = fields.String()
    mandatory = fields.Boolean()
    verdict = fields.String(metadata={"description": "effective: the secretariat's, if any"})
    overridden = fields.Boolean()
    figure = fields.String()
    evidence = fields.List(fields.String())
    passages = fields.List(fields.Nested(PassageSchema))


class CommentSchema(Schema):
    id = fields.String(dump_only=True)
    application_id = fields.String(dump_only=True)
    author = fields.String(dump_only=True)
    written_at = fields.DateTime(dump_only=True)
    text = fields.String(required=True, validate=validate.Length(min=1, max=MAX_COMMENT))


class PanelCandidateSchema(Schema):
    application_id = fields.Function(lambda r: r.candidate.application_id)
    vacancy_id = fields.Function(lambda r: r.candidate.vacancy_id)
    candidate = fields.Function(lambda r: r.candidate.shown_name)
    blind = fields.Function(lambda r: r.candidate.blind)
    list_stage = fields.Function(lambda r: r.candidate.list_stage)
    proposal = fields.Function(lambda r: r.candidate.proposal)
    verdicts = fields.Function(lambda r: PanelVerdictSchema(many=True).dump(r.candidate.verdicts))
    comments = fields.Function(lambda r: CommentSchema(many=True).dump(r.candidate.comments))


@blp.route("/panel/vacancies")
class PanelVacancies(MethodView):
    @requires(PANEL)
    @blp.response(200, PanelVacancySchema(many=True))
    def get(self) -> object:
        """The vacancies whose panel you sit on."""
        return panel_review.panel_vacancies(uow(), actor())


@blp.route("/panel/vacancies/<vacancy_id>/long-list")
class PanelLongListResource(MethodView):
    @requires(PANEL)
    @blp.arguments(PanelBlindQuerySchema, location="query")
    @blp.response(200, PanelLongListSchema)
    def get(self, query: dict, vacancy_id: str) -> object:
        """The long- and short-listed candidates with their verdicts (short list first)."""
        try:
            return panel_review.long_list(uow(), actor(), vacancy_id, blind=query["blind"])
        except panel_review.NotVisibleToPanel:
            abort(404, message=NOT_FOR_PANEL)


@blp.route("/panel/applications/<application_id>")
class PanelCandidateResource(MethodView):
    @requires(PANEL)
    @blp.arguments(PanelBlindQuerySchema, location="query")
    @blp.response(200, PanelCandidateSchema)
    def get(self, query: dict, application_id: str) -> object:
        """A candidate of the lists: verdicts, evidence and the panel's comments."""
        try:
            return panel_review.candidate(uow(), actor(), application_id, blind=query["blind"])
        except panel_review.NotVisibleToPanel:
            abort(404, message=NOT_FOR_PANEL)


@blp.route("/panel/applications/<application_id>/comments")
class PanelComments(MethodView):
    @requires(PANEL)
    @blp.response(200, CommentSchema(many=True))
    def get(self, application_id: str) -> object:
        try:
            return panel_review.comments(uow(), actor(), application_id)
        except panel_review.NotVisibleToPanel:
            abort(404, message=NOT_FOR_PANEL)

    @requires(PANEL)
    @blp.arguments(CommentSchema)
    @blp.response(201, CommentSchema)
    def post(self, body: dict, application_id: str) -> object:
        """Comment on a candidate of the lists, for the secretariat (who decides)."""
        try:
            return panel_review.comment(uow(), actor(), application_id, body["text"])
        except panel_review.NotVisibleToPanel:
            abort(404, message=NOT_FOR_PANEL)
        except (InvalidComment, panel_review.CannotComment) as error:
            abort(422, message=str(error))


@blp.route("/applications/<application_id>/comments")
class ApplicationComments(MethodView):
    @requires(SECRETARIAT)
    @blp.response(200, CommentSchema(many=True))
    def get(self, application_id: str) -> object:
        """The panel's comments on the application, oldest first."""
        try:
            services.application(uow(), application_id)
        except services.UnknownApplication:
            abort(404, message=NO_APPLICATION)
        return panel_review.comments_for_secretariat(uow(), application_id)
