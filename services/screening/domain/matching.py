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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from services.screening.domain.criteria import VacancyCriteria
from services.screening.domain.organisations import (
    OrganisationKind,
    organisation_kinds,
    possibly_international,
)
from services.screening.domain.text import normalise_text, words_of
from services.screening.domain.thesaurus import ROLE_WORDS, concept_for_item, word_alternatives

DEFAULT_WORD_THRESHOLD = 85
# Words this short ("un", "ngo", "ddr") are acronyms; fuzzy scores on them are noise.
_EXACT_MATCH_MAX_LENGTH = 3
# Two words that begin alike for this long and end in inflections are one word in different
# forms ("managed"/"managing", "trained"/"training"), but "manager" is not "management" and
# "government" is not "governance".
_MIN_SHARED_STEM = 5
_INFLECTIONS = frozenset(
    [
        "",
        "e",
        "s",
        "es",
        "d",
        "ed",
        "ing",
        "er",
        "ers",
        "ion",
        "ions",
        "ation",
        "ations",
        "al",
        "ly",
    ]
)


def _words(text: str) -> list[str]:
    return text.split()


_FUNCTION_WORDS = frozenset(
    _words(
        "a an the of in at on for to with by from into as or and nor its their his her such "
        # French, as a ToR or a CV in French writes them once accents are removed
        "le la les l un une des du de d au aux et ou en dans par pour sur avec sein chez "
        "son sa ses leur leurs"
    )
)
# Words that frame a description ("professional work in …") without naming the work.
_FILLER_WORDS = frozenset(
    _words(
        "work works working professional experience level proven track record demonstrated "
        "considerable extensive solid strong relevant significant substantial "
        "travail experience experiences professionnelle professionnel domaine domaines niveau "
        "solide significative considerable averee confirmee pertinente"
    )
)
# Words that name a kind of activity but no domain, so a keyword made only of them (e.g.
# "policy", "research", "managing staff") would match nearly any job; inside a longer keyword
# they are kept, as they make it more specific.
_GENERIC_WORDS = frozenset(
    _words(
        "environment activities activity research policy policies strategy strategies programme "
        "programmes program programs project projects development substantive technical managing "
        "management manage staff head chief director manager officer international national "
        "operation operations cooperation specific"
    )
)
_PHRASE_SEPARATORS = re.compile(
    r"[(),;:\[\]]|\s+(?:or|and|including|e\.g\.|i\.e\.|ou|et|notamment|y compris)\s+"
)


class Tagger(Protocol):
    """What the screening needs from a tag matcher."""

    def matches_for(self, position: Mapping[str, Any]) -> tuple[TagMatch, ...]: ...

    def tags_for(self, position: Mapping[str, Any]) -> set[str]: ...

    def can_rule_out(self, tag: str) -> bool:
        """Whether finding no match for `tag` means the CV does not show it."""
        ...


# How the service layer gets a tagger for a vacancy: the bootstrap picks the matcher.
TaggerFactory = Callable[[VacancyCriteria], Tagger]


@dataclass(frozen=True)
class Keyword:
    """A phrase standing for a tag (its kept words, normalised); each slot holds the
    alternative words for one word of it."""

    tag: str
    phrase: str
    slots: tuple[tuple[str, ...], ...]
    # A keyword read in a looser sense than the description's only makes its tag possible.
    certain: bool = True


@dataclass(frozen=True)
class TagMatch:
    """Evidence that a position carries `tag`: `keyword` was found in `passage` of the CV."""

    tag: str
    keyword: str
    passage: str
    certain: bool = True


def content_words(text: str) -> tuple[str, ...]:
    """The words of `text` without function words ("peace and conflict" → peace, conflict)."""
    return tuple(word for word in words_of(text) if word not in _FUNCTION_WORDS)


def description_items(description: str) -> tuple[str, ...]:
    """The list items of a tag description, each a phrase that names one kind of work.

    Parenthesised lists and the text around them are split apart on commas, semicolons,
    colons and "or"/"and"/"including". In a list whose first item names a role in a place
    ("head/chief/director in an international organisation, international NGO country
    programme, or a diplomatic mission") the role distributes over the later items, so each
    item keeps the whole meaning: "head/chief/director in a diplomatic mission".
    """
    groups = re.findall(r"\(([^()]*)\)", description)
    outside = re.sub(r"\([^()]*\)", ",", description)
    items: list[str] = []
    for group in (outside, *groups):
        parts = [part.strip() for part in _PHRASE_SEPARATORS.split(group) if part.strip()]
        items.extend(_distribute_role(parts))
    return tuple(items)


