"""Event contracts: what a producer gets from a payload, and what a consumer gets back."""

import re
from datetime import UTC, datetime

import pytest

from shared.messaging.contracts import ContractViolation, parse_envelope
from shared.messaging.events import (
    APPLICATION_RECEIVED,
    CV_PARSED,
    EVENTS,
    VACANCY_PUBLISHED,
)

RECEIVED_AT = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)


def received(**overrides):
    payload = {
        "application_id": "app-1",
        "vacancy_id": "vac-1",
        "vacancy_title": "Director, Implementation Support Unit",
        "candidate_name": "Ana Example",
        "candidate_email": "ana@example.org",
        "status_url": "http://localhost:8000/status/abc",
        "received_at": RECEIVED_AT,
    }
    payload.update(overrides)
    return payload


def envelope(payload=None, **options):
    arguments = {"producer": "intake", "correlation_id": "corr-1", "causation_id": "cause-1"}
    return APPLICATION_RECEIVED.envelope(payload or received(), **(arguments | options))


def cv_parsed(profile):
    return {
        "application_id": "app-1",
        "vacancy_id": "vac-1",
        "candidate_name": "Ana Example",
        "parser_version": "1.0",
        "profile": profile,
    }


def test_a_valid_payload_travels_in_a_complete_envelope():
    event = envelope()

    assert event.id
    assert event.name == "application.received"
    assert event.version == 1
    assert event.occurred_at.tzinfo is not None
    assert event.correlation_id == "corr-1"
    assert event.causation_id == "cause-1"
    assert event.producer == "intake"


def test_each_envelope_gets_its_own_id():
    assert envelope().id != envelope().id


def test_the_payload_is_json_ready():
    event = envelope()

    assert event.payload["received_at"] == RECEIVED_AT.isoformat()
    assert event.payload["candidate_email"] == "ana@example.org"


def test_a_payload_field_not_in_the_contract_is_left_out():
    event = envelope(received(diversity_answer="should never travel"))

    assert "diversity_answer" not in event.payload


def test_a_missing_required_field_is_a_violation_naming_it():
    payload = received()
    del payload["vacancy_id"]

    with pytest.raises(ContractViolation, match="vacancy_id"):
        envelope(payload)


def test_an_invalid_email_is_a_violation_naming_the_field():
    with pytest.raises(ContractViolation, match="candidate_email"):
        envelope(received(candidate_email="not an address"))


def test_a_naive_datetime_is_a_violation_naming_the_field():
    with pytest.raises(ContractViolation, match="received_at"):
        envelope(received(received_at=datetime(2025, 3, 4, 10, 30)))


@pytest.mark.parametrize(
    ("contract", "payload", "field"),
    [
        (APPLICATION_RECEIVED, received(received_at="yesterday"), "received_at"),
        (
            VACANCY_PUBLISHED,
            {
                "vacancy_id": "vac-1",
                "reference": "REF-1",
                "title": "Director",
                "contact_email": "hr@example.org",
                "criteria_version": "first",
            },
            "criteria_version",
        ),
    ],
    ids=["datetime-as-text", "integer-as-text"],
)
def test_a_value_of_the_wrong_type_is_a_violation_naming_the_field(contract, payload, field):
    with pytest.raises(ContractViolation, match=field):
        contract.envelope(payload, producer="p", correlation_id="c")


def test_an_unknown_event_name_is_a_violation():
    message = envelope().to_message() | {"name": "candidate.hired"}

    with pytest.raises(ContractViolation, match=re.escape("candidate.hired")):
        parse_envelope(message, EVENTS)


def test_an_unknown_version_of_a_known_event_is_a_violation():
    message = envelope().to_message() | {"version": 99}

    with pytest.raises(ContractViolation, match="version 99"):
        parse_envelope(message, EVENTS)


def test_a_body_that_is_not_an_envelope_is_a_violation():
    with pytest.raises(ContractViolation):
        parse_envelope(["not", "an", "envelope"], EVENTS)


def test_an_envelope_without_a_correlation_id_is_a_violation():
    message = envelope().to_message()
    del message["correlation_id"]

    with pytest.raises(ContractViolation, match="correlation_id"):
        parse_envelope(message, EVENTS)


def test_a_received_payload_off_its_schema_is_a_violation_naming_the_field():
    message = envelope().to_message()
    message["payload"] = {**message["payload"], "status_url": "not a url"}

    with pytest.raises(ContractViolation, match="status_url"):
        parse_envelope(message, EVENTS)


def test_parse_envelope_round_trip_gives_python_values_back():
    sent = envelope()

    got = parse_envelope(sent.to_message(), EVENTS)

    assert got.id == sent.id
    assert got.name == sent.name
    assert got.version == sent.version
    assert got.occurred_at == sent.occurred_at
    assert isinstance(got.occurred_at, datetime)
    assert got.correlation_id == "corr-1"
    assert got.causation_id == "cause-1"
    assert got.producer == "intake"
    assert got.payload["received_at"] == RECEIVED_AT
    assert got.payload["candidate_name"] == "Ana Example"


def test_the_reader_fills_in_defaults_of_optional_fields():
    sent = CV_PARSED.envelope(cv_parsed({}), producer="intake", correlation_id="c")

    got = parse_envelope(sent.to_message(), EVENTS)

    assert got.payload["needs_attention"] is False
    assert got.payload["profile"]["education"] == []


def test_the_tolerant_reader_ignores_unknown_payload_fields():
    message = envelope().to_message()
    message["payload"] = {**message["payload"], "added_in_a_later_release": 42}

    got = parse_envelope(message, EVENTS)

    assert "added_in_a_later_release" not in got.payload
    assert got.payload["application_id"] == "app-1"


def test_the_tolerant_reader_ignores_unknown_envelope_fields():
    message = envelope().to_message() | {"trace_flags": "01"}

    assert parse_envelope(message, EVENTS).name == "application.received"


def test_the_tolerant_reader_ignores_unknown_fields_inside_nested_objects():
    sent = CV_PARSED.envelope(cv_parsed({}), producer="intake", correlation_id="c")
    message = sent.to_message()
    message["payload"] = cv_parsed(
        {"contact": {"name": "Ana", "linkedin": "ana-example"}, "certifications": ["PMP"]}
    )

    got = parse_envelope(message, EVENTS)

    assert got.payload["profile"]["contact"]["name"] == "Ana"
