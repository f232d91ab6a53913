"""Alembic environment of the notify database."""

from services.notify.adapters.tables import metadata
from shared.db import run_alembic_env

run_alembic_env(metadata)
