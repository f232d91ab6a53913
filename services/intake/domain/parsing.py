"""A first, rule-based reader that turns the plain text of a CV into a `Profile`.

This module owns the rules that find a CV's parts in its text: the contact details (e-mail
and phone by pattern, the name as the first line shaped like a name, the city and country
from a "City, Country" fragment near them), the sections by their headings in English and
French, the positions anchored on their date ranges (numeric, month-name and year-only dates,
English and French month names, "present", "since" and "depuis"), the degrees with their
normalised level, and the languages with their normalised level (CEFR codes and English or
French words). It reads text only (no files, no framework) and is deliberately simple and
general: nothing here knows a particular file, person, employer or vacancy. `PARSER_VERSION`
is recorded with every parsed profile so that profiles can be re-parsed when rules improve.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from services.intake.domain.profile import Contact, Degree, Language, Position, Profile

PARSER_VERSION = "0.1"


# --- vocabulary ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents or punctuation, single-spaced: the form headings and
    vocabulary are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", without_accents.lower()).split())


def _words(*groups: str) -> frozenset[str]:
    """A vocabulary of single words, folded like the text they are compared with."""
    return frozenset(_fold(" ".join(groups)).split())


def _phrases(*phrases: str) -> frozenset[str]:
    """A vocabulary of phrases, folded like the text they are compared with."""
    return frozenset(_fold(phrase) for phrase in phrases)


_ACCENTED = {
    "a": "aàâäáã",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïí",
    "n": "nñ",
    "o": "oôöóõ",
    "u": "uùûüú",
}


def _accent_insensitive(word: str) -> str:
    """A regex for a folded word that also matches its accented spellings."""
    return "".join(
        f"[{_ACCENTED[char]}]" if char in _ACCENTED else re.escape(char) for char in word
    )


_SECTION_HEADINGS: dict[str, frozenset[str]] = {
    "experience": _phrases(
        "experience",
        "experiences",
        "work experience",
        "professional experience",
        "professional experiences",
        "relevant experience",
        "relevant professional experience",
        "professional career",
        "employment",
        "employment history",
        "employment record",
        "professional employment",
        "career",
        "career history",
        "career summary",
        "work history",
        "professional history",
        "professional background",
        "experience professionnelle",
        "experiences professionnelles",
        "parcours professionnel",
        "historique professionnel",
        "emplois",
    ),
    "education": _phrases(
        "education",
        "education and training",
        "education training",
        "education and qualifications",
        "academic training",
        "etudes et diplomes",
        "diplomes et formations",
        "training",
        "academic background",
        "academic qualifications",
        "academic record",
        "qualifications",
        "degrees",
        "studies",
        "certifications",
        "formation",
        "formations",
        "formation academique",
        "formation universitaire",
        "education et formation",
        "diplomes",
        "etudes",
    ),
    "languages": _phrases(
        "languages",
        "language",
        "language skills",
        "language proficiency",
        "languages spoken",
        "langues",
        "langues parlees",
        "langues etrangeres",
        "languages skills",
        "competences linguistiques",
        "connaissances linguistiques",
    ),
    "other": _phrases(
        "profile",
        "professional profile",
        "personal profile",
        "summary",
        "professional summary",
        "about me",
        "objective",
        "skills",
        "key skills",
        "other skills",
        "computer skills",
        "it skills",
        "core competencies",
        "competencies",
        "key competencies",
        "contact",
        "contact details",
        "contact information",
        "personal information",
        "personal details",
        "personal data",
        "references",
        "referees",
        "publications",
        "interests",
        "hobbies",
        "awards",
        "honours",
        "memberships",
        "volunteering",
        "additional information",
        "achievements",
        "profil",
        "resume",
        "competences",
        "competences cles",
        "informatique",
        "informations personnelles",
        "centres d interet",
    ),
}
_HEADING_KIND = {
    heading: kind for kind, headings in _SECTION_HEADINGS.items() for heading in headings
}
_MAX_HEADING_WORDS = max(len(heading.split()) for heading in _HEADING_KIND)

# Labels of table columns in grid CVs ("Period | Position | Employer"); never content.
_COLUMN_LABELS = _phrases(
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
    "mother tongue s",
    "other language s",
)


def _numbered(names: str) -> dict[str, int]:
    return {name: number for number, name in enumerate(names.split(), 1)}


_MONTHS: dict[str, int] = {
    **_numbered("jan feb mar apr may jun jul aug sep oct nov dec"),
    **_numbered(
        "january february march april may june july august september october november december"
    ),
    "sept": 9,
    # French, written with and without accents.
    "janv": 1,
    "janvier": 1,
    "fevr": 2,
    "févr": 2,
    "fev": 2,
    "fév": 2,
    "fevrier": 2,
    "février": 2,
    "mars": 3,
    "avr": 4,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juil": 7,
    "juillet": 7,
    "aout": 8,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "dec": 12,
    "déc": 12,
    "decembre": 12,
    "décembre": 12,
}

_ONGOING_WORDS = (
    "present",
    "the present",
    "current",
    "currently",
    "now",
    "today",
    "to date",
    "date",
    "ongoing",
    "aujourd'hui",
    "aujourd\u2019hui",
    "à ce jour",
    "a ce jour",
    "ce jour",
    "à présent",
    "présent",
    "en cours",
    "actuellement",
    "actuel",
)

_ORGANISATION_WORDS = _words(
    "ministry ministère ministerio mission embassy ambassade consulate office bureau",
    "department département university université universidad universidade universität",
    "college school institute institut centre center council commission committee comité",
    "agency agence service services bank fund fonds trust foundation fondation coalition",
    "survey association organisation organization unit secretariat secrétariat government",
    "gouvernement federal fédéral company group groupe ltd inc gmbh corporation network",
    "alliance forum court tribunal parliament delegation délégation authority autorité",
    "programme project international nations red cross croix-rouge ngo ong",
    "city municipality municipal canton county",
)
_ORGANISATION_STRONG_WORDS = _ORGANISATION_WORDS - _words("programme project international")
_INSTITUTION_WORDS = _words(
    "university université universität universidad universidade università universiteit",
    "college school institute institut école ecole academy académie hochschule polytechnic",
    "faculty faculté graduate",
)
_ROLE_WORDS = _words(
    "officer manager adviser advisor director specialist consultant professional practitioner",
    "expert coordinator head chief analyst assistant researcher secretary representative",
    "ambassador counsellor attaché attache lecturer professor engineer fellow intern",
    "associate delegate diplomat curriculum vitae resume cv",
)
_LOWERCASE_JOINERS = _words(
    "of for and the to in on at by with de des du la le les et d l en à au aux",
    "y del da do dos von van der den",
    "including such as between among into through via per over under within across towards",
)

_FIELD_CANONICAL: dict[str, str] = {
    "political science": "political science",
    "political sciences": "political science",
    "politics": "political science",
    "science politique": "political science",
    "sciences politiques": "political science",
    "international relations": "international relations",
    "international affairs": "international relations",
    "international studies": "international relations",
    "relations internationales": "international relations",
    "international law": "international law",
    "public international law": "international law",
    "international humanitarian law": "international law",
    "droit international": "international law",
    "droit international public": "international law",
    "droit international humanitaire": "international law",
    "development studies": "development studies",
    "international development": "development studies",
    "developpement international": "development studies",
    "geography": "geography",
    "human geography": "geography",
    "geographie": "geography",
    "sociology": "sociology",
    "sociologie": "sociology",
    "social sciences": "social sciences",
    "sciences sociales": "social sciences",
    "economics": "economics",
    "economie": "economics",
    "sciences economiques": "economics",
    "law": "law",
    "laws": "law",
    "droit": "law",
    "history": "history",
    "histoire": "history",
    "business administration": "business administration",
    "administration des affaires": "business administration",
    "public administration": "public administration",
    "administration publique": "public administration",
    "public policy": "public policy",
    "politiques publiques": "public policy",
    "peace and conflict studies": "peace and conflict studies",
    "peace studies": "peace and conflict studies",
    "conflict studies": "peace and conflict studies",
    "war studies": "war studies",
}

_LANGUAGE_NAMES: dict[str, str] = {
    "english": "English",
    "anglais": "English",
    "french": "French",
    "francais": "French",
    "spanish": "Spanish",
    "espagnol": "Spanish",
    "espanol": "Spanish",
    "castilian": "Spanish",
    "arabic": "Arabic",
    "arabe": "Arabic",
    "chinese": "Chinese",
    "mandarin": "Chinese",
    "mandarin chinese": "Chinese",
    "chinois": "Chinese",
    "russian": "Russian",
    "russe": "Russian",
    "portuguese": "Portuguese",
    "portugais": "Portuguese",
    "german": "German",
    "allemand": "German",
    "deutsch": "German",
    "italian": "Italian",
    "italien": "Italian",
    "japanese": "Japanese",
    "japonais": "Japanese",
    "dutch": "Dutch",
    "neerlandais": "Dutch",
    "turkish": "Turkish",
    "turc": "Turkish",
    "persian": "Persian",
    "farsi": "Persian",
    "persan": "Persian",
    "korean": "Korean",
    "coreen": "Korean",
    "polish": "Polish",
    "polonais": "Polish",
    "ukrainian": "Ukrainian",
    "ukrainien": "Ukrainian",
    "greek": "Greek",
    "grec": "Greek",
    "hebrew": "Hebrew",
    "hebreu": "Hebrew",
    "norwegian": "Norwegian",
    "norvegien": "Norwegian",
    "swedish": "Swedish",
    "suedois": "Swedish",
    "danish": "Danish",
    "danois": "Danish",
    "finnish": "Finnish",
    "finnois": "Finnish",
    "romanian": "Romanian",
    "roumain": "Romanian",
    "hungarian": "Hungarian",
    "hongrois": "Hungarian",
    "czech": "Czech",
    "tcheque": "Czech",
    "serbian": "Serbian",
    "serbe": "Serbian",
    "croatian": "Croatian",
    "croate": "Croatian",
    "bosnian": "Bosnian",
    "bulgarian": "Bulgarian",
    "albanian": "Albanian",
    "armenian": "Armenian",
    "georgian": "Georgian",
    "hindi": "Hindi",
    "urdu": "Urdu",
    "bengali": "Bengali",
    "punjabi": "Punjabi",
    "tamil": "Tamil",
    "nepali": "Nepali",
    "sinhala": "Sinhala",
    "pashto": "Pashto",
    "dari": "Dari",
    "kurdish": "Kurdish",
    "thai": "Thai",
    "lao": "Lao",
    "khmer": "Khmer",
    "burmese": "Burmese",
    "vietnamese": "Vietnamese",
    "vietnamien": "Vietnamese",
    "indonesian": "Indonesian",
    "malay": "Malay",
    "tagalog": "Tagalog",
    "filipino": "Filipino",
    "mongolian": "Mongolian",
    "kazakh": "Kazakh",
    "uzbek": "Uzbek",
    "azerbaijani": "Azerbaijani",
    "swahili": "Swahili",
    "kiswahili": "Swahili",
    "amharic": "Amharic",
    "tigrinya": "Tigrinya",
    "somali": "Somali",
    "hausa": "Hausa",
    "yoruba": "Yoruba",
    "igbo": "Igbo",
    "zulu": "Zulu",
    "afrikaans": "Afrikaans",
    "wolof": "Wolof",
    "lingala": "Lingala",
    "kinyarwanda": "Kinyarwanda",
    "malagasy": "Malagasy",
    "catalan": "Catalan",
    "icelandic": "Icelandic",
    "slovak": "Slovak",
    "slovenian": "Slovenian",
    "macedonian": "Macedonian",
    "lithuanian": "Lithuanian",
    "latvian": "Latvian",
    "estonian": "Estonian",
}

# Checked longest first, so "good working knowledge" wins over "good".
_LEVEL_PHRASES: dict[str, str] = {
    "native": "native",
    "native speaker": "native",
    "native language": "native",
    "mother tongue": "native",
    "first language": "native",
    "langue maternelle": "native",
    "bilingual": "native",
    "bilingue": "native",
    "fluent": "fluent",
    "fluently": "fluent",
    "excellent": "fluent",
    "excellent niveau": "fluent",
    "very good": "fluent",
    "couramment": "fluent",
    "full professional proficiency": "fluent",
    "proficient": "fluent",
    "advanced": "fluent",
    "courant": "fluent",
    "avance": "fluent",
    "tres bon niveau": "fluent",
    "working knowledge": "working",
    "good working knowledge": "working",
    "working proficiency": "working",
    "limited working proficiency": "working",
    "professional working proficiency": "working",
    "intermediate": "working",
    "niveau intermediaire": "working",
    "intermediaire": "working",
    "conversational": "working",
    "good": "working",
    "good knowledge": "working",
    "bon niveau": "working",
    "bonne connaissance": "working",
    "bonnes connaissances": "working",
    "basic": "basic",
    "basic knowledge": "basic",
    "elementary": "basic",
    "beginner": "basic",
    "notions": "basic",
    "debutant": "basic",
    "elementaire": "basic",
    "scolaire": "basic",
}
_CEFR_LEVEL = {"A1": "basic", "A2": "basic", "B1": "working", "B2": "working"} | {
    "C1": "fluent",
    "C2": "fluent",
}


# --- text lines ---------------------------------------------------------------------------

_BULLET_MARKER = re.compile(
    r"^(?:[•▪■◦●○►▸➢➤✓✔∙·*]|[-\u2013\u2014](?=\s)|o(?=\s+[A-Z])|[nlqvü§Ø](?=\s[A-Z]))\s*"
)
_RULE_LINE = re.compile(r"^[\s\-_=~*·.]{3,}$")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u202f]+")


@dataclass(frozen=True)
class _Line:
    """One line of text; `bullet` when it opened with a list marker (removed from text)."""

    text: str
    bullet: bool = False

    @property
    def blank(self) -> bool:
        return not self.text


def _prepare_lines(text: str) -> list[_Line]:
    raw_lines = [_clean_line(raw) for raw in text.replace("\f", "\n").splitlines()]
    lines = [_as_line(raw) for raw in raw_lines]
    return _join_split_date_lines(lines)


def _clean_line(raw: str) -> str:
    line = raw.replace("\t", " | ")
    line = _SPACES.sub(" ", line).strip()
    return "" if _RULE_LINE.match(line) else line


def _as_line(text: str) -> _Line:
    marker = _BULLET_MARKER.match(text)
    if marker is None:
        return _Line(text)
    return _Line(text[marker.end() :].strip(), bullet=True)


# --- dates --------------------------------------------------------------------------------

_MONTH_NAME = "|".join(sorted((re.escape(name) for name in _MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_DATE = (
    rf"(?:(?:\d{{1,2}}\s+)?(?:{_MONTH_NAME})\.?,?(?:\s+|\s*[-/]\s*){_YEAR}"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.\-]\s*{_YEAR}"
    rf"|{_YEAR}\s*[/\-]\s*(?:0[1-9]|1[0-2])(?!\d)"
    rf"|{_YEAR})"
)
_ONGOING = "|".join(sorted((re.escape(word) for word in _ONGOING_WORDS), key=len, reverse=True))
_RANGE_SEPARATOR = (
    r"(?:\s*[-\u2013\u2014\u2012\u2212→]\s*|\s+(?:to|until|till|through|à|au|a|jusqu['\u2019]à)\s+)"
)
_DATE_RANGE = re.compile(
    rf"(?<![\w/.])(?P<start>{_DATE}){_RANGE_SEPARATOR}"
    rf"(?:(?P<ongoing>{_ONGOING})\b|(?P<end>{_DATE}))(?![\w/])",
    re.IGNORECASE,
)
# "from" only opens a line: inside a sentence it rarely starts an ongoing position.
_SINCE = re.compile(
    rf"(?:(?<!\w)(?:since|depuis)|^\s*(?:from|dès))\s+(?P<start>{_DATE})(?![\w/])",
    re.IGNORECASE,
)
_LEADING_YEAR = re.compile(rf"^(?P<start>{_YEAR})(?=\s*(?:$|[:|\u2013-]|\s[^\W\d]))")
_MONTH_YEAR = re.compile(
    rf"(?P<month>{_MONTH_NAME})\.?,?(?:\s+|\s*[-/]\s*)(?P<year>{_YEAR})", re.IGNORECASE
)
_NUMERIC_MONTH_YEAR = re.compile(rf"^(?P<month>\d{{1,2}})\s*[/.\-]\s*(?P<year>{_YEAR})$")
_YEAR_NUMERIC_MONTH = re.compile(rf"^(?P<year>{_YEAR})\s*[/\-]\s*(?P<month>\d{{2}})$")
_DANGLING_DATE = re.compile(
    r"(?:[-\u2013\u2014]|(?<!\w)(?:to|until|till|through|à|au|a|since|depuis|from|"
    rf"{_MONTH_NAME})\.?)\s*$",
    re.IGNORECASE,
)
_STARTS_WITH_DATE = re.compile(rf"^(?:{_DATE}|{_ONGOING})\b", re.IGNORECASE)


@dataclass(frozen=True)
class _DateRange:
    start: str
    end: str | None
    ongoing: bool
    as_written: str
    span: tuple[int, int]


def _month_of(text: str, *, is_end: bool) -> str | None:
    """The month of one written date as "YYYY-MM"; a bare year is January (December as an end)."""
    text = text.strip()
    named = _MONTH_YEAR.search(text)
    if named is not None:
        month = _MONTHS[named.group("month").lower()]
        return f"{named.group('year')}-{month:02d}"
    for pattern in (_NUMERIC_MONTH_YEAR, _YEAR_NUMERIC_MONTH):
        numeric = pattern.match(text)
        if numeric is not None:
            return f"{numeric.group('year')}-{int(numeric.group('month')):02d}"
    if re.fullmatch(_YEAR, text):
        return f"{text}-12" if is_end else f"{text}-01"
    return None


def _find_date_range(text: str) -> _DateRange | None:
    """The first date range of a line ("03/2012 - 11/2016", "since 2019", "2015-2019")."""
    found = _DATE_RANGE.search(text)
    if found is not None:
        start = _month_of(found.group("start"), is_end=False)
        ongoing = found.group("ongoing") is not None
        end = None if ongoing else _month_of(found.group("end"), is_end=True)
        if start is not None and (ongoing or end is not None):
            return _DateRange(start, end, ongoing, found.group(0).strip(), found.span())
    since = _SINCE.search(text)
    if since is not None:
        start = _month_of(since.group("start"), is_end=False)
        if start is not None:
            return _DateRange(start, None, True, since.group(0).strip(), since.span())
    return None


def _single_year_range(text: str) -> _DateRange | None:
    """A line that opens with one year ("2016 Consultant, UNDP") covers that whole year."""
    found = _LEADING_YEAR.match(text)
    if found is None:
        return None
    year = found.group("start")
    return _DateRange(f"{year}-01", f"{year}-12", False, year, found.span())


def _join_split_date_lines(lines: list[_Line]) -> list[_Line]:
    """Re-join a date range wrapped over two lines ("July 2011 to August" + "2016")."""
    joined: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and _wraps_a_date(line, following):
            joined.append(_Line(f"{line.text} {following.text}", line.bullet))
            index += 2
            continue
        joined.append(line)
        index += 1
    return joined


def _wraps_a_date(line: _Line, following: _Line) -> bool:
    return (
        not line.bullet
        and not following.bullet
        and re.search(_DATE, line.text, re.IGNORECASE) is not None
        and _DANGLING_DATE.search(line.text) is not None
        and _find_date_range(line.text) is None
        and _STARTS_WITH_DATE.match(following.text) is not None
    )


# --- sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    kind: str  # "top" (before any heading), "experience", "education", "languages", "other"
    heading: str
    lines: tuple[_Line, ...]


def _split_sections(lines: Sequence[_Line]) -> list[_Section]:
    sections: list[_Section] = []
    kind, heading, body = "top", "", []
    index = 0
    while index < len(lines):
        found = _heading_at(lines, index)
        if found is None:
            body.append(lines[index])
            index += 1
            continue
        sections.append(_Section(kind, heading, tuple(body)))
        kind, heading, consumed, remainder = found
        body = [_Line(remainder)] if remainder else []
        index += consumed
    sections.append(_Section(kind, heading, tuple(body)))
    return sections


def _heading_at(lines: Sequence[_Line], index: int) -> tuple[str, str, int, str] | None:
    """(kind, heading, lines consumed, text left on the line) if a heading starts here.

    Headings may stand alone ("Work Experience"), open a line in capitals followed by its
    content ("PROFILE Results-oriented ..."), or wrap over two lines ("PROFESSIONAL" +
    "EXPERIENCE") in label-column layouts.
    """
    line = lines[index]
    if line.bullet or line.blank:
        return None
    words = line.text.split()
    wrapped = _wrapped_heading(lines, index, words)
    if wrapped is not None:
        return wrapped
    found = _heading_prefix(words, allow_partial=_is_upper(words[0]))
    if found is None:
        return None
    kind, heading, remainder = found
    return kind, heading, 1, remainder


def _wrapped_heading(
    lines: Sequence[_Line], index: int, words: list[str]
) -> tuple[str, str, int, str] | None:
    if len(words) > 2 or not all(_is_upper(word) for word in words):
        return None
    following = index + 1
    while following < len(lines) and lines[following].blank:
        following += 1
    if following >= len(lines) or lines[following].bullet:
        return None
    combined = words + lines[following].text.split()
    found = _heading_prefix(combined, allow_partial=True, min_words=len(words) + 1)
    if found is None:
        return None
    kind, heading, remainder = found
    return kind, heading, following - index + 1, remainder


def _heading_prefix(
    words: list[str], *, allow_partial: bool, min_words: int = 1
) -> tuple[str, str, str] | None:
    longest = min(len(words), _MAX_HEADING_WORDS)
    for size in range(longest, min_words - 1, -1):
        prefix = words[:size]
        is_whole_line = size == len(words)
        if not is_whole_line and not (allow_partial and all(_is_upper(word) for word in prefix)):
            continue
        kind = _HEADING_KIND.get(_fold(" ".join(prefix)))
        if kind is not None:
            return kind, " ".join(prefix), " ".join(words[size:])
    return None


def _is_upper(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def _lines_of(sections: Iterable[_Section], kind: str) -> list[_Line]:
    lines: list[_Line] = []
    for section in sections:
        if section.kind == kind:
            lines.extend(section.lines)
            lines.append(_Line(""))
    return lines


# --- contact ------------------------------------------------------------------------------

# Bounded parts and a start-of-token look-behind keep the search linear on hostile text.
_EMAIL = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}"
    r"\.[A-Za-z]{2,24}(?![A-Za-z])"
)
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d[\d ().\-/]{6,}\d")
_LABELLED_PHONE = re.compile(
    r"(?:tel|tél|phone|telephone|téléphone|mobile|mob|cell|portable)\.?\s*[:.]?\s*"
    r"(?P<number>\(?\d[\d ().\-/]{6,}\d)",
    re.IGNORECASE,
)
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 8, 15
_CONTACT_SEPARATORS = re.compile(r"\s+[|·•/\u2013\u2014]\s+|\s*\|\s*")
_NAME_LABEL = re.compile(r"^(?:name|nom|full name|nom complet)\s*:\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\u2019.\-])*$")
_NAME_PARTICLES = _words("de da das do dos du van von der den del della di le la bin al el ibn")
_LOCATION_LABEL = re.compile(r"^(?:address|adresse|location|residence|lieu)\s*:?\s*", re.I)
# The name and address are near the top; deeper lines are the CV's content.
_CONTACT_WINDOW = 25


def _read_contact(sections: Sequence[_Section], text: str) -> Contact:
    head = _contact_lines(sections)
    email = _find_email(text)
    city, country = _find_home_location(head, email)
    return Contact(
        name=_find_name(head),
        email=email,
        phone=_find_phone(text, head),
        city=city,
        country=country,
    )


def _contact_lines(sections: Sequence[_Section]) -> list[str]:
    """The first non-blank lines of the CV, headings left out."""
    lines = [line.text for section in sections for line in section.lines if not line.blank]
    return lines[:_CONTACT_WINDOW]


def _find_email(text: str) -> str | None:
    found = _EMAIL.search(text)
    return found.group(0).rstrip(".") if found else None


def _find_phone(text: str, head: Sequence[str]) -> str | None:
    for pattern, group in ((_INTERNATIONAL_PHONE, 0), (_LABELLED_PHONE, "number")):
        for found in pattern.finditer(text):
            number = found.group(group).strip()
            if _MIN_PHONE_DIGITS <= _digit_count(number) <= _MAX_PHONE_DIGITS:
                return number
    for line in head:
        for part in _CONTACT_SEPARATORS.split(line):
            part = part.strip()
            if _is_bare_phone_number(part):
                return part
    return None


def _is_bare_phone_number(text: str) -> bool:
    return (
        re.fullmatch(r"\(?\d[\d ().\-/]{6,}\d", text) is not None
        and _find_date_range(text) is None
        and _MIN_PHONE_DIGITS <= _digit_count(text) <= _MAX_PHONE_DIGITS
    )


def _digit_count(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _find_name(head: Sequence[str]) -> str | None:
    for index, line in enumerate(head):
        candidate = _NAME_LABEL.sub("", line).strip()
        if _looks_like_name(candidate):
            return candidate
        # A large-type name may wrap: "Cornelius" / "Olawale".
        following = head[index + 1] if index + 1 < len(head) else ""
        if len(candidate.split()) == 1 and _looks_like_name(f"{candidate} {following}"):
            return f"{candidate} {following}"
    return None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or any(not _NAME_WORD.match(word) for word in words):
        return False
    if _fold(text) in _HEADING_KIND or _fold(text) in _COLUMN_LABELS:
        return False
    if any(_fold(word) in _ROLE_WORDS for word in words) or _find_date_range(text):
        return False
    if _fold(text) in _LANGUAGE_NAMES or any(_fold(word) in _LEVEL_PHRASES for word in words):
        return False
    capitalised = [word for word in words if _fold(word) not in _NAME_PARTICLES]
    return len(capitalised) >= 2 and all(word[0].isupper() for word in capitalised)


def _find_home_location(head: Sequence[str], email: str | None) -> tuple[str | None, str | None]:
    # Lines holding the e-mail come first: "Geneva, Switzerland | +41 ... | name@example.org".
    ordered = sorted(head, key=lambda line: 0 if email and email in line else 1)
    for line in ordered:
        for part in _CONTACT_SEPARATORS.split(_LOCATION_LABEL.sub("", line)):
            location = _city_country(part.strip())
            if location is not None:
                return location
    return None, None


def _city_country(text: str) -> tuple[str, str] | None:
    """("Geneva", "Switzerland") from "Geneva, Switzerland"; None if not shaped like that."""
    if "@" in text or _find_date_range(text) is not None:
        return None
    chunks = [chunk.strip() for chunk in text.split(",")]
    if not 2 <= len(chunks) <= 4 or any(not chunk for chunk in chunks):
        return None
    if any(len(chunk.split()) > 4 for chunk in chunks):
        return None
    country = chunks[-1]
    if re.search(r"\d", country) or not country[0].isupper():
        return None
    city = _merge_region_code(chunks)[-2]
    city = re.sub(r"^\d[\d\s-]*\s+|\s+\d[\d\s-]*$", "", city)
    if not city or not city[0].isupper() or _fold(country) in _LEVEL_PHRASES:
        return None
    return city, country


def _merge_region_code(chunks: list[str]) -> list[str]:
    """Keep a state code with its city: [..., "Washington", "DC", "United States"] ->
    [..., "Washington, DC", "United States"]."""
    if len(chunks) >= 3 and re.fullmatch(r"[A-Z]{2,3}", chunks[-2]):
        return [*chunks[:-3], f"{chunks[-3]}, {chunks[-2]}", chunks[-1]]
    return chunks


# --- positions ----------------------------------------------------------------------------

_MAX_HEADING_LINES = 4
_MAX_TITLE_WORDS = 24
_MAX_WRAPPED_FRAGMENT_WORDS = 3
_SEPARATOR_EDGES = " \t|:;,\u2013\u2014-•·"
_PAREN_LOCATION = re.compile(r"\((?P<inside>[^()]*)\)\s*$")
_HEADING_SPLIT = re.compile(r"\s+[\u2014\u2013|]\s+|\s+-\s+")
# "Programme Officer at UNICEF, Juba, South Sudan"; never after a comma, where "at" is
# more likely part of a name ("Permanent Mission ... Office at Geneva").
_TITLE_AT = re.compile(r"^(?P<title>[^,]+?)\s+(?:at|@)\s+(?P<rest>.+)$")


@dataclass(frozen=True)
class _Anchor:
    index: int
    dates: _DateRange
    remainder: str


def _read_positions(lines: Sequence[_Line]) -> list[Position]:
    anchors = _find_anchors(lines)
    if not anchors:
        return []
    # One CV uses one layout; its first position tells which.
    if _headings_precede_dates(lines, anchors[0]):
        read = _position_under_heading
    else:
        read = _position_over_details
    return [read(lines, anchors, number) for number in range(len(anchors))]


def _position_under_heading(
    lines: Sequence[_Line], anchors: Sequence[_Anchor], number: int
) -> Position:
    """Layout "Title / Employer, City, Country / dates / bullets"."""
    anchor = anchors[number]
    previous_end = anchors[number - 1].index + 1 if number > 0 else 0
    heading = _heading_lines_before(lines, anchor.index, floor=previous_end)
    if anchor.remainder:
        heading.append(anchor.remainder)
    body_end = len(lines)
    if number + 1 < len(anchors):
        following = anchors[number + 1].index
        next_heading = _heading_lines_before(lines, following, floor=anchor.index + 1)
        body_end = following - _span_of(lines, following, next_heading)
    return _position(anchor.dates, heading, _bullets(lines[anchor.index + 1 : body_end]))


def _position_over_details(
    lines: Sequence[_Line], anchors: Sequence[_Anchor], number: int
) -> Position:
    """Layout "dates [Title, Employer] / [Title / Employer] / bullets"."""
    anchor = anchors[number]
    end = anchors[number + 1].index if number + 1 < len(anchors) else len(lines)
    heading, body_start = _heading_lines_after(lines, anchor, end)
    return _position(anchor.dates, heading, _bullets(lines[body_start:end]))


def _find_anchors(lines: Sequence[_Line]) -> list[_Anchor]:
    anchors = []
    for index, line in enumerate(lines):
        if line.bullet or line.blank:
            continue
        dates = _find_date_range(line.text) or _single_year_range(line.text)
        if dates is not None:
            anchors.append(_Anchor(index, dates, _remainder(line.text, dates)))
    return anchors


def _remainder(text: str, dates: _DateRange) -> str:
    start, end = dates.span
    rest = f"{text[:start]} {text[end:]}"
    rest = re.sub(r"\(\s*\)", " ", rest)
    # A trailing comma stays: it tells that the heading wraps onto the next line.
    return " ".join(rest.split()).lstrip(_SEPARATOR_EDGES).rstrip(" |:;\u2013\u2014-")


def _headings_precede_dates(lines: Sequence[_Line], first: _Anchor) -> bool:
    """True when the title and employer are printed above each date line, not below it."""
    if _has_words(first.remainder):
        return False
    before = [
        line
        for line in lines[: first.index]
        if not line.blank and _fold(line.text) not in _COLUMN_LABELS
    ]
    return bool(before) and not before[-1].bullet


def _has_words(text: str) -> bool:
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 1


def _heading_lines_before(lines: Sequence[_Line], index: int, floor: int) -> list[str]:
    """The title/employer lines directly above a date line, top to bottom."""
    collected: list[str] = []
    cursor = index - 1
    while cursor >= floor and lines[cursor].blank and not collected:
        cursor -= 1
    while cursor >= floor and len(collected) < _MAX_HEADING_LINES:
        line = lines[cursor]
        if line.blank or line.bullet or _looks_like_sentence(line.text):
            break
        if _fold(line.text) in _COLUMN_LABELS:
            break
        collected.insert(0, line.text)
        cursor -= 1
    return collected


def _span_of(lines: Sequence[_Line], index: int, heading: Sequence[str]) -> int:
    """How many lines above `index` the heading and the blank lines after it occupy."""
    if not heading:
        return 0
    cursor = index - 1
    while cursor >= 0 and lines[cursor].blank:
        cursor -= 1
    return index - cursor - 1 + len(heading)


def _heading_lines_after(
    lines: Sequence[_Line], anchor: _Anchor, end: int
) -> tuple[list[str], int]:
    """The anchor's own text plus the title/employer lines below it; and where bullets start."""
    heading = [anchor.remainder] if _has_words(anchor.remainder) else []
    budget = 1 if heading else 2
    cursor = anchor.index + 1
    after_blank = False
    while cursor < end:
        line = lines[cursor]
        if line.blank:
            after_blank = True
            cursor += 1
            continue
        if line.bullet or _looks_like_sentence(line.text):
            break
        # A wrapped heading continues on the very next line; a blank line ends it.
        continues = bool(heading) and not after_blank and _continues(heading[-1], line.text)
        after_blank = False
        if not continues and budget == 0:
            break
        if not continues and line.text[:1].islower():
            # The wrapped end of an earlier bullet that the PDF placed out of order.
            cursor += 1
            continue
        if continues:
            heading[-1] = f"{heading[-1]} {line.text}"
        else:
            heading.append(line.text)
            budget -= 1
        cursor += 1
    return heading, cursor


