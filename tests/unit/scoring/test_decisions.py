"""The panel's decision: one outcome with a reason per shortlisted candidate, revisable
until announced, announced once when every candidate has one."""

from datetime import UTC, datetime

import pytest

from services.scoring.domain.decisions import (
    Decision,
    DecisionError,
    Outcome,
    PanelDecision,
    parse_outcome,
)
from services.scoring.domain.panel import UnknownCandidate

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def decide(application_id: str, outcome: str, reason: str = "Strongest on leadership.") -> Decision:
    return Decision(application_id, parse_outcome(outcome), reason, "secretariat", NOW)


def test_a_decision_needs_a_reason_and_a_known_outcome():
    with pytest.raises(DecisionError, match="reason"):
        decide("ana", "selected", "   ")
    with pytest.raises(DecisionError, match="selected, reserve, not_selected"):
        decide("ana", "hired")


def test_only_shortlisted_candidates_get_a_decision():
    panel = PanelDecision("vac-1", ["ana", "ben"])
    with pytest.raises(UnknownCandidate):
        panel.record(decide("zoe", "selected"))


def test_a_decision_can_be_revised_before_the_announcement_and_the_old_one_is_returned():
    panel = PanelDecision("vac-1", ["ana", "ben"])
    panel.record(decide("ana", "reserve"))

    previous = panel.record(decide("ana", "selected", "Best interview."))

    assert previous.outcome is Outcome.RESERVE
    assert panel.decisions["ana"].outcome is Outcome.SELECTED


def test_the_announcement_needs_every_candidate_decided_and_someone_selected():
    panel = PanelDecision("vac-1", ["ana", "ben"])
    panel.record(decide("ana", "reserve"))
    with pytest.raises(DecisionError, match="1 shortlisted candidate"):
        panel.announce(NOW)
    panel.record(decide("ben", "not_selected"))
    with pytest.raises(DecisionError, match="at least one"):
        panel.announce(NOW)
    panel.record(decide("ben", "selected"))

    announced = panel.announce(NOW)

    assert [d.application_id for d in announced.decisions] == ["ana", "ben"]


def test_after_the_announcement_nothing_changes():
    panel = PanelDecision("vac-1", ["ana"])
    panel.record(decide("ana", "selected"))
    panel.announce(NOW)

    with pytest.raises(DecisionError, match="no longer change"):
        panel.record(decide("ana", "not_selected"))
    with pytest.raises(DecisionError, match="already been announced"):
        panel.announce(NOW)
