"""The records as an XLSX file for reviewers: laid out like the registration form, printable as is.

One row per record under a merged title, numbered (TT) like the form, with
its GHI CHÚ column left for the reviewers' notes. For Excel users, this is
the file to open (CSV is for scripts: Excel would turn ``+84912345678`` into
a number); so the cells are typed: phone numbers are text, the receipt time
is a date in the configured zone. It prints on A4 landscape, one page wide
(``fitToPage`` with ``fitToWidth = 1`` and ``fitToHeight = 0``: without
``fitToPage`` Excel and LibreOffice ignore ``fitToWidth``), with the header
row repeated on every page and page numbers in the footer. Row heights are
set for the wrapped text, since neither program grows a row when opening a
file. The Message-ID column is left out (it stays in JSON Lines and CSV).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import IO

XLSX_SKIP = ("message_ids",)
NOTE = "Ghi chú"
LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri
WIDTHS = {"unit": 26, "name": 22, "model_title": 26, "achievement_summary": 46, "address": 28, "evidence": 28,
          "email": 24, "sources": 24, "sender": 24, "received_at": 16, "phone": 14, "missing": 16, "review": 16,
          NOTE: 24}


def _lines(value, width: float) -> int:
    """How many lines ``value`` takes wrapped in a column ``width`` characters wide (a close estimate)."""
    if value is None:
        return 1
    text = value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else str(value)
    per_line = max(width * 1.1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _received(value: str | None) -> datetime | None:
    """A local date and time Excel shows as a date (Excel has no time zones: the zone's wall clock)."""
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=None)


def write_xlsx(records: list[dict], out: IO[bytes], columns: list[tuple[str, str]], cell,
               generated_at: datetime | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    shown = [(key, title) for key, title in columns if key not in XLSX_SKIP] + [(NOTE, "GHI CHÚ")]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Điển hình tiên tiến"
    last = get_column_letter(len(shown) + 1)
    sheet["A1"] = "DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A1:{last}1")
    when = (generated_at or datetime.now()).strftime("%d/%m/%Y %H:%M")
    sheet["A2"] = f"(Trích xuất ngày {when}; {len(records)} hồ sơ)"
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([])
    sheet.append(["TT"] + [title for _, title in shown])
    widths = [5] + [WIDTHS.get(key, 11) for key, _ in shown]
    for cell_ in sheet[4]:
        cell_.font = Font(bold=True)
        cell_.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell_.border = border
    sheet.row_dimensions[4].height = LINE_HEIGHT * max(_lines(c.value, w) for c, w in zip(sheet[4], widths))
    for index, record in enumerate(records, start=1):
        values = [index]
        for key, _ in shown:
            if key == NOTE:
                values.append(None)
            elif key == "received_at":
                values.append(_received(record.get(key)))
            else:
                values.append(cell(key, record.get(key)))
        sheet.append(values)
        row = sheet.max_row
        for (key, _), cell_ in zip([("tt", "")] + shown, sheet[row]):
            cell_.alignment = Alignment(vertical="top", wrap_text=True)
            cell_.border = border
            if key == "phone":
                cell_.number_format = "@"  # text: Excel keeps the + and the leading digits
            elif key == "received_at":
                cell_.number_format = "dd/mm/yyyy hh:mm"
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(_lines(v, w) for v, w in zip(values, widths))
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "C5"
    sheet.auto_filter.ref = f"A4:{last}{max(sheet.max_row, 4)}"
    print_a4_landscape(sheet, title_row=4)
    workbook.save(out)


def print_a4_landscape(sheet, title_row: int) -> None:
    """A4 landscape, one page wide, the heading row repeated, page numbers (reviewers print these sheets)."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "Trang &P / &N"
