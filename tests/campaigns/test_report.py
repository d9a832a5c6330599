"""The per-unit report opens in openpyxl with its Vietnamese title and layout; the CSV has a BOM."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

from openpyxl import load_workbook

from campaigns.report import write_csv, write_xlsx
from campaigns.status import campaign_status
from tests.campaigns.conftest import DEADLINE_1, TITLE, submit

AS_OF = DEADLINE_1 + dt.timedelta(days=3)


def _status(engine, settings):
    submit(engine, DEADLINE_1 - dt.timedelta(days=4), "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du",
           missing=["photo", "phone"])
    submit(engine, DEADLINE_1 - dt.timedelta(days=1), "c1anphu@example.edu.vn", "Trường Tiểu học Ân Phú")
    submit(engine, DEADLINE_1 - dt.timedelta(days=1), "la@gmail.com", "Trường THCS Ng. Du")  # unmatched
    return campaign_status(engine, settings, settings.campaigns[0], AS_OF)


def test_xlsx_report_for_printing(engine, settings, tmp_path):
    path = tmp_path / "tinh-hinh.xlsx"
    with open(path, "wb") as handle:
        write_xlsx(_status(engine, settings), handle, generated_at=dt.datetime(2024, 4, 23, 8, 0))
    workbook = load_workbook(path)
    sheet = workbook["Tình hình gửi hồ sơ"]
    assert sheet["A1"].value == f"TÌNH HÌNH GỬI HỒ SƠ: {TITLE.upper()}" and sheet["A1"].font.bold
    assert unicodedata.is_normalized("NFC", sheet["A1"].value)
    assert "A1:M1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value.startswith("(Tính đến hết ngày 23/04/2024; 5 đơn vị, 2 đợt")
    header = [c.value for c in sheet[4]]
    assert header == ["TT", "Tên đơn vị", "Huyện", "Cấp học", "Đợt", "Hạn nộp", "Ngày gửi", "Số hồ sơ",
                      "Tình trạng", "Còn thiếu", "Nộp muộn", "Thư điện tử", "Ghi chú"]
    assert all(c.font.bold and c.border.top.style == "thin" for c in sheet[4])
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$4:$4"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 10  # 5 units x 2 batches
    assert rows[0][1:11] == ["Trường THCS Nguyễn Du", "Vũ Quang", "THCS", "Đợt 1", "20/04/2024", "16/04/2024", 1,
                             "Còn thiếu", "Ảnh, Điện thoại", None]
    assert rows[4][1] == "Trường Mầm non Hoa Sen" and rows[4][8:11] == ["Chưa gửi", None, "Quá hạn, chưa gửi"]
    assert rows[5][1] == "Trường Mầm non Hoa Sen" and rows[5][4] == "Đợt 2" and rows[5][10] is None
    unmatched = workbook["Chưa xác định đơn vị"]
    assert [c.value for c in unmatched[3]][:2] == ["Trường THCS Ng. Du", "la@gmail.com"]


def test_csv_report_is_utf8_with_bom(engine, settings):
    out = io.BytesIO()
    write_csv(_status(engine, settings), out)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows[0][:3] == ["Tên đơn vị", "Huyện", "Cấp học"]
    assert rows[3][:2] == ["Trường Tiểu học Ân Phú", "Vũ Quang"] and rows[3][7] == "Đủ"
    assert ["Hồ sơ chưa xác định được đơn vị"] in rows
