"""Alembic environment of the scoring database."""

from services.scoring.adapters.tables import metadata
from shared.db import run_alembic_env

run_alembic_env(metadata)
