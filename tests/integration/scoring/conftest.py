"""`runtime`: the scoring service on a fresh database of each kind (SQLite, PostgreSQL) for
its integration tests; a test module that needs more (accounts, say) defines its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.scoring.bootstrap import SERVICE, ScoringRuntime, bootstrap
from shared.config import Settings
from shared.db import upgrade


@pytest.fixture(params=["sqlite", "postgresql"])
def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ScoringRuntime]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'scoring.db'}"
    else:
        url = request.getfixturevalue("postgres_databases").create("scoring")
    upgrade(url, SERVICE.migrations)
    settings = Settings.from_env(
        {
            "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
            "SHORTLIST_SCORING_DATABASE_URL": url,
            "SHORTLIST_SECRET_KEY": "test-secret",
        }
    )
    built = bootstrap(settings)
    yield built
    built.engine.dispose()
