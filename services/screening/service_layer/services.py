"""Screening's use cases: define, version and publish vacancies, screen CVs, review them.

A vacancy's draft is edited freely; `publish_vacancy` freezes it as the next criteria
version. `screen_cv` judges every criterion of a published version for the profile
intake read, and proposes: long list, needs review, or not eligible. A new application
is screened under the latest version; one already screened keeps its version when its
CV is read again, because a version never changes silently: `request_rescreen` screens
a vacancy's applications again under a chosen version, in batches handled by screening's
own consumer (`rescreen_batch`), and records what each re-screen changed. A CV that
intake could not read is not judged at all: every verdict is unclear and a person looks
at it.

The machine never rejects: the secretariat overrides a verdict with a reason
(`override_verdict`), confirms a rejection (`reject`, only for an application whose
effective proposal is not eligible) or reverses one, and moves applications onto the
lists; each is recorded with who, when and why. The secretariat reads them through
`applicant_list` (filtered, sorted, counted and paged in the database) and
`candidate_review`; a vacancy is blind when its draft or its latest published version asks
for it, so that turning blind mode on takes effect at once and needs no new version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import PurePath
from typing import Any

from services.screening.domain.applicants import (
    ApplicantPage,
    ApplicantQuery,
    ApplicantRow,
    blinded,
    is_blind,
    last_page,
)
from services.screening.domain.matching import PositionTagger, Tagger, TaggerFactory, matching_terms
from services.screening.domain.screening import screen
from services.screening.domain.tor import propose_from_tor
from services.screening.domain.vacancies import (
    CannotDecide,
    CriteriaVersion,
    DecisionRecord,
    InvalidVacancy,
    ListMove,
    ListStage,
    ScreenedApplication,
    Vacancy,
    application_history,
)
from services.screening.domain.versions import (
    CriterionChange,
    RescreenJob,
    ScreeningChange,
    batches,
    criteria_changes,
    screening_change,
)
from services.screening.service_layer.erasure import is_erased_application
from services.screening.service_layer.unit_of_work import ScreeningUnitOfWork
from shared.messaging.events import (
    CANDIDATE_SHORTLISTED,
    SCREENING_COMPLETED,
    SCREENING_RESCREEN_REQUESTED,
    VACANCY_PUBLISHED,
)
from shared.storage import FileStore

SYSTEM = "system:screening"
RESCREEN_BATCH_SIZE = 50
TOR_FOLDER = "tor"

ReadTor = Callable[[bytes, str], str]


class UnknownVacancy(LookupError):
    pass


class UnknownApplication(LookupError):
    pass


class UnknownVersion(LookupError):
    def __init__(self, version: int, latest: int) -> None:
        if not latest:
            message = "This vacancy has no published version yet."
        else:
            message = f"Version {version} of this vacancy does not exist; the latest is {latest}."
        super().__init__(message)


class UnknownRescreenJob(LookupError):
    pass


class NoTorFile(LookupError):
    pass


class VacancyNotPublished(LookupError):
    """A CV arrived for a vacancy with no published version (yet): worth retrying."""


class CannotRejectAll(ValueError):
    """A batch rejection refused as a whole: nothing was rejected; `refusals` says why."""

    def __init__(self, refusals: Mapping[str, str]) -> None:
        self.refusals = dict(refusals)
        count = len(self.refusals)
        super().__init__(
            f"{count} of the applications cannot be rejected, so none was: "
            + " ".join(f"{application_id}: {why}" for application_id, why in refusals.items())
        )


# --- vacancies, drafts and versions -----------------------------------------------------------


def create_vacancy(
    uow: ScreeningUnitOfWork,
    actor: str,
    *,
    reference: str,
    title: str,
    tor_text: str,
    criteria: Mapping[str, Any],
    competencies: list[Mapping[str, Any]],
    closing_date: date | None,
    contact_email: str,
    tor_file: str | None = None,
    tor_filename: str | None = None,
) -> Vacancy:
    vacancy = Vacancy.draft(
        reference,
        title,
        tor_text,
        criteria,
        competencies,
        closing_date,
        contact_email,
        tor_file,
        tor_filename,
    )
    with uow:
        uow.vacancies.add(vacancy)
        uow.record(
            actor,
            "vacancy.created",
            "vacancy",
            vacancy.id,
            after={"title": title, "tor_file": tor_file},
        )
        uow.commit()
    return vacancy


def edit_draft(
    uow: ScreeningUnitOfWork, actor: str, vacancy_id: str, changes: Mapping[str, Any]
) -> Vacancy:
    """Change the draft only; published versions stay as they were."""
    with uow:
        vacancy = _vacancy(uow, vacancy_id)
        edited = vacancy.edited(changes)
        uow.vacancies.update(edited)
        before = {k: getattr(vacancy, k) for k in changes if k not in ("criteria", "tor_text")}
        after = {k: getattr(edited, k) for k in changes if k not in ("criteria", "tor_text")}
        if "criteria" in changes:
            after["criteria_changes"] = [
                c.description for c in criteria_changes(vacancy.criteria, edited.criteria)
            ]
        if "tor_text" in changes:
            after["tor_text_changed"] = vacancy.tor_text != edited.tor_text
        uow.record(actor, "vacancy.draft.edited", "vacancy", vacancy_id, before=before, after=after)
        uow.commit()
        return edited


def publish_vacancy(uow: ScreeningUnitOfWork, actor: str, vacancy_id: str) -> Vacancy:
    """Freeze the draft as the next version and announce it."""
    now = datetime.now(UTC)
    with uow:
        vacancy = uow.vacancies.get(vacancy_id, lock=True)
        if vacancy is None:
            raise UnknownVacancy(vacancy_id)
        published, version = vacancy.publish(now, actor)
        uow.vacancies.add_version(version)
        uow.vacancies.update(published)
        uow.emit(
            VACANCY_PUBLISHED,
            {
                "vacancy_id": published.id,
                "reference": published.reference,
                "title": version.title,
                "tor_text": version.tor_text,
                "closing_date": version.closing_date,
                "contact_email": published.contact_email,
                "criteria_version": version.version,
                "competencies": list(version.competencies),
            },
        )
        uow.record(
            actor,
            "vacancy.published",
            "vacancy",
            vacancy_id,
            before={"status": vacancy.status.value, "version": vacancy.version},
            after={"status": published.status.value, "version": published.version},
        )
        uow.commit()
        return published


def vacancies(uow: ScreeningUnitOfWork) -> list[Vacancy]:
    with uow:
        return uow.vacancies.list()


def vacancy(uow: ScreeningUnitOfWork, vacancy_id: str) -> Vacancy:
    with uow:
        return _vacancy(uow, vacancy_id)


def matching_terms_of(uow: ScreeningUnitOfWork, vacancy_id: str) -> dict[str, dict[str, Any]]:
    """What the matcher looks for in the draft's tags, for the secretariat to review."""
    with uow:
        return matching_terms(_vacancy(uow, vacancy_id).parsed_criteria())


