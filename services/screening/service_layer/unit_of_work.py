"""Screening's unit of work: the shared SQLAlchemy one with screening's repositories on it."""

from __future__ import annotations

from services.screening.adapters.panel_repository import PanelRepository
from services.screening.adapters.repositories import ApplicationRepository, VacancyRepository
from services.screening.adapters.tables import AUDIT, MESSAGING
from shared.unit_of_work import SqlAlchemyUnitOfWork


class ScreeningUnitOfWork(SqlAlchemyUnitOfWork):
    vacancies: VacancyRepository
    applications: ApplicationRepository
    panels: PanelRepository

    def __init__(self, session_factory) -> None:  # noqa: ANN001
        super().__init__(session_factory, "screening", MESSAGING, AUDIT)

    def _open(self, session) -> None:  # noqa: ANN001
        self.vacancies = VacancyRepository(session)
        self.applications = ApplicationRepository(session)
        self.panels = PanelRepository(session)
