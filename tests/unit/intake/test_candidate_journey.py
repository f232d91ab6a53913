"""The candidate's journey through intake, with fakes: consent, applying once, the profile
confirmed (or corrected) before screening, replacing the CV, withdrawing, drafts at the
closing date, and diversity answers that stay apart."""

from datetime import UTC, datetime

import pytest

from services.intake.domain.applications import (
    AlreadyApplied,
    ApplicationRefused,
    NotNow,
    Stage,
)
from services.intake.domain.diversity import DiversityAnswers
from services.intake.domain.privacy import CURRENT_VERSION
from services.intake.service_layer import candidates, equal_opportunity, services
from services.intake.service_layer.services import CvReading
from tests.unit.fakes import FakeCvReader
from tests.unit.intake.test_services import (
    CV,
    EMAIL,
    NAME,
    PROFILE,
    status_url_for,
)

AFTER_CLOSING = datetime(3000, 1, 2, tzinfo=UTC)
POSITIONS = [
    {
        "title": "Programme Officer",
        "employer": "UNDP",
        "start": "2010-01",
        "end": "2014-12",
        "ongoing": False,
        "city": "Geneva",
        "country": "Switzerland",
        "bullets": [],
    },
    {
        "title": "Programme Manager",
        "employer": "UNMAS",
        "start": "2015-01",
        "end": "2019-06",
        "ongoing": False,
        "city": None,
        "country": None,
        "bullets": ["Ran the programme"],
    },
]
READ = PROFILE | {"positions": POSITIONS}
READER = FakeCvReader(CvReading("CV text", READ, "parser-7", None))
UNREADABLE = FakeCvReader(CvReading("", {}, "parser-7", "The PDF is protected by a password."))


def apply(uow, store, **overrides):
    email = overrides.get("candidate_email", EMAIL)
    arguments = {
        "vacancy_id": "vac-1",
        "candidate_name": NAME,
        "candidate_email": EMAIL,
        "consent": True,
        "cv_filename": "ana.pdf",
        "cv_data": CV if email == EMAIL else CV + email.encode(),
    }
    return services.submit_application(
        uow, store, FakeCvReader(), status_url_for, **(arguments | overrides)
    )


def draft(uow, store, reader=READER, **overrides):
    application = apply(uow, store, review_profile=True, **overrides)
    services.read_cv(uow, store, reader, application.id)
    return application


def named(uow, name):
    return uow.events_named(name)


def stage_of(uow, application_id):
    return uow.applications.get(application_id).stage


# --- consent and what the candidate gives ---------------------------------------------------


def test_consent_is_kept_with_its_time_and_the_version_of_the_notice(uow, store):
    application = apply(uow, store)

    stored = uow.applications.get(application.id)
    assert stored.consent_given_at == stored.received_at
    assert stored.privacy_notice_version == CURRENT_VERSION
    [entry] = [r for r in uow.audit if r.action == "consent.given"]
    assert entry.after == {"privacy_notice_version": CURRENT_VERSION}


def test_consent_to_a_notice_never_published_is_refused(uow, store):
    with pytest.raises(ApplicationRefused) as refused:
        apply(uow, store, privacy_notice_version="1999-1")

    assert refused.value.code == "unknown_privacy_notice"
    assert uow.applications.applications == {}


def test_a_cover_letter_is_kept_as_written_and_too_long_a_one_is_refused(uow, store):
    application = apply(uow, store, cover_letter="  Dear panel,\nI apply.  ")
    assert uow.applications.get(application.id).cover_letter == "Dear panel,\nI apply."

    with pytest.raises(ApplicationRefused) as refused:
        apply(uow, store, candidate_email="bo@example.org", cover_letter="x" * 10_001)
    assert refused.value.code == "cover_letter_too_long"


def test_the_audit_of_applying_holds_no_personal_data(uow, store):
    apply(uow, store, cover_letter="My secret motivation")

    trail = repr(uow.audit)
    assert NAME not in trail and EMAIL not in trail and "secret motivation" not in trail


# --- applying twice --------------------------------------------------------------------------


