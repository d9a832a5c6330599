"""The campaign report as an XLSX file, laid out to be printed and forwarded.

It goes to the district offices and the Vụ's leadership, so it looks like the
department's own tables: a merged Vietnamese title, "lập lúc" on the
configured zone's wall clock, a summary per batch at the top (who sent, who
has not, who cannot be reminded), then one row per unit and batch with the
units numbered (TT) and their name cells merged over their batches. Dates
are date cells. Every sheet prints on A4 landscape, one page wide
(``fitToPage`` with ``fitToWidth = 1``, ``fitToHeight = 0``), with its header
repeated and page numbers in the footer; row heights are set for the wrapped
text, since neither Excel nor LibreOffice grows a row when opening a file
(the rows would print over the next ones). The layout follows
``records.export_xlsx``.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import IO

from campaigns.report import COLUMNS, UNMATCHED_COLUMNS, report_rows, report_subtitle, report_title, unmatched_rows
from campaigns.status import COMPLETE, INCOMPLETE, NOT_SUBMITTED, UNREADABLE, CampaignStatus
from records import print_a4_landscape

LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri
DATE_FORMAT = "dd/mm/yyyy"
UNIT_KEYS = ("unit", "district", "level", "emails")  # merged over a unit's batch rows, with TT
SUMMARY_HEADINGS = ["Đợt", "Hạn nộp", "Số đơn vị", "Đã gửi", "Đủ", "Còn thiếu", "Đã nhận, không đọc được",
                    "Chưa gửi", "Không gửi đúng hạn", "Không nhắc được"]
UNMATCHED_WIDTHS = (34, 28, 11, 9, 8, 34, 9, 14)


def _lines(value, width: float) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` characters wide (a close estimate)."""
    if value is None or isinstance(value, (int, float, date)):
        return 1
    per_line = max(width * 1.1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "head": Font(bold=True), "head_align": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "cell_align": Alignment(vertical="top", wrap_text=True), "late": PatternFill("solid", fgColor="FDE8E8"),
    }




def _header(sheet, row: int, headings: list[str], widths: list[float], styles) -> None:
    for column, text in enumerate(headings, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font, cell.alignment, cell.border = styles["head"], styles["head_align"], styles["border"]
    sheet.row_dimensions[row].height = LINE_HEIGHT * max(_lines(t, w) for t, w in zip(headings, widths))


def _title_rows(sheet, lines: list[tuple[str, object]], last: str) -> None:
    from openpyxl.styles import Alignment

    for row, (text, font) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text).font = font
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.merge_cells(f"A{row}:{last}{row}")
    sheet.row_dimensions[1].height = 36


def _summary(sheet, status: CampaignStatus, start: int, widths: list[float], styles) -> int:
    """The per-batch summary table from row ``start``; returns the next free row."""
    from openpyxl.styles import Font

    sheet.cell(row=start, column=1, value="I. TỔNG HỢP").font = Font(bold=True, size=12)
    _header(sheet, start + 1, ["TT", *SUMMARY_HEADINGS], widths, styles)
    row = start + 2
    no_address = sum(1 for u in status.roster.units if u.no_address)
    for number, batch in enumerate(status.batches, start=1):
        values = [number, batch.batch.name, batch.batch.deadline, len(batch.units), batch.submitted,
                  batch.count(COMPLETE), batch.count(INCOMPLETE), batch.count(UNREADABLE),
                  batch.count(NOT_SUBMITTED), len(batch.missed), no_address]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border, cell.alignment = styles["border"], styles["cell_align"]
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
        row += 1
    notes = []
    if status.unmatched:
        notes.append(f"Hồ sơ chưa xác định được đơn vị: {sum(u.records for u in status.unmatched)} "
                     "(xem trang “Chưa xác định đơn vị”).")
    if no_address:
        notes.append(f"Đơn vị không có địa chỉ thư, không nhắc được: {no_address}.")
    for text in notes:
        sheet.cell(row=row, column=1, value=text).font = Font(italic=True)
        row += 1
    return row + 1


