"""Running work on untrusted files in a child process with a time and a memory limit.

This module owns the boundary that keeps one hostile upload from hanging or exhausting the
process that reads CVs. `ChildProcessRunner.run(function, args, limits)` calls a picklable,
module-level function in a fresh child forked from a multiprocessing forkserver (which has
imported the heavy reading libraries once, so a child starts in milliseconds), with an
address-space limit (`RLIMIT_AS`) and a CPU-time backstop set inside the child, and kills
the child's whole process group (tesseract included) when the wall-clock limit passes.
A fresh child per call, rather than a pool, is what lets one call be killed without
disturbing the others that other threads are running at the same time. The result is an
`Outcome`: `Finished(value)`, `TimedOut`, `OutOfMemory` or `Failed(detail)`; nothing is
raised to the caller. `InProcessRunner` has the same interface without the isolation, for
tests that replace functions in this process and for places where no child may be started.
"""

from __future__ import annotations

import ast
import logging
import multiprocessing
import os
import resource
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")

DEFAULT_MEMORY_BYTES = 1536 * 2**20
# Time for a killed child to be reaped, and the CPU-time slack over the wall-clock limit.
_REAP_SECONDS = 5.0
_CPU_SLACK_SECONDS = 5
_DETAIL_CHARS = 2_000


@dataclass(frozen=True)
class Limits:
    """How long (wall clock) and how much address space one call may use."""

    seconds: float
    memory_bytes: int = DEFAULT_MEMORY_BYTES


@dataclass(frozen=True)
class Finished(Generic[T]):
    value: T


@dataclass(frozen=True)
class TimedOut:
    seconds: float


@dataclass(frozen=True)
class OutOfMemory:
    memory_bytes: int


@dataclass(frozen=True)
class Failed:
    """The function raised, or the child died; `detail` is for logs, not for people."""

    detail: str


Outcome = Finished[T] | TimedOut | OutOfMemory | Failed


class Runner(Protocol):
    def run(self, function: Callable[..., T], args: tuple[Any, ...], limits: Limits) -> Outcome[T]:
        """Call `function(*args)` within `limits`; never raises for the function's sake."""


class InProcessRunner:
    """Calls the function in this process: no limits, but replaced functions are seen."""

    def run(self, function: Callable[..., T], args: tuple[Any, ...], limits: Limits) -> Outcome[T]:
        try:
            return Finished(function(*args))
        except MemoryError:
            return OutOfMemory(limits.memory_bytes)
        except Exception:
            return Failed(traceback.format_exc(limit=-3)[-_DETAIL_CHARS:])


# Every child runs a `python -m` main module again as `__mp_main__` (see
# `_modules_the_main_script_imports`); runpy then warns, once per child, that the module
# was imported already, which is what we want. This module is imported in the
# forkserver, whose filters every child inherits.
warnings.filterwarnings(
    "ignore", message=r".*found in sys\.modules after import of package", category=RuntimeWarning
)


class ChildProcessRunner:
    """Calls the function in a child process from a forkserver that preloaded `preload`.

    Safe to share between threads: each call has its own child and its own pipe.
    """

    def __init__(self, preload: Sequence[str] = ()) -> None:
        self._context = multiprocessing.get_context("forkserver")
        # The forkserver is one per process and takes its preload list when it starts;
        # "__main__" is the default entry, which CPython 3.11 ignores (see below).
        self._context.set_forkserver_preload(
            ["__main__", __name__, *_modules_the_main_script_imports(), *preload]
        )
        self._start_lock = threading.Lock()

    def run(self, function: Callable[..., T], args: tuple[Any, ...], limits: Limits) -> Outcome[T]:
        receiver, sender = self._context.Pipe(duplex=False)
        child = self._context.Process(
            target=_child_main,
            args=(sender, function, args, limits),
            name=f"sandbox:{getattr(function, '__name__', 'call')}",
            daemon=True,
        )
        outcome: Outcome[T] = Failed("the child did not start")
        try:
            with self._start_lock:
                child.start()
            sender.close()
            outcome = _await_outcome(receiver, child, limits)
            return outcome
        finally:
            _end_child(child, grace=0.0 if isinstance(outcome, TimedOut) else _REAP_SECONDS)
            receiver.close()