def test_the_same_cv_sent_again_with_another_email_is_refused_as_already_applied(uow, store):
    first = apply(uow, store)

    with pytest.raises(AlreadyApplied) as refused:
        apply(uow, store, candidate_email="ana.other@example.org", cv_data=CV)

    assert refused.value.code == "already_applied"
    assert "already applied" in refused.value.message
    assert "replace your CV" in refused.value.message
    assert [a.id for a in services.applications_of_vacancy(uow, "vac-1")] == [first.id]
    assert store.files.keys() == {first.cv.path}


def test_a_cv_replaced_earlier_still_counts_as_sent(uow, store):
    first = apply(uow, store)
    candidates.replace_cv(uow, store, FakeCvReader(), first.id, "new.pdf", b"%PDF newer CV")

    with pytest.raises(AlreadyApplied):
        apply(uow, store, candidate_email="someone@example.org", cv_data=CV)


# --- the default flow ------------------------------------------------------------------------


def test_an_application_without_review_is_submitted_at_once_and_announced_once(uow, store):
    application = apply(uow, store)

    assert application.is_submitted and application.stage is Stage.RECEIVED
    [received] = named(uow, "application.received")
    assert received.payload["draft"] is False
    [submitted] = named(uow, "application.submitted")
    assert submitted.payload["application_id"] == application.id
    assert submitted.payload["status_url"] == status_url_for(application.id)
    assert submitted.payload["candidate_confirmed"] is False


# --- drafts: the candidate confirms the profile ----------------------------------------------


def test_a_draft_is_read_but_not_screened_nor_announced(uow, store):
    application = draft(uow, store)

    assert named(uow, "cv.parsed") == []
    assert named(uow, "application.submitted") == []
    assert named(uow, "application.received")[0].payload["draft"] is True
    assert stage_of(uow, application.id) is Stage.DRAFT
    assert "not submitted yet" in uow.applications.get(application.id).stage_description


def test_a_draft_is_kept_but_is_not_an_applicant(uow, store):
    application = draft(uow, store)

    assert services.applications_of_vacancy(uow, "vac-1") == []
    assert services.application_record(uow, application.id).application.id == application.id


def test_the_candidate_sees_the_profile_pending_then_read(uow, store):
    application = apply(uow, store, review_profile=True)

    pending = candidates.candidate_profile(uow, application.id)
    assert pending.state.value == "pending" and not pending.can_submit
    assert pending.profile == {"education": [], "positions": [], "languages": []}

    services.read_cv(uow, store, READER, application.id)
    read = candidates.candidate_profile(uow, application.id)
    assert read.state.value == "read" and read.can_submit
    assert [p["employer"] for p in read.profile["positions"]] == ["UNDP", "UNMAS"]
    assert read.profile["education"][0]["level"] == "master"


def test_a_draft_cannot_be_submitted_before_its_cv_is_read(uow, store):
    application = apply(uow, store, review_profile=True)

    with pytest.raises(NotNow) as refused:
        candidates.submit_profile(uow, status_url_for, application.id)

    assert refused.value.code == "still_reading"
    assert stage_of(uow, application.id) is Stage.DRAFT


def test_the_corrected_profile_is_what_screening_gets_with_a_flag(uow, store):
    application = draft(uow, store)
    positions = [dict(p) for p in POSITIONS]
    positions[1]["end"] = "2020-06"

    candidates.submit_profile(uow, status_url_for, application.id, {"positions": positions})

    [parsed] = named(uow, "cv.parsed")
    assert parsed.payload["profile"]["positions"][1]["end"] == "2020-06"
    assert parsed.payload["candidate_confirmed"] is True
    assert parsed.payload["candidate_corrected"] is True
    assert stage_of(uow, application.id) is Stage.CV_READ


def test_the_secretariat_sees_that_the_candidate_changed_position_2s_end_date(uow, store):
    application = draft(uow, store)
    positions = [dict(p) for p in POSITIONS]
    positions[1]["end"] = "2020-06"
    candidates.submit_profile(uow, status_url_for, application.id, {"positions": positions})

    review = services.application_record(uow, application.id).review

    assert [c.describe() for c in review.changes] == [
        "Position 2: end changed from 2019-06 to 2020-06"
    ]
    assert review.profile_as_read["positions"][1]["end"] == "2019-06"
    assert review.profile_confirmed["positions"][1]["end"] == "2020-06"
    assert review.confirmed_by == "candidate"


