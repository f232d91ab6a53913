"""The unit of work: explicit commits, rollback on leaving, nesting, correlation ids."""

from datetime import UTC, datetime

import pytest

from services.notify.domain.deliveries import Delivery
from shared.logging import correlation_scope
from shared.messaging.events import CANDIDATE_SHORTLISTED
from tests.unit.fakes import FakeNotifyUnitOfWork, FakeUnitOfWork

PAYLOAD = {
    "application_id": "app-1",
    "vacancy_id": "vac-1",
    "candidate_name": "Ana Example",
    "shortlisted_by": "sam",
}


def emit_and_record(uow):
    uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)
    uow.record("sam", "application.list", "application", "app-1", after={"list": "short"})


def test_nothing_is_committed_without_commit():
    uow = FakeUnitOfWork()

    with uow:
        emit_and_record(uow)

    assert not uow.committed
    assert uow.events == []
    assert uow.audit == []


def test_commit_writes_the_events_and_audit_records_together():
    uow = FakeUnitOfWork()

    with uow:
        emit_and_record(uow)
        uow.commit()

    assert uow.commits == 1
    assert [event.name for event in uow.events] == ["candidate.shortlisted"]
    assert [record.action for record in uow.audit] == ["application.list"]


def test_leaving_the_block_drops_what_was_not_committed():
    uow = FakeUnitOfWork()
    with uow:
        emit_and_record(uow)

    with uow:
        uow.commit()

    assert uow.events == []
    assert uow.audit == []


def test_an_error_in_the_block_rolls_back_and_propagates():
    uow = FakeUnitOfWork()

    with pytest.raises(RuntimeError), uow:
        emit_and_record(uow)
        raise RuntimeError("boom")

    with uow:
        uow.commit()
    assert uow.events == []


def test_explicit_rollback_discards_what_came_before_it():
    uow = FakeUnitOfWork()

    with uow:
        emit_and_record(uow)
        uow.rollback()
        uow.commit()

    assert uow.events == []


def test_a_nested_block_joins_the_outer_transaction():
    uow = FakeUnitOfWork()

    with uow:
        with uow:
            emit_and_record(uow)
        assert not uow.committed
        uow.commit()

    assert len(uow.events) == 1
    assert len(uow.audit) == 1


def test_leaving_a_nested_block_does_not_roll_back_the_outer_one():
    uow = FakeUnitOfWork()

    with uow:
        emit_and_record(uow)
        with uow:
            pass
        uow.commit()

    assert len(uow.events) == 1


def test_a_nested_block_that_is_not_committed_is_dropped_with_the_outer_one():
    uow = FakeUnitOfWork()

    with uow, uow:  # the inner block is entered inside the outer one
        emit_and_record(uow)

    assert uow.events == []


def test_a_commit_inside_a_nested_block_waits_for_the_outer_one():
    uow = FakeUnitOfWork()

    with uow:
        with uow:
            emit_and_record(uow)
            uow.commit()
        assert not uow.committed
        with uow:
            uow.record("sam", "application.note", "application", "app-1")
            uow.commit()
        uow.commit()

    assert uow.commits == 1
    assert [record.action for record in uow.audit] == ["application.list", "application.note"]


def test_an_outer_block_left_without_committing_drops_what_nested_blocks_committed():
    uow = FakeUnitOfWork()
    with uow:
        event = uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)

    with pytest.raises(RuntimeError), uow:
        uow.mark_handled("notify", event)
        with uow:
            emit_and_record(uow)
            uow.commit()
        raise RuntimeError("the process dies before the next use case")

    assert uow.events == []
    with uow:
        assert uow.mark_handled("notify", event) is True


def test_emitted_events_carry_the_bound_correlation_and_causation_ids():
    uow = FakeUnitOfWork()

    with correlation_scope("corr-42", causation_id="evt-7"), uow:
        event = uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)
        uow.commit()

    assert event.correlation_id == "corr-42"
    assert event.causation_id == "evt-7"
    assert uow.events == [event]


def test_emitted_events_name_their_producer():
    uow = FakeUnitOfWork()
    uow.producer = "screening"

    with uow:
        event = uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)

    assert event.producer == "screening"


def test_without_a_bound_correlation_id_each_event_starts_a_chain():
    uow = FakeUnitOfWork()

    with uow:
        first = uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)
        second = uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)

    assert first.correlation_id
    assert first.correlation_id != second.correlation_id
    assert first.causation_id is None


def test_a_message_is_handled_once():
    uow = FakeUnitOfWork()
    with uow:
        event = uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)

    with uow:
        assert uow.mark_handled("intake", event) is True
        uow.commit()
    with uow:
        assert uow.mark_handled("intake", event) is False
        assert uow.mark_handled("notify", event) is True


def test_a_handled_mark_that_rolled_back_is_forgotten():
    uow = FakeUnitOfWork()
    with uow:
        event = uow.emit(CANDIDATE_SHORTLISTED, PAYLOAD)
        uow.mark_handled("intake", event)

    with uow:
        assert uow.mark_handled("intake", event) is True


def test_repository_changes_vanish_without_commit():
    uow = FakeNotifyUnitOfWork()
    delivery = Delivery("k", "t", "a@example.org", "s", "<id@x>", b"", datetime.now(UTC))

    with uow:
        uow.deliveries.add(delivery)

    assert not uow.deliveries.exists("k")


def test_repository_changes_survive_a_commit():
    uow = FakeNotifyUnitOfWork()
    delivery = Delivery("k", "t", "a@example.org", "s", "<id@x>", b"", datetime.now(UTC))

    with uow:
        uow.deliveries.add(delivery)
        uow.commit()

    assert uow.deliveries.exists("k")
