"""Poll several mailboxes, each isolated from the others' failures.

Network errors are retried with exponential backoff (tenacity); an error
that survives the retries is recorded on the mailbox's state and logged, and
the next mailbox is polled all the same. Several workers may share one
PostgreSQL: a poll first takes the mailbox folder's lock (``ingest.locks``)
and is skipped when another worker holds it.
"""

from __future__ import annotations

import imaplib
import logging
import socket
import ssl
import threading

from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from config import ConfigError, MailboxConfig, Settings
from ingest.locks import mailbox_lock
from ingest.oauth2 import OAuth2Error
from ingest.poller import Poller, PollResult, record_poll
from ingest.poller import quote_value as _quote
from store import Archive

log = logging.getLogger(__name__)

RETRY_WAIT_MIN = 1.0
RETRY_WAIT_MAX = 30.0


def _is_transient(exc: BaseException) -> bool:
    """Network trouble is worth another try; a refused login or bad config is not."""
    if isinstance(exc, (LoginError, ConfigError, OAuth2Error, ssl.SSLCertVerificationError)):
        return False
    return isinstance(exc, (OSError, socket.timeout, IMAPClientAbortError, imaplib.IMAP4.abort, EOFError))


def poll_mailbox(
    mailbox: MailboxConfig,
    engine: Engine,
    archive: Archive,
    stop: threading.Event | None = None,
    attempts: int = 3,
) -> PollResult:
    """Poll one mailbox with reconnects; never raises for mailbox trouble.

    Returns a result with ``skipped`` set when another worker is polling the
    same folder right now.
    """
    stop = stop or threading.Event()
    try:
        with mailbox_lock(engine, mailbox.name, mailbox.folder) as held:
            if not held:
                log.info("poll_skipped mailbox=%s folder=%s reason=%s", mailbox.name, _quote(mailbox.folder),
                         _quote("another worker is polling this folder"))
                return PollResult(mailbox.name, skipped=True)
            return _poll_with_retries(mailbox, engine, archive, stop, attempts)
    except SQLAlchemyError as exc:  # the database is unreachable: nothing could be stored anyway
        reason = _describe(exc)
        log.error("poll_failed mailbox=%s error=%s", mailbox.name, _quote(f"database: {reason}"))
        return PollResult(mailbox.name, error=f"database: {reason}")


def _poll_with_retries(
    mailbox: MailboxConfig, engine: Engine, archive: Archive, stop: threading.Event, attempts: int
) -> PollResult:
    retrying = Retrying(
        stop=stop_after_attempt(max(1, attempts)),
        wait=wait_exponential(multiplier=RETRY_WAIT_MIN, max=RETRY_WAIT_MAX),
        retry=retry_if_exception(_is_transient),
        reraise=True,
        before_sleep=lambda state: log.warning(
            "poll_retry mailbox=%s attempt=%d error=%s",
            mailbox.name, state.attempt_number, _quote(_describe(state.outcome.exception())),
        ),
    )
    try:
        for attempt in retrying:
            with attempt:
                if stop.is_set():
                    return PollResult(mailbox.name)
                return Poller(mailbox, engine, archive, stop).run()
    except (OSError, IMAPClientError, IMAPClientAbortError, imaplib.IMAP4.error, ConfigError, EOFError, ValueError,
            OAuth2Error) as exc:
        reason = _describe(exc)
        log.error("poll_failed mailbox=%s error=%s", mailbox.name, _quote(reason))
        record_poll(engine, mailbox, reason)
        return PollResult(mailbox.name, error=reason)
    raise AssertionError("unreachable")


def poll_all(
    settings: Settings,
    engine: Engine,
    archive: Archive,
    names: list[str] | None = None,
    stop: threading.Event | None = None,
    attempts: int = 3,
) -> list[PollResult]:
    mailboxes = [settings.mailbox(n) for n in names] if names else list(settings.mailboxes)
    results = []
    for mailbox in mailboxes:
        if stop is not None and stop.is_set():
            break
        results.append(poll_mailbox(mailbox, engine, archive, stop, attempts))
    return results


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

