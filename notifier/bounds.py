"""Bounds on what the service sends: subjects, quoted text and the size of a whole mail.

A reply quotes what the school sent (the subject, the unit, file names), and
a hostile mail can make any of those megabytes long or hide bidi controls in
them. Everything quoted is put on one line, loses invisible format
characters and is cut to a few hundred characters; a mail whose bodies would
pass ``MAX_MAIL_BYTES`` loses its HTML part first, then the tail of its text,
with a note saying so.
"""

from __future__ import annotations

from domain import one_line, visible

SUBJECT_CHARS = 200  # of the original subject quoted in "Re: ..."
QUOTED_CHARS = 300  # any other quoted value: greeting, unit, nominee, file name
MAX_LISTED = 30  # nominees, and file names per nominee, listed in one reply
MAX_MAIL_BYTES = 95_000  # text and HTML bodies together, quoted-printable encoded (headers fit in the rest of 100 kB)
CUT_NOTE = "\n\n(Thư quá dài nên phần còn lại đã được lược bớt.)\n"


def quoted(value: object, limit: int = QUOTED_CHARS) -> str:
    """A value from the sender's mail, safe to quote: one line, no invisible characters, at most ``limit``."""
    text = visible(one_line(str(value or "")[: limit * 4]))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wire_size(text: str) -> int:
    """Bytes ``text`` takes as a UTF-8 quoted-printable body (the encoding of every mail we send)."""
    data = text.encode("utf-8")
    escaped = len(data) - len(data.translate(None, _ESCAPED))
    return (len(data) + 2 * escaped) * 77 // 76 + 1  # "=XX" per escaped byte, soft breaks every 76


def fit_bodies(text: str, html: str | None, limit: int = MAX_MAIL_BYTES) -> tuple[str, str | None]:
    """Text and HTML bodies whose encoded size together stays within ``limit`` bytes."""
    size = wire_size(text)
    if html is not None and size + wire_size(html) <= limit:
        return text, html
    if size <= limit:
        return text, None
    room = limit - wire_size(CUT_NOTE)
    keep = len(text) * room // size
    while keep > 0 and wire_size(text[:keep]) > room:
        keep = keep * 9 // 10
    return text[:keep] + CUT_NOTE, None


_ESCAPED = bytes(range(128, 256)) + b"="
