"""The cited passages outlined on a CV's pages (which to look for, where a passage stands
in a page's text as PDFium reads it) and how many of a vacancy's CVs are still being read,
with fakes."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from services.intake.domain.applications import Application, Stage, StoredCv
from services.intake.domain.cv_marks import MAX_MARK_CHARS, MAX_MARKS, clean_marks, passage_spans
from services.intake.domain.reading_progress import ReadingProgress
from services.intake.domain.rereading import RereadJob
from services.intake.service_layer import reading_progress, services
from tests.unit.fakes import FakeIntakeUnitOfWork

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
PAGE = (
    "Education and Training\r\nMaster of Business\r\nAdministration in Business\r\n"
    "Administration, Leiden University,\r\n2004\r\nLanguages\r\nGerman: B2\r\n"
    "Worked with the Ministry\u2019s team \u2013 2019"
)


def test_a_passage_is_found_across_line_breaks_and_in_any_case():
    passage = "master of business administration in business administration"

    spans = passage_spans(PAGE, passage)

    assert len(spans) == 1
    start, end = spans[0]
    assert PAGE[start:end] == "Master of Business\r\nAdministration in Business\r\nAdministration"


def test_typographic_quotes_and_dashes_do_not_hide_a_passage():
    start, end = passage_spans(PAGE, "Ministry's team - 2019")[0]
    assert PAGE[start:end] == "Ministry\u2019s team \u2013 2019"


def test_a_passage_the_page_does_not_have_is_not_found():
    assert passage_spans(PAGE, "Doctorate in Physics") == []
    assert passage_spans(PAGE, "   ") == []
    assert passage_spans(PAGE, "B2 (") == []  # regular-expression characters are text


def test_every_occurrence_is_found():
    assert len(passage_spans("English: C2\nenglish tutor", "English")) == 2


def test_marks_are_trimmed_kept_once_and_capped():
    asked = ["  German:  B2 ", "german: b2", "x", "", "Leiden University", "German:B2 "]

    assert clean_marks(asked) == ("German: B2", "Leiden University")  # spacing aside, one
    many = clean_marks(f"passage number {n}" for n in range(MAX_MARKS + 10))
    assert len(many) == MAX_MARKS
    long = clean_marks(["word " * 200])[0]
    assert len(long) <= MAX_MARK_CHARS and long.endswith("word")


def job(total, done, finished=False):
    started = RereadJob.start("vac-1", "2.0", total, "sam", NOW)
    return replace(started, done=done, finished_at=NOW if finished else None)


def test_progress_adds_unread_cvs_and_the_rest_of_running_batches():
    progress = ReadingProgress.of(2, 10, [job(5, 3), job(4, 4, finished=True)])

    assert (progress.pending, progress.total, progress.done) == (4, 10, 6)
    assert progress.reading


def test_progress_never_says_more_pending_than_there_are_cvs():
    assert ReadingProgress.of(3, 3, [job(3, 0)]).pending == 3
    assert not ReadingProgress.of(0, 5, []).reading


@pytest.fixture
def uow():
    uow = FakeIntakeUnitOfWork()
    services.record_vacancy_published(
        uow,
        {
            "vacancy_id": "vac-1",
            "reference": "REF-1",
            "title": "Director",
            "tor_text": "ToR",
            "closing_date": date(2099, 1, 1),
            "criteria_version": 1,
        },
    )
    return uow


def add_application(uow, application_id, stage, submitted=True):
    cv = StoredCv("cv.pdf", f"cvs/{application_id}.pdf", application_id * 8, 100, "pdf")
    uow.applications.add(
        Application(
            id=application_id,
            vacancy_id="vac-1",
            candidate_name="A Candidate",
            candidate_email=f"{application_id}@example.org",
            consent_given_at=NOW,
            received_at=NOW,
            cv=cv,
            stage=stage,
            submitted_at=NOW if submitted else None,
        )
    )


def test_reading_progress_counts_the_vacancys_applicants_not_read_yet(uow):
    add_application(uow, "a1", Stage.RECEIVED)
    add_application(uow, "a2", Stage.CV_READ)
    add_application(uow, "a3", Stage.RECEIVED, submitted=False)  # a draft: not an applicant
    add_application(uow, "a4", Stage.WITHDRAWN)
    uow.reread_jobs.add(job(2, 1))

    progress = reading_progress.reading_progress(uow, "vac-1")

    assert (progress.pending, progress.total) == (2, 2)


def test_reading_progress_of_an_unknown_vacancy_is_refused(uow):
    with pytest.raises(reading_progress.UnknownVacancy):
        reading_progress.reading_progress(uow, "no-such-vacancy")
