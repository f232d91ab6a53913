"""Intake's use cases that follow scoring's news after the short list, for the candidate.

`record_slots_proposed` keeps the candidate's private link to pick an interview time,
`record_interview` the interview as it now stands after a booking, a move or a
cancellation, and `record_panel_decision` each candidate's outcome (never the reason).
A withdrawn (or erased) application, or one intake does not know, ignores them; news
that changes nothing (the same event again, or a stale one) writes nothing, not even an
audit entry. Since scoring only invites and decides on shortlisted candidates, news that
overtakes `candidate.shortlisted` moves the application to the short list itself.
`after_shortlist` is what the status page and the candidate's JSON status read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from services.intake.domain.applications import Application, Stage
from services.intake.domain.interview import AfterShortlist, Interview, Outcome
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork

SCORING = "system:scoring"
CANCELLED = "interview.cancelled"


def record_slots_proposed(
    uow: IntakeUnitOfWork, application_id: str, picking_url: str, proposed_at: datetime
) -> bool:
    """Keep the link to pick an interview time; True if the candidate's page changed."""
    with uow:
        changed = _change(
            uow,
            application_id,
            lambda news: news.slots_proposed(picking_url, proposed_at),
            "interview.slots_proposed",
            lambda news: {"picking_link": news.picking_url is not None},
        )
        uow.commit()
        return changed


def record_interview(uow: IntakeUnitOfWork, event_name: str, payload: Mapping[str, Any]) -> bool:
    """Follow an `interview.scheduled`, `.rescheduled` or `.cancelled` (an `InterviewV1`)."""
    interview = None
    if event_name != CANCELLED:
        interview = Interview.of(
            payload["starts_at"],
            payload["time_zone"],
            payload["duration_minutes"],
            payload.get("location"),
        )
    sequence = payload["sequence"]
    with uow:
        changed = _change(
            uow,
            payload["application_id"],
            lambda news: news.interview_changed(interview, sequence),
            event_name,
            _audit_interview,
        )
        uow.commit()
        return changed


def record_panel_decision(
    uow: IntakeUnitOfWork, decisions: Iterable[Mapping[str, Any]], decided_at: datetime
) -> int:
    """Keep each candidate's outcome (the panel's reasons are left out); how many changed."""
    changed = 0
    with uow:
        for decision in decisions:
            outcome = Outcome(decision["outcome"])
            changed += _change(
                uow,
                decision["application_id"],
                lambda news, outcome=outcome: news.decided(outcome, decided_at),
                "panel.decided",
                lambda news: {"outcome": news.outcome.value if news.outcome else None},
            )
        uow.commit()
    return changed


def after_shortlist(uow: IntakeUnitOfWork, application: Application) -> AfterShortlist | None:
    """What the candidate is told of their interview and outcome (None: nothing, or
    nothing any more since they withdrew)."""
    if application.is_withdrawn:
        return None
    with uow:
        return uow.interviews.get(application.id)


def _change(
    uow: IntakeUnitOfWork,
    application_id: str,
    change: Callable[[AfterShortlist], AfterShortlist],
    action: str,
    audited: Callable[[AfterShortlist], dict[str, Any]],
) -> bool:
    """Apply `change` to the application's news unless withdrawn or unknown (not committed)."""
    application = uow.applications.get(application_id, lock=True)
    if application is None or application.is_withdrawn:
        return False
    before = uow.interviews.get(application_id) or AfterShortlist(application_id)
    after = change(before)
    if after == before:
        return False
    uow.interviews.save(after)
    uow.record(
        SCORING, action, "application", application_id, before=audited(before), after=audited(after)
    )
    shortlisted = application.moved_to(Stage.SHORTLISTED)
    if shortlisted.stage != application.stage:
        uow.applications.update(shortlisted)
        uow.record(
            SCORING,
            "application.stage",
            "application",
            application_id,
            before={"stage": application.stage.value},
            after={"stage": Stage.SHORTLISTED.value},
        )
    return True


def _audit_interview(news: AfterShortlist) -> dict[str, Any]:
    interview = news.interview
    return {
        "sequence": news.interview_sequence,
        "starts_at": interview.starts_at.isoformat() if interview else None,
        "time_zone": interview.time_zone if interview else None,
        "duration_minutes": interview.duration_minutes if interview else None,
    }
