"""Intake's repositories: translate between its domain values and its tables.

`DiversityRepository` is the only reader of the diversity answers, and it gives them out
without the application they belong to: as the answers of a vacancy's applications at a
stage, for counting.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.intake.adapters.tables import (
    MESSAGING,
    applications,
    cv_readings,
    diversity_answers,
    interviews,
    profile_reviews,
    replaced_cvs,
    reread_jobs,
    vacancies,
)
from services.intake.domain.applications import (
    Application,
    ReplacedCv,
    Stage,
    StoredCv,
    VacancyListing,
)
from services.intake.domain.diversity import DiversityAnswers
from services.intake.domain.interview import AfterShortlist, Interview, Outcome
from services.intake.domain.profile_review import ProfileChange, ProfileReview
from services.intake.domain.rereading import RereadJob
from shared.db import stored_utc
from shared.messaging.outbox import erase_from_outbox

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

    def get(self, application_id: str, *, lock: bool = False) -> Application | None:
        query = sa.select(applications).where(applications.c.id == application_id)
        row = self.session.execute(query.with_for_update() if lock else query).first()
        return _from_row(row._mapping) if row else None

    def find_by_email(self, vacancy_id: str, email: str) -> Application | None:
        row = self.session.execute(
            sa.select(applications).where(
                applications.c.vacancy_id == vacancy_id, applications.c.candidate_email == email
            )
        ).first()
        return _from_row(row._mapping) if row else None

    def find_by_cv(self, vacancy_id: str, sha256: str) -> str | None:
        """The id of the vacancy's application that holds (or held) a CV with these bytes."""
        current = sa.select(applications.c.id).where(
            applications.c.vacancy_id == vacancy_id, applications.c.cv_sha256 == sha256
        )
        found = self.session.execute(current.limit(1)).scalar()
        if found is None:
            earlier = sa.select(replaced_cvs.c.application_id).where(
                replaced_cvs.c.vacancy_id == vacancy_id, replaced_cvs.c.sha256 == sha256
            )
            found = self.session.execute(earlier.limit(1)).scalar()
        return found

    def awaiting_confirmation(self, vacancy_id: str) -> list[Application]:
        rows = self.session.execute(
            sa.select(applications)
            .where(
                applications.c.vacancy_id == vacancy_id,
                applications.c.awaiting_confirmation.is_(True),
            )
            .order_by(applications.c.received_at)
        ).all()
        return [_from_row(row._mapping) for row in rows]

    def add_replaced_cv(self, replaced: ReplacedCv) -> None:
        cv = replaced.cv
        self.session.execute(
            replaced_cvs.insert().values(
                application_id=replaced.application_id,
                vacancy_id=replaced.vacancy_id,
                filename=cv.filename,
                path=cv.path,
                sha256=cv.sha256,
                size=cv.size,
                kind=cv.kind,
                replaced_at=replaced.replaced_at,
            )
        )

    def replaced_cvs(self, application_id: str) -> list[ReplacedCv]:
        rows = self.session.execute(
            sa.select(replaced_cvs)
            .where(replaced_cvs.c.application_id == application_id)
            .order_by(replaced_cvs.c.id)
        ).all()
        return [
            ReplacedCv(
                application_id=row.application_id,
                vacancy_id=row.vacancy_id,
                cv=StoredCv(row.filename, row.path, row.sha256, row.size, row.kind),
                replaced_at=stored_utc(row.replaced_at),
            )
            for row in rows
        ]

    def add_review(self, review: ProfileReview) -> None:
        self.session.execute(
            profile_reviews.insert().values(
                application_id=review.application_id,
                reading_id=review.reading_id,
                cv_sha256=review.cv_sha256,
                profile_as_read=review.profile_as_read,
                profile_confirmed=review.profile_confirmed,
                changes=[change.to_dict() for change in review.changes],
                confirmed_by=review.confirmed_by,
                confirmed_at=review.confirmed_at,
                note=review.note,
            )
        )

    def latest_review(self, application_id: str) -> ProfileReview | None:
        row = self.session.execute(
            sa.select(profile_reviews)
            .where(profile_reviews.c.application_id == application_id)
            .order_by(profile_reviews.c.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return ProfileReview(
            application_id=row.application_id,
            reading_id=row.reading_id,
            cv_sha256=row.cv_sha256,
            profile_as_read=row.profile_as_read,
            profile_confirmed=row.profile_confirmed,
            changes=tuple(ProfileChange.from_dict(change) for change in row.changes),
            confirmed_by=row.confirmed_by,
            confirmed_at=stored_utc(row.confirmed_at),
            note=row.note,
        )

    def record_reading(
        self, application_id: str, reading: CvReading, cv_sha256: str | None = None
    ) -> None:
        """Keep this reading beside the earlier ones (a new parser version adds, never replaces)."""
        self.session.execute(
            cv_readings.insert().values(
                application_id=application_id,
                cv_sha256=cv_sha256,
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

    def erase(self, anonymised: Application, erased_at: datetime, from_stage: Stage) -> None:
        """Keep the application's row as `anonymised`, with when it was erased and the stage
        it had reached; remove what was read from its CVs, the candidate's confirmed
        profiles and the records of replaced CVs (their files are deleted by the caller)."""
        application_id = anonymised.id
        self.session.execute(
            applications.update()
            .where(applications.c.id == application_id)
            .values(
                {
                    **_to_row(anonymised),
                    "erased_at": erased_at,
                    "erased_from_stage": from_stage.value,
                }
            )
        )
        for table in (cv_readings, profile_reviews, replaced_cvs):
            self.session.execute(table.delete().where(table.c.application_id == application_id))
        erase_from_outbox(self.session, MESSAGING, application_id)

    def erased_at(self, application_id: str) -> datetime | None:
        """When the application's candidate had their data erased (None: never)."""
        return stored_utc(
            self.session.execute(
                sa.select(applications.c.erased_at).where(applications.c.id == application_id)
            ).scalar()
        )

    def for_vacancy(self, vacancy_id: str, stage: Stage | None = None) -> list[Application]:
        """The vacancy's applicants: its applications except drafts never submitted."""
        query = sa.select(applications).where(
            applications.c.vacancy_id == vacancy_id, applications.c.submitted_at.is_not(None)
        )
        if stage is not None:
            query = query.where(applications.c.stage == stage.value)
        rows = self.session.execute(query.order_by(applications.c.received_at)).all()
        return [_from_row(row._mapping) for row in rows]

    def reading_counts(self, vacancy_id: str) -> tuple[int, int]:
        """How many of the vacancy's applicants (not withdrawn) have a CV not read yet, and
        how many applicants there are: counted in SQL, as the list polls it."""
        unread = sa.func.count().filter(applications.c.stage == Stage.RECEIVED.value)
        row = self.session.execute(
            sa.select(unread, sa.func.count()).where(
                applications.c.vacancy_id == vacancy_id,
                applications.c.submitted_at.is_not(None),
                applications.c.stage != Stage.WITHDRAWN.value,
            )
        ).one()
        return int(row[0] or 0), int(row[1] or 0)

    def ids_to_reread(self, vacancy_id: str, parser_version: str, everything: bool) -> list[str]:
        """The vacancy's applications last read by another parser version (or all of them),
        leaving out the withdrawn and those whose candidate has yet to confirm the profile."""
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
            .where(
                applications.c.vacancy_id == vacancy_id,
                applications.c.submitted_at.is_not(None),
                applications.c.awaiting_confirmation.is_(False),
                applications.c.stage != Stage.WITHDRAWN.value,
            )
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


class DiversityRepository:
    """The voluntary diversity answers: written with an application, read only as counts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, application_id: str, answers: DiversityAnswers) -> None:
        self.session.execute(
            diversity_answers.insert().values(
                application_id=application_id,
                gender=answers.gender,
                nationality=answers.nationality,
                region=answers.region,
            )
        )

    def forget(self, application_id: str) -> None:
        """Delete the answers given with this application (its candidate asked for erasure)."""
        self.session.execute(
            diversity_answers.delete().where(diversity_answers.c.application_id == application_id)
        )

    def answers(self, vacancy_id: str, stage: Stage | None = None) -> list[DiversityAnswers]:
        """One answer set per applicant of the vacancy (at `stage`), empty where none given."""
        query = (
            sa.select(
                diversity_answers.c.gender,
                diversity_answers.c.nationality,
                diversity_answers.c.region,
            )
            .select_from(
                applications.outerjoin(
                    diversity_answers, diversity_answers.c.application_id == applications.c.id
                )
            )
            .where(
                applications.c.vacancy_id == vacancy_id, applications.c.submitted_at.is_not(None)
            )
        )
        if stage is not None:
            query = query.where(applications.c.stage == stage.value)
        return [DiversityAnswers(*row) for row in self.session.execute(query).all()]


class InterviewRepository:
    """Each application's interview and outcome as the candidate sees them (one row each)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, application_id: str) -> AfterShortlist | None:
        row = self.session.execute(
            sa.select(interviews).where(interviews.c.application_id == application_id)
        ).first()
        if row is None:
            return None
        interview = None
        if row.starts_at is not None:
            interview = Interview(
                stored_utc(row.starts_at), row.time_zone, row.duration_minutes, row.location or ""
            )
        return AfterShortlist(
            application_id=row.application_id,
            picking_url=row.picking_url,
            slots_proposed_at=stored_utc(row.slots_proposed_at),
            interview=interview,
            interview_sequence=row.interview_sequence,
            outcome=Outcome(row.outcome) if row.outcome else None,
            decided_at=stored_utc(row.decided_at),
        )

    def save(self, news: AfterShortlist) -> None:
        interview = news.interview
        values = {
            "picking_url": news.picking_url,
            "slots_proposed_at": news.slots_proposed_at,
            "starts_at": interview.starts_at if interview else None,
            "time_zone": interview.time_zone if interview else None,
            "duration_minutes": interview.duration_minutes if interview else None,
            "location": interview.location if interview else None,
            "interview_sequence": news.interview_sequence,
            "outcome": news.outcome.value if news.outcome else None,
            "decided_at": news.decided_at,
        }
        updated = self.session.execute(
            interviews.update()
            .where(interviews.c.application_id == news.application_id)
            .values(values)
        )
        if not updated.rowcount:
            self.session.execute(
                interviews.insert().values(application_id=news.application_id, **values)
            )

    def forget(self, application_id: str) -> None:
        """Delete the picking link, the interview and the outcome (erasure)."""
        self.session.execute(
            interviews.delete().where(interviews.c.application_id == application_id)
        )


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
        "privacy_notice_version": application.privacy_notice_version,
        "cover_letter": application.cover_letter,
        "review_profile": application.review_profile,
        "awaiting_confirmation": application.awaiting_confirmation,
        "submitted_at": application.submitted_at,
        "submission_note": application.submission_note,
        "withdrawn_at": application.withdrawn_at,
        "withdrawal_reason": application.withdrawal_reason,
    }


def _from_row(row: Any) -> Application:
    return Application(
        id=row["id"],
        vacancy_id=row["vacancy_id"],
        candidate_name=row["candidate_name"],
        candidate_email=row["candidate_email"],
        consent_given_at=stored_utc(row["consent_given_at"]),
        received_at=stored_utc(row["received_at"]),
        stage=Stage(row["stage"]),
        attention_reason=row["attention_reason"],
        cv=StoredCv(
            filename=row["cv_filename"],
            path=row["cv_path"],
            sha256=row["cv_sha256"],
            size=row["cv_size"],
            kind=row["cv_kind"],
        ),
        privacy_notice_version=row["privacy_notice_version"],
        cover_letter=row["cover_letter"],
        review_profile=bool(row["review_profile"]),
        awaiting_confirmation=bool(row["awaiting_confirmation"]),
        submitted_at=stored_utc(row["submitted_at"]),
        submission_note=row["submission_note"],
        withdrawn_at=stored_utc(row["withdrawn_at"]),
        withdrawal_reason=row["withdrawal_reason"],
    )
