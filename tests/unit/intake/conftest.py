"""Intake's unit-test fixtures: `uow`, a fake unit of work that knows one open vacancy
("vac-1"), and `store`, a fake file store; a module that needs another world defines its own."""

from __future__ import annotations

import pytest

from services.intake.service_layer import services
from tests.unit.fakes import FakeFileStore, FakeIntakeUnitOfWork
from tests.unit.intake.test_services import vacancy_published


@pytest.fixture
def uow() -> FakeIntakeUnitOfWork:
    uow = FakeIntakeUnitOfWork()
    services.record_vacancy_published(uow, vacancy_published("vac-1"))
    return uow


@pytest.fixture
def store() -> FakeFileStore:
    return FakeFileStore()
