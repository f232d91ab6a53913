"""Screening's repositories: vacancies with their versions and re-screens, and applications
with their screenings, overrides, decisions, list moves and re-screen changes.

The unit of work exposes two repositories (`vacancies`, `applications`); what belongs to a
vacancy (its published versions, its re-screen jobs) is reached through the first, what
belongs to an application through the second. Times read back from SQLite, which keeps
no time zone, are returned in UTC as they were written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.screening.adapters.tables import (
    applications,
    criteria_versions,
    decisions,
    list_moves,
    rescreen_changes,
    rescreen_jobs,
    screenings,
    vacancies,
    verdict_overrides,
)
from services.screening.domain.vacancies import (
    CriteriaVersion,
    Decision,
    DecisionRecord,
    ListMove,
    ListStage,
    ScreenedApplication,
    Vacancy,
    VacancyStatus,
    VerdictOverride,
)
from services.screening.domain.versions import RescreenJob, ScreeningChange, VerdictChange


class VacancyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, vacancy: Vacancy) -> None:
        self.session.execute(vacancies.insert().values(_vacancy_row(vacancy)))

    def update(self, vacancy: Vacancy) -> None:
        self.session.execute(
            vacancies.update().where(vacancies.c.id == vacancy.id).values(_vacancy_row(vacancy))
        )

    def get(self, vacancy_id: str, *, lock: bool = False) -> Vacancy | None:
        query = sa.select(vacancies).where(vacancies.c.id == vacancy_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return _vacancy(row._mapping) if row else None

    def list(self) -> list[Vacancy]:
        rows = self.session.execute(sa.select(vacancies).order_by(vacancies.c.reference)).all()
        return [_vacancy(row._mapping) for row in rows]

    # published versions

    def add_version(self, version: CriteriaVersion) -> None:
        row = asdict(version)
        row["criteria"] = dict(version.criteria)
        row["competencies"] = [dict(c) for c in version.competencies]
        self.session.execute(criteria_versions.insert().values(row))

    def version(self, vacancy_id: str, version: int) -> CriteriaVersion | None:
        row = self.session.execute(
            sa.select(criteria_versions).where(
                criteria_versions.c.vacancy_id == vacancy_id,
                criteria_versions.c.version == version,
            )
        ).first()
        return _criteria_version(row._mapping) if row else None

    def versions(self, vacancy_id: str) -> list[CriteriaVersion]:
        rows = self.session.execute(
            sa.select(criteria_versions)
            .where(criteria_versions.c.vacancy_id == vacancy_id)
            .order_by(criteria_versions.c.version)
        ).all()
        return [_criteria_version(row._mapping) for row in rows]

    # re-screen jobs

    def add_rescreen(self, job: RescreenJob) -> None:
        self.session.execute(rescreen_jobs.insert().values(asdict(job)))

    def rescreen(self, job_id: str, *, lock: bool = False) -> RescreenJob | None:
        query = sa.select(rescreen_jobs).where(rescreen_jobs.c.id == job_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        if row is None:
            return None
        values = dict(row._mapping)
        values["requested_at"] = _utc(values["requested_at"])
        values["finished_at"] = _utc(values["finished_at"])
        return RescreenJob(**values)

    def update_rescreen(self, job: RescreenJob) -> None:
        self.session.execute(
            rescreen_jobs.update().where(rescreen_jobs.c.id == job.id).values(asdict(job))
        )


class ApplicationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, application: ScreenedApplication) -> None:
        """Write the application's own row; its overrides are added one by one."""
        row = _application_row(application)
        exists = self.session.execute(
            sa.select(applications.c.application_id).where(
                applications.c.application_id == application.application_id
            )
        ).first()
        if exists:
            self.session.execute(
                applications.update()
                .where(applications.c.application_id == application.application_id)
                .values(row)
            )
        else:
            self.session.execute(applications.insert().values(row))

    def get(self, application_id: str, *, lock: bool = False) -> ScreenedApplication | None:
        """The application with its overrides; `lock` holds its row until the commit, so that
        a decision, a list move and a screening of one application never interleave."""
        query = sa.select(applications).where(applications.c.application_id == application_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        if row is None:
            return None
        return _application(row._mapping, self.overrides([application_id])[application_id])

    def for_vacancy(self, vacancy_id: str) -> list[ScreenedApplication]:
        rows = self.session.execute(
            sa.select(applications)
            .where(applications.c.vacancy_id == vacancy_id)
            .order_by(applications.c.candidate_name)
        ).all()
        overrides = self._overrides_where(
            verdict_overrides.c.application_id.in_(
                sa.select(applications.c.application_id).where(
                    applications.c.vacancy_id == vacancy_id
                )
            )
        )
        return [_application(row._mapping, overrides[row.application_id]) for row in rows]

    def ids_for_vacancy(self, vacancy_id: str) -> list[str]:
        """The vacancy's screened applications, in a stable order."""
        return list(
            self.session.scalars(
                sa.select(applications.c.application_id)
                .where(
                    applications.c.vacancy_id == vacancy_id,
                    applications.c.screened_at.is_not(None),
                )
                .order_by(applications.c.application_id)
            )
        )

    # screenings

    def record_screening(
        self,
        application: ScreenedApplication,
        parser_version: str | None,
        *,
        requested_by: str | None = None,
        job_id: str | None = None,
    ) -> None:
        """Keep this screening beside the earlier ones of the application."""
        self.session.execute(
            screenings.insert().values(
                application_id=application.application_id,
                criteria_version=application.criteria_version,
                parser_version=parser_version,
                proposal=application.proposal,
                verdicts=[dict(v) for v in application.verdicts],
                screened_at=application.screened_at,
                requested_by=requested_by,
                rescreen_job_id=job_id,
            )
        )

    def history(self, application_id: str) -> list[dict[str, Any]]:
        rows = self.session.execute(
            sa.select(screenings)
            .where(screenings.c.application_id == application_id)
            .order_by(screenings.c.id)
        ).all()
        return [{**row._mapping, "screened_at": _utc(row._mapping["screened_at"])} for row in rows]

    # overrides

    def add_override(self, override: VerdictOverride) -> None:
        self.session.execute(
            verdict_overrides.insert().values(
                application_id=override.application_id,
                criterion_id=override.criterion_id,
                criteria_version=override.criteria_version,
                machine_verdict=override.machine_verdict,
                machine_figure=override.machine_figure,
                verdict=override.verdict,
                overridden_by=override.by,
                overridden_at=override.at,
                reason=override.reason,
            )
        )

    def overrides(self, application_ids: Sequence[str]) -> dict[str, list[VerdictOverride]]:
        return self._overrides_where(verdict_overrides.c.application_id.in_(application_ids))

    def _overrides_where(self, condition: Any) -> dict[str, list[VerdictOverride]]:
        rows = self.session.execute(
            sa.select(verdict_overrides).where(condition).order_by(verdict_overrides.c.id)
        ).all()
        found: dict[str, list[VerdictOverride]] = defaultdict(list)
        for row in rows:
            found[row.application_id].append(
                VerdictOverride(
                    application_id=row.application_id,
                    criterion_id=row.criterion_id,
                    criteria_version=row.criteria_version,
                    machine_verdict=row.machine_verdict,
                    machine_figure=row.machine_figure,
                    verdict=row.verdict,
                    by=row.overridden_by,
                    at=_utc(row.overridden_at),
                    reason=row.reason,
                )
            )
        return found

    # decisions and list moves

    def add_decision(self, record: DecisionRecord) -> None:
        self.session.execute(
            decisions.insert().values(
                application_id=record.application_id,
                action=record.action,
                decided_by=record.by,
                decided_at=record.at,
                reason=record.reason,
                machine_proposal=record.machine_proposal,
                proposal=record.proposal,
                criteria_version=record.criteria_version,
            )
        )

    def decisions(self, application_id: str) -> list[DecisionRecord]:
        rows = self.session.execute(
            sa.select(decisions)
            .where(decisions.c.application_id == application_id)
            .order_by(decisions.c.id)
        ).all()
        return [
            DecisionRecord(
                application_id=row.application_id,
                action=row.action,
                by=row.decided_by,
                at=_utc(row.decided_at),
                reason=row.reason,
                machine_proposal=row.machine_proposal,
                proposal=row.proposal,
                criteria_version=row.criteria_version,
            )
            for row in rows
        ]

    def add_list_move(self, move: ListMove) -> None:
        self.session.execute(
            list_moves.insert().values(
                application_id=move.application_id,
                from_stage=move.from_stage.value,
                to_stage=move.to_stage.value,
                moved_by=move.by,
                moved_at=move.at,
                reason=move.reason,
            )
        )

    def list_moves(self, application_id: str) -> list[ListMove]:
        rows = self.session.execute(
            sa.select(list_moves)
            .where(list_moves.c.application_id == application_id)
            .order_by(list_moves.c.id)
        ).all()
        return [
            ListMove(
                application_id=row.application_id,
                from_stage=ListStage(row.from_stage),
                to_stage=ListStage(row.to_stage),
                by=row.moved_by,
                at=_utc(row.moved_at),
                reason=row.reason,
            )
            for row in rows
        ]

    # what re-screens changed

    def record_change(self, change: ScreeningChange) -> None:
        row = asdict(change)
        row["verdicts"] = [asdict(v) for v in change.verdicts]
        row["changed"] = change.changed
        self.session.execute(rescreen_changes.insert().values(row))

    def changes(self, job_id: str, *, only_changed: bool = True) -> list[ScreeningChange]:
        query = sa.select(rescreen_changes).where(rescreen_changes.c.job_id == job_id)
        if only_changed:
            query = query.where(rescreen_changes.c.changed.is_(True))
        rows = self.session.execute(query.order_by(rescreen_changes.c.id)).all()
        return [_change(row._mapping) for row in rows]


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _vacancy_row(vacancy: Vacancy) -> dict[str, Any]:
    row = asdict(vacancy)
    row["competencies"] = [dict(c) for c in vacancy.competencies]
    row["criteria"] = dict(vacancy.criteria)
    row["status"] = vacancy.status.value
    return row


def _vacancy(row: Any) -> Vacancy:
    values = dict(row)
    values["status"] = VacancyStatus(values["status"])
    values["competencies"] = tuple(values["competencies"])
    values["published_at"] = _utc(values["published_at"])
    return Vacancy(**values)


def _criteria_version(row: Any) -> CriteriaVersion:
    values = dict(row)
    values["competencies"] = tuple(values["competencies"])
    values["published_at"] = _utc(values["published_at"])
    return CriteriaVersion(**values)


def _application_row(application: ScreenedApplication) -> dict[str, Any]:
    return {
        "application_id": application.application_id,
        "vacancy_id": application.vacancy_id,
        "candidate_name": application.candidate_name,
        "profile": dict(application.profile),
        "needs_attention": application.needs_attention,
        "attention_reason": application.attention_reason,
        "criteria_version": application.criteria_version,
        "proposal": application.proposal,
        "verdicts": [dict(v) for v in application.verdicts],
        "screened_at": application.screened_at,
        "list_stage": application.list_stage.value,
        "parser_version": application.parser_version,
        "decision": application.decision.value,
        "decided_by": application.decided_by,
        "decided_at": application.decided_at,
        "decision_reason": application.decision_reason,
    }


def _application(row: Any, overrides: Sequence[VerdictOverride]) -> ScreenedApplication:
    values = dict(row)
    values["list_stage"] = ListStage(values["list_stage"])
    values["decision"] = Decision(values["decision"])
    values["verdicts"] = tuple(values["verdicts"])
    values["screened_at"] = _utc(values["screened_at"])
    values["decided_at"] = _utc(values["decided_at"])
    return ScreenedApplication(**values, overrides=tuple(overrides))


def _change(row: Any) -> ScreeningChange:
    values = dict(row)
    values.pop("id")
    values.pop("changed")
    values["verdicts"] = tuple(VerdictChange(**v) for v in values["verdicts"])
    return ScreeningChange(**values)
