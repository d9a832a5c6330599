"""clean_text and fold."""

from __future__ import annotations

import unicodedata

import pytest

from domain import fold
from parsers.legacy_encodings import decode_tcvn3, encode_tcvn3
from parsers.normalise import clean_text

NFC = "Họ và tên: Nguyễn Thị Hương, Trường THCS Nguyễn Du"
NFD = unicodedata.normalize("NFD", NFC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (NFD, NFC),
        ("Điện\u200b thoại\u200d", "Điện thoại"),
        ("\ufeffTóm tắt", "Tóm tắt"),
        ("Giáo\u00a0viên\u2003dạy\u202fgiỏi", "Giáo viên dạy giỏi"),
        ("a \t  b\t\tc", "a b c"),
        ("  Trường  \n   THCS  ", "Trường\nTHCS"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a\n \n\t\n  \nb", "a\n\nb"),
        ("\n\n a \n\n", "a"),
        ("infor\u00admation", "information"),
        ("Tr\u00adường", "Trường"),  # real Unicode: the soft hyphen is junk
        ("bell\x07 and nul\x00", "bell and nul"),
        ("", ""),
        ("   \n\t ", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\n\nb\n c", "a b c"),
        ("  Họ và tên:\t\n Nguyễn  Văn\u00a0A  ", "Họ và tên: Nguyễn Văn A"),
        (NFD + "\n\n" + NFD, NFC + " " + NFC),
    ],
)
def test_clean_text_single_line(raw: str, expected: str) -> None:
    assert clean_text(raw, keep_newlines=False) == expected


@pytest.mark.parametrize(
    "sentence",
    ["Trường THCS Hương Minh", "Đơn vị: Trường học", "Thư điện tử của người khai"],
)
def test_clean_text_keeps_tcvn3_soft_hyphen(sentence: str) -> None:
    legacy = encode_tcvn3(sentence)
    assert "\u00ad" in legacy
    cleaned = clean_text("  " + legacy + "\u200b  ")
    assert decode_tcvn3(cleaned) == sentence


@pytest.mark.parametrize("raw", [NFD, "a\n\n\n b  c ", "x\u00a0\u200by", "Tr\u00adường\r\n\r\n\r\nz"])
def test_clean_text_is_idempotent(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Họ và tên", "ho va ten"),
        ("HỌ VÀ TÊN", "ho va ten"),
        (unicodedata.normalize("NFD", "Họ và tên"), "ho va ten"),
        ("  Điện   thoại\t", "dien thoai"),
        ("Đơn vị công tác", "don vi cong tac"),
        ("Tóm tắt thành tích", "tom tat thanh tich"),
        ("Giáo viên dạy giỏi cấp tỉnh", "giao vien day gioi cap tinh"),
        ("Trường THCS Nguyễn Du", "truong thcs nguyen du"),
        ("Ðiện thoại", "dien thoai"),  # eth used for Đ
        ("Chức\u00a0vụ:", "chuc vu:"),
        ("Năm\u200b sinh", "nam sinh"),
        ("ĂÂÊÔƠƯĐ ăâêôơưđ", "aaeooud aaeooud"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_matches_across_spellings() -> None:
    variants = ["Số điện thoại", "SỐ ĐIỆN THOẠI", "So dien thoai", unicodedata.normalize("NFD", "số  điện thoại")]
    assert len({fold(v) for v in variants}) == 1
