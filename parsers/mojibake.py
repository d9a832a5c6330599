"""Undo mojibake: UTF-8 that a gateway decoded as cp1252 or latin-1 ("TrÆ°á»ng" for "Trường")."""

from __future__ import annotations

import re
import unicodedata

from parsers.vietnamese_syllables import is_vietnamese_syllable, vietnamese_score

__all__ = ["repair_mojibake"]

# --------------------------------------------------------------------------
# Mojibake: UTF-8 read as cp1252 / latin-1
# --------------------------------------------------------------------------


def _sloppy_cp1252_table() -> dict[str, int]:
    """Character -> byte for cp1252, with latin-1 C1 controls for its holes.

    A UTF-8 byte read as latin-1 becomes U+0080..U+009F; read as cp1252 it
    becomes the cp1252 character, except 0x81 0x8D 0x8F 0x90 0x9D, which
    cp1252 leaves undefined and decoders drop or replace with U+FFFD.
    """
    table: dict[str, int] = {}
    for byte in range(256):
        table[chr(byte)] = byte  # latin-1, including the C1 controls
    for byte in range(0x80, 0xA0):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            pass
    return table


_TO_BYTE = _sloppy_cp1252_table()
_CP1252_HOLES = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# Tie-break between candidate letters, most frequent first.
_LETTER_PRIOR = "ờọềỏĐÁÍÝỐ"
_LEAD_CHARS = frozenset(ch for ch, b in _TO_BYTE.items() if 0xC2 <= b <= 0xF4)
_VIETNAMESE_LETTER_SET = frozenset(
    variant
    for base in ("a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b",
                 "u", "u\u031b", "y")
    for mark in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    for letter in (unicodedata.normalize("NFC", base + mark),)
    for variant in (letter, letter.upper())
) | {"đ", "Đ"}

# Common syllables, used only to choose between letters whose UTF-8 form
# lost a byte that cp1252 cannot represent (ề ọ ỏ ờ all share E1 BB xx).
_COMMON_SYLLABLES = {
    "người": 3, "trường": 3, "học": 3, "giỏi": 3, "về": 3, "đề": 3, "họ": 3,
    "mọi": 3, "gọi": 3, "đọc": 3, "chọn": 3, "trọng": 3, "thời": 3, "giờ": 3,
    "đời": 3, "lời": 3, "mời": 3, "bỏ": 3, "hỏi": 3, "đều": 3, "tờ": 3, "nhỏ": 3,
    "phường": 3, "đường": 3, "thường": 3, "nhiều": 3, "điều": 3, "khỏe": 3,
    "họp": 2, "ngọc": 2, "bọn": 2, "lọc": 2, "thọ": 2, "tọa": 2, "họa": 2,
    "vọng": 2, "nền": 2, "bền": 2, "mềm": 2, "tiền": 2, "quyền": 2, "liền": 2,
    "hiền": 2, "miền": 2, "đỏ": 2, "cỏ": 2, "tỏ": 2, "mỏi": 2, "khỏi": 2,
    "lỏng": 2, "hỏng": 2, "mỏng": 2, "chờ": 2, "trời": 2, "nhờ": 2, "cờ": 2,
    "bờ": 2, "mười": 2, "cười": 2, "vườn": 2, "ngờ": 2, "rời": 2,
}


def _sequence_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _try_decode(raw: bytes) -> str | None:
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded if len(decoded) == 1 else None


def _scan_run(run: str) -> tuple[list[str | list[str]], list[str], int]:
    """Re-decode one run of single-byte characters as UTF-8.

    Returns pieces (strings, or lists of candidate letters where a byte was
    lost), the characters of the sequences that decoded cleanly, and the
    number of strong guesses: lost bytes after two present bytes of a
    sequence, or marked by U+FFFD.
    """
    pieces: list[str | list[str]] = []
    clean: list[str] = []
    strong = 0
    i, n = 0, len(run)
    while i < n:
        ch = run[i]
        lead = _TO_BYTE.get(ch, -1)
        need = _sequence_length(lead)
        if need == 0:
            pieces.append(ch)
            i += 1
            continue
        raw = bytearray([lead])
        j = i + 1
        while j < n and len(raw) < need and 0x80 <= _TO_BYTE.get(run[j], -1) <= 0xBF:
            raw.append(_TO_BYTE[run[j]])
            j += 1
        if len(raw) == need:
            decoded = _try_decode(bytes(raw))
            if decoded is not None:
                pieces.append(decoded)
                clean.append(decoded)
                i = j
                continue
        elif len(raw) == need - 1:
            # One byte missing: dropped by a cp1252 decoder, or replaced.
            replaced = j < n and run[j] == "\ufffd"
            candidates = sorted(
                (
                    decoded
                    for hole in _CP1252_HOLES
                    if (decoded := _try_decode(bytes(raw) + bytes([hole]))) is not None
                    and decoded in _VIETNAMESE_LETTER_SET
                ),
                key=_LETTER_PRIOR.find,
            )
            if candidates:
                pieces.append(candidates)
                strong += replaced or len(raw) >= 2
                i = j + 1 if replaced else j
                continue
        pieces.append(ch)
        i += 1
    return pieces, clean, strong