def _detail(sheet, status: CampaignStatus, start: int, widths: list[float], styles) -> int:
    """The table per unit and batch from row ``start`` (its header); returns the header's row."""
    from openpyxl.styles import Font

    sheet.cell(row=start, column=1, value="II. CHI TIẾT THEO ĐƠN VỊ").font = Font(bold=True, size=12)
    header = start + 1
    _header(sheet, header, ["TT"] + [title for _k, title, _w in COLUMNS], widths, styles)
    rows = report_rows(status)
    per_unit = max(len(status.batches), 1)
    row = header + 1
    for first in range(0, len(rows), per_unit):
        group = rows[first:first + per_unit]
        merged_lines = max(_lines(group[0][k], widths[i + 1]) for i, (k, _t, _w) in enumerate(COLUMNS)
                           if k in UNIT_KEYS)
        share = math.ceil(merged_lines / len(group))
        for offset, data in enumerate(group):
            values = [data["unit_number"]] + [data[key] for key, _t, _w in COLUMNS]
            values[COLUMNS.index(("deadline", "Hạn nộp", 11)) + 1] = data["deadline_date"]
            values[COLUMNS.index(("submitted", "Ngày gửi", 11)) + 1] = data["submitted_date"]
            lines = [share]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row + offset, column=column, value=value)
                cell.border, cell.alignment = styles["border"], styles["cell_align"]
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                if data["late"]:
                    cell.fill = styles["late"]
                key = "tt" if column == 1 else COLUMNS[column - 2][0]
                if key not in UNIT_KEYS and key != "tt":
                    lines.append(_lines(value, widths[column - 1]))
            sheet.row_dimensions[row + offset].height = LINE_HEIGHT * max(lines)
        if len(group) > 1:
            for column in [1] + [i + 2 for i, (k, _t, _w) in enumerate(COLUMNS) if k in UNIT_KEYS]:
                sheet.merge_cells(start_row=row, end_row=row + len(group) - 1, start_column=column,
                                  end_column=column)
        row += len(group)
    return header


def _unmatched_sheet(workbook, status: CampaignStatus, styles) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet("Chưa xác định đơn vị")
    sheet["A1"] = "HỒ SƠ CHƯA XÁC ĐỊNH ĐƯỢC ĐƠN VỊ (người vận hành xác nhận đơn vị)"
    sheet["A1"].font = Font(bold=True, size=12)
    widths = list(UNMATCHED_WIDTHS)
    _header(sheet, 2, UNMATCHED_COLUMNS, widths, styles)
    for offset, (values, entry) in enumerate(zip(unmatched_rows(status), status.unmatched)):
        values[2] = entry.first_day
        row = 3 + offset
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border, cell.alignment = styles["border"], styles["cell_align"]
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(_lines(v, w) for v, w in zip(values, widths))
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    print_a4_landscape(sheet, 2)


def write_xlsx(status: CampaignStatus, out: IO[bytes], generated_at: datetime | None = None,
               zone: str = "Asia/Ho_Chi_Minh") -> None:
    """The report; ``generated_at`` (default now; naive means UTC) is shown in ``zone``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    styles = _styles()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tình hình gửi hồ sơ"
    widths = [5] + [width for _k, _t, width in COLUMNS]
    last = get_column_letter(len(widths))
    _title_rows(sheet, [(report_title(status), Font(bold=True, size=14)),
                        (report_subtitle(status, generated_at, zone), Font(italic=True))], last)
    after_summary = _summary(sheet, status, 4, widths, styles)
    header = _detail(sheet, status, after_summary, widths, styles)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = f"C{header + 1}"
    print_a4_landscape(sheet, header)
    if status.unmatched:
        _unmatched_sheet(workbook, status, styles)
    workbook.save(out)
