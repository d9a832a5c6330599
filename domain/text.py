"""Text helpers every stage uses the same way."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
# Zero-width and other invisible format characters, and the soft hyphen.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u180e\u00ad]")
# Letters without a Unicode decomposition to a base letter. Icelandic eth
# (Ð ð) is a common stand-in for Vietnamese Đ in old documents.
_FOLD_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str | None) -> str:
    """Accent-, case- and width-insensitive key used for every comparison: "Họ và tên" -> "ho va ten".

    Compatibility decomposition (full-width letters, ligatures), every
    combining mark removed, đ -> d, lower case, zero-width characters and
    soft hyphens dropped, whitespace collapsed.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD_LETTERS)
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", stripped).lower()).strip()


def one_line(value: object, limit: int | None = None) -> str:
    """Any value as one NFC line (no header injection), cut to ``limit`` characters with an ellipsis."""
    text = nfc(" ".join(str(value if value is not None else "").split()))
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def visible(text: str) -> str:
    """``text`` without invisible format characters (Unicode category Cf: bidi controls such as
    U+202E RIGHT-TO-LEFT OVERRIDE, zero-width characters, soft hyphens), NFC: safe to show as a name."""
    if text.isascii():
        return text
    return nfc("".join(ch for ch in text if unicodedata.category(ch) != "Cf"))


def error_line(exc: BaseException, *, with_type: bool = True, limit: int = 500) -> str:
    """An exception as one line for a reason column or a log: ``Type: message``.

    Private exception classes are named by their first public parent.
    """
    message = one_line(exc)
    if not with_type:
        return one_line(message or type(exc).__name__, limit)
    name = next((c.__name__ for c in type(exc).__mro__ if not c.__name__.startswith("_")), type(exc).__name__)
    return one_line(f"{name}: {message}" if message else name, limit)
