"""Interview invitations end to end on PostgreSQL and a real SMTP server (aiosmtpd): the
secretariat proposes five two-hour slots through scoring's API and books a candidate;
scoring's events, handed to notify's handlers as its consumer would, become mails that
notify's sender delivers. The candidate and every panel member (addresses from their
accounts) receive a calendar file whose DTSTART is the booked instant; a move sends the
same UID with SEQUENCE + 1; a redelivered event sends nothing twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from services.notify.bootstrap import SERVICE as NOTIFY
from services.notify.bootstrap import NotifyRuntime
from services.notify.bootstrap import bootstrap as notify_bootstrap
from services.notify.entrypoints import handlers as notify_handlers
from services.notify.service_layer import services as notify_services
from services.scoring.adapters.tables import MESSAGING
from services.scoring.bootstrap import SERVICE as SCORING
from services.scoring.bootstrap import ScoringRuntime
from services.scoring.bootstrap import bootstrap as scoring_bootstrap
from services.scoring.entrypoints.app import create_app
from services.scoring.service_layer import services as scoring_services
from shared.auth import accounts
from shared.auth.tokens import Principal, TokenSigner
from shared.config import Settings
from shared.db import create_engine_for, upgrade
from shared.mail import MailServer, send_mail
from shared.messaging.contracts import Envelope, parse_envelope
from shared.messaging.events import APPLICATION_SUBMITTED, EVENTS

pytestmark = pytest.mark.integration

PANEL = {"pia": "pia@states.example", "raj": "raj@states.example"}
CANDIDATES = {
    "app-ana": ("Ana Example", "ana@example.org"),
    "app-ben": ("Ben Other", "ben@example.org"),
}


@pytest.fixture
def settings(tmp_path: Path, postgres_databases: Any) -> Settings:
    urls = {name: postgres_databases.create(name) for name in ("scoring", "notify", "accounts")}
    return Settings.from_env(
        {
            "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
            "SHORTLIST_SCORING_DATABASE_URL": urls["scoring"],
            "SHORTLIST_NOTIFY_DATABASE_URL": urls["notify"],
            "SHORTLIST_ACCOUNTS_DATABASE_URL": urls["accounts"],
            "SHORTLIST_SECRET_KEY": "test-secret",
            "SHORTLIST_PUBLIC_URL": "http://shortlist.test",
        }
    )


@pytest.fixture
def system(settings: Settings) -> Iterator[tuple[ScoringRuntime, NotifyRuntime]]:
    upgrade(settings.database_url("scoring"), SCORING.migrations)
    upgrade(settings.database_url("notify"), NOTIFY.migrations)
    upgrade(settings.database_url("accounts"), accounts.MIGRATIONS)
    accounts_engine = create_engine_for(settings.database_url("accounts"))
    for username, email in PANEL.items():
        accounts.create_or_update(
            accounts_engine, username, "pw", ["panel"], username.title(), email
        )
    accounts_engine.dispose()
    scoring, notify = scoring_bootstrap(settings), notify_bootstrap(settings)
    scoring_services.record_vacancy(
        scoring.uow(),
        {"vacancy_id": "vac-1", "title": "Director, ISU", "competencies": [{"name": "Leadership"}]},
    )
    for application_id, (name, email) in CANDIDATES.items():
        scoring_services.record_shortlisted(
            scoring.uow(),
            {
                "vacancy_id": "vac-1",
                "application_id": application_id,
                "candidate_name": name,
                "shortlisted_by": "sam",
            },
        )
        deliver(
            notify,
            APPLICATION_SUBMITTED.envelope(
                {
                    "application_id": application_id,
                    "vacancy_id": "vac-1",
                    "vacancy_title": "Director, ISU",
                    "candidate_name": name,
                    "candidate_email": email,
                    "status_url": "http://shortlist.test/intake/status/x",
                    "submitted_at": datetime(2026, 4, 1, tzinfo=UTC),
                },
                producer="intake",
                correlation_id="c-1",
            ),
        )
    scoring_services.appoint_panel(scoring.uow(), "vac-1", list(PANEL), "pia", "sam")
    yield scoring, notify
    scoring.engine.dispose()
    notify.engine.dispose()


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[MailServer]:
    with MailServer(tmp_path / "mail") as server:
        yield server


def deliver(notify: NotifyRuntime, envelope: Envelope) -> None:
    received = parse_envelope(envelope.to_message(), EVENTS)
    with notify.uow() as uow:
        if uow.mark_handled("notify", received):
            notify_handlers.for_runtime(notify)[received.name](uow, received)
            uow.commit()


def relay(scoring: ScoringRuntime, notify: NotifyRuntime, after: int = 0) -> int:
    """Hand scoring's events after outbox position `after` to notify; the last position."""
    outbox = MESSAGING.outbox
    with scoring.engine.connect() as connection:
        rows = connection.execute(
            sa.select(outbox.c.position, outbox.c.body)
            .where(outbox.c.position > after)
            .order_by(outbox.c.position)
        ).all()
    for row in rows:
        envelope = parse_envelope(row.body, EVENTS)
        if envelope.name in notify_handlers.for_runtime(notify):
            deliver(notify, envelope)
    return rows[-1].position if rows else after


