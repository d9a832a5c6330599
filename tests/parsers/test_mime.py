"""parse_mime: headers, bodies, attachments, forwards and malformed input.

Every message is built here, from ``email.message.EmailMessage`` or raw bytes.
"""

from __future__ import annotations

import base64
import random
import unicodedata
from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.document import ParseError
from parsers.mime import MailMessage, MalformedMessage, parse_mime

SALUTATION = "Kính gửi: Phòng Giáo dục và Đào tạo"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def b64w(text: str) -> str:
    """An RFC 2047 B encoded-word in UTF-8."""
    return "=?utf-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def qw(text: str) -> str:
    """An RFC 2047 Q encoded-word in UTF-8."""
    body = "".join(
        "_" if b == 0x20 else chr(b) if chr(b).isalnum() and b < 128 else f"={b:02X}" for b in text.encode()
    )
    return f"=?UTF-8?Q?{body}?="


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: tone marks as combining bytes.

    Python's cp1258 codec is a plain charmap, so precomposed letters such as
    "ử" must first be split into base letter + combining tone mark.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


HEAD = (
    "Delivered-To: vutdkt@moet.gov.vn\n"
    "Return-Path: <truong@example.edu.vn>\n"
    "Received: from mx1 by mx2; Tue, 19 Mar 2024 09:45:44 +0700\n"
    "Received: from client by mx1; Tue, 19 Mar 2024 09:45:43 +0700\n"
    "MIME-Version: 1.0\n"
    "From: Trường TH <truong@example.edu.vn>\n"
    "To: vutdkt@moet.gov.vn\n"
    "Date: Tue, 19 Mar 2024 09:45:43 +0700\n"
    "Message-ID: <abc.123@example.edu.vn>\n"
)


def simple(body: str = "Xin chào", extra_headers: str = "") -> bytes:
    return crlf(HEAD + extra_headers + "Subject: Thử\nContent-Type: text/plain; charset=utf-8\n"
                "Content-Transfer-Encoding: 8bit\n\n" + body + "\n")


def multipart(parts: list[str], boundary: str = "BOUND", close: bool = True, head: str = HEAD) -> bytes:
    text = head + f'Subject: Hồ sơ\nContent-Type: multipart/mixed; boundary="{boundary}"\n\n'
    for part in parts:
        text += f"--{boundary}\n{part}\n"
    if close:
        text += f"--{boundary}--\n"
    return crlf(text)


def b64_part(ctype: str, name: str, data: bytes) -> str:
    encoded = base64.encodebytes(data).decode()
    return (f'Content-Type: {ctype}; name="{name}"\nContent-Disposition: attachment; filename="{name}"\n'
            f"Content-Transfer-Encoding: base64\n\n{encoded}")


# -- headers -----------------------------------------------------------------


def test_rfc2047_subject_and_from_base64_and_quoted_printable() -> None:
    raw = crlf(
        "MIME-Version: 1.0\n"
        f"From: {b64w('Trường Tiểu học Thị trấn Vũ Quang')} <C1ThiTran@HaTinh.edu.vn>\n"
        f"To: {qw('Phòng GD&ĐT Vũ Quang')} <pgd@example.vn>, other@example.vn\n"
        f"Cc: {qw('Lê Văn C')} <c@example.vn>\n"
        f"Subject: {b64w('V/v gửi thông tin điển hình ')}\n {qw('tiên tiến đợt 1')}\n"
        "Date: Tue, 19 Mar 2024 09:45:43 +0700\n"
        "Content-Type: text/plain; charset=utf-8\n\nNội dung\n"
    )
    msg = parse_mime(raw)
    assert msg.subject == "V/v gửi thông tin điển hình tiên tiến đợt 1"
    assert msg.from_name == "Trường Tiểu học Thị trấn Vũ Quang"
    assert msg.from_address == "c1thitran@hatinh.edu.vn"
    assert msg.to == ["pgd@example.vn", "other@example.vn"]
    assert msg.cc == ["c@example.vn"]
    assert msg.headers["to"].startswith("Phòng GD&ĐT Vũ Quang")
    assert msg.defects == []


