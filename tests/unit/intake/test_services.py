"""Intake's use cases with fakes: applying, refusals, reading the CV, stages."""

import hashlib
from datetime import date

import pytest

from services.intake.domain.applications import AlreadyApplied, ApplicationRefused, Stage
from services.intake.service_layer import services
from services.intake.service_layer.services import CvReading, UnknownApplication, UnknownVacancy
from tests.unit.fakes import FakeCvReader, FakeFileStore, FakeIntakeUnitOfWork

CV = b"%PDF-1.7 Ana Example's CV"
NAME, EMAIL = "Ana Example", "ana@example.org"
OPEN_UNTIL = date(2999, 12, 31)
CLOSED_ON = date(2000, 1, 31)
PROFILE = {
    "contact": {"name": NAME, "email": EMAIL, "phone": None, "city": None, "country": None},
    "education": [
        {
            "level": "master",
            "degree_as_written": "MA",
            "field": "international relations",
            "field_as_written": "International Relations",
            "institution": "Somewhere University",
            "year_completed": 2005,
        }
    ],
    "positions": [],
    "languages": [
        {
            "language": "English",
            "language_as_written": "English",
            "level": "fluent",
            "level_as_written": "fluent",
        }
    ],
}


def status_url_for(application_id):
    return f"http://localhost:8000/status/{application_id}"


def vacancy_published(vacancy_id="vac-1", closing_date=OPEN_UNTIL):
    return {
        "vacancy_id": vacancy_id,
        "reference": f"REF-{vacancy_id}",
        "title": "Director, Implementation Support Unit",
        "tor_text": "Terms of Reference",
        "closing_date": closing_date,
        "criteria_version": 1,
    }


@pytest.fixture
def uow():
    uow = FakeIntakeUnitOfWork()
    services.record_vacancy_published(uow, vacancy_published("vac-1"))
    services.record_vacancy_published(uow, vacancy_published("vac-closed", CLOSED_ON))
    return uow


@pytest.fixture
def store():
    return FakeFileStore()


def apply(uow, store, reader=None, **overrides):
    email = overrides.get("candidate_email", EMAIL)
    arguments = {
        "vacancy_id": "vac-1",
        "candidate_name": NAME,
        "candidate_email": EMAIL,
        "consent": True,
        "cv_filename": "ana.pdf",
        # each candidate's own CV: the same file twice is the same person applying again
        "cv_data": CV if email == EMAIL else CV + f" of {email}".encode(),
    }
    return services.submit_application(
        uow, store, reader or FakeCvReader(), status_url_for, **(arguments | overrides)
    )


def applications_received(uow):
    return uow.events_named("application.received")


# --- vacancies ----------------------------------------------------------------------------


def test_a_published_vacancy_is_open_until_its_closing_date(uow):
    open_now = services.open_vacancies(uow, date(2025, 1, 1))

    assert [v.id for v in open_now] == ["vac-1"]


def test_a_vacancy_published_again_is_updated_not_duplicated(uow):
    services.record_vacancy_published(uow, vacancy_published("vac-1") | {"title": "New title"})

    assert [v.title for v in services.open_vacancies(uow, date(2025, 1, 1))] == ["New title"]


# --- applying -----------------------------------------------------------------------------


def test_applying_stores_the_cv_unchanged(uow, store):
    application = apply(uow, store)

    assert store.read(application.cv.path) == CV
    assert application.cv.sha256 == hashlib.sha256(CV).hexdigest()
    assert application.cv.kind == "pdf"
    assert application.cv.filename == "ana.pdf"


def test_applying_keeps_the_application_at_stage_received(uow, store):
    application = apply(uow, store)

    stored = uow.applications.get(application.id)
    assert stored == application
    assert stored.stage is Stage.RECEIVED
    assert uow.committed


def test_applying_emits_one_application_received_with_the_status_url(uow, store):
    application = apply(uow, store)

    [event] = applications_received(uow)
    assert event.payload["application_id"] == application.id
    assert event.payload["vacancy_id"] == "vac-1"
    assert event.payload["vacancy_title"] == "Director, Implementation Support Unit"
    assert event.payload["candidate_email"] == EMAIL
    assert event.payload["status_url"] == status_url_for(application.id)
    assert event.producer == "intake"


def test_the_email_is_kept_in_lower_case(uow, store):
    application = apply(uow, store, candidate_email="  Ana@Example.ORG ")

    assert application.candidate_email == EMAIL


def test_applying_records_an_audit_entry_without_the_candidates_name_or_email(uow, store):
    application = apply(uow, store)

    [entry] = [record for record in uow.audit if record.action == "application.received"]
    assert entry.entity_id == application.id
    assert entry.after["cv_sha256"] == application.cv.sha256
    assert NAME not in repr(entry)
    assert EMAIL not in repr(entry).lower()


