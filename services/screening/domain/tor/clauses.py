"""Cutting a requirement item into the clauses that each state one requirement.

This module owns the split of an item (a bullet or a paragraph) into sentences, of a
sentence into ";"-separated parts that each carry a requirement ("... is required; ... is an
asset"), and of a part into clauses joined by "and" when the second one starts a new
requirement ("10 years in X and considerable experience in Y"), or by "of which" for years
nested in other years. Each clause keeps its offsets and is trimmed of bullets, joining words
and trailing "," or ";" (a final "." stays when it ends a sentence). A degree offered with
alternative years ("Bachelor's and 15 years, OR Master's and 10 years") stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.screening.domain.tor import vocabulary as vocab
from services.screening.domain.tor.layout import Piece

_ABBREVIATIONS = frozenset(
    (
        *("e.g", "i.e", "etc", "incl", "approx", "no", "nos", "mr", "mrs", "ms", "dr", "st", "vs"),
        *("cf", "p", "pp", "art", "para", "ed", "al", "min", "max", "ca", "resp", "esp", "int"),
    )
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“(]?[A-Z0-9À-Ý])")
# Words that may join two requirements: "a Master's degree, with at least 5 years of ...".
_AND_JOIN = re.compile(
    r",?\s+(?:and(?:/or)?|et|as well as|along with|plus|together with|with|combined with"
    r"|avec|ainsi que)\s+",
    vocab.FLAGS,
)
_STARTS_EXPERIENCE = re.compile(
    r"(?:(?:a|an|une?|de|d')\s+)?(?:(?!(?:and|or|et|ou|in|of|de)\b)[\w'-]+\s+){0,3}"
    r"(?:experience|exp[ée]rience|track[- ]record)\b",
    vocab.FLAGS,
)
_QUANTITY_LEAD = re.compile(
    r"(?:(?:a|an|une?)\s+)?(?:(?:a minimum of|at least|minimum(?: of| de)?|no less than"
    r"|not less than|au moins|au minimum)\s+)?",
    vocab.FLAGS,
)
_STARTS_LANGUAGE_LEVEL = re.compile(
    r"(?:(?:a|an|une?)\s+)?(?:(?:good|excellent|working|basic|fluent|full|strong|some|sound"
    r"|thorough|solid|bonne|excellente|parfaite|solide)\s+)?(?:(?:oral|written|and|et)\s+)*"
    r"(?:knowledge|command|fluency|proficiency|connaissances?|ma[iî]trise|ability to"
    r"|capacit[ée])\b",
    vocab.FLAGS,
)
# "10 years in X": years with their field, a whole requirement even without "experience".
_DURATION_IN_FIELD = re.compile(
    vocab.DURATION.pattern + r"\s+(?:of\s+\w+\s+)?(?:in|at|with|within|dans|en|au sein)\b",
    vocab.FLAGS,
)
_LEADING_JOIN_WORDS = re.compile(
    r"^(?:and|or|et|ou|but|as well as|along with|plus|together with)\b[\s,]*",
    vocab.FLAGS,
)
_TRAILING_JOIN_WORDS = re.compile(r"[\s,;]+(?:and|or|et|ou)$", vocab.FLAGS)
_OR = re.compile(r"\bor\b|\bou\b", vocab.FLAGS)


@dataclass(frozen=True)
class Clause:
    """One requirement's words; `group` numbers the ";"-parts so markers can be shared."""

    piece: Piece
    group: int
    nested: bool = False


def sentences_of(item: Piece) -> list[Piece]:
    """The sentences of an item, each with its final punctuation."""
    sentences = []
    begin = 0
    for found in _SENTENCE_END.finditer(item.flat):
        word_before = item.flat[: found.start()].rsplit(None, 1)[-1:] or [""]
        token = word_before[0].lower().lstrip("(")
        if len(token) <= 1 or token in _ABBREVIATIONS or "." in token:
            continue
        sentences.append(item.sub(begin, found.end()))
        begin = found.end()
    sentences.append(item.sub(begin))
    return [sentence.stripped() for sentence in sentences if sentence.text.strip()]


