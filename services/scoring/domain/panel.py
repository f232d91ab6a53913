"""Independent panel scoring for one vacancy.

This module owns the rules of the interview panel's scoring round: who sits on the panel,
which competencies are scored and with which weight, which shortlisted candidates are
scored, what makes a score sheet valid, when the round is complete, and who may see whose
sheets (nobody sees another member's scores for a candidate before submitting their own).
The round also holds the conflict-of-interest declarations (a member scores nothing until
they have declared for every shortlisted candidate, and a declared conflict recuses them
from that candidate: the expected sheets are members times candidates minus recusals), the
amendments made to submitted sheets (applied in order, so every figure uses the amended
scores), and the chair's closing of the round with sheets outstanding. It is plain Python
with no I/O: the service layer loads a `ScoringRound`, calls `submit`, `declare`, `amend`
or `close`, stores what changed and publishes the domain events it returns.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar

from services.scoring.domain.amendments import Amendment, AmendmentRefused
from services.scoring.domain.conflicts import (
    Declaration,
    DeclarationLocked,
    DeclarationsOutstanding,
    Recused,
)
from services.scoring.domain.errors import ScoringError

MIN_SCORE = 1
MAX_SCORE = 5

__all__ = ["ScoringError"]  # re-exported: the base error has always been importable here


class RoundFinished(ScoringError):
    def __init__(self) -> None:
        super().__init__(
            "The scoring round is finished and its result announced: nothing more can change."
        )


class CannotClose(ScoringError):
    """The chair's closing of the round is refused; the message says why."""


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
            "submitted scores cannot be changed except by an amendment with a reason."
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
    """Every expected sheet is in, or the chair closed the round with `outstanding` missing."""

    name: ClassVar[str] = "panel.completed"
    vacancy_id: str
    sheet_count: int
    completed_at: datetime
    expected_sheets: int = 0
    closed_by: str | None = None
    reason: str = ""
    outstanding: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "vacancy_id": self.vacancy_id,
            "sheet_count": self.sheet_count,
            "completed_at": self.completed_at.isoformat(),
            "expected_sheets": self.expected_sheets,
            "closed_by": self.closed_by,
            "reason": self.reason,
            "outstanding": self.outstanding,
        }


@dataclass(frozen=True)
class RoundClosure:
    """The chair closed the round before every expected sheet was in."""

    closed_by: str
    reason: str
    closed_at: datetime
    outstanding: int


DomainEvent = ScoreSubmitted | PanelCompleted


