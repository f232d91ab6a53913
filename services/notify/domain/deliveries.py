"""A delivery: one email to send, and what happened when it was sent (the delivery log).

A delivery is recorded in the same transaction as the event that asks for it, with an
idempotency key (the event id and the template), so an event handled twice never
queues a second mail. The mail sender then tries it until the SMTP server accepts it,
waiting longer after each failure; every attempt is logged on the delivery. When its
recipient has their data erased, a delivery keeps only its key, template, subject, times
and counts (`erased`). A mail to someone else that names people (the panel's results,
to the secretariat) keeps what it was rendered from (`context`), so that it can be
rendered again without an erased candidate (`redacted`) and nobody else's data changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

MAX_BACKOFF = timedelta(minutes=30)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    ERASED = "erased"  # its recipient had their data erased before it was sent: never sent


# what an erased person's deliveries keep instead of their address
ERASED_RECIPIENT = "erased@erased.invalid"


@dataclass(frozen=True)
class Delivery:
    idempotency_key: str
    template: str
    recipient: str
    subject: str
    message_id: str
    raw: bytes
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    context: dict[str, Any] | None = None  # what the mail was rendered from, if it names others
    id: int | None = None

    def sent(self, now: datetime) -> Delivery:
        return replace(
            self,
            status=DeliveryStatus.SENT,
            attempts=self.attempts + 1,
            sent_at=now,
            last_error=None,
        )

    def erased(self) -> Delivery:
        """Without its recipient's data: no address, no rendered mail (which held the name,
        the address and the private link). It still counts in the log; one not sent yet is
        never sent."""
        return replace(
            self,
            recipient=ERASED_RECIPIENT,
            raw=b"",
            status=DeliveryStatus.SENT
            if self.status is DeliveryStatus.SENT
            else DeliveryStatus.ERASED,
            next_attempt_at=None,
            last_error=None,
        )

    def redacted(self, context: dict[str, Any], raw: bytes) -> Delivery:
        """The same mail (same key, Message-ID, date and status) rendered again from a
        context without an erased candidate."""
        return replace(self, context=context, raw=raw)

    def failed(self, error: str, now: datetime) -> Delivery:
        attempts = self.attempts + 1
        wait = min(timedelta(seconds=2**attempts), MAX_BACKOFF)
        return replace(self, attempts=attempts, last_error=error, next_attempt_at=now + wait)
