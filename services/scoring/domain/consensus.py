"""Consensus ratings: the panel's agreed rating of a candidate on one competency.

UN panels often settle a competency by discussion at the debrief instead of taking the
average of the members' ratings. This module owns what such a consensus rating is (a
whole number on the rating scale, with its reason, who recorded it and when) and who may
record one: the chair of the panel or the secretariat, once every expected sheet is in
(a consensus before every member has scored would let it steer the others). A consensus
replaces the raters' mean of that competency in the candidate's weighted overall (see
`aggregate.debrief_results`); the raters' own ratings and mean stay visible beside it.
Recording a new consensus for the same candidate and competency replaces the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.scoring.domain.panel import MAX_SCORE, MIN_SCORE, ScoringError, ScoringRound

MAX_REASON_LENGTH = 4000


class ConsensusRefused(ScoringError):
    """A consensus rating that cannot be recorded; the message says why."""


class NotChair(ConsensusRefused):
    def __init__(self) -> None:
        super().__init__("Only the chair of the panel or the secretariat records a consensus.")


@dataclass(frozen=True)
class ConsensusRating:
    vacancy_id: str
    application_id: str
    competency: str
    rating: int
    reason: str
    recorded_by: str
    recorded_at: datetime

    @property
    def key(self) -> tuple[str, str]:
        return (self.application_id, self.competency)

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_id": self.application_id,
            "competency": self.competency,
            "rating": self.rating,
            "reason": self.reason,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(),
        }


def check_consensus(
    scoring_round: ScoringRound, consensus: ConsensusRating, *, by_secretariat: bool
) -> None:
    """Raise `ConsensusRefused` unless `consensus` may be recorded on this round."""
    panel = scoring_round.panel
    if not by_secretariat and (panel is None or consensus.recorded_by != panel.chair):
        raise NotChair()
    scoring_round.candidate(consensus.application_id)
    if consensus.competency not in {c.name for c in scoring_round.competencies}:
        raise ConsensusRefused(f"{consensus.competency!r} is not a competency of this vacancy.")
    if not scoring_round.is_complete():
        raise ConsensusRefused(
            "A consensus is recorded at the debrief, once every expected score sheet is in."
        )
    rating = consensus.rating
    if (
        isinstance(rating, bool)
        or not isinstance(rating, int)
        or not MIN_SCORE <= rating <= MAX_SCORE
    ):
        raise ConsensusRefused(
            f"A consensus rating is a whole number from {MIN_SCORE} to {MAX_SCORE}."
        )
    if not consensus.reason.strip():
        raise ConsensusRefused("Give the reason for the consensus: it is kept with the rating.")
    if len(consensus.reason) > MAX_REASON_LENGTH:
        raise ConsensusRefused(f"Keep the reason under {MAX_REASON_LENGTH} characters.")
