"""Every hostile upload of ../shared/data/bad through the real API, in embedded mode.

Each is refused at upload with a reason the candidate can act on, or accepted and read
(by OCR where the CV is a scan) or marked as needing attention with the reason the
secretariat sees. Never a 500, and a good CV sent after all of them is still screened:
no bad file blocks the queue.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.slice import SHARED_DATA, SliceClient, wait_for
from tests.e2e.test_embedded_slice import embedded  # noqa: F401 - the fixture

pytestmark = pytest.mark.e2e
BAD = SHARED_DATA / "bad"
OCR = shutil.which("tesseract") is not None

REFUSED_AT_UPLOAD = {
    "empty-zero-bytes.pdf": (422, "empty_file"),
    "oversized-25mb.pdf": (413, "too_large"),
    "password-protected.pdf": (422, "encrypted"),
    "truncated-corrupt.pdf": (422, "corrupt"),
    "junk-zip.docx": (422, "corrupt"),
}
READ = {"pdf-renamed.docx"} | (
    {"scanned-image-only.pdf", "garbage-text-layer.pdf"} if OCR else set()
)
NEEDS_ATTENTION = set() if OCR else {"scanned-image-only.pdf", "garbage-text-layer.pdf"}


def test_every_bad_file_is_refused_with_its_reason_or_kept_for_a_person(embedded) -> None:  # noqa: F811
    origin, _, _ = embedded
    client = SliceClient(lambda _path: origin)
    secretariat = client.login("secretariat", "secretariat-demo")
    vacancy = client.create_and_publish_vacancy(secretariat, "recruitment@example.org")
    client.wait_until_open(vacancy["id"])
    files = sorted(BAD.glob("*.*"))
    assert {f.name for f in files} == set(REFUSED_AT_UPLOAD) | READ | NEEDS_ATTENTION | {
        "README.md"
    }

    accepted: dict[str, str] = {}
    for number, path in enumerate(f for f in files if f.suffix != ".md"):
        response = client.apply(vacancy["id"], f"Bad {number}", f"bad{number}@example.org", path)
        assert response.status_code != 500, path.name
        if path.name in REFUSED_AT_UPLOAD:
            status, reason = REFUSED_AT_UPLOAD[path.name]
            body = response.json()
            assert (response.status_code, body["errors"]["reason"]) == (status, reason), body
            assert len(body["message"]) > 20, "a sentence the candidate can act on"
        else:
            assert response.status_code == 201, (path.name, response.text)
            accepted[response.json()["application_id"]] = path.name

    good = client.apply(
        vacancy["id"], "Good", "good@example.org", SHARED_DATA / "cvs" / "dev-002-anna-uvarova.docx"
    )
    assert good.status_code == 201

    def settled() -> dict[str, dict] | None:
        rows = client.request(
            "GET", f"/intake/api/vacancies/{vacancy['id']}/applications", secretariat
        ).json()
        done = {r["id"]: r for r in rows if r["stage"] not in ("received",)}
        return done if len(done) == len(accepted) + 1 else None

    outcome = wait_for(settled, timeout=300, what="every accepted file read")
    for application_id, name in accepted.items():
        row = outcome[application_id]
        detail = client.request("GET", f"/intake/api/applications/{application_id}", secretariat)
        reading = detail.json()
        if name in NEEDS_ATTENTION:
            assert row["stage"] == "needs_attention" and row["attention_reason"], row
        else:
            assert row["stage"] != "needs_attention", (name, row)
            truth = json.loads((BAD / "truth" / f"{Path(name).stem}.json").read_text())
            assert reading["profile"]["contact"]["email"] == truth["contact"]["email"], name
    renamed = next(a for a, n in accepted.items() if n == "pdf-renamed.docx")
    notes = client.request("GET", f"/intake/api/applications/{renamed}", secretariat).json()
    assert any("PDF" in note for note in notes["reading_notes"]), notes
    # screening judges them all: a CV that needs attention gets every verdict unclear
    client.screened(secretariat, vacancy["id"], len(accepted) + 1, 300)
