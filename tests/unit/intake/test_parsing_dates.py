"""Date ranges of positions: the finding layer, dateparser behind it, and whole positions."""

import pytest

from services.intake.domain.parsing import parse_profile
from services.intake.domain.reading.dates import find_date_range, month_of


@pytest.mark.parametrize(
    ("written", "start", "end", "ongoing"),
    [
        ("Jan 2015 \u2013 Dec 2018", "2015-01", "2018-12", False),
        ("September 2010 to June 2013", "2010-09", "2013-06", False),
        ("03/2012 - 11/2016", "2012-03", "2016-11", False),
        ("3/2012 - 11/2016", "2012-03", "2016-11", False),
        ("03.2012 \u2013 11.2016", "2012-03", "2016-11", False),
        ("2012-03 \u2013 2016-11", "2012-03", "2016-11", False),
        ("2015\u20132019", "2015-01", "2019-12", False),
        ("2015 - 2019", "2015-01", "2019-12", False),
        ("2015 to 2019", "2015-01", "2019-12", False),
        ("since 2019", "2019-01", None, True),
        ("Since March 2019", "2019-03", None, True),
        ("depuis mars 2019", "2019-03", None, True),
        ("Depuis 2019", "2019-01", None, True),
        ("seit April 2017", "2017-04", None, True),
        ("desde marzo de 2019", "2019-03", None, True),
        ("janv. 2015 \u2013 déc. 2018", "2015-01", "2018-12", False),
        ("févr. 2004 \u2013 avr. 2005", "2004-02", "2005-04", False),
        ("fevrier 2004 \u2013 aout 2005", "2004-02", "2005-08", False),
        ("Sept. 2019 \u2013 present", "2019-09", None, True),
        ("sept. 2019 \u2013 à ce jour", "2019-09", None, True),
        ("mars 2020 \u2013 aujourd'hui", "2020-03", None, True),
        ("mars 2020 \u2013 aujourd\u2019hui", "2020-03", None, True),
        ("Apr 2021 \u2013 Current", "2021-04", None, True),
        ("July 2019 to date", "2019-07", None, True),
        ("03.2020 \u2013 today", "2020-03", None, True),
        ("2018 \u2013 ongoing", "2018-01", None, True),
        ("2010 \u2013 jusqu'à présent", "2010-01", None, True),
        ("Mar-2015 \u2013 Jun-2018", "2015-03", "2018-06", False),
        ("Jan.2015 - Dec.2016", "2015-01", "2016-12", False),
        ("FEB 2006 - AUG 2008", "2006-02", "2008-08", False),
        ("Jan \u2013 Dec 2015", "2015-01", "2015-12", False),
        ("Nov \u2013 Feb 2016", "2015-11", "2016-02", False),
        ("1er mars 2015 \u2013 31 août 2017", "2015-03", "2017-08", False),
        ("1er mars \u2013 31 août 2017", "2017-03", "2017-08", False),
        ("01/03/2015 \u2013 31/08/2017", "2015-03", "2017-08", False),
        ("März 2015 \u2013 heute", "2015-03", None, True),
        ("enero de 2015 \u2013 diciembre de 2018", "2015-01", "2018-12", False),
        ("set. 2015 \u2013 out. 2017", "2015-09", "2017-10", False),
        ("de mars 2014 à mars 2018", "2014-03", "2018-03", False),
    ],
)
def test_date_range_wordings(written: str, start: str, end: str | None, ongoing: bool) -> None:
    found = find_date_range(f"Officer, UNDP | {written} | Geneva")

    assert found is not None
    assert (found.start, found.end, found.ongoing) == (start, end, ongoing)


def test_the_expression_is_kept_as_written_with_since_and_without_from() -> None:
    since = find_date_range("Since March 2019: Adviser")
    ranged = find_date_range("From March 2015 to June 2018: Adviser")

    assert since is not None and since.as_written == "Since March 2019"
    assert ranged is not None and ranged.as_written == "March 2015 to June 2018"


