"""Screening's repositories: vacancies and screened applications."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.screening.adapters.tables import applications, screenings, vacancies
from services.screening.domain.vacancies import (
    ListStage,
    ScreenedApplication,
    Vacancy,
    VacancyStatus,
)


class VacancyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, vacancy: Vacancy) -> None:
        self.session.execute(vacancies.insert().values(_vacancy_row(vacancy)))

    def update(self, vacancy: Vacancy) -> None:
        self.session.execute(
            vacancies.update().where(vacancies.c.id == vacancy.id).values(_vacancy_row(vacancy))
        )

    def get(self, vacancy_id: str) -> Vacancy | None:
        row = self.session.execute(sa.select(vacancies).where(vacancies.c.id == vacancy_id)).first()
        return _vacancy(row._mapping) if row else None

    def list(self) -> list[Vacancy]:
        rows = self.session.execute(sa.select(vacancies).order_by(vacancies.c.reference)).all()
        return [_vacancy(row._mapping) for row in rows]


class ApplicationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, application: ScreenedApplication) -> None:
        row = _application_row(application)
        if self.get(application.application_id):
            self.session.execute(
                applications.update()
                .where(applications.c.application_id == application.application_id)
                .values(row)
            )
        else:
            self.session.execute(applications.insert().values(row))

    def get(self, application_id: str) -> ScreenedApplication | None:
        row = self.session.execute(
            sa.select(applications).where(applications.c.application_id == application_id)
        ).first()
        return _application(row._mapping) if row else None

    def record_screening(
        self, application: ScreenedApplication, parser_version: str | None
    ) -> None:
        """Keep this screening beside the earlier ones of the application."""
        self.session.execute(
            screenings.insert().values(
                application_id=application.application_id,
                criteria_version=application.criteria_version,
                parser_version=parser_version,
                proposal=application.proposal,
                verdicts=[dict(v) for v in application.verdicts],
                screened_at=application.screened_at,
            )
        )

    def history(self, application_id: str) -> list[dict[str, Any]]:
        rows = self.session.execute(
            sa.select(screenings)
            .where(screenings.c.application_id == application_id)
            .order_by(screenings.c.id)
        ).all()
        return [dict(row._mapping) for row in rows]

    def for_vacancy(self, vacancy_id: str) -> list[ScreenedApplication]:
        rows = self.session.execute(
            sa.select(applications)
            .where(applications.c.vacancy_id == vacancy_id)
            .order_by(applications.c.candidate_name)
        ).all()
        return [_application(row._mapping) for row in rows]


def _vacancy_row(vacancy: Vacancy) -> dict[str, Any]:
    row = asdict(vacancy)
    row["competencies"] = [dict(c) for c in vacancy.competencies]
    row["criteria"] = dict(vacancy.criteria)
    row["status"] = vacancy.status.value
    return row


def _vacancy(row: Any) -> Vacancy:
    values = dict(row)
    values["status"] = VacancyStatus(values["status"])
    values["competencies"] = tuple(values["competencies"])
    return Vacancy(**values)


def _application_row(application: ScreenedApplication) -> dict[str, Any]:
    row = asdict(application)
    row["verdicts"] = [dict(v) for v in application.verdicts]
    row["profile"] = dict(application.profile)
    row["list_stage"] = application.list_stage.value
    return row


def _application(row: Any) -> ScreenedApplication:
    values = dict(row)
    values["list_stage"] = ListStage(values["list_stage"])
    values["verdicts"] = tuple(values["verdicts"])
    return ScreenedApplication(**values)