def versions(uow: ScreeningUnitOfWork, vacancy_id: str) -> list[CriteriaVersion]:
    with uow:
        _vacancy(uow, vacancy_id)
        return uow.vacancies.versions(vacancy_id)


def version(uow: ScreeningUnitOfWork, vacancy_id: str, number: int) -> CriteriaVersion:
    with uow:
        return _version(uow, _vacancy(uow, vacancy_id), number)


@dataclass(frozen=True)
class VersionChanges:
    from_version: int
    to_version: int
    changes: list[CriterionChange]


def version_changes(
    uow: ScreeningUnitOfWork, vacancy_id: str, number: int, from_number: int | None = None
) -> VersionChanges:
    """What version `number` changed from `from_number` (by default the one before it;
    version 1 is compared with nothing, so all of it is added)."""
    with uow:
        vacancy = _vacancy(uow, vacancy_id)
        new = _version(uow, vacancy, number)
        base = number - 1 if from_number is None else from_number
        old = _version(uow, vacancy, base).criteria if base else {}
        return VersionChanges(base, number, criteria_changes(old, new.criteria))


# --- the ToR ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TorImport:
    """A ToR read and its proposed criteria, for the secretariat to edit into a vacancy."""

    tor_text: str
    criteria: dict[str, Any]
    competencies: list[Any]
    notes: list[Any]
    tor_file: str
    tor_filename: str


