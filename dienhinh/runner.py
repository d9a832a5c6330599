"""The one place that runs the processing stages on a message and records the outcome.

Every stage error lands here: the message is parked as ``failed`` with a
one-line reason and the full traceback, and each attempt is kept in
``parse_attempt``. ``dienhinh reparse`` feeds messages back through the same
function (compare Mailman's runner/shunt queue).

Several workers share the queue of ``received`` messages through a claim
with a lease (the outbox works the same way):

1. **Claim**, in one short transaction: the oldest claimable ``received``
   message is selected ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite has a
   single writer), stamped ``claimed_by``/``claimed_at``/``claim_expires_at``
   by a compare-and-set, and its ``running`` attempt row is inserted. Once
   that commits no other worker takes it.
2. **Process** with no transaction held open: the handler commits what the
   message produced. A heartbeat renews the lease while the handler runs, so
   a slow OCR never loses its claim.
3. **Finish**: status, reason, the attempt's result and the end of the claim
   commit together, only if the claim is still ours.

A worker that dies leaves its claim behind. The claim runs out at
``claim_expires_at`` (at most ``LEASE`` after the last heartbeat) and the
message is taken again; its unfinished attempt is then marked
``interrupted``. A claim left by a dead process on the same machine is
released at once (its pid is gone). A message whose processing was
interrupted ``MAX_INTERRUPTED`` times is parked as ``failed`` instead of
being taken again: it most likely kills the worker (memory, a native crash). Reprocessing is safe: the handler first
forgets what an earlier run produced, and a reply mail is queued under a
dedupe key per message, so it is never queued twice.

Messages from one sender are processed in arrival order, one at a time: a
message is not claimed while an earlier one from the same sender is still
``received``, so a reply or a resent copy is never recorded before the
mail it follows, even with several workers.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import select

from dienhinh.logging_setup import quote
from dienhinh.service import Service
from ingest.crashpoints import crashpoint
from store.db import is_postgres, session
from store.models import Message, MessageStatus, ParseAttempt, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=120)
HEARTBEAT_SECONDS = 30.0
MAX_INTERRUPTED = 5  # a message whose processing died this often is parked as failed
RUNNING, INTERRUPTED, ABANDONED = "running", "interrupted", "abandoned"


@dataclass
class Outcome:
    status: str
    reason: str | None = None


Handler = Callable[[Service, Message, bytes], Outcome]


class MessageBusy(Exception):
    """Another live worker holds the message's claim."""


def one_line(exc: BaseException) -> str:
    """``Type: message`` on one line; private subclasses are named by their public parent."""
    name = next((c.__name__ for c in type(exc).__mro__ if not c.__name__.startswith("_")), type(exc).__name__)
    text = " ".join(str(exc).split())
    return f"{name}: {text}"[:500] if text else name


# -- who is working ----------------------------------------------------------


@functools.cache
def _node_tag() -> str:
    """This kernel boot and pid namespace: pids are only comparable within them."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            boot = handle.read().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return hashlib.sha256(f"{boot}/{namespace}".encode()).hexdigest()[:8]


def worker_id() -> str:
    """``host:pid:node``, stored in ``claimed_by`` and ``parse_attempt.worker``."""
    return f"{socket.gethostname()[:150]}:{os.getpid()}:{_node_tag()}"


def _dead_here(claimed_by: str | None) -> bool:
    """True when ``claimed_by`` names a process of this machine that no longer exists."""
    if not claimed_by:
        return False
    theirs, mine = claimed_by.rsplit(":", 2), worker_id().rsplit(":", 2)
    if len(theirs) != 3 or not mine[2] or theirs[0] != mine[0] or theirs[2] != mine[2] or not theirs[1].isdigit():
        return False
    pid = int(theirs[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# -- claims --------------------------------------------------------------------


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
        dead = [(mid, owner) for mid, owner in held if _dead_here(owner)]
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
        .values(claimed_by=me, claimed_at=now, claim_expires_at=now + LEASE, attempts=Message.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    db.exec(
        update(ParseAttempt)
        .where(ParseAttempt.message_id == message.id, ParseAttempt.status == RUNNING)
        .values(status=INTERRUPTED, reason="the worker stopped before finishing (crash or kill)", finished_at=now)
        .execution_options(synchronize_session=False)
    )
    if not any_status:
        interrupted = db.exec(
            select(func.count()).select_from(ParseAttempt)
            .where(ParseAttempt.message_id == message.id, ParseAttempt.status == INTERRUPTED)
        ).one()
        if interrupted >= MAX_INTERRUPTED:  # it seems to kill the worker: park it instead of looping
            reason = (f"processing was interrupted {interrupted} times (the worker crashed or was killed each time); "
                      f"run `dienhinh reparse {message.id}` once the cause is fixed")
            db.exec(
                update(Message).where(Message.id == message.id)
                .values(status=MessageStatus.FAILED, reason=reason, processed_at=now,
                        claimed_by=None, claimed_at=None, claim_expires_at=None)
                .execution_options(synchronize_session=False)
            )
            log.error("parked message=%d reason=%s", message.id, quote(reason))
            return None
    attempt = ParseAttempt(message_id=message.id, status=RUNNING, started_at=now, worker=me)
    db.add(attempt)
    return attempt


def claim_next(service: Service, skip: set[int] | None = None) -> tuple[Message, ParseAttempt] | None:
    """Claim the oldest ``received`` message no one holds; None when there is none."""
    me, skip = worker_id(), set(skip or ())
    while True:
        now = utcnow()
        with session(service.engine) as db:
            query = select(Message).where(Message.status == MessageStatus.RECEIVED, _claim_free(now), _sender_in_order())
            if skip:
                query = query.where(Message.id.not_in(skip))
            query = query.order_by(Message.id).limit(1)
            if is_postgres(service.engine):
                query = query.with_for_update(skip_locked=True, of=Message)
            message = db.exec(query).first()
            if message is None:
                return None
            attempt = _take(db, message, me, now, any_status=False)
            if attempt is None:  # another worker took it first, or it was parked
                db.commit()
                skip.add(message.id)
                continue
            db.commit()
            db.refresh(message)
            db.refresh(attempt)
            return message, attempt


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
        if message.claimed_by and _dead_here(message.claimed_by):
            message.claim_expires_at = now - timedelta(seconds=1)
        attempt = _take(db, message, me, now, any_status=True)
        if attempt is None:
            raise MessageBusy(f"message {message_id} is being processed by {message.claimed_by}")
        db.commit()
        db.refresh(message)
        db.refresh(attempt)
        return message, attempt


class _Heartbeat:
    """Renews a claim's lease every ``HEARTBEAT_SECONDS`` while the handler runs."""

    def __init__(self, service: Service, message_id: int, me: str) -> None:
        self.service, self.message_id, self.me = service, message_id, me
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"lease-{message_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.done.wait(HEARTBEAT_SECONDS):
            try:
                with session(self.service.engine) as db:
                    db.exec(
                        update(Message)
                        .where(Message.id == self.message_id, Message.claimed_by == self.me)
                        .values(claim_expires_at=utcnow() + LEASE)
                        .execution_options(synchronize_session=False)
                    )
                    db.commit()
            except Exception as exc:  # noqa: BLE001 - the next beat tries again; the lease covers a few misses
                log.warning("lease_renewal_failed message=%d error=%s", self.message_id, quote(one_line(exc)))