_LEADING_LETTERS = re.compile(r"[^\W\d_]*")
_TRAILING_LETTERS = re.compile(r"[^\W\d_]*$")


def _word_around(chosen: list[str], index: int) -> tuple[str, str]:
    """The letters before and after piece ``index`` within its word."""
    before: list[str] = []
    k = index - 1
    while k >= 0:
        tail = _TRAILING_LETTERS.search(chosen[k]).group(0)
        before.append(tail)
        if len(tail) < len(chosen[k]):
            break
        k -= 1
    after: list[str] = []
    k = index + 1
    while k < len(chosen):
        head = _LEADING_LETTERS.match(chosen[k]).group(0)
        after.append(head)
        if len(head) < len(chosen[k]):
            break
        k += 1
    return "".join(reversed(before)), "".join(after)


def _choose(pieces: list[str | list[str]]) -> str:
    """Resolve lost-byte candidates using the surrounding word."""
    chosen = [p if isinstance(p, str) else p[0] for p in pieces]
    for index, piece in enumerate(pieces):
        if isinstance(piece, str) or len(piece) == 1:
            continue
        prefix, suffix = _word_around(chosen, index)

        def rank(candidate: str) -> tuple[bool, int, int]:
            word = prefix + candidate + suffix
            return (
                is_vietnamese_syllable(word),
                _COMMON_SYLLABLES.get(word.lower(), 0),
                -piece.index(candidate),
            )

        chosen[index] = max(piece, key=rank)
    return "".join(chosen)


_RUN_RE = re.compile("[" + re.escape("".join(sorted(_TO_BYTE))) + "\ufffd]+")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252 or latin-1, when clearly so.

    Every maximal run of characters that a single-byte decoder can produce
    is re-encoded and its valid UTF-8 sequences decoded ("Æ°" -> "ư"); a
    sequence whose last byte a cp1252 decoder dropped (0x81 0x8D 0x8F 0x90
    0x9D) is completed with the letter that makes a Vietnamese syllable
    (guessing needs clean sequences elsewhere, or a sequence with two of
    its three bytes, or a U+FFFD where the byte was). The
    repair is kept only if it raises :func:`vietnamese_score`, so correct
    text is returned unchanged; repairing twice is the same as repairing
    once. Non-Vietnamese mojibake ("CafÃ©") is repaired when the scores tie
    and every repaired sequence is an ordinary character.
    """
    if not any(ch in _LEAD_CHARS for ch in text):
        return text
    clean: list[str] = []
    strong = 0
    guessed = False
    pieces: list[str | list[str]] = []
    position = 0
    for match in _RUN_RE.finditer(text):
        pieces.append(text[position:match.start()])
        run_pieces, run_clean, run_strong = _scan_run(match.group(0))
        pieces.extend(run_pieces)
        clean.extend(run_clean)
        strong += run_strong
        guessed = guessed or any(isinstance(p, list) for p in run_pieces)
        position = match.end()
    pieces.append(text[position:])
    if not clean and not strong:
        return text
    repaired = unicodedata.normalize("NFC", _choose(pieces))
    if repaired == text:
        return text
    before, after = vietnamese_score(text), vietnamese_score(repaired)
    if after > before:
        return repaired
    # Not Vietnamese ("CafÃ©"): equal scores, but every repaired sequence is
    # an ordinary letter, punctuation mark, symbol or space.
    if after == before and not guessed and all(
        unicodedata.category(ch)[0] in "LPSZ" for ch in clean
    ):
        return repaired
    return text