def _looks_like_sentence(text: str) -> bool:
    """Description lines, not headings: long, ending in a full stop, or opening on a verb."""
    return len(text.split()) > _MAX_TITLE_WORDS or text.endswith(".") or _opens_sentence(text)


def _continues(previous: str, following: str) -> bool:
    """Whether `following` is the wrapped rest of `previous` rather than a new line."""
    last_word = _fold(previous.split()[-1]) if previous.split() else ""
    return (
        previous.endswith((",", "-", "\u2013", "(", "&"))
        or last_word in _LOWERCASE_JOINERS
        or following[:1].islower()
        or following.startswith("(")
        or previous.count("(") > previous.count(")")
    )


def _bullets(lines: Sequence[_Line]) -> list[str]:
    """Description lines, each wrapped line joined back to the bullet it continues."""
    bullets: list[str] = []
    last_marked = False  # the last bullet opened with a marker
    blank_since = False  # a blank line came after it
    for line in lines:
        if line.blank or _fold(line.text) in _COLUMN_LABELS:
            blank_since = True
            continue
        wraps = (
            bool(bullets)
            and not line.bullet
            and _continues_bullet(bullets[-1], line.text, last_marked, blank_since)
        )
        blank_since = False
        if wraps:
            bullets[-1] = f"{bullets[-1]} {line.text}"
        else:
            bullets.append(line.text)
            last_marked = line.bullet
    return bullets


