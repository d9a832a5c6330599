"""Write nomination records as JSON Lines, CSV (UTF-8 with BOM) or XLSX.

The XLSX is laid out like the Ministry's registration form (a merged title,
a bold header row, one row per record) so reviewers can print or forward it
(``records.export_xlsx``); it is the file for Excel. CSV is for scripts: its
text is exact (the phone stays E.164 ``+84...``, which Excel would turn into
a number). Column headings are Vietnamese: the files are for reviewers.
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
    """The reviewers' XLSX (``records.export_xlsx``): typed cells, A4 landscape, one page wide."""
    from records.export_xlsx import write_xlsx as write

    write(records, out, COLUMNS, _cell, generated_at)
