"""Calendar files (RFC 5545, iTIP) for interview invitations, built with `icalendar`.

One interview is one calendar event whose UID stays the same for the candidate whatever
happens to it: an invitation or a change is `METHOD:REQUEST` with a higher SEQUENCE (so
a calendar updates the event it already holds), a cancellation `METHOD:CANCEL` with
`STATUS:CANCELLED`. DTSTART and DTEND carry the TZID of the zone the slot was set in, and
the file carries that zone's VTIMEZONE, so each attendee's calendar shows the right local
time. The description names only the candidate the interview is with. No I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//shortlist//interviews//EN"


class Method(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class Person:
    name: str
    email: str

    def address(self) -> vCalAddress:
        address = vCalAddress(f"mailto:{self.email}")
        if self.name:
            address.params["CN"] = vText(" ".join(self.name.split()))
        return address


@dataclass(frozen=True)
class Interview:
    uid: str
    sequence: int
    starts_at: datetime
    duration: timedelta
    summary: str
    description: str
    location: str
    organizer: Person
    attendees: Sequence[Person]

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None:
            raise ValueError("An interview starts at an aware datetime.")
        if self.sequence < 0:
            raise ValueError("A calendar sequence is never negative.")


def calendar_file(interview: Interview, method: Method, stamp: datetime | None = None) -> bytes:
    """The .ics bytes of `interview` sent as `method`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method.value)
    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", interview.starts_at)
    # elapsed time, so a slot across a DST change still lasts what it says
    ends_at = (interview.starts_at.astimezone(UTC) + interview.duration).astimezone(
        interview.starts_at.tzinfo
    )
    event.add("dtend", ends_at)
    event.add("summary", interview.summary)
    event.add("description", interview.description)
    if interview.location:
        event.add("location", interview.location)
    event.add("organizer", interview.organizer.address(), encode=False)
    for person in interview.attendees:
        attendee = person.address()
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "TRUE"
        event.add("attendee", attendee, encode=False)
    event.add("status", "CANCELLED" if method is Method.CANCEL else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
