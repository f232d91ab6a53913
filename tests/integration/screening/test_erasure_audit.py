"""Erasure and the audit trail, on SQLite and PostgreSQL: the secretariat's free-text
reasons about an erased candidate (which may name them) leave the trail, the chain still
verifies, and it still catches an edit of anyone else's entry; entries written before
the trail kept digests still verify once migrated."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.screening.adapters.tables import AUDIT
from services.screening.bootstrap import SERVICE, ScreeningRuntime, bootstrap
from services.screening.service_layer import erasure, services
from shared import audit
from shared.audit import GENESIS_HASH, entry_hash
from shared.db import upgrade
from tests.integration.screening.test_applicant_queries import publish, screen

ANA_REASON = "Ana Quintero told me her degree is equivalent"
BEN_REASON = "Ben Otero's diploma was checked by phone"


def trail_text(runtime: ScreeningRuntime) -> str:
    with runtime.engine.connect() as connection:
        return repr(connection.execute(sa.select(AUDIT.entries)).all())


def verified(runtime: ScreeningRuntime) -> audit.AuditReport:
    with runtime.engine.connect() as connection:
        return audit.verify(connection, AUDIT)


def overridden_and_erased(runtime: ScreeningRuntime) -> str:
    vacancy_id = publish(runtime)
    for application_id, name in (("app-ana", "Ana Quintero"), ("app-ben", "Ben Otero")):
        screen(
            runtime,
            vacancy_id,
            application_id,
            name,
            level="bachelor",
            english="fluent",
            mine_action=True,
        )
    for application_id, reason in (("app-ana", ANA_REASON), ("app-ben", BEN_REASON)):
        services.override_verdict(
            runtime.uow(), "sam", application_id, criterion_id="EDU", verdict="met", reason=reason
        )
    assert ANA_REASON in trail_text(runtime)

    erasure.erase_candidate(runtime.uow(), {"application_id": "app-ana", "vacancy_id": vacancy_id})
    return vacancy_id


def test_the_reasons_about_an_erased_candidate_leave_the_trail_which_still_verifies(runtime):
    overridden_and_erased(runtime)

    text = trail_text(runtime)
    assert "Ana Quintero" not in text and "told me" not in text
    assert BEN_REASON in text
    report = verified(runtime)
    assert report.intact, report.problems
    with runtime.engine.connect() as connection:
        actions = connection.execute(
            sa.select(AUDIT.entries.c.action, AUDIT.entries.c.after).where(
                AUDIT.entries.c.entity_id == "app-ana"
            )
        ).all()
    [override] = [after for action, after in actions if action == "verdict.overridden"]
    assert override["reason"] == audit.ERASED_TEXT and override["verdict"] == "met"
    assert any(action == "audit.texts_erased" for action, _ in actions)


def test_after_an_erasure_an_edit_of_another_reason_is_still_caught(runtime):
    overridden_and_erased(runtime)
    entries = AUDIT.entries
    with runtime.engine.begin() as connection:
        seq, after = connection.execute(
            sa.select(entries.c.seq, entries.c.after).where(
                entries.c.entity_id == "app-ben", entries.c.action == "verdict.overridden"
            )
        ).one()
        connection.execute(
            entries.update()
            .where(entries.c.seq == seq)
            .values(after={**after, "reason": "Ben Otero's diploma is fake"})
        )

    report = verified(runtime)

    assert not report.intact and report.broken_at == seq


def test_blanking_a_kept_reason_by_hand_is_caught(runtime):
    overridden_and_erased(runtime)
    entries = AUDIT.entries
    with runtime.engine.begin() as connection:
        seq, after = connection.execute(
            sa.select(entries.c.seq, entries.c.after).where(
                entries.c.entity_id == "app-ben", entries.c.action == "verdict.overridden"
            )
        ).one()
        connection.execute(
            entries.update()
            .where(entries.c.seq == seq)
            .values(after={**after, "reason": audit.ERASED_TEXT})
        )

    assert verified(runtime).broken_at == seq


def test_entries_from_before_the_migration_still_verify(settings, database_url):
    config = Config()
    config.set_main_option("script_location", str(SERVICE.migrations))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "0005")
    engine = sa.create_engine(database_url)
    prev_hash, old_entries = GENESIS_HASH, []
    for seq in (1, 2):
        entry = {
            "seq": seq,
            "occurred_at": f"2026-01-0{seq}T10:00:00+00:00",
            "actor": "sam",
            "action": "verdict.overridden",
            "entity_type": "application",
            "entity_id": f"app-{seq}",
            "before": {"verdict": "not_met"},
            "after": {"verdict": "met", "reason": f"Reason number {seq}"},
            "correlation_id": None,
            "prev_hash": prev_hash,
        }
        entry["hash"] = prev_hash = entry_hash(entry)
        old_entries.append(entry)
    with engine.begin() as connection:
        old_table = sa.Table("audit_entries", sa.MetaData(), autoload_with=connection)
        connection.execute(old_table.insert(), old_entries)
        connection.execute(
            sa.text("UPDATE audit_head SET seq = 2, hash = :hash WHERE id = 1"), {"hash": prev_hash}
        )
    engine.dispose()

    upgrade(database_url, SERVICE.migrations)
    runtime = bootstrap(settings)
    try:
        assert verified(runtime).intact
        publish(runtime)  # new entries chain on to the old ones

        report = verified(runtime)
        assert report.intact and report.entries > 2
        assert "Reason number 1" in trail_text(runtime)
    finally:
        runtime.engine.dispose()
