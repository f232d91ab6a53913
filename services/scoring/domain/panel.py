"""Independent panel scoring for one vacancy.

This module owns the rules of the interview panel's scoring round: who sits on the panel,
which competencies are scored and with which weight, which shortlisted candidates are
scored, what makes a score sheet valid, when the round is complete, and who may see whose
sheets (nobody sees another member's scores for a candidate before submitting their own).
It is plain Python with no I/O: the service layer loads a `ScoringRound`, calls `submit`,
stores the sheet and publishes the domain events it returns.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar

MIN_SCORE = 1
MAX_SCORE = 5


class ScoringError(Exception):
    """Base of every rule violation in panel scoring; the message is fit to show a user."""


class InvalidRoundSetup(ScoringError):
    """The panel, competencies or shortlist of a round are not usable as given."""


class NotOnPanel(ScoringError):
    def __init__(self, member: str, vacancy_id: str) -> None:
        self.member = member
        self.vacancy_id = vacancy_id
        super().__init__(f"{member!r} is not a member of the interview panel for this vacancy.")


class UnknownCandidate(ScoringError):
    def __init__(self, application_id: str) -> None:
        self.application_id = application_id
        super().__init__(
            f"Application {application_id!r} is not on the short list of this vacancy."
        )


class WrongVacancy(ScoringError):
    def __init__(self, sheet_vacancy_id: str, round_vacancy_id: str) -> None:
        self.sheet_vacancy_id = sheet_vacancy_id
        self.round_vacancy_id = round_vacancy_id
        super().__init__(
            f"This score sheet is for vacancy {sheet_vacancy_id!r}, "
            f"not for vacancy {round_vacancy_id!r}."
        )


class AlreadySubmitted(ScoringError):
    def __init__(self, member: str, application_id: str) -> None:
        self.member = member
        self.application_id = application_id
        super().__init__(
            f"{member!r} has already submitted scores for application {application_id!r}; "
            "submitted scores cannot be changed."
        )


class IncompleteScores(ScoringError):
    def __init__(self, missing: Iterable[str]) -> None:
        self.missing = tuple(sorted(missing))
        super().__init__(
            "Every competency must be scored. Missing: " + ", ".join(self.missing) + "."
        )


class UnknownCompetency(ScoringError):
    def __init__(self, unknown: Iterable[str]) -> None:
        self.unknown = tuple(sorted(unknown))
        super().__init__(
            "These are not competencies of this vacancy: " + ", ".join(self.unknown) + "."
        )


class ScoreOutOfScale(ScoringError):
    def __init__(self, invalid: Mapping[str, object]) -> None:
        self.invalid = dict(invalid)
        listed = ", ".join(f"{name} = {value!r}" for name, value in sorted(self.invalid.items()))
        super().__init__(
            f"Scores must be whole numbers from {MIN_SCORE} to {MAX_SCORE}. Invalid: {listed}."
        )


@dataclass(frozen=True)
class Competency:
    name: str
    weight: float = 1.0

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidRoundSetup("A competency needs a name.")
        if not _is_positive_number(self.weight):
            raise InvalidRoundSetup(
                f"The weight of competency {self.name!r} must be a positive number, "
                f"not {self.weight!r}."
            )


@dataclass(frozen=True)
class Panel:
    members: tuple[str, ...]
    chair: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", tuple(self.members))
        if not self.members:
            raise InvalidRoundSetup("A panel needs at least one member.")
        duplicates = _duplicates(self.members)
        if duplicates:
            raise InvalidRoundSetup("Panel members listed twice: " + ", ".join(duplicates) + ".")
        if self.chair is not None and self.chair not in self.members:
            raise InvalidRoundSetup(f"The chair {self.chair!r} must be a member of the panel.")

    def __contains__(self, member: object) -> bool:
        return member in self.members


@dataclass(frozen=True)
class ShortlistedCandidate:
    application_id: str
    display_name: str


@dataclass(frozen=True)
class ScoreSheet:
    """One member's scores for one candidate; the scale is checked on construction."""

    vacancy_id: str
    application_id: str
    member: str
    scores: Mapping[str, int] = field(hash=False)
    submitted_at: datetime
    notes: str = ""

    def __post_init__(self) -> None:
        # A read-only copy, so a sheet cannot change after it has been validated.
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))
        invalid = {name: value for name, value in self.scores.items() if not _on_scale(value)}
        if invalid:
            raise ScoreOutOfScale(invalid)

    @property
    def key(self) -> tuple[str, str]:
        return (self.member, self.application_id)


@dataclass(frozen=True)
class ScoreSubmitted:
    name: ClassVar[str] = "score.submitted"
    vacancy_id: str
    application_id: str
    member: str
    submitted_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "vacancy_id": self.vacancy_id,
            "application_id": self.application_id,
            "member": self.member,
            "submitted_at": self.submitted_at.isoformat(),
        }


