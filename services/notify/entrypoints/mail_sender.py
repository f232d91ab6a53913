"""The mail sender: the loop that works off notify's pending deliveries."""

from __future__ import annotations

import threading
from collections.abc import Callable

from services.notify.service_layer import services
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.logging import get_logger

log = get_logger(__name__)


class MailSender:
    def __init__(
        self,
        uow_factory: Callable[[], NotifyUnitOfWork],
        mailer: services.Mailer,
        idle_seconds: float = 0.1,
    ) -> None:
        self.uow_factory = uow_factory
        self.mailer = mailer
        self.idle_seconds = idle_seconds
        self._stop = threading.Event()

    def run(self) -> None:
        log.info("mail sender started")
        while not self._stop.is_set():
            try:
                if not services.send_next_due(self.uow_factory(), self.mailer):
                    self._stop.wait(self.idle_seconds)
            except Exception as error:
                log.warning("mail sender failed, will retry", error=repr(error))
                self._stop.wait(1.0)

    def stop(self) -> None:
        self._stop.set()
