"""Month arithmetic: parsing, inclusive intervals, unions with overlaps, clipping, tallies."""

import pytest

from services.screening.domain.months import (
    Month,
    MonthInterval,
    count_union_months,
    describe_positions,
    parse_month_or_none,
    tally_positions,
    union_months,
)


def interval(start: str, end: str) -> MonthInterval:
    return MonthInterval(Month.parse(start), Month.parse(end))


def test_month_parses_year_and_month_and_orders_by_calendar():
    assert Month.parse("2015-03") == Month(2015, 3)
    assert Month.parse("2022-05-31") == Month(2022, 5)
    assert Month(2014, 12) < Month(2015, 1)
    assert str(Month(2015, 3)) == "2015-03"


@pytest.mark.parametrize("text", ["2015", "15-03", "2015-13", "March 2015", ""])
def test_malformed_months_are_rejected(text):
    with pytest.raises(ValueError):
        Month.parse(text)
    assert parse_month_or_none(text) is None


def test_month_plus_crosses_year_boundaries():
    assert Month(2015, 11).plus(3) == Month(2016, 2)
    assert Month(2016, 2).plus(-3) == Month(2015, 11)


def test_interval_counts_both_ends_as_in_the_readme():
    assert len(interval("2015-03", "2015-05")) == 3
    assert len(interval("2016-01", "2016-12")) == 12
    assert len(interval("2016-07", "2016-07")) == 1


def test_interval_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        interval("2016-05", "2016-04")


def test_union_counts_overlapping_months_once():
    intervals = [interval("2010-01", "2012-12"), interval("2012-07", "2013-06")]
    assert count_union_months(intervals, up_to=Month(2022, 5)) == 42


def test_union_of_concurrent_roles_equals_the_longest():
    intervals = [interval("2015-01", "2018-12"), interval("2016-01", "2016-12")]
    assert count_union_months(intervals, up_to=Month(2022, 5)) == 48


def test_union_keeps_gaps_uncounted():
    intervals = [interval("2010-01", "2010-06"), interval("2011-01", "2011-06")]
    assert count_union_months(intervals, up_to=Month(2022, 5)) == 12


def test_union_clips_at_the_reference_month_inclusive():
    ongoing_until_reference = interval("2020-01", "2022-05")
    ends_later = interval("2021-01", "2023-12")
    starts_later = interval("2022-06", "2022-12")
    months = union_months([ongoing_until_reference, ends_later, starts_later], up_to=Month(2022, 5))
    assert len(months) == 29
    assert max(months) == Month(2022, 5)


def test_tally_reports_contributors_and_overlap():
    tally = tally_positions(
        {
            0: interval("2015-01", "2018-12"),
            2: interval("2018-01", "2019-12"),
            3: interval("2023-01", "2023-02"),
        },
        up_to=Month(2022, 5),
    )
    assert tally.months == 60
    assert tally.naive_months == 72
    assert tally.contributors == (0, 2)
    assert tally.describe("international_relations_cooperation") == (
        "60 months in international_relations_cooperation: positions 1, 3; "
        "overlapping months counted once"
    )


def test_tally_without_overlap_does_not_mention_it():
    tally = tally_positions({1: interval("2015-03", "2015-05")}, up_to=Month(2022, 5))
    assert tally.describe("x") == "3 months in x: position 2"


def test_describe_positions_counts_from_one():
    assert describe_positions([]) == "no position"
    assert describe_positions([4]) == "position 5"
    assert describe_positions([3, 0, 1]) == "positions 1, 2, 4"
