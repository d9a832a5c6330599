"""Mail shaped unlike the other fixtures, through the real parse and extract path."""

from __future__ import annotations

import io
import unicodedata
from email.message import EmailMessage

import pytest
from docx import Document

from extract import extract_drafts
from extract.submission import build_submission
from parsers.message import parse_message

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _drafts(raw: bytes):
    return extract_drafts(build_submission(parse_message(raw)))


def _mail(body: str, attachments=()) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Trường TH Kim Liên <thkimlien@hanoi.edu.vn>", "vutdkt@moet.gov.vn", "Hồ sơ"
    msg.set_content(body)
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def test_capital_labels_with_a_space_before_the_colon_and_plus_bullets():
    [draft] = _drafts(_mail(
        "HỌ TÊN : PHAN VĂN ĐỨC\nNƠI CÔNG TÁC : Trường TH Kim Liên, quận Đống Đa\nDI ĐỘNG : 098.765.4321\n"
        "GMAIL : PhanDuc.KL@gmail.com\nCHỖ Ở HIỆN NAY : số 5 ngõ 12 Kim Liên, Đống Đa, Hà Nội\n"
        "NHỮNG THÀNH TÍCH TIÊU BIỂU :\n+ Chiến sĩ thi đua cấp thành phố năm 2023\n+ Giải Nhất giáo viên dạy giỏi cấp quận\n"))
    assert (draft.name, draft.phone, draft.email) == ("Phan Văn Đức", "+84987654321", "phanduc.kl@gmail.com")
    assert draft.address == "số 5 ngõ 12 Kim Liên, Đống Đa, Hà Nội"
    assert "Giải Nhất giáo viên dạy giỏi cấp quận" in draft.achievement_summary


def test_three_column_form_with_a_numbered_first_column():
    document = Document()
    document.add_paragraph("PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN")
    table = document.add_table(rows=0, cols=3)
    rows = [("Họ và tên người được đề nghị", "Lương Thị Mai"), ("Đơn vị", "Trường MN Hoa Mai"),
            ("Số ĐT liên hệ", "(024) 3852 1234"), ("Địa chỉ thư điện tử", "mai.lt@hanoi.edu.vn"),
            ("Thành tích đã đạt được", "Giáo viên giỏi cấp thành phố 2022-2023")]
    for index, (label, value) in enumerate(rows, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(index), label, value
    buffer = io.BytesIO()
    document.save(buffer)
    [draft] = _drafts(_mail("Kính gửi Vụ, trường gửi phiếu thông tin.", [("Phieu thong tin.docx", buffer.getvalue())]))
    assert (draft.name, draft.unit, draft.phone, draft.email) == (
        "Lương Thị Mai", "Trường MN Hoa Mai", "+842438521234", "mai.lt@hanoi.edu.vn")


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tones combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
                   + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("declared", [None, "utf-8", "iso-8859-1"])
def test_windows_1258_body_whatever_charset_is_declared(declared):
    header = f"Content-Type: text/plain; charset={declared}" if declared else "Content-Type: text/plain"
    raw = (f"From: a@truong.edu.vn\nTo: vutdkt@moet.gov.vn\nSubject: hs\nMIME-Version: 1.0\n{header}\n"
           "Content-Transfer-Encoding: 8bit\n\n").encode() + _cp1258(
        "Họ và tên: Đỗ Thị Lan\nĐiện thoại: 0912 111 222\nĐơn vị: Trường THCS Lê Quý Đôn\n")
    [draft] = _drafts(raw)
    assert (draft.name, draft.unit, draft.phone) == ("Đỗ Thị Lan", "Trường THCS Lê Quý Đôn", "+84912111222")
