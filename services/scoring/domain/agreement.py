"""How far the panel's raters agree with each other, across the candidates they scored.

This module owns the three agreement statistics of the debrief, computed from a ratings
table (candidate x rater, each cell a rater's overall weighted score, missing where a
rater has no sheet, e.g. recused for a conflict of interest):

- Kendall's W (coefficient of concordance) on the candidates every rater scored, with
  ties corrected, its chi-square p-value and a percentile bootstrap interval over
  candidates; read with Schmidt's bands (1997: 0.1 very weak, 0.3 weak, 0.5 moderate,
  0.7 strong, 0.9 unusually strong).
- The intraclass correlation in Shrout & Fleiss's form 2 (two-way random effects,
  absolute agreement), for one rater, ICC(2,1), and for the panel's mean, ICC(2,k), from
  pingouin (whose rows are `ICC(A,1)` and `ICC(A,k)`) with its F-based 95 % interval;
  pingouin drops every candidate with a missing rating, and the result says how many
  were dropped. Read with Koo & Li's bands (2016: below 0.5 poor, 0.5 moderate,
  0.75 good, 0.9 excellent).
- Krippendorff's alpha at the interval level, which uses every rating (it tolerates a
  recused rater's gaps), with a percentile bootstrap interval over candidates; read with
  Krippendorff's thresholds (2004: 0.8 reliable, 0.667 tentative conclusions only).

Every statistic states when it cannot be computed and why (one rater, fewer than three
candidates, no variation at all) instead of failing, and whether its interval is wide.
The axes are sorted by id and the bootstrap is seeded, so the same ratings give the same
figures whatever order they come in. Plain numpy/scipy; pingouin is imported inside the
ICC function because importing it takes about two seconds.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

# An interval wider than this spans at least two of Koo & Li's bands (0.5-0.75-0.9), so
# the data cannot say whether agreement is, say, moderate or excellent.
WIDE_INTERVAL = 0.3
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 1979  # fixed: the same ratings always give the same interval
CONFIDENCE = 0.95

KENDALL_BANDS = (
    (0.9, "unusually_strong"),
    (0.7, "strong"),
    (0.5, "moderate"),
    (0.3, "weak"),
    (0.1, "very_weak"),
    (-math.inf, "none"),
)
ICC_BANDS = ((0.9, "excellent"), (0.75, "good"), (0.5, "moderate"), (-math.inf, "poor"))
ALPHA_BANDS = ((0.8, "reliable"), (0.667, "tentative"), (-math.inf, "unreliable"))

KENDALL_W, ICC_2_1, ICC_2_K, KRIPPENDORFF_ALPHA = "kendall_w", "icc_2_1", "icc_2_k", "alpha"
BANDS_OF = {
    KENDALL_W: KENDALL_BANDS,
    ICC_2_1: ICC_BANDS,
    ICC_2_K: ICC_BANDS,
    KRIPPENDORFF_ALPHA: ALPHA_BANDS,
}

# Reasons a statistic is not computable (codes; the pages say them in words).
ONE_RATER = "fewer_than_two_raters"
FEW_CANDIDATES = "too_few_candidates"
# With two candidates every statistic is degenerate (W is 0 or 1, the ICC's interval spans
# everything) and a bootstrap has nothing to resample: three is the least worth reading.
MIN_CANDIDATES = 3
NO_VARIATION = "no_variation"


@dataclass(frozen=True, eq=False)
class RatingsTable:
    """Scores by candidate (rows) and rater (columns), NaN where there is no rating."""

    candidates: tuple[str, ...]
    raters: tuple[str, ...]
    values: np.ndarray

    @classmethod
    def from_cells(cls, cells: Mapping[tuple[str, str], float]) -> RatingsTable:
        """From {(candidate, rater): score}; rows and columns sorted by id."""
        candidates = tuple(sorted({candidate for candidate, _ in cells}))
        raters = tuple(sorted({rater for _, rater in cells}))
        values = np.full((len(candidates), len(raters)), np.nan)
        row = {candidate: i for i, candidate in enumerate(candidates)}
        column = {rater: j for j, rater in enumerate(raters)}
        for (candidate, rater), score in cells.items():
            values[row[candidate], column[rater]] = float(score)
        return cls(candidates, raters, values)

    def complete_rows(self) -> np.ndarray:
        return self.values[~np.isnan(self.values).any(axis=1)]


@dataclass(frozen=True)
class Agreement:
    statistic: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    band: str | None
    candidates_used: int
    candidates_dropped: int
    raters: int
    not_computable: str | None = None
    p_value: float | None = None

    @property
    def wide_interval(self) -> bool:
        if self.ci_low is None or self.ci_high is None:
            return False
        return self.ci_high - self.ci_low > WIDE_INTERVAL

    def to_dict(self) -> dict[str, Any]:
        return {
            "statistic": self.statistic,
            "value": self.value,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": CONFIDENCE,
            "p_value": self.p_value,
            "band": self.band,
            "wide_interval": self.wide_interval,
            "candidates_used": self.candidates_used,
            "candidates_dropped": self.candidates_dropped,
            "raters": self.raters,
            "not_computable": self.not_computable,
        }


def agreement(table: RatingsTable) -> tuple[Agreement, ...]:
    """The debrief's four figures: Kendall's W, ICC(2,1), ICC(2,k), Krippendorff's alpha."""
    return (kendalls_w(table), *intraclass_correlations(table), krippendorff_alpha(table))


