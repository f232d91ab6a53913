"""Conflicts of interest: what a panel member declares about each shortlisted candidate.

A member declares, per candidate, either no conflict or a conflict with a note saying
what it is, after seeing only the short list's names. A declared conflict recuses the
member from that candidate everywhere (no file, no sheet, no other member's sheet). The
round (`ScoringRound`) holds the declarations and applies these rules; this module holds
the declaration itself and the errors fit to show a member.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.scoring.domain.errors import ScoringError

NOTE_MAX_LENGTH = 2000


class NoteRequired(ScoringError):
    def __init__(self) -> None:
        super().__init__("Say what the conflict of interest is: a declared conflict needs a note.")


class DeclarationsOutstanding(ScoringError):
    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(
            "Declare any conflict of interest for every shortlisted candidate before opening "
            f"a file or scoring ({count} still to declare)."
        )


class Recused(ScoringError):
    """The member declared a conflict with this candidate; entrypoints answer 404."""

    def __init__(self, member: str, application_id: str) -> None:
        self.member = member
        self.application_id = application_id
        super().__init__(f"{member!r} is recused from application {application_id!r}.")


class DeclarationLocked(ScoringError):
    def __init__(self) -> None:
        super().__init__(
            "You have already scored this candidate: your declaration can no longer change."
        )


@dataclass(frozen=True)
class Declaration:
    """One member's declaration about one candidate: no conflict, or a conflict and why."""

    vacancy_id: str
    member: str
    application_id: str
    conflict: bool
    note: str
    declared_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "note", (self.note or "").strip())
        if self.conflict and not self.note:
            raise NoteRequired()
        if len(self.note) > NOTE_MAX_LENGTH:
            raise ScoringError(f"The note is too long (at most {NOTE_MAX_LENGTH} characters).")

    @property
    def key(self) -> tuple[str, str]:
        return (self.member, self.application_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "application_id": self.application_id,
            "conflict": self.conflict,
            "note": self.note,
            "declared_at": self.declared_at.isoformat(),
        }