def test_envelope_and_thread_headers() -> None:
    raw = simple(extra_headers="In-Reply-To: <orig@x.vn>\nReferences: <a@x.vn>\n <orig@x.vn>\n"
                 "Reply-To: Van Thu <VanThu@Example.edu.vn>\nX-Custom: một\nX-Custom: hai\n")
    msg = parse_mime(raw)
    assert msg.message_id == "<abc.123@example.edu.vn>"
    assert msg.in_reply_to == "<orig@x.vn>"
    assert msg.references == ["<a@x.vn>", "<orig@x.vn>"]
    assert msg.reply_to == "vanthu@example.edu.vn"
    assert msg.delivered_to == ["vutdkt@moet.gov.vn"]
    assert msg.return_path == "truong@example.edu.vn"
    assert msg.date is not None and msg.date.utcoffset() == timedelta(hours=7)
    assert (msg.date.year, msg.date.hour, msg.date.minute) == (2024, 9, 45)
    assert msg.headers["x-custom"] == "một"
    assert msg.get_all("X-CUSTOM") == ["một", "hai"]
    assert len(msg.get_all("received")) == 2
    assert msg.get_all("x-absent") == []


def test_null_and_absent_return_path() -> None:
    bounce = crlf("Return-Path: <>\nFrom: MAILER-DAEMON@mx.vn\nSubject: x\n\nbody\n")
    assert parse_mime(bounce).return_path == ""
    msg = parse_mime(crlf("From: a@b.vn\nSubject: x\n\nbody\n"))
    assert msg.return_path is None and msg.date is None and msg.message_id is None


def test_broken_and_unknown_charsets_in_headers_never_raise() -> None:
    bad_b64 = base64.b64encode(cp1258("Kính gửi")).decode()
    raw = crlf(
        f"From: =?x-unknown-cs?B?{base64.b64encode('Nguyễn'.encode()).decode()}?= <a@b.vn>\n"
        f"Subject: =?utf-8?B?{bad_b64}?= =?utf-8?B?broken!!?= =?utf-8?Q?=E1=BB?=\n"
        "To: b@c.vn\n\nbody\n"
    )
    msg = parse_mime(raw)
    assert msg.from_name == "Nguyễn"
    assert msg.subject.startswith("Kính gửi")
    assert unicodedata.is_normalized("NFC", msg.subject)


def test_bad_base64_word_in_from_still_parses() -> None:
    raw = crlf("From: =?utf-8?B?VHLGsOG7nW5n#IFRI?= <GV@Truong.vn>\nTo: =?utf-8?B?x=?= <b@c.vn>\n"
               "Subject: x\n\nbody\n")
    msg = parse_mime(raw)
    assert msg.from_address == "gv@truong.vn"
    assert msg.from_name.startswith("Trường")
    assert msg.to == ["b@c.vn"]


def test_raw_utf8_header_bytes() -> None:
    raw = b"From: =?utf-8?B?QQ==?= <a@b.vn>\r\nSubject: " + "Hồ sơ thi đua".encode() + b"\r\n\r\nx\r\n"
    assert parse_mime(raw).subject == "Hồ sơ thi đua"


# -- bodies ------------------------------------------------------------------


def test_cp1258_codec_needs_decomposed_tone_marks() -> None:
    with pytest.raises(UnicodeEncodeError):
        SALUTATION.encode("cp1258")
    data = cp1258(SALUTATION)
    assert data.startswith(b"K\xednh g\xfd\xd2i: Pho\xccng")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == SALUTATION


def test_text_body_declared_utf8_but_cp1258_is_repaired() -> None:
    body = cp1258(SALUTATION + "\r\n\r\nTrân trọng!\r\n")
    raw = crlf(HEAD + "Subject: x\nContent-Type: text/plain; charset=\"utf-8\"\n"
               "Content-Transfer-Encoding: 8bit\n\n") + body
    msg = parse_mime(raw)
    assert msg.text_body.splitlines()[0] == SALUTATION
    assert "Trân trọng!" in msg.text_body
    assert msg.body_text == msg.text_body
    assert any("charset" in d for d in msg.defects)


