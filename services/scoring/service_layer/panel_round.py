"""The panel's use cases around the scores: conflicts of interest, the interview kit,
amendments, closing the round, and what each person may see of its progress.

Kept beside `services.py` (which takes the sheets and announces the result) so that each
module stays small; every function here opens the unit of work, loads the round, calls the
domain, records the audit entry and commits. Changes that can finish the round (a
declared conflict that recuses the last outstanding sheet, the chair's closing) run under
the round's lock, like a submitted sheet, so the result is announced once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.scoring.adapters.repositories import RoundSetup
from services.scoring.domain.amendments import Amendment
from services.scoring.domain.conflicts import Declaration
from services.scoring.domain.kit import InterviewKit, ensure_editable
from services.scoring.domain.panel import (
    InvalidRoundSetup,
    NotOnPanel,
    RoundClosure,
    ScoreSheet,
    ScoringRound,
    ShortlistedCandidate,
)
from services.scoring.service_layer.services import UnknownVacancy, announce_result
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork


@dataclass(frozen=True)
class CandidateFile:
    """What a panel member sees of one candidate they may open."""

    vacancy_id: str
    title: str
    candidate: ShortlistedCandidate
    kit: InterviewKit
    my_sheet: ScoreSheet | None
    sheets: tuple[ScoreSheet, ...]
    amendments: tuple[Amendment, ...]
    finished: bool


def declare(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    member: str,
    answers: Mapping[str, tuple[bool, str]],
) -> list[Declaration]:
    """A member's declarations: application id → (conflict?, note), one or many at once."""
    now = datetime.now(UTC)
    with uow:
        setup = _setup(uow, vacancy_id, lock=True)
        scoring_round = _round_of_member(uow, setup, member)
        declared = []
        for application_id, (conflict, note) in answers.items():
            before = scoring_round.declaration(member, application_id)
            declaration = Declaration(vacancy_id, member, application_id, conflict, note, now)
            events = scoring_round.declare(declaration)
            uow.rounds.save_declaration(declaration)
            uow.record(
                member,
                "conflict.declared",
                "declaration",
                f"{vacancy_id}:{application_id}:{member}",
                before=_declared(before),
                after=_declared(declaration),
            )
            announce_result(uow, setup.title, scoring_round, events)
            declared.append(declaration)
        uow.commit()
        return declared


def declarations_of(uow: ScoringUnitOfWork, vacancy_id: str, member: str) -> dict[str, Any]:
    """The short list's names (and nothing else) with the member's declaration on each."""
    with uow:
        setup = _setup(uow, vacancy_id)
        scoring_round = _round_of_member(uow, setup, member)
        candidates = []
        for candidate in setup.shortlist:
            declaration = scoring_round.declaration(member, candidate.application_id)
            candidates.append(
                {
                    "application_id": candidate.application_id,
                    "candidate_name": candidate.display_name,
                    "declared": declaration is not None,
                    "conflict": bool(declaration and declaration.conflict),
                    "note": declaration.note if declaration else "",
                    "scored": scoring_round.has_submitted(member, candidate.application_id),
                }
            )
        return {
            "vacancy_id": vacancy_id,
            "title": setup.title,
            "declared_all": scoring_round.has_declared_all(member),
            "finished": scoring_round.is_finished(),
            "candidates": candidates,
        }


def interview_kit(uow: ScoringUnitOfWork, vacancy_id: str) -> tuple[InterviewKit, bool]:
    """The vacancy's kit and whether it is locked (the first sheet is in)."""
    with uow:
        setup = _setup(uow, vacancy_id)
        kit = setup.kit
        if kit is None:
            raise InvalidRoundSetup("The vacancy was published without a competency framework.")
        return kit, _sheets_in(uow, setup) > 0


def edit_kit(
    uow: ScoringUnitOfWork, vacancy_id: str, competencies: list[Mapping[str, Any]], actor: str
) -> InterviewKit:
    now = datetime.now(UTC)
    with uow:
        setup = _setup(uow, vacancy_id, lock=True)
        ensure_editable(_sheets_in(uow, setup))
        kit = InterviewKit.from_list(competencies)
        before = setup.kit.to_list() if setup.kit else None
        uow.rounds.save_kit(vacancy_id, kit, actor, now)
        uow.record(actor, "kit.edited", "round", vacancy_id, before=before, after=kit.to_list())
        uow.commit()
        return kit


def candidate_file(
    uow: ScoringUnitOfWork, vacancy_id: str, application_id: str, member: str
) -> CandidateFile:
    """A candidate's file for a member: the kit, their own sheet, and the others' sheets and
    the amendments only once they have submitted. Refused (Recused, Declarations
    outstanding) as the domain says."""
    with uow:
        setup = _setup(uow, vacancy_id)
        scoring_round = _round_of_member(uow, setup, member)
        candidate = scoring_round.require_may_open(member, application_id)
        sheets = scoring_round.sheets_visible_to(member, application_id)
        mine = next((s for s in sheets if s.member == member), None)
        return CandidateFile(
            vacancy_id=vacancy_id,
            title=setup.title,
            candidate=candidate,
            kit=setup.kit
            or InterviewKit.from_list(
                [{"name": c.name, "weight": c.weight} for c in setup.competencies]
            ),
            my_sheet=mine,
            sheets=sheets,
            amendments=scoring_round.amendments_for(application_id) if mine else (),
            finished=scoring_round.is_finished(),
        )


