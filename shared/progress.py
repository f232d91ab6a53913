"""Progress of a long job that works through a known number of items.

`JobProgress` is what every batch job of the services shares (a vacancy's CVs read again,
its applications screened again): how many items of how many are done, when it finished,
and the percentage a page shows. A job is a frozen dataclass with `total`, `done` and
`finished_at` fields that inherits these rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


class JobProgress:
    total: int
    done: int
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

    def progress_after(self, items: int, now: datetime) -> dict[str, Any]:
        """The `done` and `finished_at` once `items` more are done (never beyond the total)."""
        done = min(self.done + items, self.total)
        return {"done": done, "finished_at": now if done == self.total else None}
