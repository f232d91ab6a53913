"""Listing and replaying a service's dead letters.

`list_dead_letters()` reads a dead-letter queue without consuming it (the messages are
taken unacknowledged and go back when the channel closes). `replay()` sends chosen dead
letters (all by default) back to the service's own queue only, not through the events
exchange, so that other services do not see them twice, and removes them from the
dead-letter queue once the broker has confirmed the replayed copy.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from kombu import Connection, Message

from shared.messaging.broker import ConfirmedPublisher, OutgoingMessage, connect
from shared.messaging.topology import Topology


@dataclass(frozen=True)
class DeadLetter:
    message_id: str
    event: str
    reason: str
    attempts: int
    failed_at: str
    body: Any


def list_dead_letters(
    broker_url: str, topology: Topology, service: str, limit: int = 1000
) -> list[DeadLetter]:
    with connect(broker_url) as connection:
        topology.declare(connection)
        return [_describe(m) for m in _take(connection, topology, service, limit)]


def replay(
    broker_url: str,
    topology: Topology,
    service: str,
    message_ids: Collection[str] | None = None,
    limit: int = 1000,
) -> list[DeadLetter]:
    replayed = []
    with connect(broker_url) as connection:
        topology.declare(connection)
        publisher = ConfirmedPublisher(connection)
        for message in _take(connection, topology, service, limit):
            letter = _describe(message)
            if message_ids is not None and letter.message_id not in message_ids:
                continue
            publisher.publish(
                [
                    OutgoingMessage(
                        exchange="",
                        routing_key=topology.queue_name(service),
                        body=letter.body,
                        message_id=letter.message_id,
                        headers={"x-replayed": True, "x-death-reason": letter.reason},
                    )
                ]
            )
            message.ack()
            replayed.append(letter)
        publisher.reset()
    return replayed


def _take(connection: Connection, topology: Topology, service: str, limit: int) -> list[Message]:
    channel = connection.channel()
    queue = topology.dead_letter_queue(service)(channel)
    messages = []
    while len(messages) < limit:
        message = queue.get(no_ack=False, accept=["json"])
        if message is None:
            break
        messages.append(message)
    return messages


def _describe(message: Message) -> DeadLetter:
    headers = message.headers or {}
    body = message.decode()
    return DeadLetter(
        message_id=message.properties.get("message_id") or "",
        event=headers.get("x-original-routing-key") or (body or {}).get("name", ""),
        reason=headers.get("x-death-reason", ""),
        attempts=int(headers.get("x-attempts", 0)),
        failed_at=headers.get("x-failed-at", ""),
        body=body,
    )
