"""The round's rules for conflicts of interest, amendments and the chair's closing."""

from datetime import UTC, datetime

import pytest

from services.scoring.domain.aggregate import debrief_results
from services.scoring.domain.amendments import AmendmentRefused
from services.scoring.domain.conflicts import (
    Declaration,
    DeclarationLocked,
    DeclarationsOutstanding,
    NoteRequired,
    Recused,
)
from services.scoring.domain.panel import (
    CannotClose,
    Competency,
    Panel,
    PanelCompleted,
    RoundFinished,
    ScoreSheet,
    ScoringRound,
    ShortlistedCandidate,
)

VACANCY = "vac-1"
WHEN = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


def new_round(**kwargs):
    return ScoringRound(
        VACANCY,
        Panel(("alice", "bob", "carol"), chair="alice"),
        (Competency("Leadership", 2), Competency("Communication", 1)),
        (ShortlistedCandidate("app-1", "Ana"), ShortlistedCandidate("app-2", "Ben")),
        **kwargs,
    )


def declaration(member, application_id, note=None):
    return Declaration(VACANCY, member, application_id, note is not None, note or "", WHEN)


def declare_all(scoring_round, member, conflicts=None):
    conflicts = conflicts or {}
    events = []
    for application_id in ("app-1", "app-2"):
        events += scoring_round.declare(
            declaration(member, application_id, conflicts.get(application_id))
        )
    return events


def sheet(member, application_id, leadership=3, communication=3, notes=""):
    return ScoreSheet(
        VACANCY,
        application_id,
        member,
        {"Leadership": leadership, "Communication": communication},
        WHEN,
        notes,
    )


def test_a_conflict_needs_a_note():
    with pytest.raises(NoteRequired):
        Declaration(VACANCY, "alice", "app-1", True, "  ", WHEN)


def test_a_member_scores_nothing_before_declaring_for_every_candidate():
    scoring_round = new_round()
    scoring_round.declare(declaration("alice", "app-1"))

    with pytest.raises(DeclarationsOutstanding, match="1 still to declare"):
        scoring_round.submit(sheet("alice", "app-1"))
    with pytest.raises(DeclarationsOutstanding):
        scoring_round.require_may_open("alice", "app-1")


def test_a_declared_conflict_recuses_the_member_from_that_candidate_everywhere():
    scoring_round = new_round()
    declare_all(scoring_round, "carol", {"app-1": "My former student."})

    assert scoring_round.is_recused("carol", "app-1")
    with pytest.raises(Recused):
        scoring_round.require_may_open("carol", "app-1")
    with pytest.raises(Recused):
        scoring_round.submit(sheet("carol", "app-1"))
    with pytest.raises(Recused):
        scoring_round.sheets_visible_to("carol", "app-1")
    scoring_round.require_may_open("carol", "app-2")  # the other candidate stays open


def test_expected_sheets_are_members_times_candidates_minus_recusals():
    scoring_round = new_round()
    assert scoring_round.expected_sheets() == 6
    declare_all(scoring_round, "carol", {"app-1": "My former student."})

    assert scoring_round.expected_sheets() == 5
    assert ("carol", "app-1") not in scoring_round.outstanding()


def test_a_recusal_of_the_last_outstanding_sheet_completes_the_round_once():
    scoring_round = new_round()
    for member in ("alice", "bob"):
        declare_all(scoring_round, member)
        for application_id in ("app-1", "app-2"):
            scoring_round.submit(sheet(member, application_id))
    scoring_round.declare(declaration("carol", "app-1", "A relative."))

    events = scoring_round.declare(declaration("carol", "app-2", "A relative too."))

    assert [type(e) for e in events] == [PanelCompleted]
    assert events[0].sheet_count == 4 and events[0].expected_sheets == 4


def test_a_declaration_cannot_change_after_scoring_that_candidate():
    scoring_round = new_round()
    declare_all(scoring_round, "bob")
    scoring_round.submit(sheet("bob", "app-1"))

    with pytest.raises(DeclarationLocked, match="already scored"):
        scoring_round.declare(declaration("bob", "app-1", "I remembered something."))
    scoring_round.declare(declaration("bob", "app-2", "Only now I see who it is."))
    assert scoring_round.is_recused("bob", "app-2")