def _continues_bullet(previous: str, text: str, last_marked: bool, blank_since: bool) -> bool:
    """Whether unmarked text continues the bullet above it.

    Under a marked bullet, unmarked text is its wrapped end unless it opens a sentence; PDF
    extraction may put a blank line inside a wrap, so a short fragment still continues.
    """
    if _continues(previous, text):
        return True
    if not last_marked or previous.endswith(".") or _opens_sentence(text):
        return False
    return not blank_since or len(text.split()) <= _MAX_WRAPPED_FRAGMENT_WORDS


def _opens_sentence(text: str) -> bool:
    """Whether a line opens on a past-tense verb then a lower-case word ("Managed the ...")."""
    words = text.split()
    return len(words) >= 3 and words[1][:1].islower() and _fold(words[0]).endswith("ed")


def _position(dates: _DateRange, heading: Sequence[str], bullets: Sequence[str]) -> Position:
    title, employer, city, country = _split_heading(heading)
    return Position(
        title=title,
        employer=employer,
        city=city,
        country=country,
        start=dates.start,
        end=dates.end,
        ongoing=dates.ongoing,
        dates_as_written=dates.as_written,
        bullets=tuple(bullets),
    )


_Heading = tuple[str | None, str | None, str | None, str | None]


def _split_heading(lines: Sequence[str]) -> _Heading:
    """(title, employer, city, country) from the heading lines of one position."""
    merged = _merge_wrapped(lines)
    if not merged:
        return None, None, None, None
    if len(merged) == 1:
        return _split_one_line_heading(merged[0])
    title = merged[0].strip(_SEPARATOR_EDGES) or None
    employer, city, country = _split_employer_location(_join_employer_lines(merged[1:]))
    return title, employer, city, country


