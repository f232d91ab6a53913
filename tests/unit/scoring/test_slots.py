"""The interview timetable: slots in named time zones, no overlaps, one candidate per slot
and one slot per candidate, shortlisted candidates only, and a calendar sequence that
rises with every change to a candidate's booking."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.scoring.domain.panel import UnknownCandidate
from services.scoring.domain.slots import (
    AlreadyBooked,
    InterviewCancelled,
    InterviewRescheduled,
    InterviewSchedule,
    NonexistentLocalTime,
    NotBooked,
    OverlappingSlots,
    Slot,
    SlotError,
    SlotTaken,
    UnknownTimeZone,
    calendar_uid,
    local_start,
    series,
)

ZURICH = "Europe/Zurich"  # Geneva's time zone
TWO_HOURS = timedelta(hours=2)


def slots_from(first: datetime, count: int = 5, gap: timedelta = timedelta(0)) -> list[Slot]:
    return [
        Slot(f"s{n}", start, TWO_HOURS, "Room 3")
        for n, start in enumerate(series(first, TWO_HOURS, count, gap))
    ]


def schedule(*slots: Slot) -> InterviewSchedule:
    return InterviewSchedule("vac-1", ["ana", "ben", "chloe"], slots)


def test_the_sample_plan_of_five_two_hour_interviews_fills_a_day_back_to_back():
    first = local_start(date(2026, 5, 12), time(8, 0), ZURICH)
    slots = slots_from(first)

    plan = schedule()
    plan.propose(slots)

    assert [f"{s.starts_at:%H:%M}-{s.ends_at:%H:%M}" for s in plan.slots] == [
        "08:00-10:00",
        "10:00-12:00",
        "12:00-14:00",
        "14:00-16:00",
        "16:00-18:00",
    ]
    assert all(s.time_zone == ZURICH for s in plan.slots)


def test_overlapping_slots_are_refused_and_nothing_is_added():
    first = local_start(date(2026, 5, 12), time(9, 0), ZURICH)
    plan = schedule(*slots_from(first, count=1))
    overlapping = Slot("late", first + timedelta(hours=1), TWO_HOURS)

    with pytest.raises(OverlappingSlots, match="overlaps"):
        plan.propose([overlapping])
    assert [s.slot_id for s in plan.slots] == ["s0"]


def test_slots_in_two_time_zones_overlap_when_their_instants_do():
    geneva = local_start(date(2026, 5, 12), time(15, 0), ZURICH)
    new_york = local_start(date(2026, 5, 12), time(9, 30), "America/New_York")  # 15:30 Geneva
    plan = schedule(Slot("g", geneva, TWO_HOURS))

    with pytest.raises(OverlappingSlots):
        plan.propose([Slot("ny", new_york, TWO_HOURS)])


def test_a_slot_that_ends_when_the_next_starts_does_not_overlap():
    first = local_start(date(2026, 5, 12), time(9, 0), ZURICH)
    plan = schedule(*slots_from(first, count=2))

    assert len(plan.free_slots()) == 2


def test_a_series_across_the_spring_dst_change_keeps_two_hours_apart_in_real_time():
    # Zurich moves its clocks from 02:00 to 03:00 on 29 March 2026
    first = local_start(date(2026, 3, 28), time(23, 0), ZURICH)
    starts = series(first, TWO_HOURS, 3, timedelta(0))

    assert [f"{s:%d %H:%M %Z}" for s in starts] == ["28 23:00 CET", "29 01:00 CET", "29 04:00 CEST"]
    assert [s.astimezone(UTC).hour for s in starts] == [22, 0, 2]


def test_a_local_time_the_clocks_skip_is_refused_with_a_reason():
    with pytest.raises(NonexistentLocalTime, match="does not exist"):
        local_start(date(2026, 3, 29), time(2, 30), ZURICH)


def test_the_same_wall_clock_time_is_a_different_instant_before_and_after_dst():
    winter = local_start(date(2026, 3, 27), time(10, 0), ZURICH)
    summer = local_start(date(2026, 3, 30), time(10, 0), ZURICH)

    assert winter.astimezone(UTC).hour == 9
    assert summer.astimezone(UTC).hour == 8


def test_a_time_zone_must_be_a_real_iana_name():
    with pytest.raises(UnknownTimeZone):
        local_start(date(2026, 5, 12), time(9, 0), "Europe/Geneva")
    with pytest.raises(UnknownTimeZone):
        local_start(date(2026, 5, 12), time(9, 0), "../../etc/passwd")


def test_a_slot_needs_a_named_zone_and_a_sensible_duration():
    with pytest.raises(SlotError, match="named time zone"):
        Slot("x", datetime(2026, 5, 12, 9, tzinfo=UTC), TWO_HOURS)
    start = datetime(2026, 5, 12, 9, tzinfo=ZoneInfo(ZURICH))
    with pytest.raises(SlotError, match="12 hours"):
        Slot("x", start, timedelta(0))
    with pytest.raises(SlotError, match="12 hours"):
        Slot("x", start, timedelta(hours=13))


def test_a_slot_holds_one_candidate_and_a_candidate_one_slot():
    plan = schedule(*slots_from(local_start(date(2026, 5, 12), time(9, 0), ZURICH), count=2))
    plan.assign("s0", "ana")

    with pytest.raises(SlotTaken, match="already taken"):
        plan.pick("s0", "ben")
    with pytest.raises(AlreadyBooked, match="move it instead"):
        plan.assign("s1", "ana")
    assert plan.slot_of("ana").slot_id == "s0"
    assert plan.slot_of("ben") is None


def test_only_shortlisted_candidates_are_booked():
    plan = schedule(*slots_from(local_start(date(2026, 5, 12), time(9, 0), ZURICH), count=1))

    with pytest.raises(UnknownCandidate):
        plan.pick("s0", "someone-else")
    assert plan.slot("s0").is_free


def test_every_change_raises_the_candidates_calendar_sequence():
    plan = schedule(*slots_from(local_start(date(2026, 5, 12), time(9, 0), ZURICH), count=3))

    scheduled = plan.pick("s0", "ana")
    moved = plan.move("ana", "s2")
    cancelled = plan.cancel("ana")
    again = plan.assign("s1", "ana")

    assert [scheduled.sequence, moved.sequence, cancelled.sequence, again.sequence] == [0, 1, 2, 3]
    assert scheduled.by_candidate and not again.by_candidate
    assert isinstance(moved, InterviewRescheduled) and moved.previous.slot_id == "s0"
    assert isinstance(cancelled, InterviewCancelled) and cancelled.slot.slot_id == "s2"
    assert plan.slot("s0").is_free and plan.slot("s2").is_free
    assert plan.slot("s1").application_id == "ana"


def test_a_reloaded_schedule_continues_the_sequence():
    first = local_start(date(2026, 5, 12), time(9, 0), ZURICH)
    booked = Slot("s0", first, TWO_HOURS, application_id="ana")
    plan = InterviewSchedule("vac-1", ["ana"], [booked], {"ana": 4})

    assert plan.cancel("ana").sequence == 5


def test_moving_needs_a_booking_and_a_free_target():
    plan = schedule(*slots_from(local_start(date(2026, 5, 12), time(9, 0), ZURICH), count=2))
    with pytest.raises(NotBooked):
        plan.move("ana", "s1")
    plan.assign("s0", "ana")
    plan.assign("s1", "ben")
    with pytest.raises(SlotTaken):
        plan.move("ana", "s1")


def test_a_booked_slot_cannot_be_withdrawn_but_a_free_one_can():
    plan = schedule(*slots_from(local_start(date(2026, 5, 12), time(9, 0), ZURICH), count=2))
    plan.assign("s0", "ana")

    with pytest.raises(SlotTaken):
        plan.withdraw("s0")
    plan.withdraw("s1")
    assert [s.slot_id for s in plan.slots] == ["s0"]


def test_the_calendar_uid_is_stable_per_vacancy_and_candidate():
    assert calendar_uid("vac-1", "ana") == calendar_uid("vac-1", "ana")
    assert calendar_uid("vac-1", "ana") != calendar_uid("vac-1", "ben")
    assert calendar_uid("vac-1", "ana") != calendar_uid("vac-2", "ana")


def test_a_slot_shows_right_to_someone_in_another_zone():
    start = local_start(date(2026, 5, 12), time(10, 0), ZURICH)
    slot = Slot("s", start, TWO_HOURS)

    assert f"{slot.seen_in('America/New_York'):%H:%M}" == "04:00"
    assert f"{slot.seen_in('Asia/Tokyo'):%H:%M}" == "17:00"
