"""Pre-Unicode Vietnamese font encodings: TCVN3 (ABC) and VNI Windows.

Many school offices still type in fonts made for an 8-bit "font hack"
encoding. Word stores such text as the cp1252 characters whose codes the
font draws as Vietnamese letters, so a DOCX run in ``.VnTime`` holds
``"Tr\\xadêng"`` where the reader sees "Trường". Two families matter:

* **TCVN3 / ABC** -- TCVN 5712:1993, table VN3. One code per letter in
  0xA1..0xFE. VN3 has codes for all lower-case letters but, of the capitals,
  only Ă Â Ê Ô Ơ Ư Đ: capitals with a tone were typed with the companion
  "capital" fonts (``.VnTimeH``, ``.VnArialH``, ... names ending in ``H``),
  whose glyphs for the lower-case codes are capitals. Note 0xAD is ``ư``;
  read as latin-1 it is U+00AD SOFT HYPHEN, which many tools hide or drop.
* **VNI Windows** -- ``VNI-Times``, ``VNI-Helve``, ... A toned vowel is the
  base letter followed by one mark character (``"aø"`` = à, ``"oâ"`` = ô,
  ``"oà"`` = ồ); a few letters (đ ơ ư and the i/ỵ family) have one code.
  Upper case letters use the upper-case mark characters (``"AØ"`` = À).

The tables below are the published code charts, kept as data: VN3 (its
positions agree with glibc's TCVN5712-1, which is the fuller VN1 table and
also puts toned capitals into the gaps VN3 leaves unused; those are not
decoded here because ABC fonts do not draw them) and the VNI Windows chart
used by VNI fonts and by converters such as Unikey. All results are NFC.

Length: over 300 lines on purpose: most of it is the two code tables and
their documentation; the code that uses them is short.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from parsers.vietnamese_syllables import is_plausible_word, is_vietnamese_syllable

__all__ = [
    "decode_legacy",
    "decode_tcvn3",
    "decode_vni",
    "detect_legacy_encoding",
    "encode_tcvn3",
    "encode_vni",
    "has_tcvn3_evidence",
    "legacy_encoding_for_font",
    "restore_dropped_u",
]

# --------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993, table VN3)
# --------------------------------------------------------------------------

# Code (as a latin-1 / cp1252 character) -> Unicode letter. Complete VN3:
# 7 capitals without tone, 7 plain lower-case letters, 12 x 5 toned vowels.
_TCVN3_CODES: dict[int, str] = {
    # Ă Â Ê Ô Ơ Ư Đ and ă â ê ô ơ ư đ
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    # a
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    # ă
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    # â
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    # e
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    # ê
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    # i
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    # o
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    # ô
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    # ơ
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    # u
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    # ư
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    # y
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

_TCVN3_ENCODE = {ord(letter): chr(code) for code, letter in _TCVN3_CODES.items()}

# --------------------------------------------------------------------------
# VNI Windows
# --------------------------------------------------------------------------

# Combining tone marks (Unicode) -> VNI mark character after a plain vowel.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"

_VNI_TONE_MARK = {_GRAVE: "ø", _ACUTE: "ù", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
# Marks that also carry the circumflex (a e o) or the breve (a only).
_VNI_CIRCUMFLEX_MARK = {"": "â", _GRAVE: "à", _ACUTE: "á", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE_MARK = {"": "ê", _GRAVE: "è", _ACUTE: "é", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
# Letters with a code of their own.
_VNI_SINGLE_CODES = {
    "đ": "ñ", "ơ": "ô", "ư": "ö",
    "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ỵ": "î",
}
# Bases written as one character that then take a tone mark: ơ and ư.
_VNI_HORN_BASES = {"ơ": "ô", "ư": "ö"}


def _build_vni_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Unicode letter -> VNI text, and the decode tables (pairs, singles).

    Built from the mark tables above, lower and upper case, so that the
    encode and decode directions can never disagree.
    """
    encode: dict[str, str] = {}

    def add(letter: str, code: str) -> None:
        letter = unicodedata.normalize("NFC", letter)
        encode[letter] = code
        encode[letter.upper()] = code.upper()

    for vowel in "aeouy":
        for tone, mark in _VNI_TONE_MARK.items():
            add(vowel + tone, vowel + mark)
    for vowel in "aeo":
        for tone, mark in _VNI_CIRCUMFLEX_MARK.items():
            add(vowel + "\u0302" + tone, vowel + mark)
    for tone, mark in _VNI_BREVE_MARK.items():
        add("a\u0306" + tone, "a" + mark)
    for letter, base in _VNI_HORN_BASES.items():
        for tone, mark in _VNI_TONE_MARK.items():
            add(letter + tone, base + mark)
    for letter, code in _VNI_SINGLE_CODES.items():
        add(letter, code)

    pairs: dict[str, str] = {}
    singles: dict[str, str] = {}
    for letter, code in encode.items():
        if len(code) == 1:
            singles[code] = letter
        else:
            base, mark = code
            # Accept the mark in either case: the letter's case is the base's.
            for m in {mark, mark.lower(), mark.upper()}:
                pairs[base + m] = letter
    return encode, pairs, singles


