"""The CV reader intake's use cases call: upload checks, then text and profile.

At upload, only what the bytes show at once is checked (empty, too large, not a PDF or
DOCX, a zip bomb) and refused with a message the candidate can act on. Everything found
while reading (encrypted, corrupt, no text layer, garbage text) keeps the application
and marks it as needing attention with the reason, for the secretariat to see; so does
a failure of the reader that nobody foresaw, rather than leaving the application stuck.
"""

from __future__ import annotations

from services.intake.adapters import cv_files
from services.intake.adapters.cv_files import DocumentKind, UnreadableDocument
from services.intake.domain.applications import ApplicationRefused
from services.intake.domain.parsing import PARSER_VERSION, parse_profile
from services.intake.domain.profile import Profile
from services.intake.service_layer.services import CvReading
from shared.logging import get_logger

log = get_logger(__name__)
UNFORESEEN_FAILURE = (
    "The CV could not be read automatically (the reader failed on this file);"
    " a person needs to look at it."
)


class DocumentCvReader:
    def __init__(self, max_bytes: int = cv_files.DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def check_upload(self, data: bytes, filename: str) -> str:
        try:
            return cv_files.sniff(data, filename, max_bytes=self.max_bytes).value
        except UnreadableDocument as problem:
            raise ApplicationRefused(problem.message, problem.reason_code.value) from problem

    def read(self, data: bytes, kind: str, filename: str = "") -> CvReading:
        try:
            extracted = cv_files.extract_text(data, DocumentKind(kind), max_bytes=self.max_bytes)
        except UnreadableDocument as problem:
            return CvReading("", _empty_profile(), PARSER_VERSION, problem.message)
        except Exception as error:
            log.warning("cv unreadable", error=repr(error))
            return CvReading("", _empty_profile(), PARSER_VERSION, UNFORESEEN_FAILURE)
        if extracted.attention is not None:
            return CvReading(
                extracted.text, _empty_profile(), PARSER_VERSION, extracted.attention.message
            )
        profile = parse_profile(extracted.text).to_dict()
        return CvReading(extracted.text, profile, PARSER_VERSION, None)


def _empty_profile() -> dict:
    return Profile.from_dict({}).to_dict()
