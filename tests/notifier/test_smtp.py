"""notifier.smtp against the real aiosmtpd server: security modes, AUTH, failure classes."""

from __future__ import annotations

import logging
import mailbox
from email.message import EmailMessage

import pytest

from dienhinh.devservers.smtp import SmtpServer
from notifier.smtp import PermanentFailure, TemporaryFailure, UncertainDelivery, send_message
from tests.notifier.conftest import self_signed_cert, smtp_config


def _mail(to: str = "school@example.edu.vn") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"
    msg["To"] = to
    msg["Subject"] = "Đề nghị bổ sung hồ sơ"
    msg["Message-ID"] = "<test-1@moet.gov.vn>"
    msg.set_content("Kính gửi quý đơn vị.")
    return msg


def test_plain_delivery_is_captured_with_envelope_and_mbox(smtp_server, smtp, tmp_path):
    send_message(smtp, _mail())
    [got] = smtp_server.messages
    assert got.mail_from == "vutdkt@moet.gov.vn" and got.rcpt_tos == ["school@example.edu.vn"]
    assert got.message["Subject"] == "Đề nghị bổ sung hồ sơ"
    assert got.message.get_content().strip() == "Kính gửi quý đơn vị."
    [stored] = mailbox.mbox(str(tmp_path / "sent.mbox"))
    assert stored["Message-ID"] == "<test-1@moet.gov.vn>"


def test_starttls_with_verified_certificate_and_auth(tmp_path, monkeypatch, caplog):
    cert, key = self_signed_cert(tmp_path)
    monkeypatch.setenv("SMTP_TEST_PASSWORD", "s3cret-Mật-khẩu")
    caplog.set_level(logging.DEBUG)
    with SmtpServer(users={"vutdkt": "s3cret-Mật-khẩu"}, tls_cert=cert, tls_key=key) as server:
        config = smtp_config(server, security="starttls", tls_ca_file=str(cert), username="vutdkt",
                             password_env="SMTP_TEST_PASSWORD")
        send_message(config, _mail())
        [got] = server.messages
        assert got.tls and got.login == "vutdkt"
        # an unknown CA is refused: verification is on by default
        untrusted = smtp_config(server, security="starttls", username="vutdkt", password_env="SMTP_TEST_PASSWORD")
        with pytest.raises(TemporaryFailure, match="not trusted"):
            send_message(untrusted, _mail())
        # a wrong password is a temporary (account) problem, not the message's
        monkeypatch.setenv("SMTP_TEST_PASSWORD", "wrong")
        with pytest.raises(TemporaryFailure, match="login refused: 535"):
            send_message(config, _mail())
    assert "s3cret" not in caplog.text


def test_implicit_tls(tmp_path):
    cert, key = self_signed_cert(tmp_path)
    with SmtpServer(tls_cert=cert, tls_key=key, implicit_tls=True) as server:
        send_message(smtp_config(server, security="ssl", tls_ca_file=str(cert)), _mail())
        assert server.messages[0].tls


def test_4xx_is_temporary_and_5xx_permanent_with_the_servers_answer(smtp_server, smtp):
    smtp_server.fail_temporarily(1)
    with pytest.raises(TemporaryFailure, match="451"):
        send_message(smtp, _mail())
    smtp_server.fail_permanently(reply="550 5.1.1 <school@example.edu.vn>: Recipient address rejected")
    with pytest.raises(PermanentFailure) as caught:
        send_message(smtp, _mail())
    assert caught.value.code == 550 and "Recipient address rejected" in str(caught.value)
    assert smtp_server.messages == [] and len(smtp_server.rejected) == 2


def test_server_down_is_temporary_and_marks_the_server_down(smtp_server, smtp):
    smtp_server.stop()
    with pytest.raises(TemporaryFailure) as caught:
        send_message(smtp, _mail())
    assert caught.value.server_down and "cannot reach" in str(caught.value)
    smtp_server.start()
    send_message(smtp, _mail())
    assert len(smtp_server.messages) == 1


def test_no_answer_after_the_data_is_uncertain_not_temporary(smtp_server):
    smtp_server.slow_reply(2.5)
    with pytest.raises(UncertainDelivery, match="may have been delivered"):
        send_message(smtp_config(smtp_server, timeout_seconds=0.5), _mail())