_VNI_ENCODE, _VNI_PAIRS, _VNI_SINGLES = _build_vni_tables()
_VNI_PAIR_BASES = frozenset(pair[0] for pair in _VNI_PAIRS)

# --------------------------------------------------------------------------
# Decoding and encoding
# --------------------------------------------------------------------------


def decode_tcvn3(text: str, caps: bool = False) -> str:
    """Decode text typed in a TCVN3 (ABC) font and read as cp1252/latin-1.

    ``caps=True`` is for the capital fonts (``.VnTimeH`` ...): they draw every
    code, lower-case ones included, as a capital, so the result is
    upper-cased. Characters outside the VN3 table (ASCII, and anything that
    is already real Unicode) pass through unchanged.
    """
    decoded = text.translate(_TCVN3_CODES)
    if caps:
        decoded = decoded.upper()
    return unicodedata.normalize("NFC", decoded)


def encode_tcvn3(text: str) -> str:
    """Encode Unicode Vietnamese as TCVN3 (VN3) code points.

    VN3 has no code for a capital with a tone (À, Ấ, Ố ...): such a letter is
    written with the lower-case code, exactly as an ABC keyboard driver does,
    and only a capital font (decode with ``caps=True``) shows it as a capital.
    So ``decode_tcvn3(encode_tcvn3(s)) == s`` for lower-case text and for the
    capitals VN3 has (Ă Â Ê Ô Ơ Ư Đ and A-Z), and
    ``decode_tcvn3(encode_tcvn3(s), caps=True) == s.upper()`` for any text.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(ord(ch))
        if code is None and ch.isupper():
            code = _TCVN3_ENCODE.get(ord(ch.lower()))
        out.append(code if code is not None else ch)
    return "".join(out)


def decode_vni(text: str) -> str:
    """Decode text typed in a VNI font (two code points per toned vowel)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _VNI_PAIR_BASES and i + 1 < n:
            letter = _VNI_PAIRS.get(ch + text[i + 1])
            if letter is not None:
                out.append(letter)
                i += 2
                continue
        out.append(_VNI_SINGLES.get(ch, ch))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def encode_vni(text: str) -> str:
    """Encode Unicode Vietnamese as VNI Windows code points (exact inverse)."""
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def decode_legacy(text: str, encoding: str, caps: bool = False) -> str:
    """Decode ``text`` from ``encoding`` ("tcvn3" or "vni")."""
    name = encoding.strip().lower().replace("-", "").replace("_", "")
    if name in ("tcvn3", "tcvn", "abc", "vn3"):
        return decode_tcvn3(text, caps=caps)
    if name in ("vni", "vniwindows", "vniwin"):
        return decode_vni(text)
    raise ValueError(f"unknown legacy Vietnamese encoding: {encoding!r}")


# --------------------------------------------------------------------------
# TCVN3 "ư" lost as a soft hyphen
# --------------------------------------------------------------------------

