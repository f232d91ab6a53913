"""Date ranges of positions: a thin finding layer in front of dateparser.

This module owns how a CV writes when a job began and ended. A regular expression finds
the range expression in a line ("03/2012 - 11/2016", "Jan - Dec 2015", "since 2019",
"depuis mars 2019", "1er mars 2015 à ce jour", "2012-03 - present", a year alone); each
end is then handed to dateparser, configured for the CV languages we read, whose answer is
cached because dateparser is slow. The month names the finder looks for come from
dateparser's own locale data, not from a table of ours. Ends are months ("YYYY-MM"): a
bare year starts in January and ends in December; "present", "to date", "aujourd'hui" and
the like, and "since …", leave the end open. No clock is read: dateparser gets a fixed
`RELATIVE_BASE`, and relative dates ("two years ago") are not CV dates anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader

from services.intake.domain.reading.text import alternation, fold

# The languages whose month names and date orders we read.
LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "pt", "it")
_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["month", "year"],
    "DATE_ORDER": "DMY",
    "RELATIVE_BASE": datetime(2000, 1, 1),
    "PARSERS": ["absolute-time"],
}
_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Month abbreviations that are also common words ("carried out 2015 reviews", "set",
# "ago"): only taken for a month when written with their dot, as those languages do.
_NEED_A_DOT = frozenset({"out", "set", "ago", "gen", "mag", "giu", "lug", "ott"})
_ONGOING_WORDS = (
    "present",
    "the present",
    "present day",
    "current",
    "currently",
    "now",
    "today",
    "to date",
    "date",
    "ongoing",
    "till date",
    "till now",
    "till present",
    "until present",
    "up to present",
    "up to date",
    "until now",
    "up to now",
    "to present",
    "jusqu a present",
    "jusqu a ce jour",
    "jusqu a aujourd hui",
    "bis heute",
    "hasta la fecha",
    "hasta hoy",
    "aujourd hui",
    "a ce jour",
    "ce jour",
    "a present",
    "present",
    "en cours",
    "actuellement",
    "maintenant",
    "heute",
    "jetzt",
    "aktuell",
    "laufend",
    "la actualidad",
    "actualidad",
    "presente",
    "hoy",
    "la fecha",
    "atual",
    "o momento",
    "hoje",
    "oggi",
    "in corso",
    "attuale",
)


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Folded month names and abbreviations of `LANGUAGES` → month number, from dateparser."""
    numbers: dict[str, int] = {}
    for code in LANGUAGES:
        info = default_loader.get_locale(code).info
        for number, key in enumerate(_MONTH_KEYS, 1):
            for name in info.get(key, ()):
                numbers.setdefault(fold(name), number)
    return numbers


def _month_pattern() -> str:
    plain = [name for name in month_numbers() if name not in _NEED_A_DOT]
    dotted = [name for name in month_numbers() if name in _NEED_A_DOT]
    return rf"(?<![^\W\d_])(?:(?:{alternation(plain)})\.?|(?:{alternation(dotted)})\.)"


