"""Text that remembers where it came from, and the folded form vocabulary is compared in.

This module owns the coordinates of a CV: a `Document` joins the pages the extractor gave
into one text (pages separated by a blank line, as `ExtractedText.text` does) and turns an
offset range of that text back into a `Span` of one page. A `Located` string carries, for
each of its characters, its offset in the document, so that text can be cleaned, cut and
joined by the rules and still point at the passage it came from. `Line` is one cleaned line
(whitespace collapsed, a tab kept as " | ", a leading list marker removed and remembered).
It also owns `fold`, the lower-case, accent-free, punctuation-free form in which headings
and vocabularies are compared, and the helpers that build vocabularies in that form.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from services.intake.domain.profile import Span

PAGE_SEPARATOR = "\n\n"
# Offsets `start:end` in the document text, as the rules return them.
Where = tuple[int, int]


def fold(text: str) -> str:
    """Lower case without accents or punctuation, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", without_accents.lower()).split())


def words(*groups: str) -> frozenset[str]:
    """A vocabulary of single words, folded like the text they are compared with."""
    return frozenset(fold(" ".join(groups)).split())


def phrases(*items: str) -> frozenset[str]:
    """A vocabulary of phrases, folded like the text they are compared with."""
    return frozenset(fold(item) for item in items)


_ACCENTED = {
    "a": "aàâäáãå",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóõòø",
    "u": "uùûüú",
}


def accent_insensitive(word: str) -> str:
    """A regex for a folded word that also matches its accented spellings ("ss" also "ß")."""
    return "(?:ss|ß)".join(
        "".join(f"[{_ACCENTED[char]}]" if char in _ACCENTED else re.escape(char) for char in part)
        for part in word.split("ss")
    )


def alternation(items: Sequence[str], joiner: str = r"[\s\-]+") -> str:
    """Folded words or phrases as one accent-insensitive regex, longest first; the words of
    a phrase are joined by `joiner`."""
    longest_first = sorted(set(items), key=lambda item: (-len(item), item))
    return "|".join(
        joiner.join(accent_insensitive(part) for part in item.split()) for item in longest_first
    )


@dataclass(frozen=True)
class Located:
    """A string and, for each character, its offset in the `Document` text."""

    text: str
    offsets: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.offsets):
            raise ValueError("a located text needs one offset per character")

    def __len__(self) -> int:
        return len(self.text)

    def cut(self, start: int, end: int | None = None) -> Located:
        end = len(self.text) if end is None else end
        return Located(self.text[start:end], self.offsets[start:end])

    def where(self, start: int = 0, end: int | None = None) -> Where | None:
        """Document offsets of `text[start:end]` without its surrounding whitespace."""
        end = len(self.text) if end is None else min(end, len(self.text))
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        return self.offsets[start], self.offsets[end - 1] + 1

    @classmethod
    def empty(cls) -> Located:
        return cls("", ())

    @classmethod
    def joined(cls, parts: Sequence[Located], separator: str) -> Located:
        """The parts joined by `separator`, whose characters point just after the part before."""
        text: list[str] = []
        offsets: list[int] = []
        for number, part in enumerate(parts):
            if number:
                anchor = offsets[-1] + 1 if offsets else (part.offsets[:1] or (0,))[0]
                text.append(separator)
                offsets.extend([anchor] * len(separator))
            text.append(part.text)
            offsets.extend(part.offsets)
        return cls("".join(text), tuple(offsets))


@dataclass(frozen=True)
class Line:
    """One cleaned line; `bullet` when it opened with a list marker (removed from `content`)."""

    content: Located
    bullet: bool = False

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def blank(self) -> bool:
        return not self.content.text

    @classmethod
    def empty(cls) -> Line:
        return cls(Located.empty())


@dataclass(frozen=True)
class Document:
    """The pages of a CV as one text, and the way back from its offsets to page spans."""

    pages: tuple[str, ...]

    @cached_property
    def text(self) -> str:
        return PAGE_SEPARATOR.join(self.pages)

    @cached_property
    def page_starts(self) -> tuple[int, ...]:
        starts, offset = [], 0
        for page in self.pages:
            starts.append(offset)
            offset += len(page) + len(PAGE_SEPARATOR)
        return tuple(starts)

    def span(self, start: int, end: int) -> Span:
        """The span of document offsets `start:end`, cut at the end of `start`'s page."""
        starts = self.page_starts
        page = max(bisect.bisect_right(starts, start) - 1, 0)
        text, page_start = self.pages[page], starts[page]
        local_end = min(end - page_start, len(text))
        local_start = min(start - page_start, local_end)
        while local_end > local_start and text[local_end - 1].isspace():
            local_end -= 1
        return Span(page + 1, local_start, local_end)

    def lines(self) -> list[Line]:
        """The cleaned lines of every page, a blank line between pages."""
        lines: list[Line] = []
        for page_start, page in zip(self.page_starts, self.pages, strict=True):
            if lines:
                lines.append(Line.empty())
            lines.extend(_page_lines(page, page_start))
        return lines


_BULLET_MARKER = re.compile(
    r"^(?:[•▪■◦●○►▸➢➤✓✔∙·*]|[-\u2013\u2014](?=\s)|o(?=\s+[A-Z])|[nlqvü§Ø](?=\s[A-Z]))\s*"
)
_RULE_LINE = re.compile(r"^[\s\-_=~*·.]{3,}$")
_NON_SPACE = re.compile(r"[^\s\u200b]+")


def _page_lines(page: str, page_start: int) -> Iterator[Line]:
    offset = page_start
    for raw in page.splitlines(keepends=True):
        yield _as_line(_cleaned(raw, offset))
        offset += len(raw)


def _cleaned(raw: str, offset: int) -> Located:
    """The line single-spaced, a tab kept as " | " (grid cells), a rule line made blank."""
    text: list[str] = []
    offsets: list[int] = []
    previous_end = None
    for token in _NON_SPACE.finditer(raw):
        if previous_end is not None:
            gap = raw[previous_end : token.start()]
            separator = " | " if "\t" in gap else " "
            text.append(separator)
            offsets.extend([offset + previous_end] * len(separator))
        text.append(token.group(0))
        offsets.extend(range(offset + token.start(), offset + token.end()))
        previous_end = token.end()
    line = Located("".join(text), tuple(offsets))
    return Located.empty() if _RULE_LINE.match(line.text) else line


def _as_line(content: Located) -> Line:
    marker = _BULLET_MARKER.match(content.text)
    if marker is None:
        return Line(content)
    rest = content.cut(marker.end())
    stripped = len(rest.text) - len(rest.text.lstrip())
    return Line(rest.cut(stripped), bullet=True)
