"""Scoring's interview-scheduling use cases: propose slots, book, move and cancel
interviews, and the candidate's own picking through their private link.

Every change takes the vacancy's round row lock first, so two candidates picking the same
slot at the same moment are served one after the other (the second is told it is taken).
Each booking change emits an `interview.*` event with the candidate's stable calendar UID,
the new sequence and the panel's contacts, which notify turns into mails with calendar
files. The first proposal of slots gives each shortlisted candidate a private picking link
(a random token; only its hash is stored) and emits `slots.proposed` with it.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.scoring.adapters.directory import MemberDirectory
from services.scoring.adapters.repositories import RoundSetup
from services.scoring.adapters.schedules import ScheduleRepository
from services.scoring.domain.slots import (
    BookingEvent,
    InterviewCancelled,
    InterviewRescheduled,
    InterviewSchedule,
    Slot,
    calendar_uid,
    series,
)
from services.scoring.service_layer.services import UnknownVacancy
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork
from shared.messaging.events import (
    INTERVIEW_CANCELLED,
    INTERVIEW_RESCHEDULED,
    INTERVIEW_SCHEDULED,
    SLOTS_PROPOSED,
)

LinkMaker = Callable[[str], str]


class UnknownLink(LookupError):
    """No candidate's picking link has this token."""


@dataclass(frozen=True)
class Timetable:
    vacancy_id: str
    title: str
    slots: tuple[Slot, ...]
    names: dict[str, str]
    invited: frozenset[str]

    def unbooked(self) -> list[tuple[str, str]]:
        booked = {s.application_id for s in self.slots if s.application_id}
        return [(a, n) for a, n in self.names.items() if a not in booked]


@dataclass(frozen=True)
class CandidateView:
    vacancy_id: str
    title: str
    application_id: str
    candidate_name: str
    booked: Slot | None
    free: tuple[Slot, ...]


def propose_slots(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    first_start: datetime,
    duration: timedelta,
    count: int,
    gap: timedelta,
    location: str,
    actor: str,
    link_for: LinkMaker,
) -> list[Slot]:
    now = datetime.now(UTC)
    with uow:
        setup, schedule, repo = _load(uow, vacancy_id)
        slots = [
            Slot(str(uuid.uuid4()), start, duration, location)
            for start in series(first_start, duration, count, gap)
        ]
        schedule.propose(slots)
        repo.save_schedule(schedule)
        uow.record(
            actor,
            "slots.proposed",
            "round",
            vacancy_id,
            after={"slots": [_audit_slot(s) for s in slots]},
        )
        _send_picking_links(uow, repo, setup, schedule, now, link_for)
        uow.commit()
        return slots


def withdraw_slot(uow: ScoringUnitOfWork, vacancy_id: str, slot_id: str, actor: str) -> None:
    with uow:
        _setup, schedule, repo = _load(uow, vacancy_id)
        slot = schedule.withdraw(slot_id)
        repo.save_schedule(schedule)
        uow.record(actor, "slot.withdrawn", "round", vacancy_id, before=_audit_slot(slot))
        uow.commit()


def assign_slot(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    slot_id: str,
    application_id: str,
    actor: str,
    directory: MemberDirectory,
) -> Slot:
    with uow:
        setup, schedule, repo = _load(uow, vacancy_id)
        event = schedule.assign(slot_id, application_id)
        _apply(uow, repo, setup, schedule, event, actor, directory)
        uow.commit()
        return event.slot


def move_interview(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    application_id: str,
    slot_id: str,
    actor: str,
    directory: MemberDirectory,
) -> Slot:
    with uow:
        setup, schedule, repo = _load(uow, vacancy_id)
        event = schedule.move(application_id, slot_id)
        _apply(uow, repo, setup, schedule, event, actor, directory)
        uow.commit()
        return event.slot


def cancel_interview(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    application_id: str,
    actor: str,
    directory: MemberDirectory,
) -> None:
    with uow:
        setup, schedule, repo = _load(uow, vacancy_id)
        event = schedule.cancel(application_id)
        _apply(uow, repo, setup, schedule, event, actor, directory)
        uow.commit()


def candidate_view(uow: ScoringUnitOfWork, token: str) -> CandidateView:
    with uow:
        vacancy_id, application_id = _invitation(uow, token)
        setup, schedule, _repo = _load(uow, vacancy_id, lock=False)
        return CandidateView(
            vacancy_id,
            setup.title,
            application_id,
            _names(setup).get(application_id, ""),
            schedule.slot_of(application_id),
            schedule.free_slots(),
        )


def pick_slot(uow: ScoringUnitOfWork, token: str, slot_id: str, directory: MemberDirectory) -> Slot:
    with uow:
        vacancy_id, application_id = _invitation(uow, token)
        setup, schedule, repo = _load(uow, vacancy_id)
        event = schedule.pick(slot_id, application_id)
        _apply(uow, repo, setup, schedule, event, f"candidate:{application_id}", directory)
        uow.commit()
        return event.slot


