"""A position's heading split into title, employer, city and country.

This module owns how the few lines that head a job are read: "Title" / "Employer, City,
Country" on two lines; "Title, Employer (City, Country)", "Title at Employer, City",
"Title — Employer" on one line; a heading wrapped over several lines (a line ending in a
comma or "of", the next one opening in lower case or with a bracket). The employer is told
from the title by words that name an organisation ("Ministry", "Mission", "Office",
"University", an acronym such as "UNDP"); the location is the last one or two comma parts,
or a trailing "(City, Country)".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.intake.domain.reading.contact import merge_region_code
from services.intake.domain.reading.places import is_country
from services.intake.domain.reading.text import fold, words

SEPARATOR_EDGES = " \t|:;,\u2013\u2014-•·"
_PAREN_LOCATION = re.compile(r"\((?P<inside>[^()]*)\)\s*$")
# "Title — Employer": the strongest separator in the line splits it, so a hyphen inside the
# title ("Officer - Arms Control — UNDP") stays there.
_HEADING_SEPARATORS = (
    re.compile(r"\s+\u2014\s+"),
    re.compile(r"\s+\u2013\s+"),
    re.compile(r"\s+\|\s+"),
    re.compile(r"\s+-\s+"),
)
# "Programme Officer at UNICEF, Juba, South Sudan"; never after a comma, where "at" is
# more likely part of a name ("Permanent Mission ... Office at Geneva").
_TITLE_AT = re.compile(r"^(?P<title>[^,]+?)\s+(?:at|@|chez|bei)\s+(?P<rest>.+)$")
_ACRONYM = re.compile(r"[A-Z]{2,}[A-Za-z]*")
_MAX_ACRONYM = 8

_ORGANISATION_WORDS = words(
    "ministry ministère ministerio ministério ministerium mission embassy ambassade embajada",
    "consulate consulat office bureau oficina büro department département departamento",
    "university université universidad universidade universität università college school",
    "institute institut instituto istituto centre center centro zentrum council conseil",
    "consejo commission comisión kommission committee comité agency agence agencia",
    "service services servicio bank banque banco fund fonds fondo trust foundation fondation",
    "fundación stiftung coalition campaign survey association asociación verband",
    "organisation organization organización organisation organizzazione unit unité unidad",
    "secretariat secrétariat secretaría sekretariat government gouvernement gobierno",
    "regierung federal fédéral company compagnie empresa group groupe grupo ltd inc gmbh",
    "plc llc corporation network réseau alliance forum court tribunal parliament",
    "parlement delegation délégation delegación authority autorité autoridad programme",
    "project international nations red cross croix-rouge cruz roja ngo ong city municipality",
    "municipal canton county corps",
)
# "programme", "project" and "international" also open job titles.
_ORGANISATION_STRONG_WORDS = _ORGANISATION_WORDS - words("programme project international")
_LOWERCASE_JOINERS = words(
    "of for and the to in on at by with de des du la le les et d l en à au aux",
    "y del da do dos von van der den für",
    "including such as between among into through via per over under within across towards",
)

Heading = tuple[str | None, str | None, str | None, str | None]


def split_heading(lines: Sequence[str], *, separate: bool = False) -> Heading:
    """(title, employer, city, country) from the heading lines of one position.

    `separate` says the lines were printed apart (blank lines between them), so none is
    the wrapped end of another unless it plainly continues it.
    """
    merged = _merge_wrapped(lines, separate=separate)
    if not merged:
        return None, None, None, None
    if len(merged) == 1:
        return _split_one_line(merged[0])
    title = merged[0].strip(SEPARATOR_EDGES) or None
    employer, city, country = _split_employer_location(_join_employer_lines(merged[1:]))
    return title, employer, city, country


def continues(previous: str, following: str) -> bool:
    """Whether `following` is the wrapped rest of `previous` rather than a new line."""
    last_word = fold(previous.split()[-1]) if previous.split() else ""
    return (
        previous.endswith((",", "-", "\u2013", "(", "&"))
        or last_word in _LOWERCASE_JOINERS
        or following[:1].islower()
        or following.startswith("(")
        or previous.count("(") > previous.count(")")
    )


def completes_a_country(previous: str, following: str) -> bool:
    """Whether `following` finishes a country name that `previous` breaks off ("..., New
    York, United" / "States")."""
    last = previous.rsplit(",", 1)[-1].strip()
    return bool(last) and not is_country(last) and is_country(f"{last} {following.strip()}")


def names_organisation(chunk: str) -> bool:
    parts = chunk.replace("(", " ").replace(")", " ").split()
    if any(fold(part) in _ORGANISATION_STRONG_WORDS for part in parts):
        return True
    return any(_ACRONYM.fullmatch(part) and len(part) <= _MAX_ACRONYM for part in parts)


def _join_employer_lines(lines: Sequence[str]) -> str:
    """Join employer lines: "Employer" + "City, Country" get a comma, a wrap does not."""
    joined = lines[0]
    for line in lines[1:]:
        joined = f"{joined} {line}" if "," in joined else f"{joined}, {line}"
    return joined


def _merge_wrapped(lines: Sequence[str], *, separate: bool) -> list[str]:
    merged: list[str] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if merged and (
            continues(merged[-1], text) or (not separate and _holds_title_and_employer(merged[-1]))
        ):
            merged[-1] = f"{merged[-1]} {text}"
        else:
            merged.append(text)
    return merged


def _holds_title_and_employer(text: str) -> bool:
    """Whether one line holds both, as in "Second Secretary, Permanent Mission of ..."."""
    if len(_split_at_separator(text)) == 2 or _TITLE_AT.match(text):
        return True
    chunks = [chunk.strip() for chunk in text.split(",")]
    return any(names_organisation(chunk) for chunk in chunks[1:])


def _split_one_line(text: str) -> Heading:
    parts = _split_at_separator(text)
    title_at = _TITLE_AT.match(text)
    if len(parts) != 2 and title_at is not None:
        parts = [title_at.group("title"), title_at.group("rest")]
    if len(parts) == 2:
        employer, city, country = _split_employer_location(parts[1])
        return parts[0].strip(SEPARATOR_EDGES) or None, employer, city, country
    body, city, country = _strip_parenthesised_location(text)
    chunks = [chunk.strip() for chunk in body.split(",") if chunk.strip()]
    if city is None and len(chunks) >= 4:
        chunks = merge_region_code(chunks)
        city, country = chunks[-2], chunks[-1]
        chunks = chunks[:-2]
    if not chunks:
        return None, None, city, country
    # Without a chunk that names an organisation, the employer is the last one: a title
    # qualifies itself more often ("Desk Officer, Humanitarian Affairs, Mercy Corps") than
    # an employer splits in unmarked parts.
    split_at = next(
        (index for index, chunk in enumerate(chunks) if index and names_organisation(chunk)),
        len(chunks) - 1 if len(chunks) > 1 else 1,
    )
    title = ", ".join(chunks[:split_at]) or None
    employer = ", ".join(chunks[split_at:]) or None
    return title, employer, city, country


def _split_at_separator(text: str) -> list[str]:
    """The line cut at the first of its strongest separator; one part without any."""
    for separator in _HEADING_SEPARATORS:
        parts = [part for part in separator.split(text, maxsplit=1) if part.strip()]
        if len(parts) == 2:
            return parts
    return [text]


def _split_employer_location(text: str) -> tuple[str | None, str | None, str | None]:
    body, city, country = _strip_parenthesised_location(text.strip(SEPARATOR_EDGES))
    chunks = [chunk.strip() for chunk in re.split(r",|\s\|\s", body) if chunk.strip()]
    if city is None and len(chunks) >= 3:
        chunks = merge_region_code(chunks)
        if len(chunks) >= 3:
            return ", ".join(chunks[:-2]), chunks[-2], chunks[-1]
    if city is None and len(chunks) == 2 and not names_organisation(chunks[1]):
        return chunks[0], chunks[1], None
    return (", ".join(chunks) or None), city, country


def _strip_parenthesised_location(text: str) -> tuple[str, str | None, str | None]:
    """Remove a trailing "(City, Country)"; acronyms such as "(UNDP)" are kept."""
    found = _PAREN_LOCATION.search(text)
    if found is None:
        return text, None, None
    inside = found.group("inside").strip()
    if "," in inside:
        city, country = (part.strip() for part in inside.rsplit(",", 1))
        return text[: found.start()].strip(SEPARATOR_EDGES), city or None, country or None
    return text, None, None