def test_quoted_printable_multipart_alternative_prefers_plain() -> None:
    em = EmailMessage()
    em["From"], em["To"], em["Subject"] = "a@b.vn", "c@d.vn", "Thử"
    em.set_content("Họ tên: Lê Văn B\n", cte="quoted-printable")
    em.add_alternative("<p><b>Họ tên:</b> KHÁC</p>", subtype="html")
    msg = parse_mime(em.as_bytes(policy=SMTP))
    assert msg.text_body == "Họ tên: Lê Văn B"
    assert "<b>Họ tên:</b>" in msg.html_body
    assert msg.body_text == "Họ tên: Lê Văn B"
    assert msg.attachments == []


def test_html_only_body() -> None:
    url = "https://drive.google.com/drive/folders/1xYz_minhchung?usp=sharing"
    html = (f'<div dir="ltr"><div><b>Họ và tên:</b> Nguyễn Văn A</div>'
            f'<div><b>Chức vụ:</b> Giáo viên</div><div>Minh chứng: <a href="{url}">minh chứng</a></div></div>')
    em = EmailMessage()
    em["From"], em["To"], em["Subject"] = "a@b.vn", "c@d.vn", "HTML"
    em.set_content(html, subtype="html", cte="quoted-printable")
    msg = parse_mime(em.as_bytes(policy=SMTP))
    assert msg.text_body == ""
    assert msg.html_body.startswith('<div dir="ltr">')
    lines = msg.body_text.splitlines()
    assert "Họ và tên: Nguyễn Văn A" in lines
    assert "Chức vụ: Giáo viên" in lines
    assert url in msg.body_text


def test_nfd_text_and_subject_become_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hường - Trường THCS Đức Lĩnh")
    raw = crlf(f"From: a@b.vn\nSubject: {b64w(nfd)}\nMIME-Version: 1.0\n"
               "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + nfd + "\n")
    msg = parse_mime(raw)
    expected = unicodedata.normalize("NFC", nfd)
    assert msg.subject == expected
    assert msg.text_body == expected


def test_format_flowed_is_unwrapped() -> None:
    raw = crlf("From: a@b.vn\nSubject: f\nContent-Type: text/plain; charset=utf-8; format=flowed\n\n"
               "Tóm tắt thành tích: giáo viên dạy \ngiỏi cấp tỉnh.\nDòng mới\n-- \nVăn thư\n")
    assert parse_mime(raw).text_body.splitlines() == [
        "Tóm tắt thành tích: giáo viên dạy giỏi cấp tỉnh.", "Dòng mới", "--", "Văn thư"]


# -- attachments -------------------------------------------------------------


def test_rfc2231_attachment_name() -> None:
    em = EmailMessage()
    em["From"], em["To"], em["Subject"] = "a@b.vn", "c@d.vn", "GK"
    em.set_content("Gửi kèm giấy khen.")
    em.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="Giấy khen 2023.pdf")
    raw = em.as_bytes(policy=SMTP)
    assert b"filename*=utf-8''" in raw
    msg = parse_mime(raw)
    assert [(a.filename, a.content_type, a.data) for a in msg.attachments] == [
        ("Giấy khen 2023.pdf", "application/pdf", b"%PDF-1.4 fake")]
    assert msg.attachments[0].inline is False