def import_tor(read_tor: ReadTor, store: FileStore, data: bytes, filename: str) -> TorImport:
    """Read the ToR document, keep the original, propose criteria; nothing else is stored.

    `read_tor` raises (with a message for the secretariat) when the file cannot be read."""
    if not data:
        raise InvalidVacancy("The ToR file is empty.")
    text = read_tor(data, filename)
    proposal = propose_from_tor(text)
    criteria = dict(proposal.criteria)
    competencies = criteria.pop("competencies", [])
    notes = criteria.pop("notes", [])
    stored = store.save(TOR_FOLDER, data, _suffix(filename))
    return TorImport(
        tor_text=text,
        criteria=criteria,
        competencies=list(competencies),
        notes=list(notes),
        tor_file=stored.path,
        tor_filename=PurePath(filename).name or "tor",
    )


def tor_file(
    uow: ScreeningUnitOfWork, store: FileStore, vacancy_id: str, number: int | None = None
) -> tuple[bytes, str]:
    """The original ToR document of a published version (the latest by default); with
    `number=0`, that of the draft."""
    with uow:
        vacancy = _vacancy(uow, vacancy_id)
        if number == 0:
            path, name = vacancy.tor_file, vacancy.tor_filename
        else:
            found = _version(uow, vacancy, number or vacancy.version)
            path, name = found.tor_file, found.tor_filename
    if not path:
        raise NoTorFile("No original ToR file was kept for this vacancy.")
    try:
        return store.read(path), name or PurePath(path).name
    except FileNotFoundError as error:
        raise NoTorFile("The original ToR file is no longer stored.") from error


# --- screening --------------------------------------------------------------------------------


def screen_cv(
    uow: ScreeningUnitOfWork,
    payload: Mapping[str, Any],
    *,
    tagger_for: TaggerFactory = PositionTagger.for_vacancy,
) -> ScreenedApplication:
    """Screen a CV as read: a new application under the latest published version, one
    already screened under the version it was screened under (a re-read CV does not
    switch version; only a re-screen does)."""
    now = datetime.now(UTC)
    with uow:
        vacancy = _vacancy(uow, payload["vacancy_id"])
        if vacancy.version == 0:
            raise VacancyNotPublished(vacancy.id)
        found = uow.applications.get(payload["application_id"], lock=True)
        application = found or ScreenedApplication(
            application_id=payload["application_id"],
            vacancy_id=vacancy.id,
            candidate_name=payload["candidate_name"],
            profile=payload["profile"],
        )
        application = application.with_profile(
            payload["profile"],
            payload["needs_attention"],
            payload["attention_reason"],
            payload["parser_version"],
        )
        number = application.criteria_version or vacancy.version
        if uow.vacancies.version(vacancy.id, number) is None:
            # screened before versions were kept: only the latest version was kept then
            number = vacancy.version
        criteria = _version(uow, vacancy, number)
        screened = _screened(application, criteria, tagger_for(criteria.parsed_criteria()), now)
        uow.applications.save(screened)
        uow.applications.record_screening(screened, payload["parser_version"])
        uow.emit(
            SCREENING_COMPLETED,
            {
                "application_id": screened.application_id,
                "vacancy_id": vacancy.id,
                "criteria_version": screened.criteria_version,
                "parser_version": payload["parser_version"],
                "proposal": screened.proposal,
                "verdicts": list(screened.verdicts),
            },
        )
        uow.record(
            SYSTEM,
            "application.screened",
            "application",
            screened.application_id,
            after={"criteria_version": screened.criteria_version, "proposal": screened.proposal},
        )
        uow.commit()
        return screened


