"""Screening's use cases: define and publish vacancies, screen CVs, build the lists.

`screen_cv` judges every criterion of the vacancy's published version for the profile
intake read, and proposes: long list, needs review, or not eligible. A CV that intake
could not read is not judged at all: every verdict is unclear and a person looks at it.
The machine never rejects: the proposal is only a proposal, and every move onto a list
is the secretariat's, recorded with who made it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from services.screening.domain.matching import PositionTagger, TaggerFactory
from services.screening.domain.screening import screen
from services.screening.domain.vacancies import (
    ListStage,
    ScreenedApplication,
    Vacancy,
    VacancyStatus,
)
from services.screening.service_layer.unit_of_work import ScreeningUnitOfWork
from shared.messaging.events import CANDIDATE_SHORTLISTED, SCREENING_COMPLETED, VACANCY_PUBLISHED

SYSTEM = "system:screening"


class UnknownVacancy(LookupError):
    pass


class UnknownApplication(LookupError):
    pass


class VacancyNotPublished(LookupError):
    """A CV arrived for a vacancy with no published version (yet): worth retrying."""


def create_vacancy(
    uow: ScreeningUnitOfWork,
    actor: str,
    *,
    reference: str,
    title: str,
    tor_text: str,
    criteria: Mapping[str, Any],
    competencies: list[Mapping[str, Any]],
    closing_date: date | None,
    contact_email: str,
) -> Vacancy:
    vacancy = Vacancy.draft(
        reference, title, tor_text, criteria, competencies, closing_date, contact_email
    )
    with uow:
        uow.vacancies.add(vacancy)
        uow.record(actor, "vacancy.created", "vacancy", vacancy.id, after={"title": title})
        uow.commit()
    return vacancy


def publish_vacancy(uow: ScreeningUnitOfWork, actor: str, vacancy_id: str) -> Vacancy:
    with uow:
        vacancy = _vacancy(uow, vacancy_id)
        published = vacancy.published(datetime.now(UTC))
        uow.vacancies.update(published)
        uow.emit(
            VACANCY_PUBLISHED,
            {
                "vacancy_id": published.id,
                "reference": published.reference,
                "title": published.title,
                "tor_text": published.tor_text,
                "closing_date": published.closing_date,
                "contact_email": published.contact_email,
                "criteria_version": published.version,
                "competencies": list(published.competencies),
            },
        )
        uow.record(
            actor,
            "vacancy.published",
            "vacancy",
            vacancy_id,
            before={"status": vacancy.status.value, "version": vacancy.version},
            after={"status": published.status.value, "version": published.version},
        )
        uow.commit()
        return published


def screen_cv(
    uow: ScreeningUnitOfWork,
    payload: Mapping[str, Any],
    *,
    tagger_for: TaggerFactory = PositionTagger.for_vacancy,
) -> ScreenedApplication:
    now = datetime.now(UTC)
    with uow:
        vacancy = _vacancy(uow, payload["vacancy_id"])
        if vacancy.status is not VacancyStatus.PUBLISHED:
            raise VacancyNotPublished(vacancy.id)
        application = uow.applications.get(payload["application_id"]) or ScreenedApplication(
            application_id=payload["application_id"],
            vacancy_id=vacancy.id,
            candidate_name=payload["candidate_name"],
            profile=payload["profile"],
        )
        application = application.with_profile(
            payload["profile"], payload["needs_attention"], payload["attention_reason"]
        )
        proposal, verdicts = _judge(vacancy, application, now.date(), tagger_for)
        screened = application.screened(vacancy.version, proposal, verdicts, now)
        uow.applications.save(screened)
        uow.applications.record_screening(screened, payload["parser_version"])
        uow.emit(
            SCREENING_COMPLETED,
            {
                "application_id": screened.application_id,
                "vacancy_id": vacancy.id,
                "criteria_version": vacancy.version,
                "parser_version": payload["parser_version"],
                "proposal": proposal,
                "verdicts": verdicts,
            },
        )
        uow.record(
            SYSTEM,
            "application.screened",
            "application",
            screened.application_id,
            after={"criteria_version": vacancy.version, "proposal": proposal},
        )
        uow.commit()
        return screened


def move_to_list(
    uow: ScreeningUnitOfWork, actor: str, application_id: str, stage: ListStage
) -> ScreenedApplication:
    with uow:
        application = uow.applications.get(application_id)
        if application is None:
            raise UnknownApplication(application_id)
        moved = application.moved_to(stage)
        uow.applications.save(moved)
        if stage is ListStage.SHORT_LIST and application.list_stage is not stage:
            uow.emit(
                CANDIDATE_SHORTLISTED,
                {
                    "application_id": application_id,
                    "vacancy_id": application.vacancy_id,
                    "candidate_name": application.candidate_name,
                    "shortlisted_by": actor,
                },
            )
        uow.record(
            actor,
            "application.list",
            "application",
            application_id,
            before={"list_stage": application.list_stage.value},
            after={"list_stage": stage.value},
        )
        uow.commit()
        return moved


def vacancies(uow: ScreeningUnitOfWork) -> list[Vacancy]:
    with uow:
        return uow.vacancies.list()


def vacancy(uow: ScreeningUnitOfWork, vacancy_id: str) -> Vacancy:
    with uow:
        return _vacancy(uow, vacancy_id)


def applications(uow: ScreeningUnitOfWork, vacancy_id: str) -> list[ScreenedApplication]:
    with uow:
        _vacancy(uow, vacancy_id)
        return uow.applications.for_vacancy(vacancy_id)


def application(uow: ScreeningUnitOfWork, application_id: str) -> ScreenedApplication:
    with uow:
        found = uow.applications.get(application_id)
        if found is None:
            raise UnknownApplication(application_id)
        return found


def screening_history(uow: ScreeningUnitOfWork, application_id: str) -> list[dict[str, Any]]:
    """Every screening of the application, oldest first (criteria and parser versions)."""
    with uow:
        if uow.applications.get(application_id) is None:
            raise UnknownApplication(application_id)
        return uow.applications.history(application_id)


def _judge(
    vacancy: Vacancy, application: ScreenedApplication, today: date, tagger_for: TaggerFactory
) -> tuple[str, list[dict[str, Any]]]:
    criteria = vacancy.parsed_criteria()
    if application.needs_attention:
        reason = application.attention_reason or "the CV could not be read"
        verdicts = [
            {
                "criterion_id": c.id,
                "mandatory": c.mandatory,
                "verdict": "unclear",
                "figure": f"Not judged: {reason}",
                "evidence": [],
            }
            for c in criteria.criteria
        ]
        return "needs_review", verdicts
    result = screen(
        application.profile,
        criteria,
        tagger_for(criteria),
        reference_month=vacancy.reference_month(today),
    )
    verdicts = [
        {
            "criterion_id": a.criterion_id,
            "mandatory": a.mandatory,
            "verdict": a.verdict,
            "figure": a.figure,
            "evidence": list(a.evidence),
            "passages": [passage.as_dict() for passage in a.passages],
            "positions": list(a.positions),
            "education": list(a.education),
            "months": a.months,
        }
        for a in result.assessments
    ]
    return result.proposal, verdicts


def _vacancy(uow: ScreeningUnitOfWork, vacancy_id: str) -> Vacancy:
    found = uow.vacancies.get(vacancy_id)
    if found is None:
        raise UnknownVacancy(vacancy_id)
    return found
