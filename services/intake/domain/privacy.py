"""The privacy notice a candidate consents to, kept version by version.

Consent is recorded with the version of the notice the candidate was shown, so the
notice of every version ever shown stays here, unchanged: a new wording is a new entry
in `NOTICES` and a new `CURRENT_VERSION`, never an edit of an old one. `privacy_notice()`
returns the current notice (or a named version) for the application form, and
`is_known_version()` lets intake refuse a consent to a notice that never existed. The
text names no organisation or post: it serves any vacancy of any installation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PrivacyNotice:
    version: str
    published_on: date
    text: str


_NOTICE_2025_1 = """\
How we use the personal data in your application

Who is responsible. The recruitment secretariat of the organisation that published this
vacancy processes your data to run this recruitment, and only for that purpose.

What we keep. Your name and email address, your CV and any cover letter, the profile read
from your CV (education, positions, languages) and any corrections you make to it, the
screening of your application against the vacancy's Terms of Reference, and, if you are
shortlisted, the interview panel's scores and notes.

Who sees it. The recruitment secretariat and, for shortlisted candidates, the members of
the interview panel. Your CV is read by software that proposes how it meets each
criterion; a person reviews every proposal and no decision is taken by the software alone.

Voluntary diversity information. Answering the questions on gender and nationality or
region is optional, and "prefer not to say" is always an answer. The answers are stored
apart from your application, are never shown to the secretariat's screeners or to the
panel, and are used only in counts for equal-opportunity reports, in which no group of
fewer than five people is shown.

How long. Your data is kept for the recruitment and for the period the organisation's
rules require afterwards for audit and appeals; then it is erased, except for anonymous
counts.

Your rights. From the private link in your acknowledgement email you can follow your
application, replace your CV, withdraw your application and ask for your data to be
erased. You may also ask the secretariat for a copy of your data or its correction.

By ticking the consent box you agree to this processing. Without that consent we cannot
consider your application.
"""

NOTICES: dict[str, PrivacyNotice] = {
    "2025-1": PrivacyNotice("2025-1", date(2025, 1, 1), _NOTICE_2025_1),
}
CURRENT_VERSION = "2025-1"


class UnknownPrivacyNotice(LookupError):
    pass


def privacy_notice(version: str | None = None) -> PrivacyNotice:
    """The notice of `version`, or the current one; `UnknownPrivacyNotice` for no such one."""
    try:
        return NOTICES[version or CURRENT_VERSION]
    except KeyError:
        raise UnknownPrivacyNotice(version) from None


def is_known_version(version: str) -> bool:
    return version in NOTICES
