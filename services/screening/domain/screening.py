"""Screening a candidate profile against a vacancy's criteria.

This module owns the verdicts: `screen()` reads a parsed CV profile (the `profile` of a
`cv.parsed` event), tags its positions with a tagger, counts experience months per tag,
applies each criterion's rule and returns a `ScreeningResult` with, per criterion, a verdict
(met / not_met / unclear), a figure a person can read, the CV passages that support it, and
the long-list proposal. When the CV leaves a doubt (an undated tagged position, a degree in a
field that is not listed, a language level not stated) the verdict is unclear rather than
not_met, because a wrong rejection costs more than a second look.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import fuzz

from services.screening.domain.criteria import (
    ABSENT_LANGUAGE,
    LANGUAGE_LEVELS,
    AllOfRule,
    AnyOfRule,
    Criterion,
    EducationOrExperienceInLieuRule,
    EducationRule,
    ExperienceAnyRule,
    ExperienceMonthsGradedRule,
    ExperienceMonthsRule,
    LanguageAnyRule,
    LanguageRule,
    Rule,
    UnassessableRule,
    VacancyCriteria,
    Verdict,
)
from services.screening.domain.matching import (
    Tagger,
    TagMatch,
    content_words,
    heading_of,
    normalise_text,
)
from services.screening.domain.months import (
    Month,
    MonthInterval,
    MonthTally,
    describe_positions,
    parse_month_or_none,
    tally_positions,
)

Proposal = Literal["long_list", "needs_review", "not_eligible"]

FIELD_MATCH_THRESHOLD = 85


@dataclass(frozen=True)
class EvidencePassage:
    """A CV passage behind a verdict, for the candidate page to highlight: its text as the
    CV writes it, the profile entry it belongs to ("position", "education" or "language"
    and its index) and that entry's place in the CV text (`source`: page, start, end)."""

    text: str
    entry: str
    index: int
    source: Mapping[str, Any] | None = None
    certain: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "entry": self.entry,
            "index": self.index,
            "source": dict(self.source) if self.source else None,
            "certain": self.certain,
        }


@dataclass(frozen=True)
class CriterionAssessment:
    criterion_id: str
    mandatory: bool
    verdict: Verdict
    figure: str
    evidence: tuple[str, ...] = ()
    positions: tuple[int, ...] = ()
    education: tuple[int, ...] = ()
    months: int | None = None
    passages: tuple[EvidencePassage, ...] = ()


@dataclass(frozen=True)
class ScreeningResult:
    assessments: tuple[CriterionAssessment, ...]
    proposal: Proposal
    reference_month: Month

    @property
    def verdicts(self) -> dict[str, Verdict]:
        return {assessment.criterion_id: assessment.verdict for assessment in self.assessments}

    def assessment(self, criterion_id: str) -> CriterionAssessment:
        for assessment in self.assessments:
            if assessment.criterion_id == criterion_id:
                return assessment
        raise KeyError(criterion_id)


def propose(assessments: Sequence[CriterionAssessment]) -> Proposal:
    """The long-list rule: every mandatory criterion met → long list; none not met but some
    unclear → needs review; otherwise not eligible. Desirable criteria never change it."""
    mandatory_verdicts = {a.verdict for a in assessments if a.mandatory}
    if "not_met" in mandatory_verdicts:
        return "not_eligible"
    if "unclear" in mandatory_verdicts:
        return "needs_review"
    return "long_list"


# --- the candidate's facts --------------------------------------------------------------


@dataclass(frozen=True)
class TaggedPosition:
    index: int
    position: Mapping[str, Any]
    interval: MonthInterval | None
    matches: tuple[TagMatch, ...]

    @property
    def tags(self) -> frozenset[str]:
        """The tags the position certainly carries."""
        return frozenset(match.tag for match in self.matches if match.certain)

    @property
    def possible_tags(self) -> frozenset[str]:
        """The tags the position may carry: certain ones and those with weaker evidence."""
        return frozenset(match.tag for match in self.matches)


