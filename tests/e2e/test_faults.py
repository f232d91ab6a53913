"""Faults in the middle of the slice: nothing lost, nothing doubled.

- RabbitMQ's application is stopped (`rabbitmqctl stop_app`) while candidates keep
  applying in production mode, then started again.
- The embedded system is killed with SIGKILL again and again while candidates apply,
  and started again each time.

Either way, every application reaches `screening.completed` exactly once and every
acknowledgement is mailed exactly once.
"""

from __future__ import annotations

import random
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from shared.messaging.broker import connect
from shared.messaging.topology import Topology
from tests.conftest import free_port
from tests.e2e import processes
from tests.e2e.faults import acknowledgements_per_address, screening_completed_per_application
from tests.e2e.production import ProductionSystem, production_system
from tests.e2e.slice import SHARED_DATA, SliceClient, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CVS = sorted((SHARED_DATA / "cvs").iterdir())


def apply_until_accepted(client: SliceClient, vacancy_id: str, number: int) -> None:
    """A candidate retries until the system answers: 201, or 409 if the first try got in."""
    address = f"candidate{number}@example.org"
    while True:
        try:
            response = client.apply(
                vacancy_id, f"Candidate {number}", address, CVS[number % len(CVS)]
            )
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            # refused, or cut off mid-answer by a kill: the candidate tries again
            time.sleep(0.3)
            continue
        if response.status_code in (201, 409):
            return
        assert response.status_code >= 500, response.text
        time.sleep(0.3)


def assert_exactly_once(screening_url: str, mail_dir: Path, count: int, timeout: float) -> None:
    wait_for(
        lambda: len(screening_completed_per_application(screening_url)) == count,
        timeout,
        f"{count} applications screened",
    )
    wait_for(
        lambda: len(acknowledgements_per_address(mail_dir)) == count,
        timeout,
        f"{count} acknowledgements",
    )
    time.sleep(3)  # let any duplicate surface before counting
    screened = screening_completed_per_application(screening_url)
    assert len(screened) == count and set(screened.values()) == {1}, screened
    mailed = acknowledgements_per_address(mail_dir)
    assert len(mailed) == count and set(mailed.values()) == {1}, mailed


@pytest.mark.integration
def test_rabbitmq_stopped_mid_slice_loses_and_doubles_nothing(
    tmp_path: Path, postgres_databases, amqp_url: str
) -> None:
    namespace = f"fault{uuid.uuid4().hex[:8]}"
    with production_system(tmp_path, postgres_databases, amqp_url, namespace) as system:
        try:
            _stop_rabbitmq_while_candidates_apply(system, applications=30)
        finally:
            subprocess.run(["rabbitmqctl", "-q", "start_app"], check=False)
            system.stop()
            print(system.logs())
    with connect(amqp_url) as connection:
        Topology(namespace).delete(connection)


def _stop_rabbitmq_while_candidates_apply(system: ProductionSystem, applications: int) -> None:
    system.start()
    client = system.client()
    secretariat = client.login("secretariat", "secretariat-demo")
    vacancy = client.create_and_publish_vacancy(secretariat, "secretariat@example.org")
    client.wait_until_open(vacancy["id"])

    for number in range(applications // 3):
        apply_until_accepted(client, vacancy["id"], number)
    subprocess.run(["rabbitmqctl", "-q", "stop_app"], check=True)
    for number in range(applications // 3, 2 * applications // 3):
        apply_until_accepted(client, vacancy["id"], number)  # the web keeps taking applications
    time.sleep(3)
    subprocess.run(["rabbitmqctl", "-q", "start_app"], check=True)
    for number in range(2 * applications // 3, applications):
        apply_until_accepted(client, vacancy["id"], number)

    assert_exactly_once(system.database_url("screening"), system.mail_dir, applications, 180)


@pytest.fixture
def embedded_folder(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str], int]]:
    port = free_port()
    yield tmp_path, processes.embedded_env(tmp_path, port), port


def test_killing_the_embedded_system_again_and_again_loses_and_doubles_nothing(
    embedded_folder,
) -> None:
    folder, env, port = embedded_folder
    origin = f"http://127.0.0.1:{port}"
    log = folder / "embedded.log"
    command = processes.shortlist_command("start", "--port", str(port))
    process = processes.start(command, env, log)
    applications, kills = 40, 0
    try:
        processes.wait_until_serving(origin + "/", process, log)
        client = SliceClient(lambda _path: origin)
        secretariat = client.login("secretariat", "secretariat-demo")
        vacancy = client.create_and_publish_vacancy(secretariat, "secretariat@example.org")
        client.wait_until_open(vacancy["id"])

        applying = threading.Thread(
            target=lambda: [
                apply_until_accepted(client, vacancy["id"], n) for n in range(applications)
            ],
            daemon=True,
        )
        applying.start()
        chance = random.Random(20261122)
        while applying.is_alive() or kills < 15:
            time.sleep(chance.uniform(0.05, 1.5))  # a different moment of the flow each time
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            process = processes.start(command, env, log)
            processes.wait_until_serving(origin + "/", process, log)
            if kills >= 40:
                break
        applying.join(120)
        assert not applying.is_alive()

        screening_url = f"sqlite:///{folder / 'var' / 'screening.db'}"
        assert_exactly_once(screening_url, folder / "var" / "mail", applications, 180)
        assert kills >= 15
    finally:
        processes.stop(process)
        text = log.read_text()
        print(f"killed {kills} times; duplicates skipped: {text.count('duplicate skipped')}")
        print(log.read_text()[-8000:])
