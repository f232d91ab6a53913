"""Making a new Alembic revision for one of the databases, from its tables' metadata.

`make_revision()` compares the tables with a scratch SQLite database brought to the
newest revision and writes what differs as a new revision file, numbered after the
last one (`0002_…`). A revision that creates the audit trail's head row table also
seeds its one row. The developer reads the file and commits it.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from shared.db import upgrade

AUDIT_HEAD_SEED = "    op.bulk_insert(audit_head, [{'id': 1, 'seq': 0, 'hash': '0' * 64}])\n"


def make_revision(script_location: str | Path, message: str) -> Path:
    versions = Path(script_location) / "versions"
    versions.mkdir(exist_ok=True)
    rev_id = f"{len(list(versions.glob('[0-9][0-9][0-9][0-9]_*.py'))) + 1:04d}"
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.db"
        upgrade(url, script_location)
        config = Config()
        config.set_main_option("script_location", str(script_location))
        config.set_main_option("sqlalchemy.url", url)
        config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
        script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    path = Path(script.path)  # type: ignore[union-attr]
    path.write_text(_tidy(path.read_text()))
    return path


def _tidy(source: str) -> str:
    source = re.sub(r"\n    # ### (commands auto generated|end Alembic commands).*###", "", source)
    marker = "    op.create_table('audit_head',"
    if marker in source:
        source = source.replace(marker, "    audit_head = op.create_table('audit_head',")
        start = source.index("audit_head = op.create_table(")
        end = source.index("\n    )\n", start) + len("\n    )\n")
        source = source[:end] + AUDIT_HEAD_SEED + source[end:]
    return source
