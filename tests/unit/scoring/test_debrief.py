"""The debrief assembled from a round: each rater's leniency, the disagreement flags, a
consensus rating in place of the raters' mean, what a recused member is not shown, the
panels too small for statistics, and figures that do not depend on the order of members,
candidates or sheets."""

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.conflicts import Declaration
from services.scoring.domain.consensus import (
    ConsensusRating,
    ConsensusRefused,
    NotChair,
    check_consensus,
)
from services.scoring.domain.debrief import build_debrief
from services.scoring.domain.panel import (
    Competency,
    Panel,
    ScoreSheet,
    ScoringRound,
    ShortlistedCandidate,
    UnknownCandidate,
)

WHEN = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
COMPETENCIES = (Competency("Leadership", 2), Competency("Communication", 1))
NAMES = {"app-ana": "Ana", "app-ben": "Ben", "app-cy": "Cy"}
# (Leadership, Communication) per candidate and member
SCORES = {
    "app-ana": {"kim": (5, 4), "lee": (4, 4), "max": (3, 2)},
    "app-ben": {"kim": (3, 3), "lee": (4, 3), "max": (3, 3)},
    "app-cy": {"kim": (2, 2), "lee": (5, 5)},  # max is recused
}
RECUSED = {("max", "app-cy")}


def a_round(
    scores=SCORES,
    members=("kim", "lee", "max"),
    names=NAMES,
    recused=RECUSED,
    competencies=COMPETENCIES,
):
    sheets = [
        ScoreSheet(
            "vac-1",
            application_id,
            member,
            dict(zip((c.name for c in competencies), values, strict=True)),
            WHEN,
        )
        for application_id, by_member in scores.items()
        for member, values in by_member.items()
    ]
    declarations = [
        Declaration(
            "vac-1",
            member,
            application_id,
            (member, application_id) in recused,
            "Known to me." if (member, application_id) in recused else "",
            WHEN,
        )
        for member in members
        for application_id in names
    ]
    return ScoringRound(
        "vac-1",
        Panel(tuple(members), chair=members[0]),
        competencies,
        [ShortlistedCandidate(app, name) for app, name in names.items()],
        sheets,
        declarations=declarations,
    )


def consensus(application_id="app-ben", competency="Communication", rating=5, by="kim"):
    return ConsensusRating(
        "vac-1", application_id, competency, rating, "Borne out by the written test.", by, WHEN
    )


def row(debrief, name):
    return next(r for r in debrief.results.ranking if r.candidate_name == name)


def test_a_round_with_a_recusal_is_complete_without_the_recused_sheet():
    debrief = build_debrief(a_round())

    assert debrief.complete
    assert (debrief.submitted_sheets, debrief.expected_sheets) == (8, 8)
    assert row(debrief, "Cy").sheet_count == 2


def test_leniency_is_the_mean_deviation_from_the_other_raters_on_shared_cells():
    only_ana = {"app-ana": SCORES["app-ana"]}
    debrief = build_debrief(a_round(only_ana, names={"app-ana": "Ana"}, recused=set()))

    leniency = {rater.rater: rater for rater in debrief.leniency}
    # kim: 5 - (4 + 3) / 2 = 1.5 and 4 - (4 + 2) / 2 = 1, so 1.25
    assert leniency["kim"].mean_deviation == pytest.approx(1.25)
    assert leniency["lee"].mean_deviation == pytest.approx((0 + 1) / 2)
    assert leniency["max"].mean_deviation == pytest.approx((-1.5 - 2) / 2)
    assert {rater.cells for rater in leniency.values()} == {2}


def test_a_recused_rater_is_judged_only_on_what_they_scored():
    leniency = {rater.rater: rater for rater in build_debrief(a_round()).leniency}

    assert leniency["max"].cells == 4  # Ana and Ben, two competencies each
    assert leniency["kim"].cells == 6


def test_strong_disagreements_are_flagged_with_who_gave_what():
    flags = build_debrief(a_round()).flags

    found = {(flag.candidate_name, flag.competency): flag for flag in flags}
    # Cy: 2 against 5 everywhere; Ana: overall 14/3 (kim) against 8/3 (max), 2 points,
    # while her competencies differ by 2 points at most (5 against 3, 4 against 2)
    assert set(found) == {
        ("Cy", "Leadership"),
        ("Cy", "Communication"),
        ("Cy", None),
        ("Ana", None),
    }
    cy = found[("Cy", None)]
    assert (cy.low, cy.high, cy.low_raters, cy.high_raters) == (2, 5, ("kim",), ("lee",))
    ana = found[("Ana", None)]
    assert (ana.low_raters, ana.high_raters) == (("max",), ("kim",))
    assert ana.spread == pytest.approx(2)


