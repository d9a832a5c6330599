"""The one place that runs the processing stages on a message and records the outcome.

Every stage error lands here: the message is parked as ``failed`` with a
one-line reason and the full traceback, and each attempt is kept in
``parse_attempt``. ``dienhinh reparse`` feeds messages back through the same
function (compare Mailman's runner/shunt queue). Claims and leases are in
``pipeline.claims`` and ``pipeline.leases``. Reprocessing is safe: the
handler first forgets what an earlier run produced, and a reply mail is
queued under a dedupe key per message, so it is never queued twice.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import select

from config import quote
from domain import AttemptStatus, MessageStatus, error_line
from pipeline.claims import MessageBusy, claim_message, claim_next, interrupted_attempts, release_dead_claims
from pipeline.isolation import ProcessingKilled, run_isolated
from pipeline.leases import Heartbeat
from store import Message, ParseAttempt, Service, crashpoint, session, utcnow

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    status: str
    reason: str | None = None


Handler = Callable[[Service, Message, bytes], Outcome]


def _call(handler: Handler) -> Handler:
    def call(service: Service, message: Message, raw: bytes) -> Outcome:
        crashpoint("in_handler")  # where a message that kills its process would do so
        return handler(service, message, raw)
    return call


def _isolated(service: Service, message: Message, raw: bytes, handler: Handler) -> tuple[Outcome, str | None]:
    try:
        result = run_isolated(service, message, raw, _call(handler))
    except ProcessingKilled as exc:
        reason = f"{exc}; run `dienhinh reparse {message.id}` once the cause is fixed"
        log.error("parked message=%d reason=%s", message.id, quote(reason))
        return Outcome(MessageStatus.FAILED, reason), traceback.format_exc()
    return Outcome(result["status"], result["reason"]), result["traceback"]


def _run_claimed(service: Service, message: Message, attempt: ParseAttempt, handler: Handler,
                 isolate: bool = False) -> Outcome:
    """Run the stages on a claimed message; in a child process when ``isolate`` (``pipeline.isolation``)."""
    me = attempt.worker
    crashpoint("after_claim")
    started = time.monotonic()
    trace = None
    try:
        with Heartbeat(service, message.id, me):
            if message.truncated:
                outcome = Outcome(MessageStatus.FAILED, message.reason or "message over the size limit")
            elif isolate:
                outcome, trace = _isolated(service, message, service.archive.get(message.sha256), handler)
            else:
                raw = service.archive.get(message.sha256)
                outcome = _call(handler)(service, message, raw)
    except Exception as exc:  # noqa: BLE001 - the runner is where every stage failure is parked
        outcome = Outcome(MessageStatus.FAILED, error_line(exc))
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
        row.status = outcome.status if still_ours else AttemptStatus.ABANDONED
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
    batch: Callable[[], list[tuple[int, Outcome]] | None] | None = None,
) -> list[Outcome]:
    """Claim and process ``received`` messages one at a time until none is left for this worker.

    ``batch``, when given, runs before each claim and settles many messages at
    once (``pipeline.batches``): the ``(id, outcome)`` pairs it recorded, or
    None when it claimed nothing; while it makes progress, it runs again.
    """
    release_dead_claims(service)
    outcomes = []
    while stop is None or not stop.is_set():
        settled = batch() if batch is not None else None
        if settled is not None:
            for message_id, outcome in settled:
                outcomes.append(outcome)
                if on_done:
                    on_done(message_id, outcome)
            continue
        claimed = claim_next(service)
        if claimed is None:
            break
        message, attempt = claimed
        isolate = interrupted_attempts(service, message.id) > 0  # a worker died holding it: poison or bad luck?
        outcome = _run_claimed(service, message, attempt, handler, isolate)
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
            outcome = Outcome(AttemptStatus.BUSY, str(exc))
            log.warning("busy message=%d reason=%s", message_id, quote(str(exc)))
        outcomes.append(outcome)
        if on_done:
            on_done(message_id, outcome)
    return outcomes
