"""In-memory fakes of the units of work and repositories, for service-layer unit tests.

`FakeUnitOfWork` subclasses the abstract `shared.unit_of_work.UnitOfWork`, so emitting,
recording, committing, rolling back and re-entering behave exactly as in production; only
the storage is a list in memory. Its repositories behave like a transaction: the state
they hold is copied when the outermost block opens and restored on rollback, so a use case
that raises (or forgets to commit) leaves nothing behind, as it would in the database.

Each service has fakes of its repositories with the method names of the SQLAlchemy ones in
`services/<svc>/adapters/repositories.py`, and a unit of work exposing the same
attributes as the real one (`vacancies`, `applications`, `rounds`, `contacts`,
`deliveries`).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.intake.domain.applications import (
    Application,
    ApplicationRefused,
    ReplacedCv,
    Stage,
    VacancyListing,
)
from services.intake.domain.diversity import DiversityAnswers
from services.intake.domain.profile_review import ProfileReview
from services.intake.domain.rereading import RereadJob
from services.intake.service_layer.services import CvReading
from services.notify.domain.contacts import CandidateContact
from services.notify.domain.deliveries import Delivery, DeliveryStatus
from services.scoring.adapters.repositories import RoundSetup
from services.scoring.domain.amendments import Amendment
from services.scoring.domain.conflicts import Declaration
from services.scoring.domain.kit import InterviewKit
from services.scoring.domain.panel import (
    Competency,
    Panel,
    RoundClosure,
    ScoreSheet,
    ScoringRound,
    ShortlistedCandidate,
)
from services.screening.domain.applicants import ApplicantRow, VerdictCell, neutral_code
from services.screening.domain.panel_review import Comment, VacancyPanel
from services.screening.domain.vacancies import (
    CriteriaVersion,
    DecisionRecord,
    ListMove,
    ScreenedApplication,
    Vacancy,
    VerdictOverride,
    erased_verdict,
)
from services.screening.domain.versions import RescreenJob, ScreeningChange
from shared.audit import AuditRecord
from shared.messaging.contracts import Envelope
from shared.storage import FileStore, StoredFile
from shared.unit_of_work import UnitOfWork


class FakeIntegrityError(Exception):
    """What the database would refuse: a duplicate primary key or unique value."""


# --- the unit of work ---------------------------------------------------------------------


class FakeUnitOfWork(UnitOfWork):
    """Keeps what was committed in lists; the repositories of subclasses roll back."""

    producer = "fake"

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Envelope] = []
        self.audit: list[AuditRecord] = []
        self.commits = 0
        self.handled: set[tuple[str, str]] = set()
        self._pending_handled: set[tuple[str, str]] = set()
        self._snapshot: list[dict[str, Any]] | None = None

    @property
    def committed(self) -> bool:
        return self.commits > 0

    def repositories(self) -> tuple[Any, ...]:
        """The fake repositories whose state a rollback restores."""
        return ()

    def events_named(self, name: str) -> list[Envelope]:
        return [event for event in self.events if event.name == name]

    def mark_handled(self, consumer: str, envelope: Envelope) -> bool:
        key = (consumer, envelope.id)
        if key in self.handled or key in self._pending_handled:
            return False
        self._pending_handled.add(key)
        return True

    def _begin(self) -> None:
        self._snapshot = self._take_snapshot()

    def _commit(self, events: list[Envelope], audit_records: list[AuditRecord]) -> None:
        self.events.extend(events)
        self.audit.extend(audit_records)
        self.audit_texts_erased = [
            *getattr(self, "audit_texts_erased", []),
            *self._audit_text_erasures,
        ]
        self.handled |= self._pending_handled
        self._pending_handled = set()
        self.commits += 1
        self._snapshot = self._take_snapshot()

    def _rollback(self) -> None:
        self._pending_handled = set()
        if self._snapshot is None:
            return
        for repository, state in zip(self.repositories(), self._snapshot, strict=True):
            repository.__dict__.clear()
            repository.__dict__.update(copy.deepcopy(state))

    def _take_snapshot(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(repository.__dict__) for repository in self.repositories()]


# --- intake -------------------------------------------------------------------------------


class FakeIntakeVacancyRepository:
    def __init__(self) -> None:
        self.vacancies: dict[str, VacancyListing] = {}

    def get(self, vacancy_id: str) -> VacancyListing | None:
        return self.vacancies.get(vacancy_id)

    def save(self, vacancy: VacancyListing) -> None:
        self.vacancies[vacancy.id] = vacancy

    def list_open(self, today: Any) -> list[VacancyListing]:
        listed = [v for v in self.vacancies.values() if v.is_open(today)]
        return sorted(listed, key=lambda v: (v.closing_date is None, v.closing_date or today))


class FakeIntakeApplicationRepository:
    def __init__(self) -> None:
        self.applications: dict[str, Application] = {}
        self.readings: list[dict[str, Any]] = []
        self.replaced: list[ReplacedCv] = []
        self.reviews: list[ProfileReview] = []
        self.erasures: dict[str, tuple[datetime, Stage]] = {}

    def add(self, application: Application) -> None:
        if application.id in self.applications or self.find_by_email(
            application.vacancy_id, application.candidate_email
        ):
            raise FakeIntegrityError(application.id)
        self.applications[application.id] = application

    def update(self, application: Application) -> None:
        if application.id in self.applications:
            self.applications[application.id] = application

    def get(self, application_id: str, *, lock: bool = False) -> Application | None:
        return self.applications.get(application_id)

    def find_by_email(self, vacancy_id: str, email: str) -> Application | None:
        for application in self.applications.values():
            if application.vacancy_id == vacancy_id and application.candidate_email == email:
                return application
        return None

    def find_by_cv(self, vacancy_id: str, sha256: str) -> str | None:
        for application in self.applications.values():
            if application.vacancy_id == vacancy_id and application.cv.sha256 == sha256:
                return application.id
        for replaced in self.replaced:
            if replaced.vacancy_id == vacancy_id and replaced.cv.sha256 == sha256:
                return replaced.application_id
        return None

    def awaiting_confirmation(self, vacancy_id: str) -> list[Application]:
        return [
            a
            for a in self.applications.values()
            if a.vacancy_id == vacancy_id and a.awaiting_confirmation
        ]

    def add_replaced_cv(self, replaced: ReplacedCv) -> None:
        self.replaced.append(replaced)

    def replaced_cvs(self, application_id: str) -> list[ReplacedCv]:
        return [r for r in self.replaced if r.application_id == application_id]

    def add_review(self, review: ProfileReview) -> None:
        self.reviews.append(copy.deepcopy(review))

    def latest_review(self, application_id: str) -> ProfileReview | None:
        found = [r for r in self.reviews if r.application_id == application_id]
        return copy.deepcopy(found[-1]) if found else None

    def record_reading(self, application_id: str, reading, cv_sha256: str | None = None) -> None:
        self.readings.append(
            {
                "id": len(self.readings) + 1,
                "application_id": application_id,
                "cv_sha256": cv_sha256,
                "parser_version": reading.parser_version,
                "text": reading.text,
                "pages": list(reading.pages),
                "profile": reading.profile,
                "method": reading.method,
                "notes": list(reading.notes),
                "attention_reason": reading.attention_reason,
                "read_at": datetime.now(UTC),
            }
        )

    def for_vacancy(self, vacancy_id: str, stage=None) -> list[Application]:
        return [
            a
            for a in self.applications.values()
            if a.vacancy_id == vacancy_id
            and a.submitted_at is not None
            and (stage is None or a.stage == stage)
        ]

    def reading_counts(self, vacancy_id: str) -> tuple[int, int]:
        applicants = [a for a in self.for_vacancy(vacancy_id) if a.stage is not Stage.WITHDRAWN]
        return sum(a.stage is Stage.RECEIVED for a in applicants), len(applicants)

    def ids_to_reread(self, vacancy_id: str, parser_version: str, everything: bool) -> list[str]:
        def stale(application_id: str) -> bool:
            latest = self.latest_reading(application_id)
            return latest is None or latest["parser_version"] != parser_version

        return [
            a.id
            for a in self.for_vacancy(vacancy_id)
            if not a.awaiting_confirmation
            and a.stage is not Stage.WITHDRAWN
            and (everything or stale(a.id))
        ]

    def latest_reading(self, application_id: str) -> dict[str, Any] | None:
        found = [r for r in self.readings if r["application_id"] == application_id]
        return dict(found[-1]) if found else None

    def erase(self, anonymised: Application, erased_at: datetime, from_stage: Stage) -> None:
        application_id = anonymised.id
        self.applications[application_id] = anonymised
        self.erasures[application_id] = (erased_at, from_stage)
        self.readings = [r for r in self.readings if r["application_id"] != application_id]
        self.reviews = [r for r in self.reviews if r.application_id != application_id]
        self.replaced = [r for r in self.replaced if r.application_id != application_id]

    def erased_at(self, application_id: str) -> datetime | None:
        found = self.erasures.get(application_id)
        return found[0] if found else None


class FakeRereadJobRepository:
    def __init__(self) -> None:
        self.jobs: dict[str, RereadJob] = {}

    def add(self, job: RereadJob) -> None:
        self.jobs[job.id] = job

    def get(self, job_id: str, *, lock: bool = False) -> RereadJob | None:
        return self.jobs.get(job_id)

    def update(self, job: RereadJob) -> None:
        self.jobs[job.id] = job

    def for_vacancy(self, vacancy_id: str) -> list[RereadJob]:
        return [job for job in self.jobs.values() if job.vacancy_id == vacancy_id]


class FakeDiversityRepository:
    def __init__(self, applications: Callable[[], FakeIntakeApplicationRepository]) -> None:
        self.answers_kept: dict[str, DiversityAnswers] = {}
        self.applications = applications  # a function: copied by reference in snapshots

    def add(self, application_id: str, answers: DiversityAnswers) -> None:
        if application_id in self.answers_kept:
            raise FakeIntegrityError(application_id)
        self.answers_kept[application_id] = answers

    def forget(self, application_id: str) -> None:
        self.answers_kept.pop(application_id, None)

    def answers(self, vacancy_id: str, stage=None) -> list[DiversityAnswers]:
        return [
            self.answers_kept.get(a.id, DiversityAnswers())
            for a in self.applications().for_vacancy(vacancy_id, stage)
        ]


class FakeInterviewRepository:
    """Intake's copy of each application's interview and outcome (`AfterShortlist`)."""

    def __init__(self) -> None:
        self.kept: dict[str, Any] = {}

    def get(self, application_id: str) -> Any:
        return self.kept.get(application_id)

    def save(self, news: Any) -> None:
        self.kept[news.application_id] = news

    def forget(self, application_id: str) -> None:
        self.kept.pop(application_id, None)


class FakeIntakeUnitOfWork(FakeUnitOfWork):
    producer = "intake"

    def __init__(self) -> None:
        self.vacancies = FakeIntakeVacancyRepository()
        self.applications = FakeIntakeApplicationRepository()
        self.reread_jobs = FakeRereadJobRepository()
        self.diversity = FakeDiversityRepository(lambda: self.applications)
        self.interviews = FakeInterviewRepository()
        super().__init__()

    def repositories(self) -> tuple[Any, ...]:
        return (
            self.vacancies,
            self.applications,
            self.reread_jobs,
            self.diversity,
            self.interviews,
        )


class FakeFileStore(FileStore):
    """A `FileStore` that keeps the files in a dict: same paths, same digests, no disk."""

    def __init__(self) -> None:
        super().__init__(Path("memory"))
        self.files: dict[str, bytes] = {}

    def save(self, folder: str, data: bytes, suffix: str) -> StoredFile:
        digest = hashlib.sha256(data).hexdigest()
        path = f"{folder}/{digest}{suffix}"
        self.files[path] = data
        return StoredFile(path=path, sha256=digest, size=len(data))

    def read(self, path: str) -> bytes:
        return self.files[path]

    def delete(self, path: str) -> None:
        self.files.pop(path, None)


class FakeCvReader:
    """Accepts every upload as `kind` (or refuses it) and reads every CV as `reading`."""

    def __init__(
        self,
        reading: CvReading | None = None,
        kind: str = "pdf",
        refusal: ApplicationRefused | None = None,
    ) -> None:
        self.reading = reading or CvReading("", {}, "fake-1", None)
        self.kind = kind
        self.refusal = refusal
        self.read_from: list[bytes] = []

    def check_upload(self, data: bytes, filename: str) -> str:
        if self.refusal is not None:
            raise self.refusal
        return self.kind

    def read(self, data: bytes, kind: str, filename: str = "") -> CvReading:
        self.read_from.append(data)
        return self.reading


# --- screening ----------------------------------------------------------------------------


class FakeScreeningVacancyRepository:
    def __init__(self) -> None:
        self.vacancies: dict[str, Vacancy] = {}
        self.versions_kept: dict[tuple[str, int], CriteriaVersion] = {}
        self.rescreens: dict[str, RescreenJob] = {}

    def add(self, vacancy: Vacancy) -> None:
        if vacancy.id in self.vacancies:
            raise FakeIntegrityError(vacancy.id)
        self.vacancies[vacancy.id] = vacancy

    def update(self, vacancy: Vacancy) -> None:
        if vacancy.id in self.vacancies:
            self.vacancies[vacancy.id] = vacancy

    def get(self, vacancy_id: str, *, lock: bool = False) -> Vacancy | None:
        return self.vacancies.get(vacancy_id)

    def list(self) -> list[Vacancy]:
        return sorted(self.vacancies.values(), key=lambda v: v.reference)

    def add_version(self, version: CriteriaVersion) -> None:
        key = (version.vacancy_id, version.version)
        if key in self.versions_kept:
            raise FakeIntegrityError(key)
        self.versions_kept[key] = version

    def version(self, vacancy_id: str, version: int) -> CriteriaVersion | None:
        return self.versions_kept.get((vacancy_id, version))

    def versions(self, vacancy_id: str) -> list[CriteriaVersion]:
        found = [v for (vid, _), v in self.versions_kept.items() if vid == vacancy_id]
        return sorted(found, key=lambda v: v.version)

    def add_rescreen(self, job: RescreenJob) -> None:
        self.rescreens[job.id] = job

    def rescreen(self, job_id: str, *, lock: bool = False) -> RescreenJob | None:
        return self.rescreens.get(job_id)

    def update_rescreen(self, job: RescreenJob) -> None:
        self.rescreens[job.id] = job


class FakeScreeningApplicationRepository:
    def __init__(self) -> None:
        self.applications: dict[str, ScreenedApplication] = {}
        self.screenings: list[dict[str, Any]] = []
        self.overrides_made: list[VerdictOverride] = []
        self.decisions_made: list[DecisionRecord] = []
        self.moves: list[ListMove] = []
        self.changes_recorded: list[ScreeningChange] = []

    def save(self, application: ScreenedApplication) -> None:
        self.applications[application.application_id] = replace(application, overrides=())

    def get(self, application_id: str, *, lock: bool = False) -> ScreenedApplication | None:
        found = self.applications.get(application_id)
        return self._with_overrides(found) if found else None

    def for_vacancy(self, vacancy_id: str) -> list[ScreenedApplication]:
        found = [
            self._with_overrides(a)
            for a in self.applications.values()
            if a.vacancy_id == vacancy_id
        ]
        return sorted(found, key=lambda a: a.candidate_name)

    def ids_for_vacancy(self, vacancy_id: str) -> list[str]:
        return sorted(
            a.application_id
            for a in self.applications.values()
            if a.vacancy_id == vacancy_id and a.screened_at is not None
        )

    def record_screening(
        self, application: ScreenedApplication, parser_version, *, requested_by=None, job_id=None
    ) -> None:
        self.screenings.append(
            {
                "application_id": application.application_id,
                "criteria_version": application.criteria_version,
                "parser_version": parser_version,
                "proposal": application.proposal,
                "verdicts": [dict(v) for v in application.verdicts],
                "screened_at": application.screened_at,
                "requested_by": requested_by,
                "rescreen_job_id": job_id,
            }
        )

    def history(self, application_id: str) -> list[dict[str, Any]]:
        return [s for s in self.screenings if s["application_id"] == application_id]

    def add_override(self, override: VerdictOverride) -> None:
        self.overrides_made.append(override)

    def overrides(self, application_ids) -> dict[str, list[VerdictOverride]]:
        return {
            application_id: [o for o in self.overrides_made if o.application_id == application_id]
            for application_id in application_ids
        }

    def add_decision(self, record: DecisionRecord) -> None:
        self.decisions_made.append(record)

    def decisions(self, application_id: str) -> list[DecisionRecord]:
        return [d for d in self.decisions_made if d.application_id == application_id]

    def add_list_move(self, move: ListMove) -> None:
        self.moves.append(move)

    def list_moves(self, application_id: str) -> list[ListMove]:
        return [m for m in self.moves if m.application_id == application_id]

    def record_change(self, change: ScreeningChange) -> None:
        self.changes_recorded.append(change)

    def changes(self, job_id: str, *, only_changed: bool = True) -> list[ScreeningChange]:
        return [
            c
            for c in self.changes_recorded
            if c.job_id == job_id and (c.changed or not only_changed)
        ]

    def _with_overrides(self, application: ScreenedApplication) -> ScreenedApplication:
        mine = self.overrides([application.application_id])[application.application_id]
        return replace(application, overrides=tuple(mine))

    def erase_history(self, application_id: str, neutral_name: str) -> None:
        def mine(item: Any) -> bool:
            return item.application_id == application_id

        for screening in self.screenings:
            if screening["application_id"] == application_id:
                screening["verdicts"] = [erased_verdict(v) for v in screening["verdicts"]]
        self.overrides_made = [
            replace(o, machine_figure="", reason="") if mine(o) else o for o in self.overrides_made
        ]
        self.decisions_made = [replace(d, reason="") if mine(d) else d for d in self.decisions_made]
        self.moves = [replace(m, reason=None) if mine(m) else m for m in self.moves]
        self.changes_recorded = [
            replace(c, candidate_name=neutral_name) if mine(c) else c for c in self.changes_recorded
        ]


class FakeScreeningPanelRepository:
    """Panels and comments in dicts; the long list is read from the applications' fake."""

    def __init__(self, applications: Callable[[], FakeScreeningApplicationRepository]) -> None:
        self._applications = applications
        self.panels: dict[str, VacancyPanel] = {}
        self.comments_made: list[Comment] = []

    def panel(self, vacancy_id: str) -> VacancyPanel | None:
        return self.panels.get(vacancy_id)

    def replace_panel(self, panel: VacancyPanel) -> None:
        self.panels[panel.vacancy_id] = panel

    def vacancies_of(self, member: str) -> list[str]:
        return [v for v, panel in self.panels.items() if member in panel.members]

    def long_list(self, vacancy_id: str, *, blind: bool) -> list[ApplicantRow]:
        rows = [
            _applicant_row(a)
            for a in self._applications().for_vacancy(vacancy_id)
            if a.list_stage.value in ("long_list", "short_list")
        ]
        return sorted(
            rows,
            key=lambda r: (
                r.list_stage != "short_list",
                r.candidate_code if blind else r.candidate_name,
            ),
        )

    def list_counts(self, vacancy_ids) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for vacancy_id in vacancy_ids:
            for row in self.long_list(vacancy_id, blind=False):
                stages = counts.setdefault(vacancy_id, {})
                stages[row.list_stage] = stages.get(row.list_stage, 0) + 1
        return counts

    def add_comment(self, comment: Comment) -> None:
        self.comments_made.append(comment)

    def comments(self, application_id: str) -> list[Comment]:
        mine = [c for c in self.comments_made if c.application_id == application_id]
        return sorted(mine, key=lambda c: (c.written_at, c.id))

    def comment_counts(self, application_ids) -> dict[str, int]:
        counts: dict[str, int] = {}
        for comment in self.comments_made:
            if comment.application_id in application_ids:
                counts[comment.application_id] = counts.get(comment.application_id, 0) + 1
        return counts

    def erase_comments(self, application_id: str, neutral_text: str) -> int:
        erased = [c for c in self.comments_made if c.application_id == application_id]
        self.comments_made = [
            replace(c, text=neutral_text) if c.application_id == application_id else c
            for c in self.comments_made
        ]
        return len(erased)


