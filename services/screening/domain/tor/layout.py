"""The layout of a ToR text: its headings and its items, with their offsets in the text.

This module owns the step from raw text to `Block`s: each physical line loses its bullet or
numbering marker, wrapped lines are joined back into one item (a paragraph or a bullet that
runs over several lines), and lines that look like section titles become headings classified
by family (a qualification section with its kind and default mandatory flag, a competency
section, a section that ends the requirements, or an unknown title). Every piece of text
keeps its offsets in the original text, so that whatever is quoted later is an exact
substring of it.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from dataclasses import dataclass
from typing import Literal

from services.screening.domain.tor import vocabulary as vocab

HeadingFamily = Literal["qualification", "competency", "stop", "unknown"]

_BULLET = re.compile(
    r"[ \t]*(?:[-\u2013\u2014•▪◦●○■□➢►✓✔*·»>\uf0b7\uf0a7\uf0d8\uf076]|\(cid:\d+\)|o(?=[ \t]))[ \t]*"
)
_NUMBERING = re.compile(
    r"[ \t]*(?:\(?(?:\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+|[a-hA-H][.)]"
    r"|[ivxIVX]{1,4}[.)])|\((?:\d{1,2}|[a-h]|[ivx]{1,4})\))[ \t]+"
)
_MARKDOWN = re.compile(r"[ \t]*(?:#{1,6}|\*\*|__)[ \t]*")
_TERMINAL = ".!?"
_BARE_MARKER = re.compile(
    r"(?:essential|desirable|required|preferred|mandatory|optional|assets?|an asset|atouts?"
    r"|souhaite(?:e|s|es)?|requis(?:e|es)?|exige(?:e|s|es)?|obligatoires?)",
    vocab.FLAGS,
)
_MAX_HEADING_WORDS = 10
_MAX_HEADING_CHARS = 90
_MAX_LABEL_WORDS = 6
# A document whose usual long line is shorter than this was hard-wrapped at a fixed width.
_HARD_WRAP_WIDTH = 130
_WRAPPED_SHARE_OF_WIDTH = 0.7


@dataclass(frozen=True)
class Piece:
    """A stretch of the ToR text with its offsets: `text == source[start:end]`."""

    start: int
    end: int
    text: str

    @property
    def flat(self) -> str:
        """The text with each line break as a space and curly quotes straight, same length.

        Patterns run on it, so that wording wrapped over two lines or typed with a curly
        apostrophe still matches, while offsets stay those of the original text.
        """
        return vocab.straight_quotes(re.sub(r"\s", " ", self.text))

    def sub(self, begin: int, finish: int | None = None) -> Piece:
        finish = len(self.text) if finish is None else finish
        return Piece(self.start + begin, self.start + finish, self.text[begin:finish])

    def stripped(self, chars: str | None = None) -> Piece:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.sub(left, max(left, right))


@dataclass(frozen=True)
class Heading:
    family: HeadingFamily
    title: str
    kind_hint: str | None = None  # education | experience | language | other | any
    mandatory_default: bool | None = None
    competency_kind: str | None = None  # functional | core | other
    # Numbered, upper case or a markdown title: a title of the document's outline.
    major: bool = False
    numbered: bool = False
    has_inline_content: bool = False


@dataclass(frozen=True)
class Block:
    """A heading or an item (a paragraph, or a bullet with its continuation lines)."""

    piece: Piece
    marker: Literal["", "bullet", "number"]
    heading: Heading | None = None

    @property
    def is_heading(self) -> bool:
        return self.heading is not None


@dataclass(frozen=True)
class _Line:
    piece: Piece  # content without marker, trailing space trimmed
    marker: Literal["", "bullet", "number"]
    markdown: bool
    blank_before: bool


def blocks_of(text: str) -> list[Block]:
    """Headings and items of `text`, in reading order."""
    lines = _lines(text)
    hard_wrapped_width = _hard_wrap_width(lines)
    blocks: list[Block] = []
    for line in lines:
        heading, inline = _heading_of(line)
        if heading is not None:
            blocks.append(Block(line.piece, line.marker, heading))
            if inline is not None:
                blocks.append(Block(inline, ""))
            continue
        previous = blocks[-1] if blocks else None
        if previous is not None and _continues(previous, line, hard_wrapped_width):
            joined = Piece(
                previous.piece.start, line.piece.end, text[previous.piece.start : line.piece.end]
            )
            blocks[-1] = Block(joined, previous.marker)
        else:
            blocks.append(Block(line.piece, line.marker))
    return blocks


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    blank_before = False
    for raw in text.split("\n"):
        start, position = position, position + len(raw) + 1
        line = _line(Piece(start, start + len(raw), raw), blank_before)
        blank_before = line is None
        if line is not None:
            lines.append(line)
    return lines


def _line(raw: Piece, blank_before: bool) -> _Line | None:
    piece = raw.stripped()
    marker: Literal["", "bullet", "number"] = ""
    markdown = False
    for _ in range(3):  # "- 2. Text", "**1. Text"
        found = _MARKDOWN.match(piece.text)
        if found and found.end() > 0 and found.group().strip():
            piece, markdown = piece.sub(found.end()), True
            continue
        found = _NUMBERING.match(piece.text)
        if found:
            piece, marker = piece.sub(found.end()), marker or "number"
            continue
        found = _BULLET.match(piece.text)
        if found and found.end() > 0 and found.group().strip():
            piece, marker = piece.sub(found.end()), "bullet" if marker != "number" else marker
            continue
        break
    piece = piece.stripped(" \t\r*_#\u00a0")
    if not any(char.isalnum() for char in piece.text):
        return None
    return _Line(piece, marker, markdown, blank_before)


def _hard_wrap_width(lines: list[_Line]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None for one paragraph per line."""
    lengths = sorted(len(line.piece.text) for line in lines if len(line.piece.text) > 20)
    if len(lengths) < 5:
        return None
    usual_long = lengths[int(len(lengths) * 0.9) - 1]
    if usual_long >= _HARD_WRAP_WIDTH:
        return None
    return int(statistics.median(lengths[len(lengths) // 2 :]))


def _continues(previous: Block, line: _Line, hard_wrapped_width: int | None) -> bool:
    """Whether `line` carries on the item `previous` (a wrapped line, not a new item)."""
    if previous.is_heading or line.marker or line.markdown:
        return False
    before = previous.piece.text.rstrip()
    first = line.piece.text[:1]
    if before.endswith(":") and previous.marker and first.islower():
        return True  # "- A degree in one of the following:" then "law, economics, ..."
    if not before or before[-1] in _TERMINAL + ":":
        return False
    if first.islower() or first in "(&,;" or before[-1] in ",;":
        return True
    if line.blank_before or hard_wrapped_width is None:
        return False
    last_line = before.rsplit("\n", 1)[-1]
    full = len(last_line) >= hard_wrapped_width * _WRAPPED_SHARE_OF_WIDTH
    return full and vocab.wraps_before_capital(last_line, line.piece.text)


# --- headings ---------------------------------------------------------------------------


def _heading_of(line: _Line) -> tuple[Heading | None, Piece | None]:
    """The heading a line is, and the content written after its title ("Languages: ...")."""
    text = line.piece.text
    # "Languages: Fluency in English..." or, from a table row, "Education<TAB>Master's..."
    label = re.split(r"[:\t]", text, maxsplit=1)[0]
    rest = text[len(label) + 1 :]
    if rest.strip() and len(label.split()) <= _MAX_LABEL_WORDS:
        heading = _known_heading(label, line)
        if heading is not None:
            inline = line.piece.sub(len(label) + 1).stripped()
            return dataclasses.replace(heading, has_inline_content=True), inline
    if len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return None, None
    if text.rstrip()[-1:] in ".;,":
        return None, None
    heading = _known_heading(text, line)
    if heading is not None:
        return heading, None
    if line.marker == "bullet":
        return None, None
    title = text.rstrip(" :")
    if _states_requirement(title):
        return None, None
    letters = [char for char in title if char.isalpha()]
    upper = len(letters) >= 3 and all(char.isupper() for char in letters)
    numbered = line.marker == "number"
    colon = text.rstrip().endswith(":")
    if colon and (vocab.DESIRABLE_MARKER.search(title) or vocab.MANDATORY_MARKER.search(title)):
        # "The following would be an asset:" sets the flag of the items below it.
        mandatory = not vocab.DESIRABLE_MARKER.search(title)
        return Heading("qualification", title, "marker", mandatory, numbered=numbered), None
    if upper or line.markdown or numbered or colon:
        major = upper or line.markdown or numbered
        return Heading("unknown", title, major=major, numbered=numbered), None
    return None, None


def is_section_title(text: str) -> bool:
    """Whether a line is a known section title ("Qualifications", "Compétences"...)."""
    line = _Line(Piece(0, len(text), text), "", False, False)
    return _known_heading(text, line) is not None


def _states_requirement(text: str) -> bool:
    """A line that asks for a degree, years or experience is content, not a title."""
    return bool(
        vocab.LEVEL_WORD.search(text)
        or vocab.DURATION.search(text)
        or (vocab.EXPERIENCE_WORD.search(text) and len(text.split()) > 3)
    )


def _known_heading(title: str, line: _Line) -> Heading | None:
    folded = _folded_title(title)
    if not folded:
        return None
    letters = [char for char in title if char.isalpha()]
    upper = len(letters) >= 3 and all(char.isupper() for char in letters)
    numbered = line.marker == "number"
    major = upper or line.markdown or numbered
    if line.marker == "bullet" and len(folded.split()) > _MAX_LABEL_WORDS:
        return None
    clean_title = title.strip(" :*_#")
    for kind, pattern in vocab.QUALIFICATION_HEADINGS[:-1]:
        if re.fullmatch(pattern, folded, vocab.FLAGS):
            return _qualification_heading(clean_title, folded, kind, major, numbered)
    if vocab.COMPETENCY_HEADING.fullmatch(folded):
        return Heading(
            "competency",
            clean_title,
            competency_kind=_competency_kind(folded),
            major=major,
            numbered=numbered,
        )
    if re.fullmatch(vocab.QUALIFICATION_HEADINGS[-1][1], folded, vocab.FLAGS):
        return _qualification_heading(clean_title, folded, "any", major, numbered)
    if vocab.STOP_HEADINGS.fullmatch(folded):
        return Heading("stop", clean_title, major=major, numbered=numbered)
    return None


def _qualification_heading(
    title: str, folded: str, kind: str, major: bool, numbered: bool
) -> Heading:
    mandatory: bool | None = None
    if vocab.DESIRABLE_HEADING.search(folded):
        mandatory = False
    elif vocab.MANDATORY_HEADING.search(folded):
        mandatory = True
    if _BARE_MARKER.fullmatch(folded):
        kind = "marker"  # "Desirable:" under "Languages" is still about languages
    return Heading("qualification", title, kind, mandatory, major=major, numbered=numbered)


def _competency_kind(folded: str) -> str:
    if vocab.FUNCTIONAL_COMPETENCY.search(folded):
        return "functional"
    if vocab.CORE_COMPETENCY.search(folded):
        return "core"
    return "other"


def _folded_title(title: str) -> str:
    folded = vocab.fold(title).strip(" :*_#\t")
    folded = folded.replace("&", " and ").replace("\u2019", "'")
    folded = re.sub(r"\s*/\s*", " / ", folded)
    return re.sub(r"\s+", " ", folded).strip()
