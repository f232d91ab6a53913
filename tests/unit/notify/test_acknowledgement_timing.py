"""When a candidate gets the acknowledgement: once per application, when it is submitted.

The events go through notify's own handlers as its consumer hands them over (loaded from
the wire by the contracts, inbox first), so what is tested is what notify does with
intake's real event sequence in each flow.
"""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from services.notify.entrypoints import handlers
from services.notify.service_layer import services
from shared.messaging.contracts import parse_envelope
from shared.messaging.events import APPLICATION_RECEIVED, APPLICATION_SUBMITTED, EVENTS
from tests.unit.fakes import FakeNotifyUnitOfWork

WHEN = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)
APPLICATION = {
    "application_id": "app-1",
    "vacancy_id": "vac-1",
    "vacancy_title": "Director, Implementation Support Unit",
    "candidate_name": "Ana Example",
    "candidate_email": "ana@example.org",
    "status_url": "http://localhost:8000/intake/status/secret-link",
}


def deliver(uow, contract, payload):
    hand_over(uow, contract.envelope(payload, producer="intake", correlation_id="c-1"))


def hand_over(uow, envelope):
    """Hand notify one message as its consumer does: inbox row and handler, one commit."""
    received = parse_envelope(envelope.to_message(), EVENTS)
    runtime = SimpleNamespace(settings=SimpleNamespace(mail_from="recruitment@example.org"))
    with uow:
        if uow.mark_handled("notify", received):
            handlers.for_runtime(runtime)[received.name](uow, received)
            uow.commit()


def received(draft):
    payload = APPLICATION | {"received_at": WHEN}
    return payload if draft is None else payload | {"draft": draft}


def submitted():
    return APPLICATION | {"submitted_at": WHEN}


def acknowledgements(uow):
    return [d for d in uow.deliveries.log() if d.template == "acknowledgement"]


def test_an_application_submitted_at_upload_is_acknowledged_once():
    uow = FakeNotifyUnitOfWork()

    deliver(uow, APPLICATION_RECEIVED, received(draft=False))
    deliver(uow, APPLICATION_SUBMITTED, submitted())

    [mail] = acknowledgements(uow)
    assert "ana@example.org" in mail.recipient
    assert b"secret-link" in mail.raw


def test_a_draft_is_not_acknowledged_until_its_candidate_submits_it():
    uow = FakeNotifyUnitOfWork()

    deliver(uow, APPLICATION_RECEIVED, received(draft=True))
    assert acknowledgements(uow) == []

    deliver(uow, APPLICATION_SUBMITTED, submitted())
    assert len(acknowledgements(uow)) == 1


def test_an_application_received_from_an_older_intake_is_still_acknowledged_once():
    uow = FakeNotifyUnitOfWork()

    deliver(uow, APPLICATION_RECEIVED, received(draft=None))
    deliver(uow, APPLICATION_SUBMITTED, submitted())

    assert len(acknowledgements(uow)) == 1


def test_a_submission_redelivered_sends_no_second_mail():
    uow = FakeNotifyUnitOfWork()

    deliver(uow, APPLICATION_SUBMITTED, submitted())
    deliver(uow, APPLICATION_SUBMITTED, submitted())

    assert len(acknowledgements(uow)) == 1


def test_a_handler_killed_after_remembering_the_candidate_acknowledges_on_redelivery(
    monkeypatch,
):
    uow = FakeNotifyUnitOfWork()
    envelope = APPLICATION_SUBMITTED.envelope(submitted(), producer="intake", correlation_id="c")
    render = services.messages.acknowledgement
    deaths = iter([RuntimeError("killed while the mail was being written")])

    def dies_once(*args, **kwargs):
        if (death := next(deaths, None)) is not None:
            raise death
        return render(*args, **kwargs)

    monkeypatch.setattr(services.messages, "acknowledgement", dies_once)
    with pytest.raises(RuntimeError):
        hand_over(uow, envelope)
    hand_over(uow, envelope)  # the broker redelivers the unacknowledged message

    assert len(acknowledgements(uow)) == 1
    assert uow.candidates.get("app-1") is not None