@dataclass(frozen=True)
class TagExperience:
    """A tag's positions in a CV and the union of their months.

    `positions` certainly carry the tag, `possible` may; `months` counts the first, and
    `upper_months` what the count would be if every possible position counted too (None
    when an undated position leaves it open). A verdict that differs between the two
    counts is unclear: the machine does not decide what a person should.
    """

    tag: str | None
    tally: MonthTally
    positions: tuple[TaggedPosition, ...]
    undated: tuple[TaggedPosition, ...]
    possible: tuple[TaggedPosition, ...] = ()
    upper_tally: MonthTally | None = None
    within_tag: str | None = None
    searchable: bool = True

    @property
    def months(self) -> int:
        return self.tally.months

    @property
    def upper_months(self) -> int | None:
        if not self.searchable or any(p.interval is None for p in (*self.undated, *self.possible)):
            return None
        return (self.upper_tally or self.tally).months

    @property
    def position_indices(self) -> tuple[int, ...]:
        return tuple(p.index for p in (*self.positions, *self.undated))

    @property
    def possible_indices(self) -> tuple[int, ...]:
        return tuple(p.index for p in self.possible)

    @property
    def subject(self) -> str:
        if self.within_tag is None:
            return tag_label(self.tag)
        return f"{tag_label(self.tag)} within {tag_label(self.within_tag)}"

    def figure(self) -> str:
        text = self.tally.describe(self.subject)
        if self.undated:
            text += (
                f"; {describe_positions(p.index for p in self.undated)} not counted (dates unclear)"
            )
        if not self.searchable:
            text += (
                f"; the terms for {self.subject} are too specific to rule out other positions: "
                "review the vacancy's matching terms"
            )
        if self.possible:
            upper = self.upper_months
            text += f"; {describe_positions(self.possible_indices)} may also count"
            text += f" (up to {upper} months)" if upper is not None else ""
        return text

    def evidence(self) -> tuple[str, ...]:
        """One line per CV passage that shows the tag, led by its position's heading;
        passages that only may show it say so."""
        certain = tuple(
            _evidence_line(p, passage)
            for p in (*self.positions, *self.undated)
            for passage in _distinct_passages(p, self.tag, certain=True)
        )
        possible = tuple(
            f"{_evidence_line(p, passage)} (may count)"
            for p in self.possible
            for passage in _distinct_passages(p, self.tag, certain=False)
        )
        return certain + possible

    def passages(self) -> tuple[EvidencePassage, ...]:
        return tuple(
            EvidencePassage(
                _cv_text(p, passage), "position", p.index, p.position.get("source"), certain
            )
            for group, certain in (((*self.positions, *self.undated), True), (self.possible, False))
            for p in group
            for passage in _distinct_passages(p, self.tag, certain=certain)
        )


def _cv_text(position: TaggedPosition, passage: str) -> str:
    """The passage as the CV writes it: the heading without the organisation kinds added."""
    heading = heading_of(position.position)
    return heading if heading and passage.startswith(heading) else passage


def tag_label(tag: str | None) -> str:
    """A tag as people read it: "international_relations" → "international relations"."""
    return "professional experience" if tag is None else tag.replace("_", " ")


def _evidence_line(position: TaggedPosition, passage: str) -> str:
    heading = heading_of(position.position)
    line = f"{describe_positions([position.index])} ({heading})"
    if passage.startswith(heading):
        return f"{line} {passage[len(heading) :].strip()}".strip()
    return f"{line}: {passage}"


def _distinct_passages(position: TaggedPosition, tag: str | None, *, certain: bool) -> list[str]:
    """The passages showing `tag`, each once, the position's heading first."""
    heading = heading_of(position.position)
    if tag is None:
        # Every position counts when no kind of work is asked for: its heading is the evidence.
        return [heading] if certain and heading else []
    passages = dict.fromkeys(
        match.passage for match in position.matches if match.tag == tag and match.certain == certain
    )
    return sorted(passages, key=lambda passage: not passage.startswith(heading))