@dataclass(frozen=True)
class PanelCompleted:
    name: ClassVar[str] = "panel.completed"
    vacancy_id: str
    sheet_count: int
    completed_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "vacancy_id": self.vacancy_id,
            "sheet_count": self.sheet_count,
            "completed_at": self.completed_at.isoformat(),
        }


DomainEvent = ScoreSubmitted | PanelCompleted


class ScoringRound:
    """The scoring of one vacancy's short list by its panel (the aggregate root).

    `sheets` are the sheets already stored; they are validated like new ones but raise no
    events, so reloading a finished round never announces completion a second time.
    """

    def __init__(
        self,
        vacancy_id: str,
        panel: Panel | None,
        competencies: Iterable[Competency],
        shortlist: Iterable[ShortlistedCandidate],
        sheets: Iterable[ScoreSheet] = (),
    ) -> None:
        self.vacancy_id = vacancy_id
        self.panel = panel
        self.competencies = tuple(competencies)
        self.shortlist = tuple(shortlist)
        self._check_setup()
        self._sheets: dict[tuple[str, str], ScoreSheet] = {}
        for sheet in sheets:
            self._accept(sheet)

    def submit(self, sheet: ScoreSheet) -> list[DomainEvent]:
        was_complete = self.is_complete()
        self._accept(sheet)
        events: list[DomainEvent] = [
            ScoreSubmitted(self.vacancy_id, sheet.application_id, sheet.member, sheet.submitted_at)
        ]
        if self.is_complete() and not was_complete:
            events.append(PanelCompleted(self.vacancy_id, len(self._sheets), sheet.submitted_at))
        return events

    def expected_sheets(self) -> int:
        return len(self.panel.members) * len(self.shortlist)

    def submitted_sheets(self) -> tuple[ScoreSheet, ...]:
        return tuple(self._sheets.values())

    def outstanding(self) -> tuple[tuple[str, str], ...]:
        """(member, application_id) pairs still waiting for a sheet, for progress displays."""
        return tuple(
            (member, candidate.application_id)
            for member in self.panel.members
            for candidate in self.shortlist
            if (member, candidate.application_id) not in self._sheets
        )

    def is_complete(self) -> bool:
        return len(self._sheets) == self.expected_sheets()

    def has_submitted(self, member: str, application_id: str) -> bool:
        return (member, application_id) in self._sheets

    def sheets_for(self, application_id: str) -> tuple[ScoreSheet, ...]:
        self._require_candidate(application_id)
        return tuple(s for s in self._sheets.values() if s.application_id == application_id)

    def sheets_visible_to(self, member: str, application_id: str) -> tuple[ScoreSheet, ...]:
        """All sheets for the candidate once `member` has submitted theirs, otherwise none."""
        self._require_member(member)
        self._require_candidate(application_id)
        if not self.has_submitted(member, application_id):
            return ()
        return self.sheets_for(application_id)

    def candidate(self, application_id: str) -> ShortlistedCandidate:
        for candidate in self.shortlist:
            if candidate.application_id == application_id:
                return candidate
        raise UnknownCandidate(application_id)

    def _accept(self, sheet: ScoreSheet) -> None:
        if sheet.vacancy_id != self.vacancy_id:
            raise WrongVacancy(sheet.vacancy_id, self.vacancy_id)
        self._require_member(sheet.member)
        self._require_candidate(sheet.application_id)
        if sheet.key in self._sheets:
            raise AlreadySubmitted(sheet.member, sheet.application_id)
        self._require_exactly_the_competencies(sheet.scores)
        self._sheets[sheet.key] = sheet

    def _require_member(self, member: str) -> None:
        if member not in self.panel:
            raise NotOnPanel(member, self.vacancy_id)

    def _require_candidate(self, application_id: str) -> None:
        self.candidate(application_id)

    def _require_exactly_the_competencies(self, scores: Mapping[str, int]) -> None:
        names = {competency.name for competency in self.competencies}
        unknown = set(scores) - names
        if unknown:
            raise UnknownCompetency(unknown)
        missing = names - set(scores)
        if missing:
            raise IncompleteScores(missing)

    def _check_setup(self) -> None:
        if self.panel is None:
            raise InvalidRoundSetup("No panel has been appointed for this vacancy yet.")
        if not self.competencies:
            raise InvalidRoundSetup("A scoring round needs at least one competency.")
        repeated = _duplicates(competency.name for competency in self.competencies)
        if repeated:
            raise InvalidRoundSetup("Competencies listed twice: " + ", ".join(repeated) + ".")
        if not self.shortlist:
            raise InvalidRoundSetup("A scoring round needs at least one shortlisted candidate.")
        repeated = _duplicates(candidate.application_id for candidate in self.shortlist)
        if repeated:
            raise InvalidRoundSetup("Candidates listed twice: " + ", ".join(repeated) + ".")


def _on_scale(value: object) -> bool:
    # bool is an int subclass; True must not count as a score of 1.
    return (
        isinstance(value, int) and not isinstance(value, bool) and MIN_SCORE <= value <= MAX_SCORE
    )


def _is_positive_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and value > 0


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated
