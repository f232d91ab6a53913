"""Intake's use cases: learn of vacancies, take applications, read CVs, follow their stage.

Each function takes a unit of work and plain values, applies the domain rules and
commits. The HTTP views and the event handlers call these and nothing else. Reading a
CV is not done while the candidate waits: `submit_application` stores the file and
emits `application.received`, and intake's own consumer then reads the CV
(`read_cv`), so a burst of uploads never waits on parsing and a file that cannot be
read never blocks the others.

A reading is screened (`cv.parsed`) at once, unless the candidate has yet to confirm the
profile read from that CV (a draft, see `candidates`): then `cv.parsed` waits for the
confirmation. A profile the candidate confirmed stays what screening gets for that CV,
even when the CV is read again by a newer parser. The candidate's own actions (profile
review, CV replacement, withdrawal) are in `candidates`, the equal-opportunity counts in
`equal_opportunity`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from services.intake.domain import applications as model
from services.intake.domain.applications import (
    AlreadyApplied,
    Application,
    ReplacedCv,
    Stage,
    VacancyListing,
)
from services.intake.domain.diversity import DiversityAnswers
from services.intake.domain.parsing import PARSER_VERSION
from services.intake.domain.privacy import CURRENT_VERSION
from services.intake.domain.profile_review import ProfileReview
from services.intake.domain.rereading import RereadJob
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork
from shared.messaging.events import (
    APPLICATION_RECEIVED,
    APPLICATION_SUBMITTED,
    CV_PARSED,
    CV_REREAD_REQUESTED,
)
from shared.storage import FileStore

SYSTEM = "system:intake"


class UnknownVacancy(LookupError):
    pass


class UnknownApplication(LookupError):
    pass


class UnknownRereadJob(LookupError):
    pass


@dataclass(frozen=True)
class CvReading:
    """What reading a CV gave: its text page by page, the profile, and how it went.

    `method` is how the text was had ("text" layer, "ocr", or "none"); `notes` are
    remarks for the secretariat that do not stop screening (a PDF named .docx, text
    read by OCR); `attention_reason`, when set, sends the application to a person.
    """

    text: str
    profile: dict[str, Any]
    parser_version: str
    attention_reason: str | None
    pages: tuple[str, ...] = ()
    method: str = "text"
    notes: tuple[str, ...] = ()


class CvReader(Protocol):
    """What intake needs of the CV-reading adapter."""

    def check_upload(self, data: bytes, filename: str) -> str:
        """The document kind ("pdf", "docx"), or raise `ApplicationRefused` with the reason."""

    def read(self, data: bytes, kind: str, filename: str = "") -> CvReading: ...


def record_vacancy_published(uow: IntakeUnitOfWork, payload: dict[str, Any]) -> None:
    vacancy = VacancyListing(
        id=payload["vacancy_id"],
        reference=payload["reference"],
        title=payload["title"],
        tor_text=payload["tor_text"],
        closing_date=payload["closing_date"],
        criteria_version=payload["criteria_version"],
    )
    with uow:
        uow.vacancies.save(vacancy)
        uow.record(SYSTEM, "vacancy.listed", "vacancy", vacancy.id, after={"title": vacancy.title})
        uow.commit()


def open_vacancies(uow: IntakeUnitOfWork, today: date) -> list[VacancyListing]:
    with uow:
        return uow.vacancies.list_open(today)


def vacancy_listing(uow: IntakeUnitOfWork, vacancy_id: str) -> VacancyListing | None:
    """Intake's copy of a vacancy, open or closed; None if intake never heard of it."""
    with uow:
        return uow.vacancies.get(vacancy_id)


