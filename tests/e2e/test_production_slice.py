"""The whole slice in production mode: every process of docker-compose.yml started as a
local process against this machine's RabbitMQ and PostgreSQL, and a real SMTP server.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.messaging.broker import connect
from shared.messaging.topology import Topology
from tests.e2e.production import ProductionSystem, production_system
from tests.e2e.slice import run_whole_slice

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture
def production(tmp_path: Path, postgres_databases, amqp_url: str) -> Iterator[ProductionSystem]:
    namespace = f"e2e{uuid.uuid4().hex[:8]}"
    with production_system(tmp_path, postgres_databases, amqp_url, namespace) as system:
        try:
            yield system
        finally:
            system.stop()
            print(system.logs())  # shown only when the test fails
    with connect(amqp_url) as connection:
        Topology(namespace).delete(connection)


def test_the_whole_slice_runs_on_rabbitmq_and_postgresql_from_docker_compose(production) -> None:
    production.start()
    run_whole_slice(production.client(), production.mail_dir)
