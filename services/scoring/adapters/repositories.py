"""Scoring's repository: loads and saves what makes a vacancy's scoring round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.scoring.adapters.tables import MESSAGING, rounds, score_sheets, shortlisted
from services.scoring.domain.panel import (
    Competency,
    Panel,
    ScoreSheet,
    ScoringRound,
    ShortlistedCandidate,
)
from shared.messaging.outbox import erase_from_outbox


@dataclass(frozen=True)
class RoundSetup:
    """A vacancy as scoring knows it, whether or not its round can start yet."""

    vacancy_id: str
    title: str
    competencies: tuple[Competency, ...]
    panel: Panel | None
    shortlist: tuple[ShortlistedCandidate, ...]
    completed_at: datetime | None


class RoundRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save_vacancy(self, vacancy_id: str, title: str, competencies: list[dict[str, Any]]) -> None:
        values = {"title": title, "competencies": competencies}
        if self._row(vacancy_id):
            self.session.execute(
                rounds.update().where(rounds.c.vacancy_id == vacancy_id).values(values)
            )
        else:
            self.session.execute(rounds.insert().values(vacancy_id=vacancy_id, **values))

    def set_panel(self, vacancy_id: str, panel: Panel) -> None:
        self.session.execute(
            rounds.update()
            .where(rounds.c.vacancy_id == vacancy_id)
            .values(panel_members=list(panel.members), chair=panel.chair)
        )

    def add_to_shortlist(self, vacancy_id: str, candidate: ShortlistedCandidate) -> None:
        exists = self.session.execute(
            sa.select(shortlisted.c.application_id).where(
                shortlisted.c.vacancy_id == vacancy_id,
                shortlisted.c.application_id == candidate.application_id,
            )
        ).first()
        if not exists:
            self.session.execute(
                shortlisted.insert().values(
                    vacancy_id=vacancy_id,
                    application_id=candidate.application_id,
                    display_name=candidate.display_name,
                )
            )

    def rename_candidate(self, application_id: str, name: str) -> int:
        """Show the application's candidate as `name` everywhere scoring keeps a name (the
        short lists, and the events in the outbox); how many short-list rows changed."""
        changed = self.session.execute(
            shortlisted.update()
            .where(
                shortlisted.c.application_id == application_id, shortlisted.c.display_name != name
            )
            .values(display_name=name)
        ).rowcount
        erase_from_outbox(self.session, MESSAGING, application_id)
        return changed

    def add_sheet(self, sheet: ScoreSheet) -> None:
        self.session.execute(
            score_sheets.insert().values(
                vacancy_id=sheet.vacancy_id,
                application_id=sheet.application_id,
                member=sheet.member,
                scores=dict(sheet.scores),
                notes=sheet.notes,
                submitted_at=sheet.submitted_at,
            )
        )

    def mark_completed(self, vacancy_id: str, when: datetime) -> None:
        self.session.execute(
            rounds.update().where(rounds.c.vacancy_id == vacancy_id).values(completed_at=when)
        )

    def setup(self, vacancy_id: str, *, lock: bool = False) -> RoundSetup | None:
        """The round setup; `lock` holds its row until commit (one submitter at a time)."""
        row = self._row(vacancy_id, lock=lock)
        if row is None:
            return None
        candidates = self.session.execute(
            sa.select(shortlisted).where(shortlisted.c.vacancy_id == vacancy_id)
        ).all()
        return RoundSetup(
            vacancy_id=vacancy_id,
            title=row.title,
            competencies=tuple(
                Competency(c["name"], c.get("weight", 1.0)) for c in row.competencies
            ),
            panel=Panel(tuple(row.panel_members), row.chair) if row.panel_members else None,
            shortlist=tuple(
                ShortlistedCandidate(c.application_id, c.display_name) for c in candidates
            ),
            completed_at=row.completed_at,
        )

    def scoring_round(self, setup: RoundSetup) -> ScoringRound:
        """The round with its stored sheets; raises the domain's setup errors if not ready."""
        sheets = self.session.execute(
            sa.select(score_sheets).where(score_sheets.c.vacancy_id == setup.vacancy_id)
        ).all()
        return ScoringRound(
            setup.vacancy_id,
            setup.panel,
            setup.competencies,
            setup.shortlist,
            [
                ScoreSheet(
                    s.vacancy_id, s.application_id, s.member, s.scores, s.submitted_at, s.notes
                )
                for s in sheets
            ],
        )

    def _row(self, vacancy_id: str, *, lock: bool = False) -> Any:
        query = sa.select(rounds).where(rounds.c.vacancy_id == vacancy_id)
        return self.session.execute(query.with_for_update() if lock else query).first()
