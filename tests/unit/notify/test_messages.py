import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest

from services.notify.domain.messages import acknowledgement, message_id_for, panel_completed

SENT = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)
SENDER = "Recruitment secretariat <recruitment@example.org>"
STATUS_URL = "https://careers.example.org/status/k3y?lang=en&x=1"


def ack(**overrides):
    arguments = {
        "candidate_name": "Chloé O'Brien",
        "candidate_email": "chloe@example.org",
        "vacancy_title": "Director, Implementation Support Unit",
        "status_url": STATUS_URL,
        "sender": SENDER,
        "idempotency_key": "evt-42:acknowledgement",
        "date": SENT,
    }
    return acknowledgement(**(arguments | overrides))


RESULTS = [
    {"candidate_name": "Ana", "weighted_mean": 11 / 3, "median": 4, "min": 3, "max": 4, "rank": 2},
    {"candidate_name": "Dan", "weighted_mean": 5.0, "median": 5, "min": 5, "max": 5, "rank": 1},
    {
        "candidate_name": "Ben",
        "weighted_mean": 11 / 3,
        "median": 3.5,
        "min": 3,
        "max": 4,
        "rank": 2,
    },
]


def completed(**overrides):
    arguments = {
        "secretariat_email": "secretariat@example.org",
        "vacancy_title": "Director, Implementation Support Unit",
        "results": RESULTS,
        "sender": SENDER,
        "idempotency_key": "evt-77:panel_completed",
        "date": SENT,
    }
    return panel_completed(**(arguments | overrides))


def text_of(message):
    return message.get_body(("plain",)).get_content()


def html_of(message):
    return message.get_body(("html",)).get_content()


# --- identity ---------------------------------------------------------------------------


def test_the_same_key_gives_the_same_message_id_so_a_resend_is_recognisable():
    assert ack()["Message-ID"] == ack(date=SENT + timedelta(hours=1))["Message-ID"]
    assert ack()["Message-ID"] == message_id_for("evt-42:acknowledgement")


def test_different_keys_give_different_message_ids():
    assert ack()["Message-ID"] != ack(idempotency_key="evt-43:acknowledgement")["Message-ID"]


def test_the_message_id_is_a_valid_hash_based_id():
    assert re.fullmatch(r"<[0-9a-f]{32}@shortlist>", message_id_for("evt-42:acknowledgement"))
    with pytest.raises(ValueError, match="idempotency key"):
        message_id_for("")


def test_every_message_is_dated():
    assert parsedate_to_datetime(ack()["Date"]) == SENT
    assert parsedate_to_datetime(ack(date=None)["Date"]).tzinfo is not None
    paris = timezone(timedelta(hours=1))
    assert parsedate_to_datetime(ack(date=SENT.astimezone(paris))["Date"]) == SENT


def test_a_date_without_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        ack(date=datetime(2025, 3, 4, 10, 30))


# --- acknowledgement --------------------------------------------------------------------


def test_acknowledgement_is_addressed_to_the_candidate_by_name():
    message = ack()

    assert message["To"].addresses[0].display_name == "Chloé O'Brien"
    assert message["To"].addresses[0].addr_spec == "chloe@example.org"
    assert message["From"] == SENDER
    assert message["Subject"] == (
        "We have received your application: Director, Implementation Support Unit"
    )


def test_acknowledgement_says_what_happens_next_and_gives_the_private_link():
    text = text_of(ack())

    assert text.startswith("Dear Chloé O'Brien,")
    assert "Director, Implementation Support Unit" in text
    assert "What happens next" in text
    assert STATUS_URL in text
    assert "withdraw" in text and "erase" in text


def test_acknowledgement_has_an_html_alternative_with_a_working_link():
    html = html_of(ack())

    assert '<a href="https://careers.example.org/status/k3y?lang=en&amp;x=1">' in html
    assert "What happens next" in html


def test_names_from_forms_cannot_inject_markup_or_headers():
    message = ack(
        candidate_name="Eve <script>alert(1)</script>\r\nBcc: everyone@example.org",
        vacancy_title="Head\nof Unit",
    )

    assert "<script>" not in html_of(message)
    assert "&lt;script&gt;" in html_of(message)
    assert message["Bcc"] is None
    assert "\nBcc:" not in message.as_string()
    assert message["Subject"] == "We have received your application: Head of Unit"


def test_an_invalid_candidate_address_is_refused():
    with pytest.raises(ValueError):
        ack(candidate_email="not an address")


# --- panel completed --------------------------------------------------------------------


def test_panel_completed_goes_to_the_secretariat_with_the_vacancy_in_the_subject():
    message = completed()

    assert message["To"] == "secretariat@example.org"
    assert (
        message["Subject"] == "All interview scores are in: Director, Implementation Support Unit"
    )
    assert message["Message-ID"] == message_id_for("evt-77:panel_completed")


def test_panel_completed_lists_candidates_in_rank_order_with_ties_visible():
    lines = text_of(completed()).splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Rank"))
    rows = [line.split() for line in lines[header + 2 : header + 5]]

    assert lines[header].split("  ")[0:2] == ["Rank", "Candidate"]
    assert rows == [
        ["1", "Dan", "5.00", "5.00", "5.00", "5.00"],
        ["2", "Ana", "3.67", "4.00", "3.00", "4.00"],
        ["2", "Ben", "3.67", "3.50", "3.00", "4.00"],
    ]
    assert "share a rank" in text_of(completed())


def test_panel_completed_html_has_a_results_table():
    html = html_of(completed(results=[{**RESULTS[1], "candidate_name": "Dan & <Co>"}]))

    assert "<th>Weighted mean</th>" in html
    assert "<td>Dan &amp; &lt;Co&gt;</td>" in html
    assert "<td>5.00</td>" in html
