"""The degrees of an education section: level, field, institution and year.

This module owns how one degree's entry is read once `degrees` has found its name: the
entry runs to the next degree name; the year is one printed just before the name at the
start of its line ("2002 PhD, ...", the grid layouts) or else the last year in the entry;
the field is what follows "in"/"en"/"of" (or what the name itself says, "Master of Public
Policy"), and the institution is the part that names a university, school or institute,
else the part after the field. Each degree comes with the document offsets of its entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.intake.domain.profile import Degree
from services.intake.domain.reading.dates import YEAR
from services.intake.domain.reading.degrees import DEGREE, SUFFIX, level_of
from services.intake.domain.reading.fields import canonical_field
from services.intake.domain.reading.text import Line, Located, Where, fold, phrases, words

_SEPARATOR_EDGES = " \t|:;,\u2013\u2014-•·"
_INSTITUTION_WORDS = words(
    "university université universität universidad universidade università universiteit",
    "uniwersytet universitet college collège school institute institut instituto istituto",
    "école ecole escuela escola scuola academy académie academia hochschule fachhochschule",
    "polytechnic politecnico polytechnique faculty faculté facultad graduate lycée lycee",
    "gymnasium liceo colegio",
)
# "Master of Arts" names no field; "Master of Public Policy" does.
_GENERIC_DEGREE_TAILS = phrases("arts", "science", "sciences", "philosophy", "letters")
_NAMED_FIELD = re.compile(r"\bof\s+(?P<field>.+)$", re.IGNORECASE | re.DOTALL)
_YEAR_WORD = re.compile(rf"(?<!\d){YEAR}(?!\d)")
_LEADING_YEARS = re.compile(rf"(?:^|\n)(?P<years>{YEAR}(?:\s*[-\u2013]\s*{YEAR})?)[\s|:,\u2013-]*$")
_FIELD_PREFIX = re.compile(
    r"^(?:(?:in|en|ès|es|of|de|em|im|der|del|della|di)\s+|d['\u2019]\s*)", re.IGNORECASE
)
_PART_SPLIT = re.compile(r"\s*(?:,|\n|\s[\u2014\u2013|]\s|\s-\s|\(|\))\s*")
_ENDS_A_PHRASE = re.compile(r"[,.;:)\]]$")
_LOOKBACK = 200


def read_education(lines: Sequence[Line]) -> list[tuple[Degree, Where]]:
    """The degrees of an education section, each with the document offsets of its entry."""
    text = Located.joined([line.content for line in lines], "\n")
    mentions = _degree_mentions(text.text)
    degrees: list[tuple[Degree, Where]] = []
    for number, match in enumerate(mentions):
        end = mentions[number + 1].start() if number + 1 < len(mentions) else len(text)
        degree, first, last = _degree(text.text, match, end)
        where = text.where(first, last)
        if where is not None:
            degrees.append((degree, where))
    return degrees


def _degree_mentions(text: str) -> list[re.Match[str]]:
    """Degree names in order, without the abbreviation repeating one ("Master of Arts (MA)")."""
    mentions: list[re.Match[str]] = []
    for match in DEGREE.finditer(text):
        if mentions and re.fullmatch(r"\s*\(", text[mentions[-1].end() : match.start()]):
            continue
        mentions.append(match)
    return mentions


def _degree(text: str, match: re.Match[str], end: int) -> tuple[Degree, int, int]:
    """The degree named by `match`, and where its entry starts and ends in `text`."""
    degree_end = match.end()
    suffix = SUFFIX.match(text[degree_end:end])
    if suffix:
        degree_end += suffix.end()
    as_written = " ".join(text[match.start() : degree_end].split())
    own_text = _without_next_leading_year(text[degree_end:end])
    leading = _leading_years(text, match.start())
    year = _completion_year(leading[0] if leading else None, own_text)
    named = " ".join(text[match.start() : match.end()].split())
    field, institution = _field_and_institution(own_text, _field_in_degree_name(named))
    degree = Degree(
        level=level_of(match),
        degree_as_written=as_written,
        field=canonical_field(field),
        field_as_written=field,
        institution=institution,
        year_completed=year,
    )
    first = leading[1] if leading else match.start()
    return degree, first, degree_end + len(own_text.rstrip())


def _leading_years(text: str, start: int) -> tuple[str, int] | None:
    """Years printed just before the degree at `start`, at the start of their line ("2002
    PhD, ..."), and where they start."""
    # Only the last lines before a degree can hold them: a bounded window keeps this linear.
    window = max(start - _LOOKBACK, 0)
    if window:
        window = text.find("\n", window, start)
        if window < 0:
            return None
    found = _LEADING_YEARS.search(text, window, start)
    if found is None or _ends_entry_with_comma(text[window : found.start()]):
        return None
    return found.group("years"), found.start("years")


def _ends_entry_with_comma(text: str) -> bool:
    # "..., Leiden University,\n2004": the year closes the previous degree instead.
    return text.rstrip().endswith(",")


def _completion_year(leading: str | None, own_text: str) -> int | None:
    if leading is not None:
        return max(int(year) for year in _YEAR_WORD.findall(leading))
    trailing = _YEAR_WORD.findall(own_text)
    return int(trailing[-1]) if trailing else None


def _without_next_leading_year(text: str) -> str:
    """Drop a year that opens the last line: it belongs to the next degree ("2000 BA")."""
    found = _LEADING_YEARS.search(text)
    if found is None or found.start() == 0 or _ends_entry_with_comma(text[: found.start()]):
        return text
    return text[: found.start()]


def _field_in_degree_name(degree: str) -> str | None:
    found = _NAMED_FIELD.search(degree)
    if found is None or fold(found.group("field")) in _GENERIC_DEGREE_TAILS:
        return None
    return " ".join(found.group("field").split())


def _field_and_institution(text: str, field_in_name: str | None) -> tuple[str | None, str | None]:
    """(field, institution) from the words after a degree.

    "in Political Science, University of Ghana" and "Political Science — University of
    Ghana" give both; after "Master of Public Policy" the first part is the institution.
    """
    cleaned = _YEAR_WORD.sub(" ", text).strip(_SEPARATOR_EDGES + "\n")
    field_follows = _FIELD_PREFIX.match(cleaned) is not None or field_in_name is None
    cleaned = _FIELD_PREFIX.sub("", cleaned)
    parts = [
        " ".join(part.split()).strip(_SEPARATOR_EDGES)
        for part in _PART_SPLIT.split(_unwrap(cleaned))
    ]
    parts = [part for part in parts if re.search(r"[^\W\d_]{2,}", part)]
    if not parts:
        return field_in_name, None
    if not field_follows:
        return _after_a_named_field(parts, field_in_name or "")
    at = next((index for index, part in enumerate(parts) if _names_institution(part)), None)
    if at is None:
        return parts[0], (parts[1] if len(parts) > 1 else None)
    if at == 0:
        return (parts[1] if len(parts) > 1 else None), parts[0]
    return parts[0], parts[at]


def _after_a_named_field(parts: list[str], field: str) -> tuple[str | None, str | None]:
    """After "Master of Public Policy": the field may be repeated, then the institution.

    A part before the institution that is not the institution is a more precise field
    ("Master of Laws" / "International Humanitarian Law — MGIMO University").
    """
    if len(parts) >= 2 and not _names_institution(parts[0]) and _names_institution(parts[1]):
        return parts[0], parts[1]
    repeated = [part for part in parts if fold(part) == fold(field)]
    others = [part for part in parts if fold(part) != fold(field)]
    institution = next((part for part in others if _names_institution(part)), None)
    return (repeated[0] if repeated else field), institution or (others[0] if others else None)


def _unwrap(text: str) -> str:
    """Join lines that wrap a phrase ("Administration in Business\\nAdministration")."""
    joined: list[str] = []
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            joined.append("")
        elif joined and joined[-1] and not _ENDS_A_PHRASE.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return "\n".join(part for part in joined if part)


def _names_institution(text: str) -> bool:
    return any(fold(word) in _INSTITUTION_WORDS for word in text.split())