def test_without_consent_the_application_is_refused(uow, store):
    with pytest.raises(ApplicationRefused) as refused:
        apply(uow, store, consent=False)

    assert refused.value.code == "consent_required"
    assert applications_received(uow) == []
    assert uow.applications.applications == {}


def test_an_unknown_vacancy_is_refused(uow, store):
    with pytest.raises(UnknownVacancy):
        apply(uow, store, vacancy_id="no-such-vacancy")

    assert applications_received(uow) == []
    assert store.files == {}


def test_a_closed_vacancy_is_refused(uow, store):
    with pytest.raises(ApplicationRefused) as refused:
        apply(uow, store, vacancy_id="vac-closed")

    assert refused.value.code == "vacancy_closed"
    assert applications_received(uow) == []
    assert uow.applications.applications == {}


def test_a_blank_name_is_refused(uow, store):
    with pytest.raises(ApplicationRefused) as refused:
        apply(uow, store, candidate_name="   ")

    assert refused.value.code == "name_required"
    assert applications_received(uow) == []


def test_an_upload_the_reader_refuses_is_not_stored(uow, store):
    reader = FakeCvReader(refusal=ApplicationRefused("This file is empty.", "empty"))

    with pytest.raises(ApplicationRefused, match="empty"):
        apply(uow, store, reader)

    assert store.files == {}
    assert applications_received(uow) == []


@pytest.mark.parametrize(
    "overrides", [{"consent": False}, {"vacancy_id": "vac-closed"}], ids=["no-consent", "closed"]
)
def test_a_refused_application_keeps_no_copy_of_the_cv(uow, store, overrides):
    with pytest.raises(ApplicationRefused):
        apply(uow, store, **overrides)

    assert store.files == {}


def test_the_same_email_cannot_apply_twice_to_a_vacancy(uow, store):
    first = apply(uow, store)

    with pytest.raises(AlreadyApplied) as refused:
        apply(uow, store, candidate_email="ANA@example.org")

    assert refused.value.application_id == first.id
    assert len(applications_received(uow)) == 1
    assert list(uow.applications.applications) == [first.id]


def test_the_same_email_may_apply_to_another_vacancy(uow, store):
    services.record_vacancy_published(uow, vacancy_published("vac-2"))
    apply(uow, store)

    apply(uow, store, vacancy_id="vac-2")

    assert len(applications_received(uow)) == 2


# --- reading the CV -----------------------------------------------------------------------


def test_reading_the_cv_emits_cv_parsed_with_the_profile(uow, store):
    application = apply(uow, store)
    reader = FakeCvReader(CvReading("CV text", PROFILE, "parser-7", None))

    services.read_cv(uow, store, reader, application.id)

    [event] = uow.events_named("cv.parsed")
    assert event.payload["application_id"] == application.id
    assert event.payload["vacancy_id"] == "vac-1"
    assert event.payload["parser_version"] == "parser-7"
    assert event.payload["needs_attention"] is False
    assert event.payload["profile"]["education"][0]["level"] == "master"
    assert reader.read_from == [CV]


def test_reading_the_cv_moves_the_application_to_cv_read(uow, store):
    application = apply(uow, store)

    services.read_cv(uow, store, FakeCvReader(CvReading("t", PROFILE, "p", None)), application.id)

    stored = uow.applications.get(application.id)
    assert stored.stage is Stage.CV_READ
    assert stored.attention_reason is None


def test_reading_the_cv_keeps_the_reading_for_the_secretariat(uow, store):
    application = apply(uow, store)

    services.read_cv(uow, store, FakeCvReader(CvReading("t", PROFILE, "p", None)), application.id)

    found, reading = services.application_with_reading(uow, application.id)
    assert found.stage is Stage.CV_READ
    assert reading["text"] == "t"
    assert reading["profile"] == PROFILE


def test_an_unreadable_cv_marks_the_application_as_needing_attention(uow, store):
    application = apply(uow, store)
    reason = "The PDF is protected by a password."
    reader = FakeCvReader(CvReading("", {}, "parser-7", reason))

    services.read_cv(uow, store, reader, application.id)

    stored = uow.applications.get(application.id)
    assert stored.stage is Stage.NEEDS_ATTENTION
    assert stored.attention_reason == reason
    [event] = uow.events_named("cv.parsed")
    assert event.payload["needs_attention"] is True
    assert event.payload["attention_reason"] == reason


def test_reading_the_cv_of_an_unknown_application_is_refused(uow, store):
    with pytest.raises(UnknownApplication):
        services.read_cv(uow, store, FakeCvReader(), "no-such-application")

    assert uow.events_named("cv.parsed") == []


# --- stages -------------------------------------------------------------------------------


