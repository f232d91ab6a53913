import smtplib
import socket
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from shared.mail import MailServer, eml_file_name, send_mail

pytestmark = pytest.mark.integration


@pytest.fixture
def server(tmp_path):
    with MailServer(tmp_path / "outbox") as running:
        yield running


def a_mail(message_id="<a1b2c3@shortlist>", subject="We have received your application", body=None):
    message = EmailMessage()
    message["From"] = "Recruitment secretariat <recruitment@example.org>"
    message["To"] = "Ana Pérez <ana@example.org>"
    message["Subject"] = subject
    if message_id is not None:
        message["Message-ID"] = message_id
    message.set_content(body or "Dear Ana,\n\nThank you for your application.\n")
    return message


def send(server, message):
    send_mail(message, "127.0.0.1", server.port)


def read_back(path):
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def filed(server):
    return sorted(server.folder.iterdir())


def test_a_sent_mail_lands_as_one_eml_file_a_person_can_read(server):
    send(server, a_mail())

    [path] = filed(server)
    mail = read_back(path)
    assert path.name == "a1b2c3@shortlist.eml"
    assert mail["Subject"] == "We have received your application"
    assert mail["To"] == "Ana Pérez <ana@example.org>"
    assert mail["Message-ID"] == "<a1b2c3@shortlist>"
    assert mail.get_content() == "Dear Ana,\n\nThank you for your application.\n"
    assert mail["X-Envelope-To"] == "ana@example.org"


def test_a_resend_with_the_same_message_id_keeps_the_first_and_only_file(server):
    send(server, a_mail(body="First attempt.\n"))
    send(server, a_mail(body="Second attempt after a crash.\n"))

    [path] = filed(server)
    assert read_back(path).get_content() == "First attempt.\n"


def test_a_resend_is_recognised_even_after_the_server_restarts(tmp_path):
    with MailServer(tmp_path) as first:
        send(first, a_mail())
    with MailServer(tmp_path) as second:
        send(second, a_mail())

    assert len(list(tmp_path.glob("*.eml"))) == 1


def test_two_different_mails_make_two_files(server):
    send(server, a_mail(message_id="<one@shortlist>", subject="One"))
    send(server, a_mail(message_id="<two@shortlist>", subject="Two"))

    assert sorted(read_back(path)["Subject"] for path in filed(server)) == ["One", "Two"]


def test_mails_without_message_id_are_all_kept(server):
    send(server, a_mail(message_id=None, subject="First"))
    send(server, a_mail(message_id=None, subject="Second"))

    assert sorted(read_back(path)["Subject"] for path in filed(server)) == ["First", "Second"]


def test_a_hostile_message_id_cannot_write_outside_the_folder(server):
    send(server, a_mail(message_id="<../../escape/../x@evil>"))

    [path] = filed(server)
    assert path.parent == server.folder
    assert read_back(path)["Subject"] == "We have received your application"


def test_message_ids_that_slug_alike_still_get_their_own_files():
    assert eml_file_name("<a/b@x>") != eml_file_name("<a_b@x>")
    assert eml_file_name("<a1@shortlist>") == eml_file_name("a1@shortlist")
    assert eml_file_name(None) != eml_file_name(None)


def test_no_temporary_files_are_left_behind(server):
    for number in range(5):
        send(server, a_mail(message_id=make_msgid(domain="shortlist"), subject=str(number)))

    assert all(path.suffix == ".eml" for path in filed(server))
    assert len(filed(server)) == 5


def test_the_server_accepts_every_valid_mail(server):
    international = EmailMessage()
    international["From"] = "Secrétariat <secretariat@example.org>"
    international["To"] = "Zoë Ñúñez <zoë@exämple.org>, bob@example.org"
    international["Bcc"] = "audit@example.org"
    international["Subject"] = "Entretien : candidature reçue ✓"
    international["Message-ID"] = "<intl@shortlist>"
    international.set_content("Chère Zoë,\n\n" + "Ligne très longue " * 200 + "\n.\n..\n")
    international.add_alternative("<p>Chère Zoë, <b>merci</b>.</p>", subtype="html")
    international.add_attachment(
        bytes(range(256)) * 4096, maintype="application", subtype="pdf", filename="CV.pdf"
    )

    send(server, international)

    mail = read_back(server.folder / "intl@shortlist.eml")
    assert mail["Subject"] == "Entretien : candidature reçue ✓"
    assert "Zoë Ñúñez" in mail["To"]
    assert mail["Bcc"] is None
    assert "audit@example.org" in mail["X-Envelope-To"]
    text = mail.get_body(("plain",)).get_content()
    assert text.startswith("Chère Zoë,") and text.endswith("\n.\n..\n")
    [attachment] = mail.iter_attachments()
    assert attachment.get_content() == bytes(range(256)) * 4096


def test_the_server_reports_its_port_and_stops_listening_when_closed(tmp_path):
    server = MailServer(tmp_path)
    with pytest.raises(RuntimeError, match="start it first"):
        _ = server.port

    with server:
        port = server.port
        assert port > 0
        socket.create_connection(("127.0.0.1", port), timeout=2).close()

    with pytest.raises(OSError):
        send_mail(a_mail(), "127.0.0.1", port, timeout=2)


def test_credentials_are_never_sent_in_clear(server):
    with pytest.raises(ValueError, match="unencrypted"):
        send_mail(a_mail(), "127.0.0.1", server.port, username="u", password="p")
    assert filed(server) == []


def test_an_unreachable_server_is_an_error_the_caller_can_retry(tmp_path):
    with MailServer(tmp_path) as server:
        port = server.port

    with pytest.raises((OSError, smtplib.SMTPException)):
        send_mail(a_mail(), "127.0.0.1", port, timeout=2)


def test_simultaneous_resends_of_one_mail_still_make_one_file(server):
    def resend(_):
        send(server, a_mail(message_id="<same@shortlist>"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(resend, range(8)))

    assert [path.name for path in server.sink.files()] == ["same@shortlist.eml"]


def test_a_mail_that_cannot_be_stored_is_refused_so_the_sender_keeps_it(server):
    server.folder.rmdir()
    server.folder.write_text("not a folder")  # the disk is gone from under the server

    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(server, a_mail())

    assert refused.value.smtp_code == 451


def test_a_port_already_taken_is_reported_when_starting(server, tmp_path):
    with pytest.raises(OSError, match="already in use"):
        MailServer(tmp_path / "other", port=server.port).start()
    send(server, a_mail())  # the running server is unaffected

    assert len(filed(server)) == 1
