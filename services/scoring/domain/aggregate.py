"""Debrief figures computed from a scoring round's submitted sheets.

This module owns the arithmetic of the debrief: for each candidate, each member's weighted
score (competency scores weighted by competency weight) summarised across members as a
weighted mean, median, minimum, maximum, standard deviation and sheet count; the same
summary for each competency's raw scores; and a ranking by weighted mean in which equal
means share a rank ("1, 2, 2, 4"). Arithmetic is exact (fractions) so that candidates with
equal means tie instead of being separated by floating-point noise; results are floats.

A consensus rating the panel recorded for a candidate's competency (`domain.consensus`)
takes the place of the raters' mean of that competency in the candidate's weighted mean,
and so in the ranking; the raters' own weighted mean (`raters_weighted_mean`), median,
spread and per-competency figures are kept beside it, unchanged.
"""

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from services.scoring.domain.consensus import ConsensusRating
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
    consensus: int | None = None
    consensus_reason: str = ""

    @property
    def value_used(self) -> float:
        """What the candidate's weighted mean takes for this competency."""
        return float(self.consensus) if self.consensus is not None else self.mean

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
            "consensus": self.consensus,
            "consensus_reason": self.consensus_reason,
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
    raters_weighted_mean: float

    @property
    def has_consensus(self) -> bool:
        return any(c.consensus is not None for c in self.competencies)

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_id": self.application_id,
            "candidate_name": self.candidate_name,
            "rank": self.rank,
            "weighted_mean": self.weighted_mean,
            "raters_weighted_mean": self.raters_weighted_mean,
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


def debrief_results(
    scoring_round: ScoringRound, consensus: Iterable[ConsensusRating] = ()
) -> DebriefResults:
    agreed: Mapping[tuple[str, str], ConsensusRating] = {c.key: c for c in consensus}
    scored: list[tuple[ShortlistedCandidate, _Summary, Fraction, tuple[CompetencyResult, ...]]]
    scored = []
    unscored: list[ShortlistedCandidate] = []
    by_candidate: dict[str, list[ScoreSheet]] = {}
    for sheet in scoring_round.submitted_sheets():  # once, not a scan per candidate
        by_candidate.setdefault(sheet.application_id, []).append(sheet)
    for candidate in scoring_round.shortlist:
        sheets = by_candidate.get(candidate.application_id, [])
        if not sheets:
            unscored.append(candidate)
            continue
        weighted = [_weighted_score(sheet, scoring_round.competencies) for sheet in sheets]
        summary = _summarise(weighted)
        results = []
        values: dict[str, Fraction] = {}
        for competency in scoring_round.competencies:
            found = agreed.get((candidate.application_id, competency.name))
            result, mean = _competency_result(competency, sheets, found)
            results.append(result)
            values[competency.name] = Fraction(found.rating) if found else mean
        # Without a consensus the weighted mean of the competency means is the mean of the
        # sheets' weighted scores (every sheet scores every competency): keep the latter.
        overall = (
            _weighted(values, scoring_round.competencies)
            if any(result.consensus is not None for result in results)
            else summary.mean
        )
        scored.append((candidate, summary, overall, tuple(results)))

    ranks = competition_ranks([overall for _, _, overall, _ in scored])
    ranking = [
        _candidate_result(candidate, summary, overall, per_competency, rank)
        for (candidate, summary, overall, per_competency), rank in zip(scored, ranks, strict=True)
    ]
    ranking.sort(
        key=lambda result: (result.rank, result.candidate_name.casefold(), result.application_id)
    )
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
    return _weighted({name: Fraction(score) for name, score in sheet.scores.items()}, competencies)


def _weighted(values: Mapping[str, Fraction], competencies: Iterable[Competency]) -> Fraction:
    total = Fraction(0)
    total_weight = Fraction(0)
    for competency in competencies:
        weight = Fraction(competency.weight)
        total += weight * values[competency.name]
        total_weight += weight
    return total / total_weight


def _competency_result(
    competency: Competency, sheets: Sequence[ScoreSheet], consensus: ConsensusRating | None
) -> tuple[CompetencyResult, Fraction]:
    summary = _summarise([Fraction(sheet.scores[competency.name]) for sheet in sheets])
    result = CompetencyResult(
        competency=competency.name,
        weight=float(competency.weight),
        mean=float(summary.mean),
        median=float(summary.median),
        min=float(summary.min),
        max=float(summary.max),
        stdev=summary.stdev,
        sheet_count=summary.count,
        consensus=consensus.rating if consensus else None,
        consensus_reason=consensus.reason if consensus else "",
    )
    return result, summary.mean


def _candidate_result(
    candidate: ShortlistedCandidate,
    summary: _Summary,
    overall: Fraction,
    per_competency: tuple[CompetencyResult, ...],
    rank: int,
) -> CandidateResult:
    return CandidateResult(
        application_id=candidate.application_id,
        candidate_name=candidate.display_name,
        rank=rank,
        weighted_mean=float(overall),
        raters_weighted_mean=float(summary.mean),
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
