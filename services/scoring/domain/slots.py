"""Interview slots of one vacancy's panel, and who is booked into which.

This module owns the rules of the interview timetable: a slot starts at an aware moment in
a named IANA time zone (so "10:00 in Geneva" stays 10:00 in Geneva across a DST change),
lasts a positive duration and may name a room or a video link; the slots of a panel never
overlap (one panel sits one interview at a time); a slot holds at most one candidate and a
candidate has at most one slot; only shortlisted candidates are booked. Proposing,
assigning, picking, moving and cancelling each return a domain event; every change to a
candidate's booking raises their calendar `sequence`, so the calendar event that carries
their stable `calendar_uid` is updated rather than duplicated. Plain Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from services.scoring.domain.panel import ScoringError, UnknownCandidate

MAX_DURATION = timedelta(hours=12)
MAX_SLOTS_AT_ONCE = 50


class SlotError(ScoringError):
    """A rule of the interview timetable was broken; the message is fit to show a user."""


class UnknownTimeZone(SlotError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name!r} is not a time zone name (expected e.g. Europe/Zurich or America/New_York)."
        )


class NonexistentLocalTime(SlotError):
    def __init__(self, moment: datetime) -> None:
        super().__init__(
            f"{moment:%Y-%m-%d %H:%M} does not exist in {moment.tzinfo} "
            "(the clocks skip that hour); choose another time."
        )


class OverlappingSlots(SlotError):
    def __init__(self, first: Slot, second: Slot) -> None:
        super().__init__(
            f"The slot at {first.label()} overlaps the slot at {second.label()}; "
            "the panel can sit only one interview at a time."
        )


class UnknownSlot(SlotError):
    def __init__(self, slot_id: str) -> None:
        super().__init__(f"There is no slot {slot_id!r} for this vacancy.")


class SlotTaken(SlotError):
    def __init__(self, slot: Slot) -> None:
        super().__init__(f"The slot at {slot.label()} is already taken; choose another.")


class AlreadyBooked(SlotError):
    def __init__(self, slot: Slot) -> None:
        super().__init__(f"This candidate already has the slot at {slot.label()}; move it instead.")


class NotBooked(SlotError):
    def __init__(self, application_id: str) -> None:
        super().__init__(f"Application {application_id!r} has no interview slot.")


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`; `UnknownTimeZone` for anything else (never a fixed offset)."""
    if name not in _zone_names():
        raise UnknownTimeZone(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnknownTimeZone(name) from error


def time_zone_names() -> list[str]:
    return sorted(_zone_names())


def local_start(day: date, at: time, zone_name: str) -> datetime:
    """The aware moment of wall-clock `at` on `day` in `zone_name`; a time the clocks skip
    is refused, and an hour they repeat means its first occurrence."""
    moment = datetime.combine(day, at, tzinfo=zone(zone_name))
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    if round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise NonexistentLocalTime(moment)
    return moment


def series(first: datetime, duration: timedelta, count: int, gap: timedelta) -> list[datetime]:
    """`count` back-to-back starts from `first`, `duration + gap` apart in elapsed time (so a
    DST change between them never makes two overlap), each in `first`'s own time zone."""
    if not 1 <= count <= MAX_SLOTS_AT_ONCE:
        raise SlotError(f"Propose between 1 and {MAX_SLOTS_AT_ONCE} slots at once.")
    if gap < timedelta(0):
        raise SlotError("The break between slots cannot be negative.")
    step = duration + gap
    start_utc = first.astimezone(UTC)
    return [(start_utc + step * n).astimezone(first.tzinfo) for n in range(count)]


@dataclass(frozen=True)
class Slot:
    slot_id: str
    starts_at: datetime
    duration: timedelta
    location: str = ""
    application_id: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.starts_at.tzinfo, ZoneInfo):
            raise SlotError("A slot starts at a time in a named time zone (e.g. Europe/Zurich).")
        if not timedelta(0) < self.duration <= MAX_DURATION:
            raise SlotError("A slot lasts more than nothing and at most 12 hours.")
        object.__setattr__(self, "location", " ".join(self.location.split()))

    @property
    def time_zone(self) -> str:
        return str(self.starts_at.tzinfo)

    @property
    def ends_at(self) -> datetime:
        return (self.starts_at.astimezone(UTC) + self.duration).astimezone(self.starts_at.tzinfo)

    @property
    def is_free(self) -> bool:
        return self.application_id is None

    def overlaps(self, other: Slot) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def seen_in(self, zone_name: str) -> datetime:
        """The start as a clock in `zone_name` shows it."""
        return self.starts_at.astimezone(zone(zone_name))

    def label(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.time_zone}"


@dataclass(frozen=True)
class SlotsProposed:
    vacancy_id: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class InterviewScheduled:
    vacancy_id: str
    application_id: str
    slot: Slot
    sequence: int
    by_candidate: bool


@dataclass(frozen=True)
class InterviewRescheduled:
    vacancy_id: str
    application_id: str
    slot: Slot
    previous: Slot
    sequence: int


