"""Screening's repository of the panels and their comments on the long list.

It keeps each vacancy's panel as scoring appointed it (`panel_members`), the comments
panel members write (`long_list_comments`), and answers the panel's long list in SQL from
the applicants list's own narrow tables (`applicant_rows`, `application_verdicts`), so that
a vacancy with thousands of applicants never loads a profile to show its long list.
Times read back from SQLite, which keeps no time zone, are returned in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.screening.adapters.tables import (
    applicant_rows,
    application_verdicts,
    long_list_comments,
    panel_members,
)
from services.screening.domain.applicants import ApplicantRow, VerdictCell
from services.screening.domain.panel_review import PANEL_STAGES, Comment, VacancyPanel
from shared.db import stored_utc

STAGE_VALUES = [stage.value for stage in PANEL_STAGES]


class PanelRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # the panels

    def panel(self, vacancy_id: str) -> VacancyPanel | None:
        rows = self.session.execute(
            sa.select(panel_members)
            .where(panel_members.c.vacancy_id == vacancy_id)
            .order_by(panel_members.c.member)
        ).all()
        if not rows:
            return None
        return VacancyPanel(
            vacancy_id=vacancy_id,
            members=tuple(row.member for row in rows),
            chair=next((row.member for row in rows if row.chair), None),
            appointed_at=stored_utc(rows[0].appointed_at),
        )

    def replace_panel(self, panel: VacancyPanel) -> None:
        self.session.execute(
            panel_members.delete().where(panel_members.c.vacancy_id == panel.vacancy_id)
        )
        if panel.members:
            self.session.execute(
                panel_members.insert(),
                [
                    {
                        "vacancy_id": panel.vacancy_id,
                        "member": member,
                        "chair": member == panel.chair,
                        "appointed_at": panel.appointed_at,
                    }
                    for member in panel.members
                ],
            )

    def vacancies_of(self, member: str) -> list[str]:
        return list(
            self.session.scalars(
                sa.select(panel_members.c.vacancy_id).where(panel_members.c.member == member)
            )
        )

    # the long list

    def long_list(self, vacancy_id: str, *, blind: bool) -> list[ApplicantRow]:
        """The vacancy's long- and short-listed applications, short list first, by code in
        blind mode and by name otherwise, each with its effective verdicts."""
        a = applicant_rows.c
        name = a.candidate_code if blind else a.candidate_name
        rows = self.session.execute(
            sa.select(
                a.application_id,
                a.candidate_name,
                a.candidate_code,
                a.proposal,
                a.machine_proposal,
                a.list_stage,
                a.decision,
                a.screened_at,
                a.needs_attention,
                a.mandatory_met,
            )
            .where(a.vacancy_id == vacancy_id, a.list_stage.in_(STAGE_VALUES))
            .order_by(a.list_stage.desc(), name, a.application_id)
        ).all()
        cells = self._verdict_cells(vacancy_id)
        return [
            ApplicantRow(
                **{**row._mapping, "screened_at": stored_utc(row.screened_at)},
                verdicts=cells.get(row.application_id, {}),
            )
            for row in rows
        ]

    def list_counts(self, vacancy_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        """For each vacancy, how many applications are on the long and on the short list."""
        if not vacancy_ids:
            return {}
        grouped = self.session.execute(
            sa.select(applicant_rows.c.vacancy_id, applicant_rows.c.list_stage, sa.func.count())
            .where(
                applicant_rows.c.vacancy_id.in_(vacancy_ids),
                applicant_rows.c.list_stage.in_(STAGE_VALUES),
            )
            .group_by(applicant_rows.c.vacancy_id, applicant_rows.c.list_stage)
        ).all()
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for vacancy_id, stage, count in grouped:
            counts[vacancy_id][stage] = count
        return dict(counts)

    def _verdict_cells(self, vacancy_id: str) -> dict[str, dict[str, VerdictCell]]:
        v = application_verdicts.c
        rows = self.session.execute(
            sa.select(v.application_id, v.criterion_id, v.verdict, v.overridden).where(
                v.vacancy_id == vacancy_id,
                v.application_id.in_(
                    sa.select(applicant_rows.c.application_id).where(
                        applicant_rows.c.vacancy_id == vacancy_id,
                        applicant_rows.c.list_stage.in_(STAGE_VALUES),
                    )
                ),
            )
        ).all()
        cells: dict[str, dict[str, VerdictCell]] = defaultdict(dict)
        for application_id, criterion_id, verdict, overridden in rows:
            cells[application_id][criterion_id] = VerdictCell(verdict, bool(overridden))
        return cells

    # the comments

    def add_comment(self, comment: Comment) -> None:
        self.session.execute(
            long_list_comments.insert().values(
                id=comment.id,
                application_id=comment.application_id,
                vacancy_id=comment.vacancy_id,
                author=comment.author,
                written_at=comment.written_at,
                text=comment.text,
            )
        )

    def comments(self, application_id: str) -> list[Comment]:
        """The application's comments, oldest first."""
        rows = self.session.execute(
            sa.select(long_list_comments)
            .where(long_list_comments.c.application_id == application_id)
            .order_by(long_list_comments.c.written_at, long_list_comments.c.id)
        ).all()
        return [
            Comment(**{**row._mapping, "written_at": stored_utc(row.written_at)}) for row in rows
        ]

    def comment_counts(self, application_ids: Sequence[str]) -> dict[str, int]:
        if not application_ids:
            return {}
        c = long_list_comments.c
        rows = self.session.execute(
            sa.select(c.application_id, sa.func.count())
            .where(c.application_id.in_(application_ids))
            .group_by(c.application_id)
        ).all()
        return {application_id: count for application_id, count in rows}

    def erase_comments(self, application_id: str, neutral_text: str) -> int:
        """Replace the texts of the comments about an erased candidate; the authors and
        times stay, for the record. How many there were."""
        result = self.session.execute(
            long_list_comments.update()
            .where(long_list_comments.c.application_id == application_id)
            .values(text=neutral_text)
        )
        return result.rowcount or 0