def request_rescreen(
    uow: ScreeningUnitOfWork, actor: str, vacancy_id: str, criteria_version: int | None = None
) -> RescreenJob:
    """Ask for every screened application of the vacancy to be screened again under
    `criteria_version` (the latest published by default); screening's consumer does it."""
    now = datetime.now(UTC)
    with uow:
        vacancy = _vacancy(uow, vacancy_id)
        if vacancy.version == 0:
            raise VacancyNotPublished("This vacancy has no published version to screen under.")
        number = _version(uow, vacancy, criteria_version or vacancy.version).version
        ids = uow.applications.ids_for_vacancy(vacancy_id)
        job = RescreenJob.start(vacancy_id, number, len(ids), actor, now)
        uow.vacancies.add_rescreen(job)
        for batch in batches(ids, RESCREEN_BATCH_SIZE):
            uow.emit(
                SCREENING_RESCREEN_REQUESTED,
                {
                    "job_id": job.id,
                    "vacancy_id": vacancy_id,
                    "criteria_version": number,
                    "application_ids": batch,
                },
            )
        uow.record(
            actor,
            "applications.rescreen.requested",
            "vacancy",
            vacancy_id,
            after={"job_id": job.id, "criteria_version": number, "total": job.total},
        )
        uow.commit()
        return job


def rescreen_batch(
    uow: ScreeningUnitOfWork,
    payload: Mapping[str, Any],
    *,
    tagger_for: TaggerFactory = PositionTagger.for_vacancy,
) -> RescreenJob:
    """Screen one batch of a re-screen job, record each new screening and what it changed,
    and advance the job. `screening.completed` is not emitted for a re-screen: the CV has
    not changed, and intake would take a shortlisted candidate's stage back to review."""
    now = datetime.now(UTC)
    with uow:
        job = uow.vacancies.rescreen(payload["job_id"])
        if job is None:
            raise UnknownRescreenJob(payload["job_id"])
        criteria = _version(uow, _vacancy(uow, job.vacancy_id), job.criteria_version)
        tagger = tagger_for(criteria.parsed_criteria())
        changed = 0
        for application_id in payload["application_ids"]:
            before = uow.applications.get(application_id, lock=True)
            if before is None or is_erased_application(before):
                continue  # an erased candidate's application keeps its last verdict codes
            after = _screened(before, criteria, tagger, now)
            uow.applications.save(after)
            uow.applications.record_screening(
                after, after.parser_version, requested_by=job.requested_by, job_id=job.id
            )
            change = screening_change(job.id, before, after)
            uow.applications.record_change(change)
            changed += change.changed
            uow.record(
                SYSTEM,
                "application.rescreened",
                "application",
                application_id,
                before={"criteria_version": before.criteria_version, "proposal": before.proposal},
                after={"criteria_version": after.criteria_version, "proposal": after.proposal},
            )
        # the job row is locked last, so that batches of one job screen in parallel
        locked = uow.vacancies.rescreen(job.id, lock=True) or job
        advanced = locked.advanced(len(payload["application_ids"]), changed, now)
        uow.vacancies.update_rescreen(advanced)
        uow.commit()
        return advanced


def rescreen_job(uow: ScreeningUnitOfWork, job_id: str) -> RescreenJob:
    with uow:
        job = uow.vacancies.rescreen(job_id)
        if job is None:
            raise UnknownRescreenJob(job_id)
        return job


def rescreen_changes(
    uow: ScreeningUnitOfWork, job_id: str, *, only_changed: bool = True
) -> list[ScreeningChange]:
    with uow:
        if uow.vacancies.rescreen(job_id) is None:
            raise UnknownRescreenJob(job_id)
        return uow.applications.changes(job_id, only_changed=only_changed)


# --- review: overrides, rejections, lists -----------------------------------------------------


