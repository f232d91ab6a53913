"""The whole slice in embedded mode, through HTTP, asserting on the `.eml` files.

The system is started exactly as the README's first command starts it (`shortlist
start`), in a fresh data folder: SQLite databases, the durable SQLite broker and the
in-process SMTP server.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.e2e import processes
from tests.e2e.slice import SHARED_DATA, SliceClient, run_whole_slice, wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, str]]]:
    with processes.embedded_system(tmp_path) as (origin, env):
        yield origin, tmp_path / "var" / "mail", env


def test_the_whole_slice_runs_embedded_and_mails_land_in_the_folder(embedded) -> None:
    origin, mail_dir, env = embedded
    run_whole_slice(SliceClient(lambda _path: origin), mail_dir)

    verified = verify_audit(env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    for database in ("intake", "screening", "scoring", "notify", "accounts"):
        assert f"{database}: " in verified.stdout and "intact" in verified.stdout

    # somebody edits one entry of screening's trail behind the system's back
    engine = sa.create_engine(env_url(env, "screening"))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2"))
    engine.dispose()
    tampered = verify_audit(env)
    assert tampered.returncode == 1
    assert "screening: " in tampered.stdout and "BROKEN at entry 2" in tampered.stdout
    assert "intake: " in tampered.stdout


def verify_audit(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        processes.shortlist_command("audit", "verify"),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def env_url(env: dict[str, str], database: str) -> str:
    return f"sqlite:///{Path(env['SHORTLIST_DATA_DIR']) / database}.db"


def test_the_landing_page_links_every_api_document_and_the_mail_folder(embedded) -> None:
    import requests

    origin, _, _ = embedded
    page = requests.get(origin + "/", timeout=10).text
    for service in ("intake", "screening", "scoring", "notify", "auth"):
        assert f"/{service}/api/openapi.json" in page
        document = requests.get(f"{origin}/{service}/api/openapi.json", timeout=10)
        assert document.status_code == 200 and document.json()["openapi"].startswith("3.")
    assert 'href="/mail/"' in page
    assert requests.get(origin + "/mail/", timeout=10).status_code == 200


def test_the_secretariat_rereads_a_vacancys_cvs_and_sees_progress_and_history(embedded) -> None:
    origin, _, _ = embedded
    client = SliceClient(lambda _path: origin)
    secretariat = client.login("secretariat", "secretariat-demo")
    vacancy = client.create_and_publish_vacancy(secretariat, "recruitment@example.org")
    client.wait_until_open(vacancy["id"])
    cvs = sorted((SHARED_DATA / "cvs").iterdir())[:2]
    for number, cv in enumerate(cvs):
        assert client.apply(vacancy["id"], f"C {number}", f"c{number}@example.org", cv).ok
    screened = client.screened(secretariat, vacancy["id"], 2)

    nothing_new = client.request(
        "POST", f"/intake/api/vacancies/{vacancy['id']}/rereads", secretariat
    )
    assert nothing_new.status_code == 202 and nothing_new.json()["total"] == 0

    requested = client.request(
        "POST",
        f"/intake/api/vacancies/{vacancy['id']}/rereads",
        secretariat,
        json={"everything": True},
    )
    assert requested.status_code == 202, requested.text
    job = requested.json()
    assert job["total"] == 2

    def progress() -> dict | None:
        found = client.request("GET", f"/intake/api/rereads/{job['id']}", secretariat).json()
        return found if found["finished"] else None

    finished = wait_for(progress, what="the reread to finish")
    assert (finished["done"], finished["percent"]) == (2, 100)

    def screened_twice() -> bool:
        return all(
            len(
                client.request(
                    "GET",
                    f"/screening/api/applications/{a['application_id']}/screenings",
                    secretariat,
                ).json()
            )
            == 2
            for a in screened
        )

    assert wait_for(screened_twice, what="every CV screened again")
    panel = client.login("panel1", "panel-demo")
    forbidden = client.request("POST", f"/intake/api/vacancies/{vacancy['id']}/rereads", panel)
    assert forbidden.status_code == 403
