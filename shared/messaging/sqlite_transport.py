"""The broker of the embedded mode: a kombu virtual transport keeping every message in one
SQLite file, so that processes exchange messages without RabbitMQ and a `kill -9` loses
none. It exists because kombu's SQLAlchemy and filesystem transports forget a message
whose consumer dies before acking, and kombu's virtual base requeues by re-publishing
through the exchange (a copy more in every bound queue). Here a publish is an INSERT
committed before `publish` returns (WAL with `synchronous=NORMAL`: durable against a
crashed process, not a power cut); a delivery leases the oldest ready row in one
`BEGIN IMMEDIATE` transaction (`lease_owner` is host, pid and process start time,
`leased_until` now plus `visibility_timeout`); an ack or a plain reject deletes the row,
and a requeue, a closed channel or a dead consumer only clears the lease, so the message
comes back in its own queue and nowhere else. A lease held by a process of this host that
no longer runs (gone, a zombie, or its pid reused) is released by the next check of any
polling channel, each checking once a second; leases of other hosts and of hung but
living processes wait for `visibility_timeout`, so a handler slower than that may see its
message twice: delivery is at least once, and a redelivery carries
`delivery_info['redelivered']` (from an added `delivery_count` column). Exchanges and
bindings stay in each process's in-memory kombu `BrokerState` and are never stored; that
is safe only because every shortlist process declares the whole topology
(`shared.messaging.topology`) at start, so all processes route a publish alike. Importing
the module registers the `sqlite-durable` URL scheme with kombu.

Erasure: a message still held here (ready, leased, or in a dead-letter queue) may carry
the personal data of a candidate who has since been erased. `erase_application()`
rewrites every held message body with `erased_payload`, as each service's outbox is
rewritten; every consumer calls it when it receives `candidate.erased`. Deletes and
updates zero the space they free (`secure_delete`), so acked messages leave no text in
the file either. RabbitMQ cannot do this: a message in a queue cannot be edited, only
consumed or purged. There, a message carrying the data stays until its consumer takes
it (normally at once, since every queue has a running consumer, which has erased the
candidate or will on `candidate.erased` and keeps nothing of it) or, in a dead-letter
queue, until it is replayed or the queue is purged (no TTL is set): list, then purge or
replay the dead letters after an erasure.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty
from typing import Any

import psutil
from kombu import Connection
from kombu.transport import TRANSPORT_ALIASES, virtual
from kombu.transport.virtual.base import Base64
from kombu.utils.json import dumps, loads

from shared.messaging.events import erased_payload

logger = logging.getLogger(__name__)

URL_SCHEME = "sqlite-durable"
BUSY_TIMEOUT_SECONDS = 30.0
DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 300.0
DEAD_OWNER_CHECK_INTERVAL_SECONDS = 1.0
# /proc/stat's boot time, from which psutil derives a start time, moves with wall-clock
# adjustments; a false "alive" only delays recovery to the visibility timeout.
START_TIME_TOLERANCE_SECONDS = 1.0

SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        queue TEXT NOT NULL,
        payload TEXT NOT NULL,
        lease_owner TEXT NULL,
        leased_until REAL NULL,
        delivery_count INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX IF NOT EXISTS messages_by_queue ON messages (queue, id)",
    """
    CREATE INDEX IF NOT EXISTS messages_by_lease_owner ON messages (lease_owner)
    WHERE lease_owner IS NOT NULL
    """,
    "CREATE TABLE IF NOT EXISTS queues (name TEXT PRIMARY KEY)",
)
READY = "(leased_until IS NULL OR leased_until < ?)"

_lease_owner_by_pid: dict[int, str] = {}


def this_process_lease_owner() -> str:
    """`host:pid:start time` of the running process (recomputed after a fork)."""
    pid = os.getpid()
    if pid not in _lease_owner_by_pid:
        started = psutil.Process(pid).create_time()
        _lease_owner_by_pid[pid] = f"{socket.gethostname()}:{pid}:{started:.2f}"
    return _lease_owner_by_pid[pid]


def is_dead_local_owner(lease_owner: str) -> bool:
    """True only when the owner is a process of this host that certainly no longer runs."""
    try:
        host, pid_text, started_text = lease_owner.rsplit(":", 2)
        pid, started = int(pid_text), float(started_text)
    except ValueError:
        return False
    if host != socket.gethostname():
        return False
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return True
        return abs(process.create_time() - started) > START_TIME_TOLERANCE_SECONDS
    except psutil.NoSuchProcess:
        return True
    except psutil.AccessDenied:
        return False


def database_path_for(client: Connection) -> Path:
    """The SQLite file named by `transport_options['database_path']` or by the hostname/URL."""
    location = client.transport_options.get("database_path") or client.hostname or ""
    prefix = f"{URL_SCHEME}://"
    if location.startswith(prefix):
        location = location[len(prefix) :]
        # SQLAlchemy-style `sqlite-durable:////abs` and kombu-style `sqlite-durable:///abs`
        # both mean the absolute path /abs.
        if location.startswith("/"):
            location = "/" + location.lstrip("/")
    path = Path(location).expanduser()
    if not location or not path.is_absolute():
        # Processes started from different folders must not silently use different brokers.
        raise ValueError(
            f"{URL_SCHEME} needs an absolute database path, got {location!r}: use "
            f"'{URL_SCHEME}:///abs/path/broker.db' or transport_options['database_path']"
        )
    return path


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if missing) the broker file with the pragmas the transport relies on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    # Zero what a delete or an update frees, so an acked or erased message's text does not
    # linger in the file's free space.
    db.execute("PRAGMA secure_delete=ON")
    db.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA:
            db.execute(statement)
    except BaseException:
        db.rollback()
        db.close()
        raise
    db.commit()
    return db


def erase_application(path: Path, application_id: str) -> int:
    """Rewrite every message held in the broker file at `path` without the personal data
    of the candidate of `application_id` (see `erased_payload`); returns how many changed.
    The body is base64 of JSON, so every held message is read: the embedded broker holds
    few at a time."""
    db = connect(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        changed = []
        for message_id, payload_text in db.execute("SELECT id, payload FROM messages"):
            erased = _erased_message(loads(payload_text), application_id)
            if erased is not None:
                changed.append((dumps(erased), message_id))
        db.executemany("UPDATE messages SET payload = ? WHERE id = ?", changed)
        db.commit()
        # The old pages may still be in the write-ahead log: fold it in and empty it (it
        # stays if a reader holds it; the next checkpoint overwrites it).
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return len(changed)
    finally:
        if db.in_transaction:
            db.rollback()
        db.close()


def _erased_message(message: dict[str, Any], application_id: str) -> dict[str, Any] | None:
    """The message with the candidate's data erased from its body; None if unchanged (or
    not a JSON body: shortlist publishes JSON only)."""
    encoding = message.get("properties", {}).get("body_encoding")
    if encoding not in (None, "base64") or "json" not in str(message.get("content-type")):
        return None
    body = message.get("body")
    if not isinstance(body, str) or application_id not in (
        text := Base64().decode(body).decode() if encoding == "base64" else body
    ):
        return None
    decoded = loads(text)
    erased = erased_payload(decoded, application_id)
    if erased == decoded:
        return None
    text = dumps(erased)
    return message | {"body": Base64().encode(text) if encoding == "base64" else text}


class QoS(virtual.QoS):
    """Acks and rejects act on the message's row; nothing is ever re-routed."""

    channel: Channel

    def ack(self, delivery_tag: str) -> None:
        self.channel.delete_messages([delivery_tag])
        super().ack(delivery_tag)

    def reject(self, delivery_tag: str, requeue: bool = False) -> None:
        if requeue:
            self.channel.release_leases([delivery_tag])
        else:
            self.channel.delete_messages([delivery_tag])
        # Only the in-memory bookkeeping: the base `reject` would re-publish the message
        # through its exchange, copying it into every bound queue.
        super().ack(delivery_tag)

    def restore_unacked(self) -> list[tuple[BaseException, virtual.Message]]:
        """Release the leases of unacked messages (never re-publish them).

        A failure is only logged: the rows are still on disk and come back once this process
        dies or the lease expires, so kombu's dump of "unrestorable" messages is not needed.
        """
        self._flush()
        delivery_tags = list(self._delivered)
        try:
            self.channel.release_leases(delivery_tags)
        except sqlite3.Error:
            logger.warning(
                "could not release %d lease(s); they return after their owner's death "
                "or the visibility timeout",
                len(delivery_tags),
                exc_info=True,
            )
        self._delivered.clear()
        return []