def submit_application(
    uow: IntakeUnitOfWork,
    store: FileStore,
    reader: CvReader,
    status_url_for: Callable[[str], str],
    *,
    vacancy_id: str,
    candidate_name: str,
    candidate_email: str,
    consent: bool,
    cv_filename: str,
    cv_data: bytes,
    privacy_notice_version: str = CURRENT_VERSION,
    cover_letter: str | None = None,
    review_profile: bool = False,
    diversity: DiversityAnswers | None = None,
) -> Application:
    """Take an application: refused (and nothing kept) when the person already applied to
    the vacancy with this email or this very CV file, without consent, or when closed.

    With `review_profile` it is a draft: its CV is read, but it goes in (and is
    acknowledged and screened) when the candidate confirms the profile read from it.
    """
    now = datetime.now(UTC)
    with uow:
        vacancy = uow.vacancies.get(vacancy_id)
        if vacancy is None:
            raise UnknownVacancy(vacancy_id)
        email = model.normalise_email(candidate_email)
        if len(email) > model.MAX_EMAIL_CHARS:
            raise model.ApplicationRefused("This email address is too long.", "email_too_long")
        if existing := uow.applications.find_by_email(vacancy_id, email):
            raise AlreadyApplied(existing.id)
        sha256 = hashlib.sha256(cv_data).hexdigest()
        if holder := uow.applications.find_by_cv(vacancy_id, sha256):
            raise AlreadyApplied(holder)
        model.ensure_can_apply(
            vacancy, candidate_name, consent, now, privacy_notice_version, cover_letter
        )
        kind = reader.check_upload(cv_data, cv_filename)
        application_id = model.new_application_id()
        stored = store.save(application_id, cv_data, f".{kind}")
        filename = model.clean_filename(cv_filename)
        cv = model.StoredCv(filename, stored.path, stored.sha256, stored.size, kind)
        application = model.new_application(
            application_id,
            vacancy,
            candidate_name,
            email,
            consent,
            cv,
            now,
            privacy_notice_version=privacy_notice_version,
            cover_letter=cover_letter,
            review_profile=review_profile,
        )
        uow.applications.add(application)
        if diversity is not None and diversity.answered:
            uow.diversity.add(application.id, diversity)
        uow.emit(
            APPLICATION_RECEIVED,
            {
                "application_id": application.id,
                "vacancy_id": vacancy.id,
                "vacancy_title": vacancy.title,
                "candidate_name": application.candidate_name,
                "candidate_email": application.candidate_email,
                "status_url": status_url_for(application.id),
                "received_at": now,
                "draft": review_profile,
            },
        )
        uow.record(
            "candidate",
            "application.received",
            "application",
            application.id,
            after={
                "vacancy_id": vacancy.id,
                "cv_sha256": stored.sha256,
                "cv_kind": kind,
                "draft": review_profile,
                "cover_letter": application.cover_letter is not None,
            },
        )
        uow.record(
            "candidate",
            "consent.given",
            "application",
            application.id,
            after={"privacy_notice_version": privacy_notice_version},
        )
        if application.is_submitted:
            emit_submitted(uow, application, vacancy, status_url_for, "candidate", now)
        uow.commit()
        return application


def emit_submitted(
    uow: IntakeUnitOfWork,
    application: Application,
    vacancy: VacancyListing,
    status_url_for: Callable[[str], str],
    actor: str,
    now: datetime,
    *,
    candidate_confirmed: bool = False,
) -> None:
    """The application is in: `application.submitted` (acknowledged by notify) and the audit."""
    uow.emit(
        APPLICATION_SUBMITTED,
        {
            "application_id": application.id,
            "vacancy_id": vacancy.id,
            "vacancy_title": vacancy.title,
            "candidate_name": application.candidate_name,
            "candidate_email": application.candidate_email,
            "status_url": status_url_for(application.id),
            "submitted_at": now,
            "candidate_confirmed": candidate_confirmed,
        },
    )
    uow.record(
        actor,
        "application.submitted",
        "application",
        application.id,
        after={"vacancy_id": vacancy.id, "candidate_confirmed": candidate_confirmed},
    )


def read_cv(uow: IntakeUnitOfWork, store: FileStore, reader: CvReader, application_id: str) -> None:
    with uow:
        _read_and_record(uow, store, reader, existing_application(uow, application_id))
        uow.commit()


def reread_vacancy(
    uow: IntakeUnitOfWork,
    vacancy_id: str,
    actor: str,
    *,
    everything: bool = False,
    parser_version: str = PARSER_VERSION,
) -> RereadJob:
    """Ask for the vacancy's CVs to be read again (those read by an older parser, or all)."""
    now = datetime.now(UTC)
    with uow:
        if uow.vacancies.get(vacancy_id) is None:
            raise UnknownVacancy(vacancy_id)
        ids = uow.applications.ids_to_reread(vacancy_id, parser_version, everything)
        job = RereadJob.start(vacancy_id, parser_version, len(ids), actor, now)
        uow.reread_jobs.add(job)
        for application_id in ids:
            uow.emit(
                CV_REREAD_REQUESTED,
                {"job_id": job.id, "application_id": application_id, "vacancy_id": vacancy_id},
            )
        uow.record(
            actor,
            "cvs.reread.requested",
            "vacancy",
            vacancy_id,
            after={"job_id": job.id, "parser_version": job.parser_version, "total": job.total},
        )
        uow.commit()
        return job


def reread_cv(
    uow: IntakeUnitOfWork, store: FileStore, reader: CvReader, application_id: str, job_id: str
) -> None:
    with uow:
        _read_and_record(uow, store, reader, existing_application(uow, application_id))
        job = uow.reread_jobs.get(job_id, lock=True)
        if job is not None:
            uow.reread_jobs.update(job.advanced(datetime.now(UTC)))
        uow.commit()


