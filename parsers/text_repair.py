"""Decoding e-mail bytes robustly and undoing mojibake.

Vietnamese mail arrives with wrong labels: ``charset=utf-8`` on a body that
is really Windows-1258 (which writes tones as combining marks, so it needs
NFC afterwards), or UTF-8 that some gateway decoded as cp1252/latin-1
("TrÆ°á»ng" for "Trường"). Both are repaired here by trying the plausible
decodings and scoring the results for Vietnamese plausibility: a word with
non-ASCII letters must be a well-formed Vietnamese syllable (onset, vowel
cluster, final consonant, one tone, tone allowed with the final).
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

__all__ = [
    "decode_bytes",
    "is_plausible_word",
    "is_vietnamese_syllable",
    "repair_mojibake",
    "vietnamese_score",
]

# --------------------------------------------------------------------------
# Vietnamese syllable structure
# --------------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_STOP_TONES = frozenset("\u0301\u0323")  # only sắc and nặng before -c -ch -p -t
_STOP_CODAS = frozenset({"c", "ch", "p", "t", "k"})

_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "k", "")

# Vowel clusters (without tone) that may take a final consonant, and which.
_CODAS_AFTER: dict[str, frozenset[str]] = {
    nucleus: frozenset(codas.split())
    for nucleus, codas in {
        "a": "c ch m n ng nh p t", "ă": "c k m n ng p t", "â": "c m n ng p t",
        "e": "c m n ng p t", "ê": "ch m n nh p t", "i": "ch m n nh p t",
        "o": "c m n ng p t", "ô": "c m n ng p t", "ơ": "m n p t",
        "u": "c m n ng p t", "ư": "c m n ng t", "y": "ch n nh p t",
        "iê": "c m n ng p t", "yê": "c m n ng p t", "uô": "c m n ng t",
        "ươ": "c m n ng p t", "oa": "c ch m n ng nh p t", "oă": "c m n ng t",
        "oe": "n t", "uâ": "n ng t", "uê": "ch nh", "uy": "ch n nh p t",
        "uyê": "n t", "oo": "c ng",
    }.items()
}
_OPEN_CLUSTERS = frozenset(_CODAS_AFTER)
# Clusters that end in a glide or are centring diphthongs: no final consonant.
_CLOSED_CLUSTERS = frozenset({
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi",
    "ua", "ui", "ưa", "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây",
    "uôi", "ươi", "ươu", "uya", "uyu", "uơ",
})
# Clusters that cannot end a syllable: ă â and the ie/uo/ươ diphthongs.
_NEEDS_CODA = frozenset({"ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo"})
_VOWELS = frozenset("aăâeêioôơuưy")
# k, gh, ngh only before front vowels; c, g, ng never before them ("gì" is
# parsed as gi + i).
_FRONT = frozenset("eêiy")


def _split_tone(word: str) -> tuple[str, list[str]]:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    base = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tones


def _rhyme_ok(onset: str, rhyme: str, tone: str | None) -> bool:
    for coda in _CODAS:
        if coda and not rhyme.endswith(coda):
            continue
        nucleus = rhyme[: len(rhyme) - len(coda)] if coda else rhyme
        if not nucleus or any(ch not in _VOWELS for ch in nucleus):
            continue
        if coda:
            if coda not in _CODAS_AFTER.get(nucleus, ()):
                continue
        elif nucleus not in _CLOSED_CLUSTERS and (
            nucleus not in _OPEN_CLUSTERS or nucleus in _NEEDS_CODA
        ):
            continue
        if coda in _STOP_CODAS and tone is not None and tone not in _STOP_TONES:
            continue
        first = nucleus[0]
        if onset in ("k", "gh", "ngh") and first not in _FRONT:
            continue
        if onset in ("c", "g", "ng") and first in _FRONT:
            continue
        if onset == "qu" and first == "u":
            continue
        return True
    return False


@functools.lru_cache(maxsize=16384)  # words repeat; long texts are scored often
def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` is a well-formed Vietnamese syllable (any case).

    Checks the spelling rules, not a dictionary: onset, vowel cluster, final
    consonant, at most one tone, and only sắc/nặng before a stop (-c -ch -p
    -t). Accepts lower case, upper case and Capitalised words only.
    """
    if not word or not (word.islower() or word.isupper() or word.istitle()):
        return False
    base, tones = _split_tone(word.lower())
    if len(tones) > 1:
        return False
    tone = tones[0] if tones else None
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme and rhyme[0] not in _VOWELS:
            rhyme = "i" + rhyme  # "gìn", "gịt": g + i...
        elif onset == "gi" and not rhyme:
            rhyme = "i"  # "gì"
        if rhyme and _rhyme_ok(onset, rhyme, tone):
            return True
    return False


_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_UPPER_CONSONANTS = frozenset("BCDĐGHKLMNPQRSTVXFJWZ")


