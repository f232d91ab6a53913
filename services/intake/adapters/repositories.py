"""Intake's repositories: translate between its domain values and its tables."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.intake.adapters.tables import applications, cv_readings, reread_jobs, vacancies
from services.intake.domain.applications import Application, Stage, StoredCv, VacancyListing
from services.intake.domain.rereading import RereadJob

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

    def for_vacancy(self, vacancy_id: str, stage: Stage | None = None) -> list[Application]:
        query = sa.select(applications).where(applications.c.vacancy_id == vacancy_id)
        if stage is not None:
            query = query.where(applications.c.stage == stage.value)
        rows = self.session.execute(query.order_by(applications.c.received_at)).all()
        return [_from_row(row._mapping) for row in rows]

    def ids_to_reread(self, vacancy_id: str, parser_version: str, everything: bool) -> list[str]:
        """The vacancy's applications last read by another parser version (or all of them)."""
        latest = (
            sa.select(cv_readings.c.application_id, sa.func.max(cv_readings.c.id).label("id"))
            .group_by(cv_readings.c.application_id)
            .subquery()
        )
        query = (
            sa.select(applications.c.id)
            .select_from(
                applications.outerjoin(
                    latest, latest.c.application_id == applications.c.id
                ).outerjoin(cv_readings, cv_readings.c.id == latest.c.id)
            )
            .where(applications.c.vacancy_id == vacancy_id)
            .order_by(applications.c.received_at)
        )
        if not everything:
            query = query.where(
                sa.or_(
                    cv_readings.c.parser_version.is_(None),
                    cv_readings.c.parser_version != parser_version,
                )
            )
        return list(self.session.execute(query).scalars())

    def latest_reading(self, application_id: str) -> dict[str, Any] | None:
        row = self.session.execute(
            sa.select(cv_readings)
            .where(cv_readings.c.application_id == application_id)
            .order_by(cv_readings.c.id.desc())
            .limit(1)
        ).first()
        return dict(row._mapping) if row else None


class RereadJobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, job: RereadJob) -> None:
        self.session.execute(reread_jobs.insert().values(asdict(job)))

    def get(self, job_id: str, *, lock: bool = False) -> RereadJob | None:
        query = sa.select(reread_jobs).where(reread_jobs.c.id == job_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return RereadJob(**row._mapping) if row else None

    def update(self, job: RereadJob) -> None:
        self.session.execute(
            reread_jobs.update().where(reread_jobs.c.id == job.id).values(asdict(job))
        )

    def for_vacancy(self, vacancy_id: str) -> list[RereadJob]:
        rows = self.session.execute(
            sa.select(reread_jobs)
            .where(reread_jobs.c.vacancy_id == vacancy_id)
            .order_by(reread_jobs.c.requested_at.desc())
        ).all()
        return [RereadJob(**row._mapping) for row in rows]


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
