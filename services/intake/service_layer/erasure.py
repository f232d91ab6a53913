"""Erasure ("right to be forgotten"), asked for by the candidate from their private link.

`erase_application` deletes the stored CV files (current and replaced), what was read
from them and the profiles the candidate confirmed, the cover letter, the withdrawal
reason, name and email, the voluntary diversity answers, and the interview picking link,
interview details and outcome kept for the status page; it keeps the application's
row as an anonymised record for the statistics and the audit trail: vacancy, dates, the
stage it had reached (`erased_from_stage`) and `erased_at`, its name replaced by
`ERASED_NAME` and its email by a unique address that no mail can reach (so the duplicate
check never refuses a fresh application by the same person). The diversity answers are
deleted, not kept detached: they are keyed by the application id, which the other
services' anonymised records and the candidate's own link still carry, and within one
vacancy's small pool gender with nationality can single a person out, so there is no
way to keep them unlinkable. The application is withdrawn if it was not, and
`candidate.erased` asks the other services to do their part. Events already in intake's
outbox lose the candidate's data too. Asking again changes nothing and emits nothing.
Files are deleted before the commit: a commit that fails leaves an application whose
files are already gone, which asking again completes; the other order could leave files
that nothing points at any more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from services.intake.domain.applications import Application, Stage, StoredCv
from services.intake.service_layer.services import existing_application
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork
from shared.messaging.events import CANDIDATE_ERASED, ERASED_NAME, erased_email
from shared.storage import FileStore

CANDIDATE = "candidate"
ERASED_FILENAME = "erased"
CONFIRMATION_NEEDED = (
    "Erasure deletes your CV files, what we read from them, your cover letter, your name,"
    " your email address and your diversity answers, in every part of the system, and"
    " withdraws your application; it cannot be undone. Only an anonymous record (the"
    " vacancy, the dates and the stage reached) is kept for statistics. Send"
    ' {"confirm": true} to erase.'
)


@dataclass(frozen=True)
class Erasure:
    """An application whose candidate's data was erased: nothing personal left."""

    application_id: str
    vacancy_id: str
    erased_at: datetime
    stage_reached: Stage


def anonymised(application: Application, now: datetime) -> Application:
    """The application as kept after erasure: withdrawn, nothing of the person left."""
    withdrawn = application if application.is_withdrawn else application.withdrawn(now, None)
    return replace(
        withdrawn,
        candidate_name=ERASED_NAME,
        candidate_email=erased_email(application.id),
        cover_letter=None,
        withdrawal_reason=None,
        cv=StoredCv(ERASED_FILENAME, "", "", application.cv.size, application.cv.kind),
    )


def erase_application(
    uow: IntakeUnitOfWork,
    store: FileStore,
    application_id: str,
    now: datetime | None = None,
) -> Erasure:
    """Erase the candidate's data from intake and ask the other services to (once)."""
    now = now or datetime.now(UTC)
    with uow:
        application = existing_application(uow, application_id, lock=True)
        erased_at = uow.applications.erased_at(application_id)
        if erased_at is not None:
            return Erasure(application.id, application.vacancy_id, erased_at, application.stage)
        paths = [application.cv.path] + [
            replaced.cv.path for replaced in uow.applications.replaced_cvs(application_id)
        ]
        uow.applications.erase(anonymised(application, now), now, application.stage)
        uow.diversity.forget(application_id)
        uow.interviews.forget(application_id)
        uow.erase_audit_texts(application_id)
        for path in paths:
            if path:
                store.delete(path)
        uow.emit(
            CANDIDATE_ERASED,
            {"application_id": application.id, "vacancy_id": application.vacancy_id},
        )
        uow.record(
            CANDIDATE,
            "candidate.erased",
            "application",
            application.id,
            before={"stage": application.stage.value},
            after={"stage": Stage.WITHDRAWN.value, "cv_files_deleted": len(paths)},
        )
        uow.commit()
        return Erasure(application.id, application.vacancy_id, now, application.stage)


def erased_at(uow: IntakeUnitOfWork, application_id: str) -> datetime | None:
    """When the application's candidate had their data erased (None: never, or unknown)."""
    with uow:
        return uow.applications.erased_at(application_id)
