"""Notify's use cases: queue the mails that events ask for, send them, show the log.

Handlers never talk to the SMTP server: they build the message and record a pending
delivery in the transaction that also records the event as handled. `send_next_due`
(run in a loop by the mail sender) sends one due delivery and records the outcome, so
a mail server that is down delays mail but loses none, and a crash resends at most the
one mail in flight, with the same Message-ID.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from services.notify.domain import messages
from services.notify.domain.deliveries import Delivery
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork

SYSTEM = "system:notify"
Mailer = Callable[[EmailMessage], None]


class UnknownVacancyContact(LookupError):
    """An event for a vacancy notify has not heard of (yet): worth retrying."""


def record_vacancy_contact(uow: NotifyUnitOfWork, payload: dict[str, Any]) -> None:
    with uow:
        uow.contacts.save(payload["vacancy_id"], payload["title"], payload["contact_email"])
        uow.commit()


def acknowledge_application(
    uow: NotifyUnitOfWork, payload: dict[str, Any], event_id: str, sender: str
) -> None:
    """Queue the one acknowledgement of an application, with its private status link.

    It is keyed by the application, not by the event that asked for it, so that an
    application is acknowledged once whatever event (`application.submitted`, or an
    `application.received` from before that event existed) and however many times.
    """
    key = f"{payload['application_id']}:acknowledgement"
    message = messages.acknowledgement(
        payload["candidate_name"],
        payload["candidate_email"],
        payload["vacancy_title"],
        payload["status_url"],
        sender,
        idempotency_key=key,
    )
    with uow:
        queue_mail(uow, key, "acknowledgement", message, payload["application_id"])
        uow.commit()


def report_panel_completed(
    uow: NotifyUnitOfWork, payload: dict[str, Any], event_id: str, sender: str
) -> None:
    with uow:
        contact = uow.contacts.get(payload["vacancy_id"])
        if contact is None:
            raise UnknownVacancyContact(payload["vacancy_id"])
        key = f"{event_id}:panel_completed"
        message = messages.panel_completed(
            contact["contact_email"],
            payload["vacancy_title"],
            payload["results"],
            sender,
            idempotency_key=key,
        )
        queue_mail(uow, key, "panel_completed", message, payload["vacancy_id"])
        uow.commit()


def queue_mail(
    uow: NotifyUnitOfWork, key: str, template: str, message: EmailMessage, about: str
) -> None:
    """Add the mail to the deliveries in the caller's open transaction, unless a mail with
    the same idempotency key is already there; the mail sender sends it after the commit."""
    if uow.deliveries.exists(key):
        return
    delivery = Delivery(
        idempotency_key=key,
        template=template,
        recipient=str(message["To"]),
        subject=str(message["Subject"]),
        message_id=str(message["Message-ID"]),
        raw=message.as_bytes(),
        created_at=datetime.now(UTC),
    )
    uow.deliveries.add(delivery)
    uow.record(SYSTEM, "mail.queued", "delivery", key, after={"template": template, "about": about})


def erase_candidate(uow: NotifyUnitOfWork, payload: dict[str, Any]) -> int:
    """Blank what notify keeps about an erased candidate (the address and the rendered
    mails of their deliveries), keeping the log's ids, times and counts; a delivery not
    sent yet never will be. Returns how many changed (0 when asked again, or for an
    application notify never mailed about)."""
    application_id = payload["application_id"]
    with uow:
        changed = 0
        for delivery in uow.deliveries.about_application(application_id):
            erased = delivery.erased()
            if erased != delivery:
                uow.deliveries.update(erased)
                changed += 1
        if changed:
            uow.record(
                SYSTEM,
                "candidate.erased",
                "application",
                application_id,
                after={"deliveries_erased": changed},
            )
        uow.commit()
        return changed


def send_next_due(uow: NotifyUnitOfWork, mailer: Mailer) -> bool:
    """Send one due delivery; False when there is none."""
    now = datetime.now(UTC)
    with uow:
        delivery = uow.deliveries.next_due(now)
        if delivery is None:
            return False
        try:
            mailer(_parse(delivery.raw))
        except Exception as error:
            outcome = delivery.failed(f"{type(error).__name__}: {error}", now)
            action = "mail.failed"
        else:
            outcome = delivery.sent(now)
            action = "mail.sent"
        uow.deliveries.update(outcome)
        uow.record(
            SYSTEM,
            action,
            "delivery",
            delivery.idempotency_key,
            after={"attempts": outcome.attempts, "error": outcome.last_error},
        )
        uow.commit()
        return True


def delivery_log(uow: NotifyUnitOfWork, limit: int = 200) -> list[Delivery]:
    with uow:
        return uow.deliveries.log(limit)


def _parse(raw: bytes) -> EmailMessage:
    from email import message_from_bytes, policy

    return message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]