def _join_employer_lines(lines: Sequence[str]) -> str:
    """Join employer lines: "Employer" + "City, Country" get a comma, a wrap does not."""
    joined = lines[0]
    for line in lines[1:]:
        joined = f"{joined} {line}" if "," in joined else f"{joined}, {line}"
    return joined


def _merge_wrapped(lines: Sequence[str]) -> list[str]:
    merged: list[str] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if merged and (_continues(merged[-1], text) or _holds_title_and_employer(merged[-1])):
            merged[-1] = f"{merged[-1]} {text}"
        else:
            merged.append(text)
    return merged


def _holds_title_and_employer(text: str) -> bool:
    """Whether one line holds both, as in "Second Secretary, Permanent Mission of ..."."""
    if _HEADING_SPLIT.search(text) or _TITLE_AT.match(text):
        return True
    chunks = [chunk.strip() for chunk in text.split(",")]
    return any(_names_organisation(chunk) for chunk in chunks[1:])


def _split_one_line_heading(text: str) -> _Heading:
    parts = [part for part in _HEADING_SPLIT.split(text, maxsplit=1) if part.strip()]
    title_at = _TITLE_AT.match(text)
    if len(parts) != 2 and title_at is not None:
        parts = [title_at.group("title"), title_at.group("rest")]
    if len(parts) == 2:
        employer, city, country = _split_employer_location(parts[1])
        return parts[0].strip(_SEPARATOR_EDGES) or None, employer, city, country
    body, city, country = _strip_parenthesised_location(text)
    chunks = [chunk.strip() for chunk in body.split(",") if chunk.strip()]
    if city is None and len(chunks) >= 4:
        chunks = _merge_region_code(chunks)
        city, country = chunks[-2], chunks[-1]
        chunks = chunks[:-2]
    if not chunks:
        return None, None, city, country
    split_at = next(
        (index for index, chunk in enumerate(chunks) if index and _names_organisation(chunk)),
        1,
    )
    title = ", ".join(chunks[:split_at]) or None
    employer = ", ".join(chunks[split_at:]) or None
    return title, employer, city, country


