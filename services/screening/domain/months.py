"""Month arithmetic for counting professional experience.

This module owns the calendar rules of experience counting: a `Month` value parsed from
"YYYY-MM", a `MonthInterval` of whole months with both ends included (2015-03…2015-05 is
3 months), the union of intervals clipped at a reference month (so overlapping months count
once and ongoing positions count up to and including the reference month), and a
`MonthTally` that records which positions contributed and describes the count in words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; ordering follows the calendar."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse "YYYY-MM"; a full ISO date "YYYY-MM-DD" is accepted and its day ignored."""
        match = _MONTH_PATTERN.match(text[:7] if len(text) > 7 else text)
        if match is None:
            raise ValueError(f"not a YYYY-MM month: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def from_date(cls, date: dt.date) -> Month:
        return cls(date.year, date.month)

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Month:
        year, zero_based_month = divmod(ordinal, 12)
        return cls(year, zero_based_month + 1)

    @property
    def ordinal(self) -> int:
        """Months since year 0; consecutive months have consecutive ordinals."""
        return self.year * 12 + self.month - 1

    def plus(self, months: int) -> Month:
        return Month.from_ordinal(self.ordinal + months)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_month_or_none(text: str | None) -> Month | None:
    """Parse "YYYY-MM", returning None for a missing or malformed value."""
    if not text:
        return None
    try:
        return Month.parse(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class MonthInterval:
    """Whole months from `start` to `end`, both included."""

    start: Month
    end: Month

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"interval ends before it starts: {self.start}…{self.end}")

    def __len__(self) -> int:
        return self.end.ordinal - self.start.ordinal + 1

    def months(self) -> frozenset[Month]:
        return frozenset(
            Month.from_ordinal(o) for o in range(self.start.ordinal, self.end.ordinal + 1)
        )

    def clipped(self, up_to: Month) -> MonthInterval | None:
        """The part of the interval up to and including `up_to`; None if it starts later."""
        if self.start > up_to:
            return None
        return MonthInterval(self.start, min(self.end, up_to))


def union_months(intervals: Iterable[MonthInterval], up_to: Month) -> frozenset[Month]:
    """The months covered by any interval, clipped at `up_to` (included)."""
    covered: set[Month] = set()
    for interval in intervals:
        clipped = interval.clipped(up_to)
        if clipped is not None:
            covered |= clipped.months()
    return frozenset(covered)


def count_union_months(intervals: Iterable[MonthInterval], up_to: Month) -> int:
    return len(union_months(intervals, up_to))


def describe_positions(indices: Iterable[int]) -> str:
    """Zero-based position indices as words for people, who count from 1: "positions 1, 2, 4"."""
    numbers = sorted({index + 1 for index in indices})
    if not numbers:
        return "no position"
    if len(numbers) == 1:
        return f"position {numbers[0]}"
    return "positions " + ", ".join(str(number) for number in numbers)


@dataclass(frozen=True)
class MonthTally:
    """The union of some positions' months and which positions contributed to it."""

    months: int
    naive_months: int
    contributors: tuple[int, ...]

    @property
    def has_overlap(self) -> bool:
        return self.naive_months > self.months

    def describe(self, subject: str) -> str:
        """E.g. "121 months in X: positions 1, 2, 4; overlapping months counted once"."""
        text = f"{self.months} months in {subject}"
        if self.contributors:
            text += f": {describe_positions(self.contributors)}"
        if self.has_overlap:
            text += "; overlapping months counted once"
        return text


def tally_positions(intervals: Mapping[int, MonthInterval], up_to: Month) -> MonthTally:
    """Count the union of the positions' intervals (keyed by position index) up to `up_to`."""
    clipped = {index: interval.clipped(up_to) for index, interval in intervals.items()}
    counted = {index: interval for index, interval in clipped.items() if interval is not None}
    return MonthTally(
        months=count_union_months(counted.values(), up_to),
        naive_months=sum(len(interval) for interval in counted.values()),
        contributors=tuple(sorted(counted)),
    )
