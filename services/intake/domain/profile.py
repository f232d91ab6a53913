"""The candidate profile read from a CV, as other services receive it.

This module owns the value objects of a parsed CV (`Contact`, `Degree`, `Position`,
`Language`, `Section` and the `Profile` that holds them), the `Span` that says where in the
CV each fact was read (`pages[page - 1][start:end]`), and their JSON shape:
`Profile.to_dict()` produces exactly the `profile` of the `cv.parsed` event contract, on
which screening and scoring depend, and `Profile.from_dict()` reads it back, also from dicts
written before spans, sections and normalised phones existed. The allowed values of the
normalised enums (degree levels, language levels, section names) live here too, so a parser
cannot emit a value the contract does not know. Plain Python: no framework imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypeVar

_Item = TypeVar("_Item")

# Lowest to highest, as vacancies' criteria order them: a certificate or diploma ("other")
# is post-secondary but below a bachelor's degree.
DEGREE_LEVELS: tuple[str, ...] = ("secondary", "other", "bachelor", "master", "doctorate")
LANGUAGE_LEVELS: tuple[str, ...] = ("native", "fluent", "working", "basic")
DEGREE_LEVEL_RANK: Mapping[str, int] = {level: rank for rank, level in enumerate(DEGREE_LEVELS)}
SECTION_NAMES: tuple[str, ...] = (
    "contact",
    "summary",
    "experience",
    "education",
    "languages",
    "skills",
    "other",
)

_YEAR_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _check_year_month(value: str | None, what: str) -> None:
    if value is not None and not _YEAR_MONTH.fullmatch(value):
        raise ValueError(f"{what} must be 'YYYY-MM' or None, got {value!r}")


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


@dataclass(frozen=True)
class Span:
    """Where a fact was read: characters `start:end` of page `page` (1-based) of the CV."""

    page: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.page < 1 or self.start < 0 or self.end < self.start:
            raise ValueError(f"not a span: page {self.page}, {self.start}:{self.end}")

    def to_dict(self) -> dict[str, int]:
        return {"page": self.page, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(page=int(data["page"]), start=int(data["start"]), end=int(data["end"]))


def _span_dict(span: Span | None) -> dict[str, int] | None:
    return None if span is None else span.to_dict()


def _optional_span(data: Mapping[str, Any], key: str = "source") -> Span | None:
    value = data.get(key)
    return None if value is None else Span.from_dict(value)


_CONTACT_FIELDS = frozenset({"name", "email", "phone", "city", "country"})


@dataclass(frozen=True)
class Contact:
    """How to reach the candidate, each value as written in the CV.

    `phone_normalised` is the phone in E.164 when it could be read as a number; `sources`
    maps each field that was found to the span it was read from.
    """

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    country: str | None = None
    phone_normalised: str | None = None
    # Left out of the hash: a dict is not hashable, and equal contacts have equal sources.
    sources: Mapping[str, Span] = dataclass_field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        unknown = set(self.sources) - _CONTACT_FIELDS
        if unknown:
            raise ValueError(f"sources for unknown contact fields: {sorted(unknown)}")
        object.__setattr__(self, "sources", dict(self.sources))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "city": self.city,
            "country": self.country,
            "phone_normalised": self.phone_normalised,
            "sources": {name: span.to_dict() for name, span in self.sources.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Contact:
        sources: Mapping[str, Any] = data.get("sources") or {}
        return cls(
            name=_optional_str(data, "name"),
            email=_optional_str(data, "email"),
            phone=_optional_str(data, "phone"),
            city=_optional_str(data, "city"),
            country=_optional_str(data, "country"),
            phone_normalised=_optional_str(data, "phone_normalised"),
            sources={name: Span.from_dict(span) for name, span in sources.items()},
        )


@dataclass(frozen=True)
class Degree:
    """One degree or diploma; `level` is normalised, the rest is as written."""

    level: str
    degree_as_written: str
    field: str | None = None
    field_as_written: str | None = None
    institution: str | None = None
    year_completed: int | None = None
    source: Span | None = None

    def __post_init__(self) -> None:
        if self.level not in DEGREE_LEVELS:
            raise ValueError(f"unknown degree level {self.level!r}")

    @property
    def rank(self) -> int:
        return DEGREE_LEVEL_RANK[self.level]

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "degree_as_written": self.degree_as_written,
            "field": self.field,
            "field_as_written": self.field_as_written,
            "institution": self.institution,
            "year_completed": self.year_completed,
            "source": _span_dict(self.source),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Degree:
        year = data.get("year_completed")
        return cls(
            level=str(data["level"]),
            degree_as_written=str(data["degree_as_written"]),
            field=_optional_str(data, "field"),
            field_as_written=_optional_str(data, "field_as_written"),
            institution=_optional_str(data, "institution"),
            year_completed=None if year is None else int(year),
            source=_optional_span(data),
        )


@dataclass(frozen=True)
class Position:
    """One job; `start`/`end` are "YYYY-MM", `end` is None while `ongoing`."""

    title: str | None = None
    employer: str | None = None
    city: str | None = None
    country: str | None = None
    start: str | None = None
    end: str | None = None
    ongoing: bool = False
    dates_as_written: str | None = None
    bullets: tuple[str, ...] = dataclass_field(default_factory=tuple)
    source: Span | None = None

    def __post_init__(self) -> None:
        _check_year_month(self.start, "start")
        _check_year_month(self.end, "end")
        if self.ongoing and self.end is not None:
            raise ValueError("an ongoing position has no end month")
        # Accept any sequence from callers but keep the value immutable and hashable.
        object.__setattr__(self, "bullets", tuple(self.bullets))

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "employer": self.employer,
            "city": self.city,
            "country": self.country,
            "start": self.start,
            "end": self.end,
            "ongoing": self.ongoing,
            "dates_as_written": self.dates_as_written,
            "bullets": list(self.bullets),
            "source": _span_dict(self.source),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Position:
        return cls(
            title=_optional_str(data, "title"),
            employer=_optional_str(data, "employer"),
            city=_optional_str(data, "city"),
            country=_optional_str(data, "country"),
            start=_optional_str(data, "start"),
            end=_optional_str(data, "end"),
            ongoing=bool(data.get("ongoing", False)),
            dates_as_written=_optional_str(data, "dates_as_written"),
            bullets=tuple(str(bullet) for bullet in data.get("bullets") or ()),
            source=_optional_span(data),
        )


@dataclass(frozen=True)
class Language:
    """One language; `language` is its English name, `level` normalised or None."""

    language: str
    language_as_written: str
    level: str | None = None
    level_as_written: str | None = None
    source: Span | None = None

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in LANGUAGE_LEVELS:
            raise ValueError(f"unknown language level {self.level!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "language_as_written": self.language_as_written,
            "level": self.level,
            "level_as_written": self.level_as_written,
            "source": _span_dict(self.source),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Language:
        return cls(
            language=str(data["language"]),
            language_as_written=str(data["language_as_written"]),
            level=_optional_str(data, "level"),
            level_as_written=_optional_str(data, "level_as_written"),
            source=_optional_span(data),
        )


@dataclass(frozen=True)
class Section:
    """A part of the CV under a heading: `name` normalised, `heading` as written."""

    name: str
    heading: str
    source: Span | None = None

    def __post_init__(self) -> None:
        if self.name not in SECTION_NAMES:
            raise ValueError(f"unknown section name {self.name!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "heading": self.heading, "source": _span_dict(self.source)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Section:
        return cls(
            name=str(data["name"]),
            heading=str(data.get("heading") or ""),
            source=_optional_span(data),
        )


@dataclass(frozen=True)
class Profile:
    """Everything read from one CV, in the order the CV lists it."""

    contact: Contact = dataclass_field(default_factory=Contact)
    education: tuple[Degree, ...] = dataclass_field(default_factory=tuple)
    positions: tuple[Position, ...] = dataclass_field(default_factory=tuple)
    languages: tuple[Language, ...] = dataclass_field(default_factory=tuple)
    sections: tuple[Section, ...] = dataclass_field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "education", tuple(self.education))
        object.__setattr__(self, "positions", tuple(self.positions))
        object.__setattr__(self, "languages", tuple(self.languages))
        object.__setattr__(self, "sections", tuple(self.sections))

    @property
    def highest_degree(self) -> Degree | None:
        """The highest-ranked degree, the first listed among equals; None without any."""
        if not self.education:
            return None
        return max(self.education, key=lambda degree: degree.rank)

    def to_dict(self) -> dict[str, Any]:
        return {
            "contact": self.contact.to_dict(),
            "education": [degree.to_dict() for degree in self.education],
            "positions": [position.to_dict() for position in self.positions],
            "languages": [language.to_dict() for language in self.languages],
            "sections": [section.to_dict() for section in self.sections],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        return cls(
            contact=Contact.from_dict(data.get("contact") or {}),
            education=_items(data, "education", Degree.from_dict),
            positions=_items(data, "positions", Position.from_dict),
            languages=_items(data, "languages", Language.from_dict),
            sections=_items(data, "sections", Section.from_dict),
        )


def _items(
    data: Mapping[str, Any], key: str, read: Callable[[Mapping[str, Any]], _Item]
) -> tuple[_Item, ...]:
    entries: Sequence[Mapping[str, Any]] = data.get(key) or ()
    return tuple(read(entry) for entry in entries)