def _split_employer_location(text: str) -> tuple[str | None, str | None, str | None]:
    body, city, country = _strip_parenthesised_location(text.strip(_SEPARATOR_EDGES))
    chunks = [chunk.strip() for chunk in body.split(",") if chunk.strip()]
    if city is None and len(chunks) >= 3:
        chunks = _merge_region_code(chunks)
        if len(chunks) >= 3:
            return ", ".join(chunks[:-2]), chunks[-2], chunks[-1]
    if city is None and len(chunks) == 2 and not _names_organisation(chunks[1]):
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
        return text[: found.start()].strip(_SEPARATOR_EDGES), city or None, country or None
    return text, None, None


def _names_organisation(chunk: str) -> bool:
    words = chunk.replace("(", " ").replace(")", " ").split()
    if any(_fold(word) in _ORGANISATION_STRONG_WORDS for word in words):
        return True
    return any(re.fullmatch(r"[A-Z]{2,}[A-Za-z]*", word) and len(word) <= 8 for word in words)


# --- education ----------------------------------------------------------------------------

_DEGREE_NAME_TAIL = (
    r"(?:Arts|Science|Sciences|Laws|Law|Philosophy|Business\s+Administration|"
    r"Public\s+Administration|Public\s+Policy|Public\s+Health|International\s+Affairs|"
    r"International\s+Relations|International\s+Studies|Development\s+Studies|"
    r"Advanced\s+Studies|Letters|Fine\s+Arts|Engineering|Education|Social\s+Work|"
    r"Management|Commerce|Economics|Technology)"
)
_POSSESSIVE = r"(?:'s|\u2019s)?"
# (level, degree names written in words, matched in any case; abbreviations, case-sensitive
# so that "ma" or "ba" inside ordinary words never count). Earlier entries win at a place.
_DEGREE_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("doctorate", rf"Doctor\s+of\s+{_DEGREE_NAME_TAIL}", ""),
    ("master", rf"(?:Executive\s+)?Master{_POSSESSIVE}\s+of\s+{_DEGREE_NAME_TAIL}", ""),
    ("bachelor", rf"Bachelor{_POSSESSIVE}\s+of\s+{_DEGREE_NAME_TAIL}", ""),
    ("doctorate", r"Doctorate|Doctorat|Doctoral\s+degree|Docteur", r"Ph\.?\s?D\.?|D\.?Phil\.?"),
    ("master", r"Master\s*(?:2|II|1|I)|Mast[eè]re(?:\s+spécialisé)?", r"M2"),
    (
        "master",
        rf"(?:Executive\s+)?Master{_POSSESSIVE}(?:\s+degree)?|Masters|Maîtrise|Maitrise|"
        r"Magister|Diplôme\s+d[\u2019']études\s+(?:approfondies|supérieures\s+spécialisées)",
        r"LL\.?\s?M\.?|M\.A\.|MA|M\.Sc\.?|MSc|MPhil|M\.Phil\.?|MPA|MPP|MBA|MIA|MAS|MALD|DEA|DESS",
    ),
    (
        "bachelor",
        rf"Bachelor{_POSSESSIVE}(?:\s+degree)?|Licence|Licenciatura|Bachelier",
        r"LL\.?\s?B\.?|B\.A\.|BA|B\.Sc\.?|BSc|BEng|BBA|B\.Com",
    ),
    ("secondary", r"Baccalauréat|High\s+School(?:\s+Diploma)?|Secondary\s+School", r"A[- ]levels"),
    (
        "other",
        r"(?:Executive\s+|Postgraduate\s+|Graduate\s+|Advanced\s+)?"
        r"(?:Certificate|Certificat|Diploma|Diplôme)",
        "",
    ),
)


