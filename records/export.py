"""Write nomination records as JSON Lines, CSV (UTF-8 with BOM) or XLSX.

The XLSX is laid out like the Ministry's registration form (a merged title,
a bold header row, one row per record) so reviewers can print or forward it.
Column headings are Vietnamese: the file is for reviewers.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import IO

COLUMNS = [
    ("id", "Mã"),
    ("form", "Loại hồ sơ"),
    ("kind", "Cá nhân/Tập thể"),
    ("unit", "Tên đơn vị"),
    ("name", "Họ và tên / Tên tập thể"),
    ("model_title", "Tên mô hình, điển hình tiên tiến"),
    ("field", "Lĩnh vực"),
    ("achievement_summary", "Tóm tắt thành tích"),
    ("address", "Địa chỉ liên lạc"),
    ("phone", "Điện thoại"),
    ("email", "Thư điện tử"),
    ("photos", "Số ảnh"),
    ("evidence", "Minh chứng, sản phẩm"),
    ("missing", "Còn thiếu"),
    ("review", "Cần xem lại"),
    ("status", "Tình trạng"),
    ("review_state", "Thẩm định"),
    ("corrected", "Trường đã sửa"),
    ("mailbox", "Hộp thư"),
    ("sender", "Người gửi"),
    ("received_at", "Ngày nhận"),
    ("message_ids", "Message-ID"),
    ("sources", "Tệp nguồn"),
]
FORM_WORDS = {"profile": "Hồ sơ", "registration": "Đăng ký"}
KIND_WORDS = {"individual": "Cá nhân", "collective": "Tập thể"}
STATUS_WORDS = {"complete": "Đủ", "incomplete": "Thiếu"}
REVIEW_WORDS = {"new": "Chưa thẩm định", "accepted": "Đã thẩm định", "rejected": "Không chấp nhận",
                "supplement_requested": "Đã yêu cầu bổ sung"}
MISSING_WORDS = {
    "name": "họ tên", "achievement_summary": "tóm tắt thành tích", "address": "địa chỉ", "phone": "điện thoại",
    "email": "thư điện tử", "photo": "ảnh", "evidence": "minh chứng", "unit": "đơn vị",
    "model_title": "tên mô hình", "field": "lĩnh vực", "kind": "cá nhân/tập thể",
}


def _cell(key: str, value) -> str | int | None:
    if value is None:
        return None
    if key == "form":
        return FORM_WORDS.get(value, value)
    if key == "kind":
        return KIND_WORDS.get(value, value)
    if key == "status":
        return STATUS_WORDS.get(value, value)
    if key == "review_state":
        return REVIEW_WORDS.get(value, value)
    if key in ("missing", "review", "corrected"):
        return ", ".join(MISSING_WORDS.get(v, v) for v in value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value


def write_jsonl(records: list[dict], out: IO[str]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(records: list[dict], out: IO[bytes]) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([title for _, title in COLUMNS])
    for record in records:
        writer.writerow(["" if (v := _cell(k, record.get(k))) is None else v for k, _ in COLUMNS])
    out.write(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))  # BOM: Excel then reads UTF-8


def write_xlsx(records: list[dict], out: IO[bytes], generated_at: datetime | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Điển hình tiên tiến"
    last = get_column_letter(len(COLUMNS) + 1)
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
    header = ["TT"] + [title for _, title in COLUMNS]
    sheet.append([])
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for index, record in enumerate(records, start=1):
        sheet.append([index] + [_cell(k, record.get(k)) for k, _ in COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
    widths = {"unit": 28, "name": 24, "model_title": 28, "achievement_summary": 50, "address": 30, "evidence": 30,
              "email": 26, "message_ids": 30, "sources": 30, "sender": 26, "received_at": 20}
    sheet.column_dimensions["A"].width = 5
    for position, (key, _) in enumerate(COLUMNS, start=2):
        sheet.column_dimensions[get_column_letter(position)].width = widths.get(key, 12)
    sheet.freeze_panes = "C5"
    sheet.print_title_rows = "4:4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    workbook.save(out)
