"""A campaign's status per roster unit and batch, as XLSX or CSV for reviewers.

The rows are built here (:func:`report_rows`) and written as CSV; the XLSX
for printing is laid out by :mod:`campaigns.report_xlsx`. The CSV has the
same columns, UTF-8 with a BOM so Excel reads the diacritics. Units the
service could not recognise follow, so nothing received is left out of the
picture.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from typing import IO
from zoneinfo import ZoneInfo

from campaigns.status import COMPLETE, INCOMPLETE, NOT_SUBMITTED, UNREADABLE, CampaignStatus, UnitBatch
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
STATE_WORDS = {COMPLETE: "Đủ", INCOMPLETE: "Còn thiếu", NOT_SUBMITTED: "Chưa gửi",
               UNREADABLE: "Đã nhận, không đọc được"}
NO_ADDRESS_NOTE = "Không có địa chỉ thư: không nhắc được"
UNREADABLE_NOTE = "Thư đến nhưng không đọc được; đơn vị cần gửi lại"
UNMATCHED_COLUMNS = ["Tên đơn vị (như đã ghi)", "Người gửi", "Ngày gửi", "Đợt", "Số hồ sơ", "Gần nhất với",
                     "Độ khớp", "Mã thư"]


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _note(cell: UnitBatch) -> str:
    notes = [NO_ADDRESS_NOTE] if cell.unit.no_address else []
    if cell.state == UNREADABLE:
        notes.append(UNREADABLE_NOTE)
    matched = _matched_note(cell)
    return "; ".join(notes + ([matched] if matched else []))


def _matched_note(cell: UnitBatch) -> str:
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
                "late": "Có" if cell.late else ("Quá hạn, chưa gửi" if batch.passed and cell.state == NOT_SUBMITTED else ""),
                "emails": "; ".join(unit.emails), "note": _note(cell),
                "unit_number": index + 1, "deadline_date": batch.batch.deadline, "submitted_date": cell.submitted_on,
            })
    return rows


def unmatched_rows(status: CampaignStatus) -> list[list]:
    return [[u.written, u.sender, _date(u.first_day), u.batch, u.records, u.suggestion or "",
             f"{round(u.confidence * 100)}%" if u.suggestion else "", ", ".join(f"#{i}" for i in u.message_ids)]
            for u in status.unmatched]


def report_title(status: CampaignStatus) -> str:
    return f"TÌNH HÌNH GỬI HỒ SƠ: {status.campaign.title.upper()}"


def local_time(generated_at: datetime | None, zone: str) -> datetime:
    """``generated_at`` (now if None; naive means UTC) on the wall clock of ``zone``."""
    when = generated_at or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(ZoneInfo(zone))


def report_subtitle(status: CampaignStatus, generated_at: datetime | None, zone: str) -> str:
    when = local_time(generated_at, zone).strftime("%H:%M %d/%m/%Y")
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
        writer.writerows(unmatched_rows(status))
    out.write(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))  # BOM: Excel then reads UTF-8
