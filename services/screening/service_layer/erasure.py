"""What screening does when a candidate withdraws or has their data erased (from intake).

`record_withdrawal` (on `application.withdrawn`) records the candidate's withdrawal as the
application's decision, final, and takes it off any list. `erase_candidate` (on
`candidate.erased`) removes the candidate's data: the profile read from the CV, the
figures, evidence and passages of the verdicts (they quote the CV) in the latest
screening and in every earlier one, the free-text reasons of overrides, decisions and
list moves, the texts of the panel's comments (which become `ERASED_COMMENT`, their
authors and times kept), and the name, which becomes `ERASED_NAME`; the verdict codes,
proposals, decisions and list moves stay as an anonymised record, and the applicants list follows
(the repository writes its rows on `save`). Both tolerate an application screening never
heard of and change nothing when asked again. An erased application is never screened
again (`is_erased`): a CV read before the erasure may still be on its way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from services.screening.domain.panel_review import ERASED_COMMENT
from services.screening.domain.vacancies import ListMove, ScreenedApplication
from services.screening.service_layer.unit_of_work import ScreeningUnitOfWork
from shared.messaging.events import ERASED_NAME

SYSTEM = "system:screening"


def is_erased_application(application: ScreenedApplication) -> bool:
    return application.candidate_name == ERASED_NAME and not application.profile


def is_erased(uow: ScreeningUnitOfWork, payload: Mapping[str, Any]) -> bool:
    """Whether this event is about a candidate whose data was erased."""
    if payload.get("candidate_name") == ERASED_NAME:
        return True
    with uow:
        application = uow.applications.get(payload["application_id"])
        return application is not None and is_erased_application(application)


def erase_candidate(uow: ScreeningUnitOfWork, payload: Mapping[str, Any]) -> bool:
    """Erase the candidate's data; False when there was nothing (left) to erase."""
    application_id = payload["application_id"]
    with uow:
        application = uow.applications.get(application_id, lock=True)
        if application is None or is_erased_application(application):
            return False
        erased = application.erased(ERASED_NAME)
        uow.applications.save(erased)
        uow.applications.erase_history(application_id, ERASED_NAME)
        uow.erase_audit_texts(application_id)
        uow.panels.erase_comments(application_id, ERASED_COMMENT)
        uow.record(
            SYSTEM,
            "candidate.erased",
            "application",
            application_id,
            after={"list_stage": erased.list_stage.value, "decision": erased.decision.value},
        )
        uow.commit()
        return True


def record_withdrawal(
    uow: ScreeningUnitOfWork, payload: Mapping[str, Any], now: datetime | None = None
) -> bool:
    """The candidate withdrew: a final decision, off any list; False when nothing changed."""
    now = now or datetime.now(UTC)
    application_id = payload["application_id"]
    with uow:
        application = uow.applications.get(application_id, lock=True)
        if application is None:
            return False
        decided = application.withdrawn(now)
        if decided is None:
            return False
        withdrawn, record = decided
        uow.applications.save(withdrawn)
        uow.applications.add_decision(record)
        if application.list_stage is not withdrawn.list_stage:
            uow.applications.add_list_move(
                ListMove(
                    application_id,
                    application.list_stage,
                    withdrawn.list_stage,
                    record.by,
                    now,
                    record.reason,
                )
            )
        uow.record(
            "candidate",
            "application.withdrawn",
            "application",
            application_id,
            before={
                "decision": application.decision.value,
                "list_stage": application.list_stage.value,
            },
            after={"decision": withdrawn.decision.value, "list_stage": withdrawn.list_stage.value},
        )
        uow.commit()
        return True
