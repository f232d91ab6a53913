"""A service's event consumer: inbox, bounded retries, and dead letters with a reason.

`EventConsumer` reads the service's queue one message at a time. A message that is not
a valid event of the catalogue goes to the dead-letter queue at once with the reason.
A valid one is handled in a fresh unit of work that first records the message id in
the inbox: handler changes, inbox row, emitted events and audit entries commit
together, and a redelivered message finds its inbox row and is acked without effect.
A handler that raises is retried with exponential back-off a bounded number of times
(`PermanentFailure` is not retried), then dead-lettered with the error. The message is
acked only after all that, so a crash at any point leads to a redelivery.

On `candidate.erased`, before handling it, a consumer on the embedded SQLite broker also
rewrites the messages the broker still holds without the candidate's data
(`sqlite_transport.erase_application`; every consumer does it, as each service's outbox
may have published some, and doing it again changes nothing). RabbitMQ cannot edit
queued messages: see that module's docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from kombu import Connection, Message
from kombu.mixins import ConsumerMixin
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_not_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from shared.logging import correlation_scope, get_logger
from shared.messaging import sqlite_transport
from shared.messaging.broker import ConfirmedPublisher, OutgoingMessage, connect
from shared.messaging.contracts import Catalogue, ContractViolation, Envelope, parse_envelope
from shared.messaging.events import CANDIDATE_ERASED, EVENTS
from shared.messaging.topology import Topology
from shared.unit_of_work import UnitOfWork

log = get_logger(__name__)

Handler = Callable[[UnitOfWork, Envelope], None]


class PermanentFailure(Exception):
    """A handler's way to say that trying again cannot help."""


class EventConsumer(ConsumerMixin):
    def __init__(
        self,
        service: str,
        broker_url: str,
        topology: Topology,
        handlers: Mapping[str, Handler],
        uow_factory: Callable[[], UnitOfWork],
        *,
        catalogue: Catalogue = EVENTS,
        max_attempts: int = 5,
        backoff_seconds: float = 0.5,
    ) -> None:
        self.service = service
        self.connection: Connection = connect(broker_url)
        self.topology = topology
        self.handlers = dict(handlers)
        self.uow_factory = uow_factory
        self.catalogue = catalogue
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self._dead_letter_publisher: ConfirmedPublisher | None = None

    def get_consumers(self, consumer_class: Any, channel: Any) -> list[Any]:
        self.topology.declare(self.connection)
        self._dead_letter_publisher = ConfirmedPublisher(self.connection)
        return [
            consumer_class(
                queues=[self.topology.queue(self.service)],
                on_message=self.on_message,
                prefetch_count=1,
                accept=["json"],
            )
        ]

    def on_connection_error(self, exc: Exception, interval: float) -> None:
        log.warning("broker unreachable, retrying", service=self.service, error=repr(exc))

    def stop(self) -> None:
        self.should_stop = True

    def on_message(self, message: Message) -> None:
        try:
            body = message.decode()
            envelope = parse_envelope(body, self.catalogue)
        except Exception as error:
            self._dead_letter(message, f"invalid message: {error}", attempts=0)
            message.ack()
            return
        with correlation_scope(
            envelope.correlation_id, causation_id=envelope.id, event=envelope.name
        ):
            try:
                self._retrying()(self.handle, envelope)
            except Exception as error:
                log.error("handler failed, dead-lettering", error=repr(error))
                self._dead_letter(message, f"{type(error).__name__}: {error}", self.max_attempts)
            message.ack()

    def handle(self, envelope: Envelope) -> bool:
        """Handle one event exactly once; False when the inbox says it was already handled."""
        handler = self.handlers.get(envelope.name)
        if handler is None:
            raise PermanentFailure(f"{self.service} has no handler for {envelope.name}")
        if envelope.name == CANDIDATE_ERASED.name:
            self._erase_from_broker(envelope.payload["application_id"])
        with self.uow_factory() as uow:
            if not uow.mark_handled(self.service, envelope):
                log.info("duplicate skipped", message_id=envelope.id)
                return False
            handler(uow, envelope)
            uow.commit()
        log.info("handled", message_id=envelope.id)
        return True

    def _erase_from_broker(self, application_id: str) -> None:
        if isinstance(self.connection.transport, sqlite_transport.Transport):
            path = sqlite_transport.database_path_for(self.connection)
            changed = sqlite_transport.erase_application(path, application_id)
            log.info("erased from the broker's messages", messages=changed)

    def _retrying(self) -> Retrying:
        def before_sleep(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            log.warning("handler failed, retrying", attempt=state.attempt_number, error=repr(error))

        return Retrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=wait_exponential(multiplier=self.backoff_seconds, max=30),
            retry=retry_if_not_exception_type((PermanentFailure, ContractViolation)),
            before_sleep=before_sleep,
            reraise=True,
        )

    def _dead_letter(self, message: Message, reason: str, attempts: int) -> None:
        try:
            body: Any = message.decode()
        except Exception:
            body = {
                "undecodable": message.body if isinstance(message.body, str) else repr(message.body)
            }
        if not isinstance(body, Mapping):
            body = {"undecodable": repr(body)}
        assert self._dead_letter_publisher is not None
        self._dead_letter_publisher.publish(
            [
                OutgoingMessage(
                    exchange=self.topology.dead_letters,
                    routing_key=self.service,
                    body=body,
                    message_id=message.properties.get("message_id") or "unknown",
                    headers={
                        "x-death-reason": reason[:2000],
                        "x-attempts": attempts,
                        "x-failed-at": datetime.now(UTC).isoformat(),
                        "x-original-routing-key": message.delivery_info.get("routing_key", ""),
                    },
                )
            ]
        )
        log.error("dead-lettered", reason=reason, service=self.service)
