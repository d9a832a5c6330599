"""The parsing stage's entry point on whole messages built in code."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import pytest

from config.limits import ParseLimits
from dienhinh.devservers.samples import profile_docx, registration_xlsx
from parsers.document import ParseError
from parsers.message import parse_message
from parsers.mime import MalformedMessage


def _mail(body: str = "Kính gửi Phòng Giáo dục và Đào tạo.", **headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Trường THCS Nguyễn Du <c2nguyendu@example.edu.vn>"
    msg["To"] = "vutdkt@moet.gov.vn"
    msg["Subject"] = "Hồ sơ điển hình tiên tiến"
    msg["Message-ID"] = "<1@example.edu.vn>"
    for key, value in headers.items():
        msg[key] = value
    msg.set_content(body)
    return msg


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


DOCX = profile_docx("Nguyễn Thị Hoa", "Trường THCS Nguyễn Du", "0912 345 678", "hoa@example.edu.vn",
                    ["Giáo viên dạy giỏi cấp tỉnh"], with_photo=True)


def test_docx_and_xlsx_attachments_become_documents():
    msg = _mail()
    msg.add_attachment(DOCX, maintype="application", subtype="octet-stream", filename="Hồ sơ cô Hoa.docx")
    msg.add_attachment(registration_xlsx("Phòng GD&ĐT", [("Trường MN A", "Thư viện xanh", "Giáo dục")]),
                       maintype="application", subtype="octet-stream", filename="Danh sách.xlsx")
    parsed = parse_message(msg.as_bytes())
    docx, xlsx = parsed.files
    assert (docx.name, docx.status, docx.document.format) == ("Hồ sơ cô Hoa.docx", "parsed", "docx")
    assert any("Nguyễn Thị Hoa" in cell for row in docx.document.tables[0].rows for cell in row)
    assert len(docx.document.images) == 1
    assert xlsx.document.format == "xlsx"
    assert any("Thư viện xanh" in row for row in xlsx.document.tables[0].rows)
    assert "Kính gửi Phòng Giáo dục và Đào tạo." in parsed.bodies[0].text


def test_zip_members_are_parsed_and_hostile_names_are_made_safe():
    msg = _mail()
    msg.add_attachment(_zip({"Ho so/Ho so.docx": DOCX, "../../etc/evil.txt": "Minh chứng".encode(), "/abs/x.txt": b"x"}),
                       maintype="application", subtype="zip", filename="Hồ sơ.zip")
    parsed = parse_message(msg.as_bytes())
    paths = [f.path for f in parsed.files]
    assert paths[0] == "Hồ sơ.zip"
    assert "Hồ sơ.zip/Ho so/Ho so.docx" in paths
    assert all(".." not in p.split("/") and not p.startswith("/") for p in paths)
    member = next(f for f in parsed.files if f.name == "Ho so.docx")
    assert member.parent == "Hồ sơ.zip" and member.document is not None


def test_zip_bomb_fails_that_file_only():
    msg = _mail()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", b"\0" * (8 * 1024 * 1024))
    msg.add_attachment(bomb.getvalue(), maintype="application", subtype="zip", filename="bom.zip")
    msg.add_attachment(DOCX, maintype="application", subtype="octet-stream", filename="Hồ sơ.docx")
    parsed = parse_message(msg.as_bytes(), ParseLimits(archive_total_bytes=1024 * 1024))
    bomb_file = parsed.files[0]
    assert bomb_file.status == "failed" and "limit" in bomb_file.reason
    assert parsed.files[-1].status == "parsed"


def test_forwarded_mail_keeps_the_original_sender_and_its_files():
    inner = _mail("Họ và tên: Lê Văn An")
    del inner["From"]
    inner["From"] = "Trường TH Ân Phú <c1anphu@example.edu.vn>"
    inner.add_attachment(DOCX, maintype="application", subtype="octet-stream", filename="An.docx")
    outer = _mail("Phòng chuyển tiếp hồ sơ của trường.")
    outer.add_attachment(inner)
    parsed = parse_message(outer.as_bytes())
    assert parsed.original_sender[0] == "c1anphu@example.edu.vn"
    assert [f.name for f in parsed.files] == ["An.docx"] and parsed.files[0].forwarded
    assert any("Lê Văn An" in body.text for body in parsed.bodies)


def test_corrupt_docx_and_unknown_format():
    msg = _mail()
    msg.add_attachment(DOCX[: len(DOCX) // 2], maintype="application", subtype="octet-stream", filename="Hồ sơ.docx")
    msg.add_attachment(b"slides", maintype="application", subtype="vnd.ms-powerpoint", filename="Bài giảng.pptx")
    parsed = parse_message(msg.as_bytes())
    docx, pptx = parsed.files
    assert docx.status == "failed" and "DOCX" in docx.reason
    assert pptx.status == "skipped" and pptx.document is None


def test_unusable_message_raises_malformed():
    with pytest.raises(MalformedMessage):
        parse_message(b"")
    assert issubclass(MalformedMessage, ParseError)
