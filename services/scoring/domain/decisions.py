"""The panel's decision on each shortlisted candidate, and its announcement.

This module owns what a decision is: per shortlisted candidate one outcome (`selected`,
`reserve` or `not_selected`) with a reason in words, recorded by the secretariat or the
panel's chair. Decisions may be revised until they are announced; the announcement needs
a decision for every shortlisted candidate and at least one selected, and after it nothing
changes. Plain Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.scoring.domain.panel import ScoringError, UnknownCandidate

MAX_REASON = 4000


class Outcome(StrEnum):
    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"


class DecisionError(ScoringError):
    """A rule of the panel's decision was broken; the message is fit to show a user."""


@dataclass(frozen=True)
class Decision:
    application_id: str
    outcome: Outcome
    reason: str
    decided_by: str
    decided_at: datetime

    def __post_init__(self) -> None:
        reason = self.reason.strip()
        if not reason:
            raise DecisionError("Give the reason for the decision.")
        if len(reason) > MAX_REASON:
            raise DecisionError(f"Keep the reason under {MAX_REASON} characters.")
        if self.decided_at.tzinfo is None:
            raise DecisionError("A decision's time needs a time zone.")
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "outcome", Outcome(self.outcome))


@dataclass(frozen=True)
class DecisionAnnounced:
    vacancy_id: str
    decisions: tuple[Decision, ...]
    announced_at: datetime


def parse_outcome(value: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        choices = ", ".join(outcome.value for outcome in Outcome)
        raise DecisionError(f"The outcome must be one of {choices}.") from None


class PanelDecision:
    """The decisions on one vacancy's short list (the aggregate root)."""

    def __init__(
        self,
        vacancy_id: str,
        shortlist: Iterable[str],
        decisions: Iterable[Decision] = (),
        announced_at: datetime | None = None,
    ) -> None:
        self.vacancy_id = vacancy_id
        self.shortlist = tuple(shortlist)
        self.announced_at = announced_at
        self._decisions: dict[str, Decision] = {d.application_id: d for d in decisions}

    @property
    def decisions(self) -> Mapping[str, Decision]:
        return dict(self._decisions)

    def record(self, decision: Decision) -> Decision | None:
        """Record (or revise) one decision; the one it replaces, if any."""
        if self.announced_at is not None:
            raise DecisionError("The decision has been announced; it can no longer change.")
        if decision.application_id not in self.shortlist:
            raise UnknownCandidate(decision.application_id)
        previous = self._decisions.get(decision.application_id)
        self._decisions[decision.application_id] = decision
        return previous

    def undecided(self) -> tuple[str, ...]:
        return tuple(a for a in self.shortlist if a not in self._decisions)

    def announce(self, when: datetime) -> DecisionAnnounced:
        if self.announced_at is not None:
            raise DecisionError("The decision has already been announced.")
        if self.undecided():
            raise DecisionError(
                f"{len(self.undecided())} shortlisted candidate(s) have no decision yet."
            )
        if not any(d.outcome is Outcome.SELECTED for d in self._decisions.values()):
            raise DecisionError("Select at least one candidate before announcing.")
        self.announced_at = when
        ordered = tuple(self._decisions[a] for a in self.shortlist)
        return DecisionAnnounced(self.vacancy_id, ordered, when)