@dataclass(frozen=True)
class InterviewCancelled:
    vacancy_id: str
    application_id: str
    slot: Slot
    sequence: int


BookingEvent = InterviewScheduled | InterviewRescheduled | InterviewCancelled


def calendar_uid(vacancy_id: str, application_id: str) -> str:
    """The one calendar event of a candidate's interview, whatever happens to its time."""
    return f"interview-{vacancy_id}-{application_id}@shortlist"


class InterviewSchedule:
    """The timetable of one vacancy's interviews (the aggregate root).

    `sequences` holds, per candidate ever booked, the calendar sequence of their last
    invitation or cancellation; the next change sends that number plus one.
    """

    def __init__(
        self,
        vacancy_id: str,
        shortlist: Iterable[str],
        slots: Iterable[Slot] = (),
        sequences: Mapping[str, int] | None = None,
    ) -> None:
        self.vacancy_id = vacancy_id
        self.shortlist = frozenset(shortlist)
        self._slots: dict[str, Slot] = {}
        self.sequences: dict[str, int] = dict(sequences or {})
        for slot in slots:
            self._add(slot)

    @property
    def slots(self) -> tuple[Slot, ...]:
        return tuple(sorted(self._slots.values(), key=lambda s: s.starts_at.astimezone(UTC)))

    def free_slots(self) -> tuple[Slot, ...]:
        return tuple(slot for slot in self.slots if slot.is_free)

    def slot(self, slot_id: str) -> Slot:
        try:
            return self._slots[slot_id]
        except KeyError:
            raise UnknownSlot(slot_id) from None

    def slot_of(self, application_id: str) -> Slot | None:
        return next((s for s in self._slots.values() if s.application_id == application_id), None)

    def propose(self, slots: Iterable[Slot]) -> SlotsProposed:
        new = tuple(slots)
        if not new:
            raise SlotError("Propose at least one slot.")
        for slot in new:
            if slot.application_id is not None:
                raise SlotError("A proposed slot starts free.")
            self._add(slot)
        return SlotsProposed(self.vacancy_id, new)

    def assign(self, slot_id: str, application_id: str) -> InterviewScheduled:
        return self._book(slot_id, application_id, by_candidate=False)

    def pick(self, slot_id: str, application_id: str) -> InterviewScheduled:
        return self._book(slot_id, application_id, by_candidate=True)

    def move(self, application_id: str, slot_id: str) -> InterviewRescheduled:
        previous = self._booked(application_id)
        target = self.slot(slot_id)
        if target.slot_id == previous.slot_id:
            raise SlotError("The interview is already in that slot.")
        if not target.is_free:
            raise SlotTaken(target)
        self._slots[previous.slot_id] = replace(previous, application_id=None)
        moved = replace(target, application_id=application_id)
        self._slots[target.slot_id] = moved
        return InterviewRescheduled(
            self.vacancy_id, application_id, moved, previous, self._next_sequence(application_id)
        )

    def cancel(self, application_id: str) -> InterviewCancelled:
        booked = self._booked(application_id)
        self._slots[booked.slot_id] = replace(booked, application_id=None)
        return InterviewCancelled(
            self.vacancy_id, application_id, booked, self._next_sequence(application_id)
        )

    def withdraw(self, slot_id: str) -> Slot:
        """Take a free slot off the timetable (a booked one is cancelled first)."""
        slot = self.slot(slot_id)
        if not slot.is_free:
            raise SlotTaken(slot)
        del self._slots[slot_id]
        return slot

    def _book(self, slot_id: str, application_id: str, *, by_candidate: bool) -> InterviewScheduled:
        if application_id not in self.shortlist:
            raise UnknownCandidate(application_id)
        current = self.slot_of(application_id)
        if current is not None:
            raise AlreadyBooked(current)
        slot = self.slot(slot_id)
        if not slot.is_free:
            raise SlotTaken(slot)
        booked = replace(slot, application_id=application_id)
        self._slots[slot_id] = booked
        return InterviewScheduled(
            self.vacancy_id,
            application_id,
            booked,
            self._next_sequence(application_id),
            by_candidate,
        )

    def _booked(self, application_id: str) -> Slot:
        slot = self.slot_of(application_id)
        if slot is None:
            raise NotBooked(application_id)
        return slot

    def _next_sequence(self, application_id: str) -> int:
        sequence = self.sequences.get(application_id, -1) + 1
        self.sequences[application_id] = sequence
        return sequence

    def _add(self, slot: Slot) -> None:
        if slot.slot_id in self._slots:
            raise SlotError(f"Slot {slot.slot_id!r} is listed twice.")
        for other in self._slots.values():
            if slot.overlaps(other):
                raise OverlappingSlots(slot, other)
        if slot.application_id is not None:
            if slot.application_id not in self.shortlist:
                raise UnknownCandidate(slot.application_id)
            held = self.slot_of(slot.application_id)
            if held is not None:
                raise AlreadyBooked(held)
        self._slots[slot.slot_id] = slot


@cache
def _zone_names() -> frozenset[str]:
    # read once: listing the zone database walks the file system
    return frozenset(available_timezones())