def _degree_alternatives(words: str, abbreviations: str) -> str:
    alternatives = [f"(?i:{words})"] if words else []
    return "|".join([*alternatives, abbreviations] if abbreviations else alternatives)


_DEGREE = re.compile(
    "|".join(
        rf"(?P<{level}{number}>(?<![\w.])(?:{_degree_alternatives(words, short)})(?![\w]))"
        for number, (level, words, short) in enumerate(_DEGREE_PATTERNS)
    )
)
# "(Hons)", or the abbreviation repeating a degree written in words: "Master of Arts (MA)".
_DEGREE_SUFFIX = re.compile(r"^\s*\((?:Hons?\.?|Honours|Honors|[A-Z][A-Za-z.]{1,7})\)")
# "Master of Arts" names no field; "Master of Public Policy" does.
_GENERIC_DEGREE_TAILS = _phrases("arts", "science", "sciences", "philosophy", "letters")
_NAMED_FIELD = re.compile(r"\bof\s+(?P<field>.+)$", re.IGNORECASE)
_YEAR_WORD = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_LEADING_YEARS = re.compile(
    rf"(?:^|\n)(?P<years>{_YEAR}(?:\s*[-\u2013]\s*{_YEAR})?)[\s|:,\u2013-]*$"
)
_FIELD_PREFIX = re.compile(r"^(?:in|en|of|de|d[\u2019'])\s+", re.IGNORECASE)
_EDUCATION_PART_SPLIT = re.compile(r"\s*(?:,|\n|\s[\u2014\u2013|]\s|\s-\s|\(|\))\s*")