def _modules_the_main_script_imports() -> list[str]:
    """What the main script imports, for the forkserver to import once for all children.

    Every child runs the main script again (as `__mp_main__`), because CPython 3.11's
    forkserver never preloads it (`ensure_running` looks for a "main_path" key that the
    preparation data does not have). Re-running it takes a millisecond when what it
    imports is loaded already, and over a second per child for `shortlist`'s CLI when not.
    """
    main = sys.modules.get("__main__")
    spec_name = getattr(getattr(main, "__spec__", None), "name", None)
    if spec_name is not None:
        # Run with -m: a package's __main__ is left alone, a module is run again.
        return [] if spec_name.split(".")[-1] == "__main__" else [spec_name]
    path = getattr(main, "__file__", None)
    try:
        tree = ast.parse(Path(path).read_bytes()) if path else None
    except (OSError, SyntaxError, ValueError):
        tree = None
    return sorted(set(_imported_names(tree.body))) if tree is not None else []


def _imported_names(statements: list[ast.stmt]) -> Iterator[str]:
    """Absolute imports run when a module is executed (not those inside functions)."""
    for statement in statements:
        if isinstance(statement, ast.Import):
            yield from (alias.name for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            yield statement.module
        elif isinstance(statement, ast.If | ast.Try | ast.With):
            for field in ("body", "orelse", "finalbody", "handlers"):
                yield from _imported_names(_statements_of(getattr(statement, field, [])))


def _statements_of(nodes: list[Any]) -> list[ast.stmt]:
    # An except clause is not a statement but holds a body of them.
    return [
        inner
        for node in nodes
        for inner in (node.body if isinstance(node, ast.ExceptHandler) else [node])
    ]


def _await_outcome(
    receiver: Connection, child: multiprocessing.process.BaseProcess, limits: Limits
) -> Outcome[Any]:
    if not receiver.poll(limits.seconds):
        return TimedOut(limits.seconds)
    try:
        status, payload = receiver.recv()
    except EOFError:
        return _outcome_of_death(child, limits)
    except Exception as error:
        return Failed(f"the result could not be read back: {error!r}")
    if status == "finished":
        return Finished(payload)
    if status == "out_of_memory":
        return OutOfMemory(limits.memory_bytes)
    return Failed(payload)


def _outcome_of_death(child: multiprocessing.process.BaseProcess, limits: Limits) -> Outcome[Any]:
    """The child closed its pipe without a word: it was killed or crashed."""
    child.join(_REAP_SECONDS)
    code = child.exitcode
    if code == -signal.SIGXCPU:
        return TimedOut(limits.seconds)
    if code is not None and code < 0:
        return Failed(f"the child died of signal {-code}")
    return Failed(f"the child exited with code {code} without a result")


def _end_child(child: multiprocessing.process.BaseProcess, grace: float) -> None:
    """Let a child that has answered exit; kill its process group if it is still there.

    Only a child not yet reaped is signalled, so its pid cannot belong to another process.
    """
    if child.pid is None:
        return
    child.join(grace)
    if child.exitcode is not None:
        return
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        # Not yet its own group leader (stopped just after starting): kill it alone.
        child.kill()
    child.join(_REAP_SECONDS)


# --- in the child ----------------------------------------------------------------------


def _child_main(
    sender: Connection, function: Callable[..., Any], args: tuple[Any, ...], limits: Limits
) -> None:
    # Its own process group, so that killing it also kills what it started (tesseract).
    os.setpgid(0, 0)
    # No handler is configured here: library warnings (pdfminer has many) would reach the
    # parent's stderr as raw lines. Errors still do.
    logging.disable(logging.WARNING)
    _limit_resources(limits)
    try:
        message: tuple[str, Any] = ("finished", function(*args))
    except MemoryError:
        message = ("out_of_memory", None)
    except BaseException:
        message = ("failed", traceback.format_exc(limit=-3)[-_DETAIL_CHARS:])
    try:
        sender.send(message)
    except MemoryError:
        sender.send(("out_of_memory", None))
    except Exception as error:
        sender.send(("failed", f"the result could not be sent back: {error!r}"))
    finally:
        sender.close()


def _limit_resources(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    # A backstop for a child whose parent died and can no longer kill it.
    cpu_seconds = int(limits.seconds) + _CPU_SLACK_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + _CPU_SLACK_SECONDS))