def reread_job(uow: IntakeUnitOfWork, job_id: str) -> RereadJob:
    with uow:
        job = uow.reread_jobs.get(job_id)
        if job is None:
            raise UnknownRereadJob(job_id)
        return job


def _read_and_record(
    uow: IntakeUnitOfWork, store: FileStore, reader: CvReader, application: Application
) -> None:
    reading = reader.read(
        store.read(application.cv.path), application.cv.kind, application.cv.filename
    )
    uow.applications.record_reading(application.id, reading, cv_sha256=application.cv.sha256)
    read = application.cv_read(reading.attention_reason)
    uow.applications.update(read)
    if read.is_submitted and not read.awaiting_confirmation and not read.is_withdrawn:
        confirmed = confirmed_review(uow, read)
        emit_cv_parsed(
            uow,
            read,
            reading.parser_version,
            reading.attention_reason,
            confirmed.profile_confirmed if confirmed else reading.profile,
            confirmed,
        )
    uow.record(
        SYSTEM,
        "cv.read",
        "application",
        application.id,
        before={"stage": application.stage.value},
        after={
            "stage": read.stage.value,
            "parser_version": reading.parser_version,
            "method": reading.method,
        },
    )


def emit_cv_parsed(
    uow: IntakeUnitOfWork,
    application: Application,
    parser_version: str,
    attention_reason: str | None,
    profile: dict[str, Any],
    review: ProfileReview | None,
) -> None:
    """Hand the profile to screening, saying whether the candidate confirmed or corrected it."""
    uow.emit(
        CV_PARSED,
        {
            "application_id": application.id,
            "vacancy_id": application.vacancy_id,
            "candidate_name": application.candidate_name,
            "parser_version": parser_version,
            "needs_attention": attention_reason is not None,
            "attention_reason": attention_reason,
            "profile": profile,
            "candidate_confirmed": review is not None,
            "candidate_corrected": review is not None and review.corrected,
        },
    )


def confirmed_review(uow: IntakeUnitOfWork, application: Application) -> ProfileReview | None:
    """The candidate's confirmation of the profile of the application's current CV, if any."""
    review = uow.applications.latest_review(application.id)
    if review and review.by_candidate and review.cv_sha256 == application.cv.sha256:
        return review
    return None


def current_reading(uow: IntakeUnitOfWork, application: Application) -> dict[str, Any] | None:
    """The latest reading of the application's current CV (None while it is being read)."""
    reading = uow.applications.latest_reading(application.id)
    if reading and reading.get("cv_sha256") == application.cv.sha256:
        return reading
    return None


def existing_application(
    uow: IntakeUnitOfWork, application_id: str, *, lock: bool = False
) -> Application:
    """The application, or `UnknownApplication`; `lock` holds it until the commit."""
    application = uow.applications.get(application_id, lock=lock)
    if application is None:
        raise UnknownApplication(application_id)
    return application


def move_to_stage(uow: IntakeUnitOfWork, application_id: str, stage: Stage, actor: str) -> None:
    """Follow another service's news (screened, shortlisted): never out of withdrawn."""
    with uow:
        application = existing_application(uow, application_id)
        moved = application.moved_to(stage)
        if moved.stage == application.stage:
            return
        uow.applications.update(moved)
        uow.record(
            actor,
            "application.stage",
            "application",
            application.id,
            before={"stage": application.stage.value},
            after={"stage": stage.value},
        )
        uow.commit()


def application_for_candidate(uow: IntakeUnitOfWork, application_id: str) -> Application:
    with uow:
        return existing_application(uow, application_id)


def application_with_reading(
    uow: IntakeUnitOfWork, application_id: str
) -> tuple[Application, dict[str, Any] | None]:
    with uow:
        application = existing_application(uow, application_id)
        return application, uow.applications.latest_reading(application_id)


@dataclass(frozen=True)
class ApplicationRecord:
    """What the secretariat sees of one application (never its diversity answers)."""

    application: Application
    reading: dict[str, Any] | None
    review: ProfileReview | None
    replaced_cvs: list[ReplacedCv]


def application_record(uow: IntakeUnitOfWork, application_id: str) -> ApplicationRecord:
    with uow:
        application = existing_application(uow, application_id)
        return ApplicationRecord(
            application,
            uow.applications.latest_reading(application_id),
            uow.applications.latest_review(application_id),
            uow.applications.replaced_cvs(application_id),
        )


def applications_of_vacancy(
    uow: IntakeUnitOfWork, vacancy_id: str, stage: Stage | None = None
) -> list[Application]:
    """The vacancy's applicants (drafts never submitted are kept, but are not applicants)."""
    with uow:
        if uow.vacancies.get(vacancy_id) is None:
            raise UnknownVacancy(vacancy_id)
        return uow.applications.for_vacancy(vacancy_id, stage)
