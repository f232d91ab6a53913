"""The debrief's use cases: the debrief of a vacancy as its viewer may see it, and the
consensus rating the panel records for a candidate's competency.

Who sees what: the secretariat sees the debrief at any time, marked provisional with how
many sheets are in until the round is finished (every expected sheet in, or closed by the
chair); a panel member of the vacancy sees it only once the round is finished
(`DebriefNotReady` before), and never the candidates they are recused from (those rows,
flags and charts are left out; the agreement figures, which name nobody, stay); anyone
else is not on the panel (`NotOnPanel`, a 404 for the entrypoints). A consensus is
recorded by the chair or the secretariat under the round's lock, with an audit entry
holding the rating it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.scoring.domain.consensus import ConsensusRating, check_consensus
from services.scoring.domain.debrief import Debrief, build_debrief, is_finished
from services.scoring.domain.panel import NotOnPanel, ScoringError
from services.scoring.service_layer.services import UnknownVacancy
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork


class DebriefNotReady(ScoringError):
    def __init__(self, submitted: int, expected: int) -> None:
        self.submitted = submitted
        self.expected = expected
        super().__init__(
            "The debrief opens to the panel when every score sheet is in "
            f"({submitted} of {expected} so far)."
        )


@dataclass(frozen=True)
class DebriefView:
    title: str
    chair: str | None
    debrief: Debrief
    may_record_consensus: bool
    hidden_candidates: int  # left out because the viewer is recused from them


def debrief_of(
    uow: ScoringUnitOfWork, vacancy_id: str, viewer: str, *, is_secretariat: bool
) -> DebriefView:
    with uow:
        setup = uow.rounds.setup(vacancy_id)
        if setup is None:
            raise UnknownVacancy(vacancy_id)
        on_panel = setup.panel is not None and viewer in setup.panel
        if not is_secretariat and not on_panel:
            raise NotOnPanel(viewer, vacancy_id)
        scoring_round = uow.rounds.scoring_round(setup)
        finished = is_finished(scoring_round)
        if not is_secretariat and not finished:
            raise DebriefNotReady(
                len(scoring_round.submitted_sheets()), scoring_round.expected_sheets()
            )
        debrief = build_debrief(scoring_round, uow.rounds.consensus_ratings(vacancy_id))
        hidden: set[str] = set()
        if not is_secretariat:
            hidden = {
                application_id
                for member, application_id in scoring_round.recusals()
                if member == viewer
            }
            debrief = debrief.without(hidden)
        chair = setup.panel.chair if setup.panel else None
        return DebriefView(
            title=setup.title,
            chair=chair,
            debrief=debrief,
            may_record_consensus=finished and (is_secretariat or viewer == chair),
            hidden_candidates=len(hidden),
        )


def record_consensus(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    application_id: str,
    competency: str,
    rating: int,
    reason: str,
    actor: str,
    *,
    is_secretariat: bool,
) -> ConsensusRating:
    now = datetime.now(UTC)
    with uow:
        setup = uow.rounds.setup(vacancy_id, lock=True)
        if setup is None:
            raise UnknownVacancy(vacancy_id)
        if not is_secretariat and (setup.panel is None or actor not in setup.panel):
            raise NotOnPanel(actor, vacancy_id)
        scoring_round = uow.rounds.scoring_round(setup)
        consensus = ConsensusRating(
            vacancy_id, application_id, competency, rating, reason.strip(), actor, now
        )
        check_consensus(scoring_round, consensus, by_secretariat=is_secretariat)
        replaced = uow.rounds.save_consensus(consensus)
        uow.record(
            actor,
            "consensus.recorded",
            "round",
            vacancy_id,
            before=_audited(replaced),
            after=_audited(consensus),
        )
        uow.commit()
        return consensus


def _audited(consensus: ConsensusRating | None) -> dict[str, object] | None:
    if consensus is None:
        return None
    return {
        "application_id": consensus.application_id,
        "competency": consensus.competency,
        "rating": consensus.rating,
        "reason": consensus.reason,
        "recorded_by": consensus.recorded_by,
    }
