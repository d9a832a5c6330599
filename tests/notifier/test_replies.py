"""Flags and acknowledgements as a school receives them: threading, RFC 3834 headers, Vietnamese text."""

from __future__ import annotations

import unicodedata

from config.settings import MailboxConfig
from notifier.compose import compose_flag, reply_subject, thread_headers
from notifier.respond import queue_reply
from pipeline.delivery import send_pending
from store.db import session
from tests.notifier.conftest import FAST, add_message, add_nomination, make_settings, record_dict, school_mail

MAILBOX = MailboxConfig(name="vutdkt", host="imap.example.org", username="vutdkt@moet.gov.vn")
MISSING = ["phone", "photo", "evidence"]


def _flag_for(engine, smtp, subject="Gửi hồ sơ điển hình tiên tiến - Trường THCS Nguyễn Du",
              references=None, missing=MISSING, settings=None, mailbox=MAILBOX):
    raw, mail = school_mail(subject=subject, references=references)
    settings = settings or make_settings(smtp)
    with session(engine) as db:
        message = add_message(db, mail)
        nomination = add_nomination(db, message, missing=missing)
        decision = queue_reply(db, mail=mail, message=message, records=[record_dict(nomination)],
                               settings=settings, mailbox=mailbox, nomination_id=nomination.id)
        db.commit()
    return mail, message, decision


def test_flag_is_a_threaded_auto_reply_listing_each_missing_item(engine, smtp_server, smtp):
    mail, _message, decision = _flag_for(engine, smtp, subject="RE: Re: Gửi hồ sơ điển hình tiên tiến",
                                         references="<root@example.edu.vn> <mid@example.edu.vn>")
    assert decision.kind == "flag", decision.reason
    assert send_pending(engine, smtp, retry=FAST).sent == [decision.row.id]
    [got] = smtp_server.messages
    msg = got.message
    assert got.rcpt_tos == ["c2nguyendu@example.edu.vn"] and got.mail_from == "vutdkt@moet.gov.vn"
    assert msg["Subject"] == "Re: Gửi hồ sơ điển hình tiên tiến"
    assert msg["In-Reply-To"] == mail.message_id
    assert msg["References"].split() == ["<root@example.edu.vn>", "<mid@example.edu.vn>", mail.message_id]
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["Message-ID"] == decision.row.header_message_id
    assert msg["X-Auto-Response-Suppress"] == "All" and msg["Content-Language"] == "vi"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", html)
    assert text.startswith("Kính gửi Trường THCS Nguyễn Du,")
    assert "Vụ Thi đua - Khen thưởng đã nhận được hồ sơ" in text
    assert "Để hoàn thiện hồ sơ, đề nghị quý đơn vị bổ sung:" in text
    assert "Nguyễn Thị Hoa (cá nhân) - Trường THCS Nguyễn Du" in text
    for label in ("Số điện thoại liên hệ", "Ảnh chân dung (ảnh cá nhân hoặc ảnh tập thể)",
                  "Minh chứng và sản phẩm (giấy khen, bằng khen, quyết định, sản phẩm hoặc đường link "
                  "Google Drive/OneDrive)"):
        assert label in text and label in html
    assert "Địa chỉ thư điện tử" not in text  # only what is missing
    assert "trả lời ngay trên thư này" in text


def test_one_flag_per_submission_even_if_queued_twice(engine, smtp_server, smtp):
    mail, message, first = _flag_for(engine, smtp)
    with session(engine) as db:
        again = queue_reply(db, mail=mail, message=message, records=[{"missing": MISSING, "name": "x"}],
                            settings=make_settings(smtp), mailbox=MAILBOX)
        db.commit()
    assert first.row is not None and again.row is None and "already in the outbox" in again.reason
    send_pending(engine, smtp, retry=FAST)
    send_pending(engine, smtp, retry=FAST)
    assert len(smtp_server.messages) == 1


def test_daily_cap_stops_a_flood_to_one_school(engine, smtp):
    settings = make_settings(smtp.model_copy(update={"daily_cap_per_sender": 2}))
    decisions = [_flag_for(engine, smtp, settings=settings)[2] for _ in range(3)]
    assert [d.kind for d in decisions] == ["flag", "flag", None]
    assert "daily cap of 2" in decisions[2].reason


def test_complete_submission_is_acknowledged_unless_switched_off(engine, smtp_server, smtp):
    decision = _flag_for(engine, smtp, missing=[])[2]
    assert decision.kind == "ack"
    send_pending(engine, smtp, retry=FAST)
    msg = smtp_server.messages[0].message
    assert msg["Auto-Submitted"] == "auto-replied"
    assert "đã nhận được đầy đủ hồ sơ" in msg.get_body(("plain",)).get_content()
    quiet = MAILBOX.model_copy(update={"acknowledge": False})
    assert _flag_for(engine, smtp, missing=[], mailbox=quiet)[2].kind is None


def test_reply_subject_and_thread_headers():
    assert reply_subject("Re: RE:  Re[2]: Hồ sơ") == "Re: Hồ sơ"
    assert reply_subject("") == "Re: Hồ sơ đề nghị điển hình tiên tiến"
    assert reply_subject("Gửi\r\nBcc: x@y") == "Re: Gửi Bcc: x@y"  # folded onto one line
    assert thread_headers("a@b", []) == ("<a@b>", "<a@b>")
    in_reply_to, refs = thread_headers("<n@x>", [f"<{i}@x>" for i in range(30)])
    assert in_reply_to == "<n@x>" and refs.split()[0] == "<0@x>" and refs.split()[-1] == "<n@x>"
    assert len(refs.split()) == 20


def test_hostile_subject_and_names_are_escaped_in_html():
    hostile = '<script>alert("x")</script>'
    composed = compose_flag([{"form": "profile", "kind": "individual", "name": "<img src=x onerror=alert(1)>",
                              "unit": hostile, "missing": ["photo"], "sources": [hostile]}],
                            f"Hồ sơ {hostile}", "<m@x>", [], sender_name=hostile)
    assert "<script>" not in composed.html and "<img" not in composed.html
    assert "&lt;script&gt;" in composed.html and "&lt;img src=x" in composed.html
    assert "<script>" in composed.text  # plain text stays as it was written


def test_operator_templates_override_the_packaged_ones(tmp_path, engine, smtp):
    (tmp_path / "flag.txt.j2").write_text("Kính gửi {{ greeting }}: mẫu riêng của đơn vị.\n", encoding="utf-8")
    settings = make_settings(smtp, templates_dir=str(tmp_path))
    decision = _flag_for(engine, smtp, settings=settings)[2]
    assert decision.row.body_text == "Kính gửi Trường THCS Nguyễn Du: mẫu riêng của đơn vị.\n"
    assert "Để hoàn thiện hồ sơ" in decision.row.body_html  # not overridden: the packaged one
