import math
from datetime import UTC, datetime

import pytest

from services.scoring.domain.aggregate import competition_ranks, debrief_results
from services.scoring.domain.panel import (
    Competency,
    Panel,
    ScoreSheet,
    ScoringRound,
    ShortlistedCandidate,
)
from tests.unit.scoring.declaring import declare_no_conflicts

WHEN = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
CANDIDATES = {"app-ana": "Ana", "app-ben": "Ben", "app-chloe": "Chloé", "app-dan": "Dan"}
# (Leadership, Communication) per member and candidate; Leadership weighs twice as much.
SCORES = {
    "app-ana": {"alice": (5, 2), "bob": (4, 4), "carol": (3, 3)},  # weighted 4, 4, 3
    "app-ben": {"alice": (4, 3), "bob": (4, 3), "carol": (3, 5)},  # weighted 11/3 each
    "app-chloe": {"alice": (1, 1), "bob": (1, 1), "carol": (1, 1)},
    "app-dan": {"alice": (5, 5), "bob": (5, 5), "carol": (5, 5)},
}


def scored_round(scores=SCORES, candidates=CANDIDATES):
    scoring_round = ScoringRound(
        vacancy_id="vac-1",
        panel=Panel(members=("alice", "bob", "carol")),
        competencies=(Competency("Leadership", 2), Competency("Communication", 1)),
        shortlist=[ShortlistedCandidate(app, name) for app, name in candidates.items()],
    )
    declare_no_conflicts(scoring_round)
    for application_id, by_member in scores.items():
        for member, (leadership, communication) in by_member.items():
            scoring_round.submit(
                ScoreSheet(
                    vacancy_id="vac-1",
                    application_id=application_id,
                    member=member,
                    scores={"Leadership": leadership, "Communication": communication},
                    submitted_at=WHEN,
                )
            )
    return scoring_round


def result_for(results, application_id):
    return next(r for r in results.ranking if r.application_id == application_id)


def test_candidate_figures_match_a_hand_computation():
    ana = result_for(debrief_results(scored_round()), "app-ana")

    assert ana.weighted_mean == pytest.approx(11 / 3)  # (4 + 4 + 3) / 3
    assert ana.median == 4
    assert ana.min == 3
    assert ana.max == 4
    assert ana.stdev == pytest.approx(math.sqrt(2 / 9))  # deviations 1/3, 1/3, -2/3
    assert ana.sheet_count == 3


def test_competency_figures_use_the_raw_scores_of_each_member():
    ana = result_for(debrief_results(scored_round()), "app-ana")
    leadership, communication = ana.competencies

    assert (leadership.competency, leadership.weight) == ("Leadership", 2.0)
    assert (leadership.mean, leadership.median, leadership.min, leadership.max) == (4, 4, 3, 5)
    assert leadership.stdev == pytest.approx(math.sqrt(2 / 3))
    assert (communication.mean, communication.median) == (3, 3)
    assert (communication.min, communication.max, communication.sheet_count) == (2, 4, 3)


def test_ranking_is_best_first_and_ties_share_a_rank():
    results = debrief_results(scored_round())

    assert [(r.candidate_name, r.rank) for r in results.ranking] == [
        ("Dan", 1),
        ("Ana", 2),
        ("Ben", 2),
        ("Chloé", 4),
    ]
    assert results.complete
    assert results.unscored == ()


def test_equal_means_tie_even_when_floating_point_would_differ():
    # With weights 0.1, 0.2, 0.7 a float computation gives 2.9999999999999996 for (1, 4, 3)
    # and 3.0 for (3, 3, 3); both are exactly 3.
    scoring_round = ScoringRound(
        "vac-1",
        Panel(members=("alice",)),
        (Competency("A", 0.1), Competency("B", 0.2), Competency("C", 0.7)),
        (ShortlistedCandidate("x", "Xavier"), ShortlistedCandidate("y", "Yara")),
    )
    declare_no_conflicts(scoring_round)
    for application_id, (a, b, c) in {"x": (1, 4, 3), "y": (3, 3, 3)}.items():
        scoring_round.submit(
            ScoreSheet("vac-1", application_id, "alice", {"A": a, "B": b, "C": c}, WHEN)
        )

    assert [r.rank for r in debrief_results(scoring_round).ranking] == [1, 1]


def test_a_round_in_progress_lists_candidates_without_sheets_apart():
    partial = {"app-ana": SCORES["app-ana"], "app-ben": {"alice": (2, 2)}}

    results = debrief_results(scored_round(scores=partial))

    assert not results.complete
    assert [(r.candidate_name, r.rank, r.sheet_count) for r in results.ranking] == [
        ("Ana", 1, 3),
        ("Ben", 2, 1),
    ]
    assert result_for(results, "app-ben").stdev == 0
    assert [c.display_name for c in results.unscored] == ["Chloé", "Dan"]


def test_results_serialise_with_the_fields_the_debrief_shows():
    as_dict = debrief_results(scored_round()).to_dict()

    first = as_dict["ranking"][0]
    assert {"candidate_name", "weighted_mean", "median", "min", "max", "stdev", "rank"} <= set(
        first
    )
    assert (first["candidate_name"], first["weighted_mean"], first["rank"]) == ("Dan", 5.0, 1)
    assert first["competencies"][0]["competency"] == "Leadership"
    assert as_dict["complete"] is True


@pytest.mark.parametrize(
    ("values", "ranks"),
    [
        ([9, 7, 7, 5], [1, 2, 2, 4]),
        ([7, 9, 7], [2, 1, 2]),
        ([3, 3, 3], [1, 1, 1]),
        ([], []),
    ],
)
def test_competition_ranking(values, ranks):
    assert competition_ranks(values) == ranks
