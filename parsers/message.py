"""A whole message parsed: its mail structure, its bodies and every file in it.

``parse_message`` is the parsing stage's one entry point. It raises only for a
message that is unusable as a whole (``MalformedMessage``) or past one of its
per-message limits (``MessageLimit``); a file that cannot be read is recorded
as ``failed`` with its reason and traceback, and the rest of the message still
parses.

Nothing that expands untrusted bytes runs in the calling process. The message
is opened in a sandbox worker (``parsers.unpack``: MIME, forwarded mail,
archives, all under a ``MessageBudget``), and each file it holds is then parsed
in a sandbox worker of its own (``parsers.sandbox``), so a file that hangs or
crashes its parser fails alone. The caller holds only what the workers hand
back: the files' bytes up to the message's storage budget, and their Documents.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from dataclasses import dataclass

from config import ParseLimits
from parsers import sandbox
from parsers.attachments import Detected
from parsers.budget import MessageLimit
from parsers.document import ParseError
from parsers.message_model import BODY_SOURCE, ParsedFile, ParsedMessage, body_document
from parsers.mime import MalformedMessage
from parsers.sandbox import Sandbox, run_parser
from parsers.unpack import PENDING, unpack_message

log = logging.getLogger(__name__)

__all__ = ["BODY_SOURCE", "ParsedFile", "ParsedMessage", "body_document", "parse_message"]

MESSAGE = Detected("eml", "message/rfc822")
_RAISES = {"MalformedMessage": MalformedMessage, "MessageLimit": MessageLimit}


@dataclass
class _Failure:
    """Why ``unpack_message`` raised in the worker: the class name, its message and traceback."""

    kind: str
    reason: str
    traceback: str | None


class WorkerTraceback(Exception):
    """The worker's traceback, chained under the exception raised here so operators see both."""


def _unpack_job(name: str, detected: Detected, data: bytes, limits: ParseLimits) -> ParsedMessage | _Failure:
    """Runs in the message sandbox: the structure of one raw message, or why there is none."""
    try:
        return unpack_message(data, limits)
    except ParseError as exc:
        kind = next((c.__name__ for c in type(exc).__mro__ if c.__name__ in _RAISES), type(exc).__name__)
        return _Failure(kind, str(exc), None)
    except Exception as exc:  # noqa: BLE001 - re-raised in the caller with this traceback
        return _Failure(type(exc).__name__, f"{type(exc).__name__}: {exc}"[:500], traceback.format_exc())


_message_sandbox: Sandbox | None = None
_lock = threading.Lock()


def _sandbox(memory_mb: int) -> Sandbox:
    global _message_sandbox
    with _lock:
        if _message_sandbox is not None and _message_sandbox.memory_mb != memory_mb:
            _message_sandbox.close()
            _message_sandbox = None
        if _message_sandbox is None:
            _message_sandbox = Sandbox(memory_mb=memory_mb, parse=_unpack_job, retire_rss_mb=150)
        return _message_sandbox


def open_message(raw: bytes, limits: ParseLimits) -> ParsedMessage:
    """``unpack_message`` in the message sandbox (here when ``sandbox.in_process()`` is on)."""
    if not sandbox._enabled:
        return unpack_message(raw, limits)
    result = _sandbox(limits.memory_mb).run("(message)", MESSAGE, raw, limits, seconds=limits.seconds_per_message)
    outcome = result.document
    if result.status == "parsed" and isinstance(outcome, ParsedMessage):
        return outcome
    if isinstance(outcome, _Failure):
        error = _RAISES.get(outcome.kind, ParseError)(outcome.reason)
        if outcome.traceback:
            raise error from WorkerTraceback(outcome.traceback)
        raise error
    reason = result.reason or "no result"  # killed: time, memory, crash
    if result.out_of_memory or "longer than" in reason or "CPU" in reason:
        raise MessageLimit(f"opening the message: {reason}")
    raise ParseError(f"opening the message: {reason}") from (WorkerTraceback(result.traceback) if result.traceback else None)


def parse_message(raw: bytes, limits: ParseLimits | None = None) -> ParsedMessage:
    limits = limits or ParseLimits()
    parsed = open_message(raw, limits)
    for file in parsed.files:
        if file.status == PENDING:
            _parse_into(file, limits)
    return parsed


def _parse_into(file: ParsedFile, limits: ParseLimits) -> None:
    """Parse one file in the parser sandbox (a child process under memory, CPU and time limits)."""
    started = time.monotonic()
    result = run_parser(file.name, file.detected, file.data, limits)
    file.status, file.reason, file.traceback, file.document = result.status, result.reason, result.traceback, result.document
    if file.traceback:
        log.warning("parser error file=%s: %s", file.path, file.reason)
    file.duration_ms = int((time.monotonic() - started) * 1000)