def test_rfc2231_continuations_and_nfd_name() -> None:
    part = ("Content-Type: application/pdf\nContent-Disposition: attachment;\n"
            " filename*0*=utf-8''Gi%E1%BA%A5y%20khen;\n filename*1*=%202023.pdf\n"
            "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(b"%PDF").decode())
    nfd_name = unicodedata.normalize("NFD", "Ảnh chân dung.jpg")
    part2 = b64_part("image/jpeg", b64w(nfd_name), b"\xff\xd8\xff\xd9")
    msg = parse_mime(multipart(["Content-Type: text/plain\n\nxin gửi", part, part2]))
    assert [a.filename for a in msg.attachments] == ["Giấy khen 2023.pdf", "Ảnh chân dung.jpg"]


def test_outlook_rfc2047_name_in_quotes() -> None:
    name = "Thông tin điển hình - Đỗ Ngọc Thảo.docx"
    part = (f'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; '
            f'name="{b64w(name)}"\nContent-Description: {b64w(name)}\n'
            f'Content-Disposition: attachment; filename="{b64w(name)}"; size=4;\n'
            f'\tcreation-date="Fri, 29 Mar 2024 10:43:29 GMT"\nContent-Transfer-Encoding: base64\n\n'
            + base64.encodebytes(b"PK\x03\x04").decode())
    msg = parse_mime(multipart(["Content-Type: text/plain; charset=utf-8\n\nKính gửi", part]))
    assert msg.attachments[0].filename == name
    assert msg.attachments[0].data == b"PK\x03\x04"


def test_unnamed_part_gets_generated_name_and_path_is_stripped() -> None:
    jpeg = b64_part("image/jpeg", "x", b"\xff\xd8\xff\xd9").replace(
        'name="x"\nContent-Disposition: attachment; filename="x"', "")
    doc = b64_part("application/msword", "C:\\Users\\vt\\Desktop\\Ho so.doc", b"\xd0\xcf")
    msg = parse_mime(multipart(["Content-Type: text/plain\n\nx", jpeg, doc]))
    assert [a.filename for a in msg.attachments] == ["part-2.jpg", "Ho so.doc"]


def test_inline_image_with_content_id() -> None:
    em = EmailMessage()
    em["From"], em["To"], em["Subject"] = "a@b.vn", "c@d.vn", "Ảnh"
    em.set_content("Ảnh chân dung bên dưới")
    em.add_alternative('<p>Ảnh:</p><img src="cid:portrait01@x">', subtype="html")
    em.get_payload()[1].add_related(b"\xff\xd8jpegdata\xff\xd9", "image", "jpeg", cid="<portrait01@x>",
                                    filename="chan dung.jpg")
    em.add_attachment(b"\xff\xd8other\xff\xd9", maintype="image", subtype="jpeg", filename="GK.jpg",
                      cid="<unused@x>")
    msg = parse_mime(em.as_bytes(policy=SMTP))
    parts = {a.filename: a for a in msg.attachments}
    assert parts["chan dung.jpg"].inline is True
    assert parts["chan dung.jpg"].content_id == "portrait01@x"
    assert parts["chan dung.jpg"].data == b"\xff\xd8jpegdata\xff\xd9"
    assert parts["GK.jpg"].inline is False and parts["GK.jpg"].content_id == "unused@x"


def forwarded_mail() -> EmailMessage:
    inner = EmailMessage()
    inner["From"] = "Trường TH Thị trấn <c1thitran@hatinh.edu.vn>"
    inner["To"], inner["Subject"] = "pgd@hatinh.edu.vn", "Hồ sơ gốc"
    inner["Message-ID"] = "<inner@hatinh.edu.vn>"
    inner.set_content("Phiếu thông tin kèm theo")
    inner.add_attachment(b"PK\x03\x04inner", maintype="application", subtype="octet-stream",
                         filename="Phiếu thông tin.docx")
    outer = EmailMessage()
    outer["From"] = "Phòng GD <pgd@hatinh.edu.vn>"
    outer["To"], outer["Subject"] = "vutdkt@moet.gov.vn", "Fwd: Hồ sơ gốc"
    outer.set_content("Chuyển tiếp hồ sơ")
    outer.add_attachment(inner)
    outer.add_attachment(b"%PDF outer", maintype="application", subtype="pdf", filename="Công văn.pdf")
    return outer


def test_forwarded_rfc822_keeps_its_own_from_and_attachments() -> None:
    msg = parse_mime(forwarded_mail().as_bytes(policy=SMTP))
    assert msg.from_address == "pgd@hatinh.edu.vn"
    assert [a.filename for a in msg.attachments] == ["Công văn.pdf"]
    assert len(msg.forwarded) == 1
    inner = msg.forwarded[0]
    assert isinstance(inner, MailMessage)
    assert inner.from_address == "c1thitran@hatinh.edu.vn"
    assert inner.from_name == "Trường TH Thị trấn"
    assert inner.subject == "Hồ sơ gốc" and inner.message_id == "<inner@hatinh.edu.vn>"
    assert inner.text_body == "Phiếu thông tin kèm theo"
    assert [(a.filename, a.data) for a in inner.attachments] == [("Phiếu thông tin.docx", b"PK\x03\x04inner")]


def test_eml_attachment_is_parsed_as_forwarded() -> None:
    inner = forwarded_mail().get_payload()[1].get_payload()[0].as_bytes(policy=SMTP)
    raw = multipart(["Content-Type: text/plain\n\nxem file", b64_part("application/octet-stream", "hoso.eml", inner)])
    msg = parse_mime(raw)
    assert msg.attachments == []
    assert msg.forwarded[0].from_address == "c1thitran@hatinh.edu.vn"


def test_truncated_eml_attachment_does_not_fail_the_carrier() -> None:
    inner = forwarded_mail().get_payload()[1].get_payload()[0].as_bytes(policy=SMTP)
    cut = inner[: inner.index(b"Content-Transfer-Encoding: base64") + 45]
    raw = multipart(["Content-Type: text/plain\n\nxem file", b64_part("application/octet-stream", "cu.eml", cut)])
    msg = parse_mime(raw)
    assert [a.filename for a in msg.attachments] == ["cu.eml"]
    assert any("truncated" in d for d in msg.defects)


def test_forward_deeper_than_max_depth_is_kept_as_attachment() -> None:
    raw = forwarded_mail().as_bytes(policy=SMTP)
    msg = parse_mime(raw, max_depth=0)
    assert msg.forwarded == []
    assert [a.content_type for a in msg.attachments] == ["message/rfc822", "application/pdf"]
    assert any("max_depth" in d for d in msg.defects)


def test_dsn_multipart_report_parts_are_visible() -> None:
    raw = crlf(
        "From: Mail Delivery System <MAILER-DAEMON@moet.gov.vn>\nTo: vutdkt@moet.gov.vn\n"
        "Return-Path: <>\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\n\n'
        "--R\nContent-Type: text/plain; charset=utf-8\n\nYour message could not be delivered.\n"
        "--R\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.moet.gov.vn\n\n"
        "Final-Recipient: rfc822; tdkt@hatinh.edu.com\nAction: failed\nStatus: 5.1.1\n"
        "--R\nContent-Type: text/rfc822-headers\n\nFrom: vutdkt@moet.gov.vn\nSubject: test\n"
        "--R--\n"
    )
    msg = parse_mime(raw)
    assert msg.from_address == "mailer-daemon@moet.gov.vn"
    assert msg.return_path == ""
    assert msg.body_text == "Your message could not be delivered."
    types = [a.content_type for a in msg.attachments]
    assert types == ["message/delivery-status", "text/rfc822-headers"]
    assert b"Status: 5.1.1" in msg.attachments[0].data
    assert b"Subject: test" in msg.attachments[1].data
    assert msg.forwarded == []


# -- defects and malformed input ---------------------------------------------


def test_minor_defects_parse_and_are_listed() -> None:
    raw = crlf("From: a@b.vn\nThis line is not a header\nSubject : Vẫn đọc được\n"
               "Content-Type: text/plain; charset=utf-8\n\nNội dung\n")
    msg = parse_mime(raw)
    assert msg.subject == "Vẫn đọc được"
    assert msg.text_body == "Nội dung"
    assert any("MIME-Version" in d for d in msg.defects)
    assert any("not a header" in d for d in msg.defects)
    assert all("\n" not in d for d in msg.defects)


def test_missing_blank_line_keeps_body_lines() -> None:
    raw = crlf("From: a@b.vn\nSubject: x\nXin gửi hồ sơ\nEmail:gv@truong.edu.vn\nSĐT: 0912345678\n")
    msg = parse_mime(raw)
    assert "Email:gv@truong.edu.vn" in msg.text_body
    assert any("MissingHeaderBodySeparator" in d for d in msg.defects)


def test_base64_encoded_rfc822_part_is_forwarded() -> None:
    inner = forwarded_mail().get_payload()[1].get_payload()[0].as_bytes(policy=SMTP)
    part = "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + base64.encodebytes(inner).decode()
    msg = parse_mime(multipart(["Content-Type: text/plain\n\nx", part]))
    assert [f.from_address for f in msg.forwarded] == ["c1thitran@hatinh.edu.vn"]
    assert msg.forwarded[0].attachments[0].filename == "Phiếu thông tin.docx"


def test_broken_boundary_is_malformed() -> None:
    raw = multipart(["Content-Type: text/plain\n\nx"], boundary="REAL").replace(
        b'boundary="REAL"', b'boundary="DECLARED"')
    with pytest.raises(MalformedMessage, match="boundary 'DECLARED' never appears"):
        parse_mime(raw)


def test_truncated_base64_attachment_without_closing_boundary() -> None:
    data = bytes(random.Random(7).randrange(256) for _ in range(3000))
    full = multipart(["Content-Type: text/plain\n\nGửi hồ sơ", b64_part("application/octet-stream", "Ho so.docx", data)])
    cut = full[: int(len(full) * 0.8)]
    with pytest.raises(MalformedMessage, match=r"^attachment 'Ho so\.docx' is truncated"):
        parse_mime(cut)
    # cut at a line end, padding happens to be fine: the missing close boundary tells
    cut_at_line = cut[: cut.rindex(b"\r\n") + 2]
    with pytest.raises(MalformedMessage, match="attachment 'Ho so.docx' is truncated"):
        parse_mime(cut_at_line)


def test_truncated_base64_padding_with_closing_boundary() -> None:
    part = ('Content-Type: application/pdf; name="GK.pdf"\nContent-Transfer-Encoding: base64\n\n'
            "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI")
    with pytest.raises(MalformedMessage, match="attachment 'GK.pdf' is truncated"):
        parse_mime(multipart(["Content-Type: text/plain\n\nx", part]))


def test_unclosed_multipart_ending_in_text_is_only_a_defect() -> None:
    msg = parse_mime(multipart(["Content-Type: text/plain\n\nChỉ có chữ"], close=False))
    assert msg.text_body == "Chỉ có chữ"
    assert any("CloseBoundaryNotFound" in d for d in msg.defects)


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \r\n\r\n", b"just some text without any header\n",
     bytes(random.Random(1).randrange(256) for _ in range(4096)),
     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)],
    ids=["empty", "blank", "plain-text", "random-binary", "png"],
)
def test_not_a_message_is_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedMessage) as info:
        parse_mime(raw)
    assert isinstance(info.value, ParseError)
    assert str(info.value) and "\n" not in str(info.value)


