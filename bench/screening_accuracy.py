"""Agreement of the screening with the labelled verdicts, from the CV files themselves.

Reads every CV in DIR/cvs that has a truth in DIR/truth (DIR defaults to the repository's
sibling `../shared/data`) with the real reader, exactly as `bench.parse_accuracy` does
(`DocumentCvReader.check_upload` then `read`), and screens each profile with the tagger the
service runs (`production_tagger_factory()`) and `screen()`, counting experience up to the
criteria's reference month. Profiles never come from the truth files, so this measures the
parser, the tag matcher and the rules together. A CV the reader could not read (it needs
attention, or was refused, or the reader crashed) is screened as the service screens it:
every verdict unclear, proposal needs_review.

The criteria come from a criteria file (`--criteria`, by default DIR/tor/
ccm-isu-director.criteria.json or the only *.criteria.json there), or are proposed from a
ToR document (`--tor FILE`, PDF, DOCX or text) by `propose_from_tor`; each proposed
criterion is then paired with the truth criterion whose ToR sentence it quotes, and a truth
criterion left unpaired counts as wrong on every CV (verdict "missing").

Prints, per criterion, the confusion matrix (rows: the truth's verdict; columns: the
machine's), the exact agreement and the false rejections (machine not_met on a mandatory
criterion the truth says is met); overall agreement, the unclear rate (share of the
machine's verdicts that are unclear, "missing" ones left out), every false rejection with
the machine's figure and the truth's why, long-list precision and recall, the share of CVs
proposed not_eligible that the truth keeps, the proposal confusion, the targets (zero false
rejections, agreement ≥ 90% on every criterion, unclear ≤ 15%) and the milliseconds per CV
of screening alone (building the tagger timed separately; it never asserts on time). The
figures are written as JSON (`per_criterion.<id>.{agreement,confusion,false_rejections,mandatory}`,
`overall_agreement`, `false_rejections`, `false_rejection_cases`, `unclear_rate`,
`longlist.{precision,recall}`, `proposals`, `unpaired`, `ms_per_cv`, …).

Reading the CVs takes a few seconds, so the profiles are cached in
bench/results/.cache/profiles-<hash>.json, keyed by the CV bytes, `PARSER_VERSION` and the
source of the intake service; `--no-cache` reads them afresh.

    python -m bench.screening_accuracy [--data DIR] [--criteria FILE | --tor FILE]
                                       [--json PATH] [--no-cache]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bench.parse_accuracy import (
    DEFAULT_DATA,
    RESULTS,
    CvRun,
    labelled_files,
    nearest_rank,
    run_reader,
)

CACHE = RESULTS / ".cache"
DEFAULT_CRITERIA_NAME = "ccm-isu-director.criteria.json"

TRUTH_VERDICTS: tuple[str, ...] = ("met", "not_met", "unclear")
MISSING = "missing"
MACHINE_VERDICTS: tuple[str, ...] = (*TRUTH_VERDICTS, MISSING)
TRUTH_PROPOSALS: tuple[str, ...] = ("true", "false", "needs_review")
MACHINE_PROPOSALS: tuple[str, ...] = ("long_list", "not_eligible", "needs_review")

AGREEMENT_TARGET = 0.90
UNCLEAR_TARGET = 0.15
PAIRING_MIN_SCORE = 90
CORNER = "truth \\ machine"


# --- what the machine said, and how it compares -----------------------------------------


@dataclass(frozen=True)
class MachineVerdict:
    """The machine's verdict on one criterion for one CV (`missing`: no criterion paired)."""

    verdict: str
    mandatory: bool
    figure: str = ""
    months: int | None = None


@dataclass(frozen=True)
class CvOutcome:
    """One CV screened: the proposal and the verdicts, keyed by the truth's criterion ids."""

    proposal: str
    verdicts: Mapping[str, MachineVerdict]
    attention_reason: str | None = None


@dataclass(frozen=True)
class FalseRejection:
    cv: str
    criterion_id: str
    figure: str
    why: str
    machine_months: int | None = None
    truth_months: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "cv": self.cv,
            "criterion_id": self.criterion_id,
            "figure": self.figure,
            "why": self.why,
            "machine_months": self.machine_months,
            "truth_months": self.truth_months,
        }


