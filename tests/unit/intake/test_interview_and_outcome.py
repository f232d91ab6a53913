"""What a shortlisted candidate reads about their interview and the panel's decision, with
fakes: the link to choose a time, the interview as the clock reads where it is set, the
outcome in kind words without the panel's reasons; stale, repeated or late news for a
withdrawn or erased application changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from services.intake.domain.applications import Stage
from services.intake.domain.interview import AfterShortlist, Interview, Outcome
from services.intake.service_layer import candidates, erasure, interviews, services
from tests.unit.intake.test_candidate_journey import READER, apply

PROPOSED = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
STARTS = datetime(2030, 3, 12, 9, 0, tzinfo=UTC)  # 10:00 in Zurich (UTC+1 in March)
LINK = "https://shortlist.example/scoring/pick/secret-token"
REASON = "Weak answers on budget oversight in the interview."


@pytest.fixture
def shortlisted(uow, store):
    application = apply(uow, store)
    services.read_cv(uow, store, READER, application.id)
    services.move_to_stage(uow, application.id, Stage.SHORTLISTED, "sam")
    return application


def interview(application_id, sequence, starts_at=STARTS, **changes):
    return {
        "application_id": application_id,
        "starts_at": starts_at,
        "time_zone": "Europe/Zurich",
        "duration_minutes": 45,
        "location": "Room 4B, Palais",
        "sequence": sequence,
    } | changes


def decide(uow, application_id, outcome, decided_at=PROPOSED + timedelta(days=20)):
    decision = {"application_id": application_id, "outcome": outcome, "reason": REASON}
    return interviews.record_panel_decision(uow, [decision], decided_at)


def news_of(uow, application):
    return interviews.after_shortlist(uow, uow.applications.get(application.id))


# --- the domain ---------------------------------------------------------------------------


def test_the_interview_reads_in_its_own_time_zone():
    booked = Interview.of(STARTS, "Europe/Zurich", 45, "  Room 4B,\n Palais ")

    assert booked.local_start.hour == 10
    assert booked.location == "Room 4B, Palais"
    assert "10:00 (Europe/Zurich time)" in booked.description
    assert "45 minutes, Room 4B, Palais" in booked.description


def test_an_unknown_time_zone_is_read_as_utc_rather_than_failing():
    booked = Interview.of(STARTS, "Mars/Olympus_Mons", 30, None)

    assert booked.time_zone == "UTC"
    assert booked.local_start.hour == 9


def test_an_older_interview_change_is_stale():
    news = AfterShortlist("a1").interview_changed(Interview.of(STARTS, "UTC", 30, ""), 3)

    older = news.interview_changed(None, 2)
    same = news.interview_changed(None, 3)

    assert older == news and same == news
    assert news.interview_changed(None, 4).interview is None


# --- the service layer --------------------------------------------------------------------


def test_proposed_slots_invite_the_candidate_to_choose_a_time(uow, shortlisted):
    assert interviews.record_slots_proposed(uow, shortlisted.id, LINK, PROPOSED)

    news = news_of(uow, shortlisted)
    assert news.to_choose and news.picking_url == LINK
    assert news.description == "Interview: choose your time."
    assert uow.committed


def test_a_booked_interview_replaces_the_invitation_to_choose(uow, shortlisted):
    interviews.record_slots_proposed(uow, shortlisted.id, LINK, PROPOSED)

    interviews.record_interview(uow, "interview.scheduled", interview(shortlisted.id, 0))

    news = news_of(uow, shortlisted)
    assert not news.to_choose
    assert news.description.startswith("Interview on Tuesday 12 March 2030 at 10:00")


def test_a_move_shows_the_new_time_and_a_cancellation_asks_to_choose_again(uow, shortlisted):
    interviews.record_slots_proposed(uow, shortlisted.id, LINK, PROPOSED)
    interviews.record_interview(uow, "interview.scheduled", interview(shortlisted.id, 0))

    later = STARTS + timedelta(days=1, hours=4)
    interviews.record_interview(uow, "interview.rescheduled", interview(shortlisted.id, 1, later))
    assert news_of(uow, shortlisted).interview.local_start.hour == 14

    interviews.record_interview(uow, "interview.cancelled", interview(shortlisted.id, 2, later))
    news = news_of(uow, shortlisted)
    assert news.interview is None and news.to_choose


def test_a_stale_move_arriving_late_does_not_undo_a_newer_one(uow, shortlisted):
    later = STARTS + timedelta(days=2)
    interviews.record_interview(uow, "interview.rescheduled", interview(shortlisted.id, 2, later))

    assert not interviews.record_interview(uow, "interview.scheduled", interview(shortlisted.id, 0))
    assert not interviews.record_interview(
        uow, "interview.rescheduled", interview(shortlisted.id, 1, STARTS + timedelta(days=1))
    )
    assert news_of(uow, shortlisted).interview.starts_at == later


def test_the_same_news_twice_changes_nothing_and_is_audited_once(uow, shortlisted):
    event = interview(shortlisted.id, 0)
    assert interviews.record_interview(uow, "interview.scheduled", event)
    kept = news_of(uow, shortlisted)

    assert not interviews.record_interview(uow, "interview.scheduled", event)
    assert interviews.record_slots_proposed(uow, shortlisted.id, LINK, PROPOSED)
    assert not interviews.record_slots_proposed(uow, shortlisted.id, LINK, PROPOSED)
    assert decide(uow, shortlisted.id, "reserve") == 1
    assert decide(uow, shortlisted.id, "reserve") == 0

    assert news_of(uow, shortlisted).interview == kept.interview
    actions = [r.action for r in uow.audit if r.entity_id == shortlisted.id]
    assert actions.count("interview.scheduled") == 1
    assert actions.count("interview.slots_proposed") == 1
    assert actions.count("panel.decided") == 1


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (Outcome.SELECTED, "selected you"),
        (Outcome.RESERVE, "reserve list"),
        (Outcome.NOT_SELECTED, "not been selected"),
    ],
)
def test_the_outcome_is_told_in_kind_words_never_with_the_reason(uow, shortlisted, outcome, words):
    interviews.record_interview(uow, "interview.scheduled", interview(shortlisted.id, 0))

    decide(uow, shortlisted.id, outcome.value)

    news = news_of(uow, shortlisted)
    assert news.outcome is outcome and words in news.description
    kept = repr(uow.interviews.__dict__) + repr([r.after for r in uow.audit])
    assert REASON not in kept and "budget" not in kept


def test_a_decision_on_others_leaves_the_candidate_alone(uow, store, shortlisted):
    other = apply(uow, store, candidate_email="bo@example.org")

    decide(uow, other.id, "selected")

    assert news_of(uow, shortlisted) is None
    assert news_of(uow, other).outcome is Outcome.SELECTED


def test_news_overtaking_the_shortlisting_puts_the_application_on_the_short_list(uow, store):
    application = apply(uow, store)
    services.read_cv(uow, store, READER, application.id)

    interviews.record_slots_proposed(uow, application.id, LINK, PROPOSED)
    services.move_to_stage(uow, application.id, Stage.SHORTLISTED, "sam")  # arrives late

    assert uow.applications.get(application.id).stage is Stage.SHORTLISTED
    assert news_of(uow, application).to_choose


def test_a_withdrawn_application_ignores_the_news(uow, shortlisted):
    candidates.withdraw_application(uow, shortlisted.id, "Took another job.")

    assert not interviews.record_slots_proposed(uow, shortlisted.id, LINK, PROPOSED)
    assert not interviews.record_interview(uow, "interview.scheduled", interview(shortlisted.id, 0))
    assert decide(uow, shortlisted.id, "selected") == 0

    assert uow.interviews.get(shortlisted.id) is None
    assert uow.applications.get(shortlisted.id).stage is Stage.WITHDRAWN


def test_erasure_wipes_the_link_and_the_interview_and_later_news_is_ignored(
    uow, store, shortlisted
):
    interviews.record_slots_proposed(uow, shortlisted.id, LINK, PROPOSED)
    interviews.record_interview(uow, "interview.scheduled", interview(shortlisted.id, 0))

    erasure.erase_application(uow, store, shortlisted.id)
    interviews.record_interview(uow, "interview.rescheduled", interview(shortlisted.id, 1))
    decide(uow, shortlisted.id, "not_selected")

    assert uow.interviews.get(shortlisted.id) is None
    kept = repr([repository.__dict__ for repository in uow.repositories()])
    assert "secret-token" not in kept and "Room 4B" not in kept


def test_an_unknown_application_is_ignored(uow):
    assert not interviews.record_slots_proposed(uow, "no-such-id", LINK, PROPOSED)
    assert decide(uow, "no-such-id", "selected") == 0