_WORD_RE = re.compile(r"(?<!\d)[^\W\d_]+")  # not the "th" of "5th"
_HORN_O = frozenset("ơờớởỡợƠỜỚỞỠỢ")
_VOWEL_LETTERS = frozenset("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
# Valid words that are, in practice, almost always a lost-ư spelling.
_LOST_U_WORDS = {"ngời": "người"}


def _with_case_of(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _restore_word(word: str) -> str:
    override = _LOST_U_WORDS.get(word.lower())
    if override is not None:
        return _with_case_of(word, override)
    u = "Ư" if word.isupper() else "ư"
    if not any(ch in _VOWEL_LETTERS for ch in unicodedata.normalize("NFD", word)):
        # Only consonants are left of "như", "thư", "nhưng", "trưng"; other
        # vowel-less words (cm, kg, GDĐT, Tr.) are abbreviations.
        low = word.lower()
        if word.isupper() or len(low) < 2:
            return word
        if low in ("nh", "th"):
            return word + u
        if len(low) > 2 and low.endswith("ng"):
            candidate = word[:-2] + u + word[-2:]
            if is_vietnamese_syllable(candidate):
                return candidate
        return word
    if is_plausible_word(word):
        return word
    for index, ch in enumerate(word):
        if ch in _HORN_O:
            if index > 0 and word[index - 1] not in "uưUƯ":
                # "Trờng", "đợc", "nớc": the ư of "ươ" is missing.
                candidate = word[:index] + u + word[index:]
                if is_vietnamese_syllable(candidate):
                    return candidate
            break
    return word


def restore_dropped_u(text: str) -> str:
    """Put back a TCVN3 ``ư`` that was lost as a soft hyphen, in decoded text.

    TCVN3 writes ``ư`` as 0xAD, which LibreOffice, browsers and PDF text
    layers treat as an invisible soft hyphen and drop, leaving "Trờng",
    "đợc", "nhng", "Th điện tử" after decoding. Only words that are not
    valid Vietnamese as they stand are changed (plus "ngời" -> "người"), so
    "vợt"/"vượt" and "mời"/"mười" stay as written. Meant for whole decoded
    texts known to have lost their soft hyphens (a PDF text layer), not for
    DOCX runs, which keep U+00AD and may split a word across runs.
    """
    return _WORD_RE.sub(lambda m: _restore_word(m.group(0)), text)


# --------------------------------------------------------------------------
# Recognising the encoding
# --------------------------------------------------------------------------

_PDF_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(
    r"[-,]\s*(bold|italic|oblique|regular|normal|bolditalic|boldoblique|bold\s*italic)$",
    re.IGNORECASE,
)


def legacy_encoding_for_font(font_name: str | None) -> tuple[str, bool] | None:
    """Return ``("tcvn3", caps)``, ``("vni", False)`` or None for a font name.

    TCVN3 fonts are the ABC family, all named ``.Vn...`` (``.VnTime``,
    ``.VnArial``, ``.VnCentury Schoolbook``); those ending in ``H`` are the
    capital fonts. VNI fonts are named ``VNI-...``. PDF subset tags
    (``ABCDEF+``) and style suffixes (``,Bold``, ``-Italic``) are ignored.
    """
    if not font_name:
        return None
    name = font_name.strip().strip("'\"").strip()
    name = _PDF_SUBSET_TAG.sub("", name)
    while True:
        stripped = _STYLE_SUFFIX.sub("", name).strip()
        if stripped == name:
            break
        name = stripped
    lowered = name.lower()
    if lowered.startswith(".vn") and len(lowered) > 3:
        return ("tcvn3", lowered.endswith("h"))
    if re.match(r"vni[-_ ]\S", lowered):
        return ("vni", False)
    return None


# Tokens: runs of letters, the latin-1 upper half (where both legacy
# encodings live) and Vietnamese Unicode letters and marks.
_TOKEN_RE = re.compile(r"[A-Za-z\u00a1-\u00ff\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]+")
_LEGACY_RANGE = re.compile(r"[\u00a1-\u00ff]")

# Latin-1 characters that are Vietnamese letters in Unicode as well.
_LATIN1_VIETNAMESE = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# TCVN3 codes that are not Vietnamese letters in Unicode (§ = Đ, ¸ = á,
# ¬ = ơ ...): they never occur in real Unicode Vietnamese.
_TCVN3_SIGNATURE = frozenset(
    chr(code) for code in _TCVN3_CODES if chr(code) not in _LATIN1_VIETNAMESE
)
# U+00AD followed by the TCVN3 code of ơ/ờ/ớ/ở/ỡ/ợ: the cluster "ươ".
_TCVN3_UO = re.compile("\u00ad[\u00ac\u00ea\u00ed\u00eb\u00ec\u00ee]")

_MIN_TOKENS = 3  # fewer legacy-looking words than this is not evidence


def _gain(tokens: list[str], decode: Callable[[str], str]) -> tuple[int, int]:
    """Words made plausible Vietnamese by ``decode``, and words it broke."""
    gain = loss = 0
    for token in tokens:
        decoded = decode(token)
        if decoded == token:
            continue
        before = is_plausible_word(token)
        after = is_plausible_word(decoded)
        if after and not before:
            gain += 1
        elif before and not after:
            loss += 1
    return gain, loss


def detect_legacy_encoding(text: str) -> str | None:
    """Guess "tcvn3" or "vni" for text with no font information, else None.

    Both encodings live in the latin-1 upper half, where real Unicode
    Vietnamese and French/German text also have letters, so a character
    count alone misfires. Instead every word holding such characters is
    decoded both ways and checked for Vietnamese syllable structure: an
    encoding wins only if it turns several implausible words (and most of
    them) into valid syllables while breaking (almost) none.
    """
    # One-character tokens ("§ 5", "« Oui »") say nothing about the encoding.
    tokens = [t for t in _TOKEN_RE.findall(text) if len(t) > 1 and _LEGACY_RANGE.search(t)]
    if len(tokens) < _MIN_TOKENS:
        return None
    best, best_gain = None, 0
    for name, decode in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        gain, loss = _gain(tokens, decode)
        if gain < _MIN_TOKENS or gain < 0.5 * len(tokens) or loss * 5 > gain:
            continue
        if gain > best_gain:
            best, best_gain = name, gain
    return best


def has_tcvn3_evidence(text: str) -> bool:
    """Weak test used to protect U+00AD (TCVN3 ``ư``) in short strings.

    True when the text has a soft hyphen, no Vietnamese letters beyond
    latin-1 (so it has not been decoded yet) and either the TCVN3 spelling
    of "ươ" or another TCVN3 signature character (a code that is not a
    Unicode Vietnamese letter, such as ``§`` = Đ, ``¸`` = á, ``¬`` = ơ).
    """
    if "\u00ad" not in text:
        return False
    if any("\u0100" <= ch <= "\u01b0" or "\u1ea0" <= ch <= "\u1ef9" for ch in text):
        return False
    if _TCVN3_UO.search(text):
        return True
    if any(ch in _TCVN3_SIGNATURE and ch != "\u00ad" for ch in text):
        return True
    return detect_legacy_encoding(text) == "tcvn3"
