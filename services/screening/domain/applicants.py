"""The secretariat's list of a vacancy's applicants: the query, its rows, its counts, and
the neutral codes of blind mode.

An `ApplicantQuery` is what the list is asked for: a page of 50, a proposal, a decision, a
list stage, a verdict on one criterion, a piece of a name, a sort. `from_args` reads it
from a page's query string and never fails: an unknown or malformed value falls back to
its default, so a bookmarked or hand-edited address always shows a list. The repository
answers it in SQL (filter, sort, count, page) with `ApplicantRow`s that carry only what the
list shows, never the profile. In blind mode a person is shown by `neutral_code`, a short
code derived from the application id (stable, so the secretariat can talk about "C-1F3A…"
across pages), and a vacancy is blind when its criteria say so (`settings.blind`, or a
top-level `blind`, as the criteria file's other settings are kept). `blinded` is what
blind mode shows of an application, on the pages and in the JSON API alike: the code for
the name, and the profile without the contact details and without anything that tells
who the person is (photo, gender, age, date of birth, nationality).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from math import ceil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.screening.domain.vacancies import ScreenedApplication

PAGE_SIZE = 50
MAX_SEARCH = 100
PROPOSALS = ("long_list", "needs_review", "not_eligible")
VERDICTS = ("met", "not_met", "unclear")
DECISIONS = ("pending", "rejected")
STAGES = ("none", "long_list", "short_list")
# each sort and the direction it takes unless asked otherwise
SORTS: Mapping[str, str] = {
    "name": "asc",
    "screened": "desc",
    "proposal": "asc",
    "mandatory_met": "desc",
}
ORDERS = ("asc", "desc")


def neutral_code(application_id: str) -> str:
    """The code that stands for the candidate in blind mode: the same for an application
    wherever it is shown, and telling nothing about the person."""
    return "C-" + hashlib.sha256(application_id.encode()).hexdigest()[:8].upper()


# what blind mode leaves out of a profile, wherever a parser or a correction put it
PERSONAL_DETAILS = frozenset(
    {
        "contact",
        "name",
        "email",
        "phone",
        "photo",
        "picture",
        "gender",
        "sex",
        "age",
        "date_of_birth",
        "birth_date",
        "birthdate",
        "dob",
        "nationality",
        "nationalities",
        "citizenship",
        "marital_status",
        "address",
    }
)


def shown_name(application_id: str, candidate_name: str, blind: bool) -> str:
    """The candidate's name, or in blind mode their neutral code."""
    return neutral_code(application_id) if blind else candidate_name


def blinded_profile(profile: Mapping[str, Any] | None) -> dict[str, Any]:
    """The profile as blind mode shows it: without the personal details above."""
    if not isinstance(profile, Mapping):
        return {}
    return {
        key: value for key, value in profile.items() if str(key).lower() not in PERSONAL_DETAILS
    }


def blinded(application: ScreenedApplication) -> ScreenedApplication:
    """The application as blind mode shows it: the neutral code for the name, the profile
    without the personal details."""
    return replace(
        application,
        candidate_name=shown_name(application.application_id, application.candidate_name, True),
        profile=blinded_profile(application.profile),
    )


def is_blind(criteria: Mapping[str, Any] | None) -> bool:
    """Whether a vacancy's criteria ask for blind screening."""
    if not isinstance(criteria, Mapping):
        return False
    settings = criteria.get("settings")
    if isinstance(settings, Mapping) and settings.get("blind") is True:
        return True
    return criteria.get("blind") is True


def _choice(value: Any, allowed: Collection[str]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


@dataclass(frozen=True)
class ApplicantQuery:
    search: str = ""
    proposal: str | None = None
    decision: str | None = None
    stage: str | None = None
    criterion_id: str | None = None
    verdict: str | None = None
    sort: str = "name"
    order: str = "asc"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ApplicantQuery:
        """The query a page's address asks for; anything unusable is left at its default."""
        sort = _choice(args.get("sort"), SORTS) or "name"
        try:
            page = max(1, min(int(str(args.get("page", "1")).strip()), 1_000_000))
        except ValueError:
            page = 1
        criterion = args.get("criterion")
        return cls(
            search=" ".join(str(args.get("q") or "").split())[:MAX_SEARCH],
            proposal=_choice(args.get("proposal"), PROPOSALS),
            decision=_choice(args.get("decision"), DECISIONS),
            stage=_choice(args.get("stage"), STAGES),
            criterion_id=criterion[:100] if isinstance(criterion, str) and criterion else None,
            verdict=_choice(args.get("verdict"), VERDICTS),
            sort=sort,
            order=_choice(args.get("order"), ORDERS) or SORTS[sort],
            page=page,
        )

    def for_criteria(self, criterion_ids: Collection[str]) -> ApplicantQuery:
        """The query without a criterion the vacancy does not have."""
        if self.criterion_id is None or self.criterion_id in criterion_ids:
            return self
        return replace(self, criterion_id=None)

    @property
    def verdict_filter(self) -> tuple[str, str] | None:
        if self.criterion_id and self.verdict:
            return self.criterion_id, self.verdict
        return None

    @property
    def descending(self) -> bool:
        return self.order == "desc"

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def on_page(self, page: int) -> ApplicantQuery:
        return replace(self, page=page)

    def to_args(self, **changes: Any) -> dict[str, str]:
        """The query string of this query (with `changes`), without its defaults."""
        query = replace(self, **changes)
        args = {
            "q": query.search,
            "proposal": query.proposal,
            "decision": query.decision,
            "stage": query.stage,
            "criterion": query.criterion_id,
            "verdict": query.verdict,
            "sort": None if query.sort == "name" else query.sort,
            "order": None if query.order == SORTS[query.sort] else query.order,
            "page": None if query.page == 1 else str(query.page),
        }
        return {key: value for key, value in args.items() if value}

    def sorted_by(self, sort: str) -> dict[str, str]:
        """The query string that sorts by `sort`, the other way round if it already does."""
        flipped = "asc" if self.descending else "desc"
        order = flipped if sort == self.sort else SORTS[sort]
        return self.to_args(sort=sort, order=order, page=1)


@dataclass(frozen=True)
class VerdictCell:
    verdict: str
    overridden: bool = False


@dataclass(frozen=True)
class ApplicantRow:
    """One line of the list: what it shows, and nothing of the profile."""

    application_id: str
    candidate_name: str
    candidate_code: str
    proposal: str | None  # effective, after the overrides
    machine_proposal: str | None
    list_stage: str
    decision: str
    screened_at: datetime | None
    needs_attention: bool
    mandatory_met: int
    verdicts: Mapping[str, VerdictCell] = field(default_factory=dict)

    def shown_name(self, blind: bool) -> str:
        return self.candidate_code if blind else self.candidate_name


@dataclass(frozen=True)
class ApplicantCounts:
    """How many applications of the vacancy are at each proposal, list stage and decision
    (`None`: not screened yet)."""

    total: int = 0
    proposals: Mapping[str | None, int] = field(default_factory=dict)
    stages: Mapping[str, int] = field(default_factory=dict)
    decisions: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ApplicantPage:
    query: ApplicantQuery
    rows: list[ApplicantRow]
    matching: int
    counts: ApplicantCounts

    @property
    def pages(self) -> int:
        return last_page(self.matching)

    @property
    def first_shown(self) -> int:
        return self.query.offset + 1 if self.rows else 0

    @property
    def last_shown(self) -> int:
        return self.query.offset + len(self.rows)


def last_page(matching: int) -> int:
    return max(1, ceil(matching / PAGE_SIZE))
