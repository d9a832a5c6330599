"""The sandbox's worker process: parse one file at a time under its limits.

Started by ``parsers.sandbox.Sandbox`` as a fresh interpreter that calls
``serve`` with its end of a socket pair. It first receives the parse
function and the memory limit, then one ``(name, detected, data, limits,
cpu_seconds)`` job at a time, and sends a ``FileResult`` back for each.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import logging
import math
import os
import resource
import signal
from multiprocessing.connection import Connection

from parsers.file_result import FileResult, parse_file

MAX_LOG_RECORDS = 20  # per file, sent back to the caller
_PR_SET_CHILD_SUBREAPER = 36


def serve(fd: int) -> None:
    """The worker's main loop: its settings first, then one ``(name, detected, data, limits, cpu)`` job at a time."""
    global _busy
    faulthandler.enable()  # a parser that crashes the interpreter leaves its Python stack on stderr
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _on_stop_signal)
    conn = Connection(fd)
    parse, memory_bytes = conn.recv()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    collected = _Collect()
    logging.getLogger().addHandler(collected)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the caller is gone
        if job is None:
            return
        name, detected, data, limits, cpu_seconds = job
        _busy = True
        _limit_cpu(cpu_seconds)
        collected.records = []
        result = parse_file(name, detected, data, limits, parse)
        result.logs = collected.records
        del job, data
        _busy = False
        _reap_orphans()
        try:
            conn.send(result)
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - a Document that does not pickle fails this file only
            conn.send(FileResult("failed", f"parser result could not be returned: {type(exc).__name__}: {exc}"[:500]))
        if result.out_of_memory:
            return  # a fresh process for the next file


_busy = False


class _Collect(logging.Handler):
    """Keeps the worker's WARNING+ log records, as plain tuples, for the caller to log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < MAX_LOG_RECORDS:
            self.records.append((record.name, record.levelno, " ".join(record.getMessage().split())[:500]))


def _on_stop_signal(signum, frame) -> None:
    """SIGTERM/SIGINT (systemd signals the whole service): exit when idle, else finish the file.

    The caller finishes the message in hand on SIGTERM, so the file in hand
    must not fail; a handler, unlike SIG_IGN, is not inherited by programs we exec.
    """
    if not _busy:
        os._exit(0)


def _limit_cpu(seconds: float) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _reap_orphans() -> None:
    """As a subreaper the worker inherits soffice's helpers: collect their exit status."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