def override_verdict(
    uow: ScreeningUnitOfWork,
    actor: str,
    application_id: str,
    *,
    criterion_id: str,
    verdict: str,
    reason: str,
) -> ScreenedApplication:
    """The secretariat's verdict on one criterion, under the version screened; the machine's
    verdict and every earlier override are kept."""
    now = datetime.now(UTC)
    with uow:
        application = _application(uow, application_id, lock=True)
        before = next(
            (v for v in application.effective_verdicts if v["criterion_id"] == criterion_id), None
        )
        overridden, override = application.overridden(criterion_id, verdict, actor, reason, now)
        uow.applications.add_override(override)
        uow.record(
            actor,
            "verdict.overridden",
            "application",
            application_id,
            before={
                "criterion_id": criterion_id,
                "criteria_version": override.criteria_version,
                "machine_verdict": override.machine_verdict,
                "verdict": before["verdict"] if before else None,
                "proposal": application.effective_proposal,
            },
            after={
                "criterion_id": criterion_id,
                "verdict": override.verdict,
                "reason": override.reason,
                "proposal": overridden.effective_proposal,
            },
        )
        uow.commit()
        return overridden


def reject(
    uow: ScreeningUnitOfWork, actor: str, application_id: str, reason: str
) -> ScreenedApplication:
    """Confirm the rejection of an application proposed as not eligible."""
    return _decide(uow, application_id, lambda app, now: app.rejected(actor, reason, now))


def reject_many(
    uow: ScreeningUnitOfWork,
    actor: str,
    vacancy_id: str,
    application_ids: Sequence[str],
    reason: str,
) -> list[ScreenedApplication]:
    """Confirm the rejection of several applications of a vacancy, all or none."""
    now = datetime.now(UTC)
    with uow:
        _vacancy(uow, vacancy_id)
        refusals: dict[str, str] = {}
        decided = []
        for application_id in dict.fromkeys(application_ids):
            application = uow.applications.get(application_id, lock=True)
            if application is None or application.vacancy_id != vacancy_id:
                refusals[application_id] = "No such application for this vacancy."
                continue
            try:
                decided.append(application.rejected(actor, reason, now))
            except CannotDecide as error:
                refusals[application_id] = str(error)
        if refusals:
            raise CannotRejectAll(refusals)
        for rejected, record in decided:
            _record_decision(uow, rejected, record)
        uow.commit()
        return [rejected for rejected, _ in decided]


def reverse_rejection(
    uow: ScreeningUnitOfWork, actor: str, application_id: str, reason: str
) -> ScreenedApplication:
    """Take back a confirmed rejection, with the reason."""
    return _decide(uow, application_id, lambda app, now: app.rejection_reversed(actor, reason, now))


def _decide(
    uow: ScreeningUnitOfWork,
    application_id: str,
    decision: Callable[[ScreenedApplication, datetime], tuple[ScreenedApplication, DecisionRecord]],
) -> ScreenedApplication:
    now = datetime.now(UTC)
    with uow:
        application = _application(uow, application_id, lock=True)
        decided, record = decision(application, now)
        _record_decision(uow, decided, record)
        uow.commit()
        return decided


def move_to_list(
    uow: ScreeningUnitOfWork,
    actor: str,
    application_id: str,
    stage: ListStage,
    reason: str | None = None,
) -> ScreenedApplication:
    now = datetime.now(UTC)
    with uow:
        application = _application(uow, application_id, lock=True)
        moved = application.moved_to(stage)
        uow.applications.save(moved)
        if application.list_stage is not stage:
            uow.applications.add_list_move(
                ListMove(application_id, application.list_stage, stage, actor, now, reason)
            )
        if stage is ListStage.SHORT_LIST and application.list_stage is not stage:
            uow.emit(
                CANDIDATE_SHORTLISTED,
                {
                    "application_id": application_id,
                    "vacancy_id": application.vacancy_id,
                    "candidate_name": application.candidate_name,
                    "shortlisted_by": actor,
                },
            )
        uow.record(
            actor,
            "application.list",
            "application",
            application_id,
            before={"list_stage": application.list_stage.value},
            after={"list_stage": stage.value} | ({"reason": reason} if reason else {}),
        )
        uow.commit()
        return moved


def applications(
    uow: ScreeningUnitOfWork, vacancy_id: str, *, blind: bool = False
) -> list[ScreenedApplication]:
    """The vacancy's applications; blinded (`applicants.blinded`) if `blind` is asked or
    the vacancy is blind."""
    with uow:
        vacancy = _vacancy(uow, vacancy_id)
        found = uow.applications.for_vacancy(vacancy_id)
        if blind or _vacancy_is_blind(uow, vacancy):
            return [blinded(application) for application in found]
        return found


