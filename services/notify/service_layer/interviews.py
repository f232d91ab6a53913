"""Notify's use cases for interviews and the panel's decision: keep candidates' contacts,
and queue the picking-link mail, the invitations, changes and cancellations (each with a
calendar file) and the decision mails.

Like every notify mail, each one is queued once under an idempotency key in the
transaction that handles its event, so a redelivered event queues nothing new. Keys of
mails about one candidate start with their application id (`<application id>:...`), so an
erasure finds them. An invitation goes to the candidate (whose calendar file lists only
them) and to every panel member (whose file lists the panel and the candidate); all
copies share the candidate's calendar UID and the event's sequence.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from services.notify.domain import interview_messages as mails
from services.notify.domain.calendar import Interview, Method, Person, calendar_file
from services.notify.domain.contacts import CandidateContact
from services.notify.service_layer.services import queue_mail
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork

SYSTEM = "system:notify"


class UnknownCandidateContact(LookupError):
    """A mail for an application notify has no address for (yet): worth retrying."""


def remember_candidate(uow: NotifyUnitOfWork, payload: dict[str, Any]) -> None:
    with uow:
        uow.candidates.save(
            CandidateContact(
                payload["application_id"],
                payload["vacancy_id"],
                payload["candidate_name"],
                payload["candidate_email"],
            )
        )
        uow.commit()


def forget_candidate(uow: NotifyUnitOfWork, payload: dict[str, Any]) -> None:
    with uow:
        if uow.candidates.forget(payload["application_id"]):
            uow.record(SYSTEM, "candidate.contact_erased", "application", payload["application_id"])
        uow.commit()


def send_picking_link(uow: NotifyUnitOfWork, payload: dict[str, Any], sender: str) -> None:
    with uow:
        candidate = _candidate(uow, payload["application_id"])
        key = f"{candidate.application_id}:interview_link"
        message = mails.picking_link(
            candidate.name,
            candidate.email,
            payload["vacancy_title"],
            payload["picking_url"],
            sender,
            idempotency_key=key,
        )
        queue_mail(uow, key, "interview_link", message, candidate.application_id)
        uow.commit()


def send_interview(
    uow: NotifyUnitOfWork, payload: dict[str, Any], change: mails.Change, sender: str
) -> None:
    """The invitation, change or cancellation, to the candidate and every panel member."""
    with uow:
        candidate = _candidate(uow, payload["application_id"])
        contact = uow.contacts.get(payload["vacancy_id"])
        organizer = Person(*_organizer(contact, sender))
        zone = ZoneInfo(payload["time_zone"])
        starts_at = _aware(payload["starts_at"]).astimezone(zone)
        previous = payload.get("previous_starts_at")
        previous_at = _aware(previous).astimezone(zone) if previous else None
        duration = timedelta(minutes=payload["duration_minutes"])
        method = Method.CANCEL if change is mails.Change.CANCELLED else Method.REQUEST
        panel = [Person(m.get("name") or m["username"], m["email"]) for m in payload["panel"]]
        candidate_person = Person(candidate.name, candidate.email)
        title = " ".join(payload["vacancy_title"].split())

        def interview(attendees: list[Person], summary: str, description: str) -> Interview:
            return Interview(
                uid=payload["calendar_uid"],
                sequence=payload["sequence"],
                starts_at=starts_at,
                duration=duration,
                summary=summary,
                description=description,
                location=payload.get("location") or "",
                organizer=organizer,
                attendees=attendees,
            )

        base_key = f"{candidate.application_id}:interview:{payload['sequence']}"
        recipients = [(candidate_person, True, base_key)] + [
            (person, False, f"{base_key}:{member['username']}")
            for person, member in zip(panel, payload["panel"], strict=True)
        ]
        for person, to_candidate, key in recipients:
            if to_candidate:
                ics = interview(
                    [candidate_person],
                    f"Interview: {title}",
                    f"Your interview for the position of {title}.",
                )
            else:
                ics = interview(
                    [*panel, candidate_person],
                    f"Interview with {candidate.name}: {title}",
                    f"Interview of {candidate.name} for the position of {title}.",
                )
            message = mails.interview_mail(
                recipient_name=person.name,
                recipient_email=person.email,
                to_candidate=to_candidate,
                change=change,
                candidate_name=candidate.name,
                vacancy_title=title,
                starts_at=starts_at,
                duration=duration,
                location=payload.get("location") or "",
                previous_starts_at=previous_at,
                calendar=calendar_file(ics, method),
                sender=sender,
                idempotency_key=key,
            )
            queue_mail(uow, key, f"interview_{change.value}", message, candidate.application_id)
        uow.commit()


def send_decision(uow: NotifyUnitOfWork, payload: dict[str, Any], sender: str) -> None:
    """Each candidate their own outcome; each panel member the list with the reasons."""
    with uow:
        for decision in payload["decisions"]:
            candidate = _candidate(uow, decision["application_id"])
            key = f"{candidate.application_id}:decision"
            message = mails.decision_to_candidate(
                candidate.name,
                candidate.email,
                payload["vacancy_title"],
                decision["outcome"],
                sender,
                idempotency_key=key,
            )
            queue_mail(uow, key, "decision", message, candidate.application_id)
        for member in payload["panel"]:
            key = f"decision:{payload['vacancy_id']}:{member['username']}"
            message = mails.decision_to_panel(
                member.get("name") or member["username"],
                member["email"],
                payload["vacancy_title"],
                payload["decisions"],
                sender,
                idempotency_key=key,
            )
            queue_mail(uow, key, "decision_panel", message, payload["vacancy_id"])
        uow.commit()


def _candidate(uow: NotifyUnitOfWork, application_id: str) -> CandidateContact:
    candidate = uow.candidates.get(application_id)
    if candidate is None:
        raise UnknownCandidateContact(application_id)
    return candidate


def _organizer(contact: dict[str, Any] | None, sender: str) -> tuple[str, str]:
    if contact is not None:
        return ("Recruitment secretariat", contact["contact_email"])
    name, address = parseaddr(sender)
    return (name or "Recruitment secretariat", address)


def _aware(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
