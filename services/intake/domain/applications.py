"""Intake's own model: the vacancies it takes applications for, and the applications.

A `VacancyListing` is intake's copy of a published vacancy (from `vacancy.published`).
An `Application` is one candidate's application to one vacancy with its stored CV; it
moves through stages that the candidate sees on their status page. `new_application()`
holds the rules of applying: consent to a known privacy notice is required, the vacancy
must be open, and one person applies once per vacancy (same email or same CV file).

An application made with `review_profile` starts as a draft: its CV is read, but it is
screened only once the candidate has confirmed (or corrected) the profile read from it,
or at the vacancy's closing date. `awaiting_confirmation` says that the current CV's
profile still waits for that; `submitted_at` says when the application first went in
(drafts never submitted are not applicants). A withdrawn application stays withdrawn:
no later event moves it, and a reading or a screening never moves a shortlisted one back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from services.intake.domain.privacy import CURRENT_VERSION, is_known_version

MAX_COVER_LETTER_CHARS = 10_000
MAX_WITHDRAWAL_REASON_CHARS = 2_000
MAX_NAME_CHARS = 300
MAX_EMAIL_CHARS = 320
MAX_FILENAME_CHARS = 200


class Stage(StrEnum):
    DRAFT = "draft"
    RECEIVED = "received"
    CV_READ = "cv_read"
    NEEDS_ATTENTION = "needs_attention"
    UNDER_REVIEW = "under_review"
    SHORTLISTED = "shortlisted"
    WITHDRAWN = "withdrawn"


STAGE_DESCRIPTIONS = {
    Stage.DRAFT: (
        "Your application is not submitted yet: check the profile read from your CV,"
        " correct it if needed, and submit it."
    ),
    Stage.RECEIVED: "Your application has been received.",
    Stage.CV_READ: "Your CV has been read and is being screened.",
    Stage.NEEDS_ATTENTION: (
        "Your CV could not be read automatically; the secretariat will look at it."
    ),
    Stage.UNDER_REVIEW: "Your application is being reviewed by the secretariat.",
    Stage.SHORTLISTED: "You have been shortlisted; the secretariat will contact you.",
    Stage.WITHDRAWN: "You have withdrawn your application; it will not be considered further.",
}
AWAITING_CONFIRMATION = (
    "We have your new CV: check the profile read from it and confirm it; your application"
    " is screened again once you do."
)


class ApplicationRefused(Exception):
    """An application that cannot be accepted, with a message the candidate can act on."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotNow(ApplicationRefused):
    """A request the application's state does not allow (withdrawn, shortlisted, submitted)."""


