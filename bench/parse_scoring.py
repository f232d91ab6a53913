"""How a parsed CV profile is scored against its ground truth, field by field (pure, no I/O).

Every field is counted as true positives (`tp`), values predicted and values expected,
summed over CVs, so that precision = tp/predicted, recall = tp/expected and F1 is their
harmonic mean (a ratio with nothing to divide by is 1.0 when nothing was expected either,
else 0.0). For one value: right → tp, predicted and expected all +1; wrong → predicted
and expected +1 (it counts against both); missing from the prediction → expected +1 only
(against recall); predicted where the truth has none → predicted +1 only. Contact: `name`
compares case-insensitively with whitespace collapsed (CVs often print it in CAPITALS),
`email` case-insensitively, `phone` by its digits only after dropping a leading `+` or
`00` and a `(0)` trunk prefix (so "+41 22 123 45 67" = "0041221234567"), `city` and
`country` case-insensitively. Texts are otherwise normalised (case-folded, dots and
apostrophes dropped, other punctuation made a space) before fuzzy comparison; a fuzzy
match (`rapidfuzz.fuzz.token_set_ratio`, which forgives word order and a subset of
words) on a title, a degree, a field or an institution also needs the shorter text to
keep at least half as many words as the longer, so that "Adviser" never passes for
"Adviser, Cooperation and Assistance". Positions are paired one-to-one, greedily, best
score first: a pair needs employers with token_set_ratio ≥ 85 and date spans that share
a month (a prediction without any date can pair on the employer alone, ranked below
dated candidates); the score adds the month overlap (Jaccard) and exact start and end.
An unpaired truth position is a miss for every position field, an unpaired prediction a
false positive for every field it fills (`position.employer` counts positions: every
unpaired prediction is a false positive there). Paired fields: `position.employer` right
by pairing; `position.title` token_set_ratio ≥ 90; `position.start` and `position.end`
the exact month, an end being right also when both sides are ongoing (the truth writes
ongoing as `end: null`; a prediction is ongoing when `ongoing` is true, or `end` is null
and it has no `ongoing` key; `end: null` with `ongoing: false` is a missing end);
`position.dates` both start and end right; `position.place` the city, case-insensitive.
Degrees pair on the same level and year, or degree names as written similar ≥ 90
(same-year, same-level pairs rank first); fields: `education.level` equal,
`education.field` the normalised `field` equal after lower-casing or `field_as_written`
similar ≥ 90, `education.institution` similar ≥ 90, `education.year` equal. Languages pair
on the English language name, case-insensitive, the same level first (a language
predicted twice is one false positive); fields `language.name` (counts languages) and
`language.level` (equal enum).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

EMPLOYER_PAIRING_THRESHOLD = 85
TITLE_THRESHOLD = 90
DEGREE_NAME_THRESHOLD = 90
FIELD_THRESHOLD = 90
INSTITUTION_THRESHOLD = 90
# An ongoing position's span ends here when months are compared (December 2199).
_OPEN_END_MONTH = 2199 * 12 + 11

CONTACT_FIELDS = ("name", "email", "phone", "city", "country")
FIELDS: tuple[str, ...] = (
    *(f"contact.{name}" for name in CONTACT_FIELDS),
    "position.employer",
    "position.title",
    "position.start",
    "position.end",
    "position.dates",
    "position.place",
    "education.level",
    "education.field",
    "education.institution",
    "education.year",
    "language.name",
    "language.level",
)

ProfileData = Mapping[str, Any]
Entry = Mapping[str, Any]
ONGOING = "ongoing"


@dataclass
class FieldCounts:
    """True positives, predicted values and expected values of one field."""

    true_positives: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.predicted, self.expected == 0)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.expected, self.predicted == 0)

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        if precision + recall == 0:
            return 0.0
        return 2 * precision * recall / (precision + recall)

    def add(self, other: FieldCounts) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.expected += other.expected

    def as_dict(self, digits: int = 4) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, digits),
            "recall": round(self.recall, digits),
            "f1": round(self.f1, digits),
            "tp": self.true_positives,
            "predicted": self.predicted,
            "expected": self.expected,
        }


Scores = dict[str, FieldCounts]


def _ratio(numerator: int, denominator: int, nothing_on_either_side: bool) -> float:
    if denominator == 0:
        return 1.0 if nothing_on_either_side else 0.0
    return numerator / denominator


def empty_scores() -> Scores:
    return {field: FieldCounts() for field in FIELDS}


def sum_scores(per_cv: Iterable[Scores]) -> Scores:
    """Add up the counts of several CVs, field by field."""
    total = empty_scores()
    for scores in per_cv:
        for field, counts in scores.items():
            total.setdefault(field, FieldCounts()).add(counts)
    return total


def score_profile(predicted: ProfileData, truth: ProfileData) -> Scores:
    """Count every field of one predicted profile against its truth."""
    scores = empty_scores()
    _score_contact(predicted.get("contact") or {}, truth.get("contact") or {}, scores)
    _score_positions(_entries(predicted, "positions"), _entries(truth, "positions"), scores)
    _score_education(_entries(predicted, "education"), _entries(truth, "education"), scores)
    _score_languages(_entries(predicted, "languages"), _entries(truth, "languages"), scores)
    return scores


# --- counting one value ------------------------------------------------------------------


def _count(
    counts: FieldCounts,
    truth_value: object,
    predicted_value: object,
    same: Callable[[Any, Any], bool],
) -> None:
    has_truth, has_prediction = _present(truth_value), _present(predicted_value)
    counts.expected += has_truth
    counts.predicted += has_prediction
    counts.true_positives += has_truth and has_prediction and same(truth_value, predicted_value)


def _present(value: object) -> bool:
    if value is None:
        return False
    return not (isinstance(value, str) and not value.strip())


def _entries(profile: ProfileData, key: str) -> list[Entry]:
    return [entry for entry in profile.get(key) or [] if isinstance(entry, Mapping)]


# --- normalising and comparing text ------------------------------------------------------


def collapse(value: object) -> str:
    """Case-folded, with runs of whitespace made one space."""
    return " ".join(str(value).split()).casefold()


def normalise_text(value: object) -> str:
    """Case-folded, dots and apostrophes dropped ("LL.M." → "llm"), other punctuation a space."""
    if not _present(value):
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = re.sub(r"[.'\u2019`]", "", text)
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def text_similarity(first: object, second: object) -> float:
    """rapidfuzz token_set_ratio (0 to 100) of the normalised texts; 0 if either is empty."""
    first_text, second_text = normalise_text(first), normalise_text(second)
    if not first_text or not second_text:
        return 0.0
    return fuzz.token_set_ratio(first_text, second_text)


def similar_text(first: object, second: object, threshold: float) -> bool:
    """token_set_ratio ≥ threshold, and the shorter text keeps half the longer's words."""
    if text_similarity(first, second) < threshold:
        return False
    word_counts = sorted((len(normalise_text(first).split()), len(normalise_text(second).split())))
    return word_counts[0] * 2 >= word_counts[1]


