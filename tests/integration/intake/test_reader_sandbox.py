"""The sandbox around CV reading: endless or greedy work is stopped, and nobody waits for it.

The misbehaving steps below are module-level functions so that a child process can import
them by name, as it imports the real ones. No test asserts on a duration: limits are set
short so that the suite stays quick, and what is checked is the outcome.
"""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import psutil
import pytest

from services.intake.adapters.cv_reader import DocumentCvReader, ReadingLimits
from services.intake.adapters.reading_steps import TextReading
from services.intake.adapters.sandbox import (
    ChildProcessRunner,
    Failed,
    Finished,
    Limits,
    OutOfMemory,
    TimedOut,
)

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CVS = sorted((SHARED_DATA / "cvs").glob("*")) if SHARED_DATA.exists() else []
SMALL_MEMORY = 512 * 2**20


def endless_extraction(data: bytes, kind: str, max_bytes: int, max_pages: int) -> TextReading:
    while True:
        time.sleep(1)


def greedy_extraction(data: bytes, kind: str, max_bytes: int, max_pages: int) -> TextReading:
    hoard = []
    while True:
        hoard.append(bytearray(50 * 2**20))


def extraction_held_at_a_gate(
    data: bytes, kind: str, max_bytes: int, max_pages: int
) -> TextReading:
    """Waits until the file named by `data` exists: a read that takes as long as a test wants."""
    gate = Path(data.decode())
    while not gate.exists():
        time.sleep(0.05)
    return TextReading(problem="released")


def crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def fail() -> None:
    raise ValueError("a parser bug")


def start_a_grandchild_then_hang(pid_file: str) -> None:
    grandchild = subprocess.Popen(["sleep", "600"])
    Path(pid_file).write_text(str(grandchild.pid))
    while True:
        time.sleep(1)


def add(first: int, second: int) -> int:
    return first + second


@pytest.fixture(scope="module")
def runner() -> ChildProcessRunner:
    return ChildProcessRunner()


def test_a_call_that_finishes_returns_its_value(runner: ChildProcessRunner) -> None:
    assert runner.run(add, (2, 3), Limits(seconds=30)) == Finished(5)


def test_a_call_that_never_ends_is_stopped_at_the_time_limit(runner: ChildProcessRunner) -> None:
    outcome = runner.run(endless_extraction, (b"", "pdf", 0, 0), Limits(seconds=1))

    assert outcome == TimedOut(1)


def test_a_call_that_eats_memory_is_stopped_at_the_memory_limit(
    runner: ChildProcessRunner,
) -> None:
    outcome = runner.run(greedy_extraction, (b"", "pdf", 0, 0), Limits(30, SMALL_MEMORY))

    assert outcome == OutOfMemory(SMALL_MEMORY)


def test_an_exception_or_a_crash_in_the_child_is_reported(runner: ChildProcessRunner) -> None:
    failed = runner.run(fail, (), Limits(seconds=30))
    crashed = runner.run(crash, (), Limits(seconds=30))

    assert isinstance(failed, Failed) and "ValueError: a parser bug" in failed.detail
    assert isinstance(crashed, Failed) and str(signal.SIGSEGV.value) in crashed.detail


def test_what_a_stopped_child_started_is_stopped_too(
    runner: ChildProcessRunner, tmp_path: Path
) -> None:
    pid_file = tmp_path / "grandchild.pid"

    outcome = runner.run(start_a_grandchild_then_hang, (str(pid_file),), Limits(seconds=2))

    assert outcome == TimedOut(2)
    grandchild = int(pid_file.read_text())
    assert not psutil.pid_exists(grandchild) or (
        psutil.Process(grandchild).status() == psutil.STATUS_ZOMBIE
    )


def test_an_endless_extraction_becomes_a_reading_that_needs_a_person() -> None:
    reader = DocumentCvReader(limits=ReadingLimits(text_seconds=1), read_text=endless_extraction)

    reading = reader.read(b"%PDF-1.7", "pdf", "cv.pdf")

    assert reading.attention_reason == (
        "This file took too long to read (more than 1 seconds); a person needs to look at it."
    )
    assert reading.method == "none"
    assert reading.profile["positions"] == []


def test_a_greedy_extraction_becomes_a_reading_that_needs_a_person() -> None:
    reader = DocumentCvReader(
        limits=ReadingLimits(memory_bytes=SMALL_MEMORY), read_text=greedy_extraction
    )

    reading = reader.read(b"%PDF-1.7", "pdf", "cv.pdf")

    assert reading.attention_reason == (
        "This file is too large to read: it needed more than 0.5 GiB of memory; a person"
        " needs to look at it."
    )
    assert reading.method == "none"


@pytest.mark.skipif(not CVS, reason=f"sample CVs not found in {SHARED_DATA}")
def test_a_slow_file_does_not_hold_up_the_others(tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    slow_reader = DocumentCvReader(read_text=extraction_held_at_a_gate)
    slow = threading.Thread(target=slow_reader.read, args=(str(gate).encode(), "pdf"))
    slow.start()

    reader = DocumentCvReader()
    readings = [reader.read(path.read_bytes(), path.suffix[1:], path.name) for path in CVS[:6]]

    assert slow.is_alive()
    assert all(reading.attention_reason is None for reading in readings)
    gate.touch()
    slow.join()
