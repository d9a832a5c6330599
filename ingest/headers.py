"""A tolerant summary of a raw message's headers for the ``message`` row.

The full MIME parse happens later in ``parsers/``; here we only need enough
to list and deduplicate messages, and it must never fail, whatever the bytes.
"""

from __future__ import annotations

import email.header
import email.parser
import email.policy
import email.utils
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass
class HeaderSummary:
    message_id: str | None = None
    sender: str | None = None
    sender_name: str | None = None
    subject: str | None = None
    sent_at: datetime | None = None
    in_reply_to: str | None = None


def decode_words(value: str | None) -> str | None:
    """RFC 2047 encoded-words to text; unknown charsets fall back to UTF-8 with replacement."""
    if value is None:
        return None
    parts = []
    try:
        chunks = email.header.decode_header(value)
    except Exception:  # noqa: BLE001 - header bytes from the wild; keep the raw text
        return " ".join(value.split())
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            try:
                parts.append(chunk.decode(charset or "utf-8", errors="replace"))
            except LookupError:
                parts.append(chunk.decode("utf-8", errors="replace"))
        else:
            parts.append(chunk)
    return unicodedata.normalize("NFC", " ".join("".join(parts).split()))


def _message_id(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    start, end = value.find("<"), value.find(">")
    if start != -1 and end > start:
        value = value[start : end + 1]
    return value[:998] or None


_EMPTY_LINE = re.compile(rb"\r?\n\r?\n")


def header_block(raw: bytes) -> bytes:
    """The bytes up to the first empty line: a message's header section (RFC 5322 section 2.1).

    One scan that stops at the first empty line, CRLF or bare LF; searching
    for each line ending apart would read all of a CRLF message for ``\n\n``.
    """
    end = _EMPTY_LINE.search(raw)
    return raw[: end.start()] + b"\r\n" if end else raw


SHOWN_CHARS = 1000  # of Subject and the sender's name, as listed; a hostile mail may send megabytes


def _capped(value: str | None) -> str | None:
    return value if value is None or len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def summarise_headers(raw: bytes) -> HeaderSummary:
    summary = HeaderSummary()
    try:  # only the header block: the parser would otherwise walk every attachment's bytes
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(header_block(raw))
    except Exception:  # noqa: BLE001 - unparseable bytes still get a row; the parse stage fails them
        return summary
    summary.message_id = _message_id(headers.get("Message-ID"))
    summary.in_reply_to = _message_id(headers.get("In-Reply-To"))
    summary.subject = _capped(decode_words(str(headers.get("Subject") or "")[: 4 * SHOWN_CHARS] or None))
    name, address = email.utils.parseaddr(str(headers.get("From") or ""))
    summary.sender = address.lower()[:320] or None
    summary.sender_name = _capped(decode_words(name[: 4 * SHOWN_CHARS]) or None)
    try:
        sent = email.utils.parsedate_to_datetime(str(headers.get("Date")))
        summary.sent_at = sent if sent.tzinfo else sent.replace(tzinfo=timezone.utc)
    except (TypeError, ValueError, IndexError):
        summary.sent_at = None
    return summary
