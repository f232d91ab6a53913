"""Screening's event handlers: which use case each event it consumes calls.

Besides the CVs intake read, screening consumes its own `screening.rescreen.requested`:
one batch of a re-screen job per message, so that a re-screen of thousands of
applications runs off the request path and survives a restart half-way. A candidate's
withdrawal and erasure (`application.withdrawn`, `candidate.erased`) are in `erasure`;
scoring's `panel.appointed` (who may see the long list) in `panel_review`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from services.screening.service_layer import erasure, panel_review, services
from services.screening.service_layer.unit_of_work import ScreeningUnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import Envelope

if TYPE_CHECKING:
    from services.screening.bootstrap import ScreeningRuntime


def for_runtime(runtime: ScreeningRuntime) -> Mapping[str, Handler]:
    def cv_parsed(uow: ScreeningUnitOfWork, event: Envelope) -> None:
        # a CV read before its candidate's erasure is not screened (again)
        if not erasure.is_erased(uow, event.payload):
            services.screen_cv(uow, event.payload, tagger_for=runtime.tagger_for)

    def rescreen_requested(uow: ScreeningUnitOfWork, event: Envelope) -> None:
        services.rescreen_batch(uow, event.payload, tagger_for=runtime.tagger_for)

    def candidate_erased(uow: ScreeningUnitOfWork, event: Envelope) -> None:
        erasure.erase_candidate(uow, event.payload)

    def application_withdrawn(uow: ScreeningUnitOfWork, event: Envelope) -> None:
        erasure.record_withdrawal(uow, event.payload)

    def panel_appointed(uow: ScreeningUnitOfWork, event: Envelope) -> None:
        panel_review.record_panel_appointed(uow, event.payload)

    return {
        "cv.parsed": cv_parsed,
        "screening.rescreen.requested": rescreen_requested,
        "candidate.erased": candidate_erased,
        "application.withdrawn": application_withdrawn,
        "panel.appointed": panel_appointed,
    }
