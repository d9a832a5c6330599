"""Claims on received messages: who processes which message, and what happens when a worker dies.

Several workers share the queue of ``received`` messages through a claim
with a lease (``pipeline.queue``; the outbox's delivery works the same way):

1. **Claim**, in one short transaction: the oldest claimable ``received``
   message is stamped ``claimed_by``/``claimed_at``/``claim_expires_at`` by a
   compare-and-set, and its ``running`` attempt row is inserted.
2. The runner processes it with no transaction held open, while a heartbeat
   (``pipeline.leases``) renews the lease.
3. The runner finishes it only if the claim is still its own.

A worker that dies leaves its claim behind. The claim runs out at
``claim_expires_at`` and the message is taken again; its unfinished attempt
is then marked ``interrupted``. A claim left by a dead process on the same
machine is released at once (its pid is gone). Being interrupted is no
proof that the message is at fault (the worker may have been killed from
outside), so a message with an interrupted attempt is not parked: its next
attempt runs in a child process (``pipeline.isolation``), and only a child
that dies by itself parks it as ``failed``.

Messages from one sender are processed in arrival order, one at a time: a
message is not claimed while an earlier one from the same sender is still
``received``, so a reply or a resent copy is never recorded before the
mail it follows, even with several workers.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import select

from config import quote
from domain import AttemptStatus, MessageStatus
from pipeline import leases
from pipeline.queue import claim_oldest
from pipeline.workers import dead_here, worker_id
from store import Message, ParseAttempt, Service, is_postgres, session, utcnow

log = logging.getLogger(__name__)

class MessageBusy(Exception):
    """Another live worker holds the message's claim."""


def _claim_free(now: datetime):
    return or_(Message.claim_expires_at.is_(None), Message.claim_expires_at < now)


def _sender_in_order():
    """No earlier message of the same sender is still waiting."""
    earlier = aliased(Message)
    return ~exists().where(
        earlier.sender == Message.sender, earlier.id < Message.id, earlier.status == MessageStatus.RECEIVED
    )


def release_dead_claims(service: Service) -> list[int]:
    """Release claims held by processes of this machine that died (e.g. SIGKILL, OOM)."""
    now = utcnow()
    with session(service.engine) as db:
        held = db.exec(
            select(Message.id, Message.claimed_by).where(Message.claimed_by.is_not(None), Message.claim_expires_at >= now)
        ).all()
        dead = [(mid, owner) for mid, owner in held if dead_here(owner)]
        for message_id, owner in dead:
            db.exec(
                update(Message)
                .where(Message.id == message_id, Message.claimed_by == owner)
                .values(claim_expires_at=now)
                .execution_options(synchronize_session=False)
            )
        db.commit()
    for message_id, owner in dead:
        log.warning("claim_released message=%d owner=%s reason=%s", message_id, quote(owner),
                    quote("the claiming process is gone"))
    return [mid for mid, _ in dead]


def _take(db, message: Message, me: str, now: datetime, any_status: bool) -> ParseAttempt | None:
    """Compare-and-set the claim on ``message`` and open its attempt, in the caller's transaction."""
    conditions = [Message.id == message.id, _claim_free(now)]
    if not any_status:
        conditions.append(Message.status == MessageStatus.RECEIVED)
    taken = db.exec(
        update(Message)
        .where(*conditions)
        .values(claimed_by=me, claimed_at=now, claim_expires_at=now + leases.LEASE, attempts=Message.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    db.exec(
        update(ParseAttempt)
        .where(ParseAttempt.message_id == message.id, ParseAttempt.status == AttemptStatus.RUNNING)
        .values(status=AttemptStatus.INTERRUPTED, reason="the worker stopped before finishing (crash or kill)", finished_at=now)
        .execution_options(synchronize_session=False)
    )
    attempt = ParseAttempt(message_id=message.id, status=AttemptStatus.RUNNING, started_at=now, worker=me)
    db.add(attempt)
    return attempt


def interrupted_attempts(service: Service, message_id: int) -> int:
    """How often a worker died while it processed this message."""
    with session(service.engine) as db:
        return db.exec(
            select(func.count()).select_from(ParseAttempt)
            .where(ParseAttempt.message_id == message_id, ParseAttempt.status == AttemptStatus.INTERRUPTED)
        ).one()


def claim_next(service: Service, skip: set[int] | None = None) -> tuple[Message, ParseAttempt] | None:
    """Claim the oldest ``received`` message no one holds; None when there is none."""
    me, now = worker_id(), utcnow()
    due = [Message.status == MessageStatus.RECEIVED, _claim_free(now), _sender_in_order()]
    return claim_oldest(service.engine, Message, due, lambda db, m: _take(db, m, me, now, any_status=False), skip)


def claim_message(service: Service, message_id: int) -> tuple[Message, ParseAttempt]:
    """Claim one message whatever its status (``reparse``); KeyError or MessageBusy if not possible."""
    me, now = worker_id(), utcnow()
    with session(service.engine) as db:
        query = select(Message).where(Message.id == message_id)
        if is_postgres(service.engine):
            query = query.with_for_update()
        message = db.exec(query).first()
        if message is None:
            raise KeyError(f"no message {message_id}")
        if message.claimed_by and dead_here(message.claimed_by):
            message.claim_expires_at = now - timedelta(seconds=1)
        attempt = _take(db, message, me, now, any_status=True)
        if attempt is None:
            raise MessageBusy(f"message {message_id} is being processed by {message.claimed_by}")
        db.commit()
        db.refresh(message)
        db.refresh(attempt)
        return message, attempt
