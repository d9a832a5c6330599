"""Decoding e-mail bytes robustly and undoing mojibake.

Vietnamese mail arrives with wrong labels: ``charset=utf-8`` on a body that
is really Windows-1258 (which writes tones as combining marks, so it needs
NFC afterwards), or UTF-8 that some gateway decoded as cp1252/latin-1
("TrÆ°á»ng" for "Trường"). Both are repaired here by trying the plausible
decodings and scoring the results for Vietnamese plausibility
(``parsers.vietnamese_syllables``); mojibake is undone by
``parsers.mojibake``. The names below are this module's public interface.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from parsers.mojibake import repair_mojibake
from parsers.vietnamese_syllables import is_plausible_word, is_vietnamese_syllable, vietnamese_score

__all__ = [
    "decode_bytes",
    "is_plausible_word",
    "is_vietnamese_syllable",
    "repair_mojibake",
    "vietnamese_score",
]

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