def cancel_by_candidate(uow: ScoringUnitOfWork, token: str, directory: MemberDirectory) -> None:
    """The candidate gives their slot back (to pick another, or because they cannot come)."""
    with uow:
        vacancy_id, application_id = _invitation(uow, token)
        setup, schedule, repo = _load(uow, vacancy_id)
        event = schedule.cancel(application_id)
        _apply(uow, repo, setup, schedule, event, f"candidate:{application_id}", directory)
        uow.commit()


def timetable(uow: ScoringUnitOfWork, vacancy_id: str) -> Timetable:
    with uow:
        setup, schedule, repo = _load(uow, vacancy_id, lock=False)
        return Timetable(
            vacancy_id,
            setup.title,
            schedule.slots,
            _names(setup),
            frozenset(repo.invited(vacancy_id)),
        )


def _load(
    uow: ScoringUnitOfWork, vacancy_id: str, *, lock: bool = True
) -> tuple[RoundSetup, InterviewSchedule, ScheduleRepository]:
    setup = uow.rounds.setup(vacancy_id, lock=lock)
    if setup is None:
        raise UnknownVacancy(vacancy_id)
    repo = uow.schedules
    shortlist = [c.application_id for c in setup.shortlist]
    return setup, repo.schedule(vacancy_id, shortlist), repo


def _invitation(uow: ScoringUnitOfWork, token: str) -> tuple[str, str]:
    found = uow.schedules.invitation_by_token(token) if token else None
    if found is None:
        raise UnknownLink(token)
    return found


def _send_picking_links(
    uow: ScoringUnitOfWork,
    repo: ScheduleRepository,
    setup: RoundSetup,
    schedule: InterviewSchedule,
    now: datetime,
    link_for: LinkMaker,
) -> None:
    """A link for every shortlisted candidate who has none yet and no interview booked."""
    invited = repo.invited(setup.vacancy_id)
    for candidate in setup.shortlist:
        application_id = candidate.application_id
        if application_id in invited or schedule.slot_of(application_id) is not None:
            continue
        token = secrets.token_urlsafe(32)
        repo.save_link(setup.vacancy_id, application_id, token, now)
        uow.emit(
            SLOTS_PROPOSED,
            {
                "vacancy_id": setup.vacancy_id,
                "vacancy_title": setup.title,
                "application_id": application_id,
                "candidate_name": candidate.display_name,
                "picking_url": link_for(token),
                "free_slots": len(schedule.free_slots()),
                "proposed_at": now,
            },
        )
        uow.record(
            "system:scoring",
            "interview.link_sent",
            "round",
            setup.vacancy_id,
            after={"application_id": application_id},
        )


def _apply(
    uow: ScoringUnitOfWork,
    repo: ScheduleRepository,
    setup: RoundSetup,
    schedule: InterviewSchedule,
    event: BookingEvent,
    actor: str,
    directory: MemberDirectory,
) -> None:
    repo.save_schedule(schedule)
    before = _audit_slot(event.previous) if isinstance(event, InterviewRescheduled) else None
    if isinstance(event, InterviewCancelled):
        contract, action, before, after = (
            INTERVIEW_CANCELLED,
            "interview.cancelled",
            _audit_slot(event.slot),
            None,
        )
    elif isinstance(event, InterviewRescheduled):
        contract, action, after = (
            INTERVIEW_RESCHEDULED,
            "interview.rescheduled",
            _audit_slot(event.slot),
        )
    else:
        contract, action, after = (
            INTERVIEW_SCHEDULED,
            "interview.scheduled",
            _audit_slot(event.slot),
        )
    members = directory(setup.panel.members) if setup.panel else []
    slot = event.slot
    uow.emit(
        contract,
        {
            "vacancy_id": setup.vacancy_id,
            "vacancy_title": setup.title,
            "application_id": event.application_id,
            "candidate_name": _names(setup).get(event.application_id, ""),
            "starts_at": slot.starts_at,
            "time_zone": slot.time_zone,
            "duration_minutes": int(slot.duration.total_seconds() // 60),
            "location": slot.location,
            "calendar_uid": calendar_uid(setup.vacancy_id, event.application_id),
            "sequence": event.sequence,
            "panel": [m.to_dict() for m in members],
            "previous_starts_at": event.previous.starts_at
            if isinstance(event, InterviewRescheduled)
            else None,
        },
    )
    uow.record(
        actor,
        action,
        "interview",
        f"{setup.vacancy_id}:{event.application_id}",
        before=before,
        after=after,
    )


def _names(setup: RoundSetup) -> dict[str, str]:
    return {c.application_id: c.display_name for c in setup.shortlist}


def _audit_slot(slot: Slot) -> dict[str, Any]:
    return {
        "slot_id": slot.slot_id,
        "starts_at": slot.starts_at.isoformat(),
        "time_zone": slot.time_zone,
        "minutes": int(slot.duration.total_seconds() // 60),
        "location": slot.location,
        "application_id": slot.application_id,
    }