def clauses_of(sentence: Piece, first_group: int = 0) -> list[Clause]:
    """The requirement clauses of a sentence, trimmed, in order."""
    clauses: list[Clause] = []
    for offset, part in enumerate(_semicolon_parts(sentence)):
        group = first_group + offset
        if is_degree_alternatives(part.flat) or is_in_lieu(part.flat):
            clauses.append(Clause(trim_clause(part), group))
            continue
        for nested_index, nested_part in enumerate(_nested_parts(part)):
            for and_part in _and_parts(nested_part):
                clauses.append(Clause(trim_clause(and_part), group, nested=nested_index > 0))
    return [clause for clause in clauses if clause.piece.text]


def is_degree_alternatives(text: str) -> bool:
    """Degrees offered with different years: "Bachelor's and 15 years, or Master's and 10"."""
    levels = list(vocab.LEVEL_WORD.finditer(text))
    durations = list(vocab.DURATION.finditer(text))
    return len(levels) >= 2 and len(durations) >= 2 and _OR.search(text) is not None


def is_in_lieu(text: str) -> bool:
    """A lower degree accepted "in lieu of" the required one, kept whole."""
    return bool(vocab.IN_LIEU.search(text) and vocab.LEVEL_WORD.search(text))


def has_requirement_signal(text: str) -> bool:
    """Whether a piece of text states something a candidate could be screened on."""
    return bool(
        vocab.EXPERIENCE_WORD.search(text)
        or vocab.DURATION.search(text)
        or vocab.LEVEL_WORD.search(text)
        or vocab.MANDATORY_MARKER.search(text)
        or vocab.DESIRABLE_MARKER.search(text)
        or (
            (vocab.LANGUAGE_NAME.search(text) or vocab.UN_OFFICIAL_LANGUAGE.search(text))
            and vocab.LANGUAGE_CONTEXT.search(text)
        )
    )


def trim_clause(piece: Piece) -> Piece:
    """Without surrounding space, joining words, or a trailing "," ";" ":" (keeps ".")."""
    while True:
        before = piece
        piece = piece.stripped(" \t\n\r\u00a0,;:-\u2013\u2014•*")
        leading = _LEADING_JOIN_WORDS.match(piece.flat)
        if leading and leading.end() < len(piece.flat):
            piece = piece.sub(leading.end())
        trailing = _TRAILING_JOIN_WORDS.search(piece.flat)
        if trailing:
            piece = piece.sub(0, trailing.start())
        if piece == before:
            return piece


def _semicolon_parts(sentence: Piece) -> list[Piece]:
    parts: list[Piece] = []
    begin = 0
    for found in re.finditer(r";", sentence.flat):
        parts.append(sentence.sub(begin, found.start()))
        begin = found.end()
    parts.append(sentence.sub(begin))
    merged: list[Piece] = []
    for part in parts:
        if merged and not has_requirement_signal(part.flat):
            merged[-1] = sentence.sub(merged[-1].start - sentence.start, part.end - sentence.start)
        else:
            merged.append(part)
    return merged


def _nested_parts(part: Piece) -> list[Piece]:
    found = vocab.NESTED_YEARS.search(part.flat)
    if found is None or not vocab.DURATION.search(part.flat[: found.start()]):
        return [part]
    nested_start = found.start() + len(found.group()) - len(found.group().lstrip(" ,\t\n"))
    return [part.sub(0, found.start()), part.sub(nested_start)]


def _and_parts(part: Piece) -> list[Piece]:
    pieces: list[Piece] = []
    begin = 0
    for found in _AND_JOIN.finditer(part.flat):
        left = part.flat[begin : found.start()]
        right = part.flat[found.end() :]
        if _starts_new_requirement(left, right):
            pieces.append(part.sub(begin, found.start()))
            begin = found.end()
    pieces.append(part.sub(begin))
    return pieces


def _starts_new_requirement(left: str, right: str) -> bool:
    if not has_requirement_signal(left):
        return False
    after_lead = right[_QUANTITY_LEAD.match(right).end() :]
    if _STARTS_EXPERIENCE.match(right) or vocab.DURATION.match(after_lead):
        return bool(
            vocab.EXPERIENCE_WORD.search(left)
            or vocab.LEVEL_WORD.search(left)
            or _DURATION_IN_FIELD.search(left)
        )
    if _STARTS_LANGUAGE_LEVEL.match(right):
        right_names = vocab.LANGUAGE_NAME.search(right) or vocab.UN_OFFICIAL_LANGUAGE.search(right)
        left_names = vocab.LANGUAGE_NAME.search(left) or vocab.UN_OFFICIAL_LANGUAGE.search(left)
        return bool(right_names and left_names)
    return bool(vocab.LEVEL_WORD.match(after_lead))
