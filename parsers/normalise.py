"""Whitespace and Unicode clean-up, and an accent-blind matching key.

Vietnamese text from Word, PDF and mail arrives in NFC or NFD (macOS and
Windows-1258 produce combining tones), with zero-width characters, NBSPs
and hard-to-see Unicode spaces. ``clean_text`` gives one canonical NFC form
for storage and display (the matching key, ``fold``, is ``domain.fold``).
"""

from __future__ import annotations

import re
import unicodedata

from parsers.legacy_encodings import has_tcvn3_evidence

__all__ = ["clean_text"]

# Invisible format characters: ZWSP, ZWNJ, ZWJ, LRM/RLM, word joiner,
# invisible operators, BOM / ZWNBSP, Mongolian vowel separator.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060-\u2064\ufeff\u180e]")
_SOFT_HYPHEN = "\u00ad"
# Unicode spaces other than the ASCII space: NBSP, Ogham, en/em/thin...,
# narrow NBSP, medium mathematical space, ideographic space.
_UNICODE_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Line breaks other than "\n": CRLF, CR, VT, FF, NEL, LINE/PARAGRAPH SEPARATOR.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls other than tab and newline never carry meaning in text.
_C0_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_HORIZONTAL_RUNS = re.compile("[ \t]+")
_BLANK_LINE_RUNS = re.compile("\n{3,}")
_ANY_WHITESPACE = re.compile(r"\s+")


def clean_text(text: str, keep_newlines: bool = True) -> str:
    """Canonical NFC text with tidy whitespace.

    Removes zero-width characters and C0 controls, and soft hyphens unless
    the text is still undecoded TCVN3 (where U+00AD is the letter ``ư``).
    Unicode spaces become a plain space, runs of spaces and tabs collapse to
    one space, and each line is stripped. With ``keep_newlines`` at most one
    blank line is kept between paragraphs and leading/trailing blank lines
    go; without it the whole text becomes one line of single spaces.
    """
    if not text:
        return ""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _C0_CONTROLS.sub("", text)
    if _SOFT_HYPHEN in text and not has_tcvn3_evidence(text):
        text = text.replace(_SOFT_HYPHEN, "")
    text = _UNICODE_SPACES.sub(" ", text)
    if not keep_newlines:
        return _ANY_WHITESPACE.sub(" ", text).strip()
    lines = [_HORIZONTAL_RUNS.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINE_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
