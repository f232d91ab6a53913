"""Notify on `candidate.erased`, with fakes: the candidate's address and the mails
rendered for them leave the delivery log, which keeps its ids, times and counts; a mail
not sent yet is never sent; a second erasure changes nothing; the panel's results mailed
to the secretariat name the candidate `ERASED_NAME` and nobody else changes; the mail
folder of the embedded SMTP sink follows."""

from email import message_from_bytes, policy

from services.notify.domain.deliveries import ERASED_RECIPIENT, DeliveryStatus
from services.notify.service_layer import services
from shared.messaging.events import ERASED_NAME
from tests.unit.notify.test_services import (
    PANEL_COMPLETED,
    RECEIVED,
    SENDER,
    Mailbox,
    acknowledge,
    uow,
)

__all__ = ["uow"]  # the fixture

ERASED = {"application_id": "app-1", "vacancy_id": "vac-1"}


def kept_by_notify(uow) -> str:
    return "\n".join(repr(repository.__dict__) for repository in uow.repositories())


def test_the_address_and_the_rendered_mail_are_gone_the_log_counts_stay(uow):
    acknowledge(uow)
    ben = {"application_id": "app-2", "candidate_name": "Ben", "candidate_email": "ben@x.org"}
    services.acknowledge_application(uow, RECEIVED | ben, "evt-2", SENDER)
    services.send_next_due(uow, Mailbox())
    before = services.delivery_log(uow)

    assert services.erase_candidate(uow, ERASED) == 1

    kept = kept_by_notify(uow)
    assert "ana@example.org" not in kept and "Ana Example" not in kept
    assert "ben@x.org" in kept  # another candidate's mail is untouched
    after = services.delivery_log(uow)
    assert [d.id for d in after] == [d.id for d in before]
    [erased] = [d for d in after if d.idempotency_key.startswith("app-1:")]
    assert erased.recipient == ERASED_RECIPIENT and erased.raw == b""
    assert erased.status is DeliveryStatus.SENT and erased.attempts == 1


def test_a_mail_not_sent_yet_is_never_sent(uow):
    acknowledge(uow)
    services.erase_candidate(uow, ERASED)
    mailbox = Mailbox()

    assert services.send_next_due(uow, mailbox) is False
    assert mailbox.sent == []
    [erased] = services.delivery_log(uow)
    assert erased.status is DeliveryStatus.ERASED


def test_a_second_erasure_or_one_for_a_stranger_changes_nothing(uow):
    acknowledge(uow)
    services.erase_candidate(uow, ERASED)
    before, audit = kept_by_notify(uow), len(uow.audit)

    assert services.erase_candidate(uow, ERASED) == 0
    assert services.erase_candidate(uow, ERASED | {"application_id": "stranger"}) == 0

    assert kept_by_notify(uow) == before and len(uow.audit) == audit


BEN_RESULT = PANEL_COMPLETED["results"][0] | {
    "application_id": "app-2",
    "candidate_name": "Ben Otherton",
    "rank": 2,
    "weighted_mean": 3.25,
}


def report_panel(uow) -> None:
    services.record_vacancy_contact(
        uow, {"vacancy_id": "vac-1", "title": "Director", "contact_email": "sec@example.org"}
    )
    payload = PANEL_COMPLETED | {"results": [*PANEL_COMPLETED["results"], BEN_RESULT]}
    services.report_panel_completed(uow, payload, "evt-panel", SENDER)


def panel_mail(uow):
    [delivery] = [d for d in services.delivery_log(uow) if d.template == "panel_completed"]
    return delivery, message_from_bytes(delivery.raw, policy=policy.default)


def test_the_panel_results_mail_to_the_secretariat_loses_the_erased_name_only(uow):
    report_panel(uow)
    services.send_next_due(uow, Mailbox())
    before, _ = panel_mail(uow)

    assert services.erase_candidate(uow, ERASED) == 1

    after, message = panel_mail(uow)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Ana Example" not in kept_by_notify(uow)
    assert ERASED_NAME in text and ERASED_NAME in html
    assert "Ben Otherton" in text and "3.25" in text and "Ben Otherton" in html
    assert message["To"] == "sec@example.org" and message["Message-ID"] == before.message_id
    assert after.status is before.status and after.sent_at == before.sent_at
    assert services.erase_candidate(uow, ERASED) == 0


class FolderOfMails:
    """What the embedded SMTP sink's folder would hold, by Message-ID."""

    def __init__(self, deliveries) -> None:
        self.mails = {d.message_id: d.raw for d in deliveries}

    def remove(self, message_id: str) -> bool:
        return self.mails.pop(message_id, None) is not None

    def rewrite(self, message_id: str, raw_message: bytes) -> bool:
        if message_id not in self.mails:
            return False
        self.mails[message_id] = raw_message
        return True


def test_the_mail_folder_loses_the_candidates_mails_and_their_name(uow):
    acknowledge(uow)
    report_panel(uow)
    folder = FolderOfMails(services.delivery_log(uow))

    services.erase_candidate(uow, ERASED, folder)

    [kept] = folder.mails.values()
    assert b"Ana Example" not in kept and b"ana@example.org" not in kept
    assert b"Ben Otherton" in kept


def test_erasure_asks_for_the_audit_trails_texts_about_the_candidate(uow):
    acknowledge(uow)

    services.erase_candidate(uow, ERASED)

    assert uow.audit_texts_erased == ["app-1"]