def is_plausible_word(word: str) -> bool:
    """True for a plain-ASCII word, a Vietnamese syllable or an abbreviation.

    Abbreviations such as "GDĐT", "TĐKT", "SĐT" are capitals without a vowel.
    """
    if _ASCII_LETTERS.fullmatch(word):
        return True
    if word and all(ch in _UPPER_CONSONANTS for ch in word):
        return True
    return is_vietnamese_syllable(unicodedata.normalize("NFC", word))


# --------------------------------------------------------------------------
# Plausibility score
# --------------------------------------------------------------------------

# Words are runs of letters, plus the characters mis-decoding leaves inside
# words (latin-1 symbols such as "°" in "Æ°", C1 controls, U+FFFD, stray
# combining marks), so "TrÆ°á»ng" is one implausible word, not three
# plausible fragments. Common typography (curly quotes, dashes) splits words.
_JOINERS = "\u0080-\u009f\u00a1-\u00bf\u00d7\u00f7\u0300-\u036f\ufffd\u2020\u2021\u2030\u02c6\u02dc\u2122"
_WORD_RE = re.compile(f"(?:[^\\W\\d_]|[{_JOINERS}])+")


def _is_bad_char(ch: str) -> bool:
    return (
        ch == "\ufffd"
        or "\x80" <= ch <= "\x9f"
        or unicodedata.category(ch) == "Mn"
    )


def vietnamese_score(text: str) -> float:
    """Plausibility of ``text`` being correctly decoded Vietnamese (0..1).

    The fraction of word characters that sit in plausible words (plain
    ASCII, a Vietnamese syllable or an abbreviation such as "GDĐT"). U+FFFD,
    C1 controls and combining marks left over after NFC count once more as
    bad characters. Text without words scores 1.0.
    """
    text = unicodedata.normalize("NFC", text)
    total = valid = 0
    for word in _WORD_RE.findall(text):
        total += len(word)
        if is_plausible_word(word):
            valid += len(word)
    bad = sum(1 for ch in text if _is_bad_char(ch))
    denominator = total + bad
    if denominator == 0:
        return 1.0
    return valid / denominator


# --------------------------------------------------------------------------
# Decoding bytes
# --------------------------------------------------------------------------

_FALLBACKS = ("utf-8", "cp1258", "cp1252", "latin-1")
_GOOD_ENOUGH = 0.97  # a strict decode of the declared charset scoring this is kept
_DECLARED_BONUS = 0.1  # another charset must beat the declared one by this
_LEGACY_CHARSETS = {
    "tcvn": "tcvn3", "tcvn3": "tcvn3", "tcvn5712": "tcvn3", "tcvn57121": "tcvn3",
    "xviettcvn": "tcvn3", "xviettcvn5712": "tcvn3", "vni": "vni", "xvietvni": "vni",
}


def _codec_name(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return unicodedata.normalize("NFC", data.decode(codec))
    except (UnicodeDecodeError, LookupError):
        return None


def _legacy_charset(charset: str | None) -> str | None:
    if not charset:
        return None
    key = re.sub(r"[^a-z0-9]", "", charset.lower())
    return _LEGACY_CHARSETS.get(key)


def decode_bytes(data: bytes, declared_charset: str | None) -> str:
    """Decode mail or text bytes to NFC Unicode, whatever the label says.

    Valid multi-byte UTF-8 is taken as UTF-8 whatever the label. Otherwise
    the declared charset is tried strictly and kept if the result reads as
    plausible text; failing that Windows-1258 (Vietnamese, combining tones),
    cp1252 and latin-1 are tried too and the best :func:`vietnamese_score`
    wins, the declared charset keeping a head start.
    latin-1 always succeeds, so the result never contains U+FFFD unless the
    input did. UTF-8 mojibake inside the result is repaired.
    """
    if not data:
        return ""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return repair_mojibake(text)

    legacy = _legacy_charset(declared_charset)
    if legacy is not None:
        from parsers.legacy_encodings import decode_legacy

        return decode_legacy(data.decode("latin-1"), legacy)

    if not data.isascii():
        # Text in a single-byte charset practically never forms valid
        # multi-byte UTF-8, so a strict UTF-8 decode is the answer whatever
        # the label says (double-encoded UTF-8 is repaired below).
        text = _strict(data, "utf-8")
        if text is not None:
            return repair_mojibake(text)

    declared = _codec_name(declared_charset)
    if declared is not None:
        text = _strict(data, declared)
        if text is not None and (data.isascii() or vietnamese_score(text) >= _GOOD_ENOUGH):
            return repair_mojibake(text)

    best_text, best_score = None, -1.0
    order = ([declared] if declared else []) + [c for c in _FALLBACKS if c != declared]
    for codec in order:
        text = _strict(data, codec)
        if text is None:
            continue
        score = vietnamese_score(text) + (_DECLARED_BONUS if codec == declared else 0.0)
        if score > best_score:
            best_text, best_score = text, score
    assert best_text is not None  # latin-1 decodes anything
    return repair_mojibake(best_text)


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
