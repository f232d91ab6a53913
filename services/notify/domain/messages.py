"""The emails shortlist sends, built as standard-library `EmailMessage` objects.

This module owns the wording and structure of each email (a plain-text body with a simple
HTML alternative) and its identity: every message carries a Message-ID derived from an
idempotency key chosen by the caller (for example the triggering event's id plus the
template name), so a mail sent again after a crash has the same Message-ID and the
receiving side can recognise the duplicate. It does no I/O; sending is someone else's job.
"""

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from typing import Any

MESSAGE_ID_DOMAIN = "shortlist"
RESULT_COLUMNS = ("Rank", "Candidate", "Weighted mean", "Median", "Min", "Max")


def message_id_for(idempotency_key: str) -> str:
    """The Message-ID every send of the mail identified by `idempotency_key` carries."""
    if not idempotency_key:
        raise ValueError("An idempotency key is needed to give the email a stable Message-ID.")
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{MESSAGE_ID_DOMAIN}>"


def acknowledgement(
    candidate_name: str,
    candidate_email: str,
    vacancy_title: str,
    status_url: str,
    sender: str,
    *,
    idempotency_key: str,
    date: datetime | None = None,
) -> EmailMessage:
    """The candidate's receipt for an application, with the private status-page link."""
    name = _one_line(candidate_name)
    title = _one_line(vacancy_title)
    message = _new_message(
        sender=sender,
        recipient=Address(display_name=name, addr_spec=candidate_email),
        subject=f"We have received your application: {title}",
        idempotency_key=idempotency_key,
        date=date,
    )
    message.set_content(_acknowledgement_text(name, title, status_url))
    message.add_alternative(_acknowledgement_html(name, title, status_url), subtype="html")
    return message


def panel_completed(
    secretariat_email: str,
    vacancy_title: str,
    results: Sequence[Mapping[str, Any]],
    sender: str,
    *,
    idempotency_key: str,
    date: datetime | None = None,
) -> EmailMessage:
    """Tells the secretariat that every panel member has scored, with the ranked results.

    Each result holds `candidate_name`, `weighted_mean`, `median`, `min`, `max` and `rank`
    (the shape of the scoring service's candidate results).
    """
    title = _one_line(vacancy_title)
    rows = [_result_row(result) for result in _in_rank_order(results)]
    message = _new_message(
        sender=sender,
        recipient=Address(addr_spec=secretariat_email),
        subject=f"All interview scores are in: {title}",
        idempotency_key=idempotency_key,
        date=date,
    )
    message.set_content(_panel_completed_text(title, rows))
    message.add_alternative(_panel_completed_html(title, rows), subtype="html")
    return message


def _new_message(
    *,
    sender: str,
    recipient: Address,
    subject: str,
    idempotency_key: str,
    date: datetime | None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(_aware(date or datetime.now(UTC)))
    message["Message-ID"] = message_id_for(idempotency_key)
    return message


def _acknowledgement_text(name: str, title: str, status_url: str) -> str:
    return f"""\
Dear {name},

Thank you for applying for the position of {title}. We have received your application.

What happens next: after the closing date the recruitment secretariat reviews every
application against the Terms of Reference. Shortlisted candidates are invited to an
interview with the selection panel. We will write to you at this address whatever the
outcome.

You can follow the progress of your application on your private status page:

{status_url}

On that page you can also withdraw your application or ask us to erase your personal data.
Please keep the link to yourself: anyone who has it can see your application.

Kind regards,
The recruitment secretariat
"""


def _acknowledgement_html(name: str, title: str, status_url: str) -> str:
    url = escape(status_url, quote=True)
    return f"""\
<html>
<body>
<p>Dear {escape(name)},</p>
<p>Thank you for applying for the position of <strong>{escape(title)}</strong>.
We have received your application.</p>
<p><strong>What happens next:</strong> after the closing date the recruitment secretariat
reviews every application against the Terms of Reference. Shortlisted candidates are invited
to an interview with the selection panel. We will write to you at this address whatever the
outcome.</p>
<p>You can follow the progress of your application on your
<a href="{url}">private status page</a>:<br>{url}</p>
<p>On that page you can also withdraw your application or ask us to erase your personal
data. Please keep the link to yourself: anyone who has it can see your application.</p>
<p>Kind regards,<br>The recruitment secretariat</p>
</body>
</html>
"""


def _panel_completed_text(title: str, rows: Sequence[tuple[str, ...]]) -> str:
    return f"""\
Dear colleagues,

Every member of the interview panel has submitted scores for every shortlisted candidate
for the position of {title}. The debrief can start.

Results by weighted mean (scale 1 to 5; candidates with equal means share a rank):

{_text_table(rows)}

The full results, including the spread of scores per competency, are on the debrief page.

The shortlist notification service
"""


def _panel_completed_html(title: str, rows: Sequence[tuple[str, ...]]) -> str:
    header = "".join(f"<th>{escape(column)}</th>" for column in RESULT_COLUMNS)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"""\
<html>
<body>
<p>Dear colleagues,</p>
<p>Every member of the interview panel has submitted scores for every shortlisted candidate
for the position of <strong>{escape(title)}</strong>. The debrief can start.</p>
<p>Results by weighted mean (scale 1 to 5; candidates with equal means share a rank):</p>
<table border="1" cellpadding="4" cellspacing="0">
<tr>{header}</tr>
{body}
</table>
<p>The full results, including the spread of scores per competency, are on the debrief
page.</p>
<p>The shortlist notification service</p>
</body>
</html>
"""


def _in_rank_order(results: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(results, key=lambda r: (r["rank"], str(r["candidate_name"]).casefold()))


def _result_row(result: Mapping[str, Any]) -> tuple[str, ...]:
    return (
        str(result["rank"]),
        _one_line(str(result["candidate_name"])),
        f"{result['weighted_mean']:.2f}",
        f"{result['median']:.2f}",
        f"{result['min']:.2f}",
        f"{result['max']:.2f}",
    )


def _text_table(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in [RESULT_COLUMNS, *rows]) for i in range(6)]
    lines = [RESULT_COLUMNS, tuple("-" * width for width in widths), *rows]
    return "\n".join("  ".join(_aligned(line, widths)).rstrip() for line in lines)


def _aligned(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
    # Candidate names read left-aligned; rank and figures line up on the right.
    return [
        cell.ljust(width) if column == 1 else cell.rjust(width)
        for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]


def _one_line(text: str) -> str:
    # Names and titles come from forms and documents; a line break in a header is refused
    # by the email package, and in a sentence it is never meant.
    return " ".join(text.split())


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("The Date of an email needs a time zone (use an aware datetime).")
    return moment
