"""Intake's own model: the vacancies it takes applications for, and the applications.

A `VacancyListing` is intake's copy of a published vacancy (from `vacancy.published`).
An `Application` is one candidate's application to one vacancy with its stored CV; it
moves through stages that the candidate sees on their status page. `new_application()`
holds the rules of applying: consent is required, the vacancy must be open, and one
email address applies once per vacancy.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum


class Stage(StrEnum):
    RECEIVED = "received"
    CV_READ = "cv_read"
    NEEDS_ATTENTION = "needs_attention"
    UNDER_REVIEW = "under_review"
    SHORTLISTED = "shortlisted"


STAGE_DESCRIPTIONS = {
    Stage.RECEIVED: "Your application has been received.",
    Stage.CV_READ: "Your CV has been read and is being screened.",
    Stage.NEEDS_ATTENTION: (
        "Your CV could not be read automatically; the secretariat will look at it."
    ),
    Stage.UNDER_REVIEW: "Your application is being reviewed by the secretariat.",
    Stage.SHORTLISTED: "You have been shortlisted; the secretariat will contact you.",
}


class ApplicationRefused(Exception):
    """An application that cannot be accepted, with a message the candidate can act on."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class AlreadyApplied(ApplicationRefused):
    def __init__(self, application_id: str) -> None:
        super().__init__(
            "You have already applied to this vacancy with this email address.", "already_applied"
        )
        self.application_id = application_id


@dataclass(frozen=True)
class VacancyListing:
    id: str
    reference: str
    title: str
    tor_text: str
    closing_date: date | None
    criteria_version: int

    def is_open(self, today: date) -> bool:
        return self.closing_date is None or today <= self.closing_date


@dataclass(frozen=True)
class StoredCv:
    filename: str
    path: str
    sha256: str
    size: int
    kind: str


@dataclass(frozen=True)
class Application:
    id: str
    vacancy_id: str
    candidate_name: str
    candidate_email: str
    consent_given_at: datetime
    received_at: datetime
    cv: StoredCv
    stage: Stage = Stage.RECEIVED
    attention_reason: str | None = None

    def cv_read(self, attention_reason: str | None) -> Application:
        if attention_reason:
            return replace(self, stage=Stage.NEEDS_ATTENTION, attention_reason=attention_reason)
        return replace(self, stage=Stage.CV_READ, attention_reason=None)

    def moved_to(self, stage: Stage) -> Application:
        return replace(self, stage=stage)

    @property
    def stage_description(self) -> str:
        return STAGE_DESCRIPTIONS[self.stage]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def new_application_id() -> str:
    return str(uuid.uuid4())


def ensure_can_apply(
    vacancy: VacancyListing, candidate_name: str, consent: bool, now: datetime
) -> None:
    """Raise `ApplicationRefused` with the reason, before anything of the candidate is kept."""
    if not consent:
        raise ApplicationRefused(
            "Please consent to the processing of your data: we cannot consider an application"
            " without it.",
            "consent_required",
        )
    if not vacancy.is_open(now.date()):
        raise ApplicationRefused("This vacancy closed for applications.", "vacancy_closed")
    if not candidate_name.strip():
        raise ApplicationRefused("Please give your name.", "name_required")


def new_application(
    application_id: str,
    vacancy: VacancyListing,
    candidate_name: str,
    candidate_email: str,
    consent: bool,
    cv: StoredCv,
    now: datetime,
) -> Application:
    ensure_can_apply(vacancy, candidate_name, consent, now)
    return Application(
        id=application_id,
        vacancy_id=vacancy.id,
        candidate_name=" ".join(candidate_name.split()),
        candidate_email=normalise_email(candidate_email),
        consent_given_at=now,
        received_at=now,
        cv=cv,
    )
