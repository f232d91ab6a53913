"""The screening service on a real database, SQLite and PostgreSQL, migrated to the newest
revision: the `runtime` the API and page tests build their app on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.screening.bootstrap import SERVICE, ScreeningRuntime, bootstrap
from services.screening.domain.matching import PositionTagger
from shared.config import Settings
from shared.db import upgrade


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'screening.db'}"
    return request.getfixturevalue("postgres_databases").create("screening")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings.from_env(
        {
            "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
            "SHORTLIST_SCREENING_DATABASE_URL": database_url,
            "SHORTLIST_SECRET_KEY": "test-secret",
        }
    )


@pytest.fixture
def runtime(settings: Settings, database_url: str) -> Iterator[ScreeningRuntime]:
    upgrade(database_url, SERVICE.migrations)
    built = bootstrap(settings)
    built.tagger_for = PositionTagger.for_vacancy  # the lexical matcher: fast, deterministic
    yield built
    built.engine.dispose()