@dataclass(frozen=True)
class CandidateFacts:
    education: tuple[Mapping[str, Any], ...]
    languages: tuple[Mapping[str, Any], ...]
    positions: tuple[TaggedPosition, ...]
    reference_month: Month
    # Tags the matcher has no short enough terms for: not finding them proves nothing.
    unsearchable_tags: frozenset[str] = frozenset()

    def experience(self, tag: str | None, within_tag: str | None = None) -> TagExperience:
        """The positions that carry `tag` (all positions when None) and `within_tag`."""

        def certain(p: TaggedPosition) -> bool:
            return all(t is None or t in p.tags for t in (tag, within_tag))

        def possible(p: TaggedPosition) -> bool:
            return all(t is None or t in p.possible_tags for t in (tag, within_tag))

        tagged = [p for p in self.positions if certain(p)]
        maybe = [p for p in self.positions if possible(p) and not certain(p)]
        dated = [p for p in tagged if p.interval is not None]
        upper = [p for p in (*dated, *maybe) if p.interval is not None]
        return TagExperience(
            tag=tag,
            within_tag=within_tag,
            tally=tally_positions(_intervals(dated), self.reference_month),
            positions=tuple(dated),
            undated=tuple(p for p in tagged if p.interval is None),
            possible=tuple(maybe),
            upper_tally=tally_positions(_intervals(upper), self.reference_month),
            searchable=not {tag, within_tag} & self.unsearchable_tags,
        )


def _intervals(positions: Sequence[TaggedPosition]) -> dict[int, MonthInterval]:
    return {p.index: p.interval for p in positions if p.interval is not None}


def position_interval(position: Mapping[str, Any], reference_month: Month) -> MonthInterval | None:
    """The months a position covers; None when its dates cannot be counted."""
    start = parse_month_or_none(position.get("start"))
    end = parse_month_or_none(position.get("end"))
    if end is None and position.get("ongoing"):
        # An ongoing position that starts after the reference month still gets a valid
        # interval; clipping at the reference month then counts none of it.
        end = max(reference_month, start) if start else None
    if start is None or end is None or end < start:
        return None
    return MonthInterval(start, end)


def candidate_facts(
    profile: Mapping[str, Any],
    tagger: Tagger,
    reference_month: Month,
    unsearchable_tags: frozenset[str] = frozenset(),
) -> CandidateFacts:
    positions = tuple(
        TaggedPosition(
            index=index,
            position=position,
            interval=position_interval(position, reference_month),
            matches=tagger.matches_for(position),
        )
        for index, position in enumerate(profile.get("positions") or ())
    )
    return CandidateFacts(
        education=tuple(profile.get("education") or ()),
        languages=tuple(profile.get("languages") or ()),
        positions=positions,
        reference_month=reference_month,
        unsearchable_tags=unsearchable_tags,
    )


# --- screening ----------------------------------------------------------------------------


def screen(
    profile: Mapping[str, Any],
    criteria: VacancyCriteria,
    tagger: Tagger,
    *,
    reference_month: Month | None = None,
) -> ScreeningResult:
    """Assess every criterion of the vacancy for the profile and propose a long-list outcome.

    Experience counts up to `reference_month`, by default the criteria's reference date.
    """
    month = reference_month or criteria.reference_month
    if month is None:
        raise ValueError("no reference month: the criteria give no reference_date")
    unsearchable = frozenset(
        tag for tag in criteria.tag_descriptions if not tagger.can_rule_out(tag)
    )
    facts = candidate_facts(profile, tagger, month, unsearchable)
    assessments = tuple(assess(criterion, facts) for criterion in criteria.criteria)
    return ScreeningResult(
        assessments=assessments, proposal=propose(assessments), reference_month=month
    )


def assess(criterion: Criterion, facts: CandidateFacts) -> CriterionAssessment:
    outcome = assess_rule(criterion.rule, facts)
    return CriterionAssessment(
        criterion_id=criterion.id,
        mandatory=criterion.mandatory,
        verdict=outcome.verdict,
        figure=outcome.figure,
        evidence=outcome.evidence,
        positions=outcome.positions,
        education=outcome.education,
        months=outcome.months,
        passages=outcome.passages,
    )


