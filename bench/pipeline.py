"""Throughput and latency of the slice, from CV upload to `screening.completed`.

Pushes the sample CVs (repeated to --applications, 400 by default) through the whole
system three ways: embedded (one process, SQLite, the durable SQLite broker), and on
RabbitMQ + PostgreSQL from docker-compose.yml with one and with two intake consumers
(intake's consumer reads the CVs, the heavy step). Uploads come from several client
threads at once, as near a deadline. Prints applications per second end to end (first
upload to last `screening.completed`), p50/p95 seconds from an upload to its
`screening.completed` (the time screening wrote that event in its outbox), and the peak
memory and CPU time (during the run) of every process; writes the figures to
bench/results/pipeline.json.

    python -m bench.pipeline [--applications 400] [--clients 4]
                             [--modes embedded,rabbitmq-1,rabbitmq-2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import sqlalchemy as sa

from services.screening.adapters.tables import MESSAGING as SCREENING_MESSAGING
from shared.messaging.broker import connect
from shared.messaging.topology import Topology
from tests.conftest import DEFAULT_AMQP, DEFAULT_POSTGRES, PostgresDatabases, free_port
from tests.e2e import processes
from tests.e2e.production import ProductionSystem
from tests.e2e.slice import SHARED_DATA, SliceClient, wait_for

RESULTS = Path(__file__).parent / "results"


class MemorySampler:
    """Peak resident memory and CPU time of named processes, sampled in the background."""

    def __init__(self) -> None:
        self.processes: dict[str, list[psutil.Process]] = {}
        self.peak_mb: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self._cpu_at_start: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, name: str, pid: int) -> None:
        """Follow a process; its CPU time counts from now on, not its start-up."""
        process = psutil.Process(pid)
        times = process.cpu_times()
        self._cpu_at_start[pid] = times.user + times.system
        self.processes.setdefault(name, []).append(process)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        return {name: round(mb, 1) for name, mb in sorted(self.peak_mb.items())}

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            for name, group in self.processes.items():
                for index, process in enumerate(group):
                    try:
                        mb = process.memory_info().rss / 2**20
                        cpu = process.cpu_times()
                    except psutil.Error:
                        continue
                    key = name if len(group) == 1 else f"{name}-{index}"
                    self.peak_mb[key] = max(self.peak_mb.get(key, 0.0), mb)
                    used = cpu.user + cpu.system - self._cpu_at_start[process.pid]
                    self.cpu_seconds[key] = round(used, 1)


def push_applications(
    client: SliceClient, screening_url: str, applications: int, clients: int
) -> dict[str, float]:
    secretariat = client.login("secretariat", "secretariat-demo")
    vacancy = client.create_and_publish_vacancy(secretariat, "secretariat@example.org")
    client.wait_until_open(vacancy["id"])
    cvs = sorted((SHARED_DATA / "cvs").iterdir())
    uploaded_at: dict[str, float] = {}

    def upload(number: int) -> None:
        started = time.time()
        cv = cvs[number % len(cvs)]
        response = client.apply(
            vacancy["id"], f"Candidate {number}", f"c{number}@example.org", cv, copy=number
        )
        assert response.status_code == 201, response.text
        uploaded_at[response.json()["application_id"]] = started

    machine_before = psutil.cpu_times()
    first = time.time()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(upload, range(applications)))
    upload_seconds = time.time() - first
    completed = wait_for(
        lambda: found if len(found := _completed_at(screening_url)) >= applications else None,
        timeout=1800,
        what=f"{applications} applications screened",
    )
    machine_busy = _busy_share(machine_before, psutil.cpu_times())
    latencies = sorted(completed[a] - uploaded_at[a] for a in uploaded_at)
    total = max(completed.values()) - first
    return {
        "applications": applications,
        "upload_seconds": round(upload_seconds, 2),
        "end_to_end_seconds": round(total, 2),
        "applications_per_second": round(applications / total, 2),
        "latency_p50_seconds": round(statistics.median(latencies), 2),
        "latency_p95_seconds": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "machine_cpu_busy": round(machine_busy, 2),
    }


def _busy_share(before: Any, after: Any) -> float:
    """The share of all cores' time that was not idle between two readings."""
    spent = {field: getattr(after, field) - getattr(before, field) for field in after._fields}
    total = sum(spent.values())
    idle = spent.get("idle", 0.0) + spent.get("iowait", 0.0)
    return (total - idle) / total if total else 0.0


