"""The cheap path: many new messages claimed, triaged and finished in two short transactions.

Per message the full path pays a claim, an attempt row, a heartbeat thread,
a sandbox round trip and three commits. Mail that ``pipeline.triage`` can
decide from its header and text goes through here instead, a batch at a time:

1. **Claim**, in one transaction: up to ``BATCH`` *new* messages (``received``,
   never claimed: ``claimed_by`` is null), oldest first and in sender order,
   are stamped with this worker's claim by one compare-and-set ``UPDATE``
   (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, as ``pipeline.queue``).
2. **Decide**, with no transaction open: each message's archived bytes
   through ``triage``. A message it cannot decide, or on which it raises
   (logged with the error), is for the full path.
3. **Finish**, in one transaction: the ignored messages get their status,
   reason and ``processed_at`` by one compare-and-set ``UPDATE`` (only rows
   still claimed by this worker) and one ``parse_attempt`` row each, inserted
   together; the claims of the others are given up: a message for the full
   path keeps ``claimed_by`` with an expired lease (so it is no longer new and
   ``claim_next`` takes it at once), one that must wait for an earlier
   message of its sender becomes new again.

A crash between 1 and 3 leaves claimed, unfinished rows and no attempt row:
the lease runs out (at once for a dead process of this machine,
``release_dead_claims``) and, no longer new, they take the full path, which
records the one attempt. Nothing of a batch is ever half recorded.

Sender order: a message is only claimed when no earlier message of its
sender is still ``received`` outside the batch; within the batch, once a
sender's message goes the full path, its later messages wait (released as
new), so none is finished before the mail it follows.
"""

from __future__ import annotations

import logging
import random
import time
import traceback
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, insert, update
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from config import quote
from domain import MessageStatus, error_line
from pipeline import leases
from pipeline.runner import Outcome
from pipeline.triage import MAX_BYTES, Verdict, triage
from pipeline.workers import worker_id
from store import Message, ParseAttempt, Service, crashpoint, is_postgres, session, utcnow

log = logging.getLogger(__name__)

BATCH = 200
MESSAGE = Message.__table__
ATTEMPT = ParseAttempt.__table__


@dataclass
class Batch:
    """What one batch did: the ignored messages' outcomes, and how many went elsewhere."""

    ignored: list[tuple[int, Outcome]] = field(default_factory=list)
    full_path: int = 0
    waiting: int = 0
    lost: int = 0  # claims that ran out before the finish (another worker has them)

    @property
    def claimed(self) -> int:
        return len(self.ignored) + self.full_path + self.waiting + self.lost


def _new():
    return (Message.status == MessageStatus.RECEIVED, Message.claimed_by.is_(None), Message.truncated == False,  # noqa: E712
            Message.size <= MAX_BYTES)


def _claim(service: Service, me: str, limit: int) -> list[Message]:
    """Step 1: claim up to ``limit`` new messages in sender order; the rows claimed, in id order."""
    now = utcnow()
    with session(service.engine) as db:
        query = (select(Message.id, Message.sender, Message.sha256, Message.mailbox)
                 .where(*_new()).order_by(Message.id).limit(limit))
        if is_postgres(service.engine):
            query = query.with_for_update(skip_locked=True, of=Message)
        rows = db.exec(query).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        senders = {r.sender for r in rows if r.sender}
        earliest = dict(db.exec(
            select(Message.sender, func.min(Message.id))
            .where(Message.status == MessageStatus.RECEIVED, Message.sender.in_(senders), Message.id.not_in(ids))
            .group_by(Message.sender)
        ).all()) if senders else {}
        wanted = [r.id for r in rows if not (r.sender in earliest and earliest[r.sender] < r.id)]
        if not wanted:
            db.commit()
            return []
        taken = set(db.exec(
            update(Message)
            .where(Message.id.in_(wanted), Message.status == MessageStatus.RECEIVED, Message.claimed_by.is_(None))
            .values(claimed_by=me, claimed_at=now, claim_expires_at=now + leases.LEASE)
            .returning(Message.id)
            .execution_options(synchronize_session=False)
        ).scalars().all())
        db.commit()
    return [Message(id=r.id, sender=r.sender, sha256=r.sha256, mailbox=r.mailbox) for r in rows if r.id in taken]


def _decide(service: Service, message: Message) -> tuple[Verdict, int]:
    """Step 2 for one message: its verdict, and the milliseconds it took; any error sends it the full path."""
    started = time.monotonic()
    try:
        verdict = triage(service.archive.get(message.sha256), service.settings.parsing.limits())
    except Exception as exc:  # noqa: BLE001 - the full path parks the message with its reason and traceback
        log.warning("triage_failed message=%d error=%s action=full_path", message.id, quote(error_line(exc)))
        log.debug("triage_failed message=%d traceback=%s", message.id, quote(traceback.format_exc()))
        verdict = Verdict(full=f"triage failed: {error_line(exc)}")
    return verdict, int((time.monotonic() - started) * 1000)


