"""Running one role of one service: migrations, web app, consumer, relay.

In production each role is a process of its own (see docker-compose.yml) and can be
scaled out; the embedded system runs the same objects in threads of one process.
"""

from __future__ import annotations

import signal
import threading
from typing import Protocol

from flask import Flask
from waitress import serve

from shared import db
from shared.auth import accounts
from shared.auth import web as auth_web
from shared.config import Settings
from shared.logging import get_logger
from shortlist.registry import MIGRATIONS, SERVICES, service

log = get_logger(__name__)


class Worker(Protocol):
    def run(self) -> None: ...
    def stop(self) -> None: ...


def migrate(settings: Settings, names: list[str] | None = None) -> None:
    for name in names or list(MIGRATIONS):
        db.upgrade(settings.database_url(name), MIGRATIONS[name])
        log.info("migrated", database=name)


def web_app(settings: Settings, name: str) -> Flask:
    if name == "auth":
        return auth_web.create_app(settings)
    definition = service(name)
    return definition.create_app(definition.bootstrap(settings))


def workers(settings: Settings, name: str, role: str) -> list[Worker]:
    definition = service(name)
    runtime = definition.bootstrap(settings)
    if role == "consumer":
        return [definition.consumer(runtime)]
    if role == "relay":
        return [definition.relay(runtime), *definition.background(runtime)]
    raise SystemExit(f"unknown role {role!r}")


def all_workers(settings: Settings) -> list[tuple[str, Worker]]:
    found: list[tuple[str, Worker]] = []
    for name, definition in SERVICES.items():
        runtime = definition.bootstrap(settings)
        found.append((f"{name}-consumer", definition.consumer(runtime)))
        found.append((f"{name}-relay", definition.relay(runtime)))
        found.extend((f"{name}-worker", w) for w in definition.background(runtime))
    return found


def serve_web(settings: Settings, name: str, host: str, port: int) -> None:
    serve(web_app(settings, name), host=host, port=port, threads=8, ident="shortlist")


def run_until_signalled(named_workers: list[tuple[str, Worker]]) -> None:
    """Run workers in threads until SIGTERM or SIGINT, then stop them."""
    start_threads(named_workers)
    wait_for_stop_signal()
    for _, worker in named_workers:
        worker.stop()


def start_threads(named_workers: list[tuple[str, Worker]]) -> list[threading.Thread]:
    threads = [
        threading.Thread(target=worker.run, name=name, daemon=True)
        for name, worker in named_workers
    ]
    for thread in threads:
        thread.start()
    return threads


def ensure_demo_accounts(settings: Settings) -> list[tuple[str, str, str]]:
    """Demo users of the embedded system, made once; returns (username, password, role)."""
    engine = db.create_engine_for(settings.database_url("accounts"))
    demo = [("secretariat", "secretariat-demo", "secretariat")] + [
        (f"panel{i}", "panel-demo", "panel") for i in (1, 2, 3)
    ]
    existing = {account.username for account in accounts.list_accounts(engine)}
    for username, password, role in demo:
        if username not in existing:
            accounts.create_or_update(
                engine, username, password, [role], full_name=f"Demo {username}", actor="embedded"
            )
    engine.dispose()
    return demo


def wait_for_stop_signal() -> None:
    """Block until the process is asked to stop (SIGTERM or SIGINT)."""
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopped.set())
    stopped.wait()