def send_all(notify: NotifyRuntime, smtp: MailServer) -> None:
    def mailer(message: EmailMessage) -> None:
        send_mail(message, "127.0.0.1", smtp.port)

    while notify_services.send_next_due(notify.uow(), mailer):
        pass


def received(smtp: MailServer) -> list[EmailMessage]:
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(smtp.folder.glob("*.eml"))
    ]


def event_in(mail: EmailMessage) -> Any:
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    [event] = Calendar.from_ical(part.get_content()).walk("VEVENT")
    return event


def secretariat(runtime: ScoringRuntime) -> dict[str, str]:
    token = TokenSigner(runtime.settings.secret_key).access_token(
        Principal("sam", frozenset({"secretariat"}), "Sam")
    )
    return {"Authorization": f"Bearer {token}"}


def test_an_invitation_and_its_move_reach_the_candidate_and_every_panel_member(system, smtp):
    scoring, notify = system
    client = create_app(scoring).test_client()
    sam = secretariat(scoring)

    proposed = client.post(
        "/scoring/api/vacancies/vac-1/slots",
        headers=sam,
        json={
            "date": "2026-03-27",
            "time": "09:00",
            "time_zone": "Europe/Zurich",
            "duration_minutes": 120,
            "count": 5,
            "location": "Room 3",
        },
    )
    assert proposed.status_code == 201, proposed.get_json()
    slots = proposed.get_json()
    assert len(slots) == 5
    booked = client.put(
        "/scoring/api/vacancies/vac-1/interviews/app-ana",
        headers=sam,
        json={"slot_id": slots[1]["slot_id"]},  # 11:00 Geneva = 10:00 UTC on 27 March
    )
    assert booked.status_code == 200, booked.get_json()
    position = relay(scoring, notify)
    send_all(notify, smtp)

    mails = received(smtp)
    links = [m for m in mails if "choose a time" in str(m["Subject"])]
    assert sorted(str(m["To"]) for m in links) == [
        "Ana Example <ana@example.org>",
        "Ben Other <ben@example.org>",
    ]
    assert all("/scoring/interview/" in m.get_body(("plain",)).get_content() for m in links)
    invitations = [m for m in mails if str(m["Subject"]).startswith("Interview invitation")]
    assert sorted(str(m["To"]).split("<")[1].rstrip(">") for m in invitations) == [
        "ana@example.org",
        *PANEL.values(),
    ]
    uids = set()
    for mail in invitations:
        event = event_in(mail)
        assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 3, 27, 10, 0, tzinfo=UTC)
        assert event["SEQUENCE"] == 0
        uids.add(str(event["UID"]))
    assert len(uids) == 1

    moved = client.put(
        "/scoring/api/vacancies/vac-1/interviews/app-ana",
        headers=sam,
        json={"slot_id": slots[3]["slot_id"]},  # 15:00 Geneva
    )
    assert moved.status_code == 200, moved.get_json()
    relay(scoring, notify, after=position)
    relay(scoring, notify)  # every event again, as a redelivery would: nothing new
    send_all(notify, smtp)

    changes = [m for m in received(smtp) if str(m["Subject"]).startswith("Interview moved")]
    assert len(changes) == 3
    for mail in changes:
        event = event_in(mail)
        assert str(event["UID"]) in uids
        assert event["SEQUENCE"] == 1
        assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 3, 27, 14, 0, tzinfo=UTC)
    assert len(received(smtp)) == len(mails) + 3