@pytest.mark.parametrize(
    "text",
    [
        "Carried out 2015 reviews of the programme",
        "Managed a budget of USD 12 million",
        "Since Sep",
        "Phone +41 22 917 12 34",
    ],
)
def test_ordinary_text_is_not_a_date_range(text: str) -> None:
    assert find_date_range(text) is None


def test_a_month_abbreviation_written_without_a_year_takes_the_year_of_the_end_only() -> None:
    found = find_date_range("Since Sep-2018")

    assert found is not None
    assert (found.start, found.end, found.ongoing) == ("2018-09", None, True)


@pytest.mark.parametrize(
    ("written", "is_end", "month"),
    [
        ("2015", False, "2015-01"),
        ("2015", True, "2015-12"),
        ("Sept. 2019", False, "2019-09"),
        ("1er mars 2015", False, "2015-03"),
        ("2012-03", True, "2012-03"),
        ("03.2012", True, "2012-03"),
        ("nonsense", False, None),
    ],
)
def test_month_of_one_written_date(written: str, is_end: bool, month: str | None) -> None:
    assert month_of(written, is_end=is_end) == month


@pytest.mark.parametrize(
    ("dates", "start", "end", "ongoing"),
    [
        ("Jan 2015 \u2013 Dec 2018", "2015-01", "2018-12", False),
        ("since 2019", "2019-01", None, True),
        ("depuis mars 2019", "2019-03", None, True),
        ("03.2020 \u2013 today", "2020-03", None, True),
        ("2016-04 \u2013 2018-10", "2016-04", "2018-10", False),
    ],
)
def test_a_position_line_keeps_its_dates_as_written(
    dates: str, start: str, end: str | None, ongoing: bool
) -> None:
    text = f"Experience\n{dates}: Officer, UNDP, Geneva, Switzerland\n- Did the work\n"

    (position,) = parse_profile(text).positions

    assert (position.start, position.end, position.ongoing) == (start, end, ongoing)
    assert position.dates_as_written == dates
    assert (position.title, position.employer) == ("Officer", "UNDP")


def test_a_date_range_wrapped_over_two_lines_is_rejoined() -> None:
    text = (
        "PROFESSIONAL EXPERIENCE\n"
        "July 2011 to August\n"
        "2016\n"
        "Desk Officer\n"
        "Ministry of Foreign Affairs, Oslo, Norway\n"
    )

    (position,) = parse_profile(text).positions

    assert (position.start, position.end, position.title) == ("2011-07", "2016-08", "Desk Officer")


def test_overlapping_and_concurrent_positions_are_all_kept_in_the_cv_order() -> None:
    text = (
        "Work Experience\n"
        "2018 \u2013 present: Senior Lecturer (part-time), University of Nairobi, Nairobi, Kenya\n"
        "03/2017 \u2013 06/2021: Programme Manager, UNDP, Nairobi, Kenya\n"
        "2015 \u2013 2017: Consultant, Small Arms Survey, Geneva, Switzerland\n"
        "Jun \u2013 Dec 2016: Visiting Fellow, Chatham House, London, United Kingdom\n"
    )

    positions = parse_profile(text).positions

    assert [(p.start, p.end, p.ongoing) for p in positions] == [
        ("2018-01", None, True),
        ("2017-03", "2021-06", False),
        ("2015-01", "2017-12", False),
        ("2016-06", "2016-12", False),
    ]
    assert [p.employer for p in positions] == [
        "University of Nairobi",
        "UNDP",
        "Small Arms Survey",
        "Chatham House",
    ]


def test_a_line_opening_with_one_year_covers_that_year() -> None:
    text = "Experience\n2016 Consultant, OECD, Paris, France\n- Drafted notes\n"

    (position,) = parse_profile(text).positions

    assert (position.start, position.end, position.title) == ("2016-01", "2016-12", "Consultant")