class Channel(virtual.Channel):
    """One SQLite connection per channel, used by the channel's thread (and its acks).

    Departures from kombu's virtual channel: fanout exchanges work (the base drops their
    publishes unless a channel opts in); a publish routed to several queues is one
    transaction; `_size` and `_purge` see ready messages only, like AMQP's message count
    and purge; `queue_delete` also removes a queue this process never bound (the base
    deletes through bindings only) and `if_empty` counts in-flight messages too.
    """

    QoS = QoS
    supports_fanout = True
    from_transport_options = (*virtual.Channel.from_transport_options, "visibility_timeout")
    visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT_SECONDS

    def __init__(self, connection: Transport, **kwargs: Any) -> None:
        database_path = database_path_for(connection.client)  # fail before taking a channel id
        super().__init__(connection, **kwargs)
        self._db = connect(database_path)
        self._db_lock = threading.RLock()
        self._lease_owner = this_process_lease_owner()
        self._next_dead_owner_check = 0.0
        self._no_ack_queues: set[str] = set()

    @contextmanager
    def _write_transaction(self) -> Iterator[sqlite3.Connection]:
        """A `BEGIN IMMEDIATE` transaction, or the one already open on this channel."""
        with self._db_lock:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.commit()
            except BaseException:
                # Also after a failed COMMIT: a transaction left open would swallow every
                # later write of this channel into it.
                if self._db.in_transaction:
                    self._db.rollback()
                raise

    # -- publishing ---------------------------------------------------------------------

    def basic_publish(
        self, message: dict[str, Any], exchange: str, routing_key: str, **kwargs: Any
    ) -> None:
        with self._write_transaction():
            super().basic_publish(message, exchange, routing_key, **kwargs)

    def _put(self, queue: str, message: dict[str, Any], **kwargs: Any) -> None:
        with self._write_transaction() as db:
            db.execute(
                "INSERT INTO messages (queue, payload) VALUES (?, ?)", (queue, dumps(message))
            )

    def _put_fanout(
        self, exchange: str, message: dict[str, Any], routing_key: str, **kwargs: Any
    ) -> None:
        for queue in self._lookup(exchange, routing_key):
            self._put(queue, message, **kwargs)

    def _queue_bind(self, *args: Any) -> None:
        """Bindings live in the in-memory BrokerState only (see the module docstring)."""

    # -- delivering ---------------------------------------------------------------------

    def _get(self, queue: str, timeout: float | None = None) -> dict[str, Any]:
        return self._take(queue, remove=queue in self._no_ack_queues)

    def basic_consume(
        self, queue: str, no_ack: bool, callback: Any, consumer_tag: str, **kwargs: Any
    ) -> None:
        if no_ack:
            self._no_ack_queues.add(queue)
        else:
            self._no_ack_queues.discard(queue)
        super().basic_consume(queue, no_ack, callback, consumer_tag, **kwargs)

    def basic_cancel(self, consumer_tag: str) -> None:
        queue = self._tag_to_queue.get(consumer_tag)
        super().basic_cancel(consumer_tag)
        if queue is not None and queue not in self._active_queues:
            self._no_ack_queues.discard(queue)

    def basic_get(self, queue: str, no_ack: bool = False, **kwargs: Any) -> virtual.Message | None:
        try:
            message = self.Message(self._take(queue, remove=no_ack), channel=self)
        except Empty:
            return None
        if not no_ack:
            self.qos.append(message, message.delivery_tag)
        return message

    def _take(self, queue: str, *, remove: bool) -> dict[str, Any]:
        """Lease (or, without acks, delete) the oldest ready message of `queue`."""
        self._release_leases_of_dead_owners_if_due()
        with self._db_lock:
            # An idle poll only reads, so polling consumers never queue for the write lock.
            probe = f"SELECT 1 FROM messages WHERE queue = ? AND {READY} LIMIT 1"
            if self._db.execute(probe, (queue, time.time())).fetchone() is None:
                raise Empty()
            with self._write_transaction() as db:
                now = time.time()
                row = db.execute(
                    f"SELECT id, payload, delivery_count FROM messages"
                    f" WHERE queue = ? AND {READY} ORDER BY id LIMIT 1",
                    (queue, now),
                ).fetchone()
                if row is not None:
                    if remove:
                        db.execute("DELETE FROM messages WHERE id = ?", (row[0],))
                    else:
                        db.execute(
                            "UPDATE messages SET lease_owner = ?, leased_until = ?,"
                            " delivery_count = delivery_count + 1 WHERE id = ?",
                            (self._lease_owner, now + float(self.visibility_timeout), row[0]),
                        )
        if row is None:
            raise Empty()
        message_id, payload_text, earlier_deliveries = row
        payload = loads(payload_text)
        properties = payload["properties"]
        properties["delivery_tag"] = str(message_id)
        properties.setdefault("delivery_info", {})["redelivered"] = earlier_deliveries > 0
        return payload

    def _release_leases_of_dead_owners_if_due(self) -> None:
        if time.monotonic() < self._next_dead_owner_check:
            return
        self._next_dead_owner_check = time.monotonic() + DEAD_OWNER_CHECK_INTERVAL_SECONDS
        with self._db_lock:
            owners = self._db.execute(
                "SELECT DISTINCT lease_owner FROM messages"
                " WHERE lease_owner IS NOT NULL AND leased_until >= ?",
                (time.time(),),
            ).fetchall()
            dead_owners = [(owner,) for (owner,) in owners if is_dead_local_owner(owner)]
            if not dead_owners:
                return
            with self._write_transaction() as db:
                db.executemany(
                    "UPDATE messages SET lease_owner = NULL, leased_until = NULL"
                    " WHERE lease_owner = ?",
                    dead_owners,
                )
        logger.info("released the leases of %d dead consumer process(es)", len(dead_owners))

    # -- acks, rejects and restores (called by QoS) -------------------------------------

    def delete_messages(self, delivery_tags: Iterable[str]) -> None:
        rows = [(int(tag),) for tag in delivery_tags]
        if rows:
            with self._write_transaction() as db:
                db.executemany("DELETE FROM messages WHERE id = ?", rows)

    def release_leases(self, delivery_tags: Iterable[str]) -> None:
        """Make our leased rows ready again; a lease another consumer took over is left alone."""
        rows = [(int(tag), self._lease_owner) for tag in delivery_tags]
        if rows:
            with self._write_transaction() as db:
                db.executemany(
                    "UPDATE messages SET lease_owner = NULL, leased_until = NULL"
                    " WHERE id = ? AND lease_owner = ?",
                    rows,
                )

    def _restore(self, message: virtual.Message) -> None:
        self.release_leases([message.delivery_tag])

    # -- queues -------------------------------------------------------------------------

    def _new_queue(self, queue: str, **kwargs: Any) -> None:
        with self._write_transaction() as db:
            db.execute("INSERT OR IGNORE INTO queues (name) VALUES (?)", (queue,))

    def _has_queue(self, queue: str, **kwargs: Any) -> bool:
        with self._db_lock:
            found = self._db.execute("SELECT 1 FROM queues WHERE name = ?", (queue,))
            return found.fetchone() is not None

    def _size(self, queue: str) -> int:
        self._release_leases_of_dead_owners_if_due()
        with self._db_lock:
            counted = self._db.execute(
                f"SELECT COUNT(*) FROM messages WHERE queue = ? AND {READY}", (queue, time.time())
            )
            return int(counted.fetchone()[0])

    def _purge(self, queue: str) -> int:
        self._release_leases_of_dead_owners_if_due()
        with self._write_transaction() as db:
            purged = db.execute(
                f"DELETE FROM messages WHERE queue = ? AND {READY}", (queue, time.time())
            )
            return purged.rowcount

    def _delete(self, queue: str, *args: Any, **kwargs: Any) -> None:
        with self._write_transaction() as db:
            db.execute("DELETE FROM messages WHERE queue = ?", (queue,))
            db.execute("DELETE FROM queues WHERE name = ?", (queue,))

    def queue_delete(
        self, queue: str, if_unused: bool = False, if_empty: bool = False, **kwargs: Any
    ) -> None:
        if if_empty:
            with self._db_lock:
                held = self._db.execute("SELECT 1 FROM messages WHERE queue = ? LIMIT 1", (queue,))
                if held.fetchone() is not None:
                    return
        super().queue_delete(queue, if_unused=if_unused, **kwargs)
        self._delete(queue)

    def close(self) -> None:
        try:
            super().close()  # restores (releases) the unacked messages first
        finally:
            with self._db_lock:
                self._db.close()


class Transport(virtual.Transport):
    """kombu transport `sqlite-durable`.

    Name the file with `Connection("sqlite-durable:///abs/path/broker.db")` (four slashes,
    as in SQLAlchemy URLs, work too), `Connection(transport=Transport, hostname="/abs/path")`
    or `Connection("sqlite-durable://", transport_options={"database_path": "/abs/path"})`.
    Transport options: `database_path`, `visibility_timeout` (seconds, default 300),
    `polling_interval` (seconds, default 0.05), and kombu's `body_encoding` and
    `deadletter_queue`.
    """

    Channel = Channel
    polling_interval = 0.05
    can_parse_url = True
    driver_type = "sqlite"
    driver_name = "sqlite3"
    connection_errors = (*virtual.Transport.connection_errors, sqlite3.OperationalError)
    implements = virtual.Transport.implements.extend(
        exchange_type=frozenset({"direct", "topic", "fanout"})
    )

    def driver_version(self) -> str:
        return sqlite3.sqlite_version

    def as_uri(self, uri: str, include_password: bool = False, mask: str = "**") -> str:
        return uri if "://" in uri else f"{URL_SCHEME}://{uri}"


TRANSPORT_ALIASES.setdefault(URL_SCHEME, f"{__name__}:Transport")