def test_the_candidate_sees_the_stage_the_application_moved_to(uow, store):
    application = apply(uow, store)

    services.move_to_stage(uow, application.id, Stage.SHORTLISTED, "sam")

    seen = services.application_for_candidate(uow, application.id)
    assert seen.stage is Stage.SHORTLISTED
    assert "shortlisted" in seen.stage_description
    [entry] = [r for r in uow.audit if r.action == "application.stage"]
    assert entry.actor == "sam"
    assert entry.after == {"stage": "shortlisted"}


def test_moving_to_the_stage_it_is_at_records_nothing(uow, store):
    application = apply(uow, store)
    commits = uow.commits

    services.move_to_stage(uow, application.id, Stage.RECEIVED, "sam")

    assert uow.commits == commits


def test_an_unknown_application_has_no_status_page(uow):
    with pytest.raises(UnknownApplication):
        services.application_for_candidate(uow, "no-such-application")


def test_a_reader_failure_nobody_foresaw_marks_the_cv_for_a_person(monkeypatch):
    from services.intake.adapters import cv_files, cv_reader

    def explode(*args, **kwargs):
        raise RecursionError("a PDF whose objects refer to each other without end")

    monkeypatch.setattr(cv_files, "extract_text", explode)

    reading = cv_reader.DocumentCvReader(sandboxed=False).read(b"%PDF-1.7 ...", "pdf")

    assert reading.attention_reason == cv_reader.UNFORESEEN_FAILURE
    assert reading.profile["positions"] == []


# --- reading the CVs of a vacancy again -------------------------------------------------


def read_with(uow, store, application_id, parser_version):
    reader = FakeCvReader(reading=CvReading("text", PROFILE, parser_version, None))
    services.read_cv(uow, store, reader, application_id)


def test_a_reread_covers_the_cvs_read_by_an_older_parser_and_emits_one_request_each(uow, store):
    old = apply(uow, store)
    current = apply(uow, store, candidate_email="bo@example.org")
    unread = apply(uow, store, candidate_email="cy@example.org")
    read_with(uow, store, old.id, "0.1")
    read_with(uow, store, current.id, "2.0")

    job = services.reread_vacancy(uow, "vac-1", "sam", parser_version="2.0")

    assert (job.total, job.done, job.finished) == (2, 0, False)
    requested = [e.payload["application_id"] for e in uow.events_named("cv.reread.requested")]
    assert sorted(requested) == sorted([old.id, unread.id])
    assert uow.audit[-1].action == "cvs.reread.requested"


def test_everything_rereads_every_cv_of_the_vacancy(uow, store):
    first = apply(uow, store)
    read_with(uow, store, first.id, "2.0")

    job = services.reread_vacancy(uow, "vac-1", "sam", everything=True, parser_version="2.0")

    assert job.total == 1


def test_each_reread_cv_advances_the_job_keeps_the_old_reading_and_emits_cv_parsed(uow, store):
    applications = [apply(uow, store, candidate_email=f"c{n}@example.org") for n in range(2)]
    for application in applications:
        read_with(uow, store, application.id, "0.1")
    job = services.reread_vacancy(uow, "vac-1", "sam", parser_version="2.0")
    newer = FakeCvReader(reading=CvReading("text", PROFILE, "2.0", None))

    services.reread_cv(uow, store, newer, applications[0].id, job.id)
    halfway = services.reread_job(uow, job.id)
    services.reread_cv(uow, store, newer, applications[1].id, job.id)
    done = services.reread_job(uow, job.id)

    assert (halfway.done, halfway.percent, halfway.finished) == (1, 50, False)
    assert (done.done, done.percent, done.finished) == (2, 100, True)
    versions = [r["parser_version"] for r in uow.applications.readings]
    assert versions.count("0.1") == 2 and versions.count("2.0") == 2
    assert [e.payload["parser_version"] for e in uow.events_named("cv.parsed")][-2:] == [
        "2.0",
        "2.0",
    ]


def test_a_vacancy_with_nothing_to_reread_gives_a_finished_job(uow):
    job = services.reread_vacancy(uow, "vac-1", "sam")

    assert job.total == 0 and job.finished and job.percent == 100


def test_rereading_an_unknown_vacancy_is_refused(uow):
    with pytest.raises(UnknownVacancy):
        services.reread_vacancy(uow, "no-such-vacancy", "sam")


def test_the_secretariat_lists_the_applications_that_need_attention(uow, store):
    readable = apply(uow, store)
    unreadable = apply(uow, store, candidate_email="bo@example.org")
    read_with(uow, store, readable.id, "2.0")
    broken = FakeCvReader(reading=CvReading("", PROFILE, "2.0", "This PDF is damaged."))
    services.read_cv(uow, store, broken, unreadable.id)

    waiting = services.applications_of_vacancy(uow, "vac-1", Stage.NEEDS_ATTENTION)

    assert [(a.id, a.attention_reason) for a in waiting] == [
        (unreadable.id, "This PDF is damaged.")
    ]
