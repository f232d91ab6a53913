"""The emails about interviews and the panel's decision.

A candidate gets the private link to pick an interview slot; the candidate and every panel
member get each invitation, change and cancellation with its calendar file attached
(`text/calendar; method=REQUEST` or `CANCEL`); after the decision each candidate gets a
neutral mail with their own outcome (never the reasons, never scores, nobody else's
outcome) and each panel member the whole list with the reasons. Times are written in the
zone the slot was set in, with UTC beside it; the calendar file lets each calendar show
its own local time. Wording and structure only: no I/O. Message identity (Message-ID from
an idempotency key) is that of `messages`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from enum import StrEnum
from html import escape
from typing import Any

from services.notify.domain.calendar import Method
from services.notify.domain.messages import _new_message, _one_line

OUTCOME_WORDS = {
    "selected": "you have been selected for the position",
    "reserve": "you have been placed on the reserve list for the position",
    "not_selected": "you have not been selected for the position",
}
OUTCOME_LABELS = {"selected": "Selected", "reserve": "Reserve list", "not_selected": "Not selected"}


class Change(StrEnum):
    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


def picking_link(
    candidate_name: str,
    candidate_email: str,
    vacancy_title: str,
    picking_url: str,
    sender: str,
    *,
    idempotency_key: str,
    date: datetime | None = None,
) -> EmailMessage:
    name, title = _one_line(candidate_name), _one_line(vacancy_title)
    message = _new_message(
        sender=sender,
        recipient=Address(display_name=name, addr_spec=candidate_email),
        subject=f"Interview for {title}: please choose a time",
        idempotency_key=idempotency_key,
        date=date,
    )
    text = (
        f"Dear {name},\n\nWe are pleased to invite you to an interview for the position of "
        f"{title}.\n\nPlease choose the time that suits you on your private page, where the "
        f"times can be shown in your own time zone:\n\n{picking_url}\n\nPlease keep the link "
        "to yourself: anyone who has it can choose or give back your interview time.\n\n"
        "Kind regards,\nThe recruitment secretariat\n"
    )
    url = escape(picking_url, quote=True)
    html = (
        f"<html><body><p>Dear {escape(name)},</p><p>We are pleased to invite you to an "
        f"interview for the position of <strong>{escape(title)}</strong>.</p><p>Please "
        f'<a href="{url}">choose the time that suits you</a> on your private page:<br>{url}'
        "</p><p>Please keep the link to yourself.</p><p>Kind regards,<br>The recruitment "
        "secretariat</p></body></html>"
    )
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def interview_mail(
    *,
    recipient_name: str,
    recipient_email: str,
    to_candidate: bool,
    change: Change,
    candidate_name: str,
    vacancy_title: str,
    starts_at: datetime,
    duration: timedelta,
    location: str,
    previous_starts_at: datetime | None,
    calendar: bytes,
    sender: str,
    idempotency_key: str,
    date: datetime | None = None,
) -> EmailMessage:
    """An invitation, change or cancellation with its calendar file, to one person."""
    title = _one_line(vacancy_title)
    who = "your interview" if to_candidate else f"the interview with {_one_line(candidate_name)}"
    subjects = {
        Change.SCHEDULED: f"Interview invitation: {title}",
        Change.RESCHEDULED: f"Interview moved: {title}",
        Change.CANCELLED: f"Interview cancelled: {title}",
    }
    message = _new_message(
        sender=sender,
        recipient=Address(display_name=_one_line(recipient_name), addr_spec=recipient_email),
        subject=subjects[change],
        idempotency_key=idempotency_key,
        date=date,
    )
    when = when_text(starts_at, duration)
    lines = [f"Dear {_one_line(recipient_name)},", ""]
    if change is Change.CANCELLED:
        lines.append(f"{_capital(who)} for the position of {title}, on {when}, is cancelled.")
    elif change is Change.RESCHEDULED:
        lines.append(f"{_capital(who)} for the position of {title} has moved.")
        if previous_starts_at is not None:
            lines.append(f"It was: {when_text(previous_starts_at, duration)}")
        lines.append(f"It is now: {when}")
    else:
        lines.append(f"{_capital(who)} for the position of {title} is on {when}.")
    if location and change is not Change.CANCELLED:
        lines.append(f"Where: {location}")
    lines += [
        "",
        "The attached calendar file updates your calendar.",
        "",
        "Kind regards,",
        "The recruitment secretariat",
        "",
    ]
    text = "\n".join(lines)
    message.set_content(text)
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    message.add_alternative(f"<html><body>{paragraphs}</body></html>", subtype="html")
    method = Method.CANCEL if change is Change.CANCELLED else Method.REQUEST
    message.add_attachment(
        calendar,
        maintype="text",
        subtype="calendar",
        filename="interview.ics",
        params={"method": method.value},
    )
    return message


def decision_to_candidate(
    candidate_name: str,
    candidate_email: str,
    vacancy_title: str,
    outcome: str,
    sender: str,
    *,
    idempotency_key: str,
    date: datetime | None = None,
) -> EmailMessage:
    name, title = _one_line(candidate_name), _one_line(vacancy_title)
    message = _new_message(
        sender=sender,
        recipient=Address(display_name=name, addr_spec=candidate_email),
        subject=f"The outcome of your application: {title}",
        idempotency_key=idempotency_key,
        date=date,
    )
    text = (
        f"Dear {name},\n\nThank you for the time you gave to the interview for the position "
        f"of {title}. The selection panel has completed its work, and "
        f"{OUTCOME_WORDS[outcome]}.\n\n"
        + (
            "The secretariat will contact you about the next steps.\n\n"
            if outcome == "selected"
            else "We will contact you should the position become available to you.\n\n"
            if outcome == "reserve"
            else "We thank you for your interest and wish you every success.\n\n"
        )
        + "Kind regards,\nThe recruitment secretariat\n"
    )
    message.set_content(text)
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.strip().split("\n\n"))
    message.add_alternative(f"<html><body>{paragraphs}</body></html>", subtype="html")
    return message


def decision_to_panel(
    member_name: str,
    member_email: str,
    vacancy_title: str,
    decisions: Sequence[Mapping[str, Any]],
    sender: str,
    *,
    idempotency_key: str,
    date: datetime | None = None,
) -> EmailMessage:
    title = _one_line(vacancy_title)
    message = _new_message(
        sender=sender,
        recipient=Address(display_name=_one_line(member_name), addr_spec=member_email),
        subject=f"The panel's decision: {title}",
        idempotency_key=idempotency_key,
        date=date,
    )
    rows = [
        (_one_line(str(d["candidate_name"])), OUTCOME_LABELS[d["outcome"]], str(d["reason"]))
        for d in decisions
    ]
    text = (
        f"Dear {_one_line(member_name)},\n\nThe panel's decision for the position of {title} "
        "has been recorded and the candidates have been told their outcome.\n\n"
        + "\n".join(f"- {n}: {o}. Reason: {' '.join(r.split())}" for n, o, r in rows)
        + "\n\nThe recruitment secretariat\n"
    )
    message.set_content(text)
    body = "".join(
        f"<tr><td>{escape(n)}</td><td>{escape(o)}</td><td>{escape(r)}</td></tr>" for n, o, r in rows
    )
    message.add_alternative(
        f"<html><body><p>The panel's decision for the position of <strong>{escape(title)}"
        '</strong>:</p><table border="1" cellpadding="4" cellspacing="0"><tr><th>Candidate'
        f"</th><th>Outcome</th><th>Reason</th></tr>{body}</table></body></html>",
        subtype="html",
    )
    return message


def when_text(starts_at: datetime, duration: timedelta) -> str:
    """'Tuesday 24 March 2026, 10:00 to 12:00 (Europe/Zurich; 09:00 UTC)'."""
    ends_at = (starts_at.astimezone(UTC) + duration).astimezone(starts_at.tzinfo)
    utc = starts_at.astimezone(UTC)
    return (
        f"{starts_at:%A} {starts_at.day} {starts_at:%B %Y}, {starts_at:%H:%M} to "
        f"{ends_at:%H:%M} ({starts_at.tzinfo}; {utc:%H:%M} UTC)"
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
