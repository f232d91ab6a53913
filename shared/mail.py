"""SMTP plumbing: sending mail, and an in-process server that files received mail.

This module owns how shortlist talks SMTP. `send_mail` hands an `EmailMessage` to any SMTP
server (plain, or STARTTLS with login for production relays). `MailServer` runs an aiosmtpd
server in a background thread whose handler, `MailFolderSink`, stores every received mail
as an `.eml` file in a folder that a person can open with any mail client: files are named
after the Message-ID, written atomically and durably before the server answers "250 OK",
and a mail whose Message-ID is already filed is not written again, so a sender that resends
after a crash does not produce a second copy. When a candidate has their data erased, the
sender (notify) `remove`s the mails that were sent to them and `rewrite`s the ones that
named them, by Message-ID, so the folder keeps nothing of the person either.
"""

import asyncio
import hashlib
import logging
import os
import re
import smtplib
import ssl
import tempfile
import threading
import uuid
import weakref
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

log = logging.getLogger(__name__)

ACCEPTED = "250 OK"
# A transient failure: a well-behaved sender keeps the mail and tries again later.
NOT_STORED = "451 Requested action aborted: local error in processing"
MAX_SLUG_LENGTH = 120
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._@+=-]")
_TEMP_PREFIX = ".incoming-"
_TEMP_SUFFIX = ".part"


def eml_file_name(message_id: str | None) -> str:
    """File name for a mail: a safe slug of its Message-ID, or a fresh uuid if it has none.

    When the slug had to drop or replace characters, a short hash of the Message-ID is
    appended so that two different Message-IDs never share a file.
    """
    bare = _without_angle_brackets(message_id or "")
    if not bare:
        return f"no-message-id-{uuid.uuid4().hex}.eml"
    slug = _UNSAFE_IN_FILE_NAME.sub("_", bare).lstrip(".")[:MAX_SLUG_LENGTH]
    if slug != bare:
        slug = f"{slug}-{hashlib.sha256(bare.encode('utf-8')).hexdigest()[:12]}"
    return f"{slug}.eml"


def message_id_of(raw_message: bytes) -> str | None:
    headers = BytesHeaderParser(policy=policy.default).parsebytes(raw_message)
    value = headers.get("Message-ID")
    if value is None:
        return None
    return "".join(str(value).split()) or None


