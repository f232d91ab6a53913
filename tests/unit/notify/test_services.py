"""Notify's use cases with fakes: queueing mails once, sending them, retrying failures."""

from datetime import UTC, datetime

import pytest

from services.notify.domain.deliveries import DeliveryStatus
from services.notify.domain.messages import message_id_for
from services.notify.service_layer import services
from services.notify.service_layer.services import UnknownVacancyContact
from tests.unit.fakes import FakeNotifyUnitOfWork

SENDER = "Recruitment secretariat <recruitment@example.org>"
STATUS_URL = "http://localhost:8000/status/secret-link"
RECEIVED = {
    "application_id": "app-1",
    "vacancy_id": "vac-1",
    "vacancy_title": "Director, Implementation Support Unit",
    "candidate_name": "Ana Example",
    "candidate_email": "ana@example.org",
    "status_url": STATUS_URL,
    "received_at": datetime(2025, 3, 4, 10, 30, tzinfo=UTC),
}
PANEL_COMPLETED = {
    "vacancy_id": "vac-1",
    "vacancy_title": "Director, Implementation Support Unit",
    "completed_at": datetime(2025, 4, 1, 12, 0, tzinfo=UTC),
    "results": [
        {
            "application_id": "app-1",
            "candidate_name": "Ana Example",
            "rank": 1,
            "weighted_mean": 4.5,
            "median": 4.5,
            "min": 4.0,
            "max": 5.0,
            "stdev": 0.7,
            "sheet_count": 2,
        }
    ],
}


class Mailbox:
    def __init__(self):
        self.sent = []

    def __call__(self, message):
        self.sent.append(message)


def refusing_mailer(message):
    raise ConnectionRefusedError("mail server is down")


@pytest.fixture
def uow():
    return FakeNotifyUnitOfWork()


def acknowledge(uow, event_id="evt-1", application_id="app-1"):
    payload = RECEIVED | {"application_id": application_id}
    services.acknowledge_application(uow, payload, event_id, SENDER)


def deliveries(uow):
    return services.delivery_log(uow)


# --- queueing -----------------------------------------------------------------------------


def test_an_application_received_queues_one_acknowledgement(uow):
    acknowledge(uow)

    [delivery] = deliveries(uow)
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.template == "acknowledgement"
    assert "ana@example.org" in delivery.recipient
    assert "Director, Implementation Support Unit" in delivery.subject
    assert STATUS_URL.encode() in delivery.raw
    assert delivery.attempts == 0


def test_the_acknowledgement_has_a_message_id_derived_from_the_application(uow):
    acknowledge(uow, "evt-42", "app-42")

    [delivery] = deliveries(uow)
    assert delivery.message_id == message_id_for("app-42:acknowledgement")


def test_the_same_event_handled_twice_queues_one_mail(uow):
    acknowledge(uow, "evt-1")
    acknowledge(uow, "evt-1")

    assert len(deliveries(uow)) == 1


def test_an_application_acknowledged_on_two_events_gets_one_mail(uow):
    acknowledge(uow, "evt-1", "app-1")
    acknowledge(uow, "evt-2", "app-1")

    assert len(deliveries(uow)) == 1


def test_two_applications_queue_two_mails(uow):
    acknowledge(uow, "evt-1", "app-1")
    acknowledge(uow, "evt-2", "app-2")

    assert len({d.message_id for d in deliveries(uow)}) == 2


def test_queueing_is_audited_without_the_candidates_address(uow):
    acknowledge(uow)

    [entry] = uow.audit
    assert entry.action == "mail.queued"
    assert entry.after == {"template": "acknowledgement", "about": "app-1"}
    assert "ana@example.org" not in repr(entry)


def test_a_completed_panel_is_reported_to_the_vacancys_contact(uow):
    services.record_vacancy_contact(
        uow, {"vacancy_id": "vac-1", "title": "Director", "contact_email": "hr@example.org"}
    )

    services.report_panel_completed(uow, dict(PANEL_COMPLETED), "evt-9", SENDER)

    [delivery] = deliveries(uow)
    assert delivery.template == "panel_completed"
    assert delivery.recipient == "hr@example.org"
    assert delivery.message_id == message_id_for("evt-9:panel_completed")
    assert b"Ana Example" in delivery.raw


def test_a_completed_panel_of_an_unknown_vacancy_is_refused(uow):
    with pytest.raises(UnknownVacancyContact):
        services.report_panel_completed(uow, dict(PANEL_COMPLETED), "evt-9", SENDER)

    assert deliveries(uow) == []


# --- sending ------------------------------------------------------------------------------


def test_sending_with_nothing_due_does_nothing(uow):
    mailbox = Mailbox()

    assert services.send_next_due(uow, mailbox) is False
    assert mailbox.sent == []


def test_sending_the_next_due_mail_marks_it_sent(uow):
    acknowledge(uow, "evt-42", "app-42")
    mailbox = Mailbox()

    assert services.send_next_due(uow, mailbox) is True

    [message] = mailbox.sent
    assert message["Message-ID"] == message_id_for("app-42:acknowledgement")
    assert "ana@example.org" in message["To"]
    [delivery] = deliveries(uow)
    assert delivery.status is DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert delivery.last_error is None


def test_a_sent_mail_is_not_sent_again(uow):
    acknowledge(uow)
    mailbox = Mailbox()
    services.send_next_due(uow, mailbox)

    assert services.send_next_due(uow, mailbox) is False
    assert len(mailbox.sent) == 1


def test_mails_go_out_in_the_order_they_were_queued(uow):
    acknowledge(uow, "evt-1", "app-1")
    acknowledge(uow, "evt-2", "app-2")
    mailbox = Mailbox()

    services.send_next_due(uow, mailbox)
    services.send_next_due(uow, mailbox)

    assert [m["Message-ID"] for m in mailbox.sent] == [
        message_id_for("app-1:acknowledgement"),
        message_id_for("app-2:acknowledgement"),
    ]


def test_a_failed_send_keeps_the_mail_pending_for_later(uow):
    acknowledge(uow)
    before = datetime.now(UTC)

    assert services.send_next_due(uow, refusing_mailer) is True

    [delivery] = deliveries(uow)
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert "mail server is down" in delivery.last_error
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.next_attempt_at > before
    assert delivery.sent_at is None


def test_a_failed_mail_is_not_retried_before_its_next_attempt(uow):
    acknowledge(uow)
    services.send_next_due(uow, refusing_mailer)
    mailbox = Mailbox()

    assert services.send_next_due(uow, mailbox) is False
    assert mailbox.sent == []


def test_a_failed_send_is_audited_with_the_error(uow):
    acknowledge(uow)

    services.send_next_due(uow, refusing_mailer)

    [entry] = [r for r in uow.audit if r.action == "mail.failed"]
    assert entry.after["attempts"] == 1
    assert "mail server is down" in entry.after["error"]