def _distribute_role(parts: list[str]) -> list[str]:
    if len(parts) < 2:
        return parts
    role = _ROLE_IN_PLACE.match(parts[0])
    if role is None or not set(words_of(role.group("role"))) & ROLE_WORDS:
        return parts
    head = role.group("role")
    head_words = set(content_words(head))
    return [parts[0]] + [
        part if head_words & set(content_words(part)) else f"{head} {role.group('link')} {part}"
        for part in parts[1:]
    ]


_ROLE_IN_PLACE = re.compile(r"^(?P<role>[\w/ -]+?)\s+(?P<link>in|at|of|within|for)\s+\S")


def keywords_from_description(tag: str, description: str) -> tuple[Keyword, ...]:
    """Short keyword phrases that name a kind of work, from a tag description's items, plus
    the thesaurus's related terms for items that name a concept it knows."""
    keywords = []
    for item in description_items(description):
        keyword = keyword_from_phrase(tag, item, from_description=True)
        if keyword is not None:
            keywords.append(keyword)
        for term in related_terms_for_item(item):
            related = keyword_from_phrase(tag, term, from_description=False)
            if related is not None:
                keywords.append(related)
    return tuple(dict.fromkeys(keywords))


def related_terms_for_item(item: str) -> tuple[str, ...]:
    """The thesaurus's terms for the concept a description item names, if any."""
    words = tuple(w for w in content_words(item) if w not in _FILLER_WORDS)
    if not words:
        return ()
    concept = concept_for_item(words, set(words))
    return concept.related if concept is not None else ()


