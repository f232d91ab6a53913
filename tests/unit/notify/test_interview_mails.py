"""Interview invitations and the decision, as notify mails them: a calendar file per mail
that a calendar reads back at the right instant, the same UID with a higher SEQUENCE for a
change, CANCEL for a cancellation, each mail once however often its event comes, and a
decision mail that tells a candidate only their own outcome.

The events go through notify's own handlers as its consumer hands them over (loaded from
the wire by the contracts, inbox first)."""

from datetime import UTC, datetime
from email import message_from_bytes, policy
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from icalendar import Calendar

from services.notify.entrypoints import handlers
from shared.messaging.contracts import parse_envelope
from shared.messaging.events import (
    APPLICATION_SUBMITTED,
    EVENTS,
    INTERVIEW_CANCELLED,
    INTERVIEW_RESCHEDULED,
    INTERVIEW_SCHEDULED,
    PANEL_DECIDED,
    SLOTS_PROPOSED,
    VACANCY_PUBLISHED,
)
from tests.unit.fakes import FakeNotifyUnitOfWork

ZURICH = ZoneInfo("Europe/Zurich")
NEW_YORK = ZoneInfo("America/New_York")
PANEL = [
    {"username": "panel1", "name": "Pia Chair", "email": "pia@states.example"},
    {"username": "panel2", "name": "Raj Member", "email": "raj@states.example"},
]
UID = "interview-vac-1-app-1@shortlist"


def deliver(uow, contract, payload, producer="scoring", envelope=None):
    envelope = envelope or contract.envelope(payload, producer=producer, correlation_id="c-1")
    received = parse_envelope(envelope.to_message(), EVENTS)
    runtime = SimpleNamespace(
        settings=SimpleNamespace(mail_from="shortlist <no-reply@shortlist.invalid>"),
        mail_archive=lambda: None,
    )
    with uow:
        if uow.mark_handled("notify", received):
            handlers.for_runtime(runtime)[received.name](uow, received)
            uow.commit()
    return envelope


def known_candidate():
    uow = FakeNotifyUnitOfWork()
    deliver(
        uow,
        VACANCY_PUBLISHED,
        {
            "vacancy_id": "vac-1",
            "reference": "ISU-1",
            "title": "Director, ISU",
            "contact_email": "recruitment@secretariat.example",
            "criteria_version": 1,
        },
        producer="screening",
    )
    deliver(
        uow,
        APPLICATION_SUBMITTED,
        {
            "application_id": "app-1",
            "vacancy_id": "vac-1",
            "vacancy_title": "Director, ISU",
            "candidate_name": "Ana Example",
            "candidate_email": "ana@example.org",
            "status_url": "http://localhost:8000/intake/status/secret",
            "submitted_at": datetime(2026, 4, 1, tzinfo=UTC),
        },
        producer="intake",
    )
    return uow


def interview(sequence=0, starts_at=None, **extra):
    return {
        "vacancy_id": "vac-1",
        "vacancy_title": "Director, ISU",
        "application_id": "app-1",
        "candidate_name": "Ana Example",
        "starts_at": starts_at or datetime(2026, 3, 27, 10, 0, tzinfo=ZURICH),
        "time_zone": "Europe/Zurich",
        "duration_minutes": 120,
        "location": "Room 3, Palais",
        "calendar_uid": UID,
        "sequence": sequence,
        "panel": PANEL,
    } | extra


def mails(uow, template_prefix="interview"):
    return [
        message_from_bytes(d.raw, policy=policy.default)
        for d in uow.deliveries.log()
        if d.template.startswith(template_prefix)
    ]


def to(mail):
    return str(mail["To"])


def calendar_of(mail):
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_content())


def event_of(mail):
    _part, calendar = calendar_of(mail)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_reaches_the_candidate_and_every_panel_member_with_a_calendar_file():
    uow = known_candidate()

    deliver(uow, INTERVIEW_SCHEDULED, interview())

    sent = mails(uow)
    assert sorted(to(m) for m in sent) == [
        "Ana Example <ana@example.org>",
        "Pia Chair <pia@states.example>",
        "Raj Member <raj@states.example>",
    ]
    for mail in sent:
        part, calendar = calendar_of(mail)
        assert part.get_param("method") == "REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == UID
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
        assert event.decoded("DTEND").astimezone(UTC) == datetime(2026, 3, 27, 11, 0, tzinfo=UTC)
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Zurich"]
        assert str(event["ORGANIZER"]) == "mailto:recruitment@secretariat.example"
        assert str(event["LOCATION"]) == "Room 3, Palais"


def test_ten_oclock_in_geneva_shows_right_in_new_york_while_only_america_is_on_summer_time():
    # 27 March 2026: New York is on EDT (since 8 March), Geneva still on CET (until 29 March)
    uow = known_candidate()
    deliver(uow, INTERVIEW_SCHEDULED, interview())

    member = next(m for m in mails(uow) if "raj@" in to(m))
    _calendar, event = event_of(member)

    assert f"{event.decoded('DTSTART').astimezone(NEW_YORK):%H:%M}" == "05:00"
    text = member.get_body(("plain",)).get_content()
    assert "10:00 to 12:00 (Europe/Zurich; 09:00 UTC)" in text
    assert "Ana Example" in text


def test_a_slot_after_the_dst_change_keeps_its_wall_clock_time_and_moves_its_instant():
    uow = known_candidate()
    after_dst = datetime(2026, 3, 30, 10, 0, tzinfo=ZURICH)  # CEST from 29 March
    deliver(uow, INTERVIEW_SCHEDULED, interview(starts_at=after_dst))

    _calendar, event = event_of(mails(uow)[0])
    start = event.decoded("DTSTART")

    assert f"{start.astimezone(ZURICH):%H:%M}" == "10:00"
    assert start.astimezone(UTC).hour == 8
    assert f"{start.astimezone(NEW_YORK):%H:%M}" == "04:00"  # New York changed on 8 March


