"""The audit trail: append-only, hash-chained entries of every state change.

Each service appends `AuditRecord`s in the same transaction as the change they
describe (the unit of work does it on commit). Every entry carries the hash of the one
before it; a single `audit_head` row holds the last sequence number and hash, and is
locked while appending, so concurrent transactions queue up instead of forking the
chain. `verify()` walks the chain and names the first entry that was edited, removed
or inserted out of turn.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    actor: str
    action: str
    entity_type: str
    entity_id: str
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class AuditTables:
    entries: sa.Table
    head: sa.Table


@dataclass(frozen=True)
class AuditReport:
    entries: int
    broken_at: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def define_audit_tables(metadata: sa.MetaData) -> AuditTables:
    entries = sa.Table(
        "audit_entries",
        metadata,
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("entity_type", sa.String(100), nullable=False),
        sa.Column("entity_id", sa.String(100), nullable=False),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.Column("correlation_id", sa.String(64), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Index("ix_audit_entity", "entity_type", "entity_id"),
    )
    head = sa.Table(
        "audit_head",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    return AuditTables(entries=entries, head=head)


GENESIS_HEAD = {"id": 1, "seq": 0, "hash": GENESIS_HASH}


def entry_hash(entry: Mapping[str, Any]) -> str:
    fields = {k: entry[k] for k in sorted(entry) if k != "hash"}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def append(
    session: Session,
    tables: AuditTables,
    records: Iterable[AuditRecord],
    correlation_id: str | None,
) -> None:
    records = list(records)
    if not records:
        return
    head = session.execute(
        sa.select(tables.head).where(tables.head.c.id == 1).with_for_update()
    ).one()
    seq, prev_hash = head.seq, head.hash
    occurred_at = datetime.now(UTC).isoformat()
    rows = []
    for record in records:
        seq += 1
        row = {
            "seq": seq,
            "occurred_at": occurred_at,
            "actor": record.actor,
            "action": record.action,
            "entity_type": record.entity_type,
            "entity_id": record.entity_id,
            "before": _jsonable(record.before),
            "after": _jsonable(record.after),
            "correlation_id": correlation_id,
            "prev_hash": prev_hash,
        }
        row["hash"] = prev_hash = entry_hash(row)
        rows.append(row)
    session.execute(tables.entries.insert(), rows)
    session.execute(
        tables.head.update().where(tables.head.c.id == 1).values(seq=seq, hash=prev_hash)
    )


def verify(connection: Connection, tables: AuditTables) -> AuditReport:
    """Walk the chain from the start; report the first entry that does not hold."""
    expected_prev, expected_seq, count = GENESIS_HASH, 1, 0
    columns = [c.name for c in tables.entries.columns]
    for row in connection.execute(sa.select(tables.entries).order_by(tables.entries.c.seq)):
        entry = dict(zip(columns, row, strict=True))
        count += 1
        if entry["seq"] != expected_seq:
            return AuditReport(count, expected_seq, [f"entry {expected_seq} is missing"])
        if entry["prev_hash"] != expected_prev:
            return AuditReport(count, entry["seq"], [f"entry {entry['seq']} does not follow"])
        if entry_hash(entry) != entry["hash"]:
            return AuditReport(count, entry["seq"], [f"entry {entry['seq']} was altered"])
        expected_prev, expected_seq = entry["hash"], expected_seq + 1
    head = connection.execute(sa.select(tables.head).where(tables.head.c.id == 1)).one_or_none()
    if head is None or head.seq != count or head.hash != expected_prev:
        return AuditReport(
            count, count + 1, [f"entries after {count} were removed, or the head was edited"]
        )
    return AuditReport(count)


def _jsonable(value: Mapping[str, Any] | None) -> Any:
    """What the JSON column will give back, so the hash survives the round trip."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str))
