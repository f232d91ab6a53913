"""Notify on `candidate.erased`, with fakes: the candidate's address and the mails
rendered for them leave the delivery log, which keeps its ids, times and counts; a mail
not sent yet is never sent; a second erasure changes nothing."""

from services.notify.domain.deliveries import ERASED_RECIPIENT, DeliveryStatus
from services.notify.service_layer import services
from tests.unit.notify.test_services import RECEIVED, SENDER, Mailbox, acknowledge, uow

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
