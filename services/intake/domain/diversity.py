"""Voluntary diversity answers, and the only thing ever read from them: suppressed counts.

A candidate may answer, or not, three questions: gender, nationality (an ISO 3166-1
alpha-2 code) and region (the United Nations regional groups); "prefer not to say" is
always an answer. `DiversityAnswers` is what is kept, apart from the application, keyed
by its id. No event, audit entry or endpoint of the secretariat or the panel carries
it; the reporting code reads it only through `aggregate()`, which counts the answers of
a vacancy's applications at one stage and suppresses every group of fewer than
`MIN_GROUP` people: such a group is left out, and only the number of groups left out is
said (not their names or sizes, which would point at the few people in them). Questions
left unanswered count as "not_answered". Plain Python, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pycountry

PREFER_NOT_TO_SAY = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"
MIN_GROUP = 5
GENDERS: tuple[str, ...] = ("woman", "man", "non_binary", "another", PREFER_NOT_TO_SAY)
REGIONS: tuple[str, ...] = (
    "african",
    "asia_pacific",
    "eastern_european",
    "latin_american_and_caribbean",
    "western_european_and_others",
    PREFER_NOT_TO_SAY,
)
QUESTIONS: tuple[str, ...] = ("gender", "nationality", "region")


class InvalidDiversityAnswer(ValueError):
    """An answer that is none of the choices; `question` names which."""

    def __init__(self, question: str, message: str) -> None:
        super().__init__(message)
        self.question = question
        self.message = message


@dataclass(frozen=True)
class DiversityAnswers:
    gender: str | None = None
    nationality: str | None = None
    region: str | None = None

    @property
    def answered(self) -> bool:
        return any(getattr(self, question) for question in QUESTIONS)


def diversity_answers(
    gender: str | None = None, nationality: str | None = None, region: str | None = None
) -> DiversityAnswers:
    """The answers as kept (blank is no answer), or `InvalidDiversityAnswer`."""
    gender, nationality, region = (_blank_to_none(v) for v in (gender, nationality, region))
    if gender is not None and gender not in GENDERS:
        raise InvalidDiversityAnswer("gender", f"Choose one of: {', '.join(GENDERS)}.")
    if region is not None and region not in REGIONS:
        raise InvalidDiversityAnswer("region", f"Choose one of: {', '.join(REGIONS)}.")
    if nationality is not None and nationality != PREFER_NOT_TO_SAY:
        nationality = nationality.upper()
        if len(nationality) != 2 or pycountry.countries.get(alpha_2=nationality) is None:
            raise InvalidDiversityAnswer(
                "nationality",
                f"Give a two-letter ISO 3166 country code (e.g. KE, FR) or {PREFER_NOT_TO_SAY}.",
            )
    return DiversityAnswers(gender, nationality, region)


@dataclass(frozen=True)
class GroupCounts:
    counts: Mapping[str, int] = field(default_factory=dict)
    suppressed_groups: int = 0


@dataclass(frozen=True)
class DiversityAggregate:
    """Counts per answer of each question, groups under `MIN_GROUP` suppressed."""

    vacancy_id: str
    stage: str | None
    applications: int
    questions: Mapping[str, GroupCounts]


def aggregate(
    vacancy_id: str, stage: str | None, answers: Iterable[DiversityAnswers]
) -> DiversityAggregate:
    answers = list(answers)
    questions = {}
    for question in QUESTIONS:
        counted = Counter(getattr(a, question) or NOT_ANSWERED for a in answers)
        shown = {group: n for group, n in sorted(counted.items()) if n >= MIN_GROUP}
        questions[question] = GroupCounts(shown, len(counted) - len(shown))
    return DiversityAggregate(vacancy_id, stage, len(answers), questions)


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None
