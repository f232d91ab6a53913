"""Scoring's repository: loads and saves what makes a vacancy's scoring round.

A round is its vacancy (with the competency framework published with it), the panel, the
short list, the interview kit (stored once the secretariat edits it, otherwise built from
the framework), the conflict-of-interest declarations, the sheets, their amendments (in
the order made) and the chair's closing, if any.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.scoring.adapters.tables import (
    MESSAGING,
    conflict_declarations,
    consensus_ratings,
    interview_kits,
    round_closures,
    rounds,
    score_sheets,
    sheet_amendments,
    shortlisted,
)
from services.scoring.domain.amendments import Amendment
from services.scoring.domain.conflicts import Declaration
from services.scoring.domain.consensus import ConsensusRating
from services.scoring.domain.kit import InterviewKit, default_kit
from services.scoring.domain.panel import (
    Competency,
    Panel,
    RoundClosure,
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
    framework: tuple[dict[str, Any], ...] = ()
    stored_kit: InterviewKit | None = None

    @property
    def kit(self) -> InterviewKit | None:
        """The kit the panel uses: the edited one, or one built from the framework."""
        if self.stored_kit is not None:
            return self.stored_kit
        return default_kit(self.framework) if self.framework else None


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
        kit_row = self.session.execute(
            sa.select(interview_kits.c.competencies).where(
                interview_kits.c.vacancy_id == vacancy_id
            )
        ).first()
        stored_kit = InterviewKit.from_list(kit_row.competencies) if kit_row else None
        return RoundSetup(
            vacancy_id=vacancy_id,
            title=row.title,
            competencies=stored_kit.scoring_competencies()
            if stored_kit
            else tuple(Competency(c["name"], c.get("weight", 1.0)) for c in row.competencies),
            panel=Panel(tuple(row.panel_members), row.chair) if row.panel_members else None,
            shortlist=tuple(
                ShortlistedCandidate(c.application_id, c.display_name) for c in candidates
            ),
            completed_at=row.completed_at,
            framework=tuple(dict(c) for c in row.competencies),
            stored_kit=stored_kit,
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
            declarations=self.declarations(setup.vacancy_id),
            amendments=self.amendments(setup.vacancy_id),
            closure=self.closure(setup.vacancy_id),
            completed=setup.completed_at is not None,
        )

    def vacancy_ids(self) -> list[str]:
        """Every vacancy scoring knows, by title (tens a year: listed whole)."""
        return list(
            self.session.execute(
                sa.select(rounds.c.vacancy_id).order_by(rounds.c.title, rounds.c.vacancy_id)
            ).scalars()
        )

    def save_declaration(self, declaration: Declaration) -> None:
        key = (
            (conflict_declarations.c.vacancy_id == declaration.vacancy_id)
            & (conflict_declarations.c.member == declaration.member)
            & (conflict_declarations.c.application_id == declaration.application_id)
        )
        self.session.execute(conflict_declarations.delete().where(key))
        self.session.execute(
            conflict_declarations.insert().values(
                vacancy_id=declaration.vacancy_id,
                member=declaration.member,
                application_id=declaration.application_id,
                conflict=declaration.conflict,
                note=declaration.note,
                declared_at=declaration.declared_at,
            )
        )

    def declarations(self, vacancy_id: str) -> list[Declaration]:
        rows = self.session.execute(
            sa.select(conflict_declarations).where(conflict_declarations.c.vacancy_id == vacancy_id)
        ).all()
        return [
            Declaration(r.vacancy_id, r.member, r.application_id, r.conflict, r.note, r.declared_at)
            for r in rows
        ]

    def save_kit(self, vacancy_id: str, kit: InterviewKit, actor: str, when: datetime) -> None:
        self.session.execute(
            interview_kits.delete().where(interview_kits.c.vacancy_id == vacancy_id)
        )
        self.session.execute(
            interview_kits.insert().values(
                vacancy_id=vacancy_id, competencies=kit.to_list(), edited_by=actor, edited_at=when
            )
        )

    def add_amendment(self, amendment: Amendment) -> None:
        self.session.execute(
            sheet_amendments.insert().values(
                vacancy_id=amendment.vacancy_id,
                application_id=amendment.application_id,
                member=amendment.member,
                scores_before=dict(amendment.scores_before),
                scores_after=dict(amendment.scores_after),
                notes_before=amendment.notes_before,
                notes_after=amendment.notes_after,
                reason=amendment.reason,
                amended_at=amendment.amended_at,
            )
        )

    def amendments(self, vacancy_id: str) -> list[Amendment]:
        rows = self.session.execute(
            sa.select(sheet_amendments)
            .where(sheet_amendments.c.vacancy_id == vacancy_id)
            .order_by(sheet_amendments.c.amendment_id)
        ).all()
        return [
            Amendment(
                r.vacancy_id,
                r.application_id,
                r.member,
                r.scores_before,
                r.scores_after,
                r.notes_before,
                r.notes_after,
                r.reason,
                r.amended_at,
            )
            for r in rows
        ]

    def save_closure(self, vacancy_id: str, closure: RoundClosure) -> None:
        self.session.execute(
            round_closures.insert().values(
                vacancy_id=vacancy_id,
                closed_by=closure.closed_by,
                reason=closure.reason,
                closed_at=closure.closed_at,
                outstanding=closure.outstanding,
            )
        )

    def closure(self, vacancy_id: str) -> RoundClosure | None:
        row = self.session.execute(
            sa.select(round_closures).where(round_closures.c.vacancy_id == vacancy_id)
        ).first()
        if row is None:
            return None
        return RoundClosure(row.closed_by, row.reason, row.closed_at, row.outstanding)

    def save_consensus(self, consensus: ConsensusRating) -> ConsensusRating | None:
        """Store the consensus, replacing the one for the same candidate and competency;
        the one it replaced, if any."""
        key = (
            (consensus_ratings.c.vacancy_id == consensus.vacancy_id)
            & (consensus_ratings.c.application_id == consensus.application_id)
            & (consensus_ratings.c.competency == consensus.competency)
        )
        row = self.session.execute(sa.select(consensus_ratings).where(key)).first()
        self.session.execute(consensus_ratings.delete().where(key))
        self.session.execute(
            consensus_ratings.insert().values(
                vacancy_id=consensus.vacancy_id,
                application_id=consensus.application_id,
                competency=consensus.competency,
                rating=consensus.rating,
                reason=consensus.reason,
                recorded_by=consensus.recorded_by,
                recorded_at=consensus.recorded_at,
            )
        )
        return _consensus(row) if row else None

    def consensus_ratings(self, vacancy_id: str) -> list[ConsensusRating]:
        rows = self.session.execute(
            sa.select(consensus_ratings).where(consensus_ratings.c.vacancy_id == vacancy_id)
        ).all()
        return [_consensus(row) for row in rows]

    def _row(self, vacancy_id: str, *, lock: bool = False) -> Any:
        query = sa.select(rounds).where(rounds.c.vacancy_id == vacancy_id)
        return self.session.execute(query.with_for_update() if lock else query).first()


def _consensus(row: Any) -> ConsensusRating:
    return ConsensusRating(
        row.vacancy_id,
        row.application_id,
        row.competency,
        row.rating,
        row.reason,
        row.recorded_by,
        row.recorded_at,
    )
