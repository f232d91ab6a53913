"""Debrief figures computed from a scoring round's submitted sheets.

This module owns the arithmetic of the debrief: for each candidate, each member's weighted
score (competency scores weighted by competency weight) summarised across members as a
weighted mean, median, minimum, maximum, standard deviation and sheet count; the same
summary for each competency's raw scores; and a ranking by weighted mean in which equal
means share a rank ("1, 2, 2, 4"). Arithmetic is exact (fractions) so that candidates with
equal means tie instead of being separated by floating-point noise; results are floats.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from services.scoring.domain.panel import Competency, ScoreSheet, ScoringRound, ShortlistedCandidate


@dataclass(frozen=True)
class CompetencyResult:
    competency: str
    weight: float
    mean: float
    median: float
    min: float
    max: float
    stdev: float
    sheet_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "weight": self.weight,
            "mean": self.mean,
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "stdev": self.stdev,
            "sheet_count": self.sheet_count,
        }


@dataclass(frozen=True)
class CandidateResult:
    application_id: str
    candidate_name: str
    rank: int
    weighted_mean: float
    median: float
    min: float
    max: float
    stdev: float
    sheet_count: int
    competencies: tuple[CompetencyResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_id": self.application_id,
            "candidate_name": self.candidate_name,
            "rank": self.rank,
            "weighted_mean": self.weighted_mean,
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "stdev": self.stdev,
            "sheet_count": self.sheet_count,
            "competencies": [competency.to_dict() for competency in self.competencies],
        }


@dataclass(frozen=True)
class DebriefResults:
    """Scored candidates best first (ties share a rank); candidates without sheets apart."""

    vacancy_id: str
    complete: bool
    ranking: tuple[CandidateResult, ...]
    unscored: tuple[ShortlistedCandidate, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "vacancy_id": self.vacancy_id,
            "complete": self.complete,
            "ranking": [candidate.to_dict() for candidate in self.ranking],
            "unscored": [
                {"application_id": c.application_id, "candidate_name": c.display_name}
                for c in self.unscored
            ],
        }


@dataclass(frozen=True)
class _Summary:
    mean: Fraction
    median: Fraction
    min: Fraction
    max: Fraction
    stdev: float
    count: int


def debrief_results(scoring_round: ScoringRound) -> DebriefResults:
    scored: list[tuple[ShortlistedCandidate, _Summary, tuple[CompetencyResult, ...]]] = []
    unscored: list[ShortlistedCandidate] = []
    for candidate in scoring_round.shortlist:
        sheets = scoring_round.sheets_for(candidate.application_id)
        if not sheets:
            unscored.append(candidate)
            continue
        weighted = [_weighted_score(sheet, scoring_round.competencies) for sheet in sheets]
        per_competency = tuple(
            _competency_result(competency, sheets) for competency in scoring_round.competencies
        )
        scored.append((candidate, _summarise(weighted), per_competency))

    ranks = competition_ranks([summary.mean for _, summary, _ in scored])
    ranking = [
        _candidate_result(candidate, summary, per_competency, rank)
        for (candidate, summary, per_competency), rank in zip(scored, ranks, strict=True)
    ]
    ranking.sort(key=lambda result: (result.rank, result.candidate_name.casefold()))
    return DebriefResults(
        vacancy_id=scoring_round.vacancy_id,
        complete=scoring_round.is_complete(),
        ranking=tuple(ranking),
        unscored=tuple(unscored),
    )


def competition_ranks(values: Sequence[float | Fraction]) -> list[int]:
    """Rank of each value, highest first, equal values sharing a rank: 9, 7, 7, 5 -> 1, 2, 2, 4."""
    first_position: dict[float | Fraction, int] = {}
    for position, value in enumerate(sorted(values, reverse=True), start=1):
        first_position.setdefault(value, position)
    return [first_position[value] for value in values]


def _weighted_score(sheet: ScoreSheet, competencies: Iterable[Competency]) -> Fraction:
    total = Fraction(0)
    total_weight = Fraction(0)
    for competency in competencies:
        weight = Fraction(competency.weight)
        total += weight * sheet.scores[competency.name]
        total_weight += weight
    return total / total_weight


def _competency_result(competency: Competency, sheets: Sequence[ScoreSheet]) -> CompetencyResult:
    summary = _summarise([Fraction(sheet.scores[competency.name]) for sheet in sheets])
    return CompetencyResult(
        competency=competency.name,
        weight=float(competency.weight),
        mean=float(summary.mean),
        median=float(summary.median),
        min=float(summary.min),
        max=float(summary.max),
        stdev=summary.stdev,
        sheet_count=summary.count,
    )


def _candidate_result(
    candidate: ShortlistedCandidate,
    summary: _Summary,
    per_competency: tuple[CompetencyResult, ...],
    rank: int,
) -> CandidateResult:
    return CandidateResult(
        application_id=candidate.application_id,
        candidate_name=candidate.display_name,
        rank=rank,
        weighted_mean=float(summary.mean),
        median=float(summary.median),
        min=float(summary.min),
        max=float(summary.max),
        stdev=summary.stdev,
        sheet_count=summary.count,
        competencies=per_competency,
    )


def _summarise(values: Sequence[Fraction]) -> _Summary:
    return _Summary(
        mean=statistics.mean(values),
        median=statistics.median(values),
        min=min(values),
        max=max(values),
        # Population deviation: the panel is every rater there is, not a sample of raters;
        # it is also defined (0) when a single sheet is in.
        stdev=float(statistics.pstdev(values)),
        count=len(values),
    )