def test_a_consensus_replaces_the_raters_mean_and_both_stay_visible():
    before = build_debrief(a_round())
    after = build_debrief(a_round(), [consensus()])

    ben = row(after, "Ben")
    communication = next(c for c in ben.competencies if c.competency == "Communication")
    assert (communication.consensus, communication.mean) == (5, 3)
    assert communication.consensus_reason == "Borne out by the written test."
    assert ben.weighted_mean == pytest.approx((2 * 10 / 3 + 5) / 3)
    assert ben.raters_weighted_mean == row(before, "Ben").weighted_mean
    assert ben.has_consensus and not row(after, "Ana").has_consensus


def test_a_consensus_can_change_the_ranking():
    before = [r.candidate_name for r in build_debrief(a_round()).results.ranking]
    lifted = build_debrief(
        a_round(),
        [consensus("app-ben", "Leadership", 5), consensus("app-ben", "Communication", 5)],
    )

    assert before[0] != "Ben"
    assert lifted.results.ranking[0].candidate_name == "Ben"


def test_only_the_chair_or_the_secretariat_records_a_consensus_on_a_finished_round():
    scoring_round = a_round()

    check_consensus(scoring_round, consensus(by="kim"), by_secretariat=False)
    check_consensus(scoring_round, consensus(by="sam"), by_secretariat=True)
    with pytest.raises(NotChair):
        check_consensus(scoring_round, consensus(by="lee"), by_secretariat=False)
    with pytest.raises(ConsensusRefused, match="whole number from 1 to 5"):
        check_consensus(scoring_round, consensus(rating=6), by_secretariat=True)
    with pytest.raises(ConsensusRefused, match="not a competency"):
        check_consensus(scoring_round, consensus(competency="Charm"), by_secretariat=True)
    with pytest.raises(UnknownCandidate):
        check_consensus(scoring_round, consensus("app-zed"), by_secretariat=True)


def test_no_consensus_before_every_sheet_is_in():
    partial = {"app-ana": SCORES["app-ana"]}

    with pytest.raises(ConsensusRefused, match="once every expected score sheet is in"):
        check_consensus(a_round(partial), consensus("app-ana"), by_secretariat=True)


def test_a_recused_members_view_leaves_the_candidate_out_but_keeps_the_ranks():
    debrief = build_debrief(a_round()).without({"app-cy"})

    assert [(r.candidate_name, r.rank) for r in debrief.results.ranking] == [("Ana", 1), ("Ben", 3)]
    assert [flag.candidate_name for flag in debrief.flags] == ["Ana"]
    assert all(application_id != "app-cy" for application_id, _ in debrief.scores)


def test_one_rater_and_one_candidate_give_a_debrief_without_agreement():
    lonely = a_round({"app-ana": {"kim": (4, 4)}}, ("kim",), {"app-ana": "Ana"}, set())

    debrief = build_debrief(lonely)

    assert [r.weighted_mean for r in debrief.results.ranking] == [4]
    assert {statistic.not_computable for statistic in debrief.agreement} == {
        "fewer_than_two_raters"
    }
    assert [rater.mean_deviation for rater in debrief.leniency] == [None]
    assert debrief.flags == ()


def test_a_round_without_any_sheet_yet_gives_an_empty_provisional_debrief():
    debrief = build_debrief(a_round({}))

    assert not debrief.complete
    assert debrief.results.ranking == ()
    assert [c.display_name for c in debrief.results.unscored] == ["Ana", "Ben", "Cy"]
    assert {statistic.value for statistic in debrief.agreement} == {None}


@given(st.randoms(use_true_random=False), st.data())
@settings(max_examples=20, deadline=None)
def test_the_debrief_does_not_depend_on_the_order_of_members_candidates_or_sheets(random, data):
    members = ["kim", "lee", "max", "ola"]
    names = {f"app-{i}": f"Candidate {i}" for i in range(5)}
    scores = {
        app: {
            member: (data.draw(st.integers(1, 5)), data.draw(st.integers(1, 5)))
            for member in members
        }
        for app in names
    }
    shuffled_members = members[:]
    random.shuffle(shuffled_members)
    shuffled_names = list(names.items())
    random.shuffle(shuffled_names)
    shuffled_scores = {
        app: dict(random.sample(list(by_member.items()), len(by_member)))
        for app, by_member in random.sample(list(scores.items()), len(scores))
    }

    first = build_debrief(a_round(scores, tuple(members), names, set()))
    second = build_debrief(
        a_round(shuffled_scores, tuple(shuffled_members), dict(shuffled_names), set())
    )

    def figures(debrief):
        return (
            [(r.application_id, r.rank, r.weighted_mean, r.stdev) for r in debrief.results.ranking],
            debrief.leniency,
            debrief.flags,
            debrief.agreement,
            debrief.scores,
        )

    assert figures(first) == figures(second)
