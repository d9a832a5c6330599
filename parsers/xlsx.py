"""XLSX → Document: one Table per worksheet, merged cells resolved.

Registration lists arrive as spreadsheets with merged title rows and merged
two-row headers. openpyxl's read-only mode does not expose merged ranges, so
the workbook is loaded fully (after the ZIP's declared size was checked);
``data_only=True`` gives the cached results of formulas instead of their text.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings

import openpyxl

from config import ParseLimits
from domain import error_line
from parsers.archive import check_ooxml_zip
from parsers.document import Document, LimitExceeded, Paragraph, ParseError, Table
from parsers.normalise import clean_text

# A sheet's used box can be inflated by one stray cell far away; refuse
# grids that would not fit a registration list in any sane world.
MAX_CELLS = 2_000_000


def parse_xlsx(data: bytes, name: str, limits: ParseLimits) -> Document:
    """Parse every worksheet into a sheet-title Paragraph followed by its Table."""
    check_ooxml_zip(data, name, "XLSX", limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions, data validation...
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # openpyxl/zipfile/lxml raise many types on damaged files
        raise ParseError(f"XLSX is damaged: {name}: {type(exc).__name__}: {error_line(exc, with_type=False, limit=200)}") from None
    out = Document(source=name, format="xlsx")
    try:
        for ws in wb.worksheets:
            rows = sheet_rows(ws, name)
            if not rows:
                continue
            out.paragraphs.append(Paragraph(text=clean_text(ws.title), style="sheet"))
            out.tables.append(Table(rows=rows))
            if ws.sheet_state != "visible":
                out.notes.append(f"sheet {ws.title!r} is hidden")
    finally:
        wb.close()
    if not out.tables:
        out.notes.append("workbook has no non-empty sheet")
    return out


def sheet_rows(ws, name: str = "") -> list[list[str]]:
    """The sheet as rows of strings, merged ranges filled, empty outer rows/columns dropped.

    The box is taken from cells that really hold a value, so a title merged
    wider than the table does not widen it; merged ranges are clipped to it.
    """
    values: dict[tuple[int, int], str] = {}
    for (row, col), cell in ws._cells.items():  # only cells present in the XML, not the whole used range
        text = render_cell(cell)
        if text:
            values[(row, col)] = text
    if not values:
        return []
    top = min(r for r, _ in values)
    bottom = max(r for r, _ in values)
    left = min(c for _, c in values)
    right = max(c for _, c in values)
    if (bottom - top + 1) * (right - left + 1) > MAX_CELLS:
        raise LimitExceeded(f"{name}: sheet {ws.title!r} spans {bottom - top + 1}x{right - left + 1} cells, too large")
    for rng in ws.merged_cells.ranges:
        value = values.get((rng.min_row, rng.min_col), "")
        if not value:
            continue
        for r in range(max(rng.min_row, top), min(rng.max_row, bottom) + 1):
            for c in range(max(rng.min_col, left), min(rng.max_col, right) + 1):
                values[(r, c)] = value
    return [[values.get((r, c), "") for c in range(left, right + 1)] for r in range(top, bottom + 1)]


def render_cell(cell) -> str:
    """A cell value as a person reads it: 12 not 12.0, dates as dd/mm/yyyy."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float)):
        return _number(value, getattr(cell, "number_format", "") or "")
    lines = (clean_text(line) for line in str(value).replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _number(value: int | float, number_format: str) -> str:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return ""
    if "%" in number_format:
        return _plain(value * 100) + "%"
    return _plain(value)


def _plain(value: int | float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
