"""Notify's use cases: queue the mails that events ask for, send them, show the log.

Handlers never talk to the SMTP server: they build the message and record a pending
delivery in the transaction that also records the event as handled. `send_next_due`
(run in a loop by the mail sender) sends one due delivery and records the outcome, so
a mail server that is down delays mail but loses none, and a crash resends at most the
one mail in flight, with the same Message-ID.

On `candidate.erased` (`erase_candidate`) the candidate's own mails lose their address
and text, and a mail to others that named them (the panel's results) is rendered again
from its kept context with the candidate as `ERASED_NAME`. Where the mail folder of the
embedded SMTP sink is at hand (`MailArchive`), its copies follow: the candidate's own
mails are removed and the others rewritten, before the transaction commits (a retry
does it again, harmlessly).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any, Protocol

from services.notify.domain import messages
from services.notify.domain.deliveries import Delivery
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.messaging.events import erased_payload

SYSTEM = "system:notify"
Mailer = Callable[[EmailMessage], None]


class MailArchive(Protocol):
    """Where sent mails are kept for people to read (the embedded SMTP sink's folder)."""

    def remove(self, message_id: str) -> bool: ...

    def rewrite(self, message_id: str, raw_message: bytes) -> bool: ...


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
        context = {
            "secretariat_email": contact["contact_email"],
            "vacancy_title": payload["vacancy_title"],
            "results": payload["results"],
            "sender": sender,
            "date": datetime.now(UTC).isoformat(),
        }
        message = _panel_completed_message(context, key)
        queue_mail(uow, key, "panel_completed", message, payload["vacancy_id"], context)
        uow.commit()


def _panel_completed_message(context: dict[str, Any], key: str) -> EmailMessage:
    return messages.panel_completed(
        context["secretariat_email"],
        context["vacancy_title"],
        context["results"],
        context["sender"],
        idempotency_key=key,
        date=datetime.fromisoformat(context["date"]),
    )


def queue_mail(
    uow: NotifyUnitOfWork,
    key: str,
    template: str,
    message: EmailMessage,
    about: str,
    context: dict[str, Any] | None = None,
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
        context=context,
    )
    uow.deliveries.add(delivery)
    uow.record(SYSTEM, "mail.queued", "delivery", key, after={"template": template, "about": about})


def erase_candidate(
    uow: NotifyUnitOfWork, payload: dict[str, Any], archive: MailArchive | None = None
) -> int:
    """Blank what notify keeps about an erased candidate: the address and the rendered
    mails of their deliveries (keeping the log's ids, times and counts; a delivery not
    sent yet never will be), and their name in mails to others that listed it. Returns
    how many deliveries changed (0 when asked again, or for an application notify never
    mailed about)."""
    application_id = payload["application_id"]
    with uow:
        changed = 0
        for delivery in uow.deliveries.about_application(application_id):
            erased = delivery.erased()
            if archive is not None:
                archive.remove(delivery.message_id)
            if erased != delivery:
                uow.deliveries.update(erased)
                changed += 1
        for delivery in uow.deliveries.naming_application(application_id):
            redacted = _without_candidate(delivery, application_id)
            if redacted is not None:
                if archive is not None:
                    archive.rewrite(delivery.message_id, redacted.raw)
                uow.deliveries.update(redacted)
                changed += 1
        uow.erase_audit_texts(application_id)
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


def _without_candidate(delivery: Delivery, application_id: str) -> Delivery | None:
    """The mail rendered again with the candidate erased from its context; None if its
    context does not name them (any more)."""
    context = erased_payload(delivery.context, application_id)
    if context == delivery.context or delivery.template != "panel_completed":
        return None
    message = _panel_completed_message(context, delivery.idempotency_key)
    return delivery.redacted(context, message.as_bytes())


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
