"""Accuracy, speed and memory of the CV reader on a labelled set of CVs.

Runs the real reader (`DocumentCvReader.check_upload` then `read`) over every file in
DIR/cvs that has a truth in DIR/truth (DIR defaults to the repository's sibling
`../shared/data`), scores each profile with `bench.parse_scoring` and prints, per field,
precision, recall and F1 with the issue's targets (F1 ≥ 0.95 for position dates,
education level and language level; ≥ 0.90 for employer, title and field), the median
and p95 milliseconds per CV (`check_upload` + `read`, measured with `time.perf_counter`)
and the peak memory (resident memory of this process and of any child process the reader
starts, sampled in the background with psutil, and the kernel's peak of waited-for
children). If DIR/bad exists, every file there goes through the same calls and its
outcome is printed (refused at upload with a code, accepted needing attention with a
reason, or read), flagging a file that crashes or ends as a silently empty profile;
the files that were read and have a truth in DIR/bad/truth are scored separately. The
figures are written as JSON (`fields.<field>.{precision,recall,f1,tp,predicted,expected}`,
`ms_per_cv.{p50,p95,max}`, `peak_memory_mb`, `bad_files`) for other tools. It never
asserts on time.

    python -m bench.parse_accuracy [--data DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from bench.parse_scoring import FIELDS, Scores, score_profile, sum_scores
from services.intake.adapters.cv_reader import DocumentCvReader
from services.intake.domain.applications import ApplicationRefused

RESULTS = Path(__file__).parent / "results"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
F1_TARGETS: dict[str, float] = {
    "position.dates": 0.95,
    "education.level": 0.95,
    "language.level": 0.95,
    "position.employer": 0.90,
    "position.title": 0.90,
    "education.field": 0.90,
}
CV_SUFFIXES = {".pdf", ".docx"}


class PeakMemorySampler:
    """Peak resident memory of this process and of its child processes, in the background."""

    def __init__(self, interval_seconds: float = 0.02) -> None:
        self.interval_seconds = interval_seconds
        self.own_peak_bytes = 0
        self.children_peak_bytes = 0
        self._process = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def peak_mb(self) -> dict[str, float]:
        """Peaks so far: this process, its children, and both (an upper bound of the sum)."""
        own = max(self.own_peak_bytes, _rusage_max_rss_bytes(resource.RUSAGE_SELF))
        children = max(self.children_peak_bytes, _rusage_max_rss_bytes(resource.RUSAGE_CHILDREN))
        return {
            "this_process": round(own / 2**20, 1),
            "child_processes": round(children / 2**20, 1),
            "total": round((own + children) / 2**20, 1),
        }

    def _run(self) -> None:
        while not self._stop.wait(self.interval_seconds):
            self._sample()

    def _sample(self) -> None:
        try:
            self.own_peak_bytes = max(self.own_peak_bytes, self._process.memory_info().rss)
            children = self._process.children(recursive=True)
        except psutil.Error:
            return
        children_bytes = 0
        for child in children:
            try:
                children_bytes += child.memory_info().rss
            except psutil.Error:
                continue
        self.children_peak_bytes = max(self.children_peak_bytes, children_bytes)


def _rusage_max_rss_bytes(who: int) -> int:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    max_rss = resource.getrusage(who).ru_maxrss
    return max_rss if sys.platform == "darwin" else max_rss * 1024


@dataclass
class CvRun:
    """One file through the reader: how it ended, how long it took, what it gave."""

    name: str
    milliseconds: float
    outcome: str  # refused | attention | read | empty | crashed
    profile: dict[str, Any] = field(default_factory=dict)
    code: str | None = None
    reason: str | None = None
    method: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """Ended neither refused, nor needing attention with a reason, nor with a profile."""
        if self.outcome == "refused":
            return not (self.code and self.reason)
        if self.outcome == "attention":
            return not self.reason
        return self.outcome != "read"


def run_reader(reader: DocumentCvReader, path: Path) -> CvRun:
    """Upload check then read, timed; never raises (a crash is an outcome)."""
    data = path.read_bytes()
    started = time.perf_counter()
    try:
        kind = reader.check_upload(data, path.name)
        reading = reader.read(data, kind, filename=path.name)
    except ApplicationRefused as refusal:
        return CvRun(
            path.name, _ms_since(started), "refused", code=refusal.code, reason=refusal.message
        )
    except Exception as error:
        return CvRun(path.name, _ms_since(started), "crashed", reason=repr(error))
    milliseconds = _ms_since(started)
    profile = reading.profile if isinstance(reading.profile, dict) else {}
    notes = tuple(str(note) for note in getattr(reading, "notes", ()) or ())
    method = getattr(reading, "method", None)
    if reading.attention_reason:
        outcome = "attention"
    elif profile_is_empty(profile):
        outcome = "empty"
    else:
        outcome = "read"
    return CvRun(
        path.name,
        milliseconds,
        outcome,
        profile=profile,
        reason=reading.attention_reason or ("; ".join(notes) or None),
        method=method,
        notes=notes,
    )


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def profile_is_empty(profile: dict[str, Any]) -> bool:
    """No contact value, position, degree or language: nothing a person could screen."""
    contact = profile.get("contact") or {}
    has_contact = any(contact.get(key) for key in ("name", "email", "phone"))
    has_entries = any(profile.get(key) for key in ("positions", "education", "languages"))
    return not (has_contact or has_entries)


def labelled_files(folder: Path, truth_folder: Path) -> list[tuple[Path, Path]]:
    """CV files with a truth of the same stem, in name order."""
    if not folder.is_dir():
        return []
    pairs = []
    for path in sorted(folder.iterdir()):
        truth = truth_folder / f"{path.stem}.json"
        if path.is_file() and path.suffix.lower() in CV_SUFFIXES and truth.is_file():
            pairs.append((path, truth))
    return pairs


def nearest_rank(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[int(fraction * (len(sorted_values) - 1) + 0.5)]


def timing_summary(milliseconds: Iterable[float]) -> dict[str, float]:
    ordered = sorted(milliseconds)
    return {
        "p50": round(statistics.median(ordered), 1) if ordered else 0.0,
        "p95": round(nearest_rank(ordered, 0.95), 1),
        "max": round(ordered[-1], 1) if ordered else 0.0,
    }


def score_runs(runs: list[CvRun], truths: dict[str, dict[str, Any]]) -> Scores:
    return sum_scores(score_profile(run.profile, truths[run.name]) for run in runs)


def fields_json(scores: Scores) -> dict[str, dict[str, float | int]]:
    return {name: scores[name].as_dict() for name in FIELDS}


def print_field_table(title: str, scores: Scores, cvs: int) -> None:
    print(f"\n{title} ({cvs} CV{'' if cvs == 1 else 's'})")
    print(
        f"  {'field':<22} {'precision':>9} {'recall':>7} {'F1':>6}"
        f" {'tp/pred/exp':>14}  {'target':>6}"
    )
    for name in FIELDS:
        counts = scores[name]
        target = F1_TARGETS.get(name)
        verdict = "" if target is None else ("✓" if counts.f1 >= target else "✗")
        target_text = "" if target is None else f"≥{target:.2f}"
        tallies = f"{counts.true_positives}/{counts.predicted}/{counts.expected}"
        print(
            f"  {name:<22} {counts.precision:>9.3f} {counts.recall:>7.3f} {counts.f1:>6.3f}"
            f" {tallies:>14}  {target_text:>6} {verdict}"
        )


def describe_bad_run(run: CvRun) -> str:
    if run.outcome == "refused":
        return f"refused at upload [{run.code}]: {run.reason}"
    if run.outcome == "attention":
        notes = f" (notes: {'; '.join(run.notes)})" if run.notes else ""
        return f"accepted, needs attention (method {run.method}): {run.reason}{notes}"
    if run.outcome == "read":
        notes = "; ".join(run.notes) or "no notes"
        return f"accepted and read (method {run.method}; {notes})"
    if run.outcome == "crashed":
        return f"CRASHED: {run.reason}"
    return f"SILENTLY EMPTY: accepted with no attention reason and no profile (method {run.method})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, default=RESULTS / "parse_accuracy.json")
    args = parser.parse_args(argv)
    data: Path = args.data.resolve()

    labelled = labelled_files(data / "cvs", data / "truth")
    if not labelled:
        sys.exit(f"no CV with a truth under {data / 'cvs'} and {data / 'truth'}")
    reader = DocumentCvReader()
    sampler = PeakMemorySampler()
    sampler.start()

    truths = {path.name: json.loads(truth.read_text()) for path, truth in labelled}
    runs = [run_reader(reader, path) for path, _ in labelled]
    memory = sampler.peak_mb()
    scores = score_runs(runs, truths)
    timings = timing_summary(run.milliseconds for run in runs)

    print(f"CV reader on {data} ({len(runs)} CVs with a truth)")
    without_truth = [
        path.name
        for path in sorted((data / "cvs").iterdir())
        if path.suffix.lower() in CV_SUFFIXES and path.name not in truths
    ]
    if without_truth:
        print(f"  skipped {len(without_truth)} CVs without a truth: {', '.join(without_truth)}")
    print_field_table("Fields", scores, len(runs))
    print(
        f"\n  ms per CV (check_upload + read): p50 {timings['p50']:.1f},"
        f" p95 {timings['p95']:.1f}, max {timings['max']:.1f}"
    )
    print(
        f"  peak memory: {memory['total']:.1f} MB (this process {memory['this_process']:.1f} MB,"
        f" child processes {memory['child_processes']:.1f} MB)"
    )
    unreadable = [run for run in runs if run.outcome != "read"]
    for run in unreadable:
        print(f"  ! {run.name}: {describe_bad_run(run)} (scored as an empty profile)")

    bad_files: dict[str, dict[str, Any]] = {}
    bad_scores_json: dict[str, Any] | None = None
    bad_folder = data / "bad"
    if bad_folder.is_dir():
        bad_paths = sorted(
            path
            for path in bad_folder.iterdir()
            if path.is_file() and path.suffix.lower() in CV_SUFFIXES
        )
        bad_runs = [run_reader(reader, path) for path in bad_paths]
        print(f"\nBad files ({len(bad_runs)} in {bad_folder})")
        for run in bad_runs:
            mark = "✗" if run.flagged else "✓"
            print(f"  {mark} {run.name:<26} {run.milliseconds:8.1f} ms  {describe_bad_run(run)}")
            bad_files[run.name] = {
                "outcome": run.outcome,
                "code": run.code,
                "reason": run.reason,
                "method": run.method,
                "notes": list(run.notes),
                "flagged": run.flagged,
                "ms": round(run.milliseconds, 1),
            }
        flagged = [run.name for run in bad_runs if run.flagged]
        print(
            f"  {len(bad_runs) - len(flagged)}/{len(bad_runs)} handled with a specific outcome"
            + (f"; flagged: {', '.join(flagged)}" if flagged else "")
        )
        bad_truths = {
            path.name: json.loads(truth.read_text())
            for path, truth in labelled_files(bad_folder, bad_folder / "truth")
        }
        read_with_truth = [
            run for run in bad_runs if run.outcome == "read" and run.name in bad_truths
        ]
        if read_with_truth:
            bad_scores = score_runs(read_with_truth, bad_truths)
            names = ", ".join(run.name for run in read_with_truth)
            print_field_table(
                f"Bad files that were read, scored separately: {names}",
                bad_scores,
                len(read_with_truth),
            )
            bad_scores_json = {
                "files": [run.name for run in read_with_truth],
                "fields": fields_json(bad_scores),
            }
    sampler.stop()

    figures = {
        "measured_at": datetime.now(UTC).isoformat(),
        "data": str(data),
        "cvs": len(runs),
        "fields": fields_json(scores),
        "targets": {
            name: {"f1_at_least": target, "met": scores[name].f1 >= target}
            for name, target in F1_TARGETS.items()
        },
        "ms_per_cv": timings,
        "peak_memory_mb": memory["total"],
        "peak_memory_detail_mb": memory,
        "peak_memory_with_bad_files_mb": sampler.peak_mb()["total"],
        "not_read": {run.name: run.outcome for run in unreadable},
        "bad_files": bad_files,
        "bad_files_scored": bad_scores_json,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
