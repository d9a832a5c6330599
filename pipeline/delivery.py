"""Delivering the outbox: each queued mail sent, resent after a crash only when that is safe.

Mail is queued by the stages that decide it (``notifier.queue_mail``); this
step sends it, claiming one row at a time through ``pipeline.queue`` like
the messages are.

Delivery guarantee
------------------
One row is one decision (its ``dedupe_key``) and carries a fixed
Message-ID. Before a row is handed to the SMTP server it is claimed and
committed (state ``sending``, ``attempts + 1``, ``claimed_by``); just
before the end of DATA goes out, ``smtp_stage = data_end`` is committed;
only after the server's ``250`` is the row committed as ``sent``. When a
process dies during delivery (its claim names a pid that is gone, or the
lease ran out), the row is looked at on the next run:

* the end of DATA was not yet sent: the server cannot have accepted it, so
  the row goes back to ``queued`` and is sent again, automatically, with the
  same Message-ID;
* the end of DATA was sent: only the window between it and the server's
  reply is left, and the mail may have been delivered. The row is marked
  ``failed`` "interrupted after the message was transmitted; it may have
  been sent" and is not resent automatically (nor is a row whose connection
  broke in that same window, the duplicate-message risk of RFC 1047). An
  operator checks and runs :func:`requeue` to send it again.

So a kill costs a resend, never a mail, except in that one window, where it
costs an operator's look, never a mail sent twice. Temporary failures (4xx,
server unreachable) are retried: a few times within the run, then on later
runs with exponential backoff, until ``max_attempts`` runs have failed
(then ``failed``).

Several workers may share the outbox on PostgreSQL: a row is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` and a compare-and-set on its state, so
two workers (or two threads of one) never send the same row. While a row is
``sending``, its ``next_attempt_at`` holds the end of the claim's lease; only
a row whose lease has run out counts as interrupted, so one worker never
fails a row another is still sending.
"""


from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from config import SmtpConfig, quote
from domain import OutboxState, SmtpStage
from notifier import DeliveryError, RetryPolicy, SendReport, TemporaryFailure, build_mime, send_message
from pipeline.queue import claim_oldest
from pipeline.workers import dead_here, worker_id
from store import OutgoingMail, as_utc, crashpoint, session, utcnow

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted after the message was transmitted, before the server answered; it may have been sent"
RESENT = "interrupted before the message was transmitted; sending it again"
QUEUED, SENDING, SENT, FAILED = OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT, OutboxState.FAILED


def _recover_interrupted(engine: Engine, now: datetime) -> list[int]:
    """Rows a dead sender left ``sending``: queued again, or failed if the end of DATA had gone out."""
    with session(engine) as db:
        sending = list(db.exec(select(OutgoingMail.id, OutgoingMail.claimed_by, OutgoingMail.next_attempt_at)
                               .where(OutgoingMail.state == SENDING)).all())
        stale = [(row_id, owner) for row_id, owner, until in sending
                 if dead_here(owner) or until is None or as_utc(until) < now]
        doubtful, resent = [], []
        for row_id, owner in stale:
            mine = (OutgoingMail.id == row_id, OutgoingMail.state == SENDING,
                    OutgoingMail.claimed_by == owner if owner else OutgoingMail.claimed_by.is_(None))
            failed = db.exec(update(OutgoingMail).where(*mine, OutgoingMail.smtp_stage == SmtpStage.DATA_END)
                             .values(state=FAILED, last_error=INTERRUPTED, next_attempt_at=None, claimed_by=None)
                             .execution_options(synchronize_session=False)).rowcount
            if failed:
                doubtful.append(row_id)
                continue
            if db.exec(update(OutgoingMail).where(*mine)
                       .values(state=QUEUED, last_error=RESENT, next_attempt_at=now, claimed_by=None)
                       .execution_options(synchronize_session=False)).rowcount:
                resent.append(row_id)
        db.commit()
    if resent:
        log.warning("outbox_requeued ids=%s reason=%s", resent, quote(RESENT))
    if doubtful:
        log.warning("outbox_in_doubt ids=%s reason=%s", doubtful, quote(INTERRUPTED))
    return doubtful