def _completed_at(screening_url: str) -> dict[str, float]:
    engine = sa.create_engine(screening_url)
    outbox = SCREENING_MESSAGING.outbox
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(outbox.c.body, outbox.c.created_at).where(
                outbox.c.name == "screening.completed"
            )
        ).all()
    engine.dispose()
    result = {}
    for body, created_at in rows:
        moment = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
        result[body["payload"]["application_id"]] = moment.timestamp()
    return result


def run_embedded(applications: int, clients: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = {
            "SHORTLIST_DATA_DIR": f"{folder}/var",
            "SHORTLIST_SMTP_PORT": str(free_port()),
            "SHORTLIST_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "SHORTLIST_LOG_FORMAT": "json",
        }
        log = Path(folder) / "embedded.log"
        command = processes.shortlist_command("start", "--port", str(port))
        process = processes.start(command, env, log)
        sampler = MemorySampler()
        try:
            processes.wait_until_serving(f"http://127.0.0.1:{port}/", process, log)
            sampler.watch("embedded", process.pid)
            sampler.start()
            figures = push_applications(
                SliceClient(lambda _path: f"http://127.0.0.1:{port}"),
                f"sqlite:///{folder}/var/screening.db",
                applications,
                clients,
            )
        finally:
            memory = sampler.stop() if sampler._thread.is_alive() else {}
            processes.stop(process)
    return {
        "mode": "embedded",
        "intake_consumers": 1,
        **figures,
        "peak_rss_mb": memory,
        "cpu_seconds": sampler.cpu_seconds,
    }


def run_production(applications: int, clients: int, intake_consumers: int) -> dict:
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    databases = PostgresDatabases(DEFAULT_POSTGRES)
    with tempfile.TemporaryDirectory() as folder:
        system = ProductionSystem(Path(folder), databases, DEFAULT_AMQP, namespace)
        sampler = MemorySampler()
        try:
            system.prepare()
            system.start(scale={"intake-consumer": intake_consumers})
            for name, group in system.running.items():
                for process in group:
                    sampler.watch(name, process.pid)
            sampler.start()
            figures = push_applications(
                system.client(), system.database_url("screening"), applications, clients
            )
        finally:
            memory = sampler.stop() if sampler._thread.is_alive() else {}
            system.stop()
            databases.drop_all()
            with connect(DEFAULT_AMQP) as connection:
                Topology(namespace).delete(connection)
    return {
        "mode": "rabbitmq+postgresql",
        "intake_consumers": intake_consumers,
        **figures,
        "peak_rss_mb": memory,
        "cpu_seconds": sampler.cpu_seconds,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--modes", default="embedded,rabbitmq-1,rabbitmq-2")
    parser.add_argument("--json", type=Path, default=RESULTS / "pipeline.json")
    args = parser.parse_args(argv)

    runs = []
    for mode in args.modes.split(","):
        if mode == "embedded":
            run = run_embedded(args.applications, args.clients)
        else:
            run = run_production(args.applications, args.clients, int(mode.split("-")[1]))
        runs.append(run)
        print(
            f"{run['mode']:<20} intake consumers {run['intake_consumers']}: "
            f"{run['applications_per_second']:6.2f} applications/s end to end, "
            f"upload→screening.completed p50 {run['latency_p50_seconds']:.2f} s, "
            f"p95 {run['latency_p95_seconds']:.2f} s ({run['applications']} applications, "
            f"{run['end_to_end_seconds']:.1f} s)",
            flush=True,
        )
        print(
            f"    machine CPU busy {100 * run['machine_cpu_busy']:.0f}% of {psutil.cpu_count()}"
            " cores during the run (everything: services, CV readers, brokers, clients)"
        )
        print("    per process (CPU of the process itself; CVs are read in its sandbox children):")
        for name, mb in run["peak_rss_mb"].items():
            print(f"    {name:<22} peak RSS {mb:7.1f} MB, CPU {run['cpu_seconds'][name]:6.1f} s")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(),
                "cpus": psutil.cpu_count(),
                "runs": runs,
            },
            indent=2,
        )
    )
    print(f"wrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
