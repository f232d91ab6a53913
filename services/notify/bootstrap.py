"""Wiring of the notify service: its runtime, app, event handlers and mail sender."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from services.notify.adapters.tables import AUDIT, MESSAGING
from services.notify.entrypoints import handlers
from services.notify.entrypoints.app import create_app
from services.notify.entrypoints.mail_sender import MailSender
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork
from shared.config import Settings
from shared.mail import MailFolderSink, send_mail
from shared.service import DatabaseRuntime, ServiceDefinition


class NotifyRuntime(DatabaseRuntime[NotifyUnitOfWork]):
    def send(self, message: EmailMessage) -> None:
        settings = self.settings
        send_mail(
            message,
            settings.smtp_host,
            settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
        )

    def mail_archive(self) -> MailFolderSink | None:
        """The embedded SMTP sink's folder of mails, when there is one to keep in step on
        erasure (a real SMTP server's mailboxes are out of reach)."""
        folder = self.settings.mail_dir
        return MailFolderSink(folder) if folder.is_dir() else None


def bootstrap(settings: Settings) -> NotifyRuntime:
    return NotifyRuntime.for_database("notify", settings, NotifyUnitOfWork)


def mail_sender(runtime: NotifyRuntime) -> list[MailSender]:
    return [MailSender(runtime.uow, runtime.send)]


SERVICE = ServiceDefinition(
    name="notify",
    migrations=Path(__file__).parent / "migrations",
    messaging=MESSAGING,
    audit=AUDIT,
    bootstrap=bootstrap,
    create_app=create_app,
    handlers=handlers.for_runtime,
    background=mail_sender,
)