def application(
    uow: ScreeningUnitOfWork, application_id: str, *, blind: bool = False
) -> ScreenedApplication:
    """The application; blinded if `blind` is asked or its vacancy is blind."""
    with uow:
        found = _application(uow, application_id)
    return as_shown(uow, found, blind=blind)


def as_shown(
    uow: ScreeningUnitOfWork, application: ScreenedApplication, *, blind: bool = False
) -> ScreenedApplication:
    """`application` as the secretariat may see it: blinded if `blind` is asked or its
    vacancy is blind (for the answers of the use cases that change an application)."""
    if not blind:
        with uow:
            vacancy = uow.vacancies.get(application.vacancy_id)
            blind = vacancy is not None and _vacancy_is_blind(uow, vacancy)
    return blinded(application) if blind else application


def _vacancy_is_blind(uow: ScreeningUnitOfWork, vacancy: Vacancy) -> bool:
    """Whether the vacancy's draft or its latest published version asks for blind mode."""
    latest = uow.vacancies.version(vacancy.id, vacancy.version) if vacancy.version else None
    return is_blind(vacancy.criteria) or is_blind(latest.criteria if latest else None)


def screening_history(uow: ScreeningUnitOfWork, application_id: str) -> list[dict[str, Any]]:
    """Every screening of the application, oldest first (criteria and parser versions)."""
    with uow:
        _application(uow, application_id)
        return uow.applications.history(application_id)


def application_history_of(uow: ScreeningUnitOfWork, application_id: str) -> list[dict[str, Any]]:
    """Every screening, override, decision and list move, oldest first, with who/when/why."""
    with uow:
        found = _application(uow, application_id)
        return application_history(
            found,
            uow.applications.history(application_id),
            uow.applications.decisions(application_id),
            uow.applications.list_moves(application_id),
        )


# --- the applicants list and the candidate page ----------------------------------------------


@dataclass(frozen=True)
class ApplicantList:
    """A page of a vacancy's applicants; `criteria` are the columns (the latest published
    version's, or the draft's before any), `blind` whether names are hidden (by the user's
    choice or the vacancy's setting), `vacancy_blind` whether the vacancy asks for it."""

    vacancy: Vacancy
    criteria: list[Mapping[str, Any]]
    blind: bool
    page: ApplicantPage
    vacancy_blind: bool = False


def applicant_list(
    uow: ScreeningUnitOfWork, vacancy_id: str, query: ApplicantQuery, *, blind: bool = False
) -> ApplicantList:
    """Filter, sort, count and page the vacancy's applications, all in the database; a
    page past the last shows the last, a criterion the vacancy lacks is not filtered on."""
    with uow:
        vacancy = _vacancy(uow, vacancy_id)
        latest = uow.vacancies.version(vacancy_id, vacancy.version) if vacancy.version else None
        criteria = _criteria_list((latest or vacancy).criteria)
        vacancy_blind = is_blind(vacancy.criteria) or is_blind(latest.criteria if latest else None)
        blind = blind or vacancy_blind
        query = query.for_criteria({c["id"] for c in criteria})
        rows, matching = uow.applications.applicant_rows(vacancy_id, query, blind=blind)
        if not rows and query.page > last_page(matching):
            query = query.on_page(last_page(matching))
            rows, matching = uow.applications.applicant_rows(vacancy_id, query, blind=blind)
        counts = uow.applications.applicant_counts(vacancy_id)
        page = ApplicantPage(query, rows, matching, counts)
        return ApplicantList(vacancy, criteria, blind, page, vacancy_blind)


def applicant_rows(
    uow: ScreeningUnitOfWork, vacancy_id: str, query: ApplicantQuery, blind: bool, size: int
) -> list[ApplicantRow]:
    """Page `query.page` of the matching applicants in pages of `size` (for exports)."""
    with uow:
        offset = (query.page - 1) * size
        return uow.applications.applicant_rows(
            vacancy_id, query, blind=blind, limit=size, offset=offset
        )[0]


