"""How far intake is with reading a vacancy's CVs, for the secretariat's applicants list.

A CV is "still being read" while its application is received but not yet read (a new
application, or a replaced CV) or while a re-read batch of the vacancy has yet to reach
it. `ReadingProgress.of` adds the two and never says more are pending than the vacancy
has CVs (an application may be both new and in a batch).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.intake.domain.rereading import RereadJob


@dataclass(frozen=True)
class ReadingProgress:
    pending: int
    total: int

    @classmethod
    def of(cls, unread: int, total: int, jobs: Iterable[RereadJob]) -> ReadingProgress:
        """`unread` of the `total` applications not read yet, and the CVs the unfinished
        re-read `jobs` have still to read."""
        rereading = sum(job.total - job.done for job in jobs if not job.finished)
        total = max(total, 0)
        return cls(min(max(unread, 0) + max(rereading, 0), total), total)

    @property
    def reading(self) -> bool:
        return self.pending > 0

    @property
    def done(self) -> int:
        return self.total - self.pending
