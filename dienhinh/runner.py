"""The one place that runs the processing stages on a message and records the outcome.

Every stage error lands here: the message is parked as ``failed`` with a
one-line reason and the full traceback, and each attempt is kept in
``parse_attempt``. ``dienhinh reparse`` feeds messages back through the same
function (compare Mailman's runner/shunt queue).
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import select

from dienhinh.service import Service
from store.db import session
from store.models import Message, MessageStatus, ParseAttempt, utcnow

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    status: str
    reason: str | None = None


Handler = Callable[[Service, Message, bytes], Outcome]


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__


def process_message(service: Service, message_id: int, handler: Handler) -> Outcome:
    """Run ``handler`` on one stored message and record what happened."""
    with session(service.engine) as db:
        message = db.get(Message, message_id)
        if message is None:
            raise KeyError(f"no message {message_id}")
        attempt = ParseAttempt(message_id=message_id, status="running", started_at=utcnow())
        db.add(attempt)
        message.attempts += 1
        db.add(message)
        db.commit()
        db.refresh(attempt)
    started = time.monotonic()
    trace = None
    try:
        if message.truncated:
            outcome = Outcome(MessageStatus.FAILED, message.reason or "message over the size limit")
        else:
            raw = service.archive.get(message.sha256)
            outcome = handler(service, message, raw)
    except Exception as exc:  # noqa: BLE001 - the runner is where every stage failure is parked
        outcome = Outcome(MessageStatus.FAILED, one_line(exc))
        trace = traceback.format_exc()
    duration_ms = int((time.monotonic() - started) * 1000)
    with session(service.engine) as db:
        message = db.get(Message, message_id)
        message.status = outcome.status
        message.reason = outcome.reason
        message.traceback = trace
        message.processed_at = utcnow()
        db.add(message)
        attempt = db.get(ParseAttempt, attempt.id)
        attempt.status = outcome.status
        attempt.reason = outcome.reason
        attempt.finished_at = utcnow()
        attempt.duration_ms = duration_ms
        db.add(attempt)
        db.commit()
    log_line = log.warning if outcome.status == MessageStatus.FAILED else log.info
    log_line(
        "processed message=%d mailbox=%s status=%s duration_ms=%d%s",
        message_id, message.mailbox, outcome.status, duration_ms,
        f" reason={outcome.reason}" if outcome.reason else "",
    )
    return outcome


def pending_message_ids(service: Service) -> list[int]:
    with session(service.engine) as db:
        return list(
            db.exec(select(Message.id).where(Message.status == MessageStatus.RECEIVED).order_by(Message.id)).all()
        )


def process_messages(
    service: Service,
    message_ids: Iterable[int],
    handler: Handler,
    stop: threading.Event | None = None,
    on_done: Callable[[int, Outcome], None] | None = None,
) -> list[Outcome]:
    outcomes = []
    for message_id in message_ids:
        if stop is not None and stop.is_set():
            break
        outcome = process_message(service, message_id, handler)
        outcomes.append(outcome)
        if on_done:
            on_done(message_id, outcome)
    return outcomes
