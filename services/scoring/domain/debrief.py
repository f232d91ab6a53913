"""The debrief of a scoring round: everything the panel looks at before it decides.

This module owns the assembly of the debrief from a round's sheets and the consensus
ratings the panel recorded: the per-candidate figures and the ranking (`aggregate`), the
agreement between raters (`agreement`), each rater's leniency, and the flags where the
raters disagree strongly. It also owns the last two rules:

- Leniency of a rater: over every candidate x competency the rater scored and at least
  one other rater scored too, the mean of (the rater's score - the mean of the other
  raters' scores there). Positive means more generous than the rest of the panel. A
  recused rater's missing sheets are simply not counted.
- Disagreement flags (`COMPETENCY_RANGE_FLAG`, `OVERALL_RANGE_FLAG`): the range (highest
  - lowest) across raters, which a panel reads at a glance and can discuss by name ("you
  gave 2, you gave 5"), rather than a standard deviation.

Plain Python and numpy; the same round gives the same debrief whatever the order of its
members, candidates or sheets (every axis is sorted by id).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from services.scoring.domain.aggregate import DebriefResults, debrief_results
from services.scoring.domain.agreement import Agreement, RatingsTable, agreement
from services.scoring.domain.consensus import ConsensusRating
from services.scoring.domain.panel import Competency, ScoringRound

# On the 1-5 scale a 3-point gap on one competency (2 against 5, 1 against 4) means one
# rater places the candidate below the requirement and another well above it: they saw
# different evidence, not a nuance. A 2-point gap (3 against 5) is ordinary with
# behavioural anchors and would flag most candidates of a large panel.
COMPETENCY_RANGE_FLAG = 3
# The overall is a weighted mean over competencies, which evens out single gaps; a
# 1.5-point gap between two raters' overall scores is a whole band of the scale apart
# ("meets" against "exceeds") on the whole of the interview.
OVERALL_RANGE_FLAG = 1.5


@dataclass(frozen=True)
class RaterLeniency:
    rater: str
    mean_deviation: float | None  # None: the rater shares no scored cell with anyone
    cells: int

    def to_dict(self) -> dict[str, Any]:
        return {"rater": self.rater, "mean_deviation": self.mean_deviation, "cells": self.cells}


@dataclass(frozen=True)
class DisagreementFlag:
    application_id: str
    candidate_name: str
    competency: str | None  # None: the candidate's overall weighted score
    low: float
    high: float
    low_raters: tuple[str, ...]
    high_raters: tuple[str, ...]

    @property
    def spread(self) -> float:
        return self.high - self.low

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_id": self.application_id,
            "candidate_name": self.candidate_name,
            "competency": self.competency,
            "low": self.low,
            "high": self.high,
            "spread": self.spread,
            "low_raters": list(self.low_raters),
            "high_raters": list(self.high_raters),
        }


@dataclass(frozen=True)
class Debrief:
    vacancy_id: str
    results: DebriefResults
    complete: bool
    expected_sheets: int
    submitted_sheets: int
    raters: tuple[str, ...]
    competencies: tuple[Competency, ...]
    agreement: tuple[Agreement, ...]
    leniency: tuple[RaterLeniency, ...]
    flags: tuple[DisagreementFlag, ...]
    consensus: tuple[ConsensusRating, ...]
    # (application_id, competency) -> every rater's score there, lowest first
    scores: dict[tuple[str, str], tuple[int, ...]]

    def without(self, application_ids: Iterable[str]) -> Debrief:
        """The debrief with these candidates left out (a recused member's view); ranks and
        agreement figures stay those of the whole panel."""
        hidden = set(application_ids)
        if not hidden:
            return self
        results = replace(
            self.results,
            ranking=tuple(r for r in self.results.ranking if r.application_id not in hidden),
            unscored=tuple(c for c in self.results.unscored if c.application_id not in hidden),
        )
        return replace(
            self,
            results=results,
            flags=tuple(f for f in self.flags if f.application_id not in hidden),
            consensus=tuple(c for c in self.consensus if c.application_id not in hidden),
            scores={cell: s for cell, s in self.scores.items() if cell[0] not in hidden},
        )

    def to_dict(self) -> dict[str, Any]:
        results = self.results.to_dict()
        return {
            "vacancy_id": self.vacancy_id,
            "complete": self.complete,
            "expected_sheets": self.expected_sheets,
            "submitted_sheets": self.submitted_sheets,
            "raters": list(self.raters),
            "competencies": [{"name": c.name, "weight": c.weight} for c in self.competencies],
            "ranking": results["ranking"],
            "unscored": results["unscored"],
            "agreement": [statistic.to_dict() for statistic in self.agreement],
            "leniency": [rater.to_dict() for rater in self.leniency],
            "flags": [flag.to_dict() for flag in self.flags],
            "consensus": [rating.to_dict() for rating in self.consensus],
        }


def is_finished(scoring_round: ScoringRound) -> bool:
    """Every expected sheet is in, or the chair closed the round with some missing."""
    return scoring_round.is_complete() or getattr(scoring_round, "closure", None) is not None


def build_debrief(
    scoring_round: ScoringRound, consensus: Iterable[ConsensusRating] = ()
) -> Debrief:
    consensus = tuple(sorted(consensus, key=lambda c: c.key))
    sheets = scoring_round.submitted_sheets()
    competencies = scoring_round.competencies
    raters = tuple(sorted({sheet.member for sheet in sheets}))
    names = {c.application_id: c.display_name for c in scoring_round.shortlist}
    candidates = tuple(sorted({sheet.application_id for sheet in sheets}))
    cube = _score_cube(scoring_round, candidates, raters)
    weights = np.array([competency.weight for competency in competencies], dtype=float)
    overall = (cube * weights).sum(axis=2) / weights.sum()  # NaN where there is no sheet
    table = RatingsTable(candidates, raters, overall)
    return Debrief(
        vacancy_id=scoring_round.vacancy_id,
        results=debrief_results(scoring_round, consensus),
        complete=is_finished(scoring_round),
        expected_sheets=scoring_round.expected_sheets(),
        submitted_sheets=len(sheets),
        raters=raters,
        competencies=competencies,
        agreement=agreement(table),
        leniency=leniency(cube, raters),
        flags=disagreement_flags(cube, overall, candidates, raters, competencies, names),
        consensus=consensus,
        scores=_scores_by_cell(scoring_round),
    )


def leniency(cube: np.ndarray, raters: tuple[str, ...]) -> tuple[RaterLeniency, ...]:
    """Each rater's mean deviation from the others on the cells they share (see above);
    `cube` is candidate x rater x competency with NaN where a rater has no sheet."""
    present = ~np.isnan(cube)
    filled = np.where(present, cube, 0.0)
    totals = filled.sum(axis=1, keepdims=True)
    counts = present.sum(axis=1, keepdims=True)
    others = counts - present
    shared = present & (others > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        deviation = np.where(shared, filled - (totals - filled) / others, 0.0)
    found = []
    for index, rater in enumerate(raters):
        cells = int(shared[:, index, :].sum())
        mean = float(deviation[:, index, :].sum() / cells) if cells else None
        found.append(RaterLeniency(rater, mean, cells))
    return tuple(found)


def disagreement_flags(
    cube: np.ndarray,
    overall: np.ndarray,
    candidates: tuple[str, ...],
    raters: tuple[str, ...],
    competencies: tuple[Competency, ...],
    names: dict[str, str],
) -> tuple[DisagreementFlag, ...]:
    flags = []
    for row, application_id in enumerate(candidates):
        name = names.get(application_id, application_id)
        found = _flag(overall[row], raters, OVERALL_RANGE_FLAG)
        if found:
            flags.append(DisagreementFlag(application_id, name, None, *found))
        for column, competency in enumerate(competencies):
            found = _flag(cube[row, :, column], raters, COMPETENCY_RANGE_FLAG)
            if found:
                flags.append(DisagreementFlag(application_id, name, competency.name, *found))
    return tuple(flags)


def _flag(
    values: np.ndarray, raters: tuple[str, ...], threshold: float
) -> tuple[float, float, tuple[str, ...], tuple[str, ...]] | None:
    present = ~np.isnan(values)
    if present.sum() < 2:
        return None
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    # A small tolerance: weighted overall scores are floats and 1.5 must count as 1.5.
    if high - low < threshold - 1e-9:
        return None
    at = [(rater, value) for rater, value, p in zip(raters, values, present, strict=True) if p]
    lows = tuple(rater for rater, value in at if math.isclose(value, low))
    highs = tuple(rater for rater, value in at if math.isclose(value, high))
    return low, high, lows, highs


def _scores_by_cell(scoring_round: ScoringRound) -> dict[tuple[str, str], tuple[int, ...]]:
    found: dict[tuple[str, str], list[int]] = {}
    for sheet in scoring_round.submitted_sheets():
        for name, score in sheet.scores.items():
            found.setdefault((sheet.application_id, name), []).append(score)
    return {cell: tuple(sorted(scores)) for cell, scores in sorted(found.items())}


def _score_cube(
    scoring_round: ScoringRound, candidates: tuple[str, ...], raters: tuple[str, ...]
) -> np.ndarray:
    competencies = [competency.name for competency in scoring_round.competencies]
    cube = np.full((len(candidates), len(raters), len(competencies)), np.nan)
    row = {application_id: i for i, application_id in enumerate(candidates)}
    column = {rater: j for j, rater in enumerate(raters)}
    for sheet in scoring_round.submitted_sheets():
        cube[row[sheet.application_id], column[sheet.member]] = [
            sheet.scores[name] for name in competencies
        ]
    return cube