class ScoringRound:
    """The scoring of one vacancy's short list by its panel (the aggregate root).

    `sheets`, `declarations` and `amendments` are the ones already stored; they are
    validated like new ones but raise no events, so reloading a finished round never
    announces completion a second time. `completed` says the completion was announced
    already (a candidate shortlisted afterwards does not announce it again); `closure` is
    the chair's closing, after which nothing changes.
    """

    def __init__(
        self,
        vacancy_id: str,
        panel: Panel | None,
        competencies: Iterable[Competency],
        shortlist: Iterable[ShortlistedCandidate],
        sheets: Iterable[ScoreSheet] = (),
        declarations: Iterable[Declaration] = (),
        amendments: Iterable[Amendment] = (),
        closure: RoundClosure | None = None,
        completed: bool = False,
    ) -> None:
        self.vacancy_id = vacancy_id
        self.panel = panel
        self.competencies = tuple(competencies)
        self.shortlist = tuple(shortlist)
        self._check_setup()
        self.closure = closure
        self._announced = completed or closure is not None
        self._declarations: dict[tuple[str, str], Declaration] = {}
        for declaration in declarations:
            # A member taken off the panel, or a candidate taken off the list, keeps the
            # stored declaration; it no longer counts.
            if declaration.member in self.panel and self._on_shortlist(declaration.application_id):
                self._declarations[declaration.key] = declaration
        self._sheets: dict[tuple[str, str], ScoreSheet] = {}
        for sheet in sheets:
            self._accept(sheet)
        self._amendments: list[Amendment] = []
        for amendment in amendments:
            self._apply(amendment)

    # --- conflicts of interest ------------------------------------------------------------

    def declare(self, declaration: Declaration) -> list[DomainEvent]:
        """Record a member's declaration; a conflict that recuses the last outstanding
        sheets completes the round."""
        self._require_open()
        self._require_member(declaration.member)
        self._require_candidate(declaration.application_id)
        if self.has_submitted(declaration.member, declaration.application_id):
            raise DeclarationLocked()
        self._declarations[declaration.key] = declaration
        return self._completion(declaration.declared_at)

    def declaration(self, member: str, application_id: str) -> Declaration | None:
        return self._declarations.get((member, application_id))

    def undeclared(self, member: str) -> tuple[ShortlistedCandidate, ...]:
        """The candidates `member` has still to declare for (all of them, at first)."""
        return tuple(
            c for c in self.shortlist if (member, c.application_id) not in self._declarations
        )

    def has_declared_all(self, member: str) -> bool:
        return not self.undeclared(member)

    def is_recused(self, member: str, application_id: str) -> bool:
        declaration = self._declarations.get((member, application_id))
        return declaration is not None and declaration.conflict

    def recusals(self) -> tuple[tuple[str, str], ...]:
        return tuple(key for key, d in self._declarations.items() if d.conflict)

    def require_may_open(self, member: str, application_id: str) -> ShortlistedCandidate:
        """The candidate, if `member` may open their file: on the panel, declared for every
        candidate, and not recused from this one."""
        self._require_member(member)
        candidate = self.candidate(application_id)
        if self.is_recused(member, application_id):
            raise Recused(member, application_id)
        undeclared = self.undeclared(member)
        if undeclared:
            raise DeclarationsOutstanding(len(undeclared))
        return candidate

    # --- sheets ---------------------------------------------------------------------------

    def submit(self, sheet: ScoreSheet) -> list[DomainEvent]:
        if sheet.key in self._sheets:
            raise AlreadySubmitted(sheet.member, sheet.application_id)
        self._require_open()
        self.require_may_open(sheet.member, sheet.application_id)
        self._accept(sheet)
        events: list[DomainEvent] = [
            ScoreSubmitted(self.vacancy_id, sheet.application_id, sheet.member, sheet.submitted_at)
        ]
        return events + self._completion(sheet.submitted_at)

    def expected(self) -> tuple[tuple[str, str], ...]:
        """(member, application_id) pairs that should get a sheet: everyone not recused."""
        return tuple(
            (member, candidate.application_id)
            for member in self.panel.members
            for candidate in self.shortlist
            if not self.is_recused(member, candidate.application_id)
        )

    def expected_sheets(self) -> int:
        return len(self.expected())

    def submitted_sheets(self) -> tuple[ScoreSheet, ...]:
        return tuple(self._sheets.values())

    def outstanding(self) -> tuple[tuple[str, str], ...]:
        """(member, application_id) pairs still waiting for a sheet, for progress displays."""
        return tuple(pair for pair in self.expected() if pair not in self._sheets)

    def is_complete(self) -> bool:
        return not self.outstanding()

    def is_finished(self) -> bool:
        """Completed (and announced) or closed by the chair: the result is out."""
        return self._announced or self.is_complete()

    def has_submitted(self, member: str, application_id: str) -> bool:
        return (member, application_id) in self._sheets

    def sheets_for(self, application_id: str) -> tuple[ScoreSheet, ...]:
        """The candidate's sheets as amended."""
        self._require_candidate(application_id)
        return tuple(s for s in self._sheets.values() if s.application_id == application_id)

    def sheets_visible_to(self, member: str, application_id: str) -> tuple[ScoreSheet, ...]:
        """All sheets for the candidate once `member` has submitted theirs, otherwise none;
        a recused member sees nothing of the candidate at all."""
        self.require_may_open(member, application_id)
        if not self.has_submitted(member, application_id):
            return ()
        return self.sheets_for(application_id)

    def candidate(self, application_id: str) -> ShortlistedCandidate:
        for candidate in self.shortlist:
            if candidate.application_id == application_id:
                return candidate
        raise UnknownCandidate(application_id)

    # --- amendments -----------------------------------------------------------------------

    def amend(
        self,
        member: str,
        application_id: str,
        scores: Mapping[str, int],
        notes: str,
        reason: str,
        when: datetime,
    ) -> Amendment:
        self._require_open()
        self.require_may_open(member, application_id)
        current = self._sheets.get((member, application_id))
        if current is None:
            raise AmendmentRefused("Submit your sheet first: only a submitted sheet is amended.")
        amendment = Amendment(
            self.vacancy_id,
            application_id,
            member,
            dict(current.scores),
            dict(scores),
            current.notes,
            notes,
            reason,
            when,
        )
        self._apply(amendment)
        return amendment

    def amendments_for(self, application_id: str) -> tuple[Amendment, ...]:
        return tuple(a for a in self._amendments if a.application_id == application_id)

    # --- closing --------------------------------------------------------------------------

    def close(self, member: str, reason: str, when: datetime) -> list[DomainEvent]:
        """The chair closes the round with sheets outstanding; the result is announced."""
        self._require_member(member)
        if member != self.panel.chair:
            raise CannotClose("Only the chair of the panel can close the round.")
        if not (reason or "").strip():
            raise CannotClose("Give a reason for closing the round: it is kept with it.")
        self._require_open()
        outstanding = len(self.outstanding())
        self.closure = RoundClosure(member, reason.strip(), when, outstanding)
        self._announced = True
        return [
            PanelCompleted(
                self.vacancy_id,
                len(self._sheets),
                when,
                self.expected_sheets(),
                member,
                reason.strip(),
                outstanding,
            )
        ]

    # --- rules ----------------------------------------------------------------------------

    def _completion(self, when: datetime) -> list[DomainEvent]:
        if self._announced or not self.is_complete():
            return []
        self._announced = True
        return [PanelCompleted(self.vacancy_id, len(self._sheets), when, self.expected_sheets())]

    def _require_open(self) -> None:
        if self.closure is not None or self._announced:
            raise RoundFinished()

    def _accept(self, sheet: ScoreSheet) -> None:
        if sheet.vacancy_id != self.vacancy_id:
            raise WrongVacancy(sheet.vacancy_id, self.vacancy_id)
        self._require_member(sheet.member)
        self._require_candidate(sheet.application_id)
        if sheet.key in self._sheets:
            raise AlreadySubmitted(sheet.member, sheet.application_id)
        self._require_exactly_the_competencies(sheet.scores)
        self._sheets[sheet.key] = sheet

    def _apply(self, amendment: Amendment) -> None:
        current = self._sheets.get(amendment.key)
        if current is None:
            raise AmendmentRefused("Only a submitted sheet is amended.")
        self._require_exactly_the_competencies(amendment.scores_after)
        self._sheets[amendment.key] = ScoreSheet(
            current.vacancy_id,
            current.application_id,
            current.member,
            amendment.scores_after,
            current.submitted_at,
            amendment.notes_after,
        )
        self._amendments.append(amendment)

    def _on_shortlist(self, application_id: str) -> bool:
        return any(c.application_id == application_id for c in self.shortlist)

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