def test_confirming_is_audited_by_field_names_only(uow, store):
    application = draft(uow, store)
    positions = [dict(p) for p in POSITIONS]
    positions[1]["employer"] = "Secret Employer Ltd"
    candidates.submit_profile(uow, status_url_for, application.id, {"positions": positions})

    [entry] = [r for r in uow.audit if r.action == "profile.confirmed"]
    assert entry.after["changes"] == ["positions[2].employer changed"]
    assert entry.after["corrected"] is True
    assert "Secret Employer" not in repr(uow.audit)


def test_submitting_the_profile_submits_and_announces_the_application_once(uow, store):
    application = draft(uow, store)

    candidates.submit_profile(uow, status_url_for, application.id)

    [submitted] = named(uow, "application.submitted")
    assert submitted.payload["candidate_confirmed"] is True
    assert [a.id for a in services.applications_of_vacancy(uow, "vac-1")] == [application.id]
    with pytest.raises(NotNow) as again:
        candidates.submit_profile(uow, status_url_for, application.id)
    assert again.value.code == "already_submitted"
    assert len(named(uow, "application.submitted")) == 1
    assert len(named(uow, "cv.parsed")) == 1


def test_a_profile_confirmed_as_read_is_flagged_as_not_corrected(uow, store):
    application = draft(uow, store)

    review = candidates.submit_profile(uow, status_url_for, application.id)

    assert not review.corrected
    [parsed] = named(uow, "cv.parsed")
    assert parsed.payload["candidate_confirmed"] is True
    assert parsed.payload["candidate_corrected"] is False
    assert parsed.payload["profile"]["positions"] == READ["positions"]


def test_a_cv_that_needs_attention_can_still_be_submitted_for_a_person_to_read(uow, store):
    application = draft(uow, store, reader=UNREADABLE)

    seen = candidates.candidate_profile(uow, application.id)
    assert seen.state.value == "needs_attention" and seen.can_submit
    assert "a person will read your CV" in seen.message

    candidates.submit_profile(uow, status_url_for, application.id)

    assert stage_of(uow, application.id) is Stage.NEEDS_ATTENTION
    [parsed] = named(uow, "cv.parsed")
    assert parsed.payload["needs_attention"] is True


def test_a_profile_the_candidate_confirmed_survives_a_reread_by_a_newer_parser(uow, store):
    application = draft(uow, store)
    positions = [dict(p) for p in POSITIONS]
    positions[0]["title"] = "Senior Programme Officer"
    candidates.submit_profile(uow, status_url_for, application.id, {"positions": positions})

    job = services.reread_vacancy(uow, "vac-1", "sam", everything=True)
    newer = FakeCvReader(CvReading("CV text", READ, "parser-8", None))
    services.reread_cv(uow, store, newer, application.id, job.id)

    latest = named(uow, "cv.parsed")[-1]
    assert latest.payload["parser_version"] == "parser-8"
    assert latest.payload["profile"]["positions"][0]["title"] == "Senior Programme Officer"
    assert latest.payload["candidate_corrected"] is True


# --- replacing the CV ------------------------------------------------------------------------


def test_a_replaced_cv_is_kept_read_again_and_screened_again_under_the_same_id(uow, store):
    application = apply(uow, store)
    services.read_cv(uow, store, READER, application.id)

    replaced = candidates.replace_cv(
        uow, store, FakeCvReader(), application.id, "ana-2025.pdf", b"%PDF newer CV"
    )

    assert replaced.id == application.id and replaced.cv.filename == "ana-2025.pdf"
    [event] = named(uow, "cv.replaced")
    assert event.payload == {"application_id": application.id, "vacancy_id": "vac-1"}
    [old] = services.application_record(uow, application.id).replaced_cvs
    assert old.cv == application.cv and store.read(old.cv.path) == CV
    services.read_cv(uow, store, READER, application.id)
    assert [e.payload["application_id"] for e in named(uow, "cv.parsed")] == [application.id] * 2
    assert len(services.applications_of_vacancy(uow, "vac-1")) == 1
    [entry] = [r for r in uow.audit if r.action == "cv.replaced"]
    assert entry.before["cv_sha256"] == application.cv.sha256


