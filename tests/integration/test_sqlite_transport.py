"""The durable SQLite transport routes like RabbitMQ and loses nothing to `kill -9`."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kombu import Connection, Consumer, Exchange, Message, Producer, Queue

from shared.messaging.sqlite_transport import Transport

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
EVENTS = Exchange("test.events", type="topic", durable=True)
ALPHA, BETA = "test.alpha", "test.beta"
ROUTING_KEY = "item.created"
# Far longer than the tests: only the dead-owner check may bring a killed consumer's
# messages back.
VISIBILITY_TIMEOUT = 3600
IDLE_SECONDS = 0.3
STREAM_LENGTH = 200
KILLS = 10


def topology() -> list[Queue]:
    return [Queue(name, EVENTS, routing_key="item.#", durable=True) for name in (ALPHA, BETA)]


def connect(db_path: Path) -> Connection:
    connection = Connection(
        f"sqlite-durable://{db_path}", transport_options={"visibility_timeout": VISIBILITY_TIMEOUT}
    )
    for queue in topology():
        queue(connection.default_channel).declare()
    return connection


def publish(connection: Connection, body: dict) -> None:
    Producer(connection).publish(body, exchange=EVENTS, routing_key=ROUTING_KEY, serializer="json")


def rows(db_path: Path, queue: str | None = None) -> int:
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        if queue is None:
            return db.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        return db.execute("SELECT COUNT(*) FROM messages WHERE queue = ?", (queue,)).fetchone()[0]


def receive(
    connection: Connection, queue_name: str, *, settle: str | None = "ack", limit: int = 0
) -> list[Message]:
    """Consume until idle (or `limit` messages); settle each by ack, requeue, reject or not."""
    queue = next(queue for queue in topology() if queue.name == queue_name)
    received: list[Message] = []

    def on_message(message: Message) -> None:
        received.append(message)
        if settle is not None:
            getattr(message, settle)()

    with Consumer(connection, [queue], on_message=on_message, accept=["json"]):
        while not limit or len(received) < limit:
            try:
                connection.drain_events(timeout=IDLE_SECONDS)
            except TimeoutError:
                break
    return received


def run_client(argv: list[str]) -> None:
    """Body of the subprocesses: `publish DB FIRST COUNT` or `consume DB ack|hold RECORD`."""
    command, db_path = argv[0], Path(argv[1])
    connection = connect(db_path)
    if command == "publish":
        first, count = int(argv[2]), int(argv[3])
        for message_id in range(first, first + count):
            publish(connection, {"id": message_id})
        connection.close()
        return
    mode, record = argv[2], os.open(argv[3], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    pause = random.Random(os.getpid())

    def on_message(message: Message) -> None:
        os.write(record, f"{message.payload['id']}\n".encode())
        if mode == "ack":
            time.sleep(pause.uniform(0, 0.003))
            message.ack()

    with Consumer(connection, topology()[:1], on_message=on_message, accept=["json"]):
        while True:
            with contextlib.suppress(TimeoutError):
                connection.drain_events(timeout=1)


def start_client(log: Path, *args: str) -> subprocess.Popen[bytes]:
    code = "import sys; from tests.integration.test_sqlite_transport import run_client; "
    code += "run_client(sys.argv[1:])"
    with log.open("ab") as stderr:
        return subprocess.Popen(
            [sys.executable, "-c", code, *args],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
            stderr=stderr,
        )


def recorded_ids(record: Path) -> list[int]:
    return [int(line) for line in record.read_text().split()] if record.exists() else []


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "not-yet-created" / "broker.db"


def test_every_url_form_names_the_same_file(db_path: Path) -> None:
    with connect(db_path) as connection:
        publish(connection, {"id": 1})
    same_file = [
        Connection(f"sqlite-durable:///{db_path}"),  # SQLAlchemy style, as in shared.config
        Connection(transport=Transport, hostname=str(db_path)),
        Connection("sqlite-durable://", transport_options={"database_path": str(db_path)}),
    ]
    for connection in same_file:
        with connection:
            assert connection.default_channel.queue_declare(ALPHA, passive=True).message_count == 1
    with pytest.raises(ValueError, match="absolute"), Connection("sqlite-durable://rel.db") as c:
        c.default_channel  # noqa: B018


def test_topic_publish_reaches_each_bound_queue_once_and_ack_removes_it(db_path: Path) -> None:
    with connect(db_path) as connection:
        publish(connection, {"id": 1})
        assert (rows(db_path, ALPHA), rows(db_path, BETA)) == (1, 1)

        for queue in (ALPHA, BETA):
            assert [message.payload for message in receive(connection, queue)] == [{"id": 1}]
        assert rows(db_path) == 0


def test_unacked_message_of_a_closed_channel_returns_to_its_own_queue_only(db_path: Path) -> None:
    with connect(db_path) as publisher:
        publish(publisher, {"id": 1})

    with connect(db_path) as first_consumer:
        [unacked] = receive(first_consumer, ALPHA, settle=None)
        assert not unacked.delivery_info["redelivered"]
        with connect(db_path) as rival:
            assert rival.default_channel.basic_get(ALPHA) is None  # leased to a live consumer

    with connect(db_path) as second_consumer:
        [again] = receive(second_consumer, ALPHA)
        assert again.payload == {"id": 1}
        assert again.delivery_info["redelivered"]
    assert (rows(db_path, ALPHA), rows(db_path, BETA)) == (0, 1)


def test_requeue_redelivers_once_to_the_same_queue_and_reject_drops(db_path: Path) -> None:
    with connect(db_path) as connection:
        publish(connection, {"id": 1})

        [requeued] = receive(connection, ALPHA, settle="requeue", limit=1)
        assert (rows(db_path, ALPHA), rows(db_path, BETA)) == (1, 1)

        [rejected] = receive(connection, ALPHA, settle="reject")
        assert (requeued.payload, rejected.payload) == ({"id": 1}, {"id": 1})
        assert rejected.delivery_info["redelivered"]
        assert (rows(db_path, ALPHA), rows(db_path, BETA)) == (0, 1)


def test_a_message_taken_without_ack_is_gone_at_once(db_path: Path) -> None:
    with connect(db_path) as connection:
        publish(connection, {"id": 1})
        message = connection.default_channel.basic_get(ALPHA, no_ack=True)
        assert message.payload == {"id": 1}
        assert (rows(db_path, ALPHA), rows(db_path, BETA)) == (0, 1)


def test_a_publish_from_another_process_reaches_this_process(db_path: Path, tmp_path: Path) -> None:
    with connect(db_path) as connection:
        received: list[dict] = []
        consumer = Consumer(
            connection,
            topology()[:1],
            callbacks=[lambda body, message: (received.append(body), message.ack())],
            accept=["json"],
        )
        with consumer:
            log = tmp_path / "publisher.log"
            publisher = start_client(log, "publish", str(db_path), "7", "1")
            deadline = time.monotonic() + 30  # a guard against hanging, not an assertion
            while not received and time.monotonic() < deadline:
                with contextlib.suppress(TimeoutError):
                    connection.drain_events(timeout=IDLE_SECONDS)
            assert publisher.wait() == 0, log.read_text()

    assert received == [{"id": 7}]
    assert (rows(db_path, ALPHA), rows(db_path, BETA)) == (0, 1)


def test_consumers_killed_at_random_moments_lose_no_message(db_path: Path, tmp_path: Path) -> None:
    seed = random.randrange(2**32)
    moments = random.Random(seed)
    record = tmp_path / "received.txt"
    with connect(db_path) as connection:
        for message_id in range(STREAM_LENGTH):
            publish(connection, {"id": message_id})

    for kill in range(KILLS):
        # Every third consumer never acks, so its whole backlog is leased when it dies.
        mode = "hold" if kill % 3 == 0 else "ack"
        log = tmp_path / f"consumer-{kill}.log"
        consumer = start_client(log, "consume", str(db_path), mode, str(record))
        target = len(recorded_ids(record)) + moments.randint(1, 10)
        deadline = time.monotonic() + 30  # a guard against hanging, not an assertion
        while (
            len(recorded_ids(record)) < target
            and rows(db_path, ALPHA)
            and time.monotonic() < deadline
        ):
            assert consumer.poll() is None, log.read_text()
            time.sleep(0.002)
        time.sleep(moments.uniform(0, 0.02))
        os.kill(consumer.pid, signal.SIGKILL)
        assert consumer.wait() == -signal.SIGKILL, log.read_text()

    with connect(db_path) as connection:
        drained: list[int] = []
        deadline = time.monotonic() + 30  # a guard against hanging, not an assertion
        while rows(db_path, ALPHA) and time.monotonic() < deadline:
            drained += [message.payload["id"] for message in receive(connection, ALPHA)]

    deliveries = recorded_ids(record) + drained
    assert set(deliveries) == set(range(STREAM_LENGTH)), f"seed {seed}"
    assert len(deliveries) > STREAM_LENGTH, f"seed {seed}: no consumer died holding a message"
    assert rows(db_path, ALPHA) == 0
    assert rows(db_path, BETA) == STREAM_LENGTH
