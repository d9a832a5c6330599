"""domain.text: the one fold and the one one_line every stage uses."""

from __future__ import annotations

import unicodedata

import pytest

from domain import error_line, fold, one_line


@pytest.mark.parametrize("text, key", [
    ("Họ và tên", "ho va ten"),
    ("HỌ VÀ TÊN", "ho va ten"),
    (unicodedata.normalize("NFD", "Điện thoại"), "dien thoai"),
    ("Ðiện thoại", "dien thoai"),  # Icelandic eth typed for Đ
    ("Ｅｍａｉｌ", "email"),  # full-width letters
    ("Tóm\u200btắt  thành\u00adtích", "tomtat thanhtich"),
    ("  a\t\nb ", "a b"),
    (None, ""),
])
def test_fold(text, key):
    assert fold(text) == key


def test_one_line_collapses_whitespace_in_nfc_and_cuts_with_an_ellipsis():
    assert one_line("Re:\r\n  Hồ sơ\tđiển hình") == "Re: Hồ sơ điển hình"
    assert one_line(unicodedata.normalize("NFD", "Trường")) == unicodedata.normalize("NFC", "Trường")
    assert one_line(None) == ""
    cut = one_line("x" * 50, limit=10)
    assert cut == "x" * 9 + "…" and len(cut) == 10


class _Hidden(ValueError):
    pass


def test_error_line_names_the_public_type_on_one_line():
    assert error_line(_Hidden("bad\nthing")) == "ValueError: bad thing"
    assert error_line(KeyError()) == "KeyError"
    assert error_line(OSError("disk full"), with_type=False) == "disk full"
    assert error_line(OSError(), with_type=False) == "OSError"
    assert len(error_line(ValueError("y" * 2000))) == 500
