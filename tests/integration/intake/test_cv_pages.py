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


# --- all the pages, with the cited passages outlined ---------------------------------------

CITED = "Master of Business Administration in Business Administration"


def page_list(client: Any, application_id: str, *marks: str, fragment: bool = True) -> Any:
    headers = {"HX-Request": "true"} if fragment else {}
    return client.get(
        f"/intake/applications/{application_id}/cv/pages",
        query_string=[("mark", mark) for mark in marks],
        headers=headers,
    )


def outline_pixels(png: bytes) -> int:
    """How many pixels of the page image have the outline's colour."""
    from PIL import Image

    from services.intake.adapters.cv_pages import OUTLINE_COLOUR

    colours = Image.open(BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 24) or []
    return next((count for count, colour in colours if colour == OUTLINE_COLOUR[:3]), 0)


def test_the_page_list_shows_every_page_and_says_what_is_outlined(runtime):
    application_id = applied(runtime, BOMA, "boma@example.org")
    client = client_as(runtime, "secretariat")

    listed = page_list(client, application_id, CITED, "German: B2", "Nowhere in this CV")

    assert listed.status_code == 200
    html = listed.get_data(as_text=True)
    assert "<html" not in html  # a fragment for htmx
    assert html.count('<img src="/intake/applications/') == 2
    assert 'loading="lazy"' in html
    assert "Page 1 of 2 of the CV, with 2 cited passages outlined: " in html
    assert "&#34;" not in html.split('alt="', 1)[1].split('">', 1)[0]  # the alt stays whole
    assert "Page 2 of 2 of the CV; no cited passage is outlined on it" in html
    assert "Not found on the page images" in html and "Nowhere in this CV" in html
    assert "cv/pages/3.png" not in html
    first_src = html.split('<img src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "mark=German" in first_src
    image = client.get(first_src)
    assert image.status_code == 200 and png_size(image.data)[0] > 0
    assert client.get(f"/intake/applications/{application_id}/cv/pages/3.png").status_code == 404

    whole_page = page_list(client, application_id, CITED, fragment=False)
    assert "<html" in whole_page.get_data(as_text=True)


def test_an_outlined_passage_is_drawn_on_the_page_and_a_missing_one_changes_nothing(runtime):
    application_id = applied(runtime, BOMA, "boma@example.org")
    client = client_as(runtime, "secretariat")
    path = f"/intake/applications/{application_id}/cv/pages/1.png"

    plain = client.get(path).data
    outlined = client.get(path, query_string=[("mark", CITED)]).data
    missing = client.get(path, query_string=[("mark", "Nowhere in this CV"), ("mark", "")]).data

    assert outline_pixels(plain) == 0
    assert outline_pixels(outlined) > 200
    assert outline_pixels(missing) == 0
    assert png_size(outlined) == png_size(plain)


def test_a_word_cv_lists_no_page_images_and_says_why(runtime):
    application_id = applied(runtime, ANNA, "anna@example.org")
    client = client_as(runtime, "secretariat")

    listed = page_list(client, application_id, "Anything")

    assert listed.status_code == 200
    html = listed.get_data(as_text=True)
    assert "<img" not in html
    assert "A Word CV has no page images" in html


def test_the_page_list_of_an_unknown_or_erased_application(runtime):
    application_id = applied(runtime, BOMA, "boma@example.org")
    erasure.erase_application(runtime.uow(), runtime.store, application_id)
    client = client_as(runtime, "secretariat")

    assert page_list(client, "no-such-application").status_code == 404
    erased = page_list(client, application_id)
    assert erased.status_code == 200
    assert "<img" not in erased.get_data(as_text=True)
    assert "no longer kept" in erased.get_data(as_text=True)


# --- how many CVs are still being read ------------------------------------------------------


def received(runtime: IntakeRuntime, cv: Path, email: str) -> str:
    """An application whose CV intake has not read yet."""
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
    return response.get_json()["application_id"]


def progress(client: Any, polling: bool = False) -> str:
    path = "/intake/vacancies/vac-1/reading-progress" + ("?polling=1" if polling else "")
    response = client.get(path, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_list_is_told_how_many_cvs_are_still_being_read_until_none_is(runtime):
    client = client_as(runtime, "secretariat")
    applied(runtime, BOMA, "boma@example.org")
    received(runtime, ANNA, "anna@example.org")

    while_reading = progress(client)
    assert "1 of 2 CVs still being read." in while_reading
    assert 'hx-trigger="every 3s"' in while_reading

    read_own_events(runtime)
    assert 'hx-trigger="every 3s"' not in progress(client, polling=True)
    assert "All 2 CVs are read." in progress(client, polling=True)
    assert "CVs" not in progress(client)  # nothing to say on a list opened after the reading

    services.reread_vacancy(runtime.uow(), "vac-1", "sam", everything=True)
    assert "2 of 2 CVs still being read." in progress(client)


def test_reading_progress_is_for_the_secretariat_of_a_known_vacancy(runtime):
    path = "/intake/vacancies/vac-1/reading-progress"

    assert client_as(runtime).get(path).status_code == 302
    assert client_as(runtime, "panel").get(path).status_code == 403
    secretariat = client_as(runtime, "secretariat")
    assert secretariat.get("/intake/vacancies/no-such/reading-progress").status_code == 404
