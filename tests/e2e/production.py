"""The production system of docker-compose.yml, started as local processes.

There is no Docker engine here, so `ProductionSystem` reads docker-compose.yml and runs
each service's `command`, with its `environment`, as a process of this machine: compose
host names become 127.0.0.1, each service gets fresh PostgreSQL databases of its own
(owned by the compose file's database user), the broker is this machine's RabbitMQ
under a namespace of the test's own, and an SMTP sink stands where Mailpit would. What
the file says is what runs, so the file cannot rot.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from tests.conftest import PostgresDatabases, free_port
from tests.e2e import processes
from tests.e2e.slice import SliceClient

COMPOSE = processes.REPO / "docker-compose.yml"
INFRASTRUCTURE = {"postgres", "rabbitmq", "mailpit", "gateway"}
DEMO_USERS = [
    ("secretariat", "secretariat-demo", "secretariat"),
    ("panel1", "panel-demo", "panel"),
    ("panel2", "panel-demo", "panel"),
]


def compose_services() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


@dataclass
class ProductionSystem:
    folder: Path
    databases: PostgresDatabases
    amqp_url: str
    namespace: str
    env: dict[str, str] = field(default_factory=dict)
    web_ports: dict[str, int] = field(default_factory=dict)
    running: dict[str, list[subprocess.Popen[bytes]]] = field(default_factory=dict)

    @property
    def mail_dir(self) -> Path:
        return self.folder / "mailpit"

    def client(self) -> SliceClient:
        def base_url_for(path: str) -> str:
            service = path.lstrip("/").split("/", 1)[0]
            return f"http://127.0.0.1:{self.web_ports[service]}"

        return SliceClient(base_url_for)

    def database_url(self, name: str) -> str:
        return self.env[f"SHORTLIST_{name.upper()}_DATABASE_URL"]

    def prepare(self) -> None:
        services = compose_services()
        self.env = self._local_environment(services["migrate"]["environment"])
        self._run_to_completion("migrate", services["migrate"]["command"])
        for username, password, role in DEMO_USERS:
            self._run_to_completion(
                "users",
                f"shortlist users create {username} --role {role} --password {password}",
            )

    def start(self, scale: dict[str, int] | None = None) -> None:
        mail = processes.start(
            processes.shortlist_command(
                "mail-sink",
                "--port",
                self.env["SHORTLIST_SMTP_PORT"],
                "--folder",
                str(self.mail_dir),
            ),
            self.env,
            self.folder / "mailpit.log",
        )
        self.running["mailpit"] = [mail]
        for name, spec in compose_services().items():
            if name in INFRASTRUCTURE or name == "migrate":
                continue
            for copy in range((scale or {}).get(name, 1)):
                self._start_service(name, spec["command"], copy)
        for service, port in self.web_ports.items():
            log = self.folder / f"{service}-web-0.log"
            processes.wait_until_serving(
                f"http://127.0.0.1:{port}/{service}/api/openapi.json",
                self.running[f"{service}-web"][0],
                log,
            )

    def stop(self) -> None:
        for group in self.running.values():
            for process in group:
                processes.stop(process)
        self.running.clear()

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def _start_service(self, name: str, command: str, copy: int) -> None:
        env = dict(self.env)
        words = shlex.split(command)
        if words[1] == "web":
            service = words[2]
            port = self.web_ports.setdefault(service, free_port())
            env["SHORTLIST_WEB_PORT"] = str(port)
        process = processes.start(
            processes.shortlist_command(*words[1:]), env, self.folder / f"{name}-{copy}.log"
        )
        self.running.setdefault(name, []).append(process)

    def _run_to_completion(self, name: str, command: str) -> None:
        words = shlex.split(command)
        result = subprocess.run(
            processes.shortlist_command(*words[1:]),
            env={**os.environ, **self.env},
            cwd=processes.REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{name}: {result.stdout}\n{result.stderr}"

    def _local_environment(self, compose_env: dict[str, str]) -> dict[str, str]:
        env = {key: str(value) for key, value in compose_env.items()}
        for key, value in env.items():
            if key.endswith("_DATABASE_URL"):
                env[key] = self._local_database(value)
        env["SHORTLIST_BROKER_URL"] = env["SHORTLIST_BROKER_URL"].replace(
            "@rabbitmq:", "@127.0.0.1:"
        )
        assert env["SHORTLIST_BROKER_URL"].startswith("amqp://")
        env["SHORTLIST_SMTP_HOST"] = env["SHORTLIST_SMTP_HOST"].replace("mailpit", "127.0.0.1")
        env["SHORTLIST_SMTP_PORT"] = str(free_port())
        env["SHORTLIST_DATA_DIR"] = str(self.folder / "data")
        env["SHORTLIST_NAMESPACE"] = self.namespace
        env["SHORTLIST_CONSUMER_BACKOFF_SECONDS"] = "0.2"
        env.pop("SHORTLIST_WEB_PORT", None)
        return env

    def _local_database(self, compose_url: str) -> str:
        url = sa.engine.make_url(compose_url)
        assert url.host == "postgres", compose_url
        owner = _ensure_role(self.databases, url.username or "", url.password or "")
        local = sa.engine.make_url(self.databases.create(url.database or "db", owner=owner))
        return local.set(username=url.username, password=url.password).render_as_string(
            hide_password=False
        )


def _ensure_role(databases: PostgresDatabases, username: str, password: str) -> str:
    with databases.admin.connect() as connection:
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (username,)
        ).first()
        if not exists:
            connection.exec_driver_sql(f"CREATE ROLE \"{username}\" LOGIN PASSWORD '{password}'")
    return username


@contextmanager
def production_system(
    folder: Path, databases: PostgresDatabases, amqp_url: str, namespace: str
) -> Iterator[ProductionSystem]:
    system = ProductionSystem(folder, databases, amqp_url, namespace)
    try:
        system.prepare()
        yield system
    finally:
        system.stop()
