"""The outbox: every mail the service sends is a row first, sent by a separate step.

A decision to write to someone (a flag, an acknowledgement, a digest) is
queued with :func:`queue_mail` in the same transaction as the decision
itself, under a ``dedupe_key`` that names the decision, so a rerun, a
reparse or a second worker never queues the same mail twice.
``pipeline.delivery`` then delivers queued rows one at a time.
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.utils import make_msgid
from typing import Iterable

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, delete, select

from domain import OutboxState, nfc
from notifier.bounds import SUBJECT_CHARS, fit_bodies, quoted
from store import OutgoingMail, as_utc, session, utcnow

log = logging.getLogger(__name__)

QUEUED, SENDING, SENT, FAILED = OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT, OutboxState.FAILED


def queue_mail(
    db: Session,
    *,
    kind: str,
    dedupe_key: str,
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    message_id: int | None = None,
    nomination_id: int | None = None,
    domain: str,
) -> OutgoingMail | None:
    """Add a mail to the outbox in the caller's transaction; None if ``dedupe_key`` is taken.

    The caller commits. The insert is ``ON CONFLICT (dedupe_key) DO NOTHING``,
    so a concurrent worker queuing the same decision neither raises nor
    aborts the caller's transaction.
    """
    db.flush()
    if db.exec(select(OutgoingMail.id).where(OutgoingMail.dedupe_key == dedupe_key)).first() is not None:
        return None
    body_text, body_html = fit_bodies(nfc(body_text), nfc(body_html) if body_html else None)
    values = dict(
        kind=kind, dedupe_key=dedupe_key, recipient=recipient.strip(), subject=quoted(subject, SUBJECT_CHARS + 50),
        body_text=body_text, body_html=body_html,
        header_message_id=make_msgid(domain=domain), in_reply_to=in_reply_to, references=references,
        message_id=message_id, nomination_id=nomination_id, state=QUEUED, attempts=0, created_at=utcnow(),
    )
    table = OutgoingMail.__table__
    dialect = db.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
        new_id = db.exec(statement.returning(table.c.id)).scalar()
        return db.get(OutgoingMail, new_id) if new_id is not None else None
    row = OutgoingMail(**values)  # another database: a savepoint keeps the caller's work
    try:
        with db.begin_nested():
            db.add(row)
    except Exception:  # noqa: BLE001 - the UNIQUE constraint lost a race
        return None
    return row


def withdraw_unsent(db: Session, *, message_id: int | None = None, nomination_id: int | None = None) -> None:
    """Forget the mail not yet handed to SMTP for a message or a record, in the caller's transaction.

    Mail already handed over (sending, sent, failed) stays as history; a
    record's is unlinked from it (the record is about to be removed).
    """
    if message_id is not None:
        db.exec(delete(OutgoingMail).where(OutgoingMail.message_id == message_id, OutgoingMail.state == QUEUED))
    if nomination_id is not None:
        db.exec(delete(OutgoingMail).where(OutgoingMail.nomination_id == nomination_id, OutgoingMail.state == QUEUED))
        db.exec(update(OutgoingMail).where(OutgoingMail.nomination_id == nomination_id).values(nomination_id=None))


def requeue(engine: Engine, ids: Iterable[int]) -> list[int]:
    """Put failed rows back in the queue (an operator's decision); returns the ids requeued.

    Only ``failed`` rows move: a sent mail is never sent again this way, and
    ``attempts`` starts over so the backoff does too.
    """
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return []
    with session(engine) as db:
        found = list(db.exec(select(OutgoingMail.id).where(OutgoingMail.id.in_(wanted), OutgoingMail.state == FAILED)).all())
        if found:
            db.exec(update(OutgoingMail).where(OutgoingMail.id.in_(found), OutgoingMail.state == FAILED)
                    .values(state=QUEUED, attempts=0, next_attempt_at=None).execution_options(synchronize_session=False))
            db.commit()
    log.info("outbox: requeued %s", found)
    return sorted(found)


def _iso(when: datetime | None) -> str | None:
    when = as_utc(when)
    return when.isoformat() if when else None


def outbox_rows(engine: Engine) -> list[dict]:
    """The outbox for ``dienhinh outbox [--json]``, oldest first; times are ISO 8601 UTC."""
    with session(engine) as db:
        rows = db.exec(select(OutgoingMail).order_by(OutgoingMail.id)).all()
        return [
            {
                "id": r.id, "kind": r.kind, "recipient": r.recipient, "subject": r.subject, "state": r.state,
                "attempts": r.attempts, "last_error": r.last_error,
                "created_at": _iso(r.created_at), "sent_at": _iso(r.sent_at),
            }
            for r in rows
        ]
