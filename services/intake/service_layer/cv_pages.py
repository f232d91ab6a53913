"""The application's current CV as the secretariat sees it: its pages as images, its text.

`cv_page_png` finds the stored file of the application's current CV and draws one of its
pages (a PDF's; a Word CV has no pages to draw: `NoPageImages`), with the cited passages
asked for outlined. `cv_page_set` says which pages there are (intake opened the PDF, so
a page lists only pages that exist), each page's size, and which of the passages are
outlined on which page and which are found on none. `cv_text` gives the text
layer page by page as last read from the current CV (an empty list while the new CV is
being read). An application whose candidate had their data erased has no CV any more:
`CvUnavailable`, like a stored file that has gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.intake.adapters.cv_files import DocumentKind
from services.intake.adapters.cv_pages import (
    PageOutline,
    PageOutOfRange,
    outline_pages,
    render_page_png,
)
from services.intake.domain.applications import Application
from services.intake.domain.cv_marks import clean_marks
from services.intake.service_layer.services import existing_application
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork
from shared.storage import FileStore

__all__ = [
    "PAGE_WIDTH",
    "CvPageSet",
    "CvText",
    "CvUnavailable",
    "NoPageImages",
    "PageOutOfRange",
    "PageOutline",
    "cv_page_png",
    "cv_page_set",
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


@dataclass(frozen=True)
class CvPageSet:
    """The current CV's pages (none for a Word CV), its kind, the passages asked for in
    the order asked, and those found on no page."""

    kind: str
    pages: tuple[PageOutline, ...]
    marks: tuple[str, ...]
    not_found: tuple[str, ...]


def cv_page_png(
    uow: IntakeUnitOfWork,
    store: FileStore,
    application_id: str,
    page_number: int,
    width: int = PAGE_WIDTH,
    marks: Iterable[str] = (),
) -> bytes:
    """Page `page_number` (1-based) of the application's current CV, as PNG bytes, with
    the passages `marks` outlined where the page has them."""
    data = _pdf_of(uow, store, application_id)
    return render_page_png(data, page_number, width, clean_marks(marks))


def cv_page_set(
    uow: IntakeUnitOfWork,
    store: FileStore,
    application_id: str,
    marks: Iterable[str] = (),
    width: int = PAGE_WIDTH,
) -> CvPageSet:
    """Every page of the application's current CV and the passages `marks` found on it."""
    wanted = clean_marks(marks)
    try:
        data = _pdf_of(uow, store, application_id)
    except NoPageImages:
        return CvPageSet(DocumentKind.DOCX, (), wanted, wanted)
    pages = tuple(outline_pages(data, wanted, width))
    found = {mark for page in pages for mark in page.found}
    return CvPageSet(DocumentKind.PDF, pages, wanted, tuple(m for m in wanted if m not in found))


def _pdf_of(uow: IntakeUnitOfWork, store: FileStore, application_id: str) -> bytes:
    with uow:
        application = _current(uow, application_id)
    if application.cv.kind != DocumentKind.PDF:
        raise NoPageImages(application_id)
    try:
        return store.read(application.cv.path)
    except FileNotFoundError as missing:
        raise CvUnavailable(application_id) from missing


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