def keyword_from_phrase(tag: str, phrase: str, *, from_description: bool) -> Keyword | None:
    """A keyword for `phrase`, or None when nothing meaningful remains of it.

    Description phrases lose their filler words and are dropped when only generic words
    remain; a synonym is the secretariat's deliberate choice and is kept as given. Each
    word also stands for the thesaurus's words of the same meaning.
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
    widened = tuple(
        tuple(dict.fromkeys(w for word in slot for w in (word, *sorted(word_alternatives(word)))))
        for slot in slots
    )
    return Keyword(tag=tag, phrase=kept_words, slots=widened)


def words_match(keyword_word: str, passage_word: str, threshold: int) -> bool:
    if keyword_word == passage_word:
        return True
    if min(len(keyword_word), len(passage_word)) <= _EXACT_MATCH_MAX_LENGTH:
        return False
    stem = _shared_stem_length(keyword_word, passage_word)
    if stem >= _MIN_SHARED_STEM and {keyword_word[stem:], passage_word[stem:]} <= _INFLECTIONS:
        return True
    # A spelling variant keeps its first letters; "operation" is not "cooperation".
    if keyword_word[:2] != passage_word[:2]:
        return False
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
    """CV text shown as evidence, and the words a keyword is looked for in. A passage that
    is not `certain` rests on a guess (an employer that may be international) and only
    makes its tags possible."""

    text: str
    words: tuple[str, ...]
    certain: bool = True


def passages_of(position: Mapping[str, Any]) -> tuple[Passage, ...]:
    """The heading, each bullet, then each bullet read together with the heading's words,
    because a title qualifies every bullet under it ("Country Director" + "Led the country
    mine action programme"); the last are shown as the bullet alone. The heading also
    carries the kinds of organisation its employer is ("UNDP (international organisation)"),
    or, for an employer the reference list does not know but whose name suggests an
    international body, the same as an uncertain reading.
    """
    heading = heading_of(position)
    employer = position.get("employer")
    kinds = [kind.value for kind in organisation_kinds(employer)]
    certain = True
    if not kinds and possibly_international(employer):
        kinds, certain = [OrganisationKind.INTERNATIONAL_ORGANISATION.value], False
    bullets = [b.strip() for b in position.get("bullets") or () if b and b.strip()]
    passages = _passages(heading, kinds, bullets, certain=True) if certain else []
    if not certain:
        passages = _passages(heading, [], bullets, certain=True)
        passages += _passages(heading, kinds, bullets, certain=False, bullets_alone=False)
    return tuple(passages)


def _passages(
    heading: str,
    kinds: Sequence[str],
    bullets: Sequence[str],
    *,
    certain: bool,
    bullets_alone: bool = True,
) -> list[Passage]:
    if kinds:
        heading = f"{heading} ({', '.join(kinds)})" if heading else ", ".join(kinds)
    heading_words = words_of(heading)
    passages = [Passage(heading, heading_words, certain)] if heading else []
    if bullets_alone:
        passages += [Passage(bullet, words_of(bullet), certain) for bullet in bullets]
    if heading:
        passages += [
            Passage(bullet, heading_words + words_of(bullet), certain) for bullet in bullets
        ]
    return passages


def own_words_passages(position: Mapping[str, Any]) -> tuple[Passage, ...]:
    """The heading and bullets exactly as the CV writes them, each alone."""
    heading = heading_of(position)
    texts = [heading, *(b.strip() for b in position.get("bullets") or () if b and b.strip())]
    return tuple(Passage(text, words_of(text), certain=False) for text in texts if text)


# Where a description places work "in an international organisation", these settings are
# the same for certain, or may be, for a person to judge.
_ORGANISATION_SLOTS = (("international",), ("organisation", "organization"))
_NEIGHBOURING_SETTINGS: tuple[tuple[str, bool], ...] = (
    ("international ngo", True),
    ("peace operation", True),
    ("diplomatic mission", False),
)


def neighbouring_settings(keyword: Keyword) -> tuple[Keyword, ...]:
    """Variants of a keyword that asks for a role in an international organisation, with
    the settings a careful reader also weighs: an international NGO or a peace operation (the
    same), a diplomatic mission (possibly: an ambassador manages at an international level,
    but not in an organisation)."""
    words = [slot[0] for slot in keyword.slots]
    if not set(words) & ROLE_WORDS:
        return ()
    for start in range(len(words) - 1):
        if words[start] in _ORGANISATION_SLOTS[0] and words[start + 1] in _ORGANISATION_SLOTS[1]:
            before, after = keyword.slots[:start], keyword.slots[start + 2 :]
            return tuple(
                Keyword(
                    keyword.tag,
                    f"{keyword.phrase} ({setting})",
                    before + tuple((word,) for word in setting.split()) + after,
                    certain and keyword.certain,
                )
                for setting, certain in _NEIGHBOURING_SETTINGS
            )
    return ()


# A tag is searched for only when at least one of its terms is this short or shorter.
_SEARCHABLE_SLOTS = 4
# A keyword this long, found but for one of its words in the CV's own words, makes its tag
# possible: "post-conflict areas" for "post-conflict recovery work" is worth a look.
_PARTIAL_MIN_SLOTS = 3


def keyword_mostly_in_passage(
    keyword: Keyword, passage_words: Iterable[str], similar: Mapping[str, frozenset[str]]
) -> bool:
    """Whether all but one slot of a long keyword match, and the one missing names the
    domain, not the role: "managing a mine action programme" is not half-found in a
    bullet about mine action, because the managing is what it asks for."""
    if len(keyword.slots) < _PARTIAL_MIN_SLOTS:
        return False
    present = set(passage_words)
    missing = [
        alternatives
        for alternatives in keyword.slots
        if not any(similar.get(alternative, frozenset()) & present for alternative in alternatives)
    ]
    found_specific = any(
        not _is_generic(alternatives)
        for alternatives in keyword.slots
        if alternatives not in missing
    )
    return len(missing) == 1 and not _is_generic(missing[0]) and found_specific


def _is_generic(alternatives: Sequence[str]) -> bool:
    return any(word in _GENERIC_WORDS for word in alternatives)


class PositionTagger:
    """Decides a position's tags by finding tag keywords in its heading and bullets."""

    def __init__(
        self,
        tag_descriptions: Mapping[str, str],
        synonyms: Mapping[str, Iterable[str]] | None = None,
        *,
        excluded_terms: Mapping[str, Iterable[str]] | None = None,
        word_threshold: int = DEFAULT_WORD_THRESHOLD,
    ) -> None:
        self._word_threshold = word_threshold
        self._keywords = self._build_keywords(
            tag_descriptions, synonyms or {}, excluded_terms or {}
        )
        self._searchable_tags = frozenset(
            keyword.tag for keyword in self._keywords if len(keyword.slots) <= _SEARCHABLE_SLOTS
        )
        self._keyword_words = frozenset(
            word for keyword in self._keywords for slot in keyword.slots for word in slot
        )

    @classmethod
    def for_vacancy(
        cls, criteria: VacancyCriteria, synonyms: Mapping[str, Iterable[str]] | None = None
    ) -> PositionTagger:
        """A tagger for the vacancy's tags, with the secretariat's synonyms if any."""
        terms = {tag: list(criteria.synonyms.get(tag, ())) for tag in criteria.tag_descriptions}
        for tag, extra in (synonyms or {}).items():
            terms.setdefault(tag, []).extend(extra)
        return cls(criteria.tag_descriptions, terms, excluded_terms=criteria.excluded_terms)

    @property
    def keywords(self) -> tuple[Keyword, ...]:
        return self._keywords

    @staticmethod
    def _build_keywords(
        tag_descriptions: Mapping[str, str],
        synonyms: Mapping[str, Iterable[str]],
        excluded_terms: Mapping[str, Iterable[str]],
    ) -> tuple[Keyword, ...]:
        excluded = {
            (tag, normalise_text(term)) for tag, terms in excluded_terms.items() for term in terms
        }
        keywords = [
            keyword
            for tag, description in tag_descriptions.items()
            for keyword in keywords_from_description(tag, description)
            if (tag, keyword.phrase.replace("/", " ")) not in excluded
            and (tag, keyword.phrase) not in excluded
        ]
        for tag, phrases in synonyms.items():
            if tag not in tag_descriptions:
                continue
            for phrase in phrases:
                keyword = keyword_from_phrase(tag, phrase, from_description=False)
                if keyword is not None:
                    keywords.append(keyword)
        keywords += [variant for keyword in keywords for variant in neighbouring_settings(keyword)]
        return tuple(dict.fromkeys(keywords))

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
            found = next(
                (p for p in passages if keyword_in_passage(keyword, p.words, similar)), None
            )
            if found is not None:
                certain = found.certain and keyword.certain
                matches.append(TagMatch(keyword.tag, keyword.phrase, found.text, certain))
        certain_tags = {match.tag for match in matches if match.certain}
        for keyword in self._keywords:
            if keyword.tag in certain_tags:
                continue
            for passage in own_words_passages(position):
                if keyword_mostly_in_passage(keyword, passage.words, similar):
                    matches.append(TagMatch(keyword.tag, keyword.phrase, passage.text, False))
                    break
        return tuple(matches)

    def can_rule_out(self, tag: str) -> bool:
        """A tag whose every term is a long phrase ("drafting policy papers for diplomatic
        audiences") is rarely written that way in a CV: its absence proves nothing."""
        return tag in self._searchable_tags

    def tags_for(self, position: Mapping[str, Any]) -> set[str]:
        """The tags the position certainly carries."""
        return {match.tag for match in self.matches_for(position) if match.certain}


def matching_terms(criteria: VacancyCriteria) -> dict[str, dict[str, Any]]:
    """What the matcher looks for, per tag, for the secretariat to see and edit: the terms
    taken from the description and proposed by the thesaurus (each marked struck when the
    secretariat excluded it), the secretariat's own synonyms, and whether the terms are
    short enough for a missing match to count (`searchable`); if not, its verdicts stay
    unclear until the secretariat adds a synonym."""
    tagger = PositionTagger.for_vacancy(criteria)
    terms: dict[str, dict[str, Any]] = {}
    for tag, description in criteria.tag_descriptions.items():
        excluded = {normalise_text(term) for term in criteria.excluded_terms.get(tag, ())}
        proposed = dict.fromkeys(k.phrase for k in keywords_from_description(tag, description))
        terms[tag] = {
            "description": description,
            "proposed": [
                {
                    "term": phrase,
                    "excluded": phrase in excluded or phrase.replace("/", " ") in excluded,
                }
                for phrase in proposed
            ],
            "synonyms": list(criteria.synonyms.get(tag, ())),
            "searchable": tagger.can_rule_out(tag),
        }
    return terms