def _empty_confusion(rows: Sequence[str], columns: Sequence[str]) -> dict[str, dict[str, int]]:
    return {row: dict.fromkeys(columns, 0) for row in rows}


@dataclass
class CriterionScore:
    criterion_id: str
    mandatory: bool
    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: _empty_confusion(TRUTH_VERDICTS, MACHINE_VERDICTS)
    )
    false_rejections: list[FalseRejection] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    @property
    def agreed(self) -> int:
        return sum(self.confusion[verdict][verdict] for verdict in TRUTH_VERDICTS)

    @property
    def agreement(self) -> float | None:
        return ratio(self.agreed, self.total)

    def column_total(self, verdict: str) -> int:
        return sum(row[verdict] for row in self.confusion.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "mandatory": self.mandatory,
            "agreement": _rounded(self.agreement),
            "agreed": self.agreed,
            "total": self.total,
            "confusion": self.confusion,
            "false_rejections": len(self.false_rejections),
        }


@dataclass
class Report:
    """The screening's agreement with the truth over a set of CVs."""

    cvs: int
    per_criterion: dict[str, CriterionScore]
    proposals: dict[str, dict[str, int]]
    unpaired: tuple[str, ...] = ()

    @property
    def verdicts(self) -> int:
        return sum(score.total for score in self.per_criterion.values())

    @property
    def overall_agreement(self) -> float | None:
        agreed = sum(score.agreed for score in self.per_criterion.values())
        return ratio(agreed, self.verdicts)

    @property
    def unclear_rate(self) -> float | None:
        """Unclear among the machine's verdicts; "missing" ones are not the machine's."""
        scores = self.per_criterion.values()
        unclear = sum(score.column_total("unclear") for score in scores)
        given = self.verdicts - sum(score.column_total(MISSING) for score in scores)
        return ratio(unclear, given)

    @property
    def false_rejection_cases(self) -> list[FalseRejection]:
        return [case for score in self.per_criterion.values() for case in score.false_rejections]

    @property
    def false_rejections(self) -> int:
        return len(self.false_rejection_cases)

    @property
    def longlist_precision(self) -> float | None:
        proposed = sum(self.proposals[row]["long_list"] for row in TRUTH_PROPOSALS)
        return ratio(self.proposals["true"]["long_list"], proposed)

    @property
    def longlist_recall(self) -> float | None:
        return ratio(self.proposals["true"]["long_list"], sum(self.proposals["true"].values()))

    @property
    def not_eligible_kept(self) -> int:
        """CVs the machine proposes not_eligible that the truth keeps (true or needs_review)."""
        return (
            self.proposals["true"]["not_eligible"] + self.proposals["needs_review"]["not_eligible"]
        )

    @property
    def not_eligible_proposed(self) -> int:
        return sum(self.proposals[row]["not_eligible"] for row in TRUTH_PROPOSALS)

    @property
    def not_eligible_kept_share(self) -> float | None:
        return ratio(self.not_eligible_kept, self.not_eligible_proposed)

    def targets(self) -> dict[str, dict[str, Any]]:
        low = {
            cid: _rounded(score.agreement)
            for cid, score in self.per_criterion.items()
            if score.agreement is None or score.agreement < AGREEMENT_TARGET
        }
        unclear = self.unclear_rate
        return {
            "zero_false_rejections": {
                "value": self.false_rejections,
                "met": self.false_rejections == 0,
            },
            "agreement_per_criterion": {
                "at_least": AGREEMENT_TARGET,
                "below": low,
                "met": not low,
            },
            "unclear_rate": {
                "at_most": UNCLEAR_TARGET,
                "value": _rounded(unclear),
                "met": unclear is not None and unclear <= UNCLEAR_TARGET,
            },
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "cvs": self.cvs,
            "per_criterion": {cid: score.as_dict() for cid, score in self.per_criterion.items()},
            "overall_agreement": _rounded(self.overall_agreement),
            "false_rejections": self.false_rejections,
            "false_rejection_cases": [case.as_dict() for case in self.false_rejection_cases],
            "unclear_rate": _rounded(self.unclear_rate),
            "longlist": {
                "precision": _rounded(self.longlist_precision),
                "recall": _rounded(self.longlist_recall),
                "not_eligible_kept_by_truth": self.not_eligible_kept,
                "not_eligible_proposed": self.not_eligible_proposed,
                "not_eligible_kept_share": _rounded(self.not_eligible_kept_share),
            },
            "proposals": self.proposals,
            "unpaired": list(self.unpaired),
            "targets": self.targets(),
        }


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def truth_proposal(truth: Mapping[str, Any]) -> str:
    """The truth's `eligible_for_long_list` as a row key: "true", "false" or "needs_review"."""
    value = truth.get("eligible_for_long_list")
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value == "needs_review":
        return "needs_review"
    raise ValueError(f"{truth.get('file')}: eligible_for_long_list is {value!r}")


