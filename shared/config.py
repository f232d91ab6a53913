"""Settings of every shortlist process, read from the environment with embedded defaults.

One immutable `Settings` value is built once per process by `Settings.from_env()` and
passed down explicitly; nothing reads `os.environ` elsewhere. With no variable set, the
settings describe the embedded mode: SQLite files, the durable SQLite broker and the
in-process SMTP sink under one data folder (`./var`). Production sets the URLs of
PostgreSQL, RabbitMQ and the SMTP server, and a secret key shared by all services.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SERVICES: tuple[str, ...] = ("intake", "screening", "scoring", "notify")
DATABASES: tuple[str, ...] = (*SERVICES, "accounts")
PREFIX = "SHORTLIST_"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    broker_url: str
    database_urls: Mapping[str, str]
    secret_key: str
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_username: str | None = None
    smtp_password: str | None = None
    mail_from: str = "shortlist <no-reply@shortlist.invalid>"
    mail_dir: Path = field(default_factory=lambda: Path("var/mail"))
    public_url: str = "http://127.0.0.1:8000"
    namespace: str = "shortlist"
    max_upload_bytes: int = 10 * 1024 * 1024
    relay_batch_size: int = 100
    consumer_max_attempts: int = 5
    consumer_backoff_seconds: float = 0.5
    log_format: str = "json"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str, default: str) -> str:
            return env.get(PREFIX + name) or default

        data_dir = Path(get("DATA_DIR", "var")).resolve()
        database_urls = {
            name: get(f"{name.upper()}_DATABASE_URL", f"sqlite:///{data_dir / name}.db")
            for name in DATABASES
        }
        return cls(
            data_dir=data_dir,
            broker_url=get("BROKER_URL", f"sqlite-durable:///{data_dir / 'broker.db'}"),
            database_urls=database_urls,
            secret_key=env.get(PREFIX + "SECRET_KEY") or _embedded_secret(data_dir),
            smtp_host=get("SMTP_HOST", "127.0.0.1"),
            smtp_port=int(get("SMTP_PORT", "8025")),
            smtp_username=env.get(PREFIX + "SMTP_USERNAME") or None,
            smtp_password=env.get(PREFIX + "SMTP_PASSWORD") or None,
            mail_from=get("MAIL_FROM", cls.mail_from),
            mail_dir=Path(get("MAIL_DIR", str(data_dir / "mail"))).resolve(),
            public_url=get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
            namespace=get("NAMESPACE", "shortlist"),
            max_upload_bytes=int(get("MAX_UPLOAD_BYTES", str(cls.max_upload_bytes))),
            relay_batch_size=int(get("RELAY_BATCH_SIZE", "100")),
            consumer_max_attempts=int(get("CONSUMER_MAX_ATTEMPTS", "5")),
            consumer_backoff_seconds=float(get("CONSUMER_BACKOFF_SECONDS", "0.5")),
            log_format=get("LOG_FORMAT", "json"),
        )

    def database_url(self, name: str) -> str:
        return self.database_urls[name]

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"


def _embedded_secret(data_dir: Path) -> str:
    """A per-installation secret kept in the data folder, so links survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
