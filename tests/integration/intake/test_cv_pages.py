"""The CV's pages and text layer, served by intake to the secretariat for screening's
candidate page: a PDF's page as a PNG, a Word CV's text only, nothing for anyone else.

The app is intake's own on an SQLite database brought to the newest revision, with the
sample CVs applied through the API and read by intake's own handler, as its consumer would.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from services.intake.adapters.cv_pages import PageOutOfRange, render_page_png
from services.intake.adapters.tables import MESSAGING
from services.intake.bootstrap import SERVICE, IntakeRuntime, bootstrap
from services.intake.entrypoints import handlers
from services.intake.entrypoints.app import create_app
from services.intake.service_layer import erasure, services
from shared.auth.tokens import Principal, TokenSigner
from shared.config import Settings
from shared.db import upgrade
from shared.messaging.contracts import parse_envelope
from shared.messaging.events import EVENTS

pytestmark = pytest.mark.integration
CVS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "cvs"
ANNA = CVS / "dev-002-anna-uvarova.docx"
BOMA = CVS / "dev-004-boma-wanjala.pdf"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[IntakeRuntime]:
    database_url = f"sqlite:///{tmp_path / 'intake.db'}"
    settings = Settings.from_env(
        {
            "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
            "SHORTLIST_INTAKE_DATABASE_URL": database_url,
            "SHORTLIST_SECRET_KEY": "test-secret",
        }
    )
    upgrade(database_url, SERVICE.migrations)
    built = bootstrap(settings)
    services.record_vacancy_published(
        built.uow(),
        {
            "vacancy_id": "vac-1",
            "reference": "REF-vac-1",
            "title": "Director, Implementation Support Unit",
            "tor_text": "Terms of Reference",
            "closing_date": date.today() + timedelta(days=30),
            "criteria_version": 1,
        },
    )
    yield built
    built.engine.dispose()


def client_as(runtime: IntakeRuntime, *roles: str) -> Any:
    """Intake's app with a client signed in (by cookie, as a browser) with `roles`."""
    client = create_app(runtime).test_client()
    if roles:
        token = TokenSigner(runtime.settings.secret_key).access_token(
            Principal("sam", frozenset(roles), "Sam")
        )
        client.set_cookie("shortlist_token", token)
    return client


def applied(runtime: IntakeRuntime, cv: Path, email: str) -> str:
    """The id of an application with `cv`, its CV read by intake's own handler."""
    response = client_as(runtime).post(
        "/intake/api/vacancies/vac-1/applications",
        data={
            "candidate_name": "A Candidate",
            "candidate_email": email,
            "consent": "true",
            "cv": (BytesIO(cv.read_bytes()), cv.name),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    read_own_events(runtime)
    return response.get_json()["application_id"]


def read_own_events(runtime: IntakeRuntime) -> None:
    with runtime.engine.connect() as connection:
        bodies = connection.execute(
            sa.select(MESSAGING.outbox.c.body)
            .where(MESSAGING.outbox.c.name == "application.received")
            .order_by(MESSAGING.outbox.c.position)
        ).scalars()
        envelopes = [parse_envelope(body, EVENTS) for body in bodies]
    for envelope in envelopes:
        with runtime.uow() as uow:
            if uow.mark_handled("intake", envelope):
                handlers.for_runtime(runtime)[envelope.name](uow, envelope)
                uow.commit()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_secretariat_sees_a_pdf_cv_page_as_a_png(runtime):
    application_id = applied(runtime, BOMA, "boma@example.org")
    client = client_as(runtime, "secretariat")

    page = client.get(f"/intake/applications/{application_id}/cv/pages/1.png")

    assert page.status_code == 200
    assert page.mimetype == "image/png"
    assert page.headers["Cache-Control"] == "private, max-age=300"
    width, height = png_size(page.data)
    assert 850 <= width <= 950 and 1000 < height < 2000  # a portrait page, about 900 wide
    assert client.get(f"/intake/applications/{application_id}/cv/pages/99.png").status_code == 404
    assert client.get(f"/intake/applications/{application_id}/cv/pages/0.png").status_code == 404

    text = client.get(f"/intake/applications/{application_id}/cv/text")
    assert text.status_code == 200
    assert text.get_json()["kind"] == "pdf"
    assert text.get_json()["pages"] and "Boma" in text.get_json()["pages"][0]


def test_a_word_cv_has_its_text_but_no_page_images(runtime):
    application_id = applied(runtime, ANNA, "anna@example.org")
    client = client_as(runtime, "secretariat")

    assert client.get(f"/intake/applications/{application_id}/cv/pages/1.png").status_code == 404
    text = client.get(f"/intake/applications/{application_id}/cv/text")

    assert text.status_code == 200
    assert text.headers["Cache-Control"] == "private, max-age=300"
    body = text.get_json()
    assert body["kind"] == "docx"
    assert "Anna" in " ".join(body["pages"])


def test_an_unknown_or_erased_application_has_no_cv(runtime):
    application_id = applied(runtime, BOMA, "boma@example.org")
    erasure.erase_application(runtime.uow(), runtime.store, application_id)
    client = client_as(runtime, "secretariat")

    for gone in (application_id, "no-such-application"):
        assert client.get(f"/intake/applications/{gone}/cv/pages/1.png").status_code == 404
        assert client.get(f"/intake/applications/{gone}/cv/text").status_code == 404


def test_only_the_secretariat_sees_the_cv(runtime):
    application_id = applied(runtime, BOMA, "boma@example.org")
    paths = [
        f"/intake/applications/{application_id}/cv/pages/1.png",
        f"/intake/applications/{application_id}/cv/text",
    ]

    for path in paths:
        anonymous = client_as(runtime).get(path)
        assert anonymous.status_code == 302
        assert anonymous.headers["Location"].startswith("/auth/login?next=")
        assert client_as(runtime, "panel").get(path).status_code == 403


def test_rendering_a_page_out_of_range_says_which_pages_there_are():
    data = BOMA.read_bytes()

    with pytest.raises(PageOutOfRange, match="no page 99"):
        render_page_png(data, 99, 900)
    assert png_size(render_page_png(data, 1, 300))[0] in range(295, 306)
