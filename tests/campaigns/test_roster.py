"""Rosters from CSV and XLSX: loose headings, several addresses, bad rows reported, reload on change."""

from __future__ import annotations

import os

import pytest

from campaigns.roster import RosterError, load_roster, parse_roster, split_addresses
from tests.campaigns.conftest import UNIT_NAMES, roster_rows, write_csv_roster, write_xlsx_roster

EXPECTED_PROBLEMS = [
    "line 9: Trường THCS Đức Bồng: not an e-mail address: ducbong(at)example.edu.vn",
    "line 10: no unit name",
]


@pytest.mark.parametrize("writer", [write_csv_roster, write_xlsx_roster], ids=["csv", "xlsx"])
def test_good_rows_load_and_bad_rows_are_reported_by_line(tmp_path, writer):
    path = writer(tmp_path / f"roster.{'csv' if writer is write_csv_roster else 'xlsx'}")
    roster = load_roster(path)
    assert [u.name for u in roster.units] == UNIT_NAMES
    an_phu = roster.units[1]
    assert an_phu.emails == ("c1anphu@example.edu.vn", "hieutruong.anphu@example.edu.vn")
    assert (an_phu.level, an_phu.district, an_phu.line) == ("Tiểu học", "Vũ Quang", 5)
    assert roster.problems == EXPECTED_PROBLEMS
    report = roster.problem_report()
    assert str(path) in report and "2 row(s) left out" in report and "line 9" in report and "line 10" in report


def test_headings_match_loosely_and_without_accents(tmp_path):
    rows = [["STT", "TEN DON VI (truong)", "Dia chi e-mail", "Quan/Huyen", "Cap"],
            ["1", "Trường THCS Nguyễn Du", "C2NguyenDu@Example.edu.vn ; c2nd@gmail.com", "Vũ Quang", "THCS"],
            ["2", "Trường THCS Nguyễn Du", "khac@example.edu.vn", "", ""]]
    path = write_csv_roster(tmp_path / "roster.csv", rows, delimiter=";")
    roster = parse_roster(path.read_bytes(), path)
    [unit] = roster.units
    assert unit.emails == ("c2nguyendu@example.edu.vn", "c2nd@gmail.com")
    assert (unit.district, unit.level) == ("Vũ Quang", "THCS")
    assert roster.problems == ["line 3: Trường THCS Nguyễn Du: unit already listed on line 2"]
    assert roster.by_name("truong thcs nguyen du") is unit and roster.by_address("C2ND@gmail.com") == [unit]


def test_reloaded_when_the_file_changes(tmp_path):
    path = write_csv_roster(tmp_path / "roster.csv", roster_rows(bad=False))
    first = load_roster(path)
    assert load_roster(path) is first  # unchanged: not read again
    rows = roster_rows(bad=False) + [["6", "Trường THCS Đức Bồng", "c2ducbong@example.edu.vn"]]
    write_csv_roster(path, rows)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert [u.name for u in load_roster(path).units][-1] == "Trường THCS Đức Bồng"


def test_unusable_roster_names_the_file(tmp_path):
    with pytest.raises(RosterError, match="roster file not found"):
        load_roster(tmp_path / "missing.csv")
    path = write_csv_roster(tmp_path / "nohead.csv", [["Họ tên", "Ghi chú"], ["A", "B"]])
    with pytest.raises(RosterError, match=r"nohead\.csv: no header row"):
        load_roster(path)


def test_addresses_split_on_semicolons_commas_and_spaces():
    assert split_addresses("a@x.vn; b@x.vn,c@x.vn  mailto:d@x.vn") == (["a@x.vn", "b@x.vn", "c@x.vn", "d@x.vn"], [])
    assert split_addresses("a@x.vn; sai-dia-chi") == (["a@x.vn"], ["sai-dia-chi"])


def test_line_numbers_count_cells_that_span_lines(tmp_path):
    rows = [["Tên đơn vị", "Email"], ["Trường THCS\nNguyễn Du", "c2nguyendu@example.edu.vn"], ["Trường X", ""]]
    path = write_csv_roster(tmp_path / "roster.csv", rows)
    roster = parse_roster(path.read_bytes(), path)
    assert roster.units[0].name == "Trường THCS Nguyễn Du" and roster.units[0].line == 2
    assert roster.problems == []  # a unit with no address is kept (see test_unit_without_address_is_kept)
    assert roster.units[1].name == "Trường X" and roster.units[1].no_address
