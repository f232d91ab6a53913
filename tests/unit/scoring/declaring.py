"""A test helper: every panel member of a round declares no conflict with any candidate,
as each member must before scoring."""

from datetime import UTC, datetime

from services.scoring.domain.conflicts import Declaration
from services.scoring.domain.panel import ScoringRound

DECLARED_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def declare_no_conflicts(scoring_round: ScoringRound, *members: str) -> ScoringRound:
    for member in members or scoring_round.panel.members:
        for candidate in scoring_round.shortlist:
            scoring_round.declare(
                Declaration(
                    scoring_round.vacancy_id,
                    member,
                    candidate.application_id,
                    conflict=False,
                    note="",
                    declared_at=DECLARED_AT,
                )
            )
    return scoring_round


def no_conflicts(
    vacancy_id: str, members: tuple[str, ...], application_ids: tuple[str, ...]
) -> list[Declaration]:
    return [
        Declaration(vacancy_id, member, application_id, False, "", DECLARED_AT)
        for member in members
        for application_id in application_ids
    ]
