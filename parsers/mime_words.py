"""Decoding of header words and text parts (RFC 2047, RFC 2231, RFC 3676).

Split from ``parsers.mime`` so the structure walk and the charset work each
have a module. Every function here is total: bad or unknown charsets are
repaired through ``parsers.text_repair.decode_bytes``, never raised.
"""

from __future__ import annotations

import binascii
import re
import unicodedata
from email.message import Message

from parsers.text_repair import decode_bytes

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def _decode(data: bytes, charset: str | None) -> str:
    """``decode_bytes`` with a last-resort fallback: decoding never raises."""
    try:
        return decode_bytes(data, charset)
    except Exception:
        return data.decode("utf-8", "replace")


def _unescape(text: str) -> str:
    """A header/parameter str whose raw 8-bit octets the stdlib kept as surrogates."""
    if not re.search(r"[\udc80-\udcff]", text):
        return text
    return _decode(text.encode("utf-8", "surrogateescape"), "utf-8")


def _word_bytes(kind: str, text: str) -> bytes:
    """Payload of one encoded-word, B or Q (RFC 2047 section 4), tolerating bad padding."""
    if kind in "bB":
        text = re.sub(r"[^A-Za-z0-9+/]", "", text)
        text = text[: len(text) - 1] if len(text) % 4 == 1 else text
        return binascii.a2b_base64(text + "=" * (-len(text) % 4))
    return binascii.a2b_qp(text.encode("utf-8", "surrogateescape"), header=True)


def decode_header_value(value: str) -> str:
    """Decode an unstructured header value: RFC 2047 encoded-words and raw 8-bit text.

    Adjacent encoded-words in one charset are joined before decoding, so a
    UTF-8 sequence split across words survives; whitespace between words is
    dropped (RFC 2047 section 6.2).  Result is NFC on one line.
    """
    value = re.sub(r"\r?\n(?=[ \t])", "", value)  # unfold, RFC 5322 section 2.2.3
    pieces: list[tuple[bytes | str, str | None]] = []
    pos = 0
    for word in _ENCODED_WORD.finditer(value):
        gap = value[pos : word.start()]
        if gap and not (gap.isspace() and pieces and pieces[-1][1] is not None):
            pieces.append((gap, None))
        charset = word.group(1).split("*", 1)[0].lower()  # RFC 2231 section 5 language tag
        data = _word_bytes(word.group(2), word.group(3))
        if pieces and pieces[-1][1] == charset:
            data = pieces.pop()[0] + data  # type: ignore[operator]
        pieces.append((data, charset))
        pos = word.end()
    pieces.append((value[pos:], None))
    text = "".join(_decode(p, cs) if cs else _unescape(p) for p, cs in pieces)  # type: ignore[arg-type]
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", unicodedata.normalize("NFC", text))
    return re.sub(r"\s{2,}", " ", text).strip()


def param_value(part: Message, name: str, header: str) -> str | None:
    """A filename parameter: RFC 2231 (charset, continuations) or RFC 2047 in quotes.

    The base name only (no client path), NFC, control characters removed.
    """
    try:
        value = part.get_param(name, header=header)
    except Exception:
        return None
    if isinstance(value, tuple):  # RFC 2231: (charset, language, %-decoded latin-1 text)
        charset, _, text = value
        try:
            octets = text.encode("latin-1", "surrogateescape")
        except UnicodeEncodeError:
            octets = text.encode("utf-8", "surrogateescape")
        text = _decode(octets, charset or "utf-8")
    elif value is None:
        return None
    else:
        text = str(value)
        if "\ufffd" in text:  # raw 8-bit bytes in the header (no RFC 2047/2231): decode them ourselves
            text = _eight_bit_param(part, name, header) or text
    text = decode_header_value(text).replace("\\", "/").rsplit("/", 1)[-1].strip()
    return text or None


def _eight_bit_param(part: Message, name: str, header: str) -> str | None:
    """A parameter from a header sent as raw 8-bit text (RFC 6532 style, or just a careless client).

    The stdlib keeps such bytes surrogate-escaped in the raw header but hands
    parameters out with U+FFFD; the raw bytes are decoded like a body (UTF-8,
    else Windows-1258 ...) and the parameter read again from that text.
    """
    raw = next((v for k, v in getattr(part, "_headers", []) if k.lower() == header.lower()), None)
    if not isinstance(raw, str):
        return None
    text = _decode(raw.encode("ascii", "surrogateescape"), None)
    probe = Message()
    probe[header] = text
    value = probe.get_param(name, header=header)
    return str(value) if value is not None and not isinstance(value, tuple) else None


def decode_text(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """Text of a body part, and a defect note when the declared charset was wrong."""
    text = _decode(data, charset)
    try:
        strict = data.decode(charset or "us-ascii")
    except (LookupError, UnicodeError):
        strict = None
    if charset and strict is None:
        return text, f"declared charset {charset!r} does not fit its bytes; repaired"
    if strict is not None and unicodedata.normalize("NFC", strict) != unicodedata.normalize("NFC", text):
        return text, f"text in declared charset {charset or 'us-ascii'!r} was mis-encoded; repaired"
    return text, None
