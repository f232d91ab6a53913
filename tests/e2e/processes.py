"""Starting shortlist processes for end-to-end tests, and stopping them for sure."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]


def shortlist_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "shortlist", *args]


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        command,
        env={**os.environ, **env},
        cwd=REPO,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 15) -> None:
    if process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


def wait_until_serving(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


def embedded_env(folder: Path, port: int) -> dict[str, str]:
    """The settings of an embedded system in a fresh data folder, served on `port`."""
    return {
        "SHORTLIST_DATA_DIR": str(folder / "var"),
        "SHORTLIST_SMTP_PORT": str(_free_port()),
        "SHORTLIST_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SHORTLIST_CONSUMER_BACKOFF_SECONDS": "0.1",
    }


@contextmanager
def embedded_system(folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`shortlist start` on a fresh data folder: its origin and settings, until stopped.

    Its log is printed on the way out, which pytest shows only for a failing test.
    """
    port = _free_port()
    env = embedded_env(folder, port)
    log = folder / "embedded.log"
    process = start(shortlist_command("start", "--port", str(port)), env, log)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}", env
    finally:
        stop(process)
        print(log.read_text()[-8000:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