def test_absurdly_deep_nesting_is_malformed() -> None:
    levels = 1500
    text = "From: a@b.vn\nSubject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n"
    for i in range(1, levels):
        text += f"--b{i - 1}\nContent-Type: multipart/mixed; boundary=b{i}\n\n"
    text += f"--b{levels - 1}\nContent-Type: text/plain\n\nx\n"
    with pytest.raises(MalformedMessage, match="nested too deeply"):
        parse_mime(crlf(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_raise_only_malformed(raw: bytes) -> None:
    try:
        parse_mime(raw)
    except MalformedMessage:
        pass


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.binary(max_size=8))
def test_cut_or_spliced_messages_raise_only_malformed(cut: int, junk: bytes) -> None:
    raw = forwarded_mail().as_bytes(policy=SMTP)
    cut = cut % (len(raw) + 1)
    try:
        msg = parse_mime(raw[:cut] + junk + raw[cut + len(junk):])
    except MalformedMessage:
        return
    assert isinstance(msg, MailMessage)


@pytest.mark.parametrize("encoding", ["utf-8"])
def test_raw_8bit_attachment_name_is_decoded(encoding):
    """Some clients put the file name in the header as raw bytes, with neither RFC 2047 nor RFC 2231."""
    name = "Hồ sơ Nguyễn Thị Hoa.docx"
    raw = (
        b"From: a@b.vn\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
        b"--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B\r\nContent-Type: application/octet-stream\r\n"
        b'Content-Disposition: attachment; filename="' + name.encode(encoding) + b'"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--B--\r\n"
    )
    assert [a.filename for a in parse_mime(raw).attachments] == [name]