def triage_batch(service: Service, limit: int = BATCH) -> Batch | None:
    """Claim, decide and finish one batch of new messages; None when no new message could be claimed."""
    me = worker_id()
    claimed = retry_deadlocks(lambda: _claim(service, me, limit))
    if not claimed:
        return None
    started = utcnow()
    crashpoint("after_batch_claim")
    ignored: list[tuple[Message, str, int]] = []
    full_path: list[int] = []
    waiting: list[int] = []
    held: set[str] = set()  # senders with a message for the full path in this batch: their later mail waits
    for message in claimed:
        if message.sender and message.sender in held:
            waiting.append(message.id)
            continue
        verdict, ms = _decide(service, message)
        if verdict.ignored:
            ignored.append((message, verdict.ignored, ms))
        else:
            full_path.append(message.id)
            if message.sender:
                held.add(message.sender)
    crashpoint("after_batch_decide")
    batch = Batch(full_path=len(full_path), waiting=len(waiting))
    finished = utcnow()
    ours = retry_deadlocks(lambda: _finish(service, me, ignored, full_path, waiting, started, finished))
    crashpoint("after_batch_finish")
    for message, reason, ms in ignored:
        if message.id in ours:
            batch.ignored.append((message.id, Outcome(MessageStatus.IGNORED, reason)))
            log.info("processed message=%d mailbox=%s status=ignored duration_ms=%d path=triage reason=%s",
                     message.id, message.mailbox, ms, quote(reason))
        else:
            batch.lost += 1
            log.error("claim_lost message=%d mailbox=%s worker=%s path=triage", message.id, message.mailbox, quote(me))
    log.info("triage_batch claimed=%d ignored=%d full_path=%d waiting=%d lost=%d duration_ms=%d",
             batch.claimed, len(batch.ignored), batch.full_path, batch.waiting, batch.lost,
             (utcnow() - started).total_seconds() * 1000)
    return batch


def _finish(service: Service, me: str, ignored: list, full_path: list[int], waiting: list[int], started,
            finished) -> set[int]:
    """Step 3 in one transaction: the ignored messages' states and attempts; the ids still ours."""
    with session(service.engine) as db:
        ours: set[int] = set()
        if ignored:
            # statements of one shape whatever the batch holds (the IN list expands at execution), so the
            # engine's compiled-statement cache keeps one entry each
            ours = set(db.exec(
                update(Message)
                .where(Message.id.in_([m.id for m, _, _ in ignored]), Message.claimed_by == me)
                .values(status=MessageStatus.IGNORED, traceback=None, processed_at=finished,
                        attempts=Message.attempts + 1, claimed_by=None, claimed_at=None, claim_expires_at=None)
                .returning(Message.id)
                .execution_options(synchronize_session=False)
            ).scalars().all())
            mine = [(m, reason, ms) for m, reason, ms in ignored if m.id in ours]
            if mine:
                connection = db.connection()
                connection.execute(update(MESSAGE).where(MESSAGE.c.id == bindparam("row_id"))
                                   .values(reason=bindparam("row_reason")),
                                   [{"row_id": m.id, "row_reason": reason} for m, reason, _ in mine])
                connection.execute(insert(ATTEMPT), [
                    {"message_id": m.id, "status": MessageStatus.IGNORED, "reason": reason, "started_at": started,
                     "finished_at": finished, "duration_ms": ms, "worker": me} for m, reason, ms in mine])
        if full_path:
            db.exec(update(Message).where(Message.id.in_(full_path), Message.claimed_by == me)
                    .values(claim_expires_at=finished).execution_options(synchronize_session=False))
        if waiting:
            db.exec(update(Message).where(Message.id.in_(waiting), Message.claimed_by == me)
                    .values(claimed_by=None, claimed_at=None, claim_expires_at=None)
                    .execution_options(synchronize_session=False))
        db.commit()
        return ours


# PostgreSQL aborts one of two transactions that wait on each other's rows (SQLSTATE 40P01), or
# one that cannot be serialised (40001); the documented remedy is to run it again.
RETRIED_SQLSTATES = ("40P01", "40001")


def retry_deadlocks(transaction, attempts: int = 5):
    """Run ``transaction`` (a function that opens and commits its own session), again on a deadlock."""
    for attempt in range(1, attempts + 1):
        try:
            return transaction()
        except OperationalError as exc:
            state = getattr(exc.orig, "sqlstate", None)
            if state not in RETRIED_SQLSTATES or attempt == attempts:
                raise
            log.warning("transaction_retried attempt=%d sqlstate=%s", attempt, state)
            time.sleep(random.uniform(0.01, 0.05) * attempt)
