"""A first, lexical tag matcher for CV positions.

This module owns deciding which of a vacancy's tags a position carries. Keywords are
derived from each tag's description in the criteria file (split into short phrases, with
"a/b/c" read as alternatives for one word and function words dropped) plus optional
per-vacancy synonyms. A keyword matches a passage of the position (its "title, employer"
heading or one bullet) when every word of the keyword is found among the passage's words,
compared with rapidfuzz so that inflections and spelling variants still match. The matched
keywords and passages are kept as evidence. It is deliberately simple; a later matcher will
replace it behind the same `PositionTagger` interface.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from services.screening.domain.criteria import VacancyCriteria

DEFAULT_WORD_THRESHOLD = 85
# Words this short ("un", "ngo", "ddr") are acronyms; fuzzy scores on them are noise.
_EXACT_MATCH_MAX_LENGTH = 3
# A shared beginning this long, and covering this share of the longer word, makes two words
# one word in different forms ("managed"/"managing") but not "international"/"interview".
_MIN_SHARED_STEM = 5
_MIN_SHARED_STEM_SHARE = 0.6


def _words(text: str) -> list[str]:
    return text.split()


_FUNCTION_WORDS = frozenset(
    _words("a an the of in at on for to with by from into as or and nor its their his her such")
)
# Words that frame a description ("professional work in …") without naming the work.
_FILLER_WORDS = frozenset(_words("work works working professional experience level"))
# Words that name a kind of activity but no domain, so a keyword made only of them (e.g.
# "policy", "research", "managing staff") would match nearly any job; inside a longer keyword
# they are kept, as they make it more specific.
_GENERIC_WORDS = frozenset(
    _words(
        "environment activities activity research policy policies strategy strategies programme "
        "programmes program programs project projects development substantive technical managing "
        "management manage staff head chief director manager officer international national"
    )
)
_PHRASE_SEPARATORS = re.compile(r"[(),;:\[\]]|\s+(?:or|and|including|e\.g\.|i\.e\.)\s+")


class Tagger(Protocol):
    """What the screening needs from a tag matcher."""

    def matches_for(self, position: Mapping[str, Any]) -> tuple[TagMatch, ...]: ...

    def tags_for(self, position: Mapping[str, Any]) -> set[str]: ...


@dataclass(frozen=True)
class Keyword:
    """A phrase standing for a tag (its kept words, normalised); each slot holds the
    alternative words for one word of it."""

    tag: str
    phrase: str
    slots: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TagMatch:
    """Evidence that a position carries `tag`: `keyword` was found in `passage` of the CV."""

    tag: str
    keyword: str
    passage: str


def normalise_text(text: str) -> str:
    """Lower case, accents removed, every run of characters other than letters, digits and
    "/" (which marks alternatives in descriptions) a single space."""
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z/]+", " ", without_accents.lower()).split())


def words_of(text: str) -> tuple[str, ...]:
    return tuple(word for word in normalise_text(text).replace("/", " ").split() if word)


def content_words(text: str) -> tuple[str, ...]:
    """The words of `text` without function words ("peace and conflict" → peace, conflict)."""
    return tuple(word for word in words_of(text) if word not in _FUNCTION_WORDS)


def keywords_from_description(tag: str, description: str) -> tuple[Keyword, ...]:
    """Split a tag description into short keyword phrases that name a kind of work."""
    keywords = []
    for segment in _PHRASE_SEPARATORS.split(description):
        keyword = keyword_from_phrase(tag, segment, from_description=True)
        if keyword is not None:
            keywords.append(keyword)
    return tuple(keywords)


def keyword_from_phrase(tag: str, phrase: str, *, from_description: bool) -> Keyword | None:
    """A keyword for `phrase`, or None when nothing meaningful remains of it.

    Description phrases lose their filler words and are dropped when only generic words
    remain; a synonym is the secretariat's deliberate choice and is kept as given.
    """
    ignored = _FUNCTION_WORDS | _FILLER_WORDS if from_description else _FUNCTION_WORDS
    slots = []
    for token in normalise_text(phrase).split():
        alternatives = tuple(word for word in token.split("/") if word and word not in ignored)
        if alternatives:
            slots.append(alternatives)
    if not slots:
        return None
    if from_description and all(set(slot) <= _GENERIC_WORDS for slot in slots):
        return None
    kept_words = " ".join("/".join(alternatives) for alternatives in slots)
    return Keyword(tag=tag, phrase=kept_words, slots=tuple(slots))


def words_match(keyword_word: str, passage_word: str, threshold: int) -> bool:
    if keyword_word == passage_word:
        return True
    if min(len(keyword_word), len(passage_word)) <= _EXACT_MATCH_MAX_LENGTH:
        return False
    stem = _shared_stem_length(keyword_word, passage_word)
    longer = max(len(keyword_word), len(passage_word))
    if stem >= _MIN_SHARED_STEM and stem >= _MIN_SHARED_STEM_SHARE * longer:
        return True
    return fuzz.ratio(keyword_word, passage_word, score_cutoff=threshold) > 0


def _shared_stem_length(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


def similar_words(
    keyword_words: Iterable[str], text_words: Iterable[str], threshold: int
) -> dict[str, frozenset[str]]:
    """For each keyword word, the text words that match it (same rules as `words_match`)."""
    vocabulary = sorted(set(text_words))
    by_stem: dict[str, list[str]] = {}
    for word in vocabulary:
        by_stem.setdefault(word[:_MIN_SHARED_STEM], []).append(word)
    similar = {}
    for keyword_word in set(keyword_words):
        # rapidfuzz scores the whole vocabulary in one call; the stem rule only ever applies
        # to words that begin alike, so only those are checked one by one.
        fuzzy = process.extract(
            keyword_word, vocabulary, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        )
        same_stem = by_stem.get(keyword_word[:_MIN_SHARED_STEM], ())
        candidates = {word for word, _, _ in fuzzy}.union(same_stem)
        similar[keyword_word] = frozenset(
            word for word in candidates if words_match(keyword_word, word, threshold)
        )
    return similar


def keyword_in_passage(
    keyword: Keyword, passage_words: Iterable[str], similar: Mapping[str, frozenset[str]]
) -> bool:
    """Whether every slot of the keyword has a matching word in the passage."""
    present = set(passage_words)
    return all(
        any(similar.get(alternative, frozenset()) & present for alternative in alternatives)
        for alternatives in keyword.slots
    )


def heading_of(position: Mapping[str, Any]) -> str:
    """The position's title and employer as written, joined by a comma."""
    return ", ".join(part for part in (position.get("title"), position.get("employer")) if part)


