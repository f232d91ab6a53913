"""Scoring's decision use cases: record the panel's decision on each shortlisted
candidate (the secretariat, or the panel's chair), and announce it once.

Recording is audited with the decision it replaces; the announcement locks the decisions
and emits `panel.decided`, on which notify tells each candidate their own outcome and the
panel the whole list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.scoring.adapters.directory import MemberDirectory
from services.scoring.adapters.repositories import RoundSetup
from services.scoring.domain.decisions import (
    Decision,
    DecisionError,
    PanelDecision,
    parse_outcome,
)
from services.scoring.service_layer.services import UnknownVacancy
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork
from shared.messaging.events import PANEL_DECIDED


class NotAllowedToDecide(DecisionError):
    def __init__(self) -> None:
        super().__init__("Only the secretariat or the panel's chair records the decision.")


@dataclass(frozen=True)
class DecisionSheet:
    vacancy_id: str
    title: str
    names: dict[str, str]
    decisions: dict[str, Decision]
    announced_at: datetime | None


def decision_sheet(uow: ScoringUnitOfWork, vacancy_id: str) -> DecisionSheet:
    with uow:
        setup, decision = _load(uow, vacancy_id, lock=False)
        return DecisionSheet(
            vacancy_id,
            setup.title,
            _names(setup),
            dict(decision.decisions),
            decision.announced_at,
        )


def record_decision(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    application_id: str,
    outcome: str,
    reason: str,
    actor: str,
    *,
    is_secretariat: bool,
) -> Decision:
    with uow:
        setup, panel_decision = _load(uow, vacancy_id)
        _require_may_decide(setup, actor, is_secretariat)
        decision = Decision(
            application_id, parse_outcome(outcome), reason, actor, datetime.now(UTC)
        )
        previous = panel_decision.record(decision)
        uow.schedules.save_decision(vacancy_id, decision)
        uow.record(
            actor,
            "decision.recorded",
            "decision",
            f"{vacancy_id}:{application_id}",
            before=_audit(previous) if previous else None,
            after=_audit(decision),
        )
        uow.commit()
        return decision


def announce_decision(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    actor: str,
    directory: MemberDirectory,
    *,
    is_secretariat: bool,
) -> None:
    now = datetime.now(UTC)
    with uow:
        setup, panel_decision = _load(uow, vacancy_id)
        _require_may_decide(setup, actor, is_secretariat)
        announced = panel_decision.announce(now)
        uow.schedules.save_announcement(vacancy_id, actor, now)
        names = _names(setup)
        members = directory(setup.panel.members) if setup.panel else []
        uow.emit(
            PANEL_DECIDED,
            {
                "vacancy_id": vacancy_id,
                "vacancy_title": setup.title,
                "decided_at": now,
                "decisions": [
                    {
                        "application_id": d.application_id,
                        "candidate_name": names.get(d.application_id, ""),
                        "outcome": d.outcome.value,
                        "reason": d.reason,
                    }
                    for d in announced.decisions
                ],
                "panel": [m.to_dict() for m in members],
            },
        )
        uow.record(actor, "decision.announced", "round", vacancy_id)
        uow.commit()


def _load(
    uow: ScoringUnitOfWork, vacancy_id: str, *, lock: bool = True
) -> tuple[RoundSetup, PanelDecision]:
    setup = uow.rounds.setup(vacancy_id, lock=lock)
    if setup is None:
        raise UnknownVacancy(vacancy_id)
    shortlist = [c.application_id for c in setup.shortlist]
    return setup, uow.schedules.panel_decision(vacancy_id, shortlist)


def _require_may_decide(setup: RoundSetup, actor: str, is_secretariat: bool) -> None:
    if not is_secretariat and (setup.panel is None or setup.panel.chair != actor):
        raise NotAllowedToDecide()


def _names(setup: RoundSetup) -> dict[str, str]:
    return {c.application_id: c.display_name for c in setup.shortlist}


def _audit(decision: Decision) -> dict[str, str]:
    return {"outcome": decision.outcome.value, "reason": decision.reason}


def chair_of(uow: ScoringUnitOfWork, vacancy_id: str) -> str | None:
    with uow:
        setup = uow.rounds.setup(vacancy_id)
        return setup.panel.chair if setup and setup.panel else None
