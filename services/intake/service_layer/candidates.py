"""The candidate's own use cases, from the private link: confirm the profile read from the
CV (with corrections), replace the CV, withdraw; and what becomes of unconfirmed drafts.

A draft (`review_profile`) goes in when its candidate confirms the profile:
`submit_profile` keeps the profile as read and as confirmed with the list of changes,
emits `cv.parsed` with the confirmed profile and, the first time, `application.submitted`
(on which notify sends the one acknowledgement); a CV that could not be read can be
submitted too, for a person to read. At the vacancy's closing date,
`submit_unconfirmed_drafts` submits every profile still awaiting confirmation as read,
with a note for the secretariat, so nothing uploaded in time is lost (nothing schedules
it yet: the secretariat asks for it through the API once the vacancy has closed).
`replace_cv` keeps the old file and its record and emits `cv.replaced`, on which intake's
consumer reads the new CV: the application is screened again under the same id.
`withdraw_application` is final and idempotent. Audit entries carry ids, codes and field
names only, never what the candidate wrote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.intake.domain import applications as model
from services.intake.domain.applications import Application, ApplicationRefused, NotNow
from services.intake.domain.profile_review import (
    AT_CLOSING,
    CANDIDATE,
    CLOSING_NOTE,
    EditableProfile,
    ProfileReview,
    ReadingState,
    confirmed_profile,
    editable_profile,
    profile_changes,
    reading_state,
)
from services.intake.service_layer.services import (
    CvReader,
    UnknownVacancy,
    current_reading,
    emit_cv_parsed,
    emit_submitted,
    existing_application,
)
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork
from shared.messaging.events import APPLICATION_WITHDRAWN, CV_REPLACED
from shared.storage import FileStore

Corrections = Mapping[str, Sequence[Mapping[str, Any]]]
CLOSING_NOTE_UNREAD = (
    "Submitted at the vacancy's closing date before its CV was read: the candidate did not"
    " confirm the profile, which is screened as read."
)
READING_MESSAGES = {
    ReadingState.PENDING: "We are still reading your CV; this usually takes under a minute.",
    ReadingState.READ: "Please check what we read from your CV, correct it if needed, and submit.",
    ReadingState.NEEDS_ATTENTION: (
        "We could not read your CV automatically. You can still submit your application:"
        " a person will read your CV."
    ),
}


class VacancyStillOpen(Exception):
    pass


@dataclass(frozen=True)
class CandidateProfile:
    """The profile the candidate sees: as read, or as they confirmed it."""

    application: Application
    state: ReadingState
    attention_reason: str | None
    profile: EditableProfile
    confirmed: bool

    @property
    def message(self) -> str:
        if self.application.is_withdrawn:
            return "You have withdrawn this application."
        if self.confirmed or not self.application.awaiting_confirmation:
            return "You have submitted this profile."
        return READING_MESSAGES[self.state]

    @property
    def can_submit(self) -> bool:
        return self.application.awaiting_confirmation and self.state is not ReadingState.PENDING


def candidate_profile(uow: IntakeUnitOfWork, application_id: str) -> CandidateProfile:
    with uow:
        application = existing_application(uow, application_id)
        reading = current_reading(uow, application)
        review = uow.applications.latest_review(application_id)
        review = review if review and review.cv_sha256 == application.cv.sha256 else None
        state = reading_state(reading and reading["attention_reason"], reading is not None)
        shown = review.profile_confirmed if review else reading and reading["profile"]
        return CandidateProfile(
            application,
            state,
            reading and reading["attention_reason"],
            editable_profile(shown),
            review is not None,
        )


def submit_profile(
    uow: IntakeUnitOfWork,
    status_url_for: Callable[[str], str],
    application_id: str,
    corrections: Corrections | None = None,
) -> ProfileReview:
    """The candidate confirms the profile read from the CV, with `corrections` (sections
    given replace those read; validated at the edge), and the application goes in."""
    now = datetime.now(UTC)
    with uow:
        application = existing_application(uow, application_id, lock=True)
        if application.is_withdrawn:
            raise NotNow("You have withdrawn this application.", "withdrawn")
        if not application.awaiting_confirmation:
            raise NotNow("You have already submitted this application.", "already_submitted")
        reading = current_reading(uow, application)
        if reading is None:
            raise NotNow(READING_MESSAGES[ReadingState.PENDING], "still_reading")
        review = _review(application, reading, corrections, CANDIDATE, now)
        _submit(uow, application, reading, review, status_url_for, now, CANDIDATE)
        uow.commit()
        return review


def submit_unconfirmed_drafts(
    uow: IntakeUnitOfWork,
    vacancy_id: str,
    status_url_for: Callable[[str], str],
    now: datetime | None = None,
) -> int:
    """At the closing date: every profile still awaiting confirmation is submitted as read
    (its CV screened, the application acknowledged), with a note for the secretariat."""
    now = now or datetime.now(UTC)
    with uow:
        vacancy = uow.vacancies.get(vacancy_id)
        if vacancy is None:
            raise UnknownVacancy(vacancy_id)
        if vacancy.is_open(now.date()):
            raise VacancyStillOpen(vacancy_id)
        count = 0
        for waiting in uow.applications.awaiting_confirmation(vacancy_id):
            application = existing_application(uow, waiting.id, lock=True)
            if not application.awaiting_confirmation:
                continue  # its candidate confirmed it in the meantime
            count += 1
            reading = current_reading(uow, application)
            if reading is None:
                submitted = application.submitted_unread(now, CLOSING_NOTE_UNREAD)
                uow.applications.update(submitted)
                uow.record(
                    AT_CLOSING,
                    "profile.submitted_as_read",
                    "application",
                    application.id,
                    before={"stage": application.stage.value},
                    after={"stage": submitted.stage.value, "reading_id": None},
                )
                if not application.is_submitted:
                    emit_submitted(uow, submitted, vacancy, status_url_for, AT_CLOSING, now)
                continue
            review = _review(application, reading, None, AT_CLOSING, now, CLOSING_NOTE)
            _submit(uow, application, reading, review, status_url_for, now, AT_CLOSING)
        uow.commit()
        return count


def replace_cv(
    uow: IntakeUnitOfWork,
    store: FileStore,
    reader: CvReader,
    application_id: str,
    cv_filename: str,
    cv_data: bytes,
) -> Application:
    """Keep the new CV (and the old one's record); it is read, then screened again."""
    now = datetime.now(UTC)
    with uow:
        application = existing_application(uow, application_id, lock=True)
        vacancy = uow.vacancies.get(application.vacancy_id)
        if vacancy is None:
            raise UnknownVacancy(application.vacancy_id)
        model.ensure_can_replace_cv(application, vacancy, now.date())
        sha256 = hashlib.sha256(cv_data).hexdigest()
        if sha256 == application.cv.sha256:
            raise ApplicationRefused(
                "This is the CV we already have for your application: nothing was replaced.",
                "same_cv",
            )
        holder = uow.applications.find_by_cv(vacancy.id, sha256)
        if holder is not None and holder != application.id:
            raise NotNow(
                "This CV was already sent to this vacancy with another application.",
                "cv_already_sent",
            )
        kind = reader.check_upload(cv_data, cv_filename)
        stored = store.save(application.id, cv_data, f".{kind}")
        filename = model.clean_filename(cv_filename)
        cv = model.StoredCv(filename, stored.path, stored.sha256, stored.size, kind)
        uow.applications.add_replaced_cv(
            model.ReplacedCv(application.id, application.vacancy_id, application.cv, now)
        )
        replaced = application.with_new_cv(cv)
        uow.applications.update(replaced)
        uow.emit(CV_REPLACED, {"application_id": application.id, "vacancy_id": vacancy.id})
        uow.record(
            "candidate",
            "cv.replaced",
            "application",
            application.id,
            before={"cv_sha256": application.cv.sha256, "stage": application.stage.value},
            after={"cv_sha256": stored.sha256, "cv_kind": kind, "stage": replaced.stage.value},
        )
        uow.commit()
        return replaced


def withdraw_application(
    uow: IntakeUnitOfWork, application_id: str, reason: str | None = None
) -> Application:
    """Withdraw, once: asking again changes nothing and emits nothing."""
    now = datetime.now(UTC)
    with uow:
        application = existing_application(uow, application_id, lock=True)
        if application.is_withdrawn:
            return application
        withdrawn = application.withdrawn(now, model.clean_withdrawal_reason(reason))
        uow.applications.update(withdrawn)
        uow.emit(
            APPLICATION_WITHDRAWN,
            {"application_id": application.id, "vacancy_id": application.vacancy_id},
        )
        uow.record(
            "candidate",
            "application.withdrawn",
            "application",
            application.id,
            before={"stage": application.stage.value},
            after={
                "stage": withdrawn.stage.value,
                "reason_given": bool(withdrawn.withdrawal_reason),
            },
        )
        uow.commit()
        return withdrawn


def _review(
    application: Application,
    reading: Mapping[str, Any],
    corrections: Corrections | None,
    confirmed_by: str,
    now: datetime,
    note: str | None = None,
) -> ProfileReview:
    read = reading["profile"] or {}
    confirmed = confirmed_profile(read, corrections)
    return ProfileReview(
        application_id=application.id,
        reading_id=reading.get("id"),
        cv_sha256=application.cv.sha256,
        profile_as_read=editable_profile(read),
        profile_confirmed=confirmed,
        changes=tuple(profile_changes(read, confirmed)),
        confirmed_by=confirmed_by,
        confirmed_at=now,
        note=note,
    )


def _submit(
    uow: IntakeUnitOfWork,
    application: Application,
    reading: Mapping[str, Any],
    review: ProfileReview,
    status_url_for: Callable[[str], str],
    now: datetime,
    actor: str,
) -> None:
    """Keep the review, move the application on, screen the profile, and say it went in."""
    uow.applications.add_review(review)
    submitted = application.submitted(now, review.note)
    uow.applications.update(submitted)
    by_candidate = review.by_candidate
    emit_cv_parsed(
        uow,
        submitted,
        reading["parser_version"],
        reading["attention_reason"],
        review.profile_confirmed,
        review if by_candidate else None,
    )
    uow.record(
        actor,
        "profile.confirmed" if by_candidate else "profile.submitted_as_read",
        "application",
        application.id,
        before={"stage": application.stage.value},
        after={
            "stage": submitted.stage.value,
            "reading_id": review.reading_id,
            "corrected": review.corrected,
            "changes": [change.code for change in review.changes],
        },
    )
    if not application.is_submitted:
        vacancy = uow.vacancies.get(application.vacancy_id)
        assert vacancy is not None
        emit_submitted(
            uow, submitted, vacancy, status_url_for, actor, now, candidate_confirmed=by_candidate
        )