@dataclass(frozen=True)
class CandidateReview:
    """What the candidate page shows: the application, its vacancy, the criteria of the
    version it was screened under (by id), its history, and whether the vacancy is blind."""

    application: ScreenedApplication
    vacancy: Vacancy
    criteria: dict[str, Mapping[str, Any]]
    history: list[dict[str, Any]]
    blind: bool


def candidate_review(uow: ScreeningUnitOfWork, application_id: str) -> CandidateReview:
    with uow:
        found = _application(uow, application_id)
        vacancy = _vacancy(uow, found.vacancy_id)
        number = found.criteria_version or vacancy.version
        screened_under = uow.vacancies.version(vacancy.id, number) if number else None
        latest = uow.vacancies.version(vacancy.id, vacancy.version) if vacancy.version else None
        history = application_history(
            found,
            uow.applications.history(application_id),
            uow.applications.decisions(application_id),
            uow.applications.list_moves(application_id),
        )
        return CandidateReview(
            application=found,
            vacancy=vacancy,
            criteria={c["id"]: c for c in _criteria_list((screened_under or vacancy).criteria)},
            history=history,
            blind=is_blind(vacancy.criteria) or is_blind(latest.criteria if latest else None),
        )


def _criteria_list(criteria: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = criteria.get("criteria")
    return [c for c in items or () if isinstance(c, Mapping) and isinstance(c.get("id"), str)]


# --- helpers ----------------------------------------------------------------------------------


def _screened(
    application: ScreenedApplication, criteria: CriteriaVersion, tagger: Tagger, now: datetime
) -> ScreenedApplication:
    proposal, verdicts = _judge(criteria, application, now.date(), tagger)
    return application.screened(criteria.version, proposal, verdicts, now)


def _judge(
    version: CriteriaVersion, application: ScreenedApplication, today: date, tagger: Tagger
) -> tuple[str, list[dict[str, Any]]]:
    criteria = version.parsed_criteria()
    if application.needs_attention:
        reason = application.attention_reason or "the CV could not be read"
        verdicts = [
            {
                "criterion_id": c.id,
                "mandatory": c.mandatory,
                "verdict": "unclear",
                "figure": f"Not judged: {reason}",
                "evidence": [],
            }
            for c in criteria.criteria
        ]
        return "needs_review", verdicts
    result = screen(
        application.profile,
        criteria,
        tagger,
        reference_month=version.reference_month(today),
    )
    verdicts = [
        {
            "criterion_id": a.criterion_id,
            "mandatory": a.mandatory,
            "verdict": a.verdict,
            "figure": a.figure,
            "evidence": list(a.evidence),
            "passages": [passage.as_dict() for passage in a.passages],
            "positions": list(a.positions),
            "education": list(a.education),
            "months": a.months,
        }
        for a in result.assessments
    ]
    return result.proposal, verdicts


def _record_decision(
    uow: ScreeningUnitOfWork, application: ScreenedApplication, record: DecisionRecord
) -> None:
    uow.applications.save(application)
    uow.applications.add_decision(record)
    uow.record(
        record.by,
        f"application.{record.action}",
        "application",
        application.application_id,
        before={"machine_proposal": record.machine_proposal, "proposal": record.proposal},
        after={"decision": application.decision.value, "reason": record.reason},
    )


def _suffix(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return suffix if suffix[1:].isalnum() and 1 < len(suffix) <= 6 else ""


def _vacancy(uow: ScreeningUnitOfWork, vacancy_id: str) -> Vacancy:
    found = uow.vacancies.get(vacancy_id)
    if found is None:
        raise UnknownVacancy(vacancy_id)
    return found


def _version(uow: ScreeningUnitOfWork, vacancy: Vacancy, number: int) -> CriteriaVersion:
    found = uow.vacancies.version(vacancy.id, number) if number > 0 else None
    if found is None:
        raise UnknownVersion(number, vacancy.version)
    return found


def _application(
    uow: ScreeningUnitOfWork, application_id: str, *, lock: bool = False
) -> ScreenedApplication:
    found = uow.applications.get(application_id, lock=lock)
    if found is None:
        raise UnknownApplication(application_id)
    return found
