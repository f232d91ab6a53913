"""The audit trail: append-only, hash-chained entries of every state change.

Each service appends `AuditRecord`s in the same transaction as the change they
describe (the unit of work does it on commit). Every entry carries the hash of the one
before it; a single `audit_head` row holds the last sequence number and hash, and is
locked while appending, so concurrent transactions queue up instead of forking the
chain. `verify()` walks the chain and names the first entry that was edited, removed
or inserted out of turn.

Free text that may name a person (a reason, a comment, a note, a candidate's name or
address: the top-level `ERASABLE_KEYS` of `before`/`after`) can be erased without
breaking the chain. Such a value is not hashed itself: the entry's hash covers a
placeholder in its place and a salted digest of it (`text_digests`, e.g.
`{"after.reason": sha256(salt + text)}`), and the salt is kept beside it
(`text_salts`, outside the hash). `verify()` checks every text that is still there
against its digest, so editing it is caught as before. `erase_texts()` replaces the
texts of a candidate's entries by `ERASED_TEXT` and drops their salts: the chain still
verifies, the entry shows that a text was erased (and an `audit.texts_erased` entry
says when and how many), and without the salt nobody can test a guessed name against
the digest. Entries without such text (and all entries written before this existed)
have no `text_digests` and are hashed exactly as they always were.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

GENESIS_HASH = "0" * 64
# Keys of `before`/`after` whose text may name a person, and what an erased one becomes.
ERASABLE_KEYS = frozenset(
    {"reason", "comment", "comments", "note", "notes", "candidate_name", "candidate_email"}
)
ERASED_TEXT = "[erased]"
_HASHED_AWAY = "<erasable text: see text_digests>"


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
        sa.Column("text_digests", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("text_salts", sa.JSON(none_as_null=True), nullable=True),
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
    """The hash of an entry: every field but the hash and the salts, with each erasable
    text replaced by a placeholder (its salted digest in `text_digests` is hashed)."""
    fields = {k: entry[k] for k in sorted(entry) if k not in ("hash", "text_salts")}
    if fields.get("text_digests") is None:
        fields.pop("text_digests", None)  # the form of entries without erasable text
    else:
        for side in ("before", "after"):
            fields[side] = _without_texts(fields.get(side), side, fields["text_digests"])
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def text_digest(salt: str, text: str) -> str:
    return hashlib.sha256(f"{salt}\0{text}".encode()).hexdigest()


def _without_texts(value: Any, side: str, digests: Mapping[str, str]) -> Any:
    if not isinstance(value, Mapping):
        return value
    return {k: _HASHED_AWAY if f"{side}.{k}" in digests else v for k, v in value.items()}


def _erasable_texts(row: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Digests and salts of the erasable texts of a new entry's `before` and `after`."""
    digests: dict[str, str] = {}
    salts: dict[str, str] = {}
    for side in ("before", "after"):
        value = row[side]
        if not isinstance(value, Mapping):
            continue
        for key in sorted(ERASABLE_KEYS & value.keys()):
            if isinstance(value[key], str) and value[key]:
                salt = secrets.token_hex(16)
                digests[f"{side}.{key}"] = text_digest(salt, value[key])
                salts[f"{side}.{key}"] = salt
    return digests, salts


def _text_problem(entry: Mapping[str, Any]) -> str | None:
    """Which kept text does not match its digest (an erased one has no salt left)."""
    salts = entry.get("text_salts") or {}
    for name, digest in (entry.get("text_digests") or {}).items():
        side, key = name.split(".", 1)
        text = (entry.get(side) or {}).get(key)
        if name not in salts:
            if text != ERASED_TEXT:
                return name
        elif not isinstance(text, str) or text_digest(salts[name], text) != digest:
            return name
    return None


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
        digests, salts = _erasable_texts(row)
        row["text_digests"], row["text_salts"] = digests or None, salts or None
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
        if entry_hash(entry) != entry["hash"] or _text_problem(entry):
            return AuditReport(count, entry["seq"], [f"entry {entry['seq']} was altered"])
        expected_prev, expected_seq = entry["hash"], expected_seq + 1
    head = connection.execute(sa.select(tables.head).where(tables.head.c.id == 1)).one_or_none()
    if head is None or head.seq != count or head.hash != expected_prev:
        return AuditReport(
            count, count + 1, [f"entries after {count} were removed, or the head was edited"]
        )
    return AuditReport(count)


def erase_texts(session: Session, tables: AuditTables, application_id: str) -> int:
    """Replace the erasable texts of the entries about an application (its own, those of
    `<application id>:…` entities, and those whose `before`/`after` name it) by
    `ERASED_TEXT`, dropping their salts; returns how many entries changed."""
    entries = tables.entries
    about = sa.or_(
        entries.c.entity_id == application_id,
        entries.c.entity_id.startswith(f"{application_id}:", autoescape=True),
        sa.cast(entries.c.before, sa.Text).contains(application_id, autoescape=True),
        sa.cast(entries.c.after, sa.Text).contains(application_id, autoescape=True),
    )
    rows = session.execute(
        sa.select(entries.c.seq, entries.c.before, entries.c.after, entries.c.text_salts)
        .where(entries.c.text_salts.is_not(None), about)
        .order_by(entries.c.seq)
    ).all()
    changed = 0
    for row in rows:
        sides = {"before": dict(row.before or {}), "after": dict(row.after or {})}
        for name in row.text_salts:
            side, key = name.split(".", 1)
            sides[side][key] = ERASED_TEXT
        session.execute(
            entries.update()
            .where(entries.c.seq == row.seq)
            .values(
                before=sides["before"] if row.before is not None else None,
                after=sides["after"] if row.after is not None else None,
                text_salts=None,
            )
        )
        changed += 1
    return changed


def _jsonable(value: Mapping[str, Any] | None) -> Any:
    """What the JSON column will give back, so the hash survives the round trip."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str))
