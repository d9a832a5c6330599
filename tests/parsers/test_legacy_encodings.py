"""TCVN3 (ABC) and VNI Windows: tables, round trips, font names, detection."""

from __future__ import annotations

import unicodedata

import pytest

from parsers.legacy_encodings import (
    decode_legacy,
    decode_tcvn3,
    decode_vni,
    detect_legacy_encoding,
    encode_tcvn3,
    encode_vni,
    has_tcvn3_evidence,
    legacy_encoding_for_font,
    restore_dropped_u,
)

_BASES = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng


def _letter(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


LOWER = [_letter(b, t) for b in _BASES for t in _TONES] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]
UNTONED_CAPITALS = ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]

SENTENCES = [
    "Trường THCS Nguyễn Du",
    "Điện thoại",
    "Tóm tắt thành tích",
    "Giáo viên dạy giỏi cấp tỉnh",
    "Hoàn thành xuất sắc nhiệm vụ 3 năm liên tục (từ năm học 2020-2021 đến năm học 2022-2023).",
    "Chiến sĩ thi đua cơ sở; Bằng khen của Chủ tịch UBND tỉnh.",
    "Địa chỉ liên lạc: thôn Yên Hòa, xã Đức Lĩnh, huyện Vũ Quang",
    "Sáng kiến kinh nghiệm được Hội đồng khoa học cấp huyện công nhận, xếp loại A.",
]

PARAGRAPH = "\n".join(SENTENCES)

ENGLISH = (
    "Dear colleagues, please find attached the nomination form and the photo. "
    "The summary of achievements is in the second table. Best regards."
)
FRENCH_GERMAN = (
    "Le café était très élégant. Où est la gare ? L'élève a déjà réussi l'épreuve. "
    "Noël à Paris. Herr Müller wohnt in der Schloßstraße, die Größe ist schön. "
    "Ça va très bien, à bientôt, garçon."
)


def test_tables_cover_every_letter() -> None:
    assert len(LOWER) == 73 and len(set(LOWER)) == 73  # 12 vowels x 6 + đ
    assert all(len(ch) == 1 for ch in LOWER + UPPER)


# ---------------------------------------------------------------- TCVN3


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_lower_case_round_trip(letter: str) -> None:
    code = encode_tcvn3(letter)
    if letter in "aeiouy":
        assert code == letter
    else:
        assert len(code) == 1 and 0xA1 <= ord(code) <= 0xFE
    assert decode_tcvn3(code) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_capitals_round_trip_through_the_caps_font(letter: str) -> None:
    assert decode_tcvn3(encode_tcvn3(letter), caps=True) == letter


