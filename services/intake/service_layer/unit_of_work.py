"""Intake's unit of work: the shared SQLAlchemy one with intake's repositories on it."""

from __future__ import annotations

from services.intake.adapters.repositories import (
    ApplicationRepository,
    DiversityRepository,
    InterviewRepository,
    RereadJobRepository,
    VacancyRepository,
)
from services.intake.adapters.tables import AUDIT, MESSAGING
from shared.unit_of_work import SqlAlchemyUnitOfWork


class IntakeUnitOfWork(SqlAlchemyUnitOfWork):
    vacancies: VacancyRepository
    applications: ApplicationRepository
    reread_jobs: RereadJobRepository
    diversity: DiversityRepository
    interviews: InterviewRepository

    def __init__(self, session_factory) -> None:  # noqa: ANN001
        super().__init__(session_factory, "intake", MESSAGING, AUDIT)

    def _open(self, session) -> None:  # noqa: ANN001
        self.vacancies = VacancyRepository(session)
        self.applications = ApplicationRepository(session)
        self.reread_jobs = RereadJobRepository(session)
        self.diversity = DiversityRepository(session)
        self.interviews = InterviewRepository(session)
