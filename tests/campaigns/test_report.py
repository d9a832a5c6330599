"""The per-unit report opens in openpyxl with its Vietnamese title and layout; the CSV has a BOM."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook

from campaigns.report import write_csv
from campaigns.report_xlsx import write_xlsx
from campaigns.status import campaign_status
from tests.campaigns.conftest import DEADLINE_1, TITLE, submit

AS_OF = DEADLINE_1 + dt.timedelta(days=3)


def _status(engine, settings):
    submit(engine, DEADLINE_1 - dt.timedelta(days=4), "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du",
           missing=["photo", "phone"])
    submit(engine, DEADLINE_1 - dt.timedelta(days=1), "c1anphu@example.edu.vn", "Trường Tiểu học Ân Phú")
    submit(engine, DEADLINE_1 - dt.timedelta(days=1), "la@gmail.com", "Trường THCS Ng. Du")  # unmatched
    return campaign_status(engine, settings, settings.campaigns[0], AS_OF)


def _xlsx(engine, settings, tmp_path) -> Path:
    path = tmp_path / "tinh-hinh.xlsx"
    with open(path, "wb") as handle:  # 01:30 UTC is 08:30 in Hà Nội
        write_xlsx(_status(engine, settings), handle, generated_at=dt.datetime(2024, 4, 23, 1, 30, tzinfo=dt.UTC),
                   zone=settings.digest.timezone)
    return path


def test_xlsx_report_for_printing(engine, settings, tmp_path):
    workbook = load_workbook(_xlsx(engine, settings, tmp_path))
    sheet = workbook["Tình hình gửi hồ sơ"]
    assert sheet["A1"].value == f"TÌNH HÌNH GỬI HỒ SƠ: {TITLE.upper()}" and sheet["A1"].font.bold
    assert unicodedata.is_normalized("NFC", sheet["A1"].value)
    assert "A1:M1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value.startswith("(Tính đến hết ngày 23/04/2024; 5 đơn vị, 2 đợt")
    assert "lập lúc 08:30 23/04/2024" in sheet["A2"].value  # the configured zone, not UTC

    # the summary at the top, one row per batch, the deadline a date
    assert sheet["A4"].value == "I. TỔNG HỢP"
    assert [c.value for c in sheet[5]][:11] == ["TT", "Đợt", "Hạn nộp", "Số đơn vị", "Đã gửi", "Đủ", "Còn thiếu",
                                                "Đã nhận, không đọc được", "Chưa gửi", "Không gửi đúng hạn",
                                                "Không nhắc được"]
    first = [c.value for c in sheet[6]][:11]
    assert first == [1, "Đợt 1", dt.datetime(2024, 4, 20), 5, 2, 1, 1, 0, 3, 3, 0]
    assert sheet["C6"].number_format == "dd/mm/yyyy"
    assert sheet["A8"].value.startswith("Hồ sơ chưa xác định được đơn vị: 1")

    # the table per unit and batch: units numbered (TT) and merged over their two batches
    header = next(row[0].row for row in sheet.iter_rows(min_row=7) if row[0].value == "TT")
    assert sheet.cell(row=header - 1, column=1).value == "II. CHI TIẾT THEO ĐƠN VỊ"
    assert [c.value for c in sheet[header]] == ["TT", "Tên đơn vị", "Huyện", "Cấp học", "Đợt", "Hạn nộp",
                                                "Ngày gửi", "Số hồ sơ", "Tình trạng", "Còn thiếu", "Nộp muộn",
                                                "Thư điện tử", "Ghi chú"]
    assert all(c.font.bold and c.border.top.style == "thin" for c in sheet[header])
    assert sheet.print_title_rows == f"${header}:${header}" and sheet.freeze_panes == f"C{header + 1}"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1)]
    assert len(rows) == 10  # 5 units x 2 batches
    assert [r[0] for r in rows] == [1, None, 2, None, 3, None, 4, None, 5, None]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A{header + 1}:A{header + 2}" in merged and f"B{header + 1}:B{header + 2}" in merged
    assert rows[0][1:11] == ["Trường THCS Nguyễn Du", "Vũ Quang", "THCS", "Đợt 1", dt.datetime(2024, 4, 20),
                             dt.datetime(2024, 4, 16), 1, "Còn thiếu", "Ảnh, Điện thoại", None]
    assert sheet.cell(row=header + 1, column=7).number_format == "dd/mm/yyyy"
    assert rows[4][1] == "Trường Mầm non Hoa Sen" and rows[4][8:11] == ["Chưa gửi", None, "Quá hạn, chưa gửi"]
    assert rows[5][4] == "Đợt 2" and rows[5][10] is None
    heights = [sheet.row_dimensions[r].height for r in range(header + 1, header + 11)]
    assert all(h and h >= 15 for h in heights)
    assert sheet.row_dimensions[5].height >= 30  # "Đã nhận, không đọc được" wraps in its narrow column

    unmatched = workbook["Chưa xác định đơn vị"]
    assert [c.value for c in unmatched[3]][:7] == ["Trường THCS Ng. Du", "la@gmail.com", dt.datetime(2024, 4, 19),
                                                   "Đợt 1", 1, "Trường THCS Nguyễn Du", "61%"]
    for each in workbook.worksheets:  # every sheet prints the same way
        assert int(each.page_setup.paperSize) == 9 and each.page_setup.orientation == "landscape"
        assert each.sheet_properties.pageSetUpPr.fitToPage and each.page_setup.fitToWidth == 1
        assert each.oddFooter.center.text == "Trang &P / &N"


def test_wrapped_cells_get_their_row_height(engine, tmp_path, database_url):
    from tests.campaigns.conftest import load, roster_rows, write_config, write_csv_roster

    long_name = "Trường Phổ thông Dân tộc Nội trú Trung học cơ sở và Trung học phổ thông huyện Vũ Quang"
    write_csv_roster(tmp_path / "roster.csv", [*roster_rows(bad=False), ["8", long_name, "", "", ""]])
    settings = load(write_config(tmp_path, database_url))
    from tests.campaigns.test_status_cases import fail_mail

    fail_mail(engine, DEADLINE_1 - dt.timedelta(days=3), "mnhoasen@example.edu.vn")
    workbook = load_workbook(_xlsx(engine, settings, tmp_path))
    sheet = workbook["Tình hình gửi hồ sơ"]
    hoa_sen = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Trường Mầm non Hoa Sen")
    assert hoa_sen[8] == "Đã nhận, không đọc được" and hoa_sen[10] is None  # it sent: not "Quá hạn, chưa gửi"
    assert hoa_sen[12] == "Thư đến nhưng không đọc được; đơn vị cần gửi lại"
    assert [c.value for c in sheet[6]][7] == 1  # the summary counts it
    last = sheet.max_row
    assert sheet.cell(row=last - 1, column=2).value == long_name
    assert sheet.cell(row=last - 1, column=13).value == "Không có địa chỉ thư: không nhắc được"
    together = sheet.row_dimensions[last - 1].height + sheet.row_dimensions[last].height
    assert together >= 3 * 15  # the merged name needs three lines over its two rows


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_xlsx_report_prints_one_page_wide_on_a4(engine, settings, tmp_path):
    import pypdfium2

    path = _xlsx(engine, settings, tmp_path)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = pypdfium2.PdfDocument(str(tmp_path / "tinh-hinh.pdf"))
    try:
        assert len(pdf) == 2  # each sheet on one page
        for page in pdf:
            width, height = page.get_size()
            assert width > height and round(width) == 842 and round(height) == 595  # A4 landscape, in points
        assert "Trang 1 / 2" in pdf[0].get_textpage().get_text_range()  # page numbers on every sheet
        assert "Trang 2 / 2" in pdf[1].get_textpage().get_text_range()
    finally:
        pdf.close()


def test_csv_report_is_utf8_with_bom(engine, settings):
    out = io.BytesIO()
    write_csv(_status(engine, settings), out)
    data = out.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows[0][:3] == ["Tên đơn vị", "Huyện", "Cấp học"]
    assert rows[3][:2] == ["Trường Tiểu học Ân Phú", "Vũ Quang"] and rows[3][7] == "Đủ"
    assert ["Hồ sơ chưa xác định được đơn vị"] in rows
