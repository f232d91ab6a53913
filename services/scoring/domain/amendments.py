"""Amendments: the only way a submitted score sheet changes.

After submitting, a member who wants to change a score writes an amendment with a reason;
the amendment keeps the scores and notes before and after, who made it and when, so that
the history of a sheet shows every change and why. The round applies amendments in order
over the submitted sheet, and every figure (the aggregate, the debrief) uses the result.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from services.scoring.domain.errors import ScoringError

REASON_MAX_LENGTH = 2000


class AmendmentRefused(ScoringError):
    """An amendment that the rules do not allow; the message says why."""


@dataclass(frozen=True)
class Amendment:
    vacancy_id: str
    application_id: str
    member: str
    scores_before: Mapping[str, int] = field(hash=False)
    scores_after: Mapping[str, int] = field(hash=False)
    notes_before: str
    notes_after: str
    reason: str
    amended_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores_before", MappingProxyType(dict(self.scores_before)))
        object.__setattr__(self, "scores_after", MappingProxyType(dict(self.scores_after)))
        object.__setattr__(self, "reason", (self.reason or "").strip())
        if not self.reason:
            raise AmendmentRefused("Give a reason for the amendment: it is kept with it.")
        if len(self.reason) > REASON_MAX_LENGTH:
            raise AmendmentRefused(
                f"The reason is too long (at most {REASON_MAX_LENGTH} characters)."
            )
        if dict(self.scores_before) == dict(self.scores_after) and (
            self.notes_before == self.notes_after
        ):
            raise AmendmentRefused("The amendment changes nothing: change a score or the notes.")

    @property
    def key(self) -> tuple[str, str]:
        return (self.member, self.application_id)

    def changed(self) -> dict[str, tuple[int, int]]:
        """Competency → (before, after) for each score the amendment changes."""
        return {
            name: (self.scores_before.get(name, 0), value)
            for name, value in self.scores_after.items()
            if self.scores_before.get(name) != value
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_id": self.application_id,
            "member": self.member,
            "scores_before": dict(self.scores_before),
            "scores_after": dict(self.scores_after),
            "notes_before": self.notes_before,
            "notes_after": self.notes_after,
            "reason": self.reason,
            "amended_at": self.amended_at.isoformat(),
        }
