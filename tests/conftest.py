"""Fixtures shared by every test: sample data, real PostgreSQL and RabbitMQ, settings.

Service URLs come from the environment first (`SHORTLIST_TEST_POSTGRES_URL`,
`SHORTLIST_TEST_AMQP_URL`, defaulting to this machine's local servers), then from
testcontainers where a Docker engine runs. A test that needs a server which is not
there fails: it is never silently skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa

from shared.config import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672//"


def _reachable(url: str) -> bool:
    parsed = urlparse(url.replace("+psycopg", ""))
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


def _docker_available() -> bool:
    return shutil.which("docker") is not None and os.path.exists("/var/run/docker.sock")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.is_dir(), f"the sample data must be beside the repo: {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    url = os.environ.get("SHORTLIST_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    if _reachable(url):
        yield url
        return
    if not _docker_available():
        pytest.fail(f"PostgreSQL is not reachable at {url} and no Docker engine is available")
    from testcontainers.postgres import PostgresContainer

    with PostgresContainer("postgres:16", driver="psycopg") as container:
        yield container.get_connection_url()


@pytest.fixture(scope="session")
def amqp_url() -> Iterator[str]:
    url = os.environ.get("SHORTLIST_TEST_AMQP_URL", DEFAULT_AMQP)
    if _reachable(url):
        yield url
        return
    if not _docker_available():
        pytest.fail(f"RabbitMQ is not reachable at {url} and no Docker engine is available")
    from testcontainers.rabbitmq import RabbitMqContainer

    with RabbitMqContainer("rabbitmq:3.13") as container:
        params = container.get_connection_params()
        yield f"amqp://guest:guest@{params.host}:{params.port}//"


class PostgresDatabases:
    """Makes fresh, uniquely named databases on the test server and drops them after."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self, label: str, owner: str | None = None) -> str:
        name = f"sl_{label}_{uuid.uuid4().hex[:10]}"
        owned_by = f' OWNER "{owner}"' if owner else ""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{owned_by}')
        self.created.append(name)
        return (
            sa.engine.make_url(self.server_url)
            .set(database=name)
            .render_as_string(hide_password=False)
        )

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            for name in self.created:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture
def postgres_databases(postgres_server_url: str) -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(postgres_server_url)
    yield databases
    databases.drop_all()


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    """Settings of an embedded system in a fresh folder, with a free SMTP port."""
    return Settings.from_env(
        {
            "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
            "SHORTLIST_SMTP_PORT": str(free_port()),
            "SHORTLIST_NAMESPACE": f"t{uuid.uuid4().hex[:8]}",
            "SHORTLIST_CONSUMER_BACKOFF_SECONDS": "0.05",
        }
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