def test_the_candidates_calendar_file_lists_only_them_and_names_nobody_else():
    uow = known_candidate()
    deliver(uow, INTERVIEW_SCHEDULED, interview())

    candidate = next(m for m in mails(uow) if "ana@" in to(m))
    member = next(m for m in mails(uow) if "pia@" in to(m))
    _c, candidate_event = event_of(candidate)
    _m, member_event = event_of(member)

    def attendees(event):
        found = event.get("ATTENDEE")
        return sorted(str(a) for a in (found if isinstance(found, list) else [found]))

    assert attendees(candidate_event) == ["mailto:ana@example.org"]
    assert attendees(member_event) == [
        "mailto:ana@example.org",
        "mailto:pia@states.example",
        "mailto:raj@states.example",
    ]


def test_a_reschedule_updates_the_same_event_with_the_next_sequence():
    uow = known_candidate()
    deliver(uow, INTERVIEW_SCHEDULED, interview())
    later = datetime(2026, 3, 27, 14, 0, tzinfo=ZURICH)

    deliver(
        uow,
        INTERVIEW_RESCHEDULED,
        interview(
            sequence=1,
            starts_at=later,
            previous_starts_at=datetime(2026, 3, 27, 10, 0, tzinfo=ZURICH),
        ),
    )

    moved = [m for m in mails(uow) if m["Subject"].startswith("Interview moved")]
    assert len(moved) == 3
    for mail in moved:
        _calendar, event = event_of(mail)
        assert str(event["UID"]) == UID and event["SEQUENCE"] == 1
        assert event.decoded("DTSTART").astimezone(UTC).hour == 13
    text = next(m for m in moved if "ana@" in to(m)).get_body(("plain",)).get_content()
    assert "It was: Friday 27 March 2026, 10:00" in text
    assert "It is now: Friday 27 March 2026, 14:00" in text


def test_a_cancellation_is_a_cancel_with_the_event_cancelled():
    uow = known_candidate()
    deliver(uow, INTERVIEW_CANCELLED, interview(sequence=2))

    for mail in mails(uow):
        part, calendar = calendar_of(mail)
        [event] = calendar.walk("VEVENT")
        assert part.get_param("method") == "CANCEL" and calendar["METHOD"] == "CANCEL"
        assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 2


def test_a_redelivered_or_repeated_event_queues_no_second_mail():
    uow = known_candidate()
    envelope = deliver(uow, INTERVIEW_SCHEDULED, interview())
    deliver(uow, INTERVIEW_SCHEDULED, None, envelope=envelope)  # redelivered
    deliver(uow, INTERVIEW_SCHEDULED, interview())  # published twice

    assert len(mails(uow)) == 3


def test_the_picking_link_goes_to_the_candidate_only():
    uow = known_candidate()
    deliver(
        uow,
        SLOTS_PROPOSED,
        {
            "vacancy_id": "vac-1",
            "vacancy_title": "Director, ISU",
            "application_id": "app-1",
            "candidate_name": "Ana Example",
            "picking_url": "http://localhost:8000/scoring/interview/tok3n",
            "free_slots": 5,
            "proposed_at": datetime(2026, 3, 1, tzinfo=UTC),
        },
    )

    [mail] = mails(uow, "interview_link")
    assert to(mail) == "Ana Example <ana@example.org>"
    assert "/scoring/interview/tok3n" in mail.get_body(("plain",)).get_content()


def test_the_decision_tells_each_candidate_only_their_outcome_and_the_panel_the_list():
    uow = known_candidate()
    deliver(
        uow,
        APPLICATION_SUBMITTED,
        {
            "application_id": "app-2",
            "vacancy_id": "vac-1",
            "vacancy_title": "Director, ISU",
            "candidate_name": "Ben Other",
            "candidate_email": "ben@example.org",
            "status_url": "http://localhost:8000/intake/status/other",
            "submitted_at": datetime(2026, 4, 1, tzinfo=UTC),
        },
        producer="intake",
    )
    deliver(
        uow,
        PANEL_DECIDED,
        {
            "vacancy_id": "vac-1",
            "vacancy_title": "Director, ISU",
            "decided_at": datetime(2026, 6, 1, tzinfo=UTC),
            "decisions": [
                {
                    "application_id": "app-1",
                    "candidate_name": "Ana Example",
                    "outcome": "selected",
                    "reason": "Clearest strategy for the unit.",
                },
                {
                    "application_id": "app-2",
                    "candidate_name": "Ben Other",
                    "outcome": "reserve",
                    "reason": "Strong, less field experience.",
                },
            ],
            "panel": PANEL,
        },
    )

    sent = mails(uow, "decision")
    ana = next(m for m in sent if "ana@" in to(m)).get_body(("plain",)).get_content()
    ben = next(m for m in sent if "ben@" in to(m)).get_body(("plain",)).get_content()
    assert "you have been selected" in ana
    assert "reserve list" in ben
    for text in (ana, ben):
        assert "Clearest strategy" not in text and "less field experience" not in text
    assert "Ben Other" not in ana and "Ana Example" not in ben
    panel = [m for m in sent if "states.example" in to(m)]
    assert len(panel) == 2
    listing = panel[0].get_body(("plain",)).get_content()
    assert "Ana Example: Selected. Reason: Clearest strategy for the unit." in listing
    assert "Ben Other: Reserve list. Reason: Strong, less field experience." in listing