def _claim(engine: Engine, now: datetime, skip: set[int], lease: timedelta) -> OutgoingMail | None:
    """Take one due row (state → sending, attempts + 1, lease in ``next_attempt_at``) and commit that first."""
    due = [OutgoingMail.state == QUEUED, or_(OutgoingMail.next_attempt_at.is_(None), OutgoingMail.next_attempt_at <= now)]

    def take(db: Session, row: OutgoingMail) -> bool | None:
        claimed = db.exec(
            update(OutgoingMail)
            .where(OutgoingMail.id == row.id, OutgoingMail.state == QUEUED)
            .values(state=SENDING, attempts=OutgoingMail.attempts + 1, next_attempt_at=now + lease,
                    claimed_by=worker_id(), smtp_stage=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        return True if claimed == 1 else None

    claimed = claim_oldest(engine, OutgoingMail, due, take, skip)
    return claimed[0] if claimed else None


def _finish(engine: Engine, row_id: int, **values) -> None:
    if values.get("state") in (SENT, FAILED, QUEUED):
        values["claimed_by"] = None
    with session(engine) as db:
        db.exec(update(OutgoingMail).where(OutgoingMail.id == row_id, OutgoingMail.state == SENDING)
                .values(**values).execution_options(synchronize_session=False))
        db.commit()


def _data_end_marker(engine: Engine, row_id: int):
    """Commits that the end of DATA is going out (called by ``notifier.smtp`` just before it)."""
    def mark() -> None:
        crashpoint("before_data_end")
        _finish(engine, row_id, smtp_stage=SmtpStage.DATA_END)
        crashpoint("after_data_end_marked")
    return mark


def _send_with_retry(smtp: SmtpConfig, message, retry: RetryPolicy, mark) -> None:
    for attempt in Retrying(
        stop=stop_after_attempt(max(retry.tries, 1)),
        wait=wait_exponential(multiplier=retry.wait_seconds, max=max(retry.wait_seconds * 8, 0)),
        retry=retry_if_exception_type(TemporaryFailure),
        reraise=True,
    ):
        with attempt:
            send_message(smtp, message, before_data_end=mark)


def _fail(engine: Engine, report: SendReport, row: OutgoingMail, reason: str) -> None:
    _finish(engine, row.id, state=FAILED, last_error=reason, next_attempt_at=None)
    report.failed.append(row.id)
    report.errors[row.id] = reason
    log.error("outbox: mail %s (%s) to %s failed: %s", row.id, row.kind, row.recipient, reason)


def _defer(engine: Engine, report: SendReport, row: OutgoingMail, exc: TemporaryFailure, now: datetime,
           retry: RetryPolicy) -> None:
    if row.attempts >= retry.max_attempts:
        _fail(engine, report, row, f"gave up after {row.attempts} attempts: {exc}")
        return
    _finish(engine, row.id, state=QUEUED, last_error=str(exc), next_attempt_at=now + retry.backoff(row.attempts))
    report.deferred.append(row.id)
    report.errors[row.id] = str(exc)
    log.warning("outbox: mail %s (%s) to %s deferred: %s", row.id, row.kind, row.recipient, exc)


def send_pending(
    engine: Engine,
    smtp: SmtpConfig,
    now: datetime | None = None,
    *,
    retry: RetryPolicy = RetryPolicy(),
    limit: int | None = None,
) -> SendReport:
    """Deliver every queued row that is due, one at a time (see the module docstring).

    ``now`` fixes the clock (tests); ``limit`` caps the rows tried in this run.
    A temporary failure that means the server is unreachable ends the run:
    the rest stay queued for the next one.
    """
    clock = (lambda: as_utc(now)) if now else utcnow
    if smtp.password is not None:
        smtp.password.read("smtp password")  # a missing secret fails here, before any row is claimed
    report = SendReport(interrupted=_recover_interrupted(engine, clock()))
    tried: set[int] = set()
    lease = retry.lease(smtp)
    while limit is None or len(tried) < limit:
        row = _claim(engine, clock(), tried, lease)
        if row is None:
            break
        tried.add(row.id)
        try:
            message = build_mime(row, smtp.from_)
        except Exception as exc:  # noqa: BLE001 - e.g. an unusable address; nothing was sent
            _fail(engine, report, row, f"cannot build the message: {exc}")
            continue
        try:
            _send_with_retry(smtp, message, retry, _data_end_marker(engine, row.id))
        except TemporaryFailure as exc:
            _defer(engine, report, row, exc, clock(), retry)
            if exc.server_down:
                break
        except DeliveryError as exc:  # permanent, or uncertain: never retried automatically
            _fail(engine, report, row, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the row claimed until its lease ends
            log.exception("outbox: mail %s", row.id)
            _fail(engine, report, row, f"unexpected error during delivery ({type(exc).__name__}: {exc}); "
                                       "it may have been sent")
        else:
            _finish(engine, row.id, state=SENT, sent_at=clock(), last_error=None, next_attempt_at=None)
            report.sent.append(row.id)
            log.info("outbox: mail %s (%s) sent to %s", row.id, row.kind, row.recipient)
    return report
