"""The whole slice in embedded mode, through HTTP, asserting on the `.eml` files.

The system is started exactly as the README's first command starts it (`shortlist
start`), in a fresh data folder: SQLite databases, the durable SQLite broker and the
in-process SMTP server.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.e2e import processes
from tests.e2e.slice import SliceClient, run_whole_slice

pytestmark = pytest.mark.e2e


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, str]]]:
    port = free_port()
    env = {
        "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
        "SHORTLIST_SMTP_PORT": str(free_port()),
        "SHORTLIST_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SHORTLIST_CONSUMER_BACKOFF_SECONDS": "0.1",
    }
    log = tmp_path / "embedded.log"
    process = processes.start(processes.shortlist_command("start", "--port", str(port)), env, log)
    try:
        processes.wait_until_serving(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}", tmp_path / "var" / "mail", env
    finally:
        processes.stop(process)
        print(log.read_text()[-8000:])  # shown only when the test fails


def test_the_whole_slice_runs_embedded_and_mails_land_in_the_folder(embedded) -> None:
    origin, mail_dir, env = embedded
    run_whole_slice(SliceClient(lambda _path: origin), mail_dir)

    verified = subprocess.run(
        processes.shortlist_command("audit", "verify"),
        env={**__import__("os").environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "intact" in verified.stdout


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