def _applicant_row(application: ScreenedApplication) -> ApplicantRow:
    effective = application.effective_verdicts
    return ApplicantRow(
        application_id=application.application_id,
        candidate_name=application.candidate_name,
        candidate_code=neutral_code(application.application_id),
        proposal=application.effective_proposal,
        machine_proposal=application.proposal,
        list_stage=application.list_stage.value,
        decision=application.decision.value,
        screened_at=application.screened_at,
        needs_attention=application.needs_attention,
        mandatory_met=[v["verdict"] for v in effective if v.get("mandatory")].count("met"),
        verdicts={
            v["criterion_id"]: VerdictCell(v["verdict"], v.get("override") is not None)
            for v in effective
        },
    )


class FakeScreeningUnitOfWork(FakeUnitOfWork):
    producer = "screening"

    def __init__(self) -> None:
        self.vacancies = FakeScreeningVacancyRepository()
        self.applications = FakeScreeningApplicationRepository()
        self.panels = FakeScreeningPanelRepository(lambda: self.applications)
        super().__init__()

    def repositories(self) -> tuple[Any, ...]:
        return (self.vacancies, self.applications, self.panels)


# --- scoring ------------------------------------------------------------------------------


class FakeRoundRepository:
    """Rows as the tables hold them (`rounds`, `shortlisted`, `score_sheets`), in dicts."""

    def __init__(self) -> None:
        self.rounds: dict[str, dict[str, Any]] = {}
        self.shortlisted: dict[tuple[str, str], str] = {}
        self.sheets: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.locked: list[str] = []
        self.declared: dict[tuple[str, str, str], Declaration] = {}
        # Kits and amendments are kept in their stored form, as the tables keep them (the
        # domain objects hold read-only mappings that the unit of work's snapshot cannot copy).
        self.kits: dict[str, list[dict[str, Any]]] = {}
        self.amended: list[dict[str, Any]] = []
        self.closures: dict[str, RoundClosure] = {}

    def save_vacancy(self, vacancy_id: str, title: str, competencies: list[dict[str, Any]]) -> None:
        row = self.rounds.get(vacancy_id) or {
            "vacancy_id": vacancy_id,
            "panel_members": None,
            "chair": None,
            "completed_at": None,
        }
        self.rounds[vacancy_id] = {**row, "title": title, "competencies": list(competencies)}

    def set_panel(self, vacancy_id: str, panel: Panel) -> None:
        if vacancy_id in self.rounds:
            self.rounds[vacancy_id] = {
                **self.rounds[vacancy_id],
                "panel_members": list(panel.members),
                "chair": panel.chair,
            }

    def add_to_shortlist(self, vacancy_id: str, candidate: ShortlistedCandidate) -> None:
        self.shortlisted.setdefault((vacancy_id, candidate.application_id), candidate.display_name)

    def rename_candidate(self, application_id: str, name: str) -> int:
        keys = [
            k for k, shown in self.shortlisted.items() if k[1] == application_id and shown != name
        ]
        for key in keys:
            self.shortlisted[key] = name
        return len(keys)

    def add_sheet(self, sheet: ScoreSheet) -> None:
        key = (sheet.vacancy_id, sheet.application_id, sheet.member)
        if key in self.sheets:
            raise FakeIntegrityError(key)
        self.sheets[key] = {
            "vacancy_id": sheet.vacancy_id,
            "application_id": sheet.application_id,
            "member": sheet.member,
            "scores": dict(sheet.scores),
            "notes": sheet.notes,
            "submitted_at": sheet.submitted_at,
        }

    def mark_completed(self, vacancy_id: str, when: datetime) -> None:
        if vacancy_id in self.rounds:
            self.rounds[vacancy_id] = {**self.rounds[vacancy_id], "completed_at": when}

    def setup(self, vacancy_id: str, *, lock: bool = False) -> RoundSetup | None:
        row = self.rounds.get(vacancy_id)
        if row is None:
            return None
        if lock:
            self.locked.append(vacancy_id)
        stored_kit = (
            InterviewKit.from_list(self.kits[vacancy_id]) if vacancy_id in self.kits else None
        )
        return RoundSetup(
            vacancy_id=vacancy_id,
            title=row["title"],
            competencies=stored_kit.scoring_competencies()
            if stored_kit
            else tuple(Competency(c["name"], c.get("weight", 1.0)) for c in row["competencies"]),
            panel=Panel(tuple(row["panel_members"]), row["chair"])
            if row["panel_members"]
            else None,
            shortlist=tuple(
                ShortlistedCandidate(application_id, name)
                for (vid, application_id), name in self.shortlisted.items()
                if vid == vacancy_id
            ),
            completed_at=row["completed_at"],
            framework=tuple(dict(c) for c in row["competencies"]),
            stored_kit=stored_kit,
        )

    def scoring_round(self, setup: RoundSetup) -> ScoringRound:
        """As the SQL repository: the setup as given, with the vacancy's stored sheets."""
        return ScoringRound(
            setup.vacancy_id,
            setup.panel,  # type: ignore[arg-type]
            setup.competencies,
            setup.shortlist,
            [
                ScoreSheet(
                    s["vacancy_id"],
                    s["application_id"],
                    s["member"],
                    s["scores"],
                    s["submitted_at"],
                    s["notes"],
                )
                for s in self.sheets.values()
                if s["vacancy_id"] == setup.vacancy_id
            ],
            declarations=self.declarations(setup.vacancy_id),
            amendments=self.amendments(setup.vacancy_id),
            closure=self.closures.get(setup.vacancy_id),
            completed=setup.completed_at is not None,
        )

    def vacancy_ids(self) -> list[str]:
        return sorted(self.rounds, key=lambda v: (self.rounds[v]["title"], v))

    def save_declaration(self, declaration: Declaration) -> None:
        self.declared[(declaration.vacancy_id, *declaration.key)] = declaration

    def declarations(self, vacancy_id: str) -> list[Declaration]:
        return [d for d in self.declared.values() if d.vacancy_id == vacancy_id]

    def save_kit(self, vacancy_id: str, kit: InterviewKit, actor: str, when: datetime) -> None:
        self.kits[vacancy_id] = kit.to_list()

    def add_amendment(self, amendment: Amendment) -> None:
        self.amended.append(
            {
                "vacancy_id": amendment.vacancy_id,
                "application_id": amendment.application_id,
                "member": amendment.member,
                "scores_before": dict(amendment.scores_before),
                "scores_after": dict(amendment.scores_after),
                "notes_before": amendment.notes_before,
                "notes_after": amendment.notes_after,
                "reason": amendment.reason,
                "amended_at": amendment.amended_at,
            }
        )

    def amendments(self, vacancy_id: str) -> list[Amendment]:
        return [Amendment(**a) for a in self.amended if a["vacancy_id"] == vacancy_id]

    def save_closure(self, vacancy_id: str, closure: RoundClosure) -> None:
        if vacancy_id in self.closures:
            raise FakeIntegrityError(vacancy_id)
        self.closures[vacancy_id] = closure

    def closure(self, vacancy_id: str) -> RoundClosure | None:
        return self.closures.get(vacancy_id)


