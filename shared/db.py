"""Database plumbing shared by every service: engines, sessions and migrations.

`create_engine_for(url)` gives an engine that behaves the same way on both backends for
what the services rely on: on SQLite it turns on WAL with `synchronous=NORMAL` (durable
against a killed process, about 6,000 commits/s here), foreign keys, a generous busy
timeout and `BEGIN IMMEDIATE` transactions, so that a read-then-write transaction takes
the write lock up front as a `SELECT ... FOR UPDATE` would on PostgreSQL. Each service
keeps its own Alembic migrations; `upgrade(url, script_location)` runs them and
`run_alembic_env(metadata)` is the body of every service's `env.py`. Moments are written
in UTC; `stored_utc` gives one read back its time zone, which SQLite does not keep.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import overload

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def create_engine_for(url: str, **kwargs: object) -> Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, **kwargs)
    _ensure_sqlite_folder(url)
    engine = sa.create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@overload
def stored_utc(moment: datetime) -> datetime: ...
@overload
def stored_utc(moment: None) -> None: ...
def stored_utc(moment: datetime | None) -> datetime | None:
    """A moment read from a `DateTime(timezone=True)` column, aware: SQLite hands back a
    naive datetime of what was written in UTC, PostgreSQL an aware one."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _ensure_sqlite_folder(url: str) -> None:
    database = sa.engine.make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def upgrade(url: str, script_location: str | Path) -> None:
    """Bring the database at `url` to the newest revision of the given migrations."""
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def run_alembic_env(metadata: sa.MetaData) -> None:
    """The whole of a service's migrations `env.py`: online migrations of `metadata`."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url must be set by shared.db.upgrade()"
    engine = create_engine_for(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=is_sqlite(engine),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
