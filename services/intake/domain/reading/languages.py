"""The languages a candidate speaks, each with its normalised level.

This module owns the language names (English, French, Spanish, German, Portuguese and
Italian spellings, all mapped to the English name) and the level vocabulary: CEFR codes
(C1/C2 fluent, B1/B2 working, A1/A2 basic), the LinkedIn/ILR scale ("native or bilingual",
"full professional", "professional working", "limited working", "elementary"), and the
everyday words in those languages ("courant", "lu, écrit, parlé", "fließend", "notions").
A level is the one written after its language within a few lines ("English: fluent",
"English" / "C1" in grid cells), or before it when the language closes its item ("Fluent in
French; basic Portuguese"). The earliest level phrase wins, the longest one at that place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.intake.domain.profile import Language
from services.intake.domain.reading.text import Line, Located, Where, alternation, fold

_NAMES_IN_ENGLISH: dict[str, str] = {
    "English": "english anglais ingles inglés englisch inglês inglese",
    "French": "french francais français francés frances französisch francês francese",
    "Spanish": "spanish espagnol espanol español castilian castellano spanisch espanhol spagnolo",
    "Arabic": "arabic arabe árabe arabisch arabo",
    "Chinese": "chinese mandarin chinois chino chinesisch chinês cinese",
    "Russian": "russian russe ruso russisch russo",
    "Portuguese": "portuguese portugais portugués portugues portugiesisch português portoghese",
    "German": "german allemand deutsch alemán aleman alemão tedesco",
    "Italian": "italian italien italiano italienisch",
    "Japanese": "japanese japonais japonés japanisch japonês giapponese",
    "Dutch": "dutch neerlandais néerlandais flemish flamand niederländisch holandés",
    "Turkish": "turkish turc turco türkisch",
    "Persian": "persian farsi persan persa persisch",
    "Korean": "korean coreen coréen coreano koreanisch",
    "Polish": "polish polonais polaco polnisch",
    "Ukrainian": "ukrainian ukrainien ucraniano ukrainisch",
    "Greek": "greek grec griego griechisch",
    "Hebrew": "hebrew hebreu hébreu hebreo hebräisch",
    "Norwegian": "norwegian norvegien norvégien noruego norwegisch",
    "Swedish": "swedish suedois suédois sueco schwedisch",
    "Danish": "danish danois danés dänisch",
    "Finnish": "finnish finnois finés finnisch",
    "Romanian": "romanian roumain rumano rumänisch",
    "Hungarian": "hungarian hongrois húngaro ungarisch",
    "Czech": "czech tcheque tchèque checo tschechisch",
    "Serbian": "serbian serbe serbio serbisch",
    "Croatian": "croatian croate croata kroatisch",
    "Bosnian": "bosnian bosniaque bosnio",
    "Bulgarian": "bulgarian bulgare búlgaro",
    "Albanian": "albanian albanais albanés",
    "Armenian": "armenian arménien armenio",
    "Georgian": "georgian géorgien georgiano",
    "Hindi": "hindi",
    "Urdu": "urdu ourdou",
    "Bengali": "bengali bangla",
    "Punjabi": "punjabi pendjabi",
    "Tamil": "tamil tamoul",
    "Nepali": "nepali népalais",
    "Sinhala": "sinhala sinhalese cinghalais",
    "Pashto": "pashto pachto",
    "Dari": "dari",
    "Kurdish": "kurdish kurde",
    "Thai": "thai thaï",
    "Lao": "lao laotien",
    "Khmer": "khmer",
    "Burmese": "burmese birman",
    "Vietnamese": "vietnamese vietnamien",
    "Indonesian": "indonesian indonésien bahasa",
    "Malay": "malay malais",
    "Tagalog": "tagalog",
    "Filipino": "filipino",
    "Mongolian": "mongolian mongol",
    "Kazakh": "kazakh",
    "Uzbek": "uzbek ouzbek",
    "Azerbaijani": "azerbaijani azéri",
    "Swahili": "swahili kiswahili",
    "Amharic": "amharic amharique",
    "Tigrinya": "tigrinya",
    "Somali": "somali",
    "Hausa": "hausa haoussa",
    "Yoruba": "yoruba",
    "Igbo": "igbo",
    "Zulu": "zulu zoulou",
    "Afrikaans": "afrikaans",
    "Wolof": "wolof",
    "Lingala": "lingala",
    "Kinyarwanda": "kinyarwanda",
    "Kirundi": "kirundi",
    "Malagasy": "malagasy malgache",
    "Fula": "fula fulani peul",
    "Bambara": "bambara",
    "Tetum": "tetum",
    "Catalan": "catalan catalán",
    "Basque": "basque euskara",
    "Icelandic": "icelandic islandais",
    "Slovak": "slovak slovaque",
    "Slovenian": "slovenian slovène",
    "Macedonian": "macedonian macédonien",
    "Lithuanian": "lithuanian lituanien",
    "Latvian": "latvian letton",
    "Estonian": "estonian estonien",
    "Belarusian": "belarusian biélorusse",
    "Tajik": "tajik tadjik",
    "Kyrgyz": "kyrgyz kirghiz",
    "Turkmen": "turkmen",
}
_LANGUAGE_NAMES: dict[str, str] = {
    fold(written): english
    for english, spellings in _NAMES_IN_ENGLISH.items()
    for written in spellings.split()
}
_LANGUAGE_NAMES["mandarin chinese"] = "Chinese"

_LEVELS: dict[str, tuple[str, ...]] = {
    "native": (
        "native",
        "native speaker",
        "native language",
        "native or bilingual",
        "native or bilingual proficiency",
        "mother tongue",
        "first language",
        "langue maternelle",
        "maternelle",
        "muttersprache",
        "lengua materna",
        "idioma nativo",
        "nativo",
        "lingua materna",
        "madrelingua",
    ),
    "fluent": (
        "fluent",
        "fluently",
        "fluency",
        "bilingual",
        "bilingue",
        "near native",
        "excellent",
        "excellent niveau",
        "excellent command",
        "very good",
        "full professional proficiency",
        "full professional",
        "full working proficiency",
        "professional proficiency",
        "proficient",
        "advanced",
        "high",
        "courant",
        "couramment",
        "avance",
        "tres bon niveau",
        "tres bien",
        "lu ecrit parle",
        "parle lu ecrit",
        "lu parle ecrit",
        "ecrit lu parle",
        "fliessend",
        "verhandlungssicher",
        "sehr gut",
        "fluido",
        "avanzado",
        "avancado",
        "fluente",
        "ottimo",
        "eccellente",
        "proficient user",
    ),
    "working": (
        "working",
        "working knowledge",
        "good working knowledge",
        "working proficiency",
        "professional working proficiency",
        "professional working",
        "intermediate",
        "upper intermediate",
        "lower intermediate",
        "niveau intermediaire",
        "intermediaire",
        "conversational",
        "good",
        "good knowledge",
        "good command",
        "bon niveau",
        "bonne maitrise",
        "bonne connaissance",
        "bonnes connaissances",
        "gut",
        "gute kenntnisse",
        "intermedio",
        "intermediario",
        "bueno",
        "buono",
        "independent user",
    ),
    "basic": (
        "basic",
        "basics",
        "basic knowledge",
        "limited",
        "limited working proficiency",
        "limited working",
        "elementary",
        "elementary proficiency",
        "pre intermediate",
        "beginner",
        "notions",
        "notions de base",
        "debutant",
        "elementaire",
        "scolaire",
        "grundkenntnisse",
        "basico",
        "principiante",
        "elementare",
        "basic user",
    ),
}
_LEVEL_OF = {fold(phrase): level for level, items in _LEVELS.items() for phrase in items}
_CEFR_LEVEL = {"A1": "basic", "A2": "basic", "B1": "working", "B2": "working"} | {
    "C1": "fluent",
    "C2": "fluent",
}

_LANGUAGE_NAME = re.compile(rf"(?<![\w])(?:{alternation(list(_LANGUAGE_NAMES))})(?![\w])", re.I)
_CEFR = re.compile(r"(?<![\w])[ABC][12](?![\w])")
_LEVEL_WORD_JOINER = r"[\s,/\-]+"  # "lu, écrit, parlé", "mother-tongue"
_LEVEL_PHRASE = re.compile(
    rf"(?<![\w])(?:{alternation(list(_LEVEL_OF), joiner=_LEVEL_WORD_JOINER)})(?![\w])", re.I
)
# A level is written next to its language; further lines belong to something else.
_LEVEL_LOOKAHEAD_LINES = 3
_INLINE_MAX_WORDS = 8


def is_language_name(text: str) -> bool:
    return fold(text) in _LANGUAGE_NAMES


def is_level_word(text: str) -> bool:
    return fold(text) in _LEVEL_OF


def read_languages(lines: Sequence[Line]) -> list[tuple[Language, Where]]:
    """The languages of a languages section, each with the document offsets it spans."""
    text = Located.joined([line.content for line in lines], "\n")
    found = list(_LANGUAGE_NAME.finditer(text.text))
    languages: list[tuple[Language, Where]] = []
    seen: set[str] = set()
    for number, match in enumerate(found):
        name = _LANGUAGE_NAMES[fold(match.group(0))]
        if name in seen:
            continue
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        level, level_as_written, level_at = _language_level(text.text, match, end)
        seen.add(name)
        first = min(match.start(), level_at[0]) if level_at else match.start()
        last = max(match.end(), level_at[1]) if level_at else match.end()
        where = text.where(first, last)
        if where is not None:
            languages.append((Language(name, match.group(0), level, level_as_written), where))
    return languages


def inline_languages(lines: Sequence[Line]) -> list[tuple[Language, Where]]:
    """Without a languages heading, lines such as "English: fluent" are read."""
    candidates = [
        line
        for line in lines
        if (found := _LANGUAGE_NAME.match(line.text)) is not None
        and _level_in(line.text[found.end() :])[0] is not None
        and len(line.text.split()) <= _INLINE_MAX_WORDS
    ]
    return read_languages(candidates)


_Level = tuple[str | None, str | None, Where | None]


def _language_level(text: str, match: re.Match[str], end: int) -> _Level:
    after_end = _end_of_first_lines(text, match.end(), end)
    line_start = text.rfind("\n", 0, match.start()) + 1
    before_start = _after_previous_language(text, line_start, match.start())
    level_before = _level_in(text[before_start : match.start()], before_start)
    rest = text[match.end() : after_end]
    if level_before[0] is not None and re.match(r"\s*(?:[;,/]|$)", rest):
        return level_before
    level_after = _level_in(rest, match.end())
    return level_after if level_after[0] is not None else level_before


def _end_of_first_lines(text: str, start: int, end: int) -> int:
    """Where the first few non-blank lines after `start` end (at most `end`)."""
    seen = 0
    cursor = start
    while cursor < end:
        newline = text.find("\n", cursor, end)
        line_end = end if newline < 0 else newline
        if text[cursor:line_end].strip():
            seen += 1
            if seen == _LEVEL_LOOKAHEAD_LINES:
                return line_end
        cursor = line_end + 1
    return end


def _after_previous_language(text: str, line_start: int, index: int) -> int:
    """Only words between this language and a previous one on its line ("Fluent in")."""
    previous = list(_LANGUAGE_NAME.finditer(text, line_start, index))
    return previous[-1].end() if previous else line_start


def _level_in(text: str, offset: int = 0) -> _Level:
    """(normalised level, level as written, where) of the first level in `text`."""
    cefr = _CEFR.search(text)
    phrase = _LEVEL_PHRASE.search(text)
    if cefr is not None and (phrase is None or cefr.start() <= phrase.start()):
        return _CEFR_LEVEL[cefr.group(0)], cefr.group(0), _shifted(cefr.span(), offset)
    if phrase is not None:
        written = " ".join(phrase.group(0).split())
        return _LEVEL_OF[fold(written)], written, _shifted(phrase.span(), offset)
    return None, None, None


def _shifted(span: Where, offset: int) -> Where:
    return span[0] + offset, span[1] + offset
