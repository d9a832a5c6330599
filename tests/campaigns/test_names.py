"""Unit names as people write them: the same school in many spellings, different schools kept apart."""

from __future__ import annotations

import unicodedata

import pytest

from campaigns.names import name_key, parse_name, similarity

THRESHOLD = 0.85

SAME = [
    ("Trường THCS Nguyễn Du", "THCS Nguyễn Du"),
    ("Trường Trung học cơ sở Nguyễn Du", "Trường THCS Nguyễn Du"),
    ("TRƯỜNG THCS NGUYỄN DU", "Trường THCS Nguyễn Du"),
    ("Truong THCS Nguyen Du", "Trường THCS Nguyễn Du"),
    ("Trường THCS Nguyễn Du, huyện Vũ Quang", "Trường THCS Nguyễn Du"),
    ("Trường THCS Nguyen Duu", "Trường THCS Nguyễn Du"),  # a typo
    ("MN Hoa Sen", "Trường Mầm non Hoa Sen"),
    ("Trường TH&THCS Xuân Hồng", "Trường Tiểu học và THCS Xuân Hồng"),
    ("Phòng GD&ĐT huyện Vũ Quang", "Phòng Giáo dục và Đào tạo Vũ Quang"),
    ("Trường Tiểu học Ân Phú (Vũ Quang)", "Trường TH Ân Phú"),
    (unicodedata.normalize("NFD", "Trường THCS Nguyễn Du"), "Trường THCS Nguyễn Du"),  # from a Mac
]
DIFFERENT = [
    ("Trường TH Nguyễn Du", "Trường THCS Nguyễn Du"),  # another level
    ("Trường THCS Nguyễn Trãi", "Trường THCS Nguyễn Du"),
    ("Trường Mầm non Hoa Hồng", "Trường Mầm non Hoa Sen"),
    ("Trường Tiểu học số 1 Ân Phú", "Trường Tiểu học số 2 Ân Phú"),
    ("Trường THCS Hương Minh", "Trường THCS Hương Điền"),
    ("Trường", "Trường THCS Nguyễn Du"),
]


@pytest.mark.parametrize("written, roster", SAME)
def test_same_unit_scores_above_the_threshold(written, roster):
    assert similarity(written, roster) >= THRESHOLD


@pytest.mark.parametrize("written, roster", DIFFERENT)
def test_different_units_score_below_the_threshold(written, roster):
    assert similarity(written, roster) < 0.7


def test_levels_are_taken_apart_from_the_proper_name():
    name = parse_name("Trường Trung học phổ thông Nguyễn Du")
    assert name.levels == {"thpt"} and name.proper == ("nguyen", "du")
    assert name_key("THPT Nguyễn Du") == name_key("Trường Trung học phổ thông NGUYỄN DU") == "thpt|nguyen du"