def _read_education(lines: Sequence[_Line]) -> list[Degree]:
    text = _education_text(lines)
    matches = _degree_mentions(text)
    degrees = []
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        degrees.append(_degree(text, match, end))
    return degrees


def _degree_mentions(text: str) -> list[re.Match[str]]:
    """Degree names in order, without the abbreviation repeating one ("Master of Arts (MA)")."""
    mentions: list[re.Match[str]] = []
    for match in _DEGREE.finditer(text):
        if mentions and re.fullmatch(r"\s*\(", text[mentions[-1].end() : match.start()]):
            continue
        mentions.append(match)
    return mentions


def _education_text(lines: Sequence[_Line]) -> str:
    """The section as one text; line breaks are kept, blank lines still separate blocks."""
    return "\n".join(line.text for line in lines).strip()


def _degree(text: str, match: re.Match[str], end: int) -> Degree:
    level = next(name for name, value in match.groupdict().items() if value)
    level = level.rstrip("0123456789")
    degree_end = match.end()
    suffix = _DEGREE_SUFFIX.match(text[degree_end:end])
    if suffix:
        degree_end += suffix.end()
    as_written = " ".join(text[match.start() : degree_end].split())
    own_text = text[degree_end:end]
    year = _completion_year(_leading_years(text[: match.start()]), own_text)
    field, institution = _field_and_institution(own_text, _field_in_degree_name(as_written))
    return Degree(
        level=level,
        degree_as_written=as_written,
        field=_canonical_field(field),
        field_as_written=field,
        institution=institution,
        year_completed=year,
    )


def _leading_years(before: str) -> str | None:
    """Years printed just before a degree at the start of its line ("2002 PhD, ...")."""
    found = _LEADING_YEARS.search(before)
    if found is None or _ends_entry_with_comma(before[: found.start()]):
        return None
    return found.group("years")


def _ends_entry_with_comma(text: str) -> bool:
    # "..., Leiden University,\n2004": the year closes the previous degree instead.
    return text.rstrip().endswith(",")


def _completion_year(leading: str | None, own_text: str) -> int | None:
    if leading is not None:
        return max(int(year) for year in _YEAR_WORD.findall(leading))
    trailing = _YEAR_WORD.findall(_without_next_leading_year(own_text))
    return int(trailing[-1]) if trailing else None


def _without_next_leading_year(text: str) -> str:
    """Drop a year that opens the last line: it belongs to the next degree ("2000 BA")."""
    found = _LEADING_YEARS.search(text)
    if found is None or found.start() == 0 or _ends_entry_with_comma(text[: found.start()]):
        return text
    return text[: found.start()]


def _field_in_degree_name(degree: str) -> str | None:
    found = _NAMED_FIELD.search(degree)
    if found is None or _fold(found.group("field")) in _GENERIC_DEGREE_TAILS:
        return None
    return found.group("field")


def _field_and_institution(text: str, field_in_name: str | None) -> tuple[str | None, str | None]:
    """(field, institution) from the words after a degree.

    "in Political Science, University of Ghana" and "Political Science — University of
    Ghana" give both; after "Master of Public Policy" the first part is the institution.
    """
    cleaned = _YEAR_WORD.sub(" ", _without_next_leading_year(text))
    cleaned = cleaned.strip(_SEPARATOR_EDGES + "\n")
    field_follows = _FIELD_PREFIX.match(cleaned) is not None or field_in_name is None
    cleaned = _FIELD_PREFIX.sub("", cleaned)
    parts = [
        " ".join(part.split()).strip(_SEPARATOR_EDGES)
        for part in _EDUCATION_PART_SPLIT.split(_unwrap(cleaned))
    ]
    parts = [part for part in parts if _has_words(part)]
    if not parts:
        return field_in_name, None
    at = next(
        (index for index, part in enumerate(parts) if _names_institution(part)),
        None,
    )
    if not field_follows:
        return _after_a_named_field(parts, field_in_name or "")
    if at is None:
        return parts[0], (parts[1] if len(parts) > 1 else None)
    if at == 0:
        return (parts[1] if len(parts) > 1 else None), parts[0]
    return parts[0], parts[at]


