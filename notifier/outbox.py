"""The outbox: every mail the service sends is a row first, sent by a separate step.

A decision to write to someone (a flag, an acknowledgement, a digest) is
queued with :func:`queue_mail` in the same transaction as the decision
itself, under a ``dedupe_key`` that names the decision, so a rerun, a
reparse or a second worker never queues the same mail twice.
:func:`send_pending` then delivers queued rows one at a time.

Delivery guarantee
------------------
Each outbox row is delivered **at most once**, and one row is one decision
(its ``dedupe_key``), so a decision is never mailed twice. Before a row is
handed to the SMTP server its attempt is committed (state ``sending``,
``attempts + 1``); only after the server's ``250`` is the row committed as
``sent``. If the process dies in between, the row is still ``sending`` on a
later run and, once its claim's lease has run out (10 minutes or more), is
marked ``failed`` with the reason "interrupted during delivery; it may have
been sent"; it is never resent automatically. So a crash between the
server's ``250`` and the commit of ``sent`` leaves a row marked failed
(uncertain) rather than a mail sent twice; so does a connection that breaks
after the whole message was transmitted but before the server answered (the
duplicate-message window of RFC 1047). An operator checks with the
recipient if need be and runs :func:`requeue` to send it again (same
Message-ID). What is given up for this: such a mail may not have arrived
until an operator acts. Temporary failures (4xx, server unreachable) are
retried: a few times within the run, then on later runs with exponential
backoff, until ``max_attempts`` runs have failed (then ``failed``).

Several workers may share the outbox on PostgreSQL: a row is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` and a compare-and-set on its state, so
two workers (or two threads of one) never send the same row. While a row is
``sending``, its ``next_attempt_at`` holds the end of the claim's lease; only
a row whose lease has run out counts as interrupted, so one worker never
fails a row another is still sending.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from email.utils import make_msgid
from typing import Iterable

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from config.settings import SmtpConfig
from notifier.compose import build_mime
from notifier.retry import RetryPolicy, SendReport
from notifier.smtp import DeliveryError, TemporaryFailure, send_message
from notifier.wording import nfc, one_line
from store.db import is_postgres, session
from store.models import OutgoingMail, utcnow

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted during delivery; it may have been sent"
QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"


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
    values = dict(
        kind=kind, dedupe_key=dedupe_key, recipient=recipient.strip(), subject=one_line(subject),
        body_text=nfc(body_text), body_html=nfc(body_html) if body_html else None,
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


def _as_utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _fail_interrupted(engine: Engine, now: datetime) -> list[int]:
    with session(engine) as db:
        stale = (OutgoingMail.state == SENDING) & or_(
            OutgoingMail.next_attempt_at.is_(None), OutgoingMail.next_attempt_at < now
        )
        ids = list(db.exec(select(OutgoingMail.id).where(stale)).all())
        if ids:
            db.exec(update(OutgoingMail).where(OutgoingMail.id.in_(ids), stale)
                    .values(state=FAILED, last_error=INTERRUPTED, next_attempt_at=None))
            db.commit()
            log.warning("outbox: %d mail(s) interrupted during delivery marked failed: %s", len(ids), ids)
    return ids


def _claim(engine: Engine, now: datetime, skip: set[int], lease: timedelta) -> OutgoingMail | int | None:
    """Take one due row (state → sending, attempts + 1) and commit that first.

    Returns the row, None when nothing is due, or the id of a row another
    worker took first.
    """
    with session(engine) as db:
        query = select(OutgoingMail).where(
            OutgoingMail.state == QUEUED,
            or_(OutgoingMail.next_attempt_at.is_(None), OutgoingMail.next_attempt_at <= now),
        )
        if skip:
            query = query.where(OutgoingMail.id.not_in(skip))
        query = query.order_by(OutgoingMail.id).limit(1)
        if is_postgres(engine):
            query = query.with_for_update(skip_locked=True)
        row = db.exec(query).first()
        if row is None:
            return None
        claimed = db.exec(
            update(OutgoingMail)
            .where(OutgoingMail.id == row.id, OutgoingMail.state == QUEUED)
            .values(state=SENDING, attempts=OutgoingMail.attempts + 1, next_attempt_at=now + lease)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.commit()
        if claimed != 1:
            return row.id
        db.refresh(row)
        return row


def _finish(engine: Engine, row_id: int, **values) -> None:
    with session(engine) as db:
        db.exec(update(OutgoingMail).where(OutgoingMail.id == row_id, OutgoingMail.state == SENDING)
                .values(**values).execution_options(synchronize_session=False))
        db.commit()


def _send_with_retry(smtp: SmtpConfig, message, retry: RetryPolicy) -> None:
    for attempt in Retrying(
        stop=stop_after_attempt(max(retry.tries, 1)),
        wait=wait_exponential(multiplier=retry.wait_seconds, max=max(retry.wait_seconds * 8, 0)),
        retry=retry_if_exception_type(TemporaryFailure),
        reraise=True,
    ):
        with attempt:
            send_message(smtp, message)


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
    clock = (lambda: _as_utc(now)) if now else utcnow
    if smtp.password is not None:
        smtp.password.read("smtp password")  # a missing secret fails here, before any row is claimed
    report = SendReport(interrupted=_fail_interrupted(engine, clock()))
    tried: set[int] = set()
    lease = retry.lease(smtp)
    while limit is None or len(tried) < limit:
        row = _claim(engine, clock(), tried, lease)
        if row is None:
            break
        tried.add(row if isinstance(row, int) else row.id)
        if isinstance(row, int):
            continue
        try:
            message = build_mime(row, smtp.from_)
        except Exception as exc:  # noqa: BLE001 - e.g. an unusable address; nothing was sent
            _fail(engine, report, row, f"cannot build the message: {exc}")
            continue
        try:
            _send_with_retry(smtp, message, retry)
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
    when = _as_utc(when)
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
