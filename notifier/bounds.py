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
MAX_MAIL_BYTES = 100_000  # text and HTML bodies together, before transfer encoding
CUT_NOTE = "\n\n(Thư quá dài nên phần còn lại đã được lược bớt.)\n"


def quoted(value: object, limit: int = QUOTED_CHARS) -> str:
    """A value from the sender's mail, safe to quote: one line, no invisible characters, at most ``limit``."""
    text = visible(one_line(str(value or "")[: limit * 4]))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fit_bodies(text: str, html: str | None, limit: int = MAX_MAIL_BYTES) -> tuple[str, str | None]:
    """Text and HTML bodies whose UTF-8 size together stays within ``limit`` bytes."""
    size = len(text.encode("utf-8"))
    if html is not None and size + len(html.encode("utf-8")) <= limit:
        return text, html
    if size <= limit:
        return text, None
    room = limit - len(CUT_NOTE.encode("utf-8"))
    head = text.encode("utf-8")[:room].decode("utf-8", "ignore")
    return head + CUT_NOTE, None
