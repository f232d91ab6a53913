"""How well the ToR reader proposes a vacancy's criteria, against a hand-made criteria file.

Reads a ToR file through the screening service's adapter (`tor_text_from_file`), proposes
criteria with `propose_from_tor`, pairs each truth criterion with a proposed one by quoted
text (`pair_by_quoted_text`: one text contains the other, compared without case and with
whitespace collapsed, or rapidfuzz `partial_ratio` ≥ 90; each proposed criterion pairs at
most once) and prints, per truth criterion, whether kind, mandatory flag, rule type and key
parameters (min_level, min_months / met_min_months, language, languages) agree; then the
totals, the proposed criteria that pair with nothing, the competencies found and the notes.
The same figures are written as JSON (default bench/results/tor_extraction.json). It never
asserts on time.

    python -m bench.tor_extraction [--tor FILE] [--truth FILE] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from services.screening.adapters.tor_documents import tor_text_from_file
from services.screening.domain.tor import TOR_EXTRACTOR_VERSION, propose_from_tor

RESULTS = Path(__file__).parent / "results"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_TOR = DEFAULT_DATA / "tor" / "ccm-isu-director.pdf"
DEFAULT_TRUTH = DEFAULT_DATA / "tor" / "ccm-isu-director.criteria.json"
DEFAULT_JSON = RESULTS / "tor_extraction.json"
PAIRING_MIN_PARTIAL_RATIO = 90
CHECKS = ("kind", "mandatory", "rule_type", "parameters")


def normalised_quote(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def quote_similarity(first: str, second: str) -> float:
    """100 when one quote contains the other, else rapidfuzz partial_ratio."""
    a, b = normalised_quote(first), normalised_quote(second)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 100.0
    return fuzz.partial_ratio(a, b)


def pair_by_quoted_text(
    proposed: list[dict[str, Any]], truth: list[dict[str, Any]]
) -> dict[str, dict[str, Any] | None]:
    """Truth id → the proposed criterion quoting the same words (or None), one-to-one.

    Best pairs first: higher similarity, then the same kind, then closer quote lengths.
    """
    candidates = []
    for truth_index, expected in enumerate(truth):
        for proposed_index, candidate in enumerate(proposed):
            score = quote_similarity(candidate.get("text", ""), expected.get("text", ""))
            if score < PAIRING_MIN_PARTIAL_RATIO:
                continue
            same_kind = candidate.get("kind") == expected.get("kind")
            length_gap = abs(len(candidate.get("text", "")) - len(expected.get("text", "")))
            candidates.append((-score, not same_kind, length_gap, truth_index, proposed_index))
    pairs: dict[str, dict[str, Any] | None] = {str(item["id"]): None for item in truth}
    used_truth: set[int] = set()
    used_proposed: set[int] = set()
    for *_, truth_index, proposed_index in sorted(candidates):
        if truth_index in used_truth or proposed_index in used_proposed:
            continue
        used_truth.add(truth_index)
        used_proposed.add(proposed_index)
        pairs[str(truth[truth_index]["id"])] = proposed[proposed_index]
    return pairs


def key_parameters(rule: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a rule that decide verdicts, comparable across two files."""
    rule_type = rule.get("type")
    if rule_type in ("education", "education_or_experience_in_lieu"):
        return {"min_level": rule.get("min_level")}
    if rule_type == "experience_months":
        return {"min_months": rule.get("min_months")}
    if rule_type == "experience_months_graded":
        return {"met_min_months": rule.get("met_min_months")}
    if rule_type == "language":
        return {"language": rule.get("language")}
    if rule_type == "language_any":
        return {"languages": sorted(rule.get("languages") or [])}
    if rule_type == "any_of":
        return {
            "options": sorted(
                tuple(sorted(key_parameters(inner).items()))
                for option in rule.get("options") or []
                for inner in option.get("rules") or [option]
            )
        }
    return {}


def compare_criterion(proposed: dict[str, Any], truth: dict[str, Any]) -> dict[str, bool]:
    """Which of kind, mandatory, rule type and key parameters agree."""
    proposed_rule, truth_rule = proposed.get("rule") or {}, truth.get("rule") or {}
    return {
        "kind": proposed.get("kind") == truth.get("kind"),
        "mandatory": bool(proposed.get("mandatory")) == bool(truth.get("mandatory")),
        "rule_type": proposed_rule.get("type") == truth_rule.get("type"),
        "parameters": key_parameters(proposed_rule) == key_parameters(truth_rule),
    }


