"""How far intake is with reading a vacancy's CVs, asked by the secretariat's applicants
list while it waits (the page polls a fragment that calls `reading_progress`).

Intake owns this knowledge: which applications are received but not read yet, and which
re-read batches are still running. An unknown vacancy is `UnknownVacancy`.
"""

from __future__ import annotations

from services.intake.domain.reading_progress import ReadingProgress
from services.intake.service_layer.services import UnknownVacancy
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork

__all__ = ["ReadingProgress", "UnknownVacancy", "reading_progress"]


def reading_progress(uow: IntakeUnitOfWork, vacancy_id: str) -> ReadingProgress:
    with uow:
        if uow.vacancies.get(vacancy_id) is None:
            raise UnknownVacancy(vacancy_id)
        unread, total = uow.applications.reading_counts(vacancy_id)
        return ReadingProgress.of(unread, total, uow.reread_jobs.for_vacancy(vacancy_id))