@dataclass(frozen=True)
class RuleOutcome:
    verdict: Verdict
    figure: str
    evidence: tuple[str, ...] = ()
    positions: tuple[int, ...] = ()
    education: tuple[int, ...] = ()
    months: int | None = None
    passages: tuple[EvidencePassage, ...] = ()


def assess_rule(rule: Rule, facts: CandidateFacts) -> RuleOutcome:
    match rule:
        case EducationRule():
            return assess_education(rule, facts)
        case EducationOrExperienceInLieuRule():
            return assess_education_or_experience_in_lieu(rule, facts)
        case ExperienceMonthsRule():
            return assess_experience_months(rule, facts)
        case ExperienceMonthsGradedRule():
            return assess_experience_months_graded(rule, facts)
        case ExperienceAnyRule():
            return assess_experience_any(rule, facts)
        case LanguageRule():
            return assess_language(rule, facts)
        case LanguageAnyRule():
            return assess_language_any(rule, facts)
        case AllOfRule():
            return assess_all_of(rule, facts)
        case AnyOfRule():
            return assess_any_of(rule, facts)
        case UnassessableRule():
            return RuleOutcome("unclear", f"{rule.reason}; a person must assess this criterion")
    return RuleOutcome("unclear", f"rule {type(rule).__name__} is not handled by the screening")


# --- experience ---------------------------------------------------------------------------


def _experience_outcome(
    verdict: Verdict, experience: TagExperience, requirement: str
) -> RuleOutcome:
    return RuleOutcome(
        verdict=verdict,
        figure=f"{experience.figure()}; {requirement}",
        evidence=experience.evidence(),
        positions=experience.position_indices + experience.possible_indices,
        months=experience.months,
        passages=experience.passages(),
    )


def _bounded(verdict_for: Callable[[int | None], Verdict], experience: TagExperience) -> Verdict:
    """The verdict on the counted months if the months that may also count would not change
    it; unclear if they would. An open upper bound (undated positions) is None."""
    lower = verdict_for(experience.months)
    upper = verdict_for(experience.upper_months)
    return lower if lower == upper else "unclear"


def assess_experience_months(rule: ExperienceMonthsRule, facts: CandidateFacts) -> RuleOutcome:
    experience = facts.experience(rule.tag, rule.within_tag)

    def verdict_for(months: int | None) -> Verdict:
        return "met" if months is None or months >= rule.min_months else "not_met"

    return _experience_outcome(
        _bounded(verdict_for, experience), experience, f"{rule.min_months} required"
    )


def assess_experience_months_graded(
    rule: ExperienceMonthsGradedRule, facts: CandidateFacts
) -> RuleOutcome:
    experience = facts.experience(rule.tag, rule.within_tag)

    def verdict_for(months: int | None) -> Verdict:
        if months is None or months >= rule.met_min_months:
            return "met"
        if rule.unclear_min_months <= months <= rule.unclear_max_months:
            return "unclear"
        return "not_met"

    requirement = (
        f"{rule.met_min_months} required; "
        f"{rule.unclear_min_months} to {rule.unclear_max_months} needs a person"
    )
    return _experience_outcome(_bounded(verdict_for, experience), experience, requirement)


def assess_experience_any(rule: ExperienceAnyRule, facts: CandidateFacts) -> RuleOutcome:
    experience = facts.experience(rule.tag, rule.within_tag)
    if experience.position_indices:
        verdict: Verdict = "met"
        figure = experience.figure()
    elif experience.possible or not experience.searchable:
        verdict = "unclear"
        figure = (
            f"{describe_positions(experience.possible_indices)} may show "
            f"{experience.subject}; a person must judge"
            if experience.possible
            else experience.figure()
        )
    else:
        verdict = "not_met"
        figure = f"no position shows {experience.subject}"
    return RuleOutcome(
        verdict=verdict,
        figure=figure,
        evidence=experience.evidence(),
        positions=experience.position_indices + experience.possible_indices,
        months=experience.months,
        passages=experience.passages(),
    )


# --- combinations -------------------------------------------------------------------------