def score_screenings(
    results_by_cv: Mapping[str, CvOutcome],
    truths: Mapping[str, Mapping[str, Any]],
    criteria_ids: Sequence[str],
    *,
    mandatory: Mapping[str, bool] | None = None,
    unpaired: Sequence[str] = (),
) -> Report:
    """Compare each CV's machine outcome with its truth on `criteria_ids`.

    `mandatory` gives each truth criterion's own flag (reported per criterion); when it is
    not given, the machine's flag is used. A false rejection is a verdict the machine gives
    on a criterion it treats as mandatory (so that it drives the proposal) as not_met where
    the truth says met. A criterion the outcome lacks counts as "missing": wrong for
    agreement, never a false rejection.
    """
    per_criterion: dict[str, CriterionScore] = {}
    for cid in criteria_ids:
        flag = mandatory.get(cid) if mandatory is not None else None
        if flag is None:
            flag = next(
                (o.verdicts[cid].mandatory for o in results_by_cv.values() if cid in o.verdicts),
                False,
            )
        per_criterion[cid] = CriterionScore(cid, bool(flag))
    proposals = _empty_confusion(TRUTH_PROPOSALS, MACHINE_PROPOSALS)

    for name in sorted(results_by_cv):
        outcome = results_by_cv[name]
        truth = truths[name]
        screening = truth.get("screening") or {}
        for cid, score in per_criterion.items():
            if cid not in screening:
                raise ValueError(f"{name}: the truth has no verdict for {cid}")
            expected = screening[cid]
            truth_verdict = expected["verdict"]
            if truth_verdict not in TRUTH_VERDICTS:
                raise ValueError(f"{name}: truth verdict {truth_verdict!r} for {cid}")
            machine = outcome.verdicts.get(cid) or MachineVerdict(MISSING, score.mandatory)
            verdict = machine.verdict if machine.verdict in MACHINE_VERDICTS else MISSING
            score.confusion[truth_verdict][verdict] += 1
            if machine.mandatory and verdict == "not_met" and truth_verdict == "met":
                score.false_rejections.append(
                    FalseRejection(
                        cv=name,
                        criterion_id=cid,
                        figure=machine.figure,
                        why=str(expected.get("why", "")),
                        machine_months=machine.months,
                        truth_months=expected.get("months"),
                    )
                )
        if outcome.proposal not in MACHINE_PROPOSALS:
            raise ValueError(f"{name}: machine proposal {outcome.proposal!r}")
        proposals[truth_proposal(truth)][outcome.proposal] += 1

    return Report(
        cvs=len(results_by_cv),
        per_criterion=per_criterion,
        proposals=proposals,
        unpaired=tuple(unpaired),
    )


