"""The unit of work: one transaction of a use case, with its events and audit entries.

A service-layer function opens a unit of work, changes state through its repositories,
calls `emit()` for the events the change causes and `record()` for what the audit
trail must say (and, on a candidate's erasure, `erase_audit_texts()` for the free text
of the trail's entries about them: see `shared.audit`), then `commit()`s. Nothing is
written until then, and everything is written in one transaction: the state, the
outbox rows and the audit entries. Leaving the block without committing rolls back.
Services subclass `SqlAlchemyUnitOfWork` to add their repositories, and tests subclass
`UnitOfWork` with in-memory fakes.

A unit of work may be entered again while open: the inner block joins the outer
transaction, and its `commit()` leaves the writing to the outermost block's. That is how
the consumer puts a handler's use cases, which open and commit the unit of work as every
use case does, in one transaction with the inbox row: a handler that runs two use cases
and dies between them leaves nothing behind, not an inbox row that would make the
redelivery skip the second.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, Self

from sqlalchemy.orm import Session

from shared import audit
from shared.audit import AuditRecord, AuditTables
from shared.logging import current_causation_id, current_correlation_id, new_id
from shared.messaging.contracts import Contract, Envelope
from shared.messaging.outbox import MessagingTables, add_to_outbox, record_handled


class UnitOfWork(ABC):
    producer: str = "unknown"

    def __init__(self) -> None:
        self._events: list[Envelope] = []
        self._audit: list[AuditRecord] = []
        self._audit_text_erasures: list[str] = []
        self._depth = 0

    def emit(self, contract: Contract, payload: Mapping[str, Any]) -> Envelope:
        envelope = contract.envelope(
            payload,
            producer=self.producer,
            correlation_id=current_correlation_id() or new_id(),
            causation_id=current_causation_id(),
        )
        self._events.append(envelope)
        return envelope

    def record(
        self,
        actor: str,
        action: str,
        entity_type: str,
        entity_id: str,
        *,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        self._audit.append(AuditRecord(actor, action, entity_type, entity_id, before, after))

    def erase_audit_texts(self, application_id: str) -> None:
        """On commit, blank the erasable texts of the audit entries about an application
        (the chain still verifies; an `audit.texts_erased` entry says how many)."""
        self._audit_text_erasures.append(application_id)

    def commit(self) -> None:
        if self._depth > 1:
            return  # the outermost block commits everything at once
        self._commit(self._events, self._audit)
        self._events, self._audit, self._audit_text_erasures = [], [], []

    def rollback(self) -> None:
        self._events, self._audit, self._audit_text_erasures = [], [], []
        self._rollback()

    @abstractmethod
    def mark_handled(self, consumer: str, envelope: Envelope) -> bool:
        """Record in this transaction that `consumer` handled the message; False if seen."""

    @abstractmethod
    def _commit(self, events: list[Envelope], audit_records: list[AuditRecord]) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    def __enter__(self) -> Self:
        if self._depth == 0:
            self._begin()
        self._depth += 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.rollback()
            self._end()

    def _begin(self) -> None:  # noqa: B027 - an optional hook
        """Open what the transaction needs (a session); only for the outermost block."""

    def _end(self) -> None:  # noqa: B027 - an optional hook
        """Release it."""


class SqlAlchemyUnitOfWork(UnitOfWork):
    """Base of every service's unit of work; subclasses build repositories in `_open()`."""

    session: Session

    def __init__(
        self,
        session_factory: Callable[[], Session],
        producer: str,
        messaging: MessagingTables,
        audit_tables: AuditTables,
    ) -> None:
        super().__init__()
        self._session_factory = session_factory
        self.producer = producer
        self._messaging = messaging
        self._audit_tables = audit_tables

    def _begin(self) -> None:
        self.session = self._session_factory()
        self._open(self.session)

    def _end(self) -> None:
        self.session.close()

    def _open(self, session: Session) -> None:
        """Build the service's repositories on the fresh session."""

    def mark_handled(self, consumer: str, envelope: Envelope) -> bool:
        return record_handled(self.session, self._messaging, consumer, envelope)

    def _commit(self, events: list[Envelope], audit_records: list[AuditRecord]) -> None:
        self.session.flush()
        add_to_outbox(self.session, self._messaging, events)
        for application_id in self._audit_text_erasures:
            if erased := audit.erase_texts(self.session, self._audit_tables, application_id):
                audit_records = [
                    *audit_records,
                    AuditRecord(
                        f"system:{self.producer}",
                        "audit.texts_erased",
                        "application",
                        application_id,
                        after={"entries": erased},
                    ),
                ]
        audit.append(self.session, self._audit_tables, audit_records, current_correlation_id())
        self.session.commit()

    def _rollback(self) -> None:
        self.session.rollback()
