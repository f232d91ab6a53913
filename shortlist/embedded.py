"""The embedded system: all of shortlist in one process, nothing to install but Python.

`EmbeddedSystem` migrates every SQLite database, creates the demo accounts, starts the
in-process SMTP server that files every mail as an `.eml` in the mail folder, runs
every service's consumer, relay and background loop in threads over the durable SQLite
broker, and serves every service's app under one origin, by the first segment of the
path (`/intake/…`, `/screening/…`), with a landing page at `/` that links each API
document and the mail folder. Killed at any moment, it loses nothing: on the next
start the relays publish what was not yet sent and the broker redelivers what was not
yet acknowledged.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask, abort, render_template, send_from_directory
from waitress import create_server

from shared.config import Settings
from shared.logging import get_logger
from shared.mail import MailServer
from shortlist import roles
from shortlist.registry import WEB_APPS

log = get_logger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class PathDispatcher:
    """Send a request to the app named by the first segment of its path, unchanged."""

    def __init__(self, apps: dict[str, WSGIApp], fallback: WSGIApp) -> None:
        self.apps = apps
        self.fallback = fallback

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        segment = environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]
        return self.apps.get(segment, self.fallback)(environ, start_response)


def landing_app(settings: Settings, demo_accounts: list[tuple[str, str, str]]) -> Flask:
    app = Flask("shortlist.landing", template_folder=str(Path(__file__).parent / "templates"))

    @app.get("/")
    def landing() -> str:
        return render_template(
            "landing.html", services=WEB_APPS, accounts=demo_accounts, mail_dir=settings.mail_dir
        )

    @app.get("/mail/")
    def mail_folder() -> str:
        mails = sorted(
            settings.mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        return render_template("mail.html", mails=mails, mail_dir=settings.mail_dir)

    @app.get("/mail/<name>")
    def mail_file(name: str) -> Any:
        if not name.endswith(".eml"):
            abort(404)
        return send_from_directory(settings.mail_dir, name, mimetype="message/rfc822")

    return app


class EmbeddedSystem:
    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.settings = settings
        self.host = host
        self.port = port
        self.mail_server = MailServer(settings.mail_dir, "127.0.0.1", settings.smtp_port)
        self.workers: list[tuple[str, roles.Worker]] = []
        self.demo_accounts: list[tuple[str, str, str]] = []

    def start_background(self) -> None:
        roles.migrate(self.settings)
        self.demo_accounts = roles.ensure_demo_accounts(self.settings)
        self.mail_server.start()
        self.workers = roles.all_workers(self.settings)
        roles.start_threads(self.workers)

    def wsgi_app(self) -> WSGIApp:
        apps = {name: roles.web_app(self.settings, name) for name in WEB_APPS}
        return PathDispatcher(apps, landing_app(self.settings, self.demo_accounts))

    def stop(self) -> None:
        for _, worker in self.workers:
            worker.stop()
        self.mail_server.stop()

    def serve_forever(self) -> None:
        self.start_background()
        server = create_server(self.wsgi_app(), host=self.host, port=self.port, threads=8)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        print(self.welcome(), flush=True)
        try:
            server.run()
        except KeyboardInterrupt:
            log.info("stopping")
        finally:
            server.close()
            self.stop()

    def welcome(self) -> str:
        origin = f"http://{self.host}:{self.port}"
        lines = [
            f"shortlist is running at {origin}/",
            f"  data folder: {self.settings.data_dir}",
            f"  mail folder: {self.settings.mail_dir} (also {origin}/mail/)",
            "  sign in (POST /auth/api/login) as:",
            *(f"    {role:<12} {user} / {password}" for user, password, role in self.demo_accounts),
            "Stop with Ctrl+C.",
        ]
        return "\n".join(lines)


def _raise_keyboard_interrupt(*_: object) -> None:
    raise KeyboardInterrupt
