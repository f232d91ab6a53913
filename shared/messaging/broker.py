"""Connections to the broker, and publishing that returns only once the broker holds it.

`connect(url)` opens a kombu connection to RabbitMQ (`amqp://…`) or to the embedded
durable SQLite transport (`sqlite-durable:///path/broker.db`). `ConfirmedPublisher`
publishes a batch of messages and returns only when each one is held durably: on
RabbitMQ the channel is put in confirm mode and the whole batch is awaited at once
(confirming one message at a time is ten times slower here); on the SQLite transport a
publish returns after its row is committed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import amqp
from kombu import Connection, Exchange, Producer

from shared.messaging import sqlite_transport  # noqa: F401  (registers "sqlite-durable")

CONFIRM_TIMEOUT_SECONDS = 30.0


class PublishNotConfirmed(ConnectionError):
    """The broker refused (nack) or did not confirm a message in time."""


def connect(broker_url: str) -> Connection:
    if broker_url.startswith("amqp"):
        return Connection(broker_url, heartbeat=0, connect_timeout=5)
    return Connection(broker_url)


def is_amqp(connection: Connection) -> bool:
    return (
        connection.transport_cls in ("amqp", "pyamqp") or connection.transport.driver_type == "amqp"
    )


@dataclass(frozen=True)
class OutgoingMessage:
    exchange: Exchange | str
    routing_key: str
    body: Mapping[str, Any]
    message_id: str
    correlation_id: str | None = None
    headers: Mapping[str, Any] = field(default_factory=dict)


class ConfirmedPublisher:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._channel: Any = None
        self._next_tag = 1

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        if not messages:
            return
        channel = self._confirming_channel()
        producer = Producer(channel, serializer="json")
        tags = set(range(self._next_tag, self._next_tag + len(messages)))
        # listen before publishing: a confirm can arrive while the batch is still going out
        confirms = _Confirms(channel, tags) if is_amqp(self.connection) else None
        try:
            for message in messages:
                producer.publish(
                    dict(message.body),
                    exchange=message.exchange,
                    routing_key=message.routing_key,
                    delivery_mode=2,
                    message_id=message.message_id,
                    correlation_id=message.correlation_id,
                    headers=dict(message.headers),
                    retry=False,
                )
                self._next_tag += 1
            if confirms is not None:
                confirms.wait(CONFIRM_TIMEOUT_SECONDS)
        except Exception:
            self.reset()
            raise
        finally:
            if confirms is not None:
                confirms.close()

    def reset(self) -> None:
        """Forget the channel (after an error the confirm counter can no longer be trusted)."""
        if self._channel is not None:
            with contextlib.suppress(Exception):  # the channel is already broken
                self._channel.close()
        self._channel = None
        self._next_tag = 1

    def _confirming_channel(self) -> Any:
        if self._channel is None:
            self._channel = self.connection.channel()
            if is_amqp(self.connection):
                self._channel.confirm_select()
            self._next_tag = 1
        return self._channel


class _Confirms:
    """The broker's confirms of one batch, counted as they arrive (RabbitMQ only)."""

    def __init__(self, channel: amqp.Channel, tags: set[int]) -> None:
        self.channel = channel
        self.pending = set(tags)
        self.nacked: set[int] = set()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)

    def wait(self, timeout: float) -> None:
        try:
            while self.pending:
                self.channel.connection.drain_events(timeout=timeout)
        except TimeoutError as error:
            raise PublishNotConfirmed(f"{len(self.pending)} messages not confirmed") from error
        if self.nacked:
            raise PublishNotConfirmed(f"the broker refused {len(self.nacked)} messages")

    def close(self) -> None:
        self.channel.events["basic_ack"].discard(self._on_ack)
        self.channel.events["basic_nack"].discard(self._on_nack)

    def _settled(self, delivery_tag: int, multiple: bool) -> set[int]:
        return {t for t in self.pending if t <= delivery_tag} if multiple else {delivery_tag}

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self.pending -= self._settled(delivery_tag, multiple)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        settled = self._settled(delivery_tag, multiple)
        self.nacked |= settled
        self.pending -= settled
