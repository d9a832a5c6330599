"""Automatic and bulk mail is told apart from what a person sent."""

from __future__ import annotations

import pytest

from parsers.automatic_mail import automatic_reason
from parsers.mime import parse_mime


def _mail(headers: dict[str, str], sender: str = "Trường THCS Nguyễn Du <c2nguyendu@example.edu.vn>",
          subject: str = "Hồ sơ điển hình tiên tiến") -> bytes:
    lines = [f"From: {sender}", "To: vutdkt@moet.gov.vn", f"Subject: {subject}", "Message-ID: <a@b>",
             "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\nNội dung thư\r\n").encode("utf-8")


@pytest.mark.parametrize(
    ("headers", "sender", "subject", "expected"),
    [
        ({"Auto-Submitted": "auto-replied"}, None, None, "Auto-Submitted: auto-replied"),
        ({"Auto-Submitted": "auto-generated"}, None, None, "Auto-Submitted"),
        ({"X-Autoreply": "yes"}, None, None, "X-Autoreply"),
        ({"Precedence": "bulk"}, None, None, "Precedence: bulk"),
        ({"Precedence": "junk"}, None, None, "Precedence: junk"),
        ({"List-Id": "<bantin.moet.edu.vn>"}, None, None, "List-Id"),
        ({"Return-Path": "<>"}, None, None, "null sender"),
        ({}, "MAILER-DAEMON@mail.moet.gov.vn", None, "no-reply or system sender"),
        ({}, "Google <no-reply@accounts.google.com>", None, "no-reply"),
        ({}, "donotreply@thongbao.gov.vn", None, "no-reply"),
        ({}, None, "Trả lời tự động: V/v nộp hồ sơ", "automatic reply"),
        ({}, None, "Automatic reply: Hồ sơ", "automatic reply"),
        ({}, None, "Out of Office: nghỉ phép", "automatic reply"),
    ],
)
def test_automatic_mail_is_recognised(headers, sender, subject, expected):
    mail = parse_mime(_mail(headers, sender or "Trường THCS Nguyễn Du <c2nguyendu@example.edu.vn>",
                            subject or "Hồ sơ điển hình tiên tiến"))
    reason = automatic_reason(mail)
    assert reason is not None and expected in reason


def test_dsn_report_is_a_bounce():
    raw = (
        b"From: MAILER-DAEMON@moet.gov.vn\r\nTo: vutdkt@moet.gov.vn\r\nSubject: Undelivered Mail\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--XX\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mail.moet.gov.vn\r\n\r\nFinal-Recipient: rfc822; x@y\r\nAction: failed\r\nStatus: 5.1.1\r\n--XX--\r\n"
    )
    assert "bounce" in automatic_reason(parse_mime(raw))


@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        ({}, "Hồ sơ điển hình tiên tiến"),
        ({"Auto-Submitted": "no"}, "Re: Hồ sơ điển hình tiên tiến"),
        ({"Precedence": "normal"}, "Fwd: Danh sách đăng ký mô hình"),
        ({}, "Bổ sung ảnh chân dung (trả lời tự động không áp dụng)"),
    ],
)
def test_mail_from_a_person_is_not_automatic(headers, subject):
    assert automatic_reason(parse_mime(_mail(headers, subject=subject))) is None
