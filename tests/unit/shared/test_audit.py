"""The audit trail's hash chain: any edit or removal is found, at the right entry."""

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from shared import audit
from shared.audit import GENESIS_HASH, GENESIS_HEAD, AuditRecord, define_audit_tables, entry_hash

ENTRY = {
    "seq": 1,
    "occurred_at": "2025-03-04T10:30:00+00:00",
    "actor": "sam",
    "action": "application.list",
    "entity_type": "application",
    "entity_id": "app-1",
    "before": {"list_stage": "long_list"},
    "after": {"list_stage": "short_list"},
    "correlation_id": "corr-1",
    "prev_hash": GENESIS_HASH,
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq", 2),
        ("occurred_at", "2025-03-04T10:31:00+00:00"),
        ("actor", "mallory"),
        ("action", "application.erased"),
        ("entity_type", "vacancy"),
        ("entity_id", "app-2"),
        ("before", None),
        ("after", {"list_stage": "long_list"}),
        ("correlation_id", "corr-2"),
        ("prev_hash", "1" * 64),
    ],
)
def test_entry_hash_changes_when_any_field_changes(field, value):
    assert entry_hash({**ENTRY, field: value}) != entry_hash(ENTRY)


def test_entry_hash_ignores_the_stored_hash_itself():
    assert entry_hash({**ENTRY, "hash": "anything"}) == entry_hash(ENTRY)


def test_entry_hash_does_not_depend_on_key_order():
    assert entry_hash(dict(reversed(list(ENTRY.items())))) == entry_hash(ENTRY)


@pytest.fixture
def trail():
    """An in-memory SQLite database with an audit trail of three entries."""
    metadata = sa.MetaData()
    tables = define_audit_tables(metadata)
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(tables.head.insert().values(GENESIS_HEAD))
    with Session(engine) as session:
        records = [
            AuditRecord("sam", "vacancy.created", "vacancy", "vac-1", after={"title": "Director"}),
            AuditRecord("sam", "vacancy.published", "vacancy", "vac-1", after={"version": 1}),
        ]
        audit.append(session, tables, records, "corr-1")
        audit.append(
            session,
            tables,
            [AuditRecord("kim", "application.list", "application", "app-1", after={"l": "s"})],
            "corr-2",
        )
        session.commit()
    yield engine, tables
    engine.dispose()


def verify(trail):
    engine, tables = trail
    with engine.connect() as connection:
        return audit.verify(connection, tables)


def tamper(trail, statement):
    engine, _ = trail
    with engine.begin() as connection:
        connection.execute(statement)


def test_an_untouched_trail_verifies_intact(trail):
    report = verify(trail)

    assert report.intact
    assert report.entries == 3
    assert report.problems == []


def test_entries_are_chained_by_hash(trail):
    engine, tables = trail
    with engine.connect() as connection:
        rows = connection.execute(sa.select(tables.entries).order_by(tables.entries.c.seq)).all()

    assert [row.seq for row in rows] == [1, 2, 3]
    assert rows[0].prev_hash == GENESIS_HASH
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    assert [row.correlation_id for row in rows] == ["corr-1", "corr-1", "corr-2"]


def test_appending_nothing_leaves_the_trail_as_it_was(trail):
    engine, tables = trail
    with Session(engine) as session:
        audit.append(session, tables, [], "corr-3")
        session.commit()

    assert verify(trail).entries == 3


def test_editing_an_entrys_after_is_found_at_that_entry(trail):
    _, tables = trail
    entries = tables.entries
    tamper(trail, entries.update().where(entries.c.seq == 2).values(after={"version": 2}))

    report = verify(trail)

    assert not report.intact
    assert report.broken_at == 2
    assert report.problems == ["entry 2 was altered"]


def test_editing_the_actor_of_the_first_entry_is_found_at_entry_1(trail):
    _, tables = trail
    entries = tables.entries
    tamper(trail, entries.update().where(entries.c.seq == 1).values(actor="mallory"))

    assert verify(trail).broken_at == 1


def test_deleting_a_middle_entry_is_found_and_named(trail):
    _, tables = trail
    tamper(trail, tables.entries.delete().where(tables.entries.c.seq == 2))

    report = verify(trail)

    assert not report.intact
    assert report.problems == ["entry 2 is missing"]


def test_deleting_a_middle_entry_is_reported_at_the_removed_entry(trail):
    _, tables = trail
    tamper(trail, tables.entries.delete().where(tables.entries.c.seq == 2))

    assert verify(trail).broken_at == 2


def test_deleting_the_last_entry_is_found(trail):
    _, tables = trail
    tamper(trail, tables.entries.delete().where(tables.entries.c.seq == 3))

    report = verify(trail)

    assert not report.intact
    assert report.entries == 2
    assert "removed" in report.problems[0]


def test_deleting_the_last_entry_is_reported_at_the_removed_entry(trail):
    _, tables = trail
    tamper(trail, tables.entries.delete().where(tables.entries.c.seq == 3))

    assert verify(trail).broken_at == 3


def test_inserting_a_forged_entry_with_a_valid_hash_out_of_turn_is_found(trail):
    engine, tables = trail
    with engine.connect() as connection:
        first = connection.execute(sa.select(tables.entries).where(tables.entries.c.seq == 1)).one()
    forged = {**first._asdict(), "seq": 4, "actor": "mallory"}
    forged["hash"] = entry_hash(forged)
    tamper(trail, tables.entries.insert().values(forged))

    report = verify(trail)

    assert not report.intact
    assert report.broken_at == 4


def test_an_entry_without_erasable_text_is_hashed_as_before_the_digests_existed():
    assert entry_hash({**ENTRY, "text_digests": None, "text_salts": None}) == entry_hash(ENTRY)


def test_an_erased_reason_leaves_the_entry_verifiable_and_other_entries_untouched(trail):
    engine, tables = trail
    with Session(engine) as session:
        records = [
            AuditRecord(
                "sam", "application.rejected", "application", "app-1", after={"reason": "Ana lied"}
            ),
            AuditRecord(
                "sam", "application.rejected", "application", "app-2", after={"reason": "Ben late"}
            ),
        ]
        audit.append(session, tables, records, "corr-4")
        assert audit.erase_texts(session, tables, "app-1") == 1
        session.commit()
    with engine.connect() as connection:
        afters = (
            connection.execute(sa.select(tables.entries.c.after).where(tables.entries.c.seq > 3))
            .scalars()
            .all()
        )

    assert afters == [{"reason": audit.ERASED_TEXT}, {"reason": "Ben late"}]
    assert verify(trail).intact


def test_editing_a_digest_is_found(trail):
    engine, tables = trail
    with Session(engine) as session:
        record = AuditRecord(
            "sam", "application.rejected", "application", "app-1", after={"reason": "x"}
        )
        audit.append(session, tables, [record], "corr-4")
        session.commit()
    tamper(
        trail,
        tables.entries.update()
        .where(tables.entries.c.seq == 4)
        .values(text_digests={"after.reason": "0" * 64}),
    )

    assert verify(trail).broken_at == 4
