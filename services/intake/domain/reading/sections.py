"""The sections of a CV, found by their headings.

This module owns the heading vocabulary (English and French first, the common German,
Spanish, Portuguese and Italian headings too) and the split of a CV's lines into sections.
A heading may stand alone ("Work Experience"), open a line in capitals before its content
("PROFILE Results-oriented ...", as label-column layouts print it), or wrap over two lines
("PROFESSIONAL" + "EXPERIENCE"). Lines before the first heading form the untitled "top"
block, where the name and contact details usually are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from services.intake.domain.reading.text import Line, Located, fold, phrases

TOP = "top"

HEADINGS: dict[str, frozenset[str]] = {
    "experience": phrases(
        "experience",
        "experiences",
        "work experience",
        "working experience",
        "professional experience",
        "professional experiences",
        "relevant experience",
        "relevant professional experience",
        "selected experience",
        "international experience",
        "professional career",
        "professional appointments",
        "appointments",
        "positions held",
        "employment",
        "employment history",
        "employment record",
        "professional employment",
        "career",
        "career history",
        "career summary",
        "career record",
        "work history",
        "work record",
        "professional history",
        "professional background",
        "experience professionnelle",
        "experiences professionnelles",
        "parcours professionnel",
        "historique professionnel",
        "carriere",
        "carriere professionnelle",
        "emplois",
        "emplois occupes",
        "berufserfahrung",
        "beruflicher werdegang",
        "experiencia profesional",
        "experiencia laboral",
        "experiencia",
        "experiencia profissional",
        "esperienza professionale",
        "esperienze professionali",
        "esperienza lavorativa",
    ),
    "education": phrases(
        "education",
        "education and training",
        "education training",
        "education and qualifications",
        "educational background",
        "higher education",
        "university education",
        "academic training",
        "academic background",
        "academic qualifications",
        "academic record",
        "academic degrees",
        "training",
        "qualifications",
        "degrees",
        "studies",
        "certifications",
        "etudes et diplomes",
        "diplomes et formations",
        "formation",
        "formations",
        "formation academique",
        "formation universitaire",
        "education et formation",
        "diplomes",
        "etudes",
        "cursus",
        "ausbildung",
        "studium",
        "bildungsweg",
        "formacion",
        "formacion academica",
        "educacion",
        "formacao",
        "formacao academica",
        "istruzione",
        "formazione",
        "istruzione e formazione",
    ),
    "languages": phrases(
        "languages",
        "language",
        "language skills",
        "languages skills",
        "language proficiency",
        "language competences",
        "linguistic skills",
        "languages spoken",
        "langues",
        "langues parlees",
        "langues etrangeres",
        "competences linguistiques",
        "connaissances linguistiques",
        "sprachen",
        "sprachkenntnisse",
        "idiomas",
        "linguas",
        "lingue",
        "conoscenze linguistiche",
    ),
    "summary": phrases(
        "profile",
        "professional profile",
        "personal profile",
        "profile summary",
        "summary",
        "professional summary",
        "executive summary",
        "summary of qualifications",
        "about me",
        "objective",
        "career objective",
        "profil",
        "profil professionnel",
        "resume",
        "perfil",
        "profilo",
    ),
    "skills": phrases(
        "skills",
        "key skills",
        "other skills",
        "computer skills",
        "it skills",
        "technical skills",
        "core competencies",
        "core competences",
        "competencies",
        "key competencies",
        "areas of expertise",
        "expertise",
        "competences",
        "competences cles",
        "informatique",
        "kenntnisse",
        "habilidades",
        "competencias",
        "competenze",
    ),
    "contact": phrases(
        "contact",
        "contact details",
        "contact information",
        "personal information",
        "personal details",
        "personal data",
        "informations personnelles",
        "coordonnees",
        "etat civil",
        "persoenliche daten",
        "datos personales",
        "dados pessoais",
        "informazioni personali",
    ),
    "other": phrases(
        "references",
        "referees",
        "publications",
        "selected publications",
        "interests",
        "hobbies",
        "awards",
        "honours",
        "honors",
        "memberships",
        "professional memberships",
        "volunteering",
        "volunteer experience",
        "additional information",
        "achievements",
        "centres d interet",
        "loisirs",
    ),
}
# Labels of table columns in grid CVs ("Period | Position | Employer"); never content.
COLUMN_LABELS = phrases(
    "period",
    "dates",
    "date",
    "year",
    "years",
    "position",
    "title",
    "job title",
    "employer",
    "employer location",
    "location",
    "organisation",
    "organization",
    "main responsibilities",
    "responsibilities",
    "duties",
    "degree",
    "field",
    "institution",
    "level",
    "diploma",
    "language",
    "mother tongue s",
    "other language s",
)
_HEADING_KIND = {heading: kind for kind, headings in HEADINGS.items() for heading in headings}
_MAX_HEADING_WORDS = max(len(heading.split()) for heading in _HEADING_KIND)


def is_heading(text: str) -> bool:
    return fold(text) in _HEADING_KIND


@dataclass(frozen=True)
class Block:
    """The lines under one heading; `kind` is a section name, or `TOP` before any heading.

    `heading_at` is the heading as it stands in the text (its first characters when it
    wraps), for pointing at the section.
    """

    kind: str
    heading: str
    heading_at: Located
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class _Heading:
    kind: str
    heading: str
    heading_at: Located
    consumed: int
    remainder: Located


def split_sections(lines: Sequence[Line]) -> list[Block]:
    blocks: list[Block] = []
    kind, heading, heading_at, body = TOP, "", Located.empty(), []
    index = 0
    while index < len(lines):
        found = _heading_at(lines, index)
        if found is None:
            body.append(lines[index])
            index += 1
            continue
        blocks.append(Block(kind, heading, heading_at, tuple(body)))
        kind, heading, heading_at = found.kind, found.heading, found.heading_at
        body = [Line(found.remainder)] if found.remainder.text else []
        index += found.consumed
    blocks.append(Block(kind, heading, heading_at, tuple(body)))
    return blocks


def lines_of(blocks: Iterable[Block], kind: str) -> list[Line]:
    """The lines of every section of `kind`, a blank line after each."""
    lines: list[Line] = []
    for block in blocks:
        if block.kind == kind:
            lines.extend(block.lines)
            lines.append(Line.empty())
    return lines


def _heading_at(lines: Sequence[Line], index: int) -> _Heading | None:
    line = lines[index]
    if line.bullet or line.blank:
        return None
    wrapped = _wrapped_heading(lines, index)
    if wrapped is not None:
        return wrapped
    words = line.text.split()
    found = _heading_prefix(words, allow_partial=is_upper(words[0]))
    if found is None:
        return None
    kind, size = found
    end = _end_of_words(line.text, size)
    return _Heading(kind, line.text[:end], line.content.cut(0, end), 1, _rest(line.content, end))


def _wrapped_heading(lines: Sequence[Line], index: int) -> _Heading | None:
    line = lines[index]
    words = line.text.split()
    if len(words) > 2 or not all(is_upper(word) for word in words):
        return None
    following = index + 1
    while following < len(lines) and lines[following].blank:
        following += 1
    if following >= len(lines) or lines[following].bullet:
        return None
    next_line = lines[following]
    combined = words + next_line.text.split()
    found = _heading_prefix(combined, allow_partial=True, min_words=len(words) + 1)
    if found is None:
        return None
    kind, size = found
    end = _end_of_words(next_line.text, size - len(words))
    heading = f"{line.text} {next_line.text[:end]}"
    return _Heading(
        kind, heading, line.content, following - index + 1, _rest(next_line.content, end)
    )


def _heading_prefix(
    words: list[str], *, allow_partial: bool, min_words: int = 1
) -> tuple[str, int] | None:
    """(kind, number of words) of the longest heading that opens `words`."""
    longest = min(len(words), _MAX_HEADING_WORDS)
    for size in range(longest, min_words - 1, -1):
        prefix = words[:size]
        is_whole_line = size == len(words)
        if not is_whole_line and not (allow_partial and all(is_upper(word) for word in prefix)):
            continue
        kind = _HEADING_KIND.get(fold(" ".join(prefix)))
        if kind is not None:
            return kind, size
    return None


def _end_of_words(text: str, count: int) -> int:
    """Where the first `count` words of single-spaced `text` end."""
    return len(" ".join(text.split(" ")[:count]))


def _rest(content: Located, end: int) -> Located:
    rest = content.cut(end)
    return rest.cut(len(rest.text) - len(rest.text.lstrip()))


def is_upper(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)