def phone_digits(value: object) -> str:
    """The digits of a phone number without an international prefix (+ or 00) or a (0)."""
    text = str(value).strip().replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        return digits
    return digits[2:] if digits.startswith("00") else digits


def _same_collapsed(truth_value: object, predicted_value: object) -> bool:
    return collapse(truth_value) == collapse(predicted_value)


def _same_phone(truth_value: object, predicted_value: object) -> bool:
    truth_digits = phone_digits(truth_value)
    return bool(truth_digits) and truth_digits == phone_digits(predicted_value)


def _same_exact(truth_value: object, predicted_value: object) -> bool:
    return str(truth_value).strip() == str(predicted_value).strip()


# --- contact -----------------------------------------------------------------------------


def _score_contact(predicted: Entry, truth: Entry, scores: Scores) -> None:
    for name in CONTACT_FIELDS:
        same = _same_phone if name == "phone" else _same_collapsed
        _count(scores[f"contact.{name}"], truth.get(name), predicted.get(name), same)


# --- greedy one-to-one pairing -----------------------------------------------------------


def pair_greedily(
    truths: Sequence[Entry],
    predictions: Sequence[Entry],
    pair_score: Callable[[Entry, Entry], float | None],
) -> list[tuple[int, int]]:
    """Pairs (truth index, prediction index), best score first, each index used once.

    `pair_score` returns None for a pair that may not be made. Ties go to the pair whose
    places in the two lists are closest, then to the earliest.
    """
    candidates = []
    for truth_index, truth in enumerate(truths):
        for predicted_index, predicted in enumerate(predictions):
            score = pair_score(truth, predicted)
            if score is not None:
                distance = abs(truth_index - predicted_index)
                candidates.append((-score, distance, truth_index, predicted_index))
    candidates.sort()
    used_truths: set[int] = set()
    used_predictions: set[int] = set()
    pairs = []
    for _, _, truth_index, predicted_index in candidates:
        if truth_index in used_truths or predicted_index in used_predictions:
            continue
        used_truths.add(truth_index)
        used_predictions.add(predicted_index)
        pairs.append((truth_index, predicted_index))
    return sorted(pairs)


