"""Fixtures for campaigns: a roster built in code, a campaign config, submissions as rows.

The config goes through the real TOML validation; the roster is a real CSV
or XLSX file next to it; submissions are Message/Nomination rows inserted as
``tests/notifier`` does, on SQLite and on the real PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from config.settings import parse_settings
from store.db import open_database, session
from tests.notifier.conftest import add_message, add_nomination

VN = dt.timezone(dt.timedelta(hours=7))
CAMPAIGN = "tdkt-2024"
TITLE = "Điển hình tiên tiến ngành Giáo dục năm 2024"
DEADLINE_1 = dt.date(2024, 4, 20)
DEADLINE_2 = dt.date(2024, 5, 10)

HEADER = ["TT", "Tên đơn vị", "Email", "Cấp học", "Huyện"]
UNITS = [
    ["1", "Trường THCS Nguyễn Du", "c2nguyendu@example.edu.vn", "THCS", "Vũ Quang"],
    ["2", "Trường Tiểu học Ân Phú", "c1anphu@example.edu.vn; hieutruong.anphu@example.edu.vn", "Tiểu học", "Vũ Quang"],
    ["3", "Trường Mầm non Hoa Sen", "mnhoasen@example.edu.vn", "Mầm non", "Hương Khê"],
    ["4", "Trường THCS Hương Minh", "c2huongminh@example.edu.vn, noreply@example.edu.vn", "THCS", "Vũ Quang"],
    ["5", "Trường TH Nguyễn Du", "c1nguyendu@example.edu.vn", "Tiểu học", "Hương Khê"],
]
BAD_ROWS = [
    ["6", "Trường THCS Đức Bồng", "ducbong(at)example.edu.vn", "THCS", "Vũ Quang"],
    ["7", "", "khongten@example.edu.vn", "", ""],
]
UNIT_NAMES = [row[1] for row in UNITS]


def roster_rows(bad: bool = True) -> list[list[str]]:
    return [["DANH SÁCH ĐƠN VỊ GỬI HỒ SƠ"], [], HEADER, *UNITS, *(BAD_ROWS if bad else [])]


def write_csv_roster(path: Path, rows: list[list[str]] | None = None, delimiter: str = ",") -> Path:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows if rows is not None else roster_rows())
    path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
    return path


def write_xlsx_roster(path: Path, rows: list[list[str]] | None = None) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows if rows is not None else roster_rows():
        sheet.append(row)
    workbook.save(path)
    return path


def campaign_toml(roster: str = "roster.csv", **overrides) -> str:
    values = {"remind_days_before": 3, **overrides}
    extra = "".join(f"{key} = {value}\n" for key, value in values.items())
    return (
        "[[campaigns]]\n"
        f'name = "{CAMPAIGN}"\n'
        f'title = "{TITLE}"\n'
        'mailboxes = ["vutdkt"]\n'
        "start = 2024-03-01\n"
        "end = 2024-06-30\n"
        f'roster = "{roster}"\n'
        f"{extra}"
        "[[campaigns.batches]]\n"
        'name = "Đợt 1"\n'
        f"deadline = {DEADLINE_1.isoformat()}\n"
        "[[campaigns.batches]]\n"
        'name = "Đợt 2"\n'
        f"deadline = {DEADLINE_2.isoformat()}\n"
    )


def write_config(tmp_path: Path, database_url: str, smtp_port: int | None = None, campaigns: str | None = None,
                 digest: str = 'reviewers = ["reviewer@moet.gov.vn"]\n') -> Path:
    text = (
        f'[database]\nurl = "{database_url}"\n'
        f'[storage]\ndir = "{tmp_path / "archive"}"\n'
        '[[mailboxes]]\nname = "vutdkt"\nhost = "imap.example.org"\nusername = "vutdkt@moet.gov.vn"\n'
        'password_env = "VUTDKT_PASSWORD"\n'
        f"[digest]\n{digest}"
    )
    if smtp_port:
        text += (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nsecurity = "none"\n'
                 'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\ntimeout_seconds = 5\n')
    text += campaigns if campaigns is not None else campaign_toml()
    path = tmp_path / "dienhinh.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path):
    return parse_settings(path.read_text(encoding="utf-8"), path)


@pytest.fixture
def roster_file(tmp_path) -> Path:
    return write_csv_roster(tmp_path / "roster.csv")


@pytest.fixture
def engine(database_url):
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(tmp_path, database_url, roster_file):
    return load(write_config(tmp_path, database_url))


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """A local (Hà Nội) time on ``day``."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VN)


def submit(engine, day: dt.date, sender: str, unit: str | None, *, missing: list[str] | None = None,
           sender_name: str | None = None, status: str = "parsed", mailbox: str = "vutdkt", records: int = 1,
           name: str = "Nguyễn Thị Hoa") -> list[int]:
    """A message sent on ``day`` with ``records`` nominations of ``unit``; returns the nomination ids."""
    when = at(day)
    with session(engine) as db:
        message = add_message(db, sender=sender, sender_name=sender_name, sent_at=when,
                              received_at=when + dt.timedelta(minutes=3), status=status, mailbox=mailbox)
        ids = [add_nomination(db, message, unit=unit, sender=sender, mailbox=mailbox, missing=list(missing or []),
                              name=f"{name} {i}" if records > 1 else name, received_at=when).id
               for i in range(records)]
        db.commit()
    return ids