# --- pairing proposed criteria with the truth's, by the ToR sentence both quote -----------


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def quoted_text_score(proposed_text: str, truth_text: str) -> tuple[int, float] | None:
    """How well two quotes of a ToR match, or None when they do not: containment either way
    (tier 1, ranked by how much of the longer one the shorter covers), else
    `fuzz.partial_ratio` ≥ 90 (tier 0, ranked by the score)."""
    proposed, truth = _normalised(proposed_text), _normalised(truth_text)
    if not proposed or not truth:
        return None
    if proposed in truth or truth in proposed:
        return (1, min(len(proposed), len(truth)) / max(len(proposed), len(truth)))
    score = fuzz.partial_ratio(proposed, truth)
    return (0, score) if score >= PAIRING_MIN_SCORE else None


def pair_by_quoted_text(
    proposed: Sequence[Mapping[str, Any]], truth: Sequence[Mapping[str, Any]]
) -> dict[str, Mapping[str, Any] | None]:
    """Each truth criterion's proposed criterion (None when none quotes the same sentence).

    Best match first; each proposed criterion is used once.
    """
    candidates: list[tuple[tuple[int, float], int, int]] = []
    for t_index, truth_criterion in enumerate(truth):
        for p_index, proposed_criterion in enumerate(proposed):
            score = quoted_text_score(
                str(proposed_criterion.get("text") or ""), str(truth_criterion.get("text") or "")
            )
            if score is not None:
                candidates.append((score, t_index, p_index))
    candidates.sort(key=lambda item: (item[0], -item[1], -item[2]), reverse=True)
    pairs: dict[str, Mapping[str, Any] | None] = {str(c.get("id")): None for c in truth}
    used_truth: set[int] = set()
    used_proposed: set[int] = set()
    for _score, t_index, p_index in candidates:
        if t_index in used_truth or p_index in used_proposed:
            continue
        used_truth.add(t_index)
        used_proposed.add(p_index)
        pairs[str(truth[t_index].get("id"))] = proposed[p_index]
    return pairs


def pairing_function() -> tuple[
    Callable[
        [Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]],
        Mapping[str, Mapping[str, Any] | None],
    ],
    str,
]:
    """`bench.tor_extraction.pair_by_quoted_text` when it exists, else this module's."""
    try:
        from bench.tor_extraction import pair_by_quoted_text as shared_pairing
    except ImportError:
        return pair_by_quoted_text, "bench.screening_accuracy.pair_by_quoted_text"
    return shared_pairing, "bench.tor_extraction.pair_by_quoted_text"


def index_of(item: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> int | None:
    """Where `item` sits in `items`: the same object first, else an equal one."""
    for index, candidate in enumerate(items):
        if candidate is item:
            return index
    for index, candidate in enumerate(items):
        if candidate == item:
            return index
    return None


# --- reading the CVs, with a cache --------------------------------------------------------


@dataclass(frozen=True)
class ReadCv:
    """What the reader gave for one CV, as far as screening needs it."""

    name: str
    outcome: str  # read | empty | attention | refused | crashed
    profile: dict[str, Any]
    reason: str | None
    read_ms: float

    @property
    def unreadable(self) -> bool:
        """Not screened by the service: every verdict unclear."""
        return self.outcome in ("attention", "refused", "crashed")

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "profile": self.profile,
            "reason": self.reason,
            "read_ms": round(self.read_ms, 1),
        }

    @classmethod
    def from_run(cls, run: CvRun) -> ReadCv:
        return cls(run.name, run.outcome, run.profile, run.reason, run.milliseconds)

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> ReadCv:
        return cls(
            name,
            str(data["outcome"]),
            dict(data.get("profile") or {}),
            data.get("reason"),
            float(data.get("read_ms") or 0.0),
        )


