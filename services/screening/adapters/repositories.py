"""Screening's repositories: vacancies with their versions and re-screens, and applications
with their screenings, overrides, decisions, list moves and re-screen changes.

The unit of work exposes two repositories (`vacancies`, `applications`); what belongs to a
vacancy (its published versions, its re-screen jobs) is reached through the first, what
belongs to an application through the second. Times read back from SQLite, which keeps
no time zone, are returned in UTC as they were written.

The applications repository also answers the applicants list (`applicant_rows`,
`applicant_counts`) in SQL, on two narrow tables it keeps in step itself: whenever an
application is saved or one of its verdicts overridden, its list row (effective proposal,
mandatory criteria met, blind-mode code, stage, decision…) and its effective verdicts are
written again in the same transaction, so no use case has to remember to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.screening.adapters.tables import (
    MESSAGING,
    applicant_rows,
    application_verdicts,
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
from services.screening.domain.applicants import (
    PAGE_SIZE,
    ApplicantCounts,
    ApplicantQuery,
    ApplicantRow,
    VerdictCell,
    neutral_code,
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
    erased_verdict,
    proposal_for,
)
from services.screening.domain.versions import RescreenJob, ScreeningChange, VerdictChange
from shared.db import stored_utc
from shared.messaging.outbox import erase_from_outbox


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
        values["requested_at"] = stored_utc(values["requested_at"])
        values["finished_at"] = stored_utc(values["finished_at"])
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
        self._keep_list_in_step(application)

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
        return [
            {**row._mapping, "screened_at": stored_utc(row._mapping["screened_at"])} for row in rows
        ]

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
        overridden = self.get(override.application_id)
        if overridden is not None:
            self._keep_list_in_step(overridden)

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
                    at=stored_utc(row.overridden_at),
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
                at=stored_utc(row.decided_at),
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
                at=stored_utc(row.moved_at),
                reason=row.reason,
            )
            for row in rows
        ]

    # the applicants list

    def applicant_rows(
        self,
        vacancy_id: str,
        query: ApplicantQuery,
        *,
        blind: bool = False,
        limit: int = PAGE_SIZE,
        offset: int | None = None,
    ) -> tuple[list[ApplicantRow], int]:
        """One page of the vacancy's applications that match `query`, sorted, with each
        row's effective verdicts, and how many match in all. In blind mode the search
        and the sort by name look at the neutral code, never at the name."""
        conditions = _applicant_conditions(vacancy_id, query, blind)
        matching = self.session.scalar(
            sa.select(sa.func.count()).select_from(applicant_rows).where(*conditions)
        )
        page = self.session.execute(
            sa.select(*LIST_COLUMNS)
            .where(*conditions)
            .order_by(*_applicant_order(query, blind))
            .limit(limit)
            .offset(query.offset if offset is None else offset)
        ).all()
        cells = self._verdict_cells([row.application_id for row in page])
        rows = [
            ApplicantRow(
                **{**row._mapping, "screened_at": stored_utc(row.screened_at)},
                verdicts=cells.get(row.application_id, {}),
            )
            for row in page
        ]
        return rows, matching or 0

    def applicant_counts(self, vacancy_id: str) -> ApplicantCounts:
        """How many applications of the vacancy are at each proposal, stage and decision."""
        grouped = self.session.execute(
            sa.select(
                applicant_rows.c.proposal,
                applicant_rows.c.list_stage,
                applicant_rows.c.decision,
                sa.func.count(),
            )
            .where(applicant_rows.c.vacancy_id == vacancy_id)
            .group_by(
                applicant_rows.c.proposal,
                applicant_rows.c.list_stage,
                applicant_rows.c.decision,
            )
        ).all()
        proposals: dict[str | None, int] = defaultdict(int)
        stages: dict[str, int] = defaultdict(int)
        decisions_: dict[str, int] = defaultdict(int)
        for proposal, stage, decision, count in grouped:
            proposals[proposal] += count
            stages[stage] += count
            decisions_[decision] += count
        return ApplicantCounts(
            total=sum(proposals.values()),
            proposals=dict(proposals),
            stages=dict(stages),
            decisions=dict(decisions_),
        )

    def _verdict_cells(self, application_ids: Sequence[str]) -> dict[str, dict[str, VerdictCell]]:
        if not application_ids:
            return {}
        rows = self.session.execute(
            sa.select(
                application_verdicts.c.application_id,
                application_verdicts.c.criterion_id,
                application_verdicts.c.verdict,
                application_verdicts.c.overridden,
            ).where(application_verdicts.c.application_id.in_(application_ids))
        ).all()
        cells: dict[str, dict[str, VerdictCell]] = defaultdict(dict)
        for application_id, criterion_id, verdict, overridden in rows:
            cells[application_id][criterion_id] = VerdictCell(verdict, bool(overridden))
        return cells

    def _keep_list_in_step(self, application: ScreenedApplication) -> None:
        """Write the application's list row and its effective verdicts again."""
        effective = application.effective_verdicts
        row = _applicant_row(application, effective)
        updated = self.session.execute(
            applicant_rows.update()
            .where(applicant_rows.c.application_id == application.application_id)
            .values(row)
        )
        if not updated.rowcount:
            self.session.execute(applicant_rows.insert().values(row))
        self.session.execute(
            application_verdicts.delete().where(
                application_verdicts.c.application_id == application.application_id
            )
        )
        rows = {
            verdict["criterion_id"]: {
                "application_id": application.application_id,
                "criterion_id": verdict["criterion_id"],
                "vacancy_id": application.vacancy_id,
                "verdict": verdict["verdict"],
                "mandatory": bool(verdict.get("mandatory")),
                "overridden": verdict.get("override") is not None,
            }
            for verdict in effective
        }
        if rows:
            self.session.execute(application_verdicts.insert(), list(rows.values()))

    # erasure

    def erase_history(self, application_id: str, neutral_name: str) -> None:
        """Strip the application's history of its candidate's data: its screenings keep
        the verdict codes only, overrides lose the machine's figure, overrides, decisions
        and list moves their free-text reasons (which may quote the CV), re-screen changes
        the name, and the events in the outbox the name and profile. The application's
        own row (and its list rows) are written by `save`."""
        rows = self.session.execute(
            sa.select(screenings.c.id, screenings.c.verdicts).where(
                screenings.c.application_id == application_id
            )
        ).all()
        for screening_id, verdicts in rows:
            self.session.execute(
                screenings.update()
                .where(screenings.c.id == screening_id)
                .values(verdicts=[erased_verdict(v) for v in verdicts])
            )
        for table, values in (
            (verdict_overrides, {"machine_figure": "", "reason": ""}),
            (decisions, {"reason": ""}),
            (list_moves, {"reason": None}),
            (rescreen_changes, {"candidate_name": neutral_name}),
        ):
            self.session.execute(
                table.update().where(table.c.application_id == application_id).values(values)
            )
        erase_from_outbox(self.session, MESSAGING, application_id)

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
    values["published_at"] = stored_utc(values["published_at"])
    return Vacancy(**values)


