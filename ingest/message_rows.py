"""The ``message`` rows of a fetched batch, inserted in one statement.

Building an ORM object per message cost more than fetching the message
(SQLModel validates and instruments every attribute); a batch is instead a
list of plain column dicts inserted with one Core ``INSERT ... RETURNING``
(SQLAlchemy's "insertmanyvalues"), the new ids coming back in row order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert

from domain import MessageStatus
from ingest.headers import HeaderSummary
from store import Message, utcnow

MESSAGE = Message.__table__


@dataclass
class NewMessage:
    """A message archived in this poll, waiting for its row."""

    uid: int
    size: int
    after_done: bool
    values: dict
    id: int | None = None  # set once inserted


def new_message(mailbox: str, folder: str, uid: int, uidvalidity: int, sha256: str, size: int,
                headers: HeaderSummary, after_done: bool, failed_reason: str | None = None,
                received_at: datetime | None = None) -> NewMessage:
    """Every column a new row needs; a ``failed_reason`` makes it ``failed`` from the start."""
    values = {
        "mailbox": mailbox,
        "folder": folder,
        "uid": uid,
        "uidvalidity": uidvalidity,
        "sha256": sha256,
        "size": size,
        "truncated": failed_reason is not None,
        "message_id": headers.message_id,
        "sender": headers.sender,
        "sender_name": headers.sender_name,
        "subject": headers.subject,
        "in_reply_to": headers.in_reply_to,
        "sent_at": headers.sent_at,
        "received_at": received_at or utcnow(),
        "status": MessageStatus.FAILED if failed_reason else MessageStatus.RECEIVED,
        "reason": failed_reason,
        "attempts": 0,
        "after_done": after_done,
    }
    return NewMessage(uid=uid, size=size, after_done=after_done, values=values)


def insert_messages(connection, rows: list[NewMessage]) -> None:
    """Insert ``rows`` in the caller's transaction and set each one's ``id``."""
    statement = insert(MESSAGE).returning(MESSAGE.c.id, sort_by_parameter_order=True)
    ids = connection.execute(statement, [row.values for row in rows]).scalars().all()
    if len(ids) != len(rows):
        raise RuntimeError(f"inserted {len(rows)} message rows but got {len(ids)} ids back")
    for row, new_id in zip(rows, ids):
        row.id = new_id