# -- running a message -----------------------------------------------------------


def _run_claimed(service: Service, message: Message, attempt: ParseAttempt, handler: Handler) -> Outcome:
    me = attempt.worker
    crashpoint("after_claim")
    started = time.monotonic()
    trace = None
    try:
        with _Heartbeat(service, message.id, me):
            if message.truncated:
                outcome = Outcome(MessageStatus.FAILED, message.reason or "message over the size limit")
            else:
                raw = service.archive.get(message.sha256)
                outcome = handler(service, message, raw)
    except Exception as exc:  # noqa: BLE001 - the runner is where every stage failure is parked
        outcome = Outcome(MessageStatus.FAILED, one_line(exc))
        trace = traceback.format_exc()
    crashpoint("after_handler")
    duration_ms = int((time.monotonic() - started) * 1000)
    finished = utcnow()
    with session(service.engine) as db:
        still_ours = db.exec(
            update(Message)
            .where(Message.id == message.id, Message.claimed_by == me)
            .values(status=outcome.status, reason=outcome.reason, traceback=trace, processed_at=finished,
                    claimed_by=None, claimed_at=None, claim_expires_at=None)
            .execution_options(synchronize_session=False)
        ).rowcount == 1
        row = db.get(ParseAttempt, attempt.id)
        row.status = outcome.status if still_ours else ABANDONED
        row.reason = outcome.reason if still_ours else "the claim ran out before the result was recorded"
        row.finished_at = finished
        row.duration_ms = duration_ms
        db.add(row)
        db.commit()
    crashpoint("after_finish")
    if not still_ours:
        log.error("claim_lost message=%d mailbox=%s duration_ms=%d worker=%s", message.id, message.mailbox,
                  duration_ms, quote(me))
        return outcome
    log_line = log.warning if outcome.status == MessageStatus.FAILED else log.info
    log_line(
        "processed message=%d mailbox=%s status=%s duration_ms=%d%s",
        message.id, message.mailbox, outcome.status, duration_ms,
        f" reason={quote(outcome.reason)}" if outcome.reason else "",
    )
    return outcome


def process_message(service: Service, message_id: int, handler: Handler) -> Outcome:
    """Run ``handler`` on one stored message, whatever its status, and record what happened.

    Raises KeyError for an unknown id and MessageBusy while another live
    worker is processing it.
    """
    message, attempt = claim_message(service, message_id)
    return _run_claimed(service, message, attempt, handler)


def pending_message_ids(service: Service) -> list[int]:
    with session(service.engine) as db:
        return list(
            db.exec(select(Message.id).where(Message.status == MessageStatus.RECEIVED).order_by(Message.id)).all()
        )


def process_claimable(
    service: Service,
    handler: Handler,
    stop: threading.Event | None = None,
    on_done: Callable[[int, Outcome], None] | None = None,
) -> list[Outcome]:
    """Claim and process ``received`` messages one at a time until none is left for this worker."""
    release_dead_claims(service)
    outcomes = []
    while stop is None or not stop.is_set():
        claimed = claim_next(service)
        if claimed is None:
            break
        message, attempt = claimed
        outcome = _run_claimed(service, message, attempt, handler)
        outcomes.append(outcome)
        if on_done:
            on_done(message.id, outcome)
    return outcomes


def process_messages(
    service: Service,
    message_ids: Iterable[int],
    handler: Handler,
    stop: threading.Event | None = None,
    on_done: Callable[[int, Outcome], None] | None = None,
) -> list[Outcome]:
    """Process the given messages in order (``reparse``); one another worker holds is reported ``busy``."""
    outcomes = []
    for message_id in message_ids:
        if stop is not None and stop.is_set():
            break
        try:
            outcome = process_message(service, message_id, handler)
        except MessageBusy as exc:
            outcome = Outcome("busy", str(exc))
            log.warning("busy message=%d reason=%s", message_id, quote(str(exc)))
        outcomes.append(outcome)
        if on_done:
            on_done(message_id, outcome)
    return outcomes