def intake_source_digest() -> str:
    """A digest of the intake service's Python source, so a parser change empties the cache
    even when PARSER_VERSION was not raised."""
    import services.intake

    root = Path(services.intake.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def profiles_cache_key(paths: Sequence[Path], parser_version: str, source_digest: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"parser {parser_version}\nsource {source_digest}\n".encode())
    for path in paths:
        digest.update(f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()[:16]


def read_cvs(paths: Sequence[Path], *, use_cache: bool) -> tuple[dict[str, ReadCv], str]:
    """The reader's outcome for every CV, from the cache when it holds this exact set."""
    from services.intake.adapters.cv_reader import DocumentCvReader
    from services.intake.domain.parsing import PARSER_VERSION

    key = profiles_cache_key(paths, PARSER_VERSION, intake_source_digest())
    cache_file = CACHE / f"profiles-{key}.json"
    if use_cache and cache_file.is_file():
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        if {path.name for path in paths} <= set(cached):
            reads = {path.name: ReadCv.from_dict(path.name, cached[path.name]) for path in paths}
            return reads, f"cached in {cache_file} (parser {PARSER_VERSION})"
    reader = DocumentCvReader()
    reads = {path.name: ReadCv.from_run(run_reader(reader, path)) for path in paths}
    CACHE.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(
        json.dumps({name: read.as_dict() for name, read in reads.items()}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    milliseconds = sum(read.read_ms for read in reads.values())
    return reads, (
        f"read afresh in {milliseconds / 1000:.1f} s (parser {PARSER_VERSION}),"
        f" cached in {cache_file}"
    )


# --- the criteria -------------------------------------------------------------------------


def default_criteria_file(data: Path) -> Path:
    """DIR/tor/ccm-isu-director.criteria.json, or the only *.criteria.json in DIR/tor."""
    preferred = data / "tor" / DEFAULT_CRITERIA_NAME
    if preferred.is_file():
        return preferred
    found = sorted((data / "tor").glob("*.criteria.json")) if (data / "tor").is_dir() else []
    if len(found) == 1:
        return found[0]
    sys.exit(
        f"no default criteria file: {preferred} is missing and {data / 'tor'} holds"
        f" {len(found)} *.criteria.json files; pass --criteria"
    )


@dataclass
class CriteriaPlan:
    """The criteria to screen with, and how their verdicts map onto the truth's ids."""

    mode: str  # criteria | tor
    source: str
    criteria_dict: dict[str, Any]
    truth_ids: list[str]
    truth_mandatory: dict[str, bool]
    # truth id → index of the screened criterion that stands for it (None: unpaired)
    paired_index: dict[str, int | None]
    notes: list[str] = field(default_factory=list)
    pairing_lines: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def unpaired(self) -> list[str]:
        return [cid for cid, index in self.paired_index.items() if index is None]


def plan_from_criteria_file(path: Path) -> CriteriaPlan:
    criteria = json.loads(path.read_text(encoding="utf-8"))
    items = list(criteria.get("criteria") or [])
    ids = [str(item.get("id")) for item in items]
    return CriteriaPlan(
        mode="criteria",
        source=str(path),
        criteria_dict=criteria,
        truth_ids=ids,
        truth_mandatory={str(i.get("id")): bool(i.get("mandatory")) for i in items},
        paired_index={cid: index for index, cid in enumerate(ids)},
    )


def plan_from_tor(tor_path: Path, truth_criteria_path: Path) -> CriteriaPlan:
    try:
        from services.screening.adapters.tor_documents import tor_text_from_file
        from services.screening.domain.tor import propose_from_tor
    except ImportError as error:
        sys.exit(f"--tor needs the ToR reader and proposer, which cannot be imported: {error}")

    truth_criteria = json.loads(truth_criteria_path.read_text(encoding="utf-8"))
    truth_items = list(truth_criteria.get("criteria") or [])
    text = tor_text_from_file(tor_path.read_bytes(), tor_path.name)
    proposed = dict(propose_from_tor(text).criteria)
    proposed_items = list(proposed.get("criteria") or [])
    proposed["criteria"] = proposed_items
    notes = [f"ToR text: {len(text)} characters; {len(proposed_items)} criteria proposed"]
    if not proposed.get("reference_date"):
        proposed["reference_date"] = truth_criteria.get("reference_date")
        notes.append(
            f"the proposal has no reference_date: using {proposed['reference_date']}"
            f" from {truth_criteria_path.name}"
        )
    elif str(proposed["reference_date"])[:7] != str(truth_criteria.get("reference_date"))[:7]:
        notes.append(
            f"the proposal's reference_date {proposed['reference_date']} is not the truth's"
            f" {truth_criteria.get('reference_date')}: experience is counted up to the proposal's"
        )

    pair, pairing_name = pairing_function()
    pairs = pair(proposed_items, truth_items)
    notes.append(f"paired with {pairing_name}")
    paired_index: dict[str, int | None] = {}
    lines = []
    for truth_item in truth_items:
        cid = str(truth_item.get("id"))
        match = pairs.get(cid)
        index = index_of(match, proposed_items) if match is not None else None
        paired_index[cid] = index
        if index is None:
            lines.append(f"  {cid:<18} UNPAIRED  (truth: {_short(truth_item.get('text'))})")
            continue
        item = proposed_items[index]
        flags = ""
        if bool(item.get("mandatory")) != bool(truth_item.get("mandatory")):
            flags = (
                f"  [mandatory {bool(item.get('mandatory'))},"
                f" truth {bool(truth_item.get('mandatory'))}]"
            )
        rule_type = (item.get("rule") or {}).get("type")
        lines.append(
            f"  {cid:<18} ← {item.get('id')!s:<18} {rule_type!s:<26}"
            f" {_short(item.get('text'))}{flags}"
        )
    used = {index for index in paired_index.values() if index is not None}
    extra = [
        f"{item.get('id')} ({'mandatory' if item.get('mandatory') else 'desirable'}):"
        f" {_short(item.get('text'))}"
        for index, item in enumerate(proposed_items)
        if index not in used
    ]
    return CriteriaPlan(
        mode="tor",
        source=str(tor_path),
        criteria_dict=proposed,
        truth_ids=[str(item.get("id")) for item in truth_items],
        truth_mandatory={str(i.get("id")): bool(i.get("mandatory")) for i in truth_items},
        paired_index=paired_index,
        notes=notes,
        pairing_lines=lines,
        extra=extra,
    )


def _short(text: Any, width: int = 70) -> str:
    flat = re.sub(r"\s+", " ", str(text or "")).strip()
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# --- screening ----------------------------------------------------------------------------


def unreadable_outcome(plan: CriteriaPlan, reason: str) -> CvOutcome:
    """What the service gives a CV it could not read: every verdict unclear, needs review."""
    verdicts = {
        cid: MachineVerdict("unclear", _screened_mandatory(plan, cid), f"Not judged: {reason}")
        for cid, index in plan.paired_index.items()
        if index is not None
    }
    return CvOutcome("needs_review", verdicts, attention_reason=reason)


def _screened_mandatory(plan: CriteriaPlan, cid: str) -> bool:
    index = plan.paired_index[cid]
    if index is None:
        return plan.truth_mandatory.get(cid, False)
    return bool(plan.criteria_dict["criteria"][index].get("mandatory"))


def outcome_from_result(plan: CriteriaPlan, result: Any) -> CvOutcome:
    """Map a `ScreeningResult` (in the screened criteria's order) onto the truth's ids."""
    assessments = list(result.assessments)
    verdicts = {}
    for cid, index in plan.paired_index.items():
        if index is None:
            continue
        assessment = assessments[index]
        verdicts[cid] = MachineVerdict(
            str(assessment.verdict),
            bool(assessment.mandatory),
            str(assessment.figure),
            assessment.months,
        )
    return CvOutcome(str(result.proposal), verdicts)


@dataclass
class ScreeningRun:
    outcomes: dict[str, CvOutcome]
    tagger_ms: float
    screening_ms: list[float]
    reference_month: str


def screen_all(plan: CriteriaPlan, reads: Mapping[str, ReadCv]) -> ScreeningRun:
    from services.screening.adapters.tagging import production_tagger_factory
    from services.screening.domain.criteria import criteria_from_dict
    from services.screening.domain.screening import screen

    criteria = criteria_from_dict(plan.criteria_dict)
    if criteria.reference_month is None:
        sys.exit(f"{plan.source}: the criteria give no usable reference_date")
    tagger_for = production_tagger_factory()
    started = time.perf_counter()
    tagger = tagger_for(criteria)
    tagger_ms = (time.perf_counter() - started) * 1000

    outcomes: dict[str, CvOutcome] = {}
    timings: list[float] = []
    for name, read in reads.items():
        if read.unreadable:
            reason = read.reason or f"the CV could not be read ({read.outcome})"
            outcomes[name] = unreadable_outcome(plan, reason)
            continue
        started = time.perf_counter()
        result = screen(read.profile, criteria, tagger, reference_month=criteria.reference_month)
        timings.append((time.perf_counter() - started) * 1000)
        outcomes[name] = outcome_from_result(plan, result)
    return ScreeningRun(outcomes, tagger_ms, timings, str(criteria.reference_month))


def timing_summary(milliseconds: Sequence[float]) -> dict[str, float]:
    ordered = sorted(milliseconds)
    if not ordered:
        return {"mean": 0.0, "p50": 0.0, "p95": 0.0, "max": 0.0}
    return {
        "mean": round(statistics.fmean(ordered), 2),
        "p50": round(statistics.median(ordered), 2),
        "p95": round(nearest_rank(ordered, 0.95), 2),
        "max": round(ordered[-1], 2),
    }


# --- printing -----------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def pass_fail(met: bool) -> str:
    return "PASS" if met else "FAIL"


def confusion_lines(score: CriterionScore, show_missing: bool) -> list[str]:
    columns = MACHINE_VERDICTS if show_missing else TRUTH_VERDICTS
    lines = [f"    {CORNER:<16}" + "".join(f"{c:>9}" for c in columns)]
    for row in TRUTH_VERDICTS:
        counts = "".join(f"{score.confusion[row][c]:>9}" for c in columns)
        lines.append(f"    {row:<16}{counts}")
    return lines


def report_lines(report: Report, *, show_missing: bool) -> list[str]:
    lines = [f"\nPer criterion ({report.cvs} CVs)"]
    for cid, score in report.per_criterion.items():
        kind = "mandatory" if score.mandatory else "desirable"
        unpaired = "  UNPAIRED: no proposed criterion quotes it" if cid in report.unpaired else ""
        lines.append(
            f"  {cid} ({kind})  agreement {percent(score.agreement)}"
            f" ({score.agreed}/{score.total})  false rejections {len(score.false_rejections)}"
            f"{unpaired}"
        )
        lines += confusion_lines(score, show_missing)

    lines.append("\nOverall")
    lines.append(f"  exact agreement, all verdicts: {percent(report.overall_agreement)}")
    lines.append(f"  unclear rate (machine verdicts): {percent(report.unclear_rate)}")
    lines.append(
        "  false rejections (mandatory, machine not_met, truth met):"
        f" {len(report.false_rejection_cases)}"
    )
    for case in report.false_rejection_cases:
        lines.append(f"    ✗ {case.cv}  {case.criterion_id}")
        lines.append(f"        machine: {case.figure}")
        lines.append(f"        truth:   {case.why}")
    lines.append(
        f"  long list: precision {percent(report.longlist_precision)},"
        f" recall {percent(report.longlist_recall)}"
    )
    lines.append(
        f"  proposed not_eligible but kept by the truth (true or needs_review):"
        f" {report.not_eligible_kept}/{report.not_eligible_proposed}"
        f" ({percent(report.not_eligible_kept_share)})"
    )
    lines.append("  proposals (rows: truth eligible_for_long_list; columns: machine proposal)")
    lines.append(f"    {CORNER:<16}" + "".join(f"{c:>14}" for c in MACHINE_PROPOSALS))
    for row in TRUTH_PROPOSALS:
        counts = "".join(f"{report.proposals[row][c]:>14}" for c in MACHINE_PROPOSALS)
        lines.append(f"    {row:<16}{counts}")
    if report.unpaired:
        lines.append(
            f"  !! UNPAIRED truth criteria (wrong on every CV): {', '.join(report.unpaired)}"
        )

    targets = report.targets()
    below = targets["agreement_per_criterion"]["below"]
    below_text = (
        ""
        if not below
        else " (below: " + ", ".join(f"{c} {percent(v)}" for c, v in below.items()) + ")"
    )
    lines.append("\nTargets")
    lines.append(
        f"  zero false rejections: {report.false_rejections}"
        f"  {pass_fail(targets['zero_false_rejections']['met'])}"
    )
    lines.append(
        f"  agreement ≥ {AGREEMENT_TARGET:.0%} on every criterion"
        f"  {pass_fail(targets['agreement_per_criterion']['met'])}{below_text}"
    )
    lines.append(
        f"  unclear ≤ {UNCLEAR_TARGET:.0%}: {percent(report.unclear_rate)}"
        f"  {pass_fail(targets['unclear_rate']['met'])}"
    )
    return lines


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--criteria", type=Path, help="a criteria file (*.criteria.json)")
    source.add_argument("--tor", type=Path, help="a ToR document to propose criteria from")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-cache", action="store_true", help="read the CVs afresh")
    args = parser.parse_args(argv)
    data: Path = args.data.resolve()

    labelled = labelled_files(data / "cvs", data / "truth")
    if not labelled:
        sys.exit(f"no CV with a truth under {data / 'cvs'} and {data / 'truth'}")
    truths = {path.name: json.loads(truth.read_text(encoding="utf-8")) for path, truth in labelled}

    if args.tor is not None:
        truth_criteria = default_criteria_file(data)
        plan = plan_from_tor(args.tor.resolve(), truth_criteria)
        json_path = args.json or RESULTS / "screening_accuracy_tor.json"
    else:
        criteria_path = (args.criteria or default_criteria_file(data)).resolve()
        plan = plan_from_criteria_file(criteria_path)
        json_path = args.json or RESULTS / "screening_accuracy.json"

    reads, read_note = read_cvs([path for path, _ in labelled], use_cache=not args.no_cache)
    run = screen_all(plan, reads)
    report = score_screenings(
        run.outcomes,
        truths,
        plan.truth_ids,
        mandatory=plan.truth_mandatory,
        unpaired=plan.unpaired,
    )

    print(f"Screening on {data} ({len(reads)} CVs with a truth)")
    print(f"  criteria ({plan.mode}): {plan.source}")
    for note in plan.notes:
        print(f"  {note}")
    print(f"  reference month: {run.reference_month}")
    print(f"  profiles: {read_note}")
    unreadable = [read for read in reads.values() if read.unreadable]
    for read in unreadable:
        print(f"  ! {read.name}: {read.outcome}: {read.reason} (screened as every verdict unclear)")
    for read in reads.values():
        if read.outcome == "empty":
            print(f"  ! {read.name}: read as an empty profile (screened as it is)")
    if plan.mode == "tor":
        print("\nPairing (truth criterion ← proposed criterion)")
        for line in plan.pairing_lines:
            print(line)
        if plan.unpaired:
            print(f"  !! UNPAIRED: {', '.join(plan.unpaired)}: counted wrong on every CV")
        if plan.extra:
            print(
                "  proposed criteria paired with no truth criterion"
                " (they still count for the proposal):"
            )
            for line in plan.extra:
                print(f"    + {line}")

    for line in report_lines(report, show_missing=plan.mode == "tor" or bool(report.unpaired)):
        print(line)

    timings = timing_summary(run.screening_ms)
    print(
        f"\nSpeed: building the tagger {run.tagger_ms:.1f} ms; screening alone"
        f" {timings['mean']:.2f} ms per CV on average ({timings['mean'] / 1000:.4f} s),"
        f" p50 {timings['p50']:.2f}, p95 {timings['p95']:.2f}, max {timings['max']:.2f} ms"
        f" ({len(run.screening_ms)} CVs screened)"
    )

    figures = {
        "measured_at": datetime.now(UTC).isoformat(),
        "data": str(data),
        "mode": plan.mode,
        "criteria_source": plan.source,
        "reference_month": run.reference_month,
        "notes": plan.notes,
        **report.as_dict(),
        "extra_proposed_criteria": plan.extra,
        "not_read": {read.name: read.outcome for read in unreadable},
        "ms_per_cv": timings,
        "tagger_construction_ms": round(run.tagger_ms, 1),
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {json_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
