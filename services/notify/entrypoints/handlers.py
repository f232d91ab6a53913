"""Notify's event handlers: which use case each event it consumes calls.

A candidate is acknowledged when the application is submitted (`application.submitted`:
at upload, or when a draft's candidate confirmed the profile read from the CV), not when
it is received. An `application.received` acknowledges only when it comes from an intake
that did not yet announce submissions (its payload has no `draft` flag).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from services.notify.domain.interview_messages import Change
from services.notify.service_layer import interviews, services
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import Envelope

if TYPE_CHECKING:
    from services.notify.bootstrap import NotifyRuntime


def for_runtime(runtime: NotifyRuntime) -> Mapping[str, Handler]:
    sender = runtime.settings.mail_from

    def vacancy_published(uow: NotifyUnitOfWork, event: Envelope) -> None:
        services.record_vacancy_contact(uow, dict(event.payload))

    def application_received(uow: NotifyUnitOfWork, event: Envelope) -> None:
        interviews.remember_candidate(uow, dict(event.payload))
        if event.payload.get("draft") is None:
            services.acknowledge_application(uow, dict(event.payload), event.id, sender)

    def application_submitted(uow: NotifyUnitOfWork, event: Envelope) -> None:
        interviews.remember_candidate(uow, dict(event.payload))
        services.acknowledge_application(uow, dict(event.payload), event.id, sender)

    def panel_completed(uow: NotifyUnitOfWork, event: Envelope) -> None:
        services.report_panel_completed(uow, dict(event.payload), event.id, sender)

    def candidate_erased(uow: NotifyUnitOfWork, event: Envelope) -> None:
        services.erase_candidate(uow, dict(event.payload), runtime.mail_archive())
        interviews.forget_candidate(uow, dict(event.payload))

    def slots_proposed(uow: NotifyUnitOfWork, event: Envelope) -> None:
        interviews.send_picking_link(uow, dict(event.payload), sender)

    def interview(change: Change) -> Handler:
        def handle(uow: NotifyUnitOfWork, event: Envelope) -> None:
            interviews.send_interview(uow, dict(event.payload), change, sender)

        return handle

    def panel_decided(uow: NotifyUnitOfWork, event: Envelope) -> None:
        interviews.send_decision(uow, dict(event.payload), sender)

    return {
        "vacancy.published": vacancy_published,
        "application.received": application_received,
        "application.submitted": application_submitted,
        "panel.completed": panel_completed,
        "candidate.erased": candidate_erased,
        "slots.proposed": slots_proposed,
        "interview.scheduled": interview(Change.SCHEDULED),
        "interview.rescheduled": interview(Change.RESCHEDULED),
        "interview.cancelled": interview(Change.CANCELLED),
        "panel.decided": panel_decided,
    }
