"""After a UIDVALIDITY change: recognise mail already stored instead of storing it again.

RFC 3501 (2.3.1.1) lets a server renumber a folder; every UID we hold is then
meaningless. The rows stored under the old UIDVALIDITY are the candidates,
and each new UID is matched to at most one of them: by Message-ID and size
from the listing (no download), else by the SHA-256 of the downloaded bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import select

from ingest.headers import summarise_headers
from store import Message, session


class StaleRows:
    """Rows of one folder stored under an earlier UIDVALIDITY, each matched at most once."""

    def __init__(self, rows: list[Message]):
        self._rows = rows

    @classmethod
    def load(cls, engine: Engine, mailbox: str, folder: str, uidvalidity: int) -> "StaleRows":
        with session(engine) as db:
            rows = db.exec(
                select(Message)
                .where(Message.mailbox == mailbox, Message.folder == folder, Message.uidvalidity != uidvalidity)
                .order_by(Message.id)
            ).all()
        return cls(list(rows))

    def __bool__(self) -> bool:
        return bool(self._rows)

    def by_listing(self, message_id_header: bytes | None, size: int) -> Message | None:
        """The row with this listing entry's Message-ID and size, if any."""
        message_id = header_message_id(message_id_header)
        if not message_id:
            return None
        return self._take_first(lambda row: row.message_id == message_id and row.size == size)

    def by_content(self, raw: bytes) -> Message | None:
        """The row whose archived bytes are exactly ``raw``, if any."""
        if not self._rows:
            return None
        digest = hashlib.sha256(raw).hexdigest()
        return self._take_first(lambda row: row.sha256 == digest)

    def _take_first(self, matches: Callable[[Message], bool]) -> Message | None:
        for index, row in enumerate(self._rows):
            if matches(row):
                return self._rows.pop(index)
        return None


def header_message_id(header_bytes: bytes | None) -> str | None:
    """The Message-ID in a ``BODY[HEADER.FIELDS (MESSAGE-ID)]`` answer."""
    if not header_bytes:
        return None
    return summarise_headers(header_bytes + b"\r\n").message_id
