"""Reading a vacancy's CVs again, when the parser has improved.

A `RereadJob` is the secretariat's request to read again the CVs of one vacancy with
the current parser version, and its progress: how many of them have been read so far.
The earlier readings are kept; each new one is screened again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from shared.progress import JobProgress


@dataclass(frozen=True)
class RereadJob(JobProgress):
    id: str
    vacancy_id: str
    parser_version: str
    total: int
    requested_by: str
    requested_at: datetime
    done: int = 0
    finished_at: datetime | None = None

    @classmethod
    def start(
        cls, vacancy_id: str, parser_version: str, total: int, requested_by: str, now: datetime
    ) -> RereadJob:
        job = cls(str(uuid.uuid4()), vacancy_id, parser_version, total, requested_by, now)
        return job if total else replace(job, finished_at=now)

    def advanced(self, now: datetime) -> RereadJob:
        return replace(self, **self.progress_after(1, now))