_MONTH = _month_pattern()
YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:er|re|st|nd|rd|th|º|°|\.)?"
_MONTH_YEAR = rf"(?:{_DAY}\s+(?:de\s+)?)?{_MONTH},?(?:\s+de)?(?:\s+|\s*[-/.]\s*|(?<=\.)){YEAR}"
_NUMERIC = rf"(?:(?:[12]\d|3[01]|0?[1-9])\s*[/.]\s*)?(?:0?[1-9]|1[0-2])\s*[/.\-]\s*{YEAR}"
_ISO = rf"{YEAR}\s*[/\-.]\s*(?:0[1-9]|1[0-2])(?:[/\-.](?:[12]\d|3[01]|0[1-9]))?(?!\d)"
DATE = rf"(?:{_MONTH_YEAR}|{_NUMERIC}|{_ISO}|{YEAR})"
# "Jan - Dec 2015", "1er mars - 31 août 2017": the start takes the end's year.
_MONTH_ONLY = rf"(?:{_DAY}\s+)?{_MONTH}"
ONGOING = alternation(_ONGOING_WORDS, joiner=r"[\s'\u2019\-]+")
_FROM = r"(?:from|de|du|von|vom|desde|dal|del|entre|between)"
_SEPARATOR = (
    r"(?:\s*[-\u2010-\u2015\u2212→]+\s*|\s+(?:to|until|till|through|thru|à|au|a|"
    r"jusqu['\u2019]\s?(?:à|au|en)|bis|hasta|al|até|ao|fino\s+a)\s+)"
)
_RANGE = re.compile(
    rf"(?<![\w/.])(?:{_FROM}\s+)?(?P<written>(?P<start>{DATE}|{_MONTH_ONLY}){_SEPARATOR}"
    rf"(?:(?P<ongoing>{ONGOING})(?![\w])|(?P<end>{DATE})))(?![\w/])",
    re.IGNORECASE,
)
# "from" and the like only open a line: inside a sentence they rarely start an open job.
_SINCE = re.compile(
    rf"(?P<written>(?:(?<!\w)(?:since|depuis|seit|desde|dal)|^\s*(?:from|dès|as\s+of|ab|"
    rf"(?:à|a)\s+partir\s+d[eu]))\s+(?:le\s+|de\s+|del\s+|el\s+)?(?P<start>{DATE}))"
    r"(?![\w/])",
    re.IGNORECASE,
)
# "2019 -" closing a line: a range whose end is left open.
_OPEN_RANGE = re.compile(
    rf"(?<![\w/.])(?P<written>(?P<start>{DATE})\s*[-\u2013\u2014])\s*$", re.IGNORECASE
)
_LEADING_YEAR = re.compile(rf"^(?P<start>{YEAR})(?=\s*(?:$|[:|\u2013-]|\s[^\W\d]))")
_BARE_YEAR = re.compile(YEAR)
_NAMED_MONTH = re.compile(_MONTH, re.IGNORECASE)
_DANGLING = re.compile(
    rf"(?:[-\u2013\u2014]|(?<!\w)(?:to|until|till|through|à|au|a|bis|hasta|since|depuis|"
    rf"seit|desde|from)|{_MONTH})\s*$",
    re.IGNORECASE,
)
_STARTS_WITH_DATE = re.compile(rf"^(?:{DATE}|{ONGOING})(?!\w)", re.IGNORECASE)
_HAS_DATE = re.compile(DATE, re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    """A position's dates: months "YYYY-MM", the end None while `ongoing`.

    `span` is where the expression stands in the line it was found in, any "from" or
    "since" included; `as_written` is the dates themselves, as printed.
    """

    start: str
    end: str | None
    ongoing: bool
    as_written: str
    span: tuple[int, int]


def find_date_range(text: str) -> DateRange | None:
    """The first date range of a line ("03/2012 - 11/2016", "since 2019", "2015-2019")."""
    return _closed_range(text) or _open_range(text)


def single_year_range(text: str) -> DateRange | None:
    """A line that opens with one year ("2016 Consultant, UNDP") covers that whole year."""
    found = _LEADING_YEAR.match(text)
    if found is None:
        return None
    year = found.group("start")
    return DateRange(f"{year}-01", f"{year}-12", False, year, found.span())


def has_a_date(text: str) -> bool:
    return _HAS_DATE.search(text) is not None


def wraps_a_date(text: str, following: str) -> bool:
    """Whether a date range begun on `text` goes on at the start of `following`."""
    return (
        has_a_date(text)
        and _DANGLING.search(text) is not None
        and _closed_range(text) is None
        and _STARTS_WITH_DATE.match(following) is not None
    )


def month_of(written: str, *, is_end: bool) -> str | None:
    """The month of one written date as "YYYY-MM"; a bare year is January (December as
    an end)."""
    written = " ".join(written.split())
    if _BARE_YEAR.fullmatch(written):
        return f"{written}-12" if is_end else f"{written}-01"
    return _parsed_month(written) or _named_month(written)


def _closed_range(text: str) -> DateRange | None:
    for found in _RANGE.finditer(text):
        dates = _closed_range_of(found)
        if dates is not None:
            return dates
    return None


def _closed_range_of(found: re.Match[str]) -> DateRange | None:
    start_written, end_written = found.group("start"), found.group("end")
    ongoing = found.group("ongoing") is not None
    end = None if ongoing else month_of(end_written, is_end=True)
    if has_a_date(start_written):
        start = month_of(start_written, is_end=False)
    elif end is not None and not _BARE_YEAR.fullmatch(end_written.strip()):
        # "Jan - Dec 2015", but not "Since Sep-2018", whose end is a bare year.
        start = _in_the_year_of(start_written, end)
    else:
        return None
    if start is None or (not ongoing and end is None):
        return None
    written = found.group("written").strip()
    return DateRange(start, end, ongoing, written, found.span())


def _in_the_year_of(month_written: str, end: str) -> str | None:
    """ "Jan" of "Jan - Dec 2015": the end's year, or the year before if that would come
    after the end ("Nov - Feb 2016")."""
    start = month_of(f"{month_written} {end[:4]}", is_end=False)
    if start is not None and start > end:
        start = month_of(f"{month_written} {int(end[:4]) - 1}", is_end=False)
    return start


def _open_range(text: str) -> DateRange | None:
    for pattern in (_SINCE, _OPEN_RANGE):
        found = pattern.search(text)
        if found is None:
            continue
        start = month_of(found.group("start"), is_end=False)
        if start is not None:
            return DateRange(start, None, True, found.group("written").strip(), found.span())
    return None


@lru_cache(maxsize=1)
def _date_parser() -> DateDataParser:
    return DateDataParser(languages=list(LANGUAGES), settings=_SETTINGS)


@lru_cache(maxsize=4096)
def _parsed_month(written: str) -> str | None:
    parsed = _date_parser().get_date_data(written)
    if parsed.date_obj is None or parsed.period == "year":
        return None
    return f"{parsed.date_obj.year:04d}-{parsed.date_obj.month:02d}"


def _named_month(written: str) -> str | None:
    """A month name dateparser missed (written without its accents, "fevrier 2006")."""
    month = _NAMED_MONTH.search(written)
    year = _BARE_YEAR.search(written)
    if month is None or year is None:
        return None
    number = month_numbers().get(fold(month.group(0)))
    return None if number is None else f"{year.group(0)}-{number:02d}"
