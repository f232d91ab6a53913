"""The agreement statistics against published examples and hand computations, the
readings and warnings the panel gets, the cases where nothing can be computed, and the
same figures whatever order the raters and candidates come in."""

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from services.scoring.domain import agreement as ag
from services.scoring.domain.agreement import RatingsTable

NAN = math.nan
# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]
# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four
# observers (rows) and twelve units (columns), with missing values.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def table(rows, raters=None):
    """A ratings table from rows of scores per candidate (NaN = missing)."""
    rows = [list(row) for row in rows]
    raters = raters or [f"r{j}" for j in range(len(rows[0]))]
    return RatingsTable.from_cells(
        {
            (f"c{i:02d}", rater): value
            for i, row in enumerate(rows)
            for rater, value in zip(raters, row, strict=True)
            if not math.isnan(value)
        }
    )


def by_statistic(statistics):
    return {statistic.statistic: statistic for statistic in statistics}


# --- published examples and hand computations --------------------------------------------


def test_icc_form_2_matches_shrout_and_fleiss():
    single, mean_of_k = ag.intraclass_correlations(table(SHROUT_FLEISS))

    assert single.value == pytest.approx(0.29, abs=0.005)  # their ICC(2,1)
    assert mean_of_k.value == pytest.approx(0.62, abs=0.005)  # their ICC(2,k)
    assert (single.band, mean_of_k.band) == ("poor", "moderate")  # Koo & Li
    assert single.ci_low < single.value < single.ci_high
    assert single.wide_interval  # 6 candidates x 4 raters


def test_kendalls_w_without_ties_matches_a_hand_computation():
    # ranks per rater: (4, 3, 2, 1), (3, 4, 2, 1), (4, 2, 3, 1); rank sums 11, 9, 7, 3;
    # S = 3.5^2 + 1.5^2 + 0.5^2 + 4.5^2 = 35; W = 12 * 35 / (3^2 * (4^3 - 4)) = 7/9.
    scores = [[5, 4, 5], [4, 5, 3], [3, 2, 4], [1, 1, 2]]

    w = ag.kendalls_w(table(scores))

    assert w.value == pytest.approx(7 / 9)
    assert w.p_value == pytest.approx(stats.chi2.sf(3 * 3 * 7 / 9, 3))  # chi2 = 7, 3 df
    assert w.band == "strong"


def test_kendalls_w_corrects_for_ties_as_the_textbook_formula_does():
    # ranks (3.5, 3.5, 2, 1), (4, 3, 2, 1), (3, 3, 3, 1); ties T = 6, 0, 24; rank sums
    # 10.5, 9.5, 7, 3; S = 33.5; W = 12 * 33.5 / (9 * 60 - 3 * 30) = 402 / 450.
    scores = [[4, 5, 3], [4, 4, 3], [2, 3, 3], [1, 2, 1]]

    assert ag.kendalls_w(table(scores)).value == pytest.approx(402 / 450)


def test_krippendorffs_alpha_matches_his_published_example():
    units = np.array(KRIPPENDORFF_2011).T  # candidates (units) x raters (observers)

    alpha = ag.krippendorff_alpha(table(units.tolist()))

    assert alpha.value == pytest.approx(0.849, abs=0.0005)  # interval alpha in the paper
    assert alpha.value == pytest.approx(
        krippendorff.alpha(reliability_data=KRIPPENDORFF_2011, level_of_measurement="interval")
    )
    assert alpha.candidates_dropped == 1  # the unit only one observer coded
    assert alpha.band == "reliable"


@given(
    st.lists(
        st.lists(st.one_of(st.integers(1, 5), st.just(None)), min_size=4, max_size=4),
        min_size=3,
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_the_closed_form_alpha_equals_the_krippendorff_package(rows):
    values = np.array([[NAN if v is None else v for v in row] for row in rows], dtype=float)
    pairable = values[(~np.isnan(values)).sum(axis=1) >= 2]
    present = pairable[~np.isnan(pairable)]
    if len(pairable) == 0 or len(set(present.tolist())) < 2:
        return  # the package refuses data with a single value; so does our table
    expected = krippendorff.alpha(reliability_data=values.T, level_of_measurement="interval")

    assert ag.interval_alpha(values) == pytest.approx(expected, abs=1e-9)


# --- intervals and readings --------------------------------------------------------------


def test_intervals_are_reproducible_and_contain_the_estimate():
    first = ag.agreement(table(SHROUT_FLEISS))
    again = ag.agreement(table(SHROUT_FLEISS))

    assert first == again
    for statistic in first:
        assert statistic.ci_low <= statistic.value <= statistic.ci_high


def test_a_large_consistent_panel_gives_narrow_intervals():
    rng = np.random.default_rng(7)
    quality = rng.normal(3, 1, size=(200, 1))
    scores = np.clip(np.round(quality + rng.normal(0, 0.3, size=(200, 5))), 1, 5)

    statistics = by_statistic(ag.agreement(table(scores.tolist())))

    assert not statistics[ag.KRIPPENDORFF_ALPHA].wide_interval
    assert not statistics[ag.ICC_2_K].wide_interval
    assert statistics[ag.ICC_2_K].band == "excellent"


def test_a_recused_raters_gap_drops_the_candidate_from_w_and_icc_but_not_from_alpha():
    scores = [row[:] for row in SHROUT_FLEISS]
    scores[2][1] = NAN

    statistics = by_statistic(ag.agreement(table(scores)))

    for name in (ag.KENDALL_W, ag.ICC_2_1, ag.ICC_2_K):
        assert (statistics[name].candidates_used, statistics[name].candidates_dropped) == (5, 1)
    assert statistics[ag.KRIPPENDORFF_ALPHA].candidates_used == 6


# --- degenerate panels --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([[3], [4], [5]], ag.ONE_RATER),
        ([[3, 4], [4, 5]], ag.FEW_CANDIDATES),
        ([[3, 3], [3, 3], [3, 3]], ag.NO_VARIATION),
        ([[2, NAN], [NAN, 4], [3, 3], [5, NAN]], ag.FEW_CANDIDATES),
    ],
    ids=["one rater", "two candidates", "all equal", "no candidate shared"],
)
def test_what_cannot_be_computed_says_why(rows, reason):
    for statistic in ag.agreement(table(rows)):
        assert statistic.value is None
        assert statistic.not_computable == reason
        assert not statistic.wide_interval


def test_raters_who_each_give_one_score_to_everyone_have_no_order_to_agree_on():
    statistics = by_statistic(ag.agreement(table([[2, 4], [2, 4], [2, 4]])))

    assert statistics[ag.KENDALL_W].not_computable == ag.NO_VARIATION
    assert statistics[ag.KRIPPENDORFF_ALPHA].value is not None  # they disagree by 2 points


# --- order does not matter ----------------------------------------------------------------


@given(
    st.lists(
        st.lists(st.one_of(st.integers(1, 5), st.just(None)), min_size=4, max_size=4),
        min_size=3,
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
@settings(max_examples=25, deadline=None)
def test_agreement_does_not_depend_on_the_order_of_raters_and_candidates(rows, random):
    cells = {
        (f"cand-{i}", f"rater-{j}"): float(value)
        for i, row in enumerate(rows)
        for j, value in enumerate(row)
        if value is not None
    }
    shuffled = list(cells.items())
    random.shuffle(shuffled)

    assert ag.agreement(RatingsTable.from_cells(dict(shuffled))) == ag.agreement(
        RatingsTable.from_cells(cells)
    )