@pytest.mark.parametrize("letter", UNTONED_CAPITALS + list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_tcvn3_capitals_with_own_code_round_trip_in_normal_font(letter: str) -> None:
    assert decode_tcvn3(encode_tcvn3(letter)) == letter


def test_tcvn3_codes_are_distinct() -> None:
    codes = [encode_tcvn3(ch) for ch in LOWER + UNTONED_CAPITALS]
    assert len(set(codes)) == len(codes)


def test_tcvn3_toned_capital_uses_lower_case_code() -> None:
    # VN3 has no code for a toned capital: an ABC driver types the small one.
    assert encode_tcvn3("Á") == encode_tcvn3("á") == "\u00b8"
    assert decode_tcvn3(encode_tcvn3("Ánh")) == "ánh"


@pytest.mark.parametrize(
    ("unicode", "tcvn3"),
    [
        ("ư", "\u00ad"),  # soft hyphen when read as latin-1
        ("Ư", "\u00a6"),
        ("đ", "\u00ae"),
        ("Đ", "\u00a7"),
        ("ă", "\u00a8"),
        ("â", "\u00a9"),
        ("ê", "\u00aa"),
        ("ô", "\u00ab"),
        ("ơ", "\u00ac"),
        ("à", "\u00b5"),
        ("á", "\u00b8"),
        ("ạ", "\u00b9"),
        ("ờ", "\u00ea"),
        ("ý", "\u00fd"),
        ("ỵ", "\u00fe"),
        ("Trường", "Tr\u00ad\u00eang"),
        ("Điện thoại", "\u00a7i\u00d6n tho\u00b9i"),
    ],
)
def test_tcvn3_known_codes(unicode: str, tcvn3: str) -> None:
    assert encode_tcvn3(unicode) == tcvn3
    assert decode_tcvn3(tcvn3) == unicode


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tcvn3_sentences_round_trip(sentence: str) -> None:
    encoded = encode_tcvn3(sentence)
    assert all(ord(ch) < 0x100 for ch in encoded)
    assert decode_tcvn3(encoded) == sentence


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tcvn3_caps_font_gives_upper_case(sentence: str) -> None:
    typed = encode_tcvn3(sentence.lower())  # what people type in .VnTimeH
    assert decode_tcvn3(typed, caps=True) == sentence.upper()
    assert decode_tcvn3(encode_tcvn3(sentence.upper()), caps=True) == sentence.upper()


def test_tcvn3_leaves_ascii_and_unicode_alone() -> None:
    assert decode_tcvn3("THCS 2023-2024, +84 912 345 678") == "THCS 2023-2024, +84 912 345 678"
    assert decode_tcvn3("Trường") == "Trường"  # already Unicode outside latin-1
    assert unicodedata.is_normalized("NFC", decode_tcvn3(encode_tcvn3(PARAGRAPH)))


def test_encoders_accept_nfd_input() -> None:
    nfd = unicodedata.normalize("NFD", PARAGRAPH)
    assert encode_tcvn3(nfd) == encode_tcvn3(PARAGRAPH)
    assert encode_vni(nfd) == encode_vni(PARAGRAPH)


# ---------------------------------------------------------------- VNI


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip_every_letter(letter: str) -> None:
    code = encode_vni(letter)
    assert 1 <= len(code) <= 2
    assert decode_vni(code) == letter


def test_vni_codes_are_distinct() -> None:
    codes = [encode_vni(ch) for ch in LOWER + UPPER]
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(
    ("unicode", "vni"),
    [
        ("à", "a\u00f8"),
        ("á", "a\u00f9"),
        ("ả", "a\u00fb"),
        ("ã", "a\u00f5"),
        ("ạ", "a\u00ef"),
        ("ô", "o\u00e2"),
        ("ồ", "o\u00e0"),
        ("ă", "a\u00ea"),
        ("ặ", "a\u00eb"),
        ("ơ", "\u00f4"),
        ("ư", "\u00f6"),
        ("đ", "\u00f1"),
        ("Đ", "\u00d1"),
        ("ĩ", "\u00f3"),
        ("ỉ", "\u00e6"),
        ("ị", "\u00f2"),
        ("ỵ", "\u00ee"),
        ("ỹ", "y\u00f5"),
        ("Trường", "Tr\u00f6\u00f4\u00f8ng"),
        ("TRƯỜNG", "TR\u00d6\u00d4\u00d8NG"),
        ("Điện thoại", "\u00d1ie\u00e4n thoa\u00efi"),
    ],
)
def test_vni_known_codes(unicode: str, vni: str) -> None:
    assert encode_vni(unicode) == vni
    assert decode_vni(vni) == unicode


@pytest.mark.parametrize("sentence", SENTENCES + [s.upper() for s in SENTENCES])
def test_vni_sentences_round_trip(sentence: str) -> None:
    encoded = encode_vni(sentence)
    assert all(ord(ch) < 0x100 for ch in encoded)
    assert decode_vni(encoded) == sentence


def test_vni_mark_case_follows_base_letter() -> None:
    # Change-case tools can leave a capital base with a small mark.
    assert decode_vni("A\u00f9nh") == "Ánh"


def test_vni_leaves_ascii_alone() -> None:
    assert decode_vni("THCS 2023-2024, email: a.b@gmail.com") == "THCS 2023-2024, email: a.b@gmail.com"


# ---------------------------------------------------------------- dispatch


@pytest.mark.parametrize(
    ("encoding", "encode", "caps"),
    [("tcvn3", encode_tcvn3, False), ("TCVN3", encode_tcvn3, False), ("vni", encode_vni, False)],
)
def test_decode_legacy_dispatches(encoding: str, encode, caps: bool) -> None:
    assert decode_legacy(encode(PARAGRAPH), encoding, caps=caps) == PARAGRAPH


def test_decode_legacy_caps() -> None:
    assert decode_legacy(encode_tcvn3("trường thcs"), "tcvn3", caps=True) == "TRƯỜNG THCS"


def test_decode_legacy_rejects_unknown_encoding() -> None:
    with pytest.raises(ValueError):
        decode_legacy("abc", "viscii")


# ---------------------------------------------------------------- fonts


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArial", ("tcvn3", False)),
        (".VnArialH", ("tcvn3", True)),
        (".VnArial NarrowH", ("tcvn3", True)),
        (".VnCentury Schoolbook", ("tcvn3", False)),
        (".VnCentury SchoolbookH", ("tcvn3", True)),
        (".vntime", ("tcvn3", False)),
        (".VNTIMEH", ("tcvn3", True)),
        ("  .VnBook-Antiqua ", ("tcvn3", False)),
        ("ABCDEF+.VnTimeH,Bold", ("tcvn3", True)),
        (".VnTime-Italic", ("tcvn3", False)),
        ("VNI-Times", ("vni", False)),
        ("VNI-Helve", ("vni", False)),
        ("vni-helve-condense", ("vni", False)),
        ("VNI-Times,Bold", ("vni", False)),
        ("GHIJKL+VNI-Times-Bold", ("vni", False)),
        ("Times New Roman", None),
        ("Arial", None),
        ("Calibri", None),
        ("VNI", None),
        (".Vn", None),
        ("", None),
        (None, None),
    ],
)
def test_legacy_encoding_for_font(font: str | None, expected: tuple[str, bool] | None) -> None:
    assert legacy_encoding_for_font(font) == expected


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PARAGRAPH, None),
        (PARAGRAPH.upper(), None),
        (unicodedata.normalize("NFD", PARAGRAPH), None),
        (ENGLISH, None),
        (FRENCH_GERMAN, None),
        ("", None),
        ("1234 5678 --- ***", None),
        (encode_tcvn3(PARAGRAPH), "tcvn3"),
        (encode_tcvn3(PARAGRAPH.lower()), "tcvn3"),
        (encode_vni(PARAGRAPH), "vni"),
        (encode_vni(PARAGRAPH.upper()), "vni"),
        (ENGLISH + "\n" + encode_tcvn3(PARAGRAPH), "tcvn3"),
        (ENGLISH + "\n" + encode_vni(PARAGRAPH), "vni"),
        ("§ 5 Abs. 2, § 6 Abs. 3, § 7, § 8 und § 9 BGB", None),
        ("« Oui » « Non » « Peut-être » « Très bien »", None),
        ("© 2024 ® ™ ° ± µm ¼ ½ ¾ ¿ ¡", None),
    ],
    ids=[
        "unicode", "unicode-upper", "unicode-nfd", "english", "french-german", "empty",
        "digits", "tcvn3", "tcvn3-lower", "vni", "vni-upper", "english+tcvn3", "english+vni",
        "german-legal", "french-quotes", "symbols",
    ],
)
def test_detect_legacy_encoding(text: str, expected: str | None) -> None:
    assert detect_legacy_encoding(text) == expected


