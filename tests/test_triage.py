"""The cheap path's decision (``pipeline.triage``): what it ignores, the full path ignores too, for the same reason.

Every shape here is also run through the full path's own steps (the whole
message parsed, in process, then the extraction stage): whenever triage
ignores a message, the full path must give the same reason; a submission,
anything carrying a file, a reply in a thread, never takes the cheap path.
"""

from __future__ import annotations

import datetime as dt
import random
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from config import ParseLimits
from parsers import parse_message
from parsers.mime import MalformedMessage
from parsers.sandbox import in_process
from pipeline.stages import _extract
from pipeline.triage import MAX_BYTES, triage
from tests.mailgen import envelope, other_mail
from tests.mailgen.ctx import new_ctx
from tests.operations.mail import samples

LIMITS = ParseLimits()
UNRELATED = "not a submission: no nomination wording and no nominee data"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def mail(subject: str, body: str, sender: str = "Nguyễn Văn An <an.nv@thcs-nguyendu.edu.vn>", html: str | None = None,
         headers: dict | None = None, attach: list[tuple[str, str, bytes]] | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vutdkt@moet.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime(2024, 4, 15, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    msg["Message-ID"] = f"<t{random.randrange(10**9)}@example.edu.vn>"
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for filename, ctype, data in attach or []:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def generated(ctx, kind: str, n: int) -> bytes:
    """One message of the test generator's kind ``kind`` (``tests.mailgen.other_mail``)."""
    draft = other_mail.BUILDERS[kind](ctx)
    envelope.stamp(draft, ctx.rng, dt.datetime(2024, 3, 4, 8, 0, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=17 * n))
    return envelope.build(draft, ctx.rng)


def full_path(raw: bytes) -> tuple[str, str | None]:
    """What the full path decides for a message, as far as it can be decided without a database."""
    with in_process():
        parsed = parse_message(raw, LIMITS)
    extracted = _extract(parsed)
    if extracted.automatic:
        return "ignored", extracted.automatic
    if not extracted.drafts and extracted.supplement is None and parsed.limits_hit:
        return "failed", parsed.limits_hit[0]
    if extracted.unrelated:
        return "ignored", extracted.unrelated
    return "recorded or failed", None


def assert_agrees(raw: bytes) -> str | None:
    """Triage's verdict; when it ignores, the full path ignores for the same reason."""
    verdict = triage(raw, LIMITS)
    assert (verdict.ignored is None) != (verdict.full is None)
    if verdict.ignored:
        assert full_path(raw) == ("ignored", verdict.ignored)
    return verdict.ignored


AUTOMATIC = [
    ("Trả lời tự động: Vắng mặt", {"Auto-Submitted": "auto-replied"}, "automatic mail (Auto-Submitted: auto-replied)"),
    ("Out of Office: Re: meeting", {"X-Autoreply": "yes"}, "automatic reply (X-Autoreply)"),
    ("Bản tin Giáo dục tuần 14", {"List-Id": "<bantin.moet.gov.vn>"}, "mailing-list mail (List-Id)"),
    ("Điểm tin ngành giáo dục", {"Precedence": "bulk"}, "bulk or list mail (Precedence: bulk)"),
    ("Automatic reply: Hồ sơ điển hình", {}, "automatic reply (subject: Automatic reply: Hồ sơ điển hình)"),
    ("Thư trả lời tự động", {}, "automatic reply (subject: Thư trả lời tự động)"),
    ("Undeliverable: Thông báo", {"Return-Path": "<>"}, "null sender (Return-Path: <>): bounce or automatic mail"),
]


@pytest.mark.parametrize("subject,headers,reason", AUTOMATIC)
def test_automatic_bulk_and_list_mail_is_ignored_from_the_header(subject, headers, reason):
    raw = mail(subject, "Tôi đang đi công tác đến hết tuần. Họ và tên người liên hệ: Trần Thị B.", headers=headers)
    assert assert_agrees(raw) == reason


def test_a_no_reply_sender_and_a_text_and_html_newsletter_are_ignored():
    raw = mail("Thông báo tài khoản", "Mật khẩu của bạn sẽ hết hạn.", sender="Hệ thống <no-reply@qlgd.edu.vn>")
    assert assert_agrees(raw) == "no-reply or system sender (no-reply@qlgd.edu.vn)"
    raw = mail("Bản tin tuần", "Tin tức", html="<p>Tin <b>tức</b></p>", headers={"List-Unsubscribe": "<mailto:u@x.vn>"})
    assert assert_agrees(raw) == "mailing-list mail (List-Id)"


@pytest.mark.parametrize("subject,body", [
    ("Giấy mời họp giao ban tháng 4", "Kính mời đồng chí tới dự cuộc họp giao ban vào 8h00 thứ Hai tại phòng họp số 2."),
    ("Lịch công tác tuần", "Gửi các đồng chí lịch công tác tuần sau.\nTrân trọng."),
    ("Your account has been temporarily suspended", "Please verify your identity within 24 hours at "
     "http://secure-verify.example.com."),
    ("Hello", "Hi, are we still on for lunch on Friday?"),
    ("Công văn về kỳ thi tuyển sinh lớp 10", "Sở GD&ĐT gửi công văn hướng dẫn tổ chức kỳ thi tuyển sinh lớp 10 năm học mới."),
])
def test_unrelated_mail_is_ignored_with_the_full_paths_reason(subject, body):
    assert assert_agrees(mail(subject, body)) == UNRELATED


@pytest.mark.parametrize("subject,body", [
    ("Gửi hồ sơ điển hình tiên tiến", "Trường gửi hồ sơ."),
    ("Ho so dien hinh tien tien truong THCS", "Kinh gui Vu."),  # no diacritics
    ("Thông tin", "Họ và tên: Nguyễn Thị Hoa\nĐơn vị: Trường THCS Nguyễn Du\nĐiện thoại: 0912 345 678\n"
                  "Địa chỉ: xã Kỳ Anh, Hà Tĩnh\nThư điện tử: hoa@example.edu.vn"),
    ("Gửi Vụ", "Trường THCS Lê Lợi xin gửi báo cáo thành tích của cô giáo Lê Thị Mai."),
    ("Bổ sung", "Xin gửi bổ sung số điện thoại của cô Lan: 0912 345 678."),
    ("Phiếu thông tin", "Kính gửi Vụ Thi đua - Khen thưởng, trường xin gửi phiếu thông tin."),
])
def test_submissions_and_nomination_wording_never_take_the_cheap_path(subject, body):
    assert triage(mail(subject, body), LIMITS).full


def test_an_encoded_word_subject_is_read_decoded():
    raw = (b"From: a@thcs.edu.vn\nTo: vutdkt@moet.gov.vn\nSubject: =?utf-8?b?SOG7kyBzxqEgxJFp4buDbiBow6xuaA==?=\n"
           b"Content-Type: text/plain; charset=utf-8\n\nK\xc3\xadnh g\xe1\xbb\xadi V\xe1\xbb\xa5.\n")  # "Hồ sơ điển hình"
    assert triage(raw, LIMITS).full == "nomination wording in the subject"


def test_the_operations_samples_submissions_go_full_and_their_auto_replies_are_ignored():
    for sample in samples(30):
        verdict = triage(sample.raw, LIMITS)
        if sample.kind == "automatic":
            assert verdict.ignored == "automatic mail (Auto-Submitted: auto-replied)"
        else:
            assert verdict.full, sample.message_id


@pytest.mark.parametrize("filename,ctype", [
    ("Hồ sơ.docx", DOCX), ("giay khen.pdf", "application/pdf"), ("anh.jpg", "image/jpeg"),
    ("scan.png", "image/png"), ("ds.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("hoso.zip", "application/zip"), ("a.rar", "application/x-rar"), ("tai lieu.bin", "application/octet-stream"),
    ("lich.ics", "text/calendar"), ("ghi chu.txt", "text/plain"),
])
def test_any_attachment_sends_a_message_the_full_path_even_automatic_or_unrelated(filename, ctype):
    assert triage(mail("Lịch họp", "Gửi anh chị.", attach=[(filename, ctype, b"data" * 50)]), LIMITS).full
    auto = mail("Trả lời tự động", "Vắng mặt.", headers={"Auto-Submitted": "auto-replied"},
                attach=[(filename, ctype, b"data" * 50)])
    assert triage(auto, LIMITS).full


def test_forwarded_mail_inline_pictures_and_bounces_go_the_full_path():
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "a@b.vn", "Lịch"
    inner.set_content("Xin chào")
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = "c@d.vn", "vutdkt@moet.gov.vn", "Fwd: Lịch"
    outer.set_content("Chuyển tiếp.")
    outer.add_attachment(inner)
    assert triage(outer.as_bytes(), LIMITS).full
    html = EmailMessage()
    html["From"], html["To"], html["Subject"] = "c@d.vn", "vutdkt@moet.gov.vn", "Ảnh"
    html.set_content("Ảnh")
    html.add_alternative('<p><img src="cid:logo"></p>', subtype="html")
    html.get_payload()[1].add_related(b"\x89PNG....", "image", "png", cid="<logo>")
    assert triage(html.as_bytes(), LIMITS).full
    assert triage(generated(new_ctx(5), "bounce", 0), LIMITS).full  # the returned original is a file the full path lists


def test_an_html_only_mail_is_decided_from_its_header_or_left_to_the_sandbox():
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "c@d.vn", "vutdkt@moet.gov.vn", "Lịch họp"
    msg.set_content("<p>Kính mời dự họp giao ban.</p>", subtype="html")
    assert triage(msg.as_bytes(), LIMITS).full == "carries an HTML body only (turned into text in the sandbox)"
    msg["List-Id"] = "<tin.example.vn>"
    assert assert_agrees(msg.as_bytes()) == "mailing-list mail (List-Id)"


def test_a_reply_in_a_thread_that_supplies_an_item_goes_the_full_path():
    raw = mail("Re: Đề nghị bổ sung", "Điện thoại: 0912 345 678", headers={
        "In-Reply-To": "<flag-1@moet.gov.vn>", "References": "<flag-1@moet.gov.vn>"})
    assert triage(raw, LIMITS).full


def test_large_or_malformed_mail_is_left_to_the_full_path():
    big = mail("Lịch họp", "Gửi anh chị lịch họp. " * (MAX_BYTES // 20))
    assert triage(big, LIMITS).full == f"over {MAX_BYTES} bytes"
    with pytest.raises(MalformedMessage):
        triage(b"this is not an e-mail message at all\n", LIMITS)
    with pytest.raises(MalformedMessage):
        triage(b"", LIMITS)
    cut = LIMITS.__class__(body_bytes=4096)
    long_text = mail("Lịch họp", "Gửi anh chị lịch họp tuần sau.\n" * 400)
    assert triage(long_text, cut).full  # a body cut by the limits: the full path fails it for a person to look


def test_a_broken_multipart_goes_the_full_path():
    raw = (b"From: a@b.vn\nTo: vutdkt@moet.gov.vn\nSubject: Lich\nMIME-Version: 1.0\n"
           b"Content-Type: multipart/mixed; boundary=\"zzz\"\n\nno boundary here\n")
    assert triage(raw, LIMITS).full
    auto = raw.replace(b"Subject: Lich", b"Subject: Lich\nAuto-Submitted: auto-replied")
    assert triage(auto, LIMITS).full


def test_generated_mail_that_is_not_a_submission_agrees_with_the_full_path():
    """The generator's auto-replies, newsletters, no-reply notices, official business, spam and personal mail."""
    ctx = new_ctx(11)
    ignored = 0
    for i in range(60):
        raw = generated(ctx, list(other_mail.BUILDERS)[i % len(other_mail.BUILDERS)], i)
        ignored += assert_agrees(raw) is not None
    assert ignored >= 20
