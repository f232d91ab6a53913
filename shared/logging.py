"""Structured logs that carry the correlation id of the work in hand.

`configure_logging()` routes the standard library's logging and structlog through one
JSON (or console) renderer. `correlation_scope()` binds the correlation and causation
ids to the current context (a request or a message), so that every log line written
while handling it, ours or a library's, names the chain it belongs to.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from structlog.contextvars import bind_contextvars, get_contextvars, reset_contextvars

_configured = False


def configure_logging(fmt: str = "json", level: int = logging.INFO) -> None:
    global _configured
    shared_processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer = (
        structlog.dev.ConsoleRenderer(colors=False)
        if fmt == "console"
        else structlog.processors.JSONRenderer()
    )
    if not _configured:
        structlog.configure(
            processors=[*shared_processors, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
            logger_factory=structlog.stdlib.LoggerFactory(),
            cache_logger_on_first_use=True,
        )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared_processors,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("waitress.queue", "mail.log", "kombu", "amqp"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    _configured = True


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)


def new_id() -> str:
    return str(uuid.uuid4())


def current_correlation_id() -> str | None:
    return get_contextvars().get("correlation_id")


def current_causation_id() -> str | None:
    return get_contextvars().get("causation_id")


@contextmanager
def correlation_scope(
    correlation_id: str | None = None, causation_id: str | None = None, **extra: object
) -> Iterator[str]:
    """Bind a correlation id (a new one unless given) for the duration of the block."""
    correlation_id = correlation_id or new_id()
    tokens = bind_contextvars(correlation_id=correlation_id, causation_id=causation_id, **extra)
    try:
        yield correlation_id
    finally:
        reset_contextvars(**tokens)