class AlreadyApplied(ApplicationRefused):
    def __init__(self, application_id: str) -> None:
        super().__init__(
            "You have already applied to this vacancy. To send a newer CV, open the link in"
            " the acknowledgement email we sent you: you can replace your CV there.",
            "already_applied",
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
class ReplacedCv:
    """A CV the candidate replaced by a newer one: kept, with when it was replaced."""

    application_id: str
    vacancy_id: str
    cv: StoredCv
    replaced_at: datetime


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
    privacy_notice_version: str | None = None
    cover_letter: str | None = None
    review_profile: bool = False
    awaiting_confirmation: bool = False
    submitted_at: datetime | None = None
    submission_note: str | None = None
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.stage is Stage.WITHDRAWN

    def cv_read(self, attention_reason: str | None) -> Application:
        """After a reading of the current CV: the stage it shows, unless the candidate
        still has to confirm the profile, the application was withdrawn or shortlisted."""
        if self.awaiting_confirmation or self.stage in (Stage.WITHDRAWN, Stage.SHORTLISTED):
            return replace(self, attention_reason=attention_reason)
        return replace(self, stage=_read_stage(attention_reason), attention_reason=attention_reason)

    def moved_to(self, stage: Stage) -> Application:
        """Where another service's news moves it: never out of withdrawn, never from the
        short list back to review (a re-screen after shortlisting), never out of a draft."""
        if self.stage in (Stage.WITHDRAWN, Stage.DRAFT):
            return self
        if self.stage is Stage.SHORTLISTED and stage is Stage.UNDER_REVIEW:
            return self
        return replace(self, stage=stage)

    def submitted(self, now: datetime, note: str | None = None) -> Application:
        """The profile of the current CV is confirmed (or submitted as read at closing)."""
        stage = self.stage
        if stage in (Stage.DRAFT, Stage.RECEIVED):
            stage = _read_stage(self.attention_reason)
        return replace(
            self,
            stage=stage,
            awaiting_confirmation=False,
            submitted_at=self.submitted_at or now,
            submission_note=note if note is not None else self.submission_note,
        )

    def submitted_unread(self, now: datetime, note: str) -> Application:
        """Submitted at closing before its CV was read: screened as soon as it is read."""
        stage = Stage.RECEIVED if self.stage is Stage.DRAFT else self.stage
        return replace(
            self,
            stage=stage,
            awaiting_confirmation=False,
            submitted_at=self.submitted_at or now,
            submission_note=note,
        )

    def with_new_cv(self, cv: StoredCv) -> Application:
        """The candidate replaced the CV: it is read again (and confirmed again if the
        candidate reviews their profile)."""
        return replace(
            self,
            cv=cv,
            attention_reason=None,
            stage=Stage.RECEIVED if self.is_submitted else Stage.DRAFT,
            awaiting_confirmation=self.review_profile,
        )

    def withdrawn(self, now: datetime, reason: str | None) -> Application:
        return replace(
            self,
            stage=Stage.WITHDRAWN,
            awaiting_confirmation=False,
            withdrawn_at=now,
            withdrawal_reason=reason,
        )

    @property
    def stage_description(self) -> str:
        if self.awaiting_confirmation and self.is_submitted and not self.is_withdrawn:
            return AWAITING_CONFIRMATION
        return STAGE_DESCRIPTIONS[self.stage]


def _read_stage(attention_reason: str | None) -> Stage:
    return Stage.NEEDS_ATTENTION if attention_reason else Stage.CV_READ


def normalise_email(email: str) -> str:
    return email.strip().lower()


def clean_text(text: str | None) -> str | None:
    """Free text as kept: NUL characters (which no database keeps) removed, blank as None."""
    if text is None:
        return None
    cleaned = text.replace("\x00", "").strip()
    return cleaned or None


def clean_filename(filename: str | None) -> str:
    """An uploaded file's name as kept: tidied, its end (with the extension) if too long."""
    cleaned = clean_text(filename) or "cv"
    return cleaned[-MAX_FILENAME_CHARS:]


def new_application_id() -> str:
    return str(uuid.uuid4())


def ensure_can_apply(
    vacancy: VacancyListing,
    candidate_name: str,
    consent: bool,
    now: datetime,
    privacy_notice_version: str = CURRENT_VERSION,
    cover_letter: str | None = None,
) -> None:
    """Raise `ApplicationRefused` with the reason, before anything of the candidate is kept."""
    if not consent:
        raise ApplicationRefused(
            "Please consent to the processing of your data: we cannot consider an application"
            " without it.",
            "consent_required",
        )
    if not is_known_version(privacy_notice_version):
        raise ApplicationRefused(
            "The privacy notice you consented to is not one we published; please reload the"
            " application form and consent to the current notice.",
            "unknown_privacy_notice",
        )
    if not vacancy.is_open(now.date()):
        raise ApplicationRefused("This vacancy closed for applications.", "vacancy_closed")
    if not clean_text(candidate_name):
        raise ApplicationRefused("Please give your name.", "name_required")
    if len(clean_text(candidate_name) or "") > MAX_NAME_CHARS:
        raise ApplicationRefused(
            f"Please give your name in fewer than {MAX_NAME_CHARS} characters.", "name_too_long"
        )
    if len(clean_text(cover_letter) or "") > MAX_COVER_LETTER_CHARS:
        raise ApplicationRefused(
            f"Your cover letter is longer than {MAX_COVER_LETTER_CHARS:,} characters;"
            " please shorten it.",
            "cover_letter_too_long",
        )


def new_application(
    application_id: str,
    vacancy: VacancyListing,
    candidate_name: str,
    candidate_email: str,
    consent: bool,
    cv: StoredCv,
    now: datetime,
    *,
    privacy_notice_version: str = CURRENT_VERSION,
    cover_letter: str | None = None,
    review_profile: bool = False,
) -> Application:
    ensure_can_apply(vacancy, candidate_name, consent, now, privacy_notice_version, cover_letter)
    return Application(
        id=application_id,
        vacancy_id=vacancy.id,
        candidate_name=" ".join((clean_text(candidate_name) or "").split()),
        candidate_email=normalise_email(candidate_email),
        consent_given_at=now,
        received_at=now,
        cv=cv,
        stage=Stage.DRAFT if review_profile else Stage.RECEIVED,
        privacy_notice_version=privacy_notice_version,
        cover_letter=clean_text(cover_letter),
        review_profile=review_profile,
        awaiting_confirmation=review_profile,
        submitted_at=None if review_profile else now,
    )


def ensure_can_replace_cv(application: Application, vacancy: VacancyListing, today: date) -> None:
    if application.is_withdrawn:
        raise NotNow(
            "You have withdrawn this application, so its CV can no longer be replaced.",
            "withdrawn",
        )
    if application.stage is Stage.SHORTLISTED:
        raise NotNow(
            "You have been shortlisted: your CV can no longer be replaced. If something in it"
            " must change, please write to the secretariat.",
            "shortlisted",
        )
    if not vacancy.is_open(today):
        raise NotNow("This vacancy has closed: CVs can no longer be replaced.", "vacancy_closed")


def clean_withdrawal_reason(reason: str | None) -> str | None:
    cleaned = clean_text(reason)
    if cleaned and len(cleaned) > MAX_WITHDRAWAL_REASON_CHARS:
        raise ApplicationRefused(
            f"Please keep the reason under {MAX_WITHDRAWAL_REASON_CHARS:,} characters.",
            "reason_too_long",
        )
    return cleaned