class FakeScoringUnitOfWork(FakeUnitOfWork):
    producer = "scoring"

    def __init__(self) -> None:
        self.rounds = FakeRoundRepository()
        super().__init__()

    def repositories(self) -> tuple[Any, ...]:
        return (self.rounds,)


# --- notify -------------------------------------------------------------------------------


class FakeVacancyContactRepository:
    def __init__(self) -> None:
        self.contacts: dict[str, dict[str, Any]] = {}

    def save(self, vacancy_id: str, title: str, contact_email: str) -> None:
        self.contacts[vacancy_id] = {
            "vacancy_id": vacancy_id,
            "title": title,
            "contact_email": contact_email,
        }

    def get(self, vacancy_id: str) -> dict[str, Any] | None:
        found = self.contacts.get(vacancy_id)
        return dict(found) if found else None


class FakeCandidateContactRepository:
    def __init__(self) -> None:
        self.contacts: dict[str, CandidateContact] = {}

    def save(self, contact: CandidateContact) -> None:
        self.contacts[contact.application_id] = contact

    def get(self, application_id: str) -> CandidateContact | None:
        return self.contacts.get(application_id)

    def forget(self, application_id: str) -> int:
        return 1 if self.contacts.pop(application_id, None) else 0


class FakeDeliveryRepository:
    def __init__(self) -> None:
        self.deliveries: dict[int, Delivery] = {}
        self._next_id = 1

    def exists(self, idempotency_key: str) -> bool:
        return any(d.idempotency_key == idempotency_key for d in self.deliveries.values())

    def add(self, delivery: Delivery) -> None:
        if self.exists(delivery.idempotency_key):
            raise FakeIntegrityError(delivery.idempotency_key)
        self.deliveries[self._next_id] = replace(delivery, id=self._next_id)
        self._next_id += 1

    def update(self, delivery: Delivery) -> None:
        if delivery.id in self.deliveries:
            self.deliveries[delivery.id] = delivery

    def next_due(self, now: datetime) -> Delivery | None:
        for delivery_id in sorted(self.deliveries):
            delivery = self.deliveries[delivery_id]
            due = delivery.next_attempt_at is None or delivery.next_attempt_at <= now
            if delivery.status is DeliveryStatus.PENDING and due:
                return delivery
        return None

    def log(self, limit: int = 200) -> list[Delivery]:
        return [self.deliveries[i] for i in sorted(self.deliveries, reverse=True)][:limit]

    def about_application(self, application_id: str) -> list[Delivery]:
        return [
            self.deliveries[i]
            for i in sorted(self.deliveries)
            if self.deliveries[i].idempotency_key.startswith(f"{application_id}:")
        ]

    def naming_application(self, application_id: str) -> list[Delivery]:
        return [
            self.deliveries[i]
            for i in sorted(self.deliveries)
            if self.deliveries[i].context is not None
            and application_id in repr(self.deliveries[i].context)
        ]


class FakeNotifyUnitOfWork(FakeUnitOfWork):
    producer = "notify"

    def __init__(self) -> None:
        self.contacts = FakeVacancyContactRepository()
        self.deliveries = FakeDeliveryRepository()
        self.candidates = FakeCandidateContactRepository()
        super().__init__()

    def repositories(self) -> tuple[Any, ...]:
        return (self.contacts, self.deliveries, self.candidates)
