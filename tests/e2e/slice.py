"""The whole slice of a recruitment, driven over HTTP as its users would: used by the
embedded and the production end-to-end tests, and by the faults tests.

`SliceClient` knows where each service answers (one origin in embedded mode, one port per
service in production) and speaks the JSON APIs; `wait_for()` polls until the system has
caught up, since everything after an HTTP call happens through events.
"""

from __future__ import annotations

import email
import io
import json
import time
import zipfile
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import requests

T = TypeVar("T")
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
COMPETENCIES = [
    {"name": "Leadership", "weight": 2.0},
    {"name": "Communication", "weight": 1.0},
    {"name": "Planning and organising", "weight": 1.0},
]


def wait_for(check: Callable[[], T | None], timeout: float = 60, what: str = "condition") -> T:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except requests.ConnectionError:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


class SliceClient:
    def __init__(self, base_url_for: Callable[[str], str]) -> None:
        self.base_url_for = base_url_for
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return self.base_url_for(path) + path

    def request(
        self, method: str, path: str, token: str | None = None, **kwargs: Any
    ) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.url(path), headers=headers, timeout=30, **kwargs)

    def login(self, username: str, password: str) -> str:
        response = self.request(
            "POST", "/auth/api/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def create_and_publish_vacancy(self, token: str, contact_email: str) -> dict[str, Any]:
        criteria = json.loads((SHARED_DATA / "tor" / "ccm-isu-director.criteria.json").read_text())
        body = {
            "reference": "E2E-001",
            "title": criteria["position"],
            "tor_text": "Terms of Reference (see the original document).",
            "criteria": criteria,
            "competencies": COMPETENCIES,
            "closing_date": (date.today() + timedelta(days=30)).isoformat(),
            "contact_email": contact_email,
        }
        created = self.request("POST", "/screening/api/vacancies", token, json=body)
        assert created.status_code == 201, created.text
        vacancy = created.json()
        published = self.request("POST", f"/screening/api/vacancies/{vacancy['id']}/publish", token)
        assert published.status_code == 200, published.text
        assert published.json()["version"] == 1
        return published.json()

    def wait_until_open(self, vacancy_id: str) -> None:
        def listed() -> bool:
            response = self.request("GET", "/intake/api/vacancies")
            return response.ok and any(v["id"] == vacancy_id for v in response.json())

        wait_for(listed, what="intake to list the vacancy")

    def apply(
        self, vacancy_id: str, name: str, email_address: str, cv: Path, copy: int | None = None
    ) -> requests.Response:
        """Apply with `cv`; with `copy`, with a copy of it whose bytes are its own, as another
        candidate's CV made from the same template would be (the same bytes twice are the
        same CV sent again, which intake refuses)."""
        data = cv.read_bytes() if copy is None else distinct_copy(cv, copy)
        return self.request(
            "POST",
            f"/intake/api/vacancies/{vacancy_id}/applications",
            data={"candidate_name": name, "candidate_email": email_address, "consent": "true"},
            files={"cv": (cv.name, data)},
        )

    def screened(
        self, token: str, vacancy_id: str, count: int, timeout: float = 120
    ) -> list[dict[str, Any]]:
        def all_screened() -> list[dict[str, Any]] | None:
            response = self.request(
                "GET", f"/screening/api/vacancies/{vacancy_id}/applications", token
            )
            rows = response.json() if response.ok else []
            done = [row for row in rows if row["screened_at"]]
            return done if len(done) >= count else None

        return wait_for(all_screened, timeout, f"{count} screened applications")

    def appoint_panel(
        self, token: str, vacancy_id: str, members: list[str], chair: str | None = None
    ) -> None:
        """Appoint the vacancy's panel as soon as scoring has heard of the vacancy (through
        `vacancy.published`, a moment after publishing)."""
        wait_for(
            lambda: (
                self.request(
                    "PUT",
                    f"/scoring/api/vacancies/{vacancy_id}/panel",
                    token,
                    json={"members": members, "chair": chair},
                ).ok
            ),
            what="scoring to know the vacancy",
        )

    def vacancy_with_screened_cvs(
        self, token: str, cvs: Mapping[str, str], address_prefix: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """A published vacancy to which each of `cvs` (candidate name: sample CV file name)
        applied, once every application is screened: the vacancy and the screened rows."""
        vacancy = self.create_and_publish_vacancy(token, "recruitment@secretariat.example")
        self.wait_until_open(vacancy["id"])
        for number, (name, filename) in enumerate(cvs.items()):
            address = f"{address_prefix}{number}@example.org"
            response = self.apply(vacancy["id"], name, address, SHARED_DATA / "cvs" / filename)
            assert response.status_code == 201, response.text
        return vacancy, self.screened(token, vacancy["id"], len(cvs), timeout=180)


def mails_in(folder: Path) -> list[EmailMessage]:
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for path in sorted(folder.glob("*.eml"))
    ]


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def wait_for_mails(folder: Path, count: int, timeout: float = 60) -> list[EmailMessage]:
    return wait_for(
        lambda: found if len(found := mails_in(folder)) >= count else None,
        timeout,
        f"{count} mails in {folder}",
    )


def run_whole_slice(client: SliceClient, mail_dir: Path) -> None:
    """Steps 1 to 6 of the slice, asserting what each user would notice."""
    secretariat = client.login("secretariat", "secretariat-demo")
    panel1 = client.login("panel1", "panel-demo")
    panel2 = client.login("panel2", "panel-demo")

    # who is asking: no way in without the right role
    assert client.request("GET", "/screening/api/vacancies").status_code == 401
    assert client.request("GET", "/screening/api/vacancies", panel1).status_code == 403

    # 1. the secretariat creates and publishes a vacancy; intake learns of it
    vacancy = client.create_and_publish_vacancy(secretariat, "recruitment@secretariat.example")
    client.wait_until_open(vacancy["id"])

    # 2. two candidates apply with real CVs; each gets an acknowledgement with a private link
    candidates = [
        ("Anna Uvarova", "anna@example.org", SHARED_DATA / "cvs" / "dev-002-anna-uvarova.docx"),
        ("Boma Wanjala", "boma@example.org", SHARED_DATA / "cvs" / "dev-004-boma-wanjala.pdf"),
    ]
    application_ids = []
    for name, address, cv in candidates:
        response = client.apply(vacancy["id"], name, address, cv)
        assert response.status_code == 201, response.text
        application_ids.append(response.json()["application_id"])
    again = client.apply(vacancy["id"], "Anna Uvarova", "ANNA@example.org", candidates[0][2])
    assert again.status_code == 409, "the same email applies once per vacancy"

    acknowledgements = wait_for_mails(mail_dir, 2)
    for (name, address, _), mail in zip(
        candidates, sorted(acknowledgements, key=lambda m: str(m["To"])), strict=True
    ):
        assert address in str(mail["To"])
        text = body_text(mail)
        assert name in text and vacancy["title"] in text
        status_link = next(word for word in text.split() if "/intake/status/" in word)
        path = status_link[status_link.index("/intake/status/") :].rstrip(".,)")
        page = client.request("GET", path)
        assert page.status_code == 200 and name in page.text
        assert client.request("GET", path[:-3] + "xyz").status_code == 404

    # 3. screening judges every criterion of each CV and proposes
    screened = client.screened(secretariat, vacancy["id"], 2)
    for application in screened:
        assert application["proposal"] in ("long_list", "needs_review", "not_eligible")
        assert {v["criterion_id"] for v in application["verdicts"]} >= {"EDU", "EXP_IR", "LANG_EN"}
        assert all(v["figure"] for v in application["verdicts"])

    # 4. the secretariat shortlists both; scoring learns of it
    client.appoint_panel(secretariat, vacancy["id"], ["panel1", "panel2"], "panel1")
    for application_id in application_ids:
        moved = client.request(
            "PUT",
            f"/screening/api/applications/{application_id}/list",
            secretariat,
            json={"list": "short_list"},
        )
        assert moved.status_code == 200, moved.text

    def round_of(token: str) -> dict[str, Any] | None:
        response = client.request("GET", f"/scoring/api/vacancies/{vacancy['id']}/round", token)
        body = response.json() if response.ok else None
        return body if body and len(body["candidates"]) == 2 else None

    wait_for(lambda: round_of(panel1), what="the short list to reach scoring")

    # each member declares no conflict of interest, seeing only the names, before scoring
    for token in (panel1, panel2):
        declared = client.request(
            "PUT",
            f"/scoring/api/vacancies/{vacancy['id']}/declarations",
            token,
            json={
                "declarations": [
                    {"application_id": application_id, "conflict": False}
                    for application_id in application_ids
                ]
            },
        )
        assert declared.status_code == 200, declared.text

    # 5. each member scores; nobody sees another's sheet before submitting their own
    first, second = application_ids
    sheets = f"/scoring/api/vacancies/{vacancy['id']}/candidates"
    scores_1 = {"Leadership": 4, "Communication": 3, "Planning and organising": 5}
    scores_2 = {"Leadership": 2, "Communication": 4, "Planning and organising": 3}
    assert (
        client.request(
            "POST", f"{sheets}/{first}/sheets", panel1, json={"scores": scores_1}
        ).status_code
        == 201
    )
    before = client.request("GET", f"{sheets}/{first}/sheets", panel2)
    assert before.status_code == 200 and before.json() == [], before.text
    assert (
        client.request(
            "POST", f"{sheets}/{first}/sheets", panel2, json={"scores": scores_2}
        ).status_code
        == 201
    )
    seen_by_2 = client.request("GET", f"{sheets}/{first}/sheets", panel2).json()
    assert sorted(s["member"] for s in seen_by_2) == ["panel1", "panel2"]
    assert (
        client.request(
            "POST", f"{sheets}/{second}/sheets", panel1, json={"scores": scores_2}
        ).status_code
        == 201
    )
    assert (
        client.request(
            "POST", f"{sheets}/{second}/sheets", panel2, json={"scores": scores_2}
        ).status_code
        == 201
    )

    # 6. the secretariat is told, by mail, with the ranking
    mails = wait_for_mails(mail_dir, 3)
    report = next(m for m in mails if "recruitment@secretariat.example" in str(m["To"]))
    text = body_text(report)
    assert "Anna Uvarova" in text and "Boma Wanjala" in text
    time.sleep(2)  # nothing more may arrive: every mail exactly once
    assert len(mails_in(mail_dir)) == 3


def distinct_copy(cv: Path, number: int) -> bytes:
    """The CV with a marker that changes its bytes but not what it says: a comment after a
    PDF's end, or the zip comment of a Word document."""
    data = cv.read_bytes()
    if data.startswith(b"%PDF"):
        return data + f"\n% copy {number}\n".encode()
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = f"copy {number}".encode()
    return buffer.getvalue()
