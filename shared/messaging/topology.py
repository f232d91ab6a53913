"""The message topology, declared in one place and by every process at start.

One durable topic exchange carries every event, routed by its name. Each consuming
service has one durable queue bound to the events it wants, and one dead-letter queue
reached through a direct dead-letter exchange. Every process declares all of it (not
only its own queue): on RabbitMQ that is idempotent, and on the embedded SQLite
transport, whose bindings live in each process's memory, it is what makes a publish
from one process reach a queue consumed by another.
"""

from __future__ import annotations

from dataclasses import dataclass

from kombu import Connection, Exchange, Queue

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    # intake reads the CVs of its own `application.received` off the request path,
    # and again on its own `cv.reread.requested` and `cv.replaced`
    "intake": (
        "vacancy.published",
        "application.received",
        "cv.reread.requested",
        "screening.completed",
        "candidate.shortlisted",
        "cv.replaced",
        # the candidate's status page follows the interview and the panel's decision
        "slots.proposed",
        "interview.scheduled",
        "interview.rescheduled",
        "interview.cancelled",
        "panel.decided",
    ),
    # screening re-screens a vacancy's applications, batch by batch, on its own
    # `screening.rescreen.requested`
    "screening": (
        "cv.parsed",
        "screening.rescreen.requested",
        "candidate.erased",
        "application.withdrawn",
        # who sits on each vacancy's panel, so that its members see the long list
        "panel.appointed",
    ),
    "scoring": ("vacancy.published", "candidate.shortlisted", "candidate.erased"),
    # notify acknowledges an application on `application.submitted` (and on an
    # `application.received` from before that event existed)
    "notify": (
        "vacancy.published",
        "application.received",
        "panel.completed",
        "application.submitted",
        # interview invitations with calendar files, and the panel's decision
        "slots.proposed",
        "interview.scheduled",
        "interview.rescheduled",
        "interview.cancelled",
        "panel.decided",
        "candidate.erased",
    ),
}
PRODUCERS: dict[str, tuple[str, ...]] = {
    "intake": (
        "application.received",
        "cv.parsed",
        "cv.reread.requested",
        "application.submitted",
        "application.withdrawn",
        "cv.replaced",
        "candidate.erased",
    ),
    "screening": (
        "vacancy.published",
        "screening.rescreen.requested",
        "screening.completed",
        "candidate.shortlisted",
    ),
    "scoring": (
        "score.submitted",
        "panel.completed",
        "panel.appointed",
        "slots.proposed",
        "interview.scheduled",
        "interview.rescheduled",
        "interview.cancelled",
        "panel.decided",
    ),
    "notify": (),
}


@dataclass(frozen=True)
class Topology:
    namespace: str = "shortlist"

    @property
    def events(self) -> Exchange:
        return Exchange(f"{self.namespace}.events", type="topic", durable=True)

    @property
    def dead_letters(self) -> Exchange:
        return Exchange(f"{self.namespace}.dead-letters", type="direct", durable=True)

    def queue_name(self, service: str) -> str:
        return f"{self.namespace}.{service}"

    def dead_letter_queue_name(self, service: str) -> str:
        return f"{self.namespace}.{service}.dead"

    def queue(self, service: str) -> Queue:
        return Queue(
            self.queue_name(service),
            exchange=self.events,
            bindings=[],
            durable=True,
            queue_arguments={
                # RabbitMQ's own route for a rejected message; the consumer dead-letters
                # explicitly (with the reason) so that both transports behave alike.
                "x-dead-letter-exchange": self.dead_letters.name,
                "x-dead-letter-routing-key": service,
            },
        )

    def dead_letter_queue(self, service: str) -> Queue:
        return Queue(
            self.dead_letter_queue_name(service),
            exchange=self.dead_letters,
            routing_key=service,
            durable=True,
        )

    def declare(self, connection: Connection) -> None:
        channel = connection.default_channel
        self.events.declare(channel=channel)
        self.dead_letters.declare(channel=channel)
        for service, event_names in SUBSCRIPTIONS.items():
            queue = self.queue(service)(channel)
            queue.declare()
            for name in event_names:
                queue.bind_to(exchange=self.events, routing_key=name)
            self.dead_letter_queue(service)(channel).declare()

    def delete(self, connection: Connection) -> None:
        """Remove every queue and exchange of this namespace (tests use a namespace each)."""
        channel = connection.default_channel
        for service in SUBSCRIPTIONS:
            channel.queue_delete(self.queue_name(service))
            channel.queue_delete(self.dead_letter_queue_name(service))
        channel.exchange_delete(self.events.name)
        channel.exchange_delete(self.dead_letters.name)