class MailFolderSink:
    """aiosmtpd handler that files each received mail as one `.eml` file in `folder`."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        # Makes "is it already filed? if not, file it" one step for concurrent sessions.
        self._filing = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = _as_bytes(envelope.original_content or envelope.content or b"")
        try:
            await asyncio.to_thread(
                self.store, content, envelope.mail_from, list(envelope.rcpt_tos)
            )
        except OSError:
            log.exception("could not store a received mail in %s", self.folder)
            return NOT_STORED
        return ACCEPTED

    def store(self, raw_message: bytes, mail_from: str | None, rcpt_tos: list[str]) -> Path:
        """Files the mail and returns its path; a Message-ID already filed is left as it is."""
        path = self.folder / eml_file_name(message_id_of(raw_message))
        with self._filing:
            if path.exists():
                log.info("mail %s already delivered; duplicate not written", path.name)
                return path
            stored = _with_envelope(_with_local_line_ends(raw_message), mail_from, rcpt_tos)
            _write_durably(path, stored)
        return path

    def remove(self, message_id: str) -> bool:
        """Deletes the filed mail with this Message-ID; False if there was none."""
        path = self.folder / eml_file_name(message_id)
        with self._filing:
            if not path.exists():
                return False
            path.unlink()
            _fsync_folder(self.folder)
        return True

    def rewrite(self, message_id: str, raw_message: bytes) -> bool:
        """Replaces the filed mail with this Message-ID by `raw_message`, keeping its
        envelope (who really got it); False, and nothing filed, if there was none."""
        path = self.folder / eml_file_name(message_id)
        with self._filing:
            if not path.exists():
                return False
            envelope = BytesHeaderParser(policy=policy.default).parsebytes(path.read_bytes())
            mail_from = str(envelope.get("X-Envelope-From", "")).strip("<>") or None
            rcpt_tos = [to.strip() for to in str(envelope.get("X-Envelope-To", "")).split(",")]
            stored = _with_envelope(
                _with_local_line_ends(raw_message), mail_from, [to for to in rcpt_tos if to]
            )
            _write_durably(path, stored)
        return True

    def files(self) -> list[Path]:
        """The filed mails, oldest first."""
        return sorted(self.folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)


class _AnyPortController(Controller):
    """A Controller that may listen on port 0 and closes open connections when stopped."""

    def __init__(self, handler: MailFolderSink, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()

    def factory(self) -> SMTP:
        session = super().factory()
        self._sessions.add(session)
        return session

    def _run(self, ready_event: threading.Event) -> None:
        super()._run(ready_event)
        if self._thread_exception is not None:
            # Binding failed. aiosmtpd 1.4 would leave its loop open and start() waiting
            # out the whole ready_timeout; wake start() now so it raises the error.
            self.loop.close()
            ready_event.set()

    def _trigger_server(self) -> None:
        if self._thread_exception is not None:
            raise self._thread_exception
        # aiosmtpd 1.4 probes its own server at `self.port` right after binding, which for
        # port 0 would be refused; the port the OS chose is known once the server exists.
        if self.port == 0 and self.server is not None:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()

    def stop(self, no_assert: bool = False) -> None:
        if self.loop.is_closed():  # the server never got going; only the thread is left
            if self._thread is not None:
                self._thread.join()
                self._thread = None
            self._cleanup()
            return
        # aiosmtpd only cancels its tasks, leaving sockets of live sessions open. A client cut
        # off before "250 OK" resends its mail, and the sink files it once.
        if self.loop.is_running():
            closing = asyncio.run_coroutine_threadsafe(self._close_sessions(), self.loop)
            closing.result(timeout=self.ready_timeout)
        super().stop(no_assert)

    async def _close_sessions(self) -> None:
        for session in list(self._sessions):
            if session.transport is not None:
                session.transport.close()
        await asyncio.sleep(0)  # lets each connection_lost callback run


class MailServer:
    """An SMTP server in a background thread that files mail into `folder`.

    With port 0 the operating system picks a free port when the server first starts; the
    server keeps that port if it is stopped and started again.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        ready_timeout: float = 5.0,
    ) -> None:
        self.sink = MailFolderSink(folder)
        self.host = host
        self._port = port
        self._ready_timeout = ready_timeout
        self._controller: _AnyPortController | None = None

    @property
    def folder(self) -> Path:
        return self.sink.folder

    @property
    def port(self) -> int:
        if self._port == 0:
            raise RuntimeError("The mail server picks its port when it starts; start it first.")
        return self._port

    @property
    def is_running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        if self._controller is not None:
            return
        # A controller closes its event loop when stopped, so every start needs a new one.
        controller = _AnyPortController(
            self.sink,
            hostname=self.host,
            port=self._port,
            ready_timeout=self._ready_timeout,
            # Without it aiosmtpd asks DNS for this machine's name, which can stall for seconds.
            server_hostname=self.host or "localhost",
        )
        try:
            controller.start()
        except BaseException:
            controller.stop(no_assert=True)  # ends the server thread if it got that far
            raise
        self._controller = controller
        self._port = controller.port

    def stop(self) -> None:
        if self._controller is None:
            return
        self._controller.stop()
        self._controller = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def send_mail(
    message: EmailMessage,
    host: str,
    port: int,
    timeout: float = 10,
    *,
    username: str | None = None,
    password: str | None = None,
    starttls: bool = False,
) -> None:
    """Sends `message` to its recipients through the SMTP server at host:port.

    Raises `smtplib.SMTPException` or `OSError` if the server cannot be reached or does not
    take the mail for every recipient; the caller decides whether to retry.
    """
    _check_credentials(username, password, starttls)
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        if starttls:
            smtp.starttls(context=ssl.create_default_context())
        if username is not None and password is not None:
            smtp.login(username, password)
        refused = smtp.send_message(message)
    if refused:
        raise smtplib.SMTPRecipientsRefused(refused)


def _check_credentials(username: str | None, password: str | None, starttls: bool) -> None:
    if (username is None) != (password is None):
        raise ValueError("SMTP login needs both a username and a password.")
    if username is not None and not starttls:
        raise ValueError(
            "Refusing to send SMTP credentials over an unencrypted connection; set starttls=True."
        )


def _write_durably(path: Path, data: bytes) -> None:
    """Writes `data` to `path` so that the file is either absent or complete, even after a
    power cut: temp file in the same folder, fsync, rename, fsync of the folder."""
    descriptor, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as temp_file:
            temp_file.write(data)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    # The rename is only durable once the directory entry is on disk; Windows cannot open
    # directories and makes renames durable itself.
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _with_envelope(raw_message: bytes, mail_from: str | None, rcpt_tos: list[str]) -> bytes:
    # Bcc recipients appear only in the envelope; recording it shows who really got the mail.
    envelope_headers = (
        f"X-Envelope-From: <{mail_from or ''}>\nX-Envelope-To: {', '.join(rcpt_tos)}\n"
    )
    return envelope_headers.encode("utf-8") + raw_message


def _with_local_line_ends(raw_message: bytes) -> bytes:
    # SMTP carries CRLF; files use "\n" like Unix mailboxes and Python's `mailbox`, so that
    # editors and the `email` package read bodies back with plain newlines.
    return raw_message.replace(b"\r\n", b"\n")


def _without_angle_brackets(message_id: str) -> str:
    bare = message_id.strip()
    if bare.startswith("<") and bare.endswith(">"):
        bare = bare[1:-1].strip()
    return bare


def _as_bytes(content: bytes | str) -> bytes:
    return content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