def evaluate(tor_path: Path, truth_path: Path) -> dict[str, Any]:
    text = tor_text_from_file(tor_path.read_bytes(), tor_path.name)
    proposal = propose_from_tor(text)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    truth_criteria = truth.get("criteria") or []
    proposed = proposal.proposed_criteria
    pairs = pair_by_quoted_text(proposed, truth_criteria)
    rows = []
    for expected in truth_criteria:
        candidate = pairs[str(expected["id"])]
        agreement = compare_criterion(candidate, expected) if candidate else None
        rows.append(
            {
                "truth_id": expected["id"],
                "truth_text": expected.get("text"),
                "proposed_id": candidate["id"] if candidate else None,
                "proposed_text": candidate["text"] if candidate else None,
                "agreement": agreement,
                "truth_parameters": key_parameters(expected.get("rule") or {}),
                "proposed_parameters": key_parameters(candidate["rule"]) if candidate else None,
            }
        )
    paired_ids = {id(candidate) for candidate in pairs.values() if candidate is not None}
    extra = [c for c in proposed if id(c) not in paired_ids]
    competencies = proposal.competencies
    return {
        "extractor_version": TOR_EXTRACTOR_VERSION,
        "tor": str(tor_path),
        "truth": str(truth_path),
        "truth_criteria": len(truth_criteria),
        "proposed_criteria": len(proposed),
        "paired": sum(1 for row in rows if row["agreement"] is not None),
        "fully_agreeing": sum(
            1 for row in rows if row["agreement"] is not None and all(row["agreement"].values())
        ),
        "agreeing_by_check": {
            check: sum(1 for row in rows if row["agreement"] and row["agreement"][check])
            for check in CHECKS
        },
        "criteria": rows,
        "extra_proposed": [{"id": c["id"], "kind": c["kind"], "text": c["text"]} for c in extra],
        "position": {"proposed": proposal.position, "truth": truth.get("position")},
        "duty_station": {"proposed": proposal.duty_station, "truth": truth.get("duty_station")},
        "reference_date": {
            "proposed": proposal.reference_date,
            "truth": truth.get("reference_date"),
        },
        "competencies": {
            "count": len(competencies),
            "by_kind": dict(Counter(c["kind"] for c in competencies)),
            "indicators": sum(len(c["indicators"]) for c in competencies),
            "names": [f"{c['kind']}: {c['name']}" for c in competencies],
        },
        "notes": proposal.notes,
    }


def print_report(result: dict[str, Any]) -> None:
    print(f"ToR reader {result['extractor_version']} on {result['tor']}")
    print(f"truth: {result['truth']}\n")
    for row in result["criteria"]:
        if row["agreement"] is None:
            print(f"  {row['truth_id']:<18} UNPAIRED   {_short(row['truth_text'])}")
            continue
        flags = " ".join(
            f"{check}={'ok' if row['agreement'][check] else 'DIFF'}" for check in CHECKS
        )
        print(f"  {row['truth_id']:<18} → {row['proposed_id']:<32} {flags}")
        if not row["agreement"]["parameters"]:
            print(
                f"  {'':<18}   parameters: proposed {row['proposed_parameters']}"
                f" / truth {row['truth_parameters']}"
            )
    print(
        f"\npaired {result['paired']}/{result['truth_criteria']}, fully agreeing "
        f"{result['fully_agreeing']}/{result['truth_criteria']}; by check: "
        + ", ".join(f"{k} {v}" for k, v in result["agreeing_by_check"].items())
    )
    print(f"proposed {result['proposed_criteria']} criteria, {len(result['extra_proposed'])} extra")
    for extra in result["extra_proposed"]:
        print(f"  extra {extra['id']} ({extra['kind']}): {_short(extra['text'])}")
    for field in ("position", "duty_station", "reference_date"):
        print(f"{field}: proposed {result[field]['proposed']!r}, truth {result[field]['truth']!r}")
    competencies = result["competencies"]
    print(
        f"competencies: {competencies['count']} ({competencies['by_kind']}), "
        f"{competencies['indicators']} indicators"
    )
    for name in competencies["names"]:
        print(f"  {name}")
    print("notes:")
    for note in result["notes"]:
        print(f"  - {note}")


def _short(text: str | None, width: int = 90) -> str:
    text = re.sub(r"\s+", " ", text or "")
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tor", type=Path, default=DEFAULT_TOR)
    parser.add_argument("--truth", type=Path, default=DEFAULT_TRUTH)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    for path in (args.tor, args.truth):
        if not path.exists():
            print(f"not found: {path}", file=sys.stderr)
            return 2
    result = evaluate(args.tor, args.truth)
    print_report(result)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
