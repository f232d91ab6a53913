"""The application's current CV as the secretariat sees it: its pages as images, its text.

`cv_page_png` finds the stored file of the application's current CV and draws one of its
pages (a PDF's; a Word CV has no pages to draw: `NoPageImages`). `cv_text` gives the text
layer page by page as last read from the current CV (an empty list while the new CV is
being read). An application whose candidate had their data erased has no CV any more:
`CvUnavailable`, like a stored file that has gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.intake.adapters.cv_files import DocumentKind
from services.intake.adapters.cv_pages import PageOutOfRange, render_page_png
from services.intake.domain.applications import Application
from services.intake.service_layer.services import existing_application
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork
from shared.storage import FileStore

__all__ = [
    "PAGE_WIDTH",
    "CvText",
    "CvUnavailable",
    "NoPageImages",
    "PageOutOfRange",
    "cv_page_png",
    "cv_text",
]

PAGE_WIDTH = 900


class CvUnavailable(LookupError):
    """The application's CV is gone: erased at the candidate's request, or missing."""


class NoPageImages(LookupError):
    """A CV that is not a PDF (a Word document) has no page images."""


@dataclass(frozen=True)
class CvText:
    """The current CV's text layer, one string per page read, and its kind (pdf, docx)."""

    pages: tuple[str, ...]
    kind: str


def cv_page_png(
    uow: IntakeUnitOfWork,
    store: FileStore,
    application_id: str,
    page_number: int,
    width: int = PAGE_WIDTH,
) -> bytes:
    """Page `page_number` (1-based) of the application's current CV, as PNG bytes."""
    with uow:
        application = _current(uow, application_id)
    if application.cv.kind != DocumentKind.PDF:
        raise NoPageImages(application_id)
    try:
        data = store.read(application.cv.path)
    except FileNotFoundError as missing:
        raise CvUnavailable(application_id) from missing
    return render_page_png(data, page_number, width)


def cv_text(uow: IntakeUnitOfWork, application_id: str) -> CvText:
    """The text layer of the application's current CV, page by page, as last read."""
    with uow:
        application = _current(uow, application_id)
        reading = uow.applications.latest_reading(application_id)
    pages: tuple[str, ...] = ()
    if reading is not None and reading.get("cv_sha256") in (None, application.cv.sha256):
        pages = tuple(str(page) for page in reading.get("pages") or ())
    return CvText(pages, application.cv.kind)


def _current(uow: IntakeUnitOfWork, application_id: str) -> Application:
    application = existing_application(uow, application_id)
    if uow.applications.erased_at(application_id) is not None or not application.cv.path:
        raise CvUnavailable(application_id)
    return application