def kendalls_w(table: RatingsTable) -> Agreement:
    complete = table.complete_rows()
    used, dropped = len(complete), len(table.candidates) - len(complete)
    reason = _not_computable(complete, len(table.raters), used)
    value = float(_kendall_w(complete[np.newaxis])[0]) if reason is None else math.nan
    if reason is None and math.isnan(value):
        reason = NO_VARIATION
    if reason:
        return _without(KENDALL_W, reason, used, dropped, len(table.raters))
    raters = complete.shape[1]
    chi_square = raters * (used - 1) * value
    samples = _resample_rows(complete, _rng())
    low, high = _percentile_interval(_kendall_w(samples))
    return Agreement(
        KENDALL_W,
        value,
        low,
        high,
        _band(value, KENDALL_BANDS),
        used,
        dropped,
        raters,
        p_value=float(stats.chi2.sf(chi_square, used - 1)),
    )


def intraclass_correlations(table: RatingsTable) -> tuple[Agreement, Agreement]:
    complete = table.complete_rows()
    used, dropped, raters = len(complete), len(table.candidates) - len(complete), len(table.raters)
    reason = _not_computable(complete, raters, used)
    if reason:
        return (
            _without(ICC_2_1, reason, used, dropped, raters),
            _without(ICC_2_K, reason, used, dropped, raters),
        )
    import pandas as pd
    import pingouin

    long = pd.DataFrame(
        [
            (candidate, rater, complete[candidate, rater])
            for candidate in range(used)
            for rater in range(raters)
        ],
        columns=["candidate", "rater", "score"],
    )
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecations inside pingouin
        rows = pingouin.intraclass_corr(long, "candidate", "rater", "score").set_index("Type")
    found = []
    for statistic, row_name in ((ICC_2_1, "ICC(A,1)"), (ICC_2_K, "ICC(A,k)")):
        value = float(rows.at[row_name, "ICC"])
        if not math.isfinite(value):
            found.append(_without(statistic, NO_VARIATION, used, dropped, raters))
            continue
        low, high = (float(bound) for bound in rows.at[row_name, "CI95"])
        found.append(
            Agreement(
                statistic,
                value,
                low,
                high,
                _band(value, ICC_BANDS),
                used,
                dropped,
                raters,
                p_value=float(rows.at[row_name, "pval"]),
            )
        )
    return found[0], found[1]