def _after_a_named_field(parts: list[str], field: str) -> tuple[str | None, str | None]:
    """After "Master of Public Policy": the field may be repeated, then the institution."""
    repeated = [part for part in parts if _fold(part) == _fold(field)]
    others = [part for part in parts if _fold(part) != _fold(field)]
    institution = next((part for part in others if _names_institution(part)), None)
    return (repeated[0] if repeated else field), institution or (others[0] if others else None)


def _unwrap(text: str) -> str:
    """Join lines that wrap a phrase ("Administration in Business\\nAdministration")."""
    lines = [line.strip() for line in text.split("\n")]
    joined: list[str] = []
    for line in lines:
        if not line:
            joined.append("")
        elif joined and joined[-1] and _continues_phrase(joined[-1], line):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return "\n".join(part for part in joined if part)


def _continues_phrase(previous: str, following: str) -> bool:
    return _continues(previous, following) or not re.search(r"[,.;:)\]]$", previous)


def _names_institution(text: str) -> bool:
    return any(_fold(word) in _INSTITUTION_WORDS for word in text.split())


def _canonical_field(field: str | None) -> str | None:
    if field is None:
        return None
    return _FIELD_CANONICAL.get(_fold(field), field.lower())


# --- languages ----------------------------------------------------------------------------

_LANGUAGE_NAME = re.compile(
    r"(?<![\w])(?:"
    + "|".join(
        sorted((_accent_insensitive(name) for name in _LANGUAGE_NAMES), key=len, reverse=True)
    )
    + r")(?![\w])",
    re.IGNORECASE,
)
_CEFR = re.compile(r"(?<![\w])[ABC][12](?![\w])")
_LEVEL_PATTERNS = tuple(
    (
        re.compile(
            r"(?<![\w])"
            + r"[\s\-]+".join(_accent_insensitive(word) for word in phrase.split())
            + r"(?![\w])",
            re.IGNORECASE,
        ),
        level,
    )
    for phrase, level in _LEVEL_PHRASES.items()
)
# A level is written next to its language; further lines belong to something else.
_LEVEL_LOOKAHEAD_LINES = 3


def _read_languages(lines: Sequence[_Line]) -> list[Language]:
    text = "\n".join(line.text for line in lines)
    found = list(_LANGUAGE_NAME.finditer(text))
    languages: list[Language] = []
    seen: set[str] = set()
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        name = _LANGUAGE_NAMES[_fold(match.group(0))]
        if name in seen:
            continue
        level, level_as_written = _language_level(text, match, end)
        seen.add(name)
        languages.append(Language(name, match.group(0), level, level_as_written))
    return languages


def _language_level(text: str, match: re.Match[str], end: int) -> tuple[str | None, str | None]:
    """The level written after a language ("English: fluent"), or before it when the
    language closes its item ("Fluent in French; basic Portuguese")."""
    after = _first_lines(text[match.end() : end])
    before = _level_in(_same_line_before(text, match.start()))
    if before[0] is not None and re.match(r"\s*(?:[;,/]|$)", after):
        return before
    found = _level_in(after)
    return found if found[0] is not None else before


def _first_lines(text: str) -> str:
    lines = [line for line in text.split("\n") if line.strip()]
    return "\n".join(lines[:_LEVEL_LOOKAHEAD_LINES])


def _same_line_before(text: str, index: int) -> str:
    line_start = text.rfind("\n", 0, index) + 1
    before = text[line_start:index]
    # Only words between this language and a previous one on the same line ("Fluent in").
    previous = list(_LANGUAGE_NAME.finditer(before))
    return before[previous[-1].end() :] if previous else before


def _level_in(text: str) -> tuple[str | None, str | None]:
    """(normalised level, level as written) found in the words after a language name."""
    cefr = _CEFR.search(text)
    phrase = _longest_level_phrase(text)
    if cefr is not None and (phrase is None or cefr.start() <= phrase[1]):
        return _CEFR_LEVEL[cefr.group(0)], cefr.group(0)
    if phrase is not None:
        level, start, end = phrase
        return level, " ".join(text[start:end].split())
    return None, None


def _longest_level_phrase(text: str) -> tuple[str, int, int] | None:
    """The earliest level phrase in `text` (the longest one at that place)."""
    best: tuple[str, int, int] | None = None
    for pattern, level in _LEVEL_PATTERNS:
        found = pattern.search(text)
        if found is None:
            continue
        candidate = (level, found.start(), found.end())
        if best is None or (found.start(), -found.end()) < (best[1], -best[2]):
            best = candidate
    return best


# --- profile ------------------------------------------------------------------------------


def parse_profile(text: str) -> Profile:
    """Read contact, education, positions and languages from a CV's plain text."""
    lines = _prepare_lines(text)
    sections = _split_sections(lines)
    experience = _experience_lines(sections)
    education = _lines_of(sections, "education")
    languages = _lines_of(sections, "languages")
    return Profile(
        contact=_read_contact(sections, text),
        education=tuple(_read_education(education)),
        positions=tuple(_read_positions(experience)),
        languages=tuple(_read_languages(languages) if languages else _inline_languages(lines)),
    )


def _experience_lines(sections: Sequence[_Section]) -> list[_Line]:
    """The experience sections, plus miscellaneous sections that hold date ranges.

    Two-column PDFs interleave the columns, so positions can continue after a sidebar
    heading such as "Key Skills". Without any experience heading, the untitled start of
    the CV is read for positions too.
    """
    has_heading = any(section.kind == "experience" for section in sections)
    lines: list[_Line] = []
    seen_experience = not has_heading
    for section in sections:
        seen_experience = seen_experience or section.kind == "experience"
        if section.kind == "experience" or (section.kind == "top" and not has_heading):
            lines.extend(section.lines)
        elif section.kind == "other" and seen_experience and _has_date_ranges(section):
            lines.extend(_from_first_position(section.lines))
        else:
            continue
        lines.append(_Line(""))
    return lines


def _from_first_position(lines: Sequence[_Line]) -> Sequence[_Line]:
    """Drop what precedes the block holding the first date line (sidebar text, skills)."""
    first = next(
        index
        for index, line in enumerate(lines)
        if not line.bullet and _find_date_range(line.text) is not None
    )
    start = first
    while start > 0 and not lines[start - 1].blank:
        start -= 1
    return lines[start:]


def _has_date_ranges(section: _Section) -> bool:
    return any(
        not line.bullet and _find_date_range(line.text) is not None for line in section.lines
    )


def _inline_languages(lines: Sequence[_Line]) -> list[Language]:
    """Without a languages heading, accept lines such as "English: fluent"."""
    candidates = [
        line
        for line in lines
        if (found := _LANGUAGE_NAME.match(line.text)) is not None
        and _level_in(line.text[found.end() :])[0] is not None
        and len(line.text.split()) <= 8
    ]
    return _read_languages(candidates)
