"""Alembic environment of the intake database."""

from services.intake.adapters.tables import metadata
from shared.db import run_alembic_env

run_alembic_env(metadata)