@dataclass(frozen=True)
class Passage:
    """CV text shown as evidence, and the words a keyword is looked for in."""

    text: str
    words: tuple[str, ...]


def passages_of(position: Mapping[str, Any]) -> tuple[Passage, ...]:
    """The heading, each bullet, then each bullet read together with the heading's words,
    because a title qualifies every bullet under it ("Country Director" + "Led the country
    mine action programme"); the last are shown as the bullet alone."""
    heading = heading_of(position)
    bullets = [b.strip() for b in position.get("bullets") or () if b and b.strip()]
    heading_words = words_of(heading)
    passages = [Passage(heading, heading_words)] if heading else []
    passages += [Passage(bullet, words_of(bullet)) for bullet in bullets]
    if heading:
        passages += [Passage(bullet, heading_words + words_of(bullet)) for bullet in bullets]
    return tuple(passages)


class PositionTagger:
    """Decides a position's tags by finding tag keywords in its heading and bullets."""

    def __init__(
        self,
        tag_descriptions: Mapping[str, str],
        synonyms: Mapping[str, Iterable[str]] | None = None,
        *,
        word_threshold: int = DEFAULT_WORD_THRESHOLD,
    ) -> None:
        self._word_threshold = word_threshold
        self._keywords = self._build_keywords(tag_descriptions, synonyms or {})
        self._keyword_words = frozenset(
            word for keyword in self._keywords for slot in keyword.slots for word in slot
        )

    @classmethod
    def for_vacancy(
        cls, criteria: VacancyCriteria, synonyms: Mapping[str, Iterable[str]] | None = None
    ) -> PositionTagger:
        """A tagger for the vacancy's tags, with the secretariat's synonyms if any."""
        return cls(criteria.tag_descriptions, synonyms)

    @property
    def keywords(self) -> tuple[Keyword, ...]:
        return self._keywords

    @staticmethod
    def _build_keywords(
        tag_descriptions: Mapping[str, str], synonyms: Mapping[str, Iterable[str]]
    ) -> tuple[Keyword, ...]:
        keywords = [
            keyword
            for tag, description in tag_descriptions.items()
            for keyword in keywords_from_description(tag, description)
        ]
        for tag, phrases in synonyms.items():
            if tag not in tag_descriptions:
                continue
            for phrase in phrases:
                keyword = keyword_from_phrase(tag, phrase, from_description=False)
                if keyword is not None:
                    keywords.append(keyword)
        return tuple(keywords)

    def matches_for(self, position: Mapping[str, Any]) -> tuple[TagMatch, ...]:
        """Every (tag, keyword, passage) found in the position, first passage per keyword."""
        passages = passages_of(position)
        # Fuzzy scores are computed once per pair of distinct words, not once per passage.
        similar = similar_words(
            self._keyword_words,
            (word for passage in passages for word in passage.words),
            self._word_threshold,
        )
        matches = []
        for keyword in self._keywords:
            for passage in passages:
                if keyword_in_passage(keyword, passage.words, similar):
                    matches.append(TagMatch(keyword.tag, keyword.phrase, passage.text))
                    break
        return tuple(matches)

    def tags_for(self, position: Mapping[str, Any]) -> set[str]:
        return {match.tag for match in self.matches_for(position)}