def krippendorff_alpha(table: RatingsTable) -> Agreement:
    """Interval alpha over every rating; candidates with fewer than two ratings cannot be
    compared and count as dropped. Computed in closed form (`interval_alpha`), which the
    tests check against the `krippendorff` package: the package builds a matrix over every
    distinct value, which for weighted scores (fractions) runs out of memory at 500
    candidates (14 GiB for 500 candidates x 7 raters)."""

    pairable = table.values[(~np.isnan(table.values)).sum(axis=1) >= 2]
    used, dropped, raters = len(pairable), len(table.candidates) - len(pairable), len(table.raters)
    reason = _not_computable(pairable, raters, used)
    if reason:
        return _without(KRIPPENDORFF_ALPHA, reason, used, dropped, raters)
    value = interval_alpha(pairable)
    low, high = _percentile_interval(_bootstrap_alpha(pairable, _rng()))
    return Agreement(
        KRIPPENDORFF_ALPHA, value, low, high, _band(value, ALPHA_BANDS), used, dropped, raters
    )


def interval_alpha(values: np.ndarray) -> float:
    """Krippendorff's interval alpha of a candidate x rater array (NaN = missing), in
    closed form: 1 - (n - 1) * sum_u D_u / (n * S2 - S1^2), where for each candidate u
    with m_u >= 2 ratings D_u = (m_u * sum x^2 - (sum x)^2) / (m_u - 1), n counts the
    pairable ratings and S1, S2 are their sum and sum of squares. It is the coincidence
    matrix formula with the squared difference written out, so that a bootstrap is a
    matrix product."""
    return float(_alpha_from_counts(values, np.ones((1, len(values))))[0])


def _bootstrap_alpha(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    counts = rng.multinomial(
        len(values), np.full(len(values), 1 / len(values)), size=BOOTSTRAP_RESAMPLES
    )
    return _alpha_from_counts(values, counts)


def _alpha_from_counts(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Alpha for each row of `counts`, how many times each candidate is in a resample."""
    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    m = present.sum(axis=1).astype(float)
    s1 = filled.sum(axis=1)
    s2 = (filled**2).sum(axis=1)
    pairable = m >= 2
    within = np.zeros_like(m)
    within[pairable] = (m[pairable] * s2[pairable] - s1[pairable] ** 2) / (m[pairable] - 1)
    m, s1, s2 = m * pairable, s1 * pairable, s2 * pairable
    n = counts @ m
    total, total_squares = counts @ s1, counts @ s2
    expected = n * total_squares - total**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * (counts @ within) / expected, np.nan)


def _kendall_w(samples: np.ndarray) -> np.ndarray:
    """W for each (candidates x raters) table in `samples`, ties given mid-ranks:
    W = S / (m * sum_j sum_i (r_ij - (n + 1) / 2)^2), which equals the textbook
    12 S / (m^2 (n^3 - n) - m sum T_j) since a rater's mid-ranks have that sum of squares."""
    _, n, m = samples.shape
    ranks = stats.rankdata(samples, axis=1)
    rank_sums = ranks.sum(axis=2)
    spread = ((rank_sums - rank_sums.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    ties_corrected = ((ranks - (n + 1) / 2) ** 2).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ties_corrected > 0, spread / (m * ties_corrected), np.nan)


def _resample_rows(rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    picks = rng.integers(0, len(rows), size=(BOOTSTRAP_RESAMPLES, len(rows)))
    return rows[picks]


def _percentile_interval(samples: np.ndarray) -> tuple[float | None, float | None]:
    finite = samples[np.isfinite(samples)]
    if len(finite) == 0:
        return None, None
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def _not_computable(rows: np.ndarray, raters: int, used: int) -> str | None:
    if raters < 2:
        return ONE_RATER
    if used < MIN_CANDIDATES:
        return FEW_CANDIDATES
    present = rows[~np.isnan(rows)]
    if present.size == 0 or np.all(present == present[0]):
        return NO_VARIATION
    return None


def _without(statistic: str, reason: str, used: int, dropped: int, raters: int) -> Agreement:
    return Agreement(statistic, None, None, None, None, used, dropped, raters, reason)


def band_of(statistic: str, value: float) -> str:
    """The band a value of `statistic` falls in (also used for an interval's ends)."""
    return _band(value, BANDS_OF[statistic])


def _band(value: float, bands: tuple[tuple[float, str], ...]) -> str:
    return next(name for threshold, name in bands if value >= threshold)


def _rng() -> np.random.Generator:
    return np.random.default_rng(BOOTSTRAP_SEED)
