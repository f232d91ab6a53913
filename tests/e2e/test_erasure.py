"""Erasure end to end, in embedded mode: a candidate applies, is screened and shortlisted
(with a reason that names them), then asks for erasure from their status link; afterwards
their CV file is gone from disk, no service's database holds their name, email or that
reason in any table (outbox and audit trail included), every audit trail still verifies,
the mail folder holds no mail to or about them, and the broker file no message naming
them."""

from __future__ import annotations

import base64
import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from shared import audit
from shortlist.registry import service
from tests.e2e import processes
from tests.e2e.slice import (
    SHARED_DATA,
    SliceClient,
    body_text,
    mails_in,
    wait_for,
    wait_for_mails,
)

pytestmark = pytest.mark.e2e

NAME, EMAIL = "Quintilla Erasmova", "quintilla.erasmova@example.org"
REASON = f"{NAME} impressed the panel"
DATABASES = ("intake", "screening", "scoring", "notify")


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with processes.embedded_system(tmp_path) as (origin, env):
        yield origin, Path(env["SHORTLIST_DATA_DIR"])


def holding(data_dir: Path, *needles: str) -> list[str]:
    """`database.table` of every service table with a row that holds one of `needles`."""
    found = []
    for database in DATABASES:
        engine = sa.create_engine(f"sqlite:///{data_dir / database}.db")
        with engine.connect() as connection:
            for table in sa.inspect(connection).get_table_names():
                rows = connection.execute(sa.text(f'SELECT * FROM "{table}"')).all()
                text = "\n".join(
                    str(value) if not isinstance(value, bytes) else value.decode("latin-1")
                    for row in rows
                    for value in row
                )
                if any(needle.lower() in text.lower() for needle in needles):
                    found.append(f"{database}.{table}")
        engine.dispose()
    return found


def mails_naming(mail_dir: Path, *needles: str) -> list[str]:
    """The subjects of the filed mails whose headers or text parts hold one of `needles`."""
    found = []
    for mail in mails_in(mail_dir):
        parts = [str(mail)] + [
            p.get_content() for p in mail.walk() if p.get_content_maintype() == "text"
        ]
        if any(needle in part for needle in needles for part in parts):
            found.append(str(mail["Subject"]))
    return found


def broker_messages_naming(data_dir: Path, *needles: str) -> int:
    """How many messages the broker file still holds (dead letters included) that name
    one of `needles` in their decoded body."""
    with contextlib.closing(sqlite3.connect(data_dir / "broker.db")) as db:
        payloads = [row[0] for row in db.execute("SELECT payload FROM messages")]
    texts = [base64.b64decode(json.loads(p)["body"]).decode() for p in payloads]
    return sum(any(needle in text for needle in needles) for text in texts)


def unverified_trails(data_dir: Path) -> list[str]:
    broken = []
    for database in DATABASES:
        engine = sa.create_engine(f"sqlite:///{data_dir / database}.db")
        with engine.connect() as connection:
            report = audit.verify(connection, service(database).audit)
        engine.dispose()
        if not report.intact:
            broken.append(f"{database}: {report.problems}")
    return broken


def test_an_erased_candidate_leaves_no_name_email_or_cv_behind(embedded) -> None:
    origin, data_dir = embedded
    client = SliceClient(lambda _path: origin)
    secretariat = client.login("secretariat", "secretariat-demo")
    vacancy = client.create_and_publish_vacancy(secretariat, "recruitment@example.org")
    client.wait_until_open(vacancy["id"])
    cv = sorted((SHARED_DATA / "cvs").iterdir())[0]
    applied = client.apply(vacancy["id"], NAME, EMAIL, cv)
    assert applied.status_code == 201, applied.text
    application_id = applied.json()["application_id"]
    [screened] = client.screened(secretariat, vacancy["id"], 1)
    assert screened["application_id"] == application_id
    client.appoint_panel(secretariat, vacancy["id"], ["panel1", "panel2"], "panel1")
    moved = client.request(
        "PUT",
        f"/screening/api/applications/{application_id}/list",
        secretariat,
        json={"list": "short_list", "reason": REASON},
    )
    assert moved.status_code == 200, moved.text
    [mail] = wait_for_mails(data_dir / "mail", 1)
    link = next(word for word in body_text(mail).split() if "/intake/status/" in word)
    token = link[link.index("/intake/status/") + len("/intake/status/") :].rstrip(".,)/")
    erasure_url = f"/intake/api/status/{token}/erasure"
    cv_files = [p for p in data_dir.rglob("*") if p.is_file() and application_id in str(p)]
    assert cv_files, "the CV is on disk before erasure"
    wait_for(
        lambda: (
            set(holding(data_dir, NAME)) >= {"intake.applications", "scoring.shortlisted"} or None
        ),
        what="the name to reach scoring",
    )

    unconfirmed = client.request("POST", erasure_url, json={})
    assert unconfirmed.status_code == 422 and "cannot be undone" in unconfirmed.text
    erased = client.request("POST", erasure_url, json={"confirm": True})
    assert erased.status_code == 200 and erased.json()["erased"] is True, erased.text

    assert not any(path.exists() for path in cv_files)
    assert wait_for(
        lambda: not holding(data_dir, NAME, EMAIL, REASON) or None,
        what="no database to hold the name, email or the reason naming them",
    )
    assert wait_for(
        lambda: not mails_naming(data_dir / "mail", NAME, EMAIL) or None,
        what="no mail in the folder to name them",
    )
    assert broker_messages_naming(data_dir, NAME, EMAIL) == 0
    assert unverified_trails(data_dir) == []
    again = client.request("POST", erasure_url, json={"confirm": True})
    assert again.status_code == 200 and again.json()["erased_at"] == erased.json()["erased_at"]
    status = client.request("GET", f"/intake/api/status/{token}")
    assert status.status_code == 200 and NAME not in status.text and EMAIL not in status.text
    assert status.json()["stage"] == "withdrawn"
    assert client.request("GET", erasure_url).json()["erased"] is True
    rows = client.request(
        "GET", f"/screening/api/vacancies/{vacancy['id']}/applications", secretariat
    )
    assert [row["application_id"] for row in rows.json()] == [application_id]