def _score_pairs(
    truths: Sequence[Entry],
    predictions: Sequence[Entry],
    pairs: list[tuple[int, int]],
    field_rules: Mapping[str, tuple[Callable[[Entry], object], Callable[[Any, Any], bool]]],
    scores: Scores,
) -> None:
    """Count each field over pairs, then unpaired truths (misses) and predictions (extras)."""
    paired_truths = {truth_index for truth_index, _ in pairs}
    paired_predictions = {predicted_index for _, predicted_index in pairs}
    for field, (value_of, same) in field_rules.items():
        counts = scores[field]
        for truth_index, predicted_index in pairs:
            _count(
                counts, value_of(truths[truth_index]), value_of(predictions[predicted_index]), same
            )
        for index, truth in enumerate(truths):
            if index not in paired_truths:
                counts.expected += _present(value_of(truth))
        for index, predicted in enumerate(predictions):
            if index not in paired_predictions:
                counts.predicted += _present(value_of(predicted))


# --- positions ---------------------------------------------------------------------------


def month_number(value: object) -> int | None:
    """ "2014-02" → a month count; None when the value is not a YYYY-MM month."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(value)) if _present(value) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def position_end(position: Entry) -> str | None:
    """The end month, "ongoing", or None when the end is missing (see the module rules)."""
    end = position.get("end")
    if _present(end):
        return str(end).strip()
    if position.get("ongoing") is True or "ongoing" not in position:
        return ONGOING
    return None


def _position_start(position: Entry) -> str | None:
    start = position.get("start")
    return str(start).strip() if _present(start) else None


def _position_dates(position: Entry) -> tuple[str | None, str | None] | None:
    start, end = _position_start(position), position_end(position)
    if start is None and end in (None, ONGOING):
        return None
    return (start, end)


def month_span(position: Entry) -> tuple[int, int] | None:
    """First and last month covered (an ongoing end is open), or None without any date."""
    start = month_number(_position_start(position))
    end_value = position_end(position)
    end = _OPEN_END_MONTH if end_value == ONGOING else month_number(end_value)
    if start is None and end in (None, _OPEN_END_MONTH):
        return None
    first = start if start is not None else end
    last = end if end is not None else start
    return (min(first, last), max(first, last))


def _month_overlap(first: tuple[int, int], second: tuple[int, int]) -> float:
    shared = min(first[1], second[1]) - max(first[0], second[0]) + 1
    if shared <= 0:
        return 0.0
    union = max(first[1], second[1]) - min(first[0], second[0]) + 1
    return shared / union


def _position_pair_score(truth: Entry, predicted: Entry) -> float | None:
    employer = text_similarity(truth.get("employer"), predicted.get("employer"))
    if employer < EMPLOYER_PAIRING_THRESHOLD:
        return None
    predicted_span, truth_span = month_span(predicted), month_span(truth)
    if predicted_span is None or truth_span is None:
        return employer
    overlap = _month_overlap(truth_span, predicted_span)
    if overlap == 0:
        return None
    exact_start = _position_start(truth) == _position_start(predicted)
    exact_end = position_end(truth) == position_end(predicted)
    return employer + 100 + 50 * overlap + 50 * exact_start + 50 * exact_end


def _same_title(truth_value: object, predicted_value: object) -> bool:
    return similar_text(truth_value, predicted_value, TITLE_THRESHOLD)


def _score_positions(predictions: list[Entry], truths: list[Entry], scores: Scores) -> None:
    pairs = pair_greedily(truths, predictions, _position_pair_score)
    employer = scores["position.employer"]
    employer.true_positives += len(pairs)
    employer.expected += len(truths)
    employer.predicted += len(predictions)
    rules = {
        "position.title": (lambda position: position.get("title"), _same_title),
        "position.start": (_position_start, _same_exact),
        "position.end": (position_end, _same_exact),
        "position.dates": (_position_dates, lambda truth, predicted: truth == predicted),
        "position.place": (lambda position: position.get("city"), _same_collapsed),
    }
    _score_pairs(truths, predictions, pairs, rules, scores)


# --- education ---------------------------------------------------------------------------


def _year(degree: Entry) -> int | None:
    value = degree.get("year_completed")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = re.fullmatch(r"\s*(\d{4})\s*", str(value)) if _present(value) else None
    return int(match.group(1)) if match else None


def _level(degree: Entry) -> str | None:
    level = degree.get("level")
    return collapse(level) if _present(level) else None


def _degree_pair_score(truth: Entry, predicted: Entry) -> float | None:
    same_level = _level(truth) is not None and _level(truth) == _level(predicted)
    same_year = _year(truth) is not None and _year(truth) == _year(predicted)
    names_similar = similar_text(
        truth.get("degree_as_written"), predicted.get("degree_as_written"), DEGREE_NAME_THRESHOLD
    )
    if not (same_level and same_year) and not names_similar:
        return None
    name_score = text_similarity(truth.get("degree_as_written"), predicted.get("degree_as_written"))
    return 200 * (same_level and same_year) + 50 * same_year + 25 * same_level + name_score


def _field_value(degree: Entry) -> tuple[str, str] | None:
    field, as_written = degree.get("field"), degree.get("field_as_written")
    if not _present(field) and not _present(as_written):
        return None
    return (collapse(field) if _present(field) else "", str(as_written or ""))


def _same_field(truth: tuple[str, str], predicted: tuple[str, str]) -> bool:
    if truth[0] and truth[0] == predicted[0]:
        return True
    return similar_text(truth[1], predicted[1], FIELD_THRESHOLD)


def _same_institution(truth_value: object, predicted_value: object) -> bool:
    return similar_text(truth_value, predicted_value, INSTITUTION_THRESHOLD)


def _score_education(predictions: list[Entry], truths: list[Entry], scores: Scores) -> None:
    pairs = pair_greedily(truths, predictions, _degree_pair_score)
    rules = {
        "education.level": (_level, _same_exact),
        "education.field": (_field_value, _same_field),
        "education.institution": (lambda degree: degree.get("institution"), _same_institution),
        "education.year": (_year, _same_exact),
    }
    _score_pairs(truths, predictions, pairs, rules, scores)


# --- languages ---------------------------------------------------------------------------


def _language_name(language: Entry) -> str | None:
    name = language.get("language")
    return collapse(name) if _present(name) else None


def _language_level(language: Entry) -> str | None:
    level = language.get("level")
    return collapse(level) if _present(level) else None


def _language_pair_score(truth: Entry, predicted: Entry) -> float | None:
    name = _language_name(truth)
    if name is None or name != _language_name(predicted):
        return None
    level = _language_level(truth)
    return 2.0 if level is not None and level == _language_level(predicted) else 1.0


def _score_languages(predictions: list[Entry], truths: list[Entry], scores: Scores) -> None:
    pairs = pair_greedily(truths, predictions, _language_pair_score)
    rules = {
        "language.name": (_language_name, _same_exact),
        "language.level": (
            lambda language: (
                collapse(language["level"]) if _present(language.get("level")) else None
            ),
            _same_exact,
        ),
    }
    _score_pairs(truths, predictions, pairs, rules, scores)
