"""Byte decoding with wrong charset labels, mojibake repair, plausibility."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.text_repair import (
    decode_bytes,
    is_plausible_word,
    is_vietnamese_syllable,
    repair_mojibake,
    vietnamese_score,
)

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"

SENTENCES = [
    "Kính gửi: Phòng Giáo dục và Đào tạo huyện Vũ Quang",
    "Trường THCS Nguyễn Du",
    "Điện thoại: 0912 345 678",
    "Tóm tắt thành tích",
    "Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023",
    "Họ và tên người khai: Đỗ Thị Ánh; Chức vụ: Tổ trưởng chuyên môn",
    "ĐỘC LẬP - TỰ DO - HẠNH PHÚC",
    "Bồi dưỡng học sinh giỏi, đổi mới phương pháp dạy học.",
]
LETTER = "\n\n".join(SENTENCES)

OTHER_LANGUAGES = [
    "Please find attached the nomination form. Best regards, John",
    "Le café était très élégant, où est la gare ? À bientôt.",
    "Herr Müller wohnt in der Schloßstraße; die Größe ist schön.",
    "Temperature 25°C, price 10 €, © 2024 — “quoted” text…",
]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Windows writes them: tones as combining marks
    wherever the code page has no precomposed letter."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


# ---------------------------------------------------------------- syllables


@pytest.mark.parametrize(
    "word",
    [
        "trường", "Nguyễn", "NGUYỄN", "điện", "thoại", "quốc", "giỏi", "gì", "gìn", "giữa",
        "khuya", "khuỷu", "rượu", "yêu", "yến", "chuyện", "hoặc", "khoẻ", "thuở", "ngửi",
        "nghiêm", "kẹo", "ghi", "Đắk", "tích", "học", "xuất", "a", "ý", "ở",
    ],
)
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "café", "élève", "Müller", "Größe", "où", "trườngg", "hóc̀", "họt̀", "tràc",
        "ci", "ka", "ngê", "gýÒi", "TrÆ", "Tröôøng", "Hoï", "iê", "trÁ", "ươ", "",
    ],
)
def test_invalid_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("THCS", True), ("email", True), ("GDĐT", True), ("SĐT", True), ("Trường", True),
     ("Straße", False), ("Tr\u00adêng", False)],
)
def test_is_plausible_word(word: str, expected: bool) -> None:
    assert is_plausible_word(word) is expected


# ---------------------------------------------------------------- score


@pytest.mark.parametrize("text", SENTENCES + [LETTER, LETTER.upper(), OTHER_LANGUAGES[0], ""])
def test_score_of_good_text_is_high(text: str) -> None:
    assert vietnamese_score(text) >= 0.97


@pytest.mark.parametrize(
    "text",
    [
        LETTER.encode("utf-8").decode("latin-1"),
        LETTER.encode("utf-8").decode("cp1252", errors="replace"),
        to_cp1258(LETTER).decode("cp1252", errors="replace"),
        to_cp1258(LETTER).decode("latin-1"),
    ],
    ids=["utf8-as-latin1", "utf8-as-cp1252", "cp1258-as-cp1252", "cp1258-as-latin1"],
)
def test_score_of_misdecoded_text_is_low(text: str) -> None:
    assert vietnamese_score(text) < 0.7


def test_score_penalises_replacement_and_c1_characters() -> None:
    assert vietnamese_score("Trường \ufffd\ufffd") < vietnamese_score("Trường")
    assert vietnamese_score("Trường \x9d\x81") < vietnamese_score("Trường")
    assert vietnamese_score("\ufffd") == 0.0


def test_score_is_nfc_insensitive() -> None:
    assert vietnamese_score(unicodedata.normalize("NFD", LETTER)) == vietnamese_score(LETTER)


# ---------------------------------------------------------------- decode_bytes


def test_windows_1258_body_labelled_utf8() -> None:
    data = to_cp1258(LETTER)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = decode_bytes(data, "utf-8")
    assert text == LETTER
    assert text.startswith("Kính gửi: Phòng Giáo dục và Đào tạo huyện Vũ Quang")
    assert "\ufffd" not in text
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("declared", [None, "utf-8", "us-ascii", "iso-8859-1", "windows-1252", "x-unknown-8bit", "windows-1258"])
def test_windows_1258_body_any_label(declared: str | None) -> None:
    assert decode_bytes(to_cp1258(LETTER), declared) == LETTER


@pytest.mark.parametrize("declared", [None, "utf-8", "UTF8", "iso-8859-1", "windows-1252", "windows-1258", "bogus"])
def test_utf8_body_any_label(declared: str | None) -> None:
    assert decode_bytes(LETTER.encode("utf-8"), declared) == LETTER


def test_utf8_nfd_body_comes_out_nfc() -> None:
    data = unicodedata.normalize("NFD", LETTER).encode("utf-8")
    assert decode_bytes(data, "utf-8") == LETTER


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
@pytest.mark.parametrize("charset", ["utf-8", "cp1252"])
def test_other_languages_keep_their_declared_charset(text: str, charset: str) -> None:
    try:
        data = text.encode(charset)
    except UnicodeEncodeError:
        pytest.skip("not representable")
    assert decode_bytes(data, charset) == unicodedata.normalize("NFC", text)


def test_latin1_french_labelled_latin1() -> None:
    text = OTHER_LANGUAGES[1]
    assert decode_bytes(text.encode("latin-1"), "iso-8859-1") == text


def test_double_encoded_utf8_is_repaired() -> None:
    data = LETTER.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode_bytes(data, "utf-8") == LETTER


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ""),
        (b"plain ascii\r\n", "plain ascii\r\n"),
        (b"\xef\xbb\xbfTr\xc6\xb0\xe1\xbb\x9dng", "Trường"),
        ("Trường".encode("utf-16"), "Trường"),
    ],
)
def test_decode_bytes_edge_cases(data: bytes, expected: str) -> None:
    assert decode_bytes(data, None) == expected


def test_legacy_charset_labels() -> None:
    from parsers.legacy_encodings import encode_tcvn3, encode_vni

    assert decode_bytes(encode_tcvn3("Trường học").encode("latin-1"), "x-viet-tcvn5712") == "Trường học"
    assert decode_bytes(encode_vni("Trường học").encode("latin-1"), "x-viet-vni") == "Trường học"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([None, "utf-8", "latin-1", "cp1258", "nonsense"]))
def test_decode_bytes_never_raises(data: bytes, charset: str | None) -> None:
    text = decode_bytes(data, charset)
    assert isinstance(text, str)
    if b"\xef\xbf\xbd" not in data:
        assert "\ufffd" not in text


# ---------------------------------------------------------------- mojibake


def _mojibake_variants(text: str) -> list[str]:
    raw = text.encode("utf-8")
    return [
        raw.decode("latin-1"),  # C1 controls kept
        raw.decode("cp1252", errors="ignore"),  # cp1252 holes dropped
        raw.decode("cp1252", errors="replace"),  # cp1252 holes as U+FFFD
    ]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("variant", [0, 1, 2], ids=["latin1", "cp1252-dropped", "cp1252-replaced"])
def test_repair_mojibake(text: str, variant: int) -> None:
    broken = _mojibake_variants(text)[variant]
    assert broken != text
    repaired = repair_mojibake(broken)
    if variant == 0:
        assert repaired == text
    else:
        # A dropped byte of Á/Í/Ý can only be guessed; everything else is exact.
        assert vietnamese_score(repaired) == 1.0
        assert "\ufffd" not in repaired
        if "Ánh" not in text:
            assert repaired == text


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("TrÆ°á»\x9dng", "Trường"),
        ("TrÆ°á»ng", "Trường"),
        ("há»c giá»i", "học giỏi"),
        ("Ä\x90iá»\x87n thoáº¡i", "Điện thoại"),
        ("CafÃ©", "Café"),
        ("25Â°C", "25°C"),
        ("â€œHelloâ€\x9d", "“Hello”"),
    ],
)
def test_repair_known_mojibake(broken: str, expected: str) -> None:
    assert repair_mojibake(broken) == expected


@pytest.mark.parametrize(
    "text",
    SENTENCES + [LETTER, LETTER.upper()] + OTHER_LANGUAGES + ["SÃO PAULO", "“CÔ”", "HÀ\u00a0NỘI", ""],
)
def test_repair_leaves_good_text_alone(text: str) -> None:
    assert repair_mojibake(text) == text


@pytest.mark.parametrize("text", SENTENCES)
def test_repair_is_idempotent(text: str) -> None:
    for broken in _mojibake_variants(text):
        once = repair_mojibake(broken)
        assert repair_mojibake(once) == once
