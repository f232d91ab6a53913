"""Server time of the secretariat's applicants list and candidate page at 5,000 applications.

Loads one published vacancy (the sample ToR's criteria) with --applications applications
(5,000 by default) into a fresh SQLite database and, with --postgres, into a fresh
PostgreSQL database as well: the labelled sample profiles (DIR/truth, DIR defaulting to the
repository's sibling `../shared/data`) are screened through the service layer
(`screen_cv`, lexical matcher), then copied under new ids and names through the repository
(`ApplicationRepository.save`, which keeps the list's columns in step), and a share of them
is overridden, rejected and put on the lists through the use cases, as a real review would;
then, signed in as the secretariat with Flask's test client, it times --requests requests
(60 by default, after 3 unmeasured ones) of each page: the list unfiltered (page 1),
filtered by one criterion's verdict and sorted by name, searched by a piece of a name, a
late page (80), the table alone as htmx asks for it, and the candidate page (a different
candidate each time); and the CSV export of the whole list a few times. Prints p50/p95/max
milliseconds per page and backend, and writes them to bench/results/pages.json. It never
asserts on time.

    python -m bench.pages [--applications 5000] [--requests 60] [--postgres] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services.screening.bootstrap import SERVICE, ScreeningRuntime, bootstrap
from services.screening.domain.matching import PositionTagger
from services.screening.domain.vacancies import ListStage
from services.screening.entrypoints.app import create_app
from services.screening.service_layer import services
from shared.auth.tokens import Principal, TokenSigner
from shared.config import Settings
from shared.db import upgrade
from tests.conftest import DEFAULT_POSTGRES, PostgresDatabases

RESULTS = Path(__file__).parent / "results"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BATCH = 500
# fmt: off
FIRST = [
    "Anna", "Amina", "Boris", "Chen", "Dagny", "Elif", "Fatou", "Gustavo", "Hana", "Ines",
    "Jun", "Kofi", "Leila", "Maya", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sami",
    "Tariq", "Uma", "Viktor", "Wanjiru", "Xavier", "Yara", "Zoltan", "Ann-Marie", "Jean-Luc",
]
LAST = [
    "Uvarova", "Wanjala", "Okafor", "Haddad", "Nakamura", "Carpentier", "Novais", "Dumont",
    "Ramirez", "Hagen", "Tveit", "Sensoy", "Santos", "Arias", "Zapata", "Ito", "Keomany",
    "Alves", "Balogun", "Noskov", "Clerc", "Eze", "Bonvini", "Lesage", "Annan", "Johansson",
    "Mbeki", "Petrovic", "Silva", "Tanaka",
]
# fmt: on


def profile_of(truth: dict[str, Any]) -> dict[str, Any]:
    """The profile intake would send for a labelled CV: what the truth says was in it."""
    keep = ("title", "employer", "city", "country", "start", "end", "dates_as_written", "bullets")
    return {
        "contact": truth.get("contact") or {},
        "education": truth.get("education") or [],
        "positions": [
            {**{key: p.get(key) for key in keep}, "ongoing": p.get("end") is None}
            for p in truth.get("positions") or []
        ],
        "languages": truth.get("languages") or [],
    }


def load(runtime: ScreeningRuntime, data: Path, count: int) -> dict[str, Any]:
    """One published vacancy and `count` screened applications; returns what the timings use."""
    rng = random.Random(5000)
    criteria = json.loads((data / "tor" / "ccm-isu-director.criteria.json").read_text())
    vacancy = services.create_vacancy(
        runtime.uow(),
        "bench",
        reference="BENCH-5000",
        title=criteria.get("position", "Director"),
        tor_text="Terms of Reference",
        criteria=criteria,
        competencies=[],
        closing_date=None,
        contact_email="recruitment@example.org",
    )
    services.publish_vacancy(runtime.uow(), "bench", vacancy.id)
    started = time.perf_counter()
    seeds = []
    for path in sorted((data / "truth").glob("*.json")):
        truth = json.loads(path.read_text())
        payload = {
            "application_id": str(uuid.uuid4()),
            "vacancy_id": vacancy.id,
            "candidate_name": (truth.get("contact") or {}).get("name") or path.stem,
            "parser_version": "bench",
            "needs_attention": False,
            "attention_reason": None,
            "profile": profile_of(truth),
        }
        seeds.append(services.screen_cv(runtime.uow(), payload, tagger_for=runtime.tagger_for))
    screened_seconds = time.perf_counter() - started
    ids = [seed.application_id for seed in seeds]
    base = datetime.now(UTC) - timedelta(days=30)
    for start in range(len(seeds), count, BATCH):
        with runtime.uow() as uow:
            for number in range(start, min(start + BATCH, count)):
                seed = seeds[number % len(seeds)]
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                copy = replace(
                    seed,
                    application_id=str(uuid.uuid4()),
                    candidate_name=name,
                    profile={**seed.profile, "contact": {**seed.profile["contact"], "name": name}},
                    screened_at=base + timedelta(minutes=number * 7),
                )
                uow.applications.save(copy)
                uow.applications.record_screening(copy, "bench")
                ids.append(copy.application_id)
            uow.commit()
    loaded_seconds = time.perf_counter() - started
    review(runtime, vacancy.id, ids, rng)
    return {
        "vacancy_id": vacancy.id,
        "application_ids": ids,
        "criterion_ids": [c["id"] for c in criteria["criteria"]],
        "load_seconds": round(loaded_seconds, 1),
        "screen_seconds_for_seeds": round(screened_seconds, 1),
    }


def review(runtime: ScreeningRuntime, vacancy_id: str, ids: list[str], rng: random.Random) -> None:
    """Overrides on 5%, rejections of a tenth of the not eligible, lists for some others."""
    for application_id in rng.sample(ids, len(ids) // 20):
        application = services.application(runtime.uow(), application_id)
        verdict = rng.choice(application.verdicts)
        new = "met" if verdict["verdict"] != "met" else "unclear"
        services.override_verdict(
            runtime.uow(),
            "bench",
            application_id,
            criterion_id=verdict["criterion_id"],
            verdict=new,
            reason="bench",
        )
    by_proposal: dict[str, list[str]] = {}
    for row in services.applications(runtime.uow(), vacancy_id):
        by_proposal.setdefault(row.effective_proposal or "", []).append(row.application_id)
    for application_id in by_proposal.get("not_eligible", [])[::10]:
        services.reject(runtime.uow(), "bench", application_id, "bench")
    for number, application_id in enumerate(by_proposal.get("long_list", [])[::4]):
        stage = ListStage.SHORT_LIST if number % 5 == 0 else ListStage.LONG_LIST
        services.move_to_list(runtime.uow(), "bench", application_id, stage, "bench")


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
        "mean": round(statistics.fmean(ordered), 1),
        "n": len(ordered),
    }


def time_page(
    client: Any, paths: Callable[[int], str], requests: int, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """Milliseconds per request (server side: the app handles it in this process)."""
    samples, statuses, sizes = [], set(), []
    for number in range(-3, requests):
        started = time.perf_counter()
        response = client.get(paths(number), headers=headers or {})
        body = response.get_data()
        elapsed = (time.perf_counter() - started) * 1000
        if number >= 0:
            samples.append(elapsed)
            statuses.add(response.status_code)
            sizes.append(len(body))
    return {**percentiles(samples), "statuses": sorted(statuses), "kb": round(max(sizes) / 1024)}


def measure(runtime: ScreeningRuntime, loaded: dict[str, Any], requests: int) -> dict[str, Any]:
    client = create_app(runtime).test_client()
    token = TokenSigner(runtime.settings.secret_key).access_token(
        Principal("bench", frozenset({"secretariat"}), "Bench")
    )
    client.set_cookie("shortlist_token", token)
    base = f"/screening/vacancies/{loaded['vacancy_id']}/applicants"
    criterion = "EXP_MGMT_INTL" if "EXP_MGMT_INTL" in loaded["criterion_ids"] else "EDU"
    searches = ["ann", "ova", "tan", "jean", "ita", "sami", "hag", "rosa"]
    sample = random.Random(7).sample(loaded["application_ids"], 100)
    pages: dict[str, tuple[Callable[[int], str], dict[str, str] | None]] = {
        "list_unfiltered_page_1": (lambda _n: base, None),
        "list_verdict_filter_sorted_by_name": (
            lambda _n: f"{base}?criterion={criterion}&verdict=met&sort=name",
            None,
        ),
        "list_search_by_name": (lambda n: f"{base}?q={searches[n % len(searches)]}", None),
        "list_late_page_80": (lambda _n: f"{base}?page=80", None),
        "list_table_only_htmx": (
            lambda _n: f"{base}?proposal=needs_review&sort=mandatory_met",
            {"HX-Request": "true"},
        ),
        "candidate_page": (lambda n: f"/screening/applications/{sample[n % len(sample)]}", None),
    }
    figures = {name: time_page(client, path, requests, hx) for name, (path, hx) in pages.items()}
    figures["export_csv_all"] = time_page(client, lambda _n: f"{base}.csv", 5)
    return figures


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
        yield f"sqlite:///{folder}/screening.db"


@contextmanager
def postgres_url() -> Iterator[str]:
    databases = PostgresDatabases(DEFAULT_POSTGRES)
    try:
        yield databases.create("bench_pages")
    finally:
        databases.drop_all()


def run(backend: str, url: str, data: Path, count: int, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-pages-var-") as var:
        settings = Settings.from_env(
            {
                "SHORTLIST_DATA_DIR": var,
                "SHORTLIST_SCREENING_DATABASE_URL": url,
                "SHORTLIST_SECRET_KEY": "bench-secret",
            }
        )
        upgrade(url, SERVICE.migrations)
        runtime = bootstrap(settings)
        runtime.tagger_for = PositionTagger.for_vacancy
        try:
            print(f"[{backend}] loading {count} applications…", file=sys.stderr, flush=True)
            loaded = load(runtime, data, count)
            print(f"[{backend}] loaded in {loaded['load_seconds']} s", file=sys.stderr, flush=True)
            pages = measure(runtime, loaded, requests)
        finally:
            runtime.engine.dispose()
    return {
        "applications": count,
        "load_seconds": loaded["load_seconds"],
        "pages_ms": pages,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", type=Path, default=RESULTS / "pages.json")
    args = parser.parse_args(argv)
    import logging

    from shared.logging import configure_logging

    configure_logging(level=logging.WARNING)  # a log line per request would be timed too

    backends = [("sqlite", sqlite_url)] + ([("postgresql", postgres_url)] if args.postgres else [])
    figures: dict[str, Any] = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "requests_per_page": args.requests,
        "backends": {},
    }
    for backend, make_url in backends:
        with make_url() as url:
            figures["backends"][backend] = run(
                backend, url, args.data, args.applications, args.requests
            )
    for backend, result in figures["backends"].items():
        print(
            f"\n{backend}: {result['applications']} applications (loaded in "
            f"{result['load_seconds']} s)"
        )
        print(f"  {'page':<38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KB':>6}  status")
        for name, page in result["pages_ms"].items():
            print(
                f"  {name:<38} {page['p50']:>8} {page['p95']:>8} {page['max']:>8} "
                f"{page['kb']:>6}  {','.join(map(str, page['statuses']))}"
            )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
