"""Scoring's unit of work: the shared SQLAlchemy one with scoring's repository on it."""

from __future__ import annotations

from services.scoring.adapters.repositories import RoundRepository
from services.scoring.adapters.schedules import ScheduleRepository
from services.scoring.adapters.tables import AUDIT, MESSAGING
from shared.unit_of_work import SqlAlchemyUnitOfWork


class ScoringUnitOfWork(SqlAlchemyUnitOfWork):
    rounds: RoundRepository
    schedules: ScheduleRepository

    def __init__(self, session_factory) -> None:  # noqa: ANN001
        super().__init__(session_factory, "scoring", MESSAGING, AUDIT)

    def _open(self, session) -> None:  # noqa: ANN001
        self.rounds = RoundRepository(session)
        self.schedules = ScheduleRepository(session)