def amend_sheet(
    uow: ScoringUnitOfWork,
    vacancy_id: str,
    application_id: str,
    member: str,
    scores: Mapping[str, int],
    notes: str,
    reason: str,
) -> Amendment:
    now = datetime.now(UTC)
    with uow:
        setup = _setup(uow, vacancy_id, lock=True)
        scoring_round = _round_of_member(uow, setup, member)
        amendment = scoring_round.amend(member, application_id, scores, notes, reason, now)
        uow.rounds.add_amendment(amendment)
        uow.record(
            member,
            "score.amended",
            "score_sheet",
            f"{application_id}:{member}",
            before={"scores": dict(amendment.scores_before), "notes": amendment.notes_before},
            after={
                "scores": dict(amendment.scores_after),
                "notes": amendment.notes_after,
                "reason": amendment.reason,
            },
        )
        uow.commit()
        return amendment


def close_round(uow: ScoringUnitOfWork, vacancy_id: str, member: str, reason: str) -> RoundClosure:
    now = datetime.now(UTC)
    with uow:
        setup = _setup(uow, vacancy_id, lock=True)
        scoring_round = _round_of_member(uow, setup, member)
        events = scoring_round.close(member, reason, now)
        closure = scoring_round.closure
        assert closure is not None
        uow.rounds.save_closure(vacancy_id, closure)
        uow.record(
            member,
            "round.closed",
            "round",
            vacancy_id,
            after={"reason": closure.reason, "outstanding": closure.outstanding},
        )
        announce_result(uow, setup.title, scoring_round, events)
        uow.commit()
        return closure


def progress(uow: ScoringUnitOfWork, vacancy_id: str) -> dict[str, Any]:
    """Who has declared and who has scored, with no score in it (safe before completion)."""
    with uow:
        setup = _setup(uow, vacancy_id)
        summary: dict[str, Any] = {
            "vacancy_id": vacancy_id,
            "title": setup.title,
            "members": list(setup.panel.members) if setup.panel else [],
            "chair": setup.panel.chair if setup.panel else None,
            "candidates": [
                {"application_id": c.application_id, "candidate_name": c.display_name}
                for c in setup.shortlist
            ],
            "ready": _ready(setup),
            "rows": [],
            "expected_sheets": 0,
            "submitted_sheets": 0,
            "finished": setup.completed_at is not None,
            "closure": None,
        }
        if not _ready(setup):
            return summary
        scoring_round = uow.rounds.scoring_round(setup)
        expected = set(scoring_round.expected())
        for member in setup.panel.members:  # type: ignore[union-attr]
            summary["rows"].append(
                {
                    "member": member,
                    "declared": len(setup.shortlist) - len(scoring_round.undeclared(member)),
                    "recused": sum(1 for m, _ in scoring_round.recusals() if m == member),
                    "expected": sum(1 for m, _ in expected if m == member),
                    "submitted": sum(
                        1 for s in scoring_round.submitted_sheets() if s.member == member
                    ),
                }
            )
        closure = scoring_round.closure
        summary |= {
            "expected_sheets": len(expected),
            "submitted_sheets": len(scoring_round.submitted_sheets()),
            "finished": scoring_round.is_finished(),
            "closure": None
            if closure is None
            else {
                "closed_by": closure.closed_by,
                "reason": closure.reason,
                "closed_at": closure.closed_at,
                "outstanding": closure.outstanding,
            },
        }
        return summary


def vacancies(uow: ScoringUnitOfWork, member: str | None = None) -> list[dict[str, Any]]:
    """Every vacancy scoring knows (for the secretariat) or those on whose panel `member`
    sits, with the panel and the short list's size."""
    with uow:
        found = []
        for vacancy_id in uow.rounds.vacancy_ids():
            setup = uow.rounds.setup(vacancy_id)
            if setup is None:
                continue
            if member is not None and (setup.panel is None or member not in setup.panel):
                continue
            found.append(
                {
                    "vacancy_id": vacancy_id,
                    "title": setup.title,
                    "members": list(setup.panel.members) if setup.panel else [],
                    "chair": setup.panel.chair if setup.panel else None,
                    "shortlisted": len(setup.shortlist),
                    "finished": setup.completed_at is not None,
                }
            )
        return found


def _round_of_member(uow: ScoringUnitOfWork, setup: RoundSetup, member: str) -> ScoringRound:
    if setup.panel is None or member not in setup.panel:
        raise NotOnPanel(member, setup.vacancy_id)
    return uow.rounds.scoring_round(setup)


def _sheets_in(uow: ScoringUnitOfWork, setup: RoundSetup) -> int:
    if not _ready(setup):
        return 0
    return len(uow.rounds.scoring_round(setup).submitted_sheets())


def _ready(setup: RoundSetup) -> bool:
    return setup.panel is not None and bool(setup.shortlist) and bool(setup.competencies)


def _setup(uow: ScoringUnitOfWork, vacancy_id: str, *, lock: bool = False) -> RoundSetup:
    setup = uow.rounds.setup(vacancy_id, lock=lock)
    if setup is None:
        raise UnknownVacancy(vacancy_id)
    return setup


def _declared(declaration: Declaration | None) -> dict[str, Any] | None:
    if declaration is None:
        return None
    return {"conflict": declaration.conflict, "note": declaration.note}
