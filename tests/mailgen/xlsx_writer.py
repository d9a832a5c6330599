"""XLSX workbooks (openpyxl): registration lists and lists of nominee profiles."""

from __future__ import annotations

import datetime as dt
import io
import random

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .nominee import Nominee
from .registration import RegList
from .util import chance, fix_core_dates, repack_zip

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _save(wb: Workbook) -> bytes:
    wb.properties.creator = "Microsoft Excel"
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 3, 1, 8, 0, 0)
    buf = io.BytesIO()
    wb.save(buf)
    return repack_zip(buf.getvalue(), patch=fix_core_dates("2024-03-01T08:00:00Z"))


def _reg_sheet(ws, rng: random.Random, reg: RegList, unit_name: str) -> None:
    ncols = len(reg.grid[0])
    ws.cell(1, 1, unit_name.upper()).font = Font(bold=True)
    row = 2 + (1 if chance(rng, 0.5) else 0)
    for t in reg.titles:
        ws.cell(row, 1, t).font = Font(bold=t.isupper(), size=13 if t.isupper() else 11)
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        row += 1
    row += rng.randint(1, 2)  # blank rows before the header
    top = row
    for r, values in enumerate(reg.grid):
        for c, value in enumerate(values):
            cell = ws.cell(top + r, c + 1, int(value) if value.isdigit() and c == 0 and r >= reg.header_rows else (value or None))
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if r < reg.header_rows else None)
            if r < reg.header_rows:
                cell.font = Font(bold=True)
    for r0, c0, r1, c1 in reg.merges:
        ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1)
    for c, w in enumerate(reg.widths):
        ws.column_dimensions[get_column_letter(c + 1)].width = 8 + w * 7
    row = top + len(reg.grid) + 2
    for line in reg.footer:
        ws.cell(row, 2, line).font = Font(bold=True)
        row += 1


def registration_xlsx(rng: random.Random, sheets: list[tuple[str, object]], unit_name: str) -> bytes:
    """``sheets``: (title, RegList | list[str] of instruction lines)."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, content in sheets:
        ws = wb.create_sheet(title)
        if isinstance(content, RegList):
            _reg_sheet(ws, rng, content, unit_name)
        else:
            for i, line in enumerate(content):
                ws.cell(i + 1, 1, line)
    return _save(wb)


PROFILE_COLS = [("STT", None), ("Họ và tên", "name"), ("Đơn vị công tác", "unit"), ("Chức vụ", "position"),
                ("Địa chỉ liên hệ", "address"), ("Số điện thoại", "phone"), ("Email", "email"),
                ("Tóm tắt thành tích", "summary"), ("Link minh chứng", "evidence")]


def profiles_xlsx(rng: random.Random, noms: list[Nominee], links: dict, title: str) -> tuple[bytes, list[str]]:
    """One row per nominee. Returns (bytes, features); phones may be numeric cells without the leading 0."""
    wb = Workbook()
    ws = wb.active
    ws.title = rng.choice(["Danh sách", "DS điển hình", "Sheet1"])
    features = []
    ws.cell(1, 1, title).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PROFILE_COLS))
    top = 3
    for c, (head, _) in enumerate(PROFILE_COLS):
        cell = ws.cell(top, c + 1, head.upper() if chance(rng, 0.3) else head)
        cell.font, cell.border = Font(bold=True), BOX
    numeric = chance(rng, 0.4)
    for r, nom in enumerate(noms):
        for c, (_, key) in enumerate(PROFILE_COLS):
            if key is None:
                value = r + 1
            elif key in ("address", "phone", "email", "summary"):
                value = nom.written(key)
                if key == "summary" and nom.shown("summary"):
                    value = "\n".join(f"- {a.text}" for a in nom.achievements)
                if key == "phone" and nom.shown("phone") and numeric and not nom.phone.e164.startswith("+842"):
                    value = int(nom.phone.e164[3:])
                    features.append("phone typed as a number (leading 0 dropped by Excel)")
            elif key == "evidence":
                value = "\n".join(links.get(nom.name, [])) or None
            else:
                value = getattr(nom, key)
            cell = ws.cell(top + 1 + r, c + 1, value if value != "" else None)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, w in enumerate([5, 24, 28, 18, 36, 16, 30, 60, 40]):
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    return _save(wb), sorted(set(features))