def assess_all_of(rule: AllOfRule, facts: CandidateFacts) -> RuleOutcome:
    """Met when every part is; not met when any part is not; else unclear."""
    parts = [assess_rule(part, facts) for part in rule.rules]
    verdicts = {part.verdict for part in parts}
    verdict: Verdict = (
        "not_met" if "not_met" in verdicts else "unclear" if "unclear" in verdicts else "met"
    )
    return _combined(verdict, "all of", list(enumerate(parts, 1)))


def assess_any_of(rule: AnyOfRule, facts: CandidateFacts) -> RuleOutcome:
    """Met when one option is; not met when none can be; else unclear."""
    options = [assess_rule(option, facts) for option in rule.options]
    verdicts = {option.verdict for option in options}
    verdict: Verdict = (
        "met" if "met" in verdicts else "unclear" if "unclear" in verdicts else "not_met"
    )
    numbered = list(enumerate(options, 1))
    chosen = [(n, o) for n, o in numbered if o.verdict == "met"] if verdict == "met" else numbered
    return _combined(verdict, "one of", chosen)


def _combined(
    verdict: Verdict, joiner: str, numbered_parts: Sequence[tuple[int, RuleOutcome]]
) -> RuleOutcome:
    """One outcome for several parts, each part's figure under its number in the rule."""
    parts = [part for _, part in numbered_parts]
    figures = [f"({number}) {part.figure} → {part.verdict}" for number, part in numbered_parts]
    return RuleOutcome(
        verdict=verdict,
        figure=f"{joiner}: " + "; ".join(figures),
        evidence=tuple(dict.fromkeys(line for part in parts for line in part.evidence)),
        positions=tuple(sorted({i for part in parts for i in part.positions})),
        education=tuple(sorted({i for part in parts for i in part.education})),
        passages=tuple(dict.fromkeys(p for part in parts for p in part.passages)),
    )


# --- education ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Degree:
    index: int
    entry: Mapping[str, Any]
    rank: int | None
    level: str | None
    in_accepted_field: bool

    def describe(self) -> str:
        """E.g. "master (MA, International Relations)"."""
        written = [self.entry.get("degree_as_written"), _field_as_written(self.entry)]
        details = ", ".join(str(part) for part in written if part)
        level = self.level or "level unknown"
        return f"{level} ({details})" if details else level

    def evidence_line(self) -> str:
        parts = [
            self.entry.get("degree_as_written"),
            _field_as_written(self.entry),
            self.entry.get("institution"),
            self.entry.get("year_completed"),
        ]
        return ", ".join(str(part) for part in parts if part)


def _field_as_written(entry: Mapping[str, Any]) -> str | None:
    return entry.get("field_as_written") or entry.get("field")


def field_matches(candidate_field: str, accepted_field: str) -> bool:
    """Lenient: a spelling variant ("Political Sciences") or a candidate field that contains
    every word of the accepted one ("Public International Law" ⊇ "international law")."""
    candidate_words = content_words(candidate_field)
    accepted_words = content_words(accepted_field)
    if not candidate_words or not accepted_words:
        return False
    spelling = fuzz.token_sort_ratio(" ".join(candidate_words), " ".join(accepted_words))
    if spelling >= FIELD_MATCH_THRESHOLD:
        return True
    return all(
        any(fuzz.ratio(word, other) >= FIELD_MATCH_THRESHOLD for other in candidate_words)
        for word in accepted_words
    )


def in_accepted_field(entry: Mapping[str, Any], accepted_fields: Sequence[str]) -> bool:
    """Whether the degree's field is one of `accepted_fields`; any field is when none is
    named ("a master's degree")."""
    if not accepted_fields:
        return True
    candidate_fields = [f for f in (entry.get("field"), entry.get("field_as_written")) if f]
    return any(
        field_matches(candidate, accepted)
        for candidate in candidate_fields
        for accepted in accepted_fields
    )


def degree_level(entry: Mapping[str, Any], rule: EducationRule) -> str | None:
    """The level the vacancy's equivalents give the degree's name, else the profile's level."""
    written = _degree_name_key(str(entry.get("degree_as_written") or ""))
    for name, level in rule.equivalents:
        if written and written == _degree_name_key(name):
            return level
    level = entry.get("level")
    return level if isinstance(level, str) else None