def test_a_candidate_added_later_needs_a_new_declaration():
    declarations = [declaration(m, "app-1") for m in ("alice", "bob", "carol")]
    scoring_round = ScoringRound(
        VACANCY,
        Panel(("alice", "bob", "carol")),
        (Competency("Leadership"),),
        (ShortlistedCandidate("app-1", "Ana"), ShortlistedCandidate("app-3", "Cleo")),
        declarations=declarations,
    )

    assert [c.application_id for c in scoring_round.undeclared("alice")] == ["app-3"]
    assert not scoring_round.has_declared_all("alice")


def test_an_amendment_changes_a_submitted_score_with_a_reason_and_is_kept():
    scoring_round = new_round()
    declare_all(scoring_round, "alice")
    scoring_round.submit(sheet("alice", "app-1", 2, 3, "first view"))

    amendment = scoring_round.amend(
        "alice",
        "app-1",
        {"Leadership": 4, "Communication": 3},
        "on reflection",
        "I misread my notes on the team example.",
        WHEN,
    )

    assert amendment.changed() == {"Leadership": (2, 4)}
    assert scoring_round.amendments_for("app-1") == (amendment,)
    [amended] = scoring_round.sheets_for("app-1")
    assert amended.scores["Leadership"] == 4 and amended.notes == "on reflection"
    assert debrief_results(scoring_round).ranking[0].weighted_mean == pytest.approx(11 / 3)


def test_an_amendment_needs_a_reason_a_change_and_a_submitted_sheet():
    scoring_round = new_round()
    declare_all(scoring_round, "alice")
    scores = {"Leadership": 3, "Communication": 3}
    with pytest.raises(AmendmentRefused, match="Submit your sheet first"):
        scoring_round.amend("alice", "app-1", scores, "", "why", WHEN)
    scoring_round.submit(sheet("alice", "app-1"))
    with pytest.raises(AmendmentRefused, match="reason"):
        scoring_round.amend("alice", "app-1", {"Leadership": 5, "Communication": 3}, "", " ", WHEN)
    with pytest.raises(AmendmentRefused, match="changes nothing"):
        scoring_round.amend("alice", "app-1", scores, "", "No change.", WHEN)
    assert scoring_round.amendments_for("app-1") == ()


def test_stored_amendments_are_applied_in_order_when_the_round_is_loaded():
    first = new_round()
    declare_all(first, "alice")
    first.submit(sheet("alice", "app-1", 2, 2))
    one = first.amend("alice", "app-1", {"Leadership": 3, "Communication": 2}, "", "a", WHEN)
    two = first.amend("alice", "app-1", {"Leadership": 5, "Communication": 2}, "", "b", WHEN)

    reloaded = new_round(
        sheets=[sheet("alice", "app-1", 2, 2)],
        declarations=[declaration("alice", "app-1"), declaration("alice", "app-2")],
        amendments=[one, two],
    )

    assert reloaded.sheets_for("app-1")[0].scores["Leadership"] == 5


def test_only_the_chair_closes_the_round_with_a_reason_and_it_says_what_is_missing():
    scoring_round = new_round()
    declare_all(scoring_round, "alice")
    scoring_round.submit(sheet("alice", "app-1"))
    with pytest.raises(CannotClose, match="chair"):
        scoring_round.close("bob", "We are out of time.", WHEN)
    with pytest.raises(CannotClose, match="reason"):
        scoring_round.close("alice", "", WHEN)

    [event] = scoring_round.close("alice", "Bob is unreachable.", WHEN)

    assert event.closed_by == "alice" and event.outstanding == 5 and event.sheet_count == 1
    with pytest.raises(RoundFinished):
        scoring_round.close("alice", "again", WHEN)
    with pytest.raises(RoundFinished):
        scoring_round.declare(declaration("bob", "app-1"))


def test_a_completed_round_announces_nothing_more():
    scoring_round = new_round()
    events = []
    for member in ("alice", "bob", "carol"):
        declare_all(scoring_round, member)
        for application_id in ("app-1", "app-2"):
            events += scoring_round.submit(sheet(member, application_id))

    assert sum(isinstance(e, PanelCompleted) for e in events) == 1
    with pytest.raises(RoundFinished):
        scoring_round.close("alice", "late", WHEN)
