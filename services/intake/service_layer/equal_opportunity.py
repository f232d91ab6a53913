"""The equal-opportunity counts of a vacancy's applicant pool, the only use of diversity data.

`diversity_of_vacancy()` counts the voluntary answers of a vacancy's applicants (drafts
never submitted are not applicants), at one stage or at all, and suppresses every group
of fewer than five people (`domain.diversity.aggregate`). No screening or panel endpoint
calls it; it is for the equal-opportunity reports.
"""

from __future__ import annotations

from services.intake.domain.applications import Stage
from services.intake.domain.diversity import DiversityAggregate, aggregate
from services.intake.service_layer.services import UnknownVacancy
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork


def diversity_of_vacancy(
    uow: IntakeUnitOfWork, vacancy_id: str, stage: Stage | None = None
) -> DiversityAggregate:
    with uow:
        if uow.vacancies.get(vacancy_id) is None:
            raise UnknownVacancy(vacancy_id)
        answers = uow.diversity.answers(vacancy_id, stage)
        return aggregate(vacancy_id, stage.value if stage else None, answers)
