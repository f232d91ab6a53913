"""Scoring's use cases: learn of vacancies and short lists, appoint the panel, take
score sheets, and announce the result when the last expected sheet is in.

A sheet is submitted under a lock on its vacancy's round, so that when two members
submit the last two sheets at the same moment exactly one of them completes the round
and `panel.completed` is emitted once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from services.scoring.adapters.repositories import RoundSetup
from services.scoring.domain.aggregate import DebriefResults, debrief_results
from services.scoring.domain.panel import (
    DomainEvent,
    NotOnPanel,
    Panel,
    PanelCompleted,
    ScoreSheet,
    ScoringError,
    ScoringRound,
    ShortlistedCandidate,
)
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork
from shared.messaging.events import (
    ERASED_NAME,
    PANEL_APPOINTED,
    PANEL_COMPLETED,
    SCORE_SUBMITTED,
)

SYSTEM = "system:scoring"


class UnknownVacancy(LookupError):
    pass


class PanelLocked(ScoringError):
    def __init__(self) -> None:
        super().__init__("The panel cannot change once the first score sheet is in.")


def record_vacancy(uow: ScoringUnitOfWork, payload: Mapping[str, Any]) -> None:
    with uow:
        competencies = [dict(c) for c in payload["competencies"]]
        uow.rounds.save_vacancy(payload["vacancy_id"], payload["title"], competencies)
        uow.record(SYSTEM, "vacancy.recorded", "round", payload["vacancy_id"])
        uow.commit()


def record_shortlisted(uow: ScoringUnitOfWork, payload: Mapping[str, Any]) -> None:
    with uow:
        if uow.rounds.setup(payload["vacancy_id"]) is None:
            raise UnknownVacancy(payload["vacancy_id"])
        candidate = ShortlistedCandidate(payload["application_id"], payload["candidate_name"])
        uow.rounds.add_to_shortlist(payload["vacancy_id"], candidate)
        uow.record(
            payload["shortlisted_by"],
            "candidate.shortlisted",
            "round",
            payload["vacancy_id"],
            after={"application_id": candidate.application_id},
        )
        uow.commit()


def erase_candidate(uow: ScoringUnitOfWork, payload: Mapping[str, Any]) -> bool:
    """The candidate had their data erased: their name becomes `ERASED_NAME` wherever
    scoring keeps it; the scores stay (they are the panel's). False when nothing changed
    (asked again, or a candidate scoring never heard of)."""
    with uow:
        changed = uow.rounds.rename_candidate(payload["application_id"], ERASED_NAME)
        uow.erase_audit_texts(payload["application_id"])
        if changed:
            uow.record(
                SYSTEM,
                "candidate.erased",
                "round",
                payload["vacancy_id"],
                after={"application_id": payload["application_id"]},
            )
        uow.commit()
        return bool(changed)


def appoint_panel(
    uow: ScoringUnitOfWork, vacancy_id: str, members: list[str], chair: str | None, actor: str
) -> Panel:
    with uow:
        setup = _setup(uow, vacancy_id, lock=True)
        if _ready(setup) and uow.rounds.scoring_round(setup).submitted_sheets():
            raise PanelLocked()
        panel = Panel(tuple(members), chair)
        uow.rounds.set_panel(vacancy_id, panel)
        uow.emit(
            PANEL_APPOINTED,
            {
                "vacancy_id": vacancy_id,
                "members": list(panel.members),
                "chair": chair,
                "appointed_at": datetime.now(UTC),
            },
        )
        uow.record(
            actor,
            "panel.appointed",
            "round",
            vacancy_id,
            before={"members": list(setup.panel.members) if setup.panel else None},
            after={"members": list(panel.members), "chair": chair},
        )
        uow.commit()
        return panel


def submit_sheet(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    application_id: str,
    member: str,
    scores: Mapping[str, int],
    notes: str = "",
) -> ScoreSheet:
    now = datetime.now(UTC)
    with uow:
        setup = _setup(uow, vacancy_id, lock=True)
        scoring_round = uow.rounds.scoring_round(setup)
        sheet = ScoreSheet(vacancy_id, application_id, member, scores, now, notes)
        events = scoring_round.submit(sheet)
        uow.rounds.add_sheet(sheet)
        uow.emit(
            SCORE_SUBMITTED,
            {
                "vacancy_id": vacancy_id,
                "application_id": application_id,
                "panel_member": member,
                "submitted_at": now,
            },
        )
        uow.record(member, "score.submitted", "score_sheet", f"{application_id}:{member}")
        announce_result(uow, setup.title, scoring_round, events)
        uow.commit()
        return sheet


def announce_result(
    uow: ScoringUnitOfWork, title: str, scoring_round: ScoringRound, events: list[DomainEvent]
) -> None:
    """Emit `panel.completed` with the result if the domain says the round just finished
    (every expected sheet in, or closed by the chair with some outstanding)."""
    for event in events:
        if not isinstance(event, PanelCompleted):
            continue
        results = debrief_results(scoring_round)
        uow.rounds.mark_completed(scoring_round.vacancy_id, event.completed_at)
        uow.emit(
            PANEL_COMPLETED,
            {
                "vacancy_id": scoring_round.vacancy_id,
                "vacancy_title": title,
                "completed_at": event.completed_at,
                "results": [candidate.to_dict() for candidate in results.ranking],
                "expected_sheets": event.expected_sheets,
                "sheet_count": event.sheet_count,
                "outstanding_sheets": event.outstanding,
                "closed_by_chair": event.closed_by is not None,
                "closed_by": event.closed_by,
                "close_reason": event.reason or None,
            },
        )
        uow.record(
            event.closed_by or SYSTEM,
            "panel.completed",
            "round",
            scoring_round.vacancy_id,
            after={
                "sheet_count": event.sheet_count,
                "outstanding": event.outstanding,
                "closed_by": event.closed_by,
                "reason": event.reason or None,
            },
        )


def sheets_visible_to(
    uow: ScoringUnitOfWork, vacancy_id: str, application_id: str, member: str
) -> list[ScoreSheet]:
    with uow:
        scoring_round = uow.rounds.scoring_round(_setup(uow, vacancy_id))
        return list(scoring_round.sheets_visible_to(member, application_id))


def round_for_member(uow: ScoringUnitOfWork, vacancy_id: str, member: str) -> dict[str, Any]:
    """What a panel member sees of a round: the candidates and whether they have scored each."""
    with uow:
        setup = _setup(uow, vacancy_id)
        if setup.panel is None or member not in setup.panel:
            raise NotOnPanel(member, vacancy_id)
        scoring_round = uow.rounds.scoring_round(setup)
        return {
            "vacancy_id": vacancy_id,
            "title": setup.title,
            "competencies": [c.name for c in setup.competencies],
            "declared_all": scoring_round.has_declared_all(member),
            "candidates": [
                {
                    "application_id": c.application_id,
                    "candidate_name": c.display_name,
                    "submitted": scoring_round.has_submitted(member, c.application_id),
                    "recused": scoring_round.is_recused(member, c.application_id),
                }
                for c in setup.shortlist
            ],
        }


def results(uow: ScoringUnitOfWork, vacancy_id: str) -> DebriefResults:
    with uow:
        return debrief_results(uow.rounds.scoring_round(_setup(uow, vacancy_id)))


def _setup(uow: ScoringUnitOfWork, vacancy_id: str, *, lock: bool = False) -> RoundSetup:
    setup = uow.rounds.setup(vacancy_id, lock=lock)
    if setup is None:
        raise UnknownVacancy(vacancy_id)
    return setup


def _ready(setup: RoundSetup) -> bool:
    return setup.panel is not None and bool(setup.shortlist) and bool(setup.competencies)
