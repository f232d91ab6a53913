"""Time of the debrief: the domain computation at 50 and 500 candidates, and the page and
its PDF at 50.

Builds seeded random scoring rounds of 50 candidates x 7 raters x 8 competencies and of
500 x 7 x 8 (weights 1 or 2; each candidate has a quality the raters see with noise,
so agreement is neither perfect nor absent; about one candidate in twenty has a rater
recused for a conflict of interest, so that sheet is missing), then times
`build_debrief` (aggregates, ranking, Kendall's W, ICC, Krippendorff's alpha with their
bootstrap intervals, leniency, flags) over --repeats runs, after one unmeasured run that
pays pingouin's import. Separately, it stores the 50-candidate round in a fresh SQLite
scoring database and, signed in as the secretariat with Flask's test client, times the
debrief page with its 51 SVG charts drawn (the chart cache emptied first) and served from
the chart cache, and the PDF report (WeasyPrint; its 51 charts are PNG images at print
resolution, drawn on the unmeasured first request and then served from the chart cache).
Prints the figures and writes them to bench/results/debrief.json. It never asserts on
time.

    python -m bench.debrief [--repeats 5] [--page-repeats 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.scoring.domain.aggregate import debrief_results
from services.scoring.domain.conflicts import Declaration
from services.scoring.domain.debrief import build_debrief
from services.scoring.domain.panel import (
    MAX_SCORE,
    MIN_SCORE,
    Competency,
    Panel,
    ScoreSheet,
    ScoringRound,
    ShortlistedCandidate,
)

RESULTS = Path(__file__).parent / "results"
SIZES = ((50, 7, 8), (500, 7, 8))
SEED = 20261123
WHEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
VACANCY = "bench-debrief-vacancy"


def make_round(candidates: int, raters: int, competencies: int, seed: int = SEED) -> ScoringRound:
    """A complete round: every member declared, one in twenty candidates with a recusal."""
    rng = random.Random(seed)
    framework = [Competency(f"Competency {k + 1}", rng.choice((1, 2))) for k in range(competencies)]
    members = tuple(f"member{j + 1}" for j in range(raters))
    shortlist = [
        ShortlistedCandidate(f"app-{i:04d}", f"Candidate {i + 1}") for i in range(candidates)
    ]
    recused = {
        (rng.choice(members), candidate.application_id)
        for candidate in rng.sample(shortlist, max(1, candidates // 20))
    }
    leniency = {member: rng.gauss(0, 0.3) for member in members}
    declarations, sheets = [], []
    for candidate in shortlist:
        quality = rng.gauss(3, 0.8)
        for member in members:
            conflict = (member, candidate.application_id) in recused
            declarations.append(
                Declaration(
                    VACANCY,
                    member,
                    candidate.application_id,
                    conflict,
                    "Worked together." if conflict else "",
                    WHEN,
                )
            )
            if conflict:
                continue
            scores = {
                c.name: _on_scale(quality + leniency[member] + rng.gauss(0, 0.7)) for c in framework
            }
            sheets.append(ScoreSheet(VACANCY, candidate.application_id, member, scores, WHEN))
    return ScoringRound(
        VACANCY,
        Panel(members, chair=members[0]),
        framework,
        shortlist,
        sheets,
        declarations=declarations,
    )


def _on_scale(value: float) -> int:
    return max(MIN_SCORE, min(MAX_SCORE, round(value)))


def seconds(work: Callable[[], object], repeats: int) -> dict[str, float]:
    work()  # unmeasured: imports and caches
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return {
        "median_s": round(statistics.median(samples), 4),
        "min_s": round(min(samples), 4),
        "max_s": round(max(samples), 4),
    }


def time_domain(repeats: int) -> dict[str, Any]:
    figures = {}
    for candidates, raters, competencies in SIZES:
        scoring_round = make_round(candidates, raters, competencies)
        print(f"domain {candidates} x {raters} x {competencies}…", file=sys.stderr, flush=True)
        debrief = build_debrief(scoring_round)
        figures[f"{candidates}x{raters}x{competencies}"] = {
            "sheets": len(scoring_round.submitted_sheets()),
            "recused_pairs": len(scoring_round.recusals()),
            "flags": len(debrief.flags),
            "agreement": {s.statistic: s.value for s in debrief.agreement},
            "debrief": seconds(lambda r=scoring_round: build_debrief(r), repeats),
            "aggregates_only": seconds(lambda r=scoring_round: debrief_results(r), repeats),
        }
    return figures


def time_pages(repeats: int) -> dict[str, Any]:
    import logging

    from services.scoring.adapters import debrief_charts
    from services.scoring.bootstrap import SERVICE, bootstrap
    from services.scoring.entrypoints.app import create_app
    from shared.auth.tokens import Principal, TokenSigner
    from shared.config import Settings
    from shared.db import upgrade
    from shared.logging import configure_logging

    configure_logging(level=logging.WARNING)  # a log line per request would be timed too
    candidates, raters, competencies = SIZES[0]
    scoring_round = make_round(candidates, raters, competencies)
    with tempfile.TemporaryDirectory(prefix="bench-debrief-") as folder:
        url = f"sqlite:///{folder}/scoring.db"
        upgrade(url, SERVICE.migrations)
        runtime = bootstrap(
            Settings.from_env(
                {
                    "SHORTLIST_DATA_DIR": f"{folder}/var",
                    "SHORTLIST_SCORING_DATABASE_URL": url,
                    "SHORTLIST_SECRET_KEY": "bench-secret",
                }
            )
        )
        try:
            store(runtime, scoring_round)
            client = create_app(runtime).test_client()
            token = TokenSigner(runtime.settings.secret_key).access_token(
                Principal("bench", frozenset({"secretariat"}), "Bench")
            )
            client.set_cookie("shortlist_token", token)
            base = f"/scoring/vacancies/{VACANCY}/debrief"
            sizes: dict[str, int] = {}

            def get(path: str) -> None:
                response = client.get(path)
                assert response.status_code == 200, response.status_code
                sizes[path] = len(response.get_data())

            def cold_page() -> None:
                debrief_charts._cache.clear()
                get(base)

            print("page and PDF at 50 candidates…", file=sys.stderr, flush=True)
            page_cold = seconds(cold_page, repeats)
            page = seconds(lambda: get(base), repeats)
            pdf = seconds(lambda: get(f"{base}.pdf"), repeats)
        finally:
            runtime.engine.dispose()
    return {
        f"{candidates}x{raters}x{competencies}": {
            "page_charts_drawn": {**page_cold, "kb": round(sizes[base] / 1024)},
            "page_charts_cached": {**page, "kb": round(sizes[base] / 1024)},
            "pdf": {**pdf, "kb": round(sizes[f"{base}.pdf"] / 1024)},
        }
    }


def store(runtime: Any, scoring_round: ScoringRound) -> None:
    """The round in the scoring database, through its repository."""
    with runtime.uow() as uow:
        framework = [{"name": c.name, "weight": c.weight} for c in scoring_round.competencies]
        uow.rounds.save_vacancy(VACANCY, "Bench vacancy", framework)
        for candidate in scoring_round.shortlist:
            uow.rounds.add_to_shortlist(VACANCY, candidate)
        uow.rounds.set_panel(VACANCY, scoring_round.panel)
        for member in scoring_round.panel.members:
            for candidate in scoring_round.shortlist:
                declaration = scoring_round.declaration(member, candidate.application_id)
                uow.rounds.save_declaration(declaration)
        for sheet in scoring_round.submitted_sheets():
            uow.rounds.add_sheet(sheet)
        uow.rounds.mark_completed(VACANCY, WHEN)
        uow.commit()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--page-repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=RESULTS / "debrief.json")
    args = parser.parse_args(argv)

    figures: dict[str, Any] = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "repeats": args.repeats,
        "page_repeats": args.page_repeats,
        "domain": time_domain(args.repeats),
        "pages": time_pages(args.page_repeats),
    }
    print(f"\n  {'debrief (domain)':<34} {'sheets':>7} {'median s':>9} {'min s':>7} {'max s':>7}")
    for size, result in figures["domain"].items():
        for part in ("debrief", "aggregates_only"):
            timing = result[part]
            print(
                f"  {size + ' ' + part:<34} {result['sheets']:>7} {timing['median_s']:>9} "
                f"{timing['min_s']:>7} {timing['max_s']:>7}"
            )
    print(f"\n  {'rendering':<34} {'KB':>7} {'median s':>9} {'min s':>7} {'max s':>7}")
    for size, result in figures["pages"].items():
        for part in ("page_charts_drawn", "page_charts_cached", "pdf"):
            timing = result[part]
            print(
                f"  {size + ' ' + part:<34} {timing['kb']:>7} {timing['median_s']:>9} "
                f"{timing['min_s']:>7} {timing['max_s']:>7}"
            )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
