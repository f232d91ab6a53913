"""The cited passages outlined on a CV's page images: which ones to look for, and where a
passage stands in a page's text.

Screening's candidate page asks intake to outline the CV passages its verdicts cite
(`mark` in the address). `clean_marks` turns what was asked into a short list that is
safe to search for: trimmed, without repeats (ignoring case and spacing), at most
`MAX_MARKS` of at most `MAX_MARK_CHARS` characters. `passage_spans` finds a passage in
the text of one page as PDFium reads it, where lines end with "\\r\\n", a passage may run
over a line break and the typography (quotes, dashes, spaces) may differ from the text
the parser kept; it ignores case and spacing and returns character ranges of the page's
own text, so that the PDF reader can turn them into rectangles. A passage not found (an
OCR'd or reworded text) is simply not outlined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_MARKS = 40
MAX_MARK_CHARS = 300
MIN_MARK_CHARS = 3

# one character for one, so that positions in the normalised text are those of the page's
_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u00ad": " ",  # a soft hyphen
        "\x02": " ",  # PDFium's mark of a hyphen it generated at a line break
    }
)


def clean_marks(asked: Iterable[str]) -> tuple[str, ...]:
    """The passages to outline, in the order asked: trimmed, once each, long ones cut at
    a word, too short ones (a letter, a number) left out, at most `MAX_MARKS`."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in asked:
        text = " ".join(str(raw).split())
        if len(text) > MAX_MARK_CHARS:
            text = text[:MAX_MARK_CHARS].rsplit(" ", 1)[0]
        key = _key(text)
        if len(text) < MIN_MARK_CHARS or key in seen:
            continue
        seen.add(key)
        kept.append(text)
        if len(kept) == MAX_MARKS:
            break
    return tuple(kept)


def passage_spans(page_text: str, passage: str) -> list[tuple[int, int]]:
    """Where `passage` stands in `page_text`: (start, end) character ranges of the page's
    own text, ignoring case and how spaces and line breaks fall."""
    words = passage.translate(_SAME_LENGTH).split()
    if not words:
        return []
    pattern = re.compile(r"\s*".join(re.escape(word) for word in words), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(page_text.translate(_SAME_LENGTH))]


def _key(text: str) -> str:
    return "".join(text.translate(_SAME_LENGTH).split()).casefold()
