"""What the candidate learns after the short list: their interview, then the panel's outcome.

Scoring owns the interview timetable and the panel's decision; intake keeps, per
application, only what the candidate's status page shows (`AfterShortlist`): the private
link to pick an interview time once slots are proposed, the interview as it now stands
(its instant, the IANA zone it was set in, its length and place), and the outcome
(selected, on the reserve list, not selected) with when it was decided. Never the panel's
reasons and never scores: they are not the candidate's to see, so intake does not keep
them. Every change is idempotent and tolerant of order: an interview change older than
the one kept (a lower or equal calendar `sequence`) is ignored, a decision older than the
one kept too. The interview and the outcome are facts about a shortlisted application,
not stages of its own: the application stays `shortlisted` (what the screening lists and
the equal-opportunity counts know), and the status page's headline follows these facts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_LOCATION_CHARS = 500
MAX_ZONE_CHARS = 64


class Outcome(StrEnum):
    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"


OUTCOME_DESCRIPTIONS = {
    Outcome.SELECTED: (
        "The panel has selected you for this position. Congratulations: the secretariat"
        " will contact you about the next steps."
    ),
    Outcome.RESERVE: (
        "The panel has placed you on the reserve list: should the position become"
        " available again, the secretariat may contact you."
    ),
    Outcome.NOT_SELECTED: (
        "The panel has made its decision and you have not been selected for this position."
        " Thank you for your interest and for the time you gave to this recruitment."
    ),
}
CHOOSE_TIME = "Interview: choose your time."


def known_zone(name: str | None) -> str:
    """`name` if it is an IANA time zone this machine knows, else "UTC" (never a crash)."""
    if not name or len(name) > MAX_ZONE_CHARS:
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


@dataclass(frozen=True)
class Interview:
    starts_at: datetime
    time_zone: str
    duration_minutes: int
    location: str = ""

    @classmethod
    def of(
        cls, starts_at: datetime, time_zone: str, duration_minutes: int, location: str | None
    ) -> Interview:
        """An interview as kept: an aware instant, a known zone, a tidy location."""
        # kept in UTC: SQLite gives a stored datetime back without its offset
        aware = (starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)).astimezone(UTC)
        place = " ".join((location or "").replace("\x00", "").split())[:MAX_LOCATION_CHARS]
        return cls(aware, known_zone(time_zone), max(1, duration_minutes), place)

    @property
    def zone(self) -> tzinfo:
        return ZoneInfo(known_zone(self.time_zone))

    @property
    def local_start(self) -> datetime:
        """The start as the clock reads in the interview's own time zone."""
        return self.starts_at.astimezone(self.zone)

    @property
    def description(self) -> str:
        local = self.local_start
        words = (
            f"Interview on {local:%A %d %B %Y at %H:%M} ({self.time_zone} time),"
            f" {self.duration_minutes} minutes"
        )
        return f"{words}, {self.location}." if self.location else f"{words}."


@dataclass(frozen=True)
class AfterShortlist:
    """One application's interview and outcome, as far as intake has heard."""

    application_id: str
    picking_url: str | None = None
    slots_proposed_at: datetime | None = None
    interview: Interview | None = None
    interview_sequence: int | None = None
    outcome: Outcome | None = None
    decided_at: datetime | None = None

    def slots_proposed(self, picking_url: str, proposed_at: datetime) -> AfterShortlist:
        """Slots are open to pick through `picking_url` (a newer proposal's link wins)."""
        if self.slots_proposed_at is not None and proposed_at < self.slots_proposed_at:
            return self
        return replace(self, picking_url=picking_url, slots_proposed_at=proposed_at)

    def interview_changed(self, interview: Interview | None, sequence: int) -> AfterShortlist:
        """The interview as it stands after change number `sequence` (None: cancelled);
        a change not newer than the one kept is stale and changes nothing."""
        if self.interview_sequence is not None and sequence <= self.interview_sequence:
            return self
        return replace(self, interview=interview, interview_sequence=sequence)

    def decided(self, outcome: Outcome, decided_at: datetime) -> AfterShortlist:
        if self.decided_at is not None and decided_at < self.decided_at:
            return self
        return replace(self, outcome=outcome, decided_at=decided_at)

    @property
    def to_choose(self) -> bool:
        """The candidate has a link to pick a time, and no interview is booked."""
        return self.picking_url is not None and self.interview is None

    @property
    def description(self) -> str | None:
        """The status page's headline, or None when there is nothing to say yet."""
        if self.outcome is not None:
            return OUTCOME_DESCRIPTIONS[self.outcome]
        if self.interview is not None:
            return self.interview.description
        if self.to_choose:
            return CHOOSE_TIME
        return None