@pytest.mark.parametrize("sentence", SENTENCES)
def test_detection_of_unicode_sentences_is_none(sentence: str) -> None:
    assert detect_legacy_encoding(sentence) is None


def test_detection_needs_evidence() -> None:
    # One short field is not enough to call it legacy.
    assert detect_legacy_encoding(encode_tcvn3("Điện thoại")) is None
    assert detect_legacy_encoding(encode_vni("Điện thoại")) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (encode_tcvn3("Trường THCS Hương Minh"), True),
        (encode_tcvn3("Đơn vị: Trường học"), True),
        ("Trường THCS Hương Minh", False),
        ("infor\u00admation", False),
        ("Tr\u00e0\u00adng", False),
    ],
)
def test_has_tcvn3_evidence(text: str, expected: bool) -> None:
    assert has_tcvn3_evidence(text) is expected


# ---------------------------------------------------------------- lost ư


def _without_soft_hyphens(text: str) -> str:
    """What a PDF text layer of a TCVN3 document gives after decoding."""
    return decode_tcvn3(encode_tcvn3(text).replace("\u00ad", ""))


@pytest.mark.parametrize(
    "text",
    [
        "Trường THCS Hương Minh",
        "phường Quang Trung",
        "Được tặng thưởng Bằng khen",
        "Thư điện tử",
        "như trên, nhưng đủ",
        "bước, hướng, rượu, Trưng Vương",
        "Người khai",
    ],
)
def test_restore_dropped_u(text: str) -> None:
    damaged = _without_soft_hyphens(text)
    assert damaged != text
    assert restore_dropped_u(damaged) == text


@pytest.mark.parametrize(
    "text",
    SENTENCES
    + [ENGLISH, "5 cm, 3 mm, 2 kg, 10 km, Tr. 5, SĐT, GDĐT, TP Hà Tĩnh, ĐHTT", "the 5th floor", "vợt, mời, tơi"],
)
def test_restore_dropped_u_leaves_valid_words(text: str) -> None:
    assert restore_dropped_u(text) == text
