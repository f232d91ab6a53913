"""Notify's unit of work: the shared SQLAlchemy one with notify's repositories on it."""

from __future__ import annotations

from services.notify.adapters.candidates import CandidateContactRepository
from services.notify.adapters.repositories import DeliveryRepository, VacancyContactRepository
from services.notify.adapters.tables import AUDIT, MESSAGING
from shared.unit_of_work import SqlAlchemyUnitOfWork


class NotifyUnitOfWork(SqlAlchemyUnitOfWork):
    contacts: VacancyContactRepository
    deliveries: DeliveryRepository
    candidates: CandidateContactRepository

    def __init__(self, session_factory) -> None:  # noqa: ANN001
        super().__init__(session_factory, "notify", MESSAGING, AUDIT)

    def _open(self, session) -> None:  # noqa: ANN001
        self.contacts = VacancyContactRepository(session)
        self.deliveries = DeliveryRepository(session)
        self.candidates = CandidateContactRepository(session)