def _degree_name_key(name: str) -> str:
    """Degree names compare without case, accents, dots or spaces: "LL.M." = "LLM"."""
    return normalise_text(name).replace(" ", "")


def degrees_of(facts: CandidateFacts, rule: EducationRule) -> tuple[Degree, ...]:
    degrees = []
    for index, entry in enumerate(facts.education):
        level = degree_level(entry, rule)
        degrees.append(
            Degree(
                index=index,
                entry=entry,
                rank=rule.rank_of(level),
                level=level,
                in_accepted_field=in_accepted_field(entry, rule.accepted_fields),
            )
        )
    return tuple(degrees)


def _highest_first(degrees: Sequence[Degree]) -> list[Degree]:
    return sorted(
        degrees, key=lambda degree: -1 if degree.rank is None else degree.rank, reverse=True
    )


def _education_outcome(verdict: Verdict, figure: str, degrees: Sequence[Degree]) -> RuleOutcome:
    return RuleOutcome(
        verdict=verdict,
        figure=figure,
        evidence=tuple(degree.evidence_line() for degree in degrees),
        education=tuple(sorted(degree.index for degree in degrees)),
        passages=_degree_passages(degrees),
    )


def _degree_passages(degrees: Sequence[Degree]) -> tuple[EvidencePassage, ...]:
    return tuple(
        EvidencePassage(d.evidence_line(), "education", d.index, d.entry.get("source"))
        for d in degrees
    )


def assess_education(rule: EducationRule, facts: CandidateFacts) -> RuleOutcome:
    degrees = degrees_of(facts, rule)
    if not degrees:
        return RuleOutcome("unclear", "no education found in the CV")
    at_level = [d for d in degrees if d.rank is not None and d.rank >= rule.min_rank]
    qualifying = _highest_first([d for d in at_level if d.in_accepted_field])
    if qualifying:
        return _education_outcome("met", qualifying[0].describe(), qualifying)
    if at_level:
        best = _highest_first(at_level)
        figure = f"{best[0].describe()}: field not among the listed or accepted fields"
        return _education_outcome(rule.verdict_at_level_in_other_field, figure, best)
    unknown_level = [d for d in degrees if d.rank is None]
    if unknown_level:
        figure = f"{unknown_level[0].describe()}: level not recognised; {rule.min_level} required"
        return _education_outcome("unclear", figure, unknown_level)
    best = _highest_first(degrees)
    figure = f"highest: {best[0].describe()}; {rule.min_level} required"
    return _education_outcome(rule.verdict_below_level, figure, best[:1])


def assess_education_or_experience_in_lieu(
    rule: EducationOrExperienceInLieuRule, facts: CandidateFacts
) -> RuleOutcome:
    by_degree = assess_education(rule.education, facts)
    if by_degree.verdict == "met":
        return by_degree
    in_lieu = rule.in_lieu
    degree_rank = rule.education.levels.index(in_lieu.degree_level)
    lieu_degrees = _highest_first(
        [
            d
            for d in degrees_of(facts, rule.education)
            if d.rank is not None and d.rank >= degree_rank and d.in_accepted_field
        ]
    )
    if not lieu_degrees:
        return by_degree
    experience = facts.experience(in_lieu.qualifying_experience_tag)

    def verdict_for(months: int | None) -> Verdict:
        return "met" if months is None or months >= in_lieu.min_qualifying_months else "not_met"

    verdict = _bounded(verdict_for, experience)
    if verdict != "met" and by_degree.verdict == "unclear":
        return by_degree
    figure = (
        f"{lieu_degrees[0].describe()} with {experience.figure()}; "
        f"{in_lieu.min_qualifying_months} required in lieu of a {rule.education.min_level}"
    )
    return RuleOutcome(
        verdict=verdict,
        figure=figure,
        evidence=tuple(d.evidence_line() for d in lieu_degrees) + experience.evidence(),
        positions=experience.position_indices + experience.possible_indices,
        education=tuple(sorted(d.index for d in lieu_degrees)),
        months=experience.months,
        passages=_degree_passages(lieu_degrees) + experience.passages(),
    )


