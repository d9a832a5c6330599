"""A campaign's status per roster unit and batch, as XLSX or CSV for reviewers.

It is meant to be printed and forwarded (to the district offices, to the
Vụ's leadership), so it looks like the department's own tables: a merged
Vietnamese title, a bold bordered header repeated on every printed page,
landscape A4 fitted to the page width. The CSV has the same columns, UTF-8
with a BOM so Excel reads the diacritics. Units the service could not
recognise follow, so nothing received is left out of the picture.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import IO

from campaigns.status import COMPLETE, INCOMPLETE, CampaignStatus, UnitBatch
from campaigns.vocabulary import MATCHED_BY_WORDS
from notifier import item

COLUMNS = [
    ("unit", "Tên đơn vị", 34),
    ("district", "Huyện", 14),
    ("level", "Cấp học", 11),
    ("batch", "Đợt", 9),
    ("deadline", "Hạn nộp", 11),
    ("submitted", "Ngày gửi", 11),
    ("records", "Số hồ sơ", 8),
    ("state", "Tình trạng", 14),
    ("missing", "Còn thiếu", 26),
    ("late", "Nộp muộn", 9),
    ("emails", "Thư điện tử", 28),
    ("note", "Ghi chú", 30),
]
STATE_WORDS = {COMPLETE: "Đủ", INCOMPLETE: "Còn thiếu", "not_submitted": "Chưa gửi"}
UNMATCHED_COLUMNS = ["Tên đơn vị (như đã ghi)", "Người gửi", "Ngày gửi", "Đợt", "Số hồ sơ", "Gần nhất với", "Mã thư"]


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _note(cell: UnitBatch) -> str:
    if not cell.submissions or cell.matched_by in (None, "address"):
        return ""
    how = MATCHED_BY_WORDS.get(cell.matched_by, cell.matched_by)
    note = f"Ghép theo {how}"
    if cell.written:
        note += f" “{cell.written}”"
    if cell.matched_by == "name":
        note += f" (độ tin cậy {round(cell.confidence * 100)}%)"
    return note


def report_rows(status: CampaignStatus) -> list[dict]:
    """One row per roster unit and batch, units in roster order, batches in order."""
    rows = []
    for index, unit in enumerate(status.roster.units):
        for batch in status.batches:
            cell = batch.units[index]
            rows.append({
                "unit": unit.name, "district": unit.district or "", "level": unit.level or "",
                "batch": batch.batch.name, "deadline": _date(batch.batch.deadline),
                "submitted": _date(cell.submitted_on), "records": cell.records or "",
                "state": STATE_WORDS[cell.state],
                "missing": ", ".join(item(m).short for m in cell.missing),
                "late": "Có" if cell.late else ("Quá hạn, chưa gửi" if batch.passed and not cell.submissions else ""),
                "emails": "; ".join(unit.emails), "note": _note(cell),
            })
    return rows


def _unmatched_rows(status: CampaignStatus) -> list[list]:
    return [[u.written, u.sender, _date(u.first_day), u.batch, u.records, u.suggestion or "",
             ", ".join(f"#{i}" for i in u.message_ids)] for u in status.unmatched]


def _title(status: CampaignStatus) -> str:
    return f"TÌNH HÌNH GỬI HỒ SƠ: {status.campaign.title.upper()}"


def _subtitle(status: CampaignStatus, generated_at: datetime | None) -> str:
    when = (generated_at or datetime.now()).strftime("%d/%m/%Y %H:%M")
    return (f"(Tính đến hết ngày {_date(status.as_of)}; {len(status.roster.units)} đơn vị, "
            f"{len(status.batches)} đợt; lập lúc {when})")


def write_csv(status: CampaignStatus, out: IO[bytes]) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([title for _k, title, _w in COLUMNS])
    for row in report_rows(status):
        writer.writerow([row[key] for key, _t, _w in COLUMNS])
    if status.unmatched:
        writer.writerow([])
        writer.writerow(["Hồ sơ chưa xác định được đơn vị"])
        writer.writerow(UNMATCHED_COLUMNS)
        writer.writerows(_unmatched_rows(status))
    out.write(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))  # BOM: Excel then reads UTF-8


def write_xlsx(status: CampaignStatus, out: IO[bytes], generated_at: datetime | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    late_fill = PatternFill("solid", fgColor="FDE8E8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tình hình gửi hồ sơ"
    headings = ["TT"] + [title for _k, title, _w in COLUMNS]
    last = get_column_letter(len(headings))
    for row, text, font in ((1, _title(status), Font(bold=True, size=14)),
                            (2, _subtitle(status, generated_at), Font(italic=True))):
        sheet.cell(row=row, column=1, value=text).font = font
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.merge_cells(f"A{row}:{last}{row}")
    sheet.row_dimensions[1].height = 36
    sheet.append([])
    sheet.append(headings)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for index, row in enumerate(report_rows(status), start=1):
        sheet.append([index] + [row[key] for key, _t, _w in COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            if row["late"]:
                cell.fill = late_fill
    sheet.column_dimensions["A"].width = 5
    for position, (_k, _t, width) in enumerate(COLUMNS, start=2):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "C5"
    sheet.print_title_rows = "4:4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if status.unmatched:
        _unmatched_sheet(workbook, status, border)
    workbook.save(out)


def _unmatched_sheet(workbook, status: CampaignStatus, border) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet("Chưa xác định đơn vị")
    sheet.append(["Hồ sơ chưa xác định được đơn vị (xác nhận bằng lệnh dienhinh campaign alias)"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(UNMATCHED_COLUMNS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in _unmatched_rows(status):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for letter, width in zip("ABCDEFG", (34, 28, 11, 9, 8, 34, 14)):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
