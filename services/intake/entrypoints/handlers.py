"""Intake's event handlers: which use case each event it consumes calls.

Scoring's interview and decision events only feed the candidate's status page
(`interviews`); withdrawn and erased applications ignore them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from services.intake.domain.applications import Stage
from services.intake.service_layer import erasure, interviews, services
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import Envelope

if TYPE_CHECKING:
    from services.intake.bootstrap import IntakeRuntime


def for_runtime(runtime: IntakeRuntime) -> Mapping[str, Handler]:
    def vacancy_published(uow: IntakeUnitOfWork, event: Envelope) -> None:
        services.record_vacancy_published(uow, dict(event.payload))

    def application_received(uow: IntakeUnitOfWork, event: Envelope) -> None:
        # a CV erased before it was read is not read: its file is gone
        if erasure.erased_at(uow, event.payload["application_id"]) is None:
            services.read_cv(uow, runtime.store, runtime.reader, event.payload["application_id"])

    def cv_replaced(uow: IntakeUnitOfWork, event: Envelope) -> None:
        if erasure.erased_at(uow, event.payload["application_id"]) is None:
            services.read_cv(uow, runtime.store, runtime.reader, event.payload["application_id"])

    def cv_reread_requested(uow: IntakeUnitOfWork, event: Envelope) -> None:
        payload = event.payload
        services.reread_cv(
            uow, runtime.store, runtime.reader, payload["application_id"], payload["job_id"]
        )

    def screening_completed(uow: IntakeUnitOfWork, event: Envelope) -> None:
        services.move_to_stage(
            uow, event.payload["application_id"], Stage.UNDER_REVIEW, "system:screening"
        )

    def candidate_shortlisted(uow: IntakeUnitOfWork, event: Envelope) -> None:
        services.move_to_stage(
            uow, event.payload["application_id"], Stage.SHORTLISTED, event.payload["shortlisted_by"]
        )

    def slots_proposed(uow: IntakeUnitOfWork, event: Envelope) -> None:
        payload = event.payload
        interviews.record_slots_proposed(
            uow, payload["application_id"], payload["picking_url"], payload["proposed_at"]
        )

    def interview_changed(uow: IntakeUnitOfWork, event: Envelope) -> None:
        interviews.record_interview(uow, event.name, event.payload)

    def panel_decided(uow: IntakeUnitOfWork, event: Envelope) -> None:
        interviews.record_panel_decision(
            uow, event.payload["decisions"], event.payload["decided_at"]
        )

    return {
        "vacancy.published": vacancy_published,
        "application.received": application_received,
        "cv.reread.requested": cv_reread_requested,
        "cv.replaced": cv_replaced,
        "screening.completed": screening_completed,
        "candidate.shortlisted": candidate_shortlisted,
        "slots.proposed": slots_proposed,
        "interview.scheduled": interview_changed,
        "interview.rescheduled": interview_changed,
        "interview.cancelled": interview_changed,
        "panel.decided": panel_decided,
    }
