"""Logging for every command: one line per event, ``key=value`` pairs, never a secret.

A line looks like::

    ts=2024-04-18T02:12:00.123Z level=info logger=pipeline.runner event=processed message=12 mailbox=vutdkt status=parsed duration_ms=41

The code logs an event name followed by its pairs (``"stored message=%d
mailbox=%s ..."``), quoting any value that may hold spaces with
:func:`quote`; such a message is written as ``event=NAME`` plus the pairs.
Anything else (libraries, free text) becomes ``msg="..."``, and a traceback
becomes ``exc="..."`` on the same line, so each event stays one line
(logfmt, readable by Loki, Vector, ``grep`` and ``journalctl``).

Secrets (the mailbox and SMTP passwords, OAuth2 tokens, a password in the
database URL) are replaced by ``***`` in every line once
:func:`hide_secrets` has seen the settings, whatever formatter is in use.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Iterable
from typing import TextIO

NOISY = ("apscheduler", "imapclient", "pdfminer", "PIL", "alembic", "fontTools")
MASK = "***"
MIN_SECRET_LENGTH = 4  # shorter values would mask ordinary words

_STRUCTURED = re.compile(r'^[a-z][a-z0-9_.]*(?: [a-z][a-z0-9_]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*))*$')
_secrets: set[str] = set()


def quote(value: object) -> str:
    """A value in double quotes with JSON escapes (logfmt: ``reason="a b"``)."""
    return json.dumps(str(value), ensure_ascii=False)


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class KeyValueFormatter(logging.Formatter):
    """``ts level logger`` then the event's own pairs, or ``msg="..."``; one line per record."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"
        line = f"ts={stamp} level={record.levelname.lower()} logger={record.name}"
        if _STRUCTURED.match(message):
            event, _, pairs = message.partition(" ")
            line += f" event={event}" + (f" {pairs}" if pairs else "")
        else:
            line += f" msg={quote(message)}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line += f" exc={quote(record.exc_text)}"
        if record.stack_info:
            line += f" stack={quote(record.stack_info)}"
        return line


class SecretFilter(logging.Filter):
    """Masks every registered secret in the message and the traceback of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _secrets:
            return True
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class _StreamHandler(logging.StreamHandler):
    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if getattr(self.stream, "closed", False):
            return  # e.g. a test runner's captured stderr, closed before a late server thread logs
        super().handleError(record)


def make_handler(stream: TextIO | None = None) -> logging.Handler:
    handler = _StreamHandler(stream or sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    handler.addFilter(SecretFilter())
    return handler


def setup_logging(verbose: bool = False, stream: TextIO | None = None) -> None:
    """Log to stderr (or ``stream``) as key=value lines; a drop-in for the CLI's set-up."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(make_handler(stream))
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def register_secrets(values: Iterable[str | None]) -> None:
    _secrets.update(v for v in values if v and len(v) >= MIN_SECRET_LENGTH)


def hide_secrets(settings) -> None:
    """Register the settings' secrets and mask them on every handler of the root logger."""
    register_secrets(_secret_values(settings))
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, SecretFilter) for f in handler.filters):
            handler.addFilter(SecretFilter())


def _secret_values(settings) -> list[str]:
    from sqlalchemy.engine import make_url

    sources = []
    for mailbox in settings.mailboxes:
        sources.append(mailbox.password)
        if mailbox.oauth2_token_env or mailbox.oauth2_token_file:
            sources.append(mailbox.oauth2_token)
        sources.append(mailbox.oauth2_client_secret)
    if settings.smtp is not None:
        sources.append(settings.smtp.password)
    values = []
    for secret in sources:
        if secret is None:
            continue
        try:
            values.append(secret.read("secret"))
        except Exception:  # noqa: BLE001 - a missing secret is reported where it is used
            continue
    try:
        values.append(make_url(settings.database.url).password)
    except Exception:  # noqa: BLE001 - a malformed URL fails where the database is opened
        pass
    return [v for v in values if v]