def test_the_same_cv_again_is_not_a_replacement(uow, store):
    application = apply(uow, store)

    with pytest.raises(ApplicationRefused) as refused:
        candidates.replace_cv(uow, store, FakeCvReader(), application.id, "ana.pdf", CV)

    assert refused.value.code == "same_cv"
    assert named(uow, "cv.replaced") == []


def test_another_applicants_cv_cannot_be_sent_as_a_replacement(uow, store):
    other = apply(uow, store, candidate_email="bo@example.org")
    application = apply(uow, store)

    with pytest.raises(NotNow) as refused:
        candidates.replace_cv(
            uow, store, FakeCvReader(), application.id, "x.pdf", store.read(other.cv.path)
        )

    assert refused.value.code == "cv_already_sent"
    assert uow.applications.get(application.id).cv == application.cv


def test_a_shortlisted_candidate_cannot_replace_the_cv(uow, store):
    application = apply(uow, store)
    services.move_to_stage(uow, application.id, Stage.SHORTLISTED, "sam")

    with pytest.raises(NotNow) as refused:
        candidates.replace_cv(uow, store, FakeCvReader(), application.id, "n.pdf", b"%PDF n")

    assert refused.value.code == "shortlisted"
    assert "shortlisted" in refused.value.message


def test_a_withdrawn_application_cannot_have_its_cv_replaced(uow, store):
    application = apply(uow, store)
    candidates.withdraw_application(uow, application.id)

    with pytest.raises(NotNow) as refused:
        candidates.replace_cv(uow, store, FakeCvReader(), application.id, "n.pdf", b"%PDF n")

    assert refused.value.code == "withdrawn"
    assert uow.applications.replaced == []


def test_after_submitting_a_reviewed_profile_a_new_cv_waits_for_a_new_confirmation(uow, store):
    application = draft(uow, store)
    candidates.submit_profile(uow, status_url_for, application.id)

    candidates.replace_cv(uow, store, FakeCvReader(), application.id, "n.pdf", b"%PDF n")
    services.read_cv(uow, store, READER, application.id)

    assert len(named(uow, "cv.parsed")) == 1, "not screened until confirmed again"
    seen = services.application_for_candidate(uow, application.id)
    assert seen.awaiting_confirmation and "new CV" in seen.stage_description
    assert [a.id for a in services.applications_of_vacancy(uow, "vac-1")] == [application.id]
    candidates.submit_profile(uow, status_url_for, application.id)
    assert len(named(uow, "cv.parsed")) == 2
    assert len(named(uow, "application.submitted")) == 1, "acknowledged once"


# --- withdrawal ------------------------------------------------------------------------------


def test_withdrawing_moves_the_application_to_withdrawn_and_says_so_once(uow, store):
    application = apply(uow, store)

    withdrawn = candidates.withdraw_application(uow, application.id, "I took another post")
    again = candidates.withdraw_application(uow, application.id, "twice")

    assert withdrawn.stage is Stage.WITHDRAWN and again.withdrawn_at == withdrawn.withdrawn_at
    assert again.withdrawal_reason == "I took another post"
    [event] = named(uow, "application.withdrawn")
    assert event.payload == {"application_id": application.id, "vacancy_id": "vac-1"}
    assert "withdrawn" in services.application_for_candidate(uow, application.id).stage_description
    [entry] = [r for r in uow.audit if r.action == "application.withdrawn"]
    assert entry.after == {"stage": "withdrawn", "reason_given": True}
    assert "another post" not in repr(uow.audit)


def test_nothing_that_arrives_later_moves_a_withdrawn_application(uow, store):
    application = apply(uow, store)
    candidates.withdraw_application(uow, application.id)

    services.read_cv(uow, store, READER, application.id)
    services.move_to_stage(uow, application.id, Stage.UNDER_REVIEW, "system:screening")
    services.move_to_stage(uow, application.id, Stage.SHORTLISTED, "sam")

    assert stage_of(uow, application.id) is Stage.WITHDRAWN
    assert named(uow, "cv.parsed") == []
    assert services.reread_vacancy(uow, "vac-1", "sam", everything=True).total == 0