def test_a_booked_slot_is_refused_to_a_second_candidate_with_a_reason(system):
    scoring, _notify = system
    client = create_app(scoring).test_client()
    sam = secretariat(scoring)
    [slot] = client.post(
        "/scoring/api/vacancies/vac-1/slots",
        headers=sam,
        json={
            "date": "2026-05-12",
            "time": "10:00",
            "time_zone": "Europe/Zurich",
            "duration_minutes": 120,
        },
    ).get_json()

    first = client.put(
        "/scoring/api/vacancies/vac-1/interviews/app-ana",
        headers=sam,
        json={"slot_id": slot["slot_id"]},
    )
    second = client.put(
        "/scoring/api/vacancies/vac-1/interviews/app-ben",
        headers=sam,
        json={"slot_id": slot["slot_id"]},
    )
    overlapping = client.post(
        "/scoring/api/vacancies/vac-1/slots",
        headers=sam,
        json={
            "date": "2026-05-12",
            "time": "11:00",
            "time_zone": "Europe/Zurich",
            "duration_minutes": 60,
        },
    )
    bad_zone = client.post(
        "/scoring/api/vacancies/vac-1/slots",
        headers=sam,
        json={
            "date": "2026-05-13",
            "time": "11:00",
            "time_zone": "Mars/Olympus",
            "duration_minutes": 60,
        },
    )

    assert first.status_code == 200
    assert second.status_code == 409 and "already taken" in second.get_json()["message"]
    assert overlapping.status_code == 409 and "overlaps" in overlapping.get_json()["message"]
    assert bad_zone.status_code == 409 and "time zone" in bad_zone.get_json()["message"]
    timetable = client.get("/scoring/api/vacancies/vac-1/slots", headers=sam).get_json()
    assert [s["application_id"] for s in timetable["slots"]] == ["app-ana"]


def member(runtime: ScoringRuntime, username: str) -> dict[str, str]:
    token = TokenSigner(runtime.settings.secret_key).access_token(
        Principal(username, frozenset({"panel"}), username.title())
    )
    return {"Authorization": f"Bearer {token}"}


def test_the_decision_is_recorded_with_reasons_and_each_person_is_told_their_part(system, smtp):
    scoring, notify = system
    client = create_app(scoring).test_client()
    sam = secretariat(scoring)
    decisions = "/scoring/api/vacancies/vac-1/decisions"

    no_reason = client.put(
        f"{decisions}/app-ana", headers=sam, json={"outcome": "selected", "reason": ""}
    )
    not_chair = client.put(
        f"{decisions}/app-ana",
        headers=member(scoring, "raj"),
        json={"outcome": "selected", "reason": "x"},
    )
    by_chair = client.put(
        f"{decisions}/app-ana",
        headers=member(scoring, "pia"),
        json={"outcome": "selected", "reason": "Clearest strategy for the unit."},
    )
    too_early = client.post(f"{decisions}/announcement", headers=sam)
    client.put(
        f"{decisions}/app-ben",
        headers=sam,
        json={"outcome": "reserve", "reason": "Strong; less experience in the field."},
    )
    page = client.get("/scoring/vacancies/vac-1/decision", headers=sam)
    announced = client.post(f"{decisions}/announcement", headers=sam)
    late_change = client.put(
        f"{decisions}/app-ben",
        headers=sam,
        json={"outcome": "selected", "reason": "Second thoughts."},
    )
    relay(scoring, notify)
    send_all(notify, smtp)

    assert no_reason.status_code == 422
    assert not_chair.status_code == 404
    assert by_chair.status_code == 200 and by_chair.get_json()["decided_by"] == "pia"
    assert too_early.status_code == 409 and "no decision yet" in too_early.get_json()["message"]
    assert page.status_code == 200 and "Clearest strategy for the unit." in page.get_data(
        as_text=True
    )
    assert announced.status_code == 204
    assert (
        late_change.status_code == 422 and "no longer change" in late_change.get_json()["message"]
    )
    mails = {
        str(m["To"]).split("<")[1].rstrip(">"): m
        for m in received(smtp)
        if str(m["Subject"]).startswith(("The outcome", "The panel's decision"))
    }
    assert sorted(mails) == ["ana@example.org", "ben@example.org", *PANEL.values()]
    ana = mails["ana@example.org"].get_body(("plain",)).get_content()
    ben = mails["ben@example.org"].get_body(("plain",)).get_content()
    assert "you have been selected" in ana and "Ben Other" not in ana and "Clearest" not in ana
    assert "reserve list" in ben and "Ana Example" not in ben and "less experience" not in ben
    listing = mails["raj@states.example"].get_body(("plain",)).get_content()
    assert "Ana Example: Selected. Reason: Clearest strategy for the unit." in listing
    assert "Ben Other: Reserve list. Reason: Strong; less experience in the field." in listing


