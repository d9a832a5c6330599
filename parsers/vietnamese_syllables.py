"""Is this a Vietnamese word? Syllable structure, and a plausibility score for whole texts.

A word with non-ASCII letters must be a well-formed Vietnamese syllable:
onset, vowel cluster, final consonant, one tone, and a tone allowed with the
final. Decoders use the score to choose between candidate decodings
(``parsers.text_repair``, ``parsers.mojibake``, ``parsers.legacy_encodings``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["is_plausible_word", "is_vietnamese_syllable", "vietnamese_score"]

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