def test_a_withdrawn_draft_can_no_longer_be_submitted(uow, store):
    application = draft(uow, store)
    candidates.withdraw_application(uow, application.id)

    with pytest.raises(NotNow) as refused:
        candidates.submit_profile(uow, status_url_for, application.id)

    assert refused.value.code == "withdrawn"


def test_a_reread_after_shortlisting_does_not_move_the_candidate_back_to_review(uow, store):
    application = apply(uow, store)
    services.read_cv(uow, store, READER, application.id)
    services.move_to_stage(uow, application.id, Stage.SHORTLISTED, "sam")

    services.read_cv(uow, store, READER, application.id)
    services.move_to_stage(uow, application.id, Stage.UNDER_REVIEW, "system:screening")

    assert stage_of(uow, application.id) is Stage.SHORTLISTED


# --- drafts at the closing date --------------------------------------------------------------


def test_drafts_are_not_submitted_while_the_vacancy_is_open(uow, store):
    draft(uow, store)

    with pytest.raises(candidates.VacancyStillOpen):
        candidates.submit_unconfirmed_drafts(uow, "vac-1", status_url_for)


def test_at_closing_an_unconfirmed_draft_is_submitted_as_read_with_a_note(uow, store):
    application = draft(uow, store)
    confirmed = draft(uow, store, candidate_email="bo@example.org")
    candidates.submit_profile(uow, status_url_for, confirmed.id)

    count = candidates.submit_unconfirmed_drafts(uow, "vac-1", status_url_for, AFTER_CLOSING)

    assert count == 1
    record = services.application_record(uow, application.id)
    assert record.application.is_submitted and record.application.stage is Stage.CV_READ
    assert "did not confirm" in record.application.submission_note
    assert record.review.confirmed_by == "system:closing" and not record.review.changes
    parsed = [e for e in named(uow, "cv.parsed") if e.payload["application_id"] == application.id]
    assert [e.payload["candidate_confirmed"] for e in parsed] == [False]
    assert len(named(uow, "application.submitted")) == 2
    assert len(services.applications_of_vacancy(uow, "vac-1")) == 2


def test_at_closing_a_draft_not_yet_read_is_submitted_and_screened_once_read(uow, store):
    application = apply(uow, store, review_profile=True)

    count = candidates.submit_unconfirmed_drafts(uow, "vac-1", status_url_for, AFTER_CLOSING)
    assert count == 1
    assert named(uow, "cv.parsed") == []
    [submitted] = named(uow, "application.submitted")
    assert submitted.payload["candidate_confirmed"] is False
    services.read_cv(uow, store, READER, application.id)

    [parsed] = named(uow, "cv.parsed")
    assert parsed.payload["candidate_confirmed"] is False
    assert stage_of(uow, application.id) is Stage.CV_READ


# --- diversity answers stay apart ------------------------------------------------------------


def test_diversity_answers_are_kept_apart_and_never_in_an_event_or_the_record(uow, store):
    answers = DiversityAnswers("non_binary", "KE", "african")
    application = draft(uow, store, diversity=answers)
    candidates.submit_profile(uow, status_url_for, application.id)

    assert uow.diversity.answers_kept[application.id] == answers
    everything = repr(uow.events) + repr(uow.audit)
    everything += repr(services.application_record(uow, application.id))
    assert "non_binary" not in everything and "african" not in everything
    assert "'KE'" not in everything


def test_the_pool_is_counted_per_stage_with_small_groups_suppressed(uow, store):
    for number in range(6):
        apply(
            uow,
            store,
            candidate_email=f"c{number}@example.org",
            diversity=DiversityAnswers(gender="woman" if number < 5 else "man"),
        )
    draft(uow, store, candidate_email="d@example.org", diversity=DiversityAnswers("woman"))

    report = equal_opportunity.diversity_of_vacancy(uow, "vac-1", Stage.RECEIVED)

    assert report.applications == 6, "a draft never submitted is not in the pool"
    assert report.questions["gender"].counts == {"woman": 5}
    assert report.questions["gender"].suppressed_groups == 1
    assert equal_opportunity.diversity_of_vacancy(uow, "vac-1", Stage.SHORTLISTED).applications == 0
