"""LibreOffice conversion of legacy office files; inputs made here by converting our own DOCX/XLSX."""

from __future__ import annotations

import io
import shutil
import threading
import time

import docx
import openpyxl
import pytest

from config.limits import ParseLimits
from parsers import office_convert
from parsers.document import LimitExceeded, ParseError
from parsers.legacy_encodings import encode_tcvn3
from parsers.office_convert import convert_with_libreoffice, parse_legacy_office

LIMITS = ParseLimits()
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
TITLE = "DANH SÁCH ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN"


def profile_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN")
    d.add_paragraph("Họ và tên: Nguyễn Thị Hoa")
    legacy = d.add_paragraph().add_run(encode_tcvn3("Đơn vị công tác: Trường THCS Hương Minh"))
    legacy.font.name = ".VnTime"
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Năm sinh", "1990"
    table.cell(1, 0).text, table.cell(1, 1).text = "Chức vụ", "Giáo viên"
    d.add_paragraph("Thành tích nổi bật:")
    for year in range(2019, 2024):
        d.add_paragraph(f"- Chiến sĩ thi đua cơ sở năm học {year}-{year + 1}, giáo viên dạy giỏi cấp huyện.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def registration_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS"
    ws["A1"] = TITLE
    ws.merge_cells("A1:C1")
    for col, label in enumerate(["TT", "TÊN ĐƠN VỊ", "LĨNH VỰC"], start=1):
        ws.cell(row=2, column=col, value=label)
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for col, value in enumerate([1, "Trường Tiểu học Đức Lĩnh", "Chuyển đổi số"], start=1):
        ws.cell(row=4, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def legacy_doc() -> bytes:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    return convert_with_libreoffice(profile_docx(), "hoso.docx", "doc", timeout=120)


@pytest.mark.slow
@needs_soffice
def test_doc_via_docx(legacy_doc):
    assert legacy_doc.startswith(office_convert.OLE_MAGIC)
    doc = parse_legacy_office(legacy_doc, "Hồ sơ ĐHTT.doc", LIMITS)
    assert doc.format == "doc" and doc.source == "Hồ sơ ĐHTT.doc"
    texts = [p.text for p in doc.paragraphs]
    assert "Họ và tên: Nguyễn Thị Hoa" in texts
    assert "Đơn vị công tác: Trường THCS Hương Minh" in texts  # TCVN3 font survived the round trip
    assert doc.legacy_encoding == "tcvn3"
    assert [["Năm sinh", "1990"], ["Chức vụ", "Giáo viên"]] in [t.rows for t in doc.tables]
    assert ("Năm sinh", "1990") in doc.key_values


@pytest.mark.slow
@needs_soffice
def test_doc_falls_back_to_antiword(legacy_doc, monkeypatch):
    if shutil.which("antiword") is None:
        pytest.skip("antiword not installed")

    def broken(*args, **kwargs):
        raise ParseError("LibreOffice crashed")

    monkeypatch.setattr(office_convert, "convert_with_libreoffice", broken)
    doc = parse_legacy_office(legacy_doc, "hoso.doc", LIMITS)
    assert doc.format == "doc"
    assert "Họ và tên: Nguyễn Thị Hoa" in [p.text for p in doc.paragraphs]
    assert any("antiword" in note for note in doc.notes)


@pytest.mark.slow
@needs_soffice
def test_xls_via_xlsx():
    xls = convert_with_libreoffice(registration_xlsx(), "ds.xlsx", "xls", timeout=120)
    doc = parse_legacy_office(xls, "DS đăng ký.xls", LIMITS)
    assert doc.format == "xls"
    rows = doc.tables[0].rows
    assert rows[0] == [TITLE] * 3
    assert rows[1] == rows[2] == ["TT", "TÊN ĐƠN VỊ", "LĨNH VỰC"]
    assert rows[3] == ["1", "Trường Tiểu học Đức Lĩnh", "Chuyển đổi số"]


@pytest.mark.slow
@needs_soffice
def test_odt_ods_and_rtf():
    odt = convert_with_libreoffice(profile_docx(), "hoso.docx", "odt", timeout=120)
    assert "Họ và tên: Nguyễn Thị Hoa" in parse_legacy_office(odt, "hoso.odt", LIMITS).text
    ods = convert_with_libreoffice(registration_xlsx(), "ds.xlsx", "ods", timeout=120)
    assert parse_legacy_office(ods, "ds.ods", LIMITS).tables[0].rows[0] == [TITLE] * 3
    rtf = rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0 H\u7885? v\u224? t\u234?n: Nguy\u7877?n Th\u7883? Hoa\par}"
    doc = parse_legacy_office(rtf, "hoso.rtf", LIMITS)
    assert doc.format == "rtf" and doc.text == "Họ và tên: Nguyễn Thị Hoa"


@pytest.mark.slow
@needs_soffice
def test_parallel_conversions_do_not_clash():
    results: list[bytes | Exception] = []

    def work():
        try:
            results.append(convert_with_libreoffice(profile_docx(), "a.docx", "odt", timeout=120))
        except Exception as exc:  # collected and asserted below
            results.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and all(isinstance(r, bytes) and r.startswith(b"PK") for r in results)


@needs_soffice
def test_timeout_kills_soffice():
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="took longer"):
        convert_with_libreoffice(profile_docx(), "slow.docx", "odt", timeout=0.2)
    assert time.monotonic() - started < 10


def test_renamed_docx_is_parsed_directly():
    doc = parse_legacy_office(profile_docx(), "hoso.doc", LIMITS)
    assert doc.format == "doc" and "Họ và tên: Nguyễn Thị Hoa" in doc.text


@pytest.mark.parametrize(
    ("data", "name", "match"),
    [
        (b"\x00\x01garbage" * 100, "x.doc", "not a recognisable Word document"),
        (b"\x00\x01garbage" * 100, "x.xls", "not a recognisable spreadsheet"),
        (office_convert.OLE_MAGIC + bytes(1000), "x.doc", "without a Word document"),
        (office_convert.OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"), "x.doc", "password-protected"),
        (b"PK\x03\x04" + bytes(100), "x.odt", "not an office document"),
        (b"hello", "x.pages", "not a legacy office format"),
    ],
)
def test_unrecognised_input_fails_without_calling_libreoffice(data, name, match, monkeypatch):
    monkeypatch.setattr(office_convert, "SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ParseError, match=match):
        parse_legacy_office(data, name, LIMITS)


@pytest.mark.slow
@needs_soffice
def test_damaged_doc_fails_cleanly():
    data = office_convert.OLE_MAGIC + "WordDocument".encode("utf-16-le") + bytes(4000)
    with pytest.raises(ParseError, match="unreadable .doc|could not convert"):
        parse_legacy_office(data, "hong.doc", LIMITS)


def test_missing_soffice(monkeypatch):
    monkeypatch.setattr(office_convert, "SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ParseError, match="LibreOffice is not available"):
        convert_with_libreoffice(b"{\\rtf1 x}", "a.rtf", "docx", timeout=5)
