"""Intake's repositories: translate between its domain values and its tables."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.intake.adapters.tables import applications, cv_readings, vacancies
from services.intake.domain.applications import Application, Stage, StoredCv, VacancyListing

if TYPE_CHECKING:
    from services.intake.service_layer.services import CvReading


class VacancyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, vacancy_id: str) -> VacancyListing | None:
        row = self.session.execute(sa.select(vacancies).where(vacancies.c.id == vacancy_id)).first()
        return VacancyListing(**row._mapping) if row else None

    def save(self, vacancy: VacancyListing) -> None:
        values = asdict(vacancy)
        if self.get(vacancy.id):
            self.session.execute(
                vacancies.update().where(vacancies.c.id == vacancy.id).values(values)
            )
        else:
            self.session.execute(vacancies.insert().values(values))

    def list_open(self, today: Any) -> list[VacancyListing]:
        rows = self.session.execute(
            sa.select(vacancies)
            .where(sa.or_(vacancies.c.closing_date.is_(None), vacancies.c.closing_date >= today))
            .order_by(vacancies.c.closing_date)
        ).all()
        return [VacancyListing(**row._mapping) for row in rows]


class ApplicationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, application: Application) -> None:
        self.session.execute(applications.insert().values(_to_row(application)))

    def update(self, application: Application) -> None:
        self.session.execute(
            applications.update()
            .where(applications.c.id == application.id)
            .values(_to_row(application))
        )

    def get(self, application_id: str) -> Application | None:
        row = self.session.execute(
            sa.select(applications).where(applications.c.id == application_id)
        ).first()
        return _from_row(row._mapping) if row else None

    def find_by_email(self, vacancy_id: str, email: str) -> Application | None:
        row = self.session.execute(
            sa.select(applications).where(
                applications.c.vacancy_id == vacancy_id, applications.c.candidate_email == email
            )
        ).first()
        return _from_row(row._mapping) if row else None

    def record_reading(self, application_id: str, reading: CvReading) -> None:
        """Keep this reading beside the earlier ones (a new parser version adds, never replaces)."""
        self.session.execute(
            cv_readings.insert().values(
                application_id=application_id,
                parser_version=reading.parser_version,
                text=reading.text,
                pages=list(reading.pages),
                profile=reading.profile,
                method=reading.method,
                notes=list(reading.notes),
                attention_reason=reading.attention_reason,
                read_at=datetime.now(UTC),
            )
        )

    def latest_reading(self, application_id: str) -> dict[str, Any] | None:
        row = self.session.execute(
            sa.select(cv_readings)
            .where(cv_readings.c.application_id == application_id)
            .order_by(cv_readings.c.id.desc())
            .limit(1)
        ).first()
        return dict(row._mapping) if row else None


def _to_row(application: Application) -> dict[str, Any]:
    return {
        "id": application.id,
        "vacancy_id": application.vacancy_id,
        "candidate_name": application.candidate_name,
        "candidate_email": application.candidate_email,
        "consent_given_at": application.consent_given_at,
        "received_at": application.received_at,
        "stage": application.stage.value,
        "attention_reason": application.attention_reason,
        "cv_filename": application.cv.filename,
        "cv_path": application.cv.path,
        "cv_sha256": application.cv.sha256,
        "cv_size": application.cv.size,
        "cv_kind": application.cv.kind,
    }


def _from_row(row: Any) -> Application:
    return Application(
        id=row["id"],
        vacancy_id=row["vacancy_id"],
        candidate_name=row["candidate_name"],
        candidate_email=row["candidate_email"],
        consent_given_at=row["consent_given_at"],
        received_at=row["received_at"],
        stage=Stage(row["stage"]),
        attention_reason=row["attention_reason"],
        cv=StoredCv(
            filename=row["cv_filename"],
            path=row["cv_path"],
            sha256=row["cv_sha256"],
            size=row["cv_size"],
            kind=row["cv_kind"],
        ),
    )