def _criteria_version(row: Any) -> CriteriaVersion:
    values = dict(row)
    values["competencies"] = tuple(values["competencies"])
    values["published_at"] = stored_utc(values["published_at"])
    return CriteriaVersion(**values)


LIST_COLUMNS = (
    applicant_rows.c.application_id,
    applicant_rows.c.candidate_name,
    applicant_rows.c.candidate_code,
    applicant_rows.c.proposal,
    applicant_rows.c.machine_proposal,
    applicant_rows.c.list_stage,
    applicant_rows.c.decision,
    applicant_rows.c.screened_at,
    applicant_rows.c.needs_attention,
    applicant_rows.c.mandatory_met,
)


def _applicant_conditions(vacancy_id: str, query: ApplicantQuery, blind: bool) -> list[Any]:
    a = applicant_rows.c
    conditions: list[Any] = [a.vacancy_id == vacancy_id]
    if query.proposal:
        conditions.append(a.proposal == query.proposal)
    if query.decision:
        conditions.append(a.decision == query.decision)
    if query.stage:
        conditions.append(a.list_stage == query.stage)
    if query.verdict_filter:
        criterion_id, verdict = query.verdict_filter
        v = application_verdicts.c
        conditions.append(
            a.application_id.in_(
                sa.select(v.application_id).where(
                    v.vacancy_id == vacancy_id, v.criterion_id == criterion_id, v.verdict == verdict
                )
            )
        )
    if query.search:
        pattern = "%" + _escape_like(query.search) + "%"
        column = a.candidate_code if blind else a.candidate_name
        conditions.append(column.ilike(pattern, escape="\\"))
    return conditions


def _applicant_order(query: ApplicantQuery, blind: bool) -> list[Any]:
    a = applicant_rows.c
    name = a.candidate_code if blind else a.candidate_name
    key = {
        "name": name,
        "screened": a.screened_at,
        "proposal": a.proposal,
        "mandatory_met": a.mandatory_met,
    }[query.sort]
    ordered = key.desc() if query.descending else key.asc()
    # applications not screened yet come last, whichever way the list is sorted
    order = [ordered.nulls_last()] if query.sort in ("screened", "proposal") else [ordered]
    if query.sort != "name":
        order.append(name.asc())
    return [*order, a.application_id.asc()]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _applicant_row(
    application: ScreenedApplication, effective: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    mandatory = [v["verdict"] for v in effective if v.get("mandatory")]
    return {
        "application_id": application.application_id,
        "vacancy_id": application.vacancy_id,
        "candidate_name": application.candidate_name,
        "candidate_code": neutral_code(application.application_id),
        "proposal": None if application.screened_at is None else proposal_for(effective),
        "machine_proposal": application.proposal,
        "list_stage": application.list_stage.value,
        "decision": application.decision.value,
        "screened_at": application.screened_at,
        "needs_attention": application.needs_attention,
        "mandatory_met": mandatory.count("met"),
    }


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
    values["screened_at"] = stored_utc(values["screened_at"])
    values["decided_at"] = stored_utc(values["decided_at"])
    return ScreenedApplication(**values, overrides=tuple(overrides))


def _change(row: Any) -> ScreeningChange:
    values = dict(row)
    values.pop("id")
    values.pop("changed")
    values["verdicts"] = tuple(VerdictChange(**v) for v in values["verdicts"])
    return ScreeningChange(**values)
