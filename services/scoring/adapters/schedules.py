"""Scoring's repository of interview timetables, candidates' picking links and decisions.

Slots are stored with their start as a UTC instant beside the IANA zone they were set
in, and come back as aware datetimes in that zone. A candidate's picking link is kept
only as the SHA-256 of its token, so the database alone cannot open anyone's page.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.scoring.adapters.tables import (
    decision_announcements,
    interview_invitations,
    interview_slots,
    panel_decisions,
)
from services.scoring.domain.decisions import Decision, Outcome, PanelDecision
from services.scoring.domain.slots import InterviewSchedule, Slot, zone
from shared.db import stored_utc


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ScheduleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- slots ------------------------------------------------------------------------

    def schedule(self, vacancy_id: str, shortlist: list[str]) -> InterviewSchedule:
        rows = self.session.execute(
            sa.select(interview_slots).where(interview_slots.c.vacancy_id == vacancy_id)
        ).all()
        sequences = {
            row.application_id: row.sequence
            for row in self.session.execute(
                sa.select(interview_invitations).where(
                    interview_invitations.c.vacancy_id == vacancy_id,
                    interview_invitations.c.sequence.is_not(None),
                )
            ).all()
        }
        return InterviewSchedule(vacancy_id, shortlist, [_slot(r) for r in rows], sequences)

    def save_schedule(self, schedule: InterviewSchedule) -> None:
        """Make the stored slots and sequences those of `schedule` (slots are few)."""
        table = interview_slots
        stored = {
            row.slot_id
            for row in self.session.execute(
                sa.select(table.c.slot_id).where(table.c.vacancy_id == schedule.vacancy_id)
            ).all()
        }
        wanted = {slot.slot_id: slot for slot in schedule.slots}
        gone = stored - set(wanted)
        if gone:
            self.session.execute(table.delete().where(table.c.slot_id.in_(gone)))
        # free the slots first, so that a move never trips the one-slot-per-candidate rule
        self.session.execute(
            table.update()
            .where(table.c.vacancy_id == schedule.vacancy_id)
            .values(application_id=None)
        )
        for slot in wanted.values():
            values = _row(schedule.vacancy_id, slot)
            if slot.slot_id in stored:
                self.session.execute(
                    table.update().where(table.c.slot_id == slot.slot_id).values(values)
                )
            else:
                self.session.execute(table.insert().values(slot_id=slot.slot_id, **values))
        for application_id, sequence in schedule.sequences.items():
            self._upsert_invitation(schedule.vacancy_id, application_id, sequence=sequence)

    # --- picking links ----------------------------------------------------------------

    def invitation_by_token(self, token: str) -> tuple[str, str] | None:
        """(vacancy id, application id) of the picking link `token`, if it is one."""
        row = self.session.execute(
            sa.select(
                interview_invitations.c.vacancy_id, interview_invitations.c.application_id
            ).where(interview_invitations.c.token_hash == token_hash(token))
        ).first()
        return (row.vacancy_id, row.application_id) if row else None

    def invited(self, vacancy_id: str) -> set[str]:
        rows = self.session.execute(
            sa.select(interview_invitations.c.application_id).where(
                interview_invitations.c.vacancy_id == vacancy_id,
                interview_invitations.c.token_hash.is_not(None),
            )
        ).all()
        return {row.application_id for row in rows}

    def save_link(self, vacancy_id: str, application_id: str, token: str, when: datetime) -> None:
        self._upsert_invitation(
            vacancy_id, application_id, token_hash=token_hash(token), invited_at=when
        )

    def _upsert_invitation(self, vacancy_id: str, application_id: str, **values: Any) -> None:
        table = interview_invitations
        where = (table.c.vacancy_id == vacancy_id) & (table.c.application_id == application_id)
        if self.session.execute(sa.select(table.c.vacancy_id).where(where)).first():
            self.session.execute(table.update().where(where).values(values))
        else:
            self.session.execute(
                table.insert().values(
                    vacancy_id=vacancy_id, application_id=application_id, **values
                )
            )

    # --- decisions --------------------------------------------------------------------

    def panel_decision(self, vacancy_id: str, shortlist: list[str]) -> PanelDecision:
        rows = self.session.execute(
            sa.select(panel_decisions).where(panel_decisions.c.vacancy_id == vacancy_id)
        ).all()
        announced = self.session.execute(
            sa.select(decision_announcements.c.announced_at).where(
                decision_announcements.c.vacancy_id == vacancy_id
            )
        ).scalar()
        decisions = [
            Decision(
                r.application_id,
                Outcome(r.outcome),
                r.reason,
                r.decided_by,
                stored_utc(r.decided_at),
            )
            for r in rows
        ]
        return PanelDecision(vacancy_id, shortlist, decisions, announced)

    def save_decision(self, vacancy_id: str, decision: Decision) -> None:
        table = panel_decisions
        values = {
            "outcome": decision.outcome.value,
            "reason": decision.reason,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at,
        }
        where = (table.c.vacancy_id == vacancy_id) & (
            table.c.application_id == decision.application_id
        )
        if self.session.execute(sa.select(table.c.vacancy_id).where(where)).first():
            self.session.execute(table.update().where(where).values(values))
        else:
            self.session.execute(
                table.insert().values(
                    vacancy_id=vacancy_id, application_id=decision.application_id, **values
                )
            )

    def save_announcement(self, vacancy_id: str, by: str, when: datetime) -> None:
        self.session.execute(
            decision_announcements.insert().values(
                vacancy_id=vacancy_id, announced_by=by, announced_at=when
            )
        )


def _slot(row: Any) -> Slot:
    starts = stored_utc(row.starts_at).astimezone(zone(row.time_zone))
    return Slot(
        row.slot_id,
        starts,
        timedelta(minutes=row.duration_minutes),
        row.location,
        row.application_id,
    )


def _row(vacancy_id: str, slot: Slot) -> dict[str, Any]:
    return {
        "vacancy_id": vacancy_id,
        "starts_at": slot.starts_at.astimezone(UTC),
        "time_zone": slot.time_zone,
        "duration_minutes": int(slot.duration.total_seconds() // 60),
        "location": slot.location,
        "application_id": slot.application_id,
    }
