"""Scoring's event handlers: which use case each event it consumes calls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from services.scoring.service_layer import services
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import Envelope

if TYPE_CHECKING:
    from services.scoring.bootstrap import ScoringRuntime


def for_runtime(runtime: ScoringRuntime) -> Mapping[str, Handler]:
    def vacancy_published(uow: ScoringUnitOfWork, event: Envelope) -> None:
        services.record_vacancy(uow, event.payload)

    def candidate_shortlisted(uow: ScoringUnitOfWork, event: Envelope) -> None:
        services.record_shortlisted(uow, event.payload)

    def candidate_erased(uow: ScoringUnitOfWork, event: Envelope) -> None:
        services.erase_candidate(uow, event.payload)

    return {
        "vacancy.published": vacancy_published,
        "candidate.shortlisted": candidate_shortlisted,
        "candidate.erased": candidate_erased,
    }