def test_the_secretariat_pages_book_move_cancel_and_withdraw(system, smtp):
    scoring, notify = system
    app = create_app(scoring)
    app.config["WTF_CSRF_ENABLED"] = False  # the browser test submits these forms with CSRF
    client = app.test_client()
    sam = secretariat(scoring)
    slots = "/scoring/vacancies/vac-1/slots"

    proposed = client.post(
        slots,
        headers=sam,
        data={
            "day": "2026-10-24",
            "start": "23:00",
            "time_zone": "Europe/Zurich",
            "duration": "120",
            "count": "3",
            "gap": "0",
        },
    )
    skipped = client.post(
        slots,
        headers=sam,
        data={
            "day": "2027-03-28",
            "start": "02:30",
            "time_zone": "Europe/Zurich",
            "duration": "60",
            "count": "1",
        },
    )
    [first, second, third] = client.get(
        "/scoring/api/vacancies/vac-1/slots", headers=sam
    ).get_json()["slots"]
    client.post(
        f"{slots}/book/app-ana", headers=sam, data={"book-app-ana-slot_id": first["slot_id"]}
    )
    client.post(
        f"{slots}/book/app-ana", headers=sam, data={"book-app-ana-slot_id": third["slot_id"]}
    )
    client.post(f"{slots}/withdraw/{second['slot_id']}", headers=sam, data={})
    refused = client.post(
        f"{slots}/withdraw/{third['slot_id']}", headers=sam, data={}, follow_redirects=True
    )
    client.post(f"{slots}/cancel/app-ana", headers=sam, data={})
    page = client.get(slots, headers=sam).get_data(as_text=True)
    relay(scoring, notify)
    send_all(notify, smtp)

    assert proposed.status_code == 303
    assert skipped.status_code == 422 and "does not exist" in skipped.get_data(as_text=True)
    # across the autumn DST change (03:00 CEST is 02:00 CET on 25 October 2026) the series
    # keeps two real hours apart, so the wall clock shows one hour between the last two
    assert [s["starts_at"][11:] for s in (first, second, third)] == [
        "23:00:00+02:00",
        "01:00:00+02:00",
        "02:00:00+01:00",
    ]
    assert "already taken" in refused.get_data(as_text=True)
    assert "2026-10-25 02:00 Europe/Zurich" in page and "2026-10-24 23:00 Europe/Zurich" in page
    assert "2026-10-25 01:00 Europe/Zurich" not in page  # withdrawn
    subjects = sorted(
        str(m["Subject"]).split(":")[0] for m in received(smtp) if "ana@" in str(m["To"])
    )
    assert subjects.count("Interview invitation") == 1
    assert subjects.count("Interview moved") == 1
    assert subjects.count("Interview cancelled") == 1
