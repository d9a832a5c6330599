"""parse_xlsx on a registration list built here with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.styles import Font

from config.limits import ParseLimits
from parsers.document import LimitExceeded, ParseError
from parsers.xlsx import parse_xlsx

LIMITS = ParseLimits()
TITLE = "DANH SÁCH ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN"
HEADER = ["TT", "TÊN ĐƠN VỊ", "TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN", "LĨNH VỰC", "GHI CHÚ"]


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def registration_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đăng ký 2024"
    ws["A1"] = "PHÒNG GD&ĐT VŨ QUANG"
    ws.merge_cells("A1:B1")
    ws["C1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("C1:E1")
    ws["A3"] = TITLE
    ws.merge_cells("A3:E3")
    ws["A4"] = "(Kèm theo Công văn số 44/PGDĐT-TĐKT)"
    ws.merge_cells("A4:E4")
    for col, label in enumerate(HEADER, start=1):
        ws.cell(row=6, column=col, value=label)
        ws.merge_cells(start_row=6, start_column=col, end_row=7, end_column=col)
    rows = [
        [1, "Trường Tiểu học Đức Lĩnh", "Lớp học thông minh", "Chuyển đổi số", dt.datetime(2024, 3, 5)],
        [2, "Trường THCS Hương Minh", "Thư viện thân thiện", "Văn hóa", None],
        [3.0, "Trường Mầm non Phúc La", "Vườn rau của bé", None, 0.25],
        [4, "  Trường   THPT  Vũ Quang ", "Ngày hội đọc sách\nvà kể chuyện", "Giáo dục", 12.5],
    ]
    for r, values in enumerate(rows, start=8):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    ws["E10"].number_format = "0%"
    ws["D13"] = "Vũ Quang, ngày 17 tháng 3 năm 2024"
    ws["D14"] = "HIỆU TRƯỞNG"
    ws["D17"] = "Đỗ Thị Phương"
    # Formatting far away creates empty cells that must not widen or lengthen the table.
    ws["H30"].font = Font(bold=True)
    ws["J2"] = ""
    wb.create_sheet("Trống")
    return save(wb)


@pytest.fixture(scope="module")
def registration(registration_xlsx):
    return parse_xlsx(registration_xlsx, "DS đăng ký MH ĐHTT 2024.xlsx", LIMITS)


def test_one_table_per_non_empty_sheet_with_title_paragraph(registration):
    assert [p.text for p in registration.paragraphs] == ["Đăng ký 2024"]
    assert len(registration.tables) == 1
    assert registration.format == "xlsx"


def test_merged_title_and_header_rows_are_repeated(registration):
    rows = registration.tables[0].rows
    assert rows[0] == ["PHÒNG GD&ĐT VŨ QUANG"] * 2 + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] * 3
    assert rows[2] == [TITLE] * 5
    assert rows[5] == HEADER and rows[6] == HEADER


def test_values_rendered_sensibly(registration):
    rows = registration.tables[0].rows
    assert rows[7] == ["1", "Trường Tiểu học Đức Lĩnh", "Lớp học thông minh", "Chuyển đổi số", "05/03/2024"]
    assert rows[8] == ["2", "Trường THCS Hương Minh", "Thư viện thân thiện", "Văn hóa", ""]
    assert rows[9] == ["3", "Trường Mầm non Phúc La", "Vườn rau của bé", "", "25%"]
    assert rows[10] == ["4", "Trường THPT Vũ Quang", "Ngày hội đọc sách\nvà kể chuyện", "Giáo dục", "12.5"]


def test_signature_kept_and_trailing_empties_dropped(registration):
    table = registration.tables[0]
    assert table.width == 5
    assert table.rows[-1] == ["", "", "", "Đỗ Thị Phương", ""]
    assert ["", "", "", "HIỆU TRƯỞNG", ""] in table.rows
    assert all(len(r) == 5 for r in table.rows)


def test_leading_empty_rows_and_columns_dropped():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C4"], ws["D4"], ws["C5"], ws["D5"] = "Họ tên", "Đơn vị", "Lê Văn An", "Trường THCS Lê Lợi"
    doc = parse_xlsx(save(wb), "lech.xlsx", LIMITS)
    assert doc.tables[0].rows == [["Họ tên", "Đơn vị"], ["Lê Văn An", "Trường THCS Lê Lợi"]]


def test_empty_workbook_has_a_note():
    doc = parse_xlsx(save(openpyxl.Workbook()), "empty.xlsx", LIMITS)
    assert doc.tables == [] and doc.notes


def test_truncated_xlsx(registration_xlsx):
    with pytest.raises(ParseError, match=r"XLSX is damaged \(not a valid ZIP\): cut\.xlsx"):
        parse_xlsx(registration_xlsx[:200], "cut.xlsx", LIMITS)


def test_zip_that_is_not_a_workbook():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "x")
    with pytest.raises(ParseError, match="XLSX is damaged: fake.xlsx"):
        parse_xlsx(buf.getvalue(), "fake.xlsx", LIMITS)


def test_expansion_limit(registration_xlsx):
    with pytest.raises(LimitExceeded):
        parse_xlsx(registration_xlsx, "bomb.xlsx", ParseLimits(archive_total_bytes=2000))