# --- languages ----------------------------------------------------------------------------


def _same_language(entry: Mapping[str, Any], language: str) -> bool:
    wanted = language.strip().casefold()
    names = (entry.get("language"), entry.get("language_as_written"))
    return any(isinstance(name, str) and name.strip().casefold() == wanted for name in names)


def _level_rank(level: str | None) -> int | None:
    return LANGUAGE_LEVELS.index(level) if level in LANGUAGE_LEVELS else None


def _level_rank_or_below_all(level: str | None) -> int:
    rank = _level_rank(level)
    return -1 if rank is None else rank


def _language_line(entry: Mapping[str, Any]) -> str:
    written = entry.get("language_as_written") or entry.get("language") or "?"
    level_written = entry.get("level_as_written")
    level = entry.get("level") or "level not stated"
    if level_written and level_written != level:
        return f"{written}: {level_written} ({level})"
    return f"{written}: {level}"


def _best_entry(entries: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The entry with the highest stated level; one with no level only if none states one."""
    if not entries:
        return None
    return max(entries, key=lambda entry: _level_rank_or_below_all(entry.get("level")))


def _language_outcome(
    verdict: Verdict, figure: str, entries: Sequence[Mapping[str, Any]], facts: CandidateFacts
) -> RuleOutcome:
    indices = {id(entry): index for index, entry in enumerate(facts.languages)}
    return RuleOutcome(
        verdict,
        figure,
        evidence=tuple(_language_line(entry) for entry in entries),
        passages=tuple(
            EvidencePassage(_language_line(e), "language", indices[id(e)], e.get("source"))
            for e in entries
            if id(e) in indices
        ),
    )


def assess_language(rule: LanguageRule, facts: CandidateFacts) -> RuleOutcome:
    entry = _best_entry([e for e in facts.languages if _same_language(e, rule.language)])
    if entry is None:
        level = ABSENT_LANGUAGE
    else:
        level = entry.get("level") if entry.get("level") in LANGUAGE_LEVELS else None
    entries = [entry] if entry is not None else []
    if level is None:
        return _language_outcome("unclear", f"{rule.language}: level not stated", entries, facts)
    verdict: Verdict
    if level in rule.met_levels:
        verdict = "met"
    elif level in rule.unclear_levels:
        verdict = "unclear"
    else:
        verdict = "not_met"
    figure = f"{rule.language}: {'not listed' if level == ABSENT_LANGUAGE else level}"
    required = f"{figure}; {' or '.join(rule.met_levels)} required"
    return _language_outcome(verdict, required, entries, facts)


def assess_language_any(rule: LanguageAnyRule, facts: CandidateFacts) -> RuleOutcome:
    """At least `min_count` of the languages at the level; a language listed without a
    level could make up the count, so it leaves the verdict to a person."""
    min_rank = LANGUAGE_LEVELS.index(rule.min_level)
    listed = [e for e in facts.languages if any(_same_language(e, lang) for lang in rule.languages)]
    good_enough = _one_per_language(
        [e for e in listed if _level_rank_or_below_all(e.get("level")) >= min_rank]
    )
    level_unknown = _one_per_language(
        [e for e in listed if _level_rank(e.get("level")) is None and e not in good_enough]
    )
    count = "one" if rule.min_count == 1 else f"{rule.min_count}"
    requirement = f"{rule.min_level} or better in {count} of {', '.join(rule.languages)}"
    names = ", ".join(str(e.get("language")) for e in good_enough) or "none"
    figure = f"{rule.min_level} or better in {names}; {requirement}"
    if len(good_enough) >= rule.min_count:
        return _language_outcome("met", figure, good_enough, facts)
    if len(good_enough) + len(level_unknown) >= rule.min_count:
        figure = f"{figure}; a level is not stated"
        return _language_outcome("unclear", figure, [*good_enough, *level_unknown], facts)
    return _language_outcome("not_met", figure, listed, facts)


def _one_per_language(entries: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    by_language: dict[str, Mapping[str, Any]] = {}
    for entry in entries:
        by_language.setdefault(str(entry.get("language")).casefold(), entry)
    return list(by_language.values())
