"""Attribution without a database: batches by date, units by address, alias or name."""

from __future__ import annotations

import datetime as dt

from campaigns.matching import UnitMatcher, alias_key, batch_for
from campaigns.roster import parse_roster
from tests.campaigns.conftest import DEADLINE_1, DEADLINE_2, load, roster_rows, write_config, write_csv_roster


def _roster(tmp_path):
    path = write_csv_roster(tmp_path / "roster.csv", roster_rows(bad=False))
    return parse_roster(path.read_bytes(), path)


def test_batch_is_the_first_deadline_on_or_after_the_date(tmp_path, roster_file):
    campaign = load(write_config(tmp_path, "sqlite://")).campaigns[0]
    assert batch_for(campaign, dt.date(2024, 3, 2)) == (campaign.batches[0], False)
    assert batch_for(campaign, DEADLINE_1) == (campaign.batches[0], False)  # "trước ngày" includes the day
    assert batch_for(campaign, DEADLINE_1 + dt.timedelta(days=1)) == (campaign.batches[1], False)
    assert batch_for(campaign, DEADLINE_2 + dt.timedelta(days=1)) == (campaign.batches[1], True)  # late


def test_address_first_then_name_then_unmatched(tmp_path):
    matcher = UnitMatcher(_roster(tmp_path), {}, 0.85)
    by_address = matcher.match("HieuTruong.AnPhu@example.edu.vn", "Trường THCS Nguyễn Du")
    assert (by_address.unit.name, by_address.matched_by) == ("Trường Tiểu học Ân Phú", "address")
    by_name = matcher.match("teacher.hoa@gmail.com", "TRUONG THCS NGUYEN DU")
    assert (by_name.unit.name, by_name.matched_by) == ("Trường THCS Nguyễn Du", "name")
    assert by_name.confidence == 1.0
    from_display_name = matcher.match("someone@gmail.com", None, sender_name="Trường MN Hoa Sen")
    assert from_display_name.unit.name == "Trường Mầm non Hoa Sen"
    unknown = matcher.match("someone@gmail.com", "Trường THCS Nguyễn Trãi")
    assert unknown.unit is None and unknown.written == "Trường THCS Nguyễn Trãi"
    assert unknown.suggestion is not None and unknown.confidence < 0.85


def test_alias_decides_a_name_and_an_address(tmp_path):
    aliases = {alias_key("THCS Ng. Du"): "Trường THCS Nguyễn Du",
               alias_key("Ketoan.HuongMinh@Gmail.com"): "Trường THCS Hương Minh",
               alias_key("Trường cũ"): "Trường không còn trong danh sách"}
    matcher = UnitMatcher(_roster(tmp_path), aliases, 0.85)
    by_alias = matcher.match("x@gmail.com", "Trường THCS Ng. Du")  # folds to the same key as the alias
    assert (by_alias.unit.name, by_alias.matched_by) == ("Trường THCS Nguyễn Du", "alias")
    by_address = matcher.match("ketoan.huongminh@gmail.com", "không rõ")
    assert (by_address.unit.name, by_address.matched_by) == ("Trường THCS Hương Minh", "address_alias")
    assert matcher.match("y@gmail.com", "Trường cũ").unit is None  # its unit left the roster
