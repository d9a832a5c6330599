"""Exports as reviewers and scripts use them: XLSX typed and printable, CSV exact, text collapsed."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from records import record_dicts, write_csv, write_xlsx
from store import Nomination, NominationMessage, session
from store.models import Message
from store.service import open_service
from tests.conftest import make_settings

SUMMARY = ("Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023; chiến sĩ thi đua cơ sở ba năm liền; "
           "hướng dẫn học sinh đạt giải Nhất cấp tỉnh cuộc thi khoa học kỹ thuật năm 2023. ") * 2


def _record(i: int) -> dict:
    return {
        "id": i, "form": "profile", "kind": "individual", "unit": f"Trường THCS số {i}", "name": f"Nguyễn Thị Hoa {i}",
        "model_title": None, "field": "Giáo dục", "achievement_summary": SUMMARY,
        "address": "Thị trấn Vũ Quang, huyện Vũ Quang, Hà Tĩnh", "phone": "+84912345678",
        "email": f"hoa{i}@example.edu.vn", "photos": 1, "evidence": ["Giay khen 2023.pdf"], "missing": [],
        "review": [], "status": "complete", "review_state": "new", "corrected": [], "mailbox": "vuquang",
        "sender": "c2nguyendu@example.edu.vn", "message_ids": [f"<m{i}@example.edu.vn>"],
        "received_at": "2024-04-18T09:12:00+07:00", "sources": ["Ho so.docx"],
    }


def _xlsx(records) -> bytes:
    out = io.BytesIO()
    write_xlsx(records, out, generated_at=dt.datetime(2024, 4, 19, 8, 0))
    return out.getvalue()


def test_xlsx_cells_are_typed_and_laid_out_for_reviewers():
    sheet = load_workbook(io.BytesIO(_xlsx([_record(1), _record(2)]))).active
    header = [c.value for c in sheet[4]]
    assert header[0] == "TT" and header[-1] == "GHI CHÚ" and "Message-ID" not in header
    row = {title: cell for title, cell in zip(header, sheet[5])}
    assert row["TT"].value == 1
    assert row["Điện thoại"].value == "+84912345678" and row["Điện thoại"].data_type == "s"
    assert row["Điện thoại"].number_format == "@"
    assert row["Ngày nhận"].value == dt.datetime(2024, 4, 18, 9, 12)  # local time, a real date
    assert row["Ngày nhận"].is_date
    assert sheet.auto_filter.ref == f"A4:{sheet.cell(4, len(header)).column_letter}6"
    assert sheet.row_dimensions[5].height >= 4 * 15  # the wrapped summary does not print over the next row
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_xlsx_prints_one_page_wide(tmp_path):
    import pypdfium2

    (tmp_path / "hoso.xlsx").write_bytes(_xlsx([_record(1), _record(2)]))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "hoso.xlsx")],
                   check=True, capture_output=True, timeout=180)
    pdf = pypdfium2.PdfDocument(str(tmp_path / "hoso.pdf"))
    assert len(pdf) == 1  # two rows, every column: one A4 landscape page (it was five pages wide)
    width, height = pdf[0].get_size()
    assert width > height  # landscape
    pdf.close()


def test_csv_keeps_the_exact_e164_phone():
    out = io.BytesIO()
    write_csv([_record(1)], out)
    text = out.getvalue().decode("utf-8-sig")
    assert ",+84912345678," in text and "<m1@example.edu.vn>" in text  # CSV is for scripts: exact text


def test_exported_text_has_its_whitespace_collapsed(tmp_path):
    service = open_service(make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", []))
    with session(service.engine) as db:
        message = Message(mailbox="school", folder="INBOX", uid=1, uidvalidity=1, sha256="a" * 64, size=1,
                          sender="a@example.edu.vn", status="parsed")
        db.add(message)
        db.flush()
        nomination = Nomination(form="profile", kind="individual", status="complete", mailbox="school",
                                name="Lê  Văn An", achievement_summary="Giáo viên dạy giỏi\ncấp huyện;\n\n  năm 2024 ")
        db.add(nomination)
        db.flush()
        db.add(NominationMessage(nomination_id=nomination.id, message_id=message.id, draft_index=0))
        db.commit()
    [record] = record_dicts(service)
    service.close()
    assert record["achievement_summary"] == "Giáo viên dạy giỏi cấp huyện; năm 2024"
    assert record["name"] == "Lê Văn An"
