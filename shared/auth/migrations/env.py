"""Alembic environment of the accounts database."""

from shared.auth.accounts import metadata
from shared.db import run_alembic_env

run_alembic_env(metadata)
