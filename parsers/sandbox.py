"""Parse each attachment in a child process, under memory, CPU and time limits.

A hostile or merely unlucky file (a PDF that sends a library into a loop, a
picture that decodes to gigabytes, a C extension that segfaults) must cost
that one file, never the worker: the file is recorded as ``failed`` with a
one-line reason and the rest of the message still parses.

Process model: each :class:`Sandbox` keeps one persistent worker process, a
fresh interpreter (``python -c``, spawned like multiprocessing's "spawn" but
without re-importing the caller's ``__main__``, so any script may parse
mail; nothing of the caller's threads or database connections is
inherited). It starts in about 40 ms and imports each parser on first use.
Files go to it one at a time over a socket pair and ``FileResult`` objects
(with their ``Document``) come back pickled, about 1 ms a file. The worker
is replaced after it is killed or crashes, after a ``MemoryError``, and
every ``MAX_JOBS`` files.

Limits, per worker and per file:

* memory: ``RLIMIT_AS`` of ``memory_mb`` (default ``DEFAULT_MEMORY_MB``) on
  the worker and, inherited, on every program it starts; Python turns an
  allocation over it into ``MemoryError``;
* CPU: before each file the soft ``RLIMIT_CPU`` is moved to the CPU time
  used so far plus ``cpu_seconds``; the kernel ends the worker with SIGXCPU
  past it. By default that is the wall-clock limit plus its grace plus
  ``CPU_BACKSTOP_SECONDS``: a single-threaded parser cannot use more CPU than
  wall time, so the wall clock names a slow file, and the CPU limit is the
  backstop should this process be too starved to enforce it;
* wall clock: ``limits.seconds_per_attachment`` plus a short grace (so the
  parsers' own deadlines, which name the step that was slow, report first);
  then the worker and everything it started are killed.

Programs the parsers start (tesseract, soffice and its daemonised helpers)
die with the worker: it is a child subreaper (``PR_SET_CHILD_SUBREAPER``) so
orphans stay its descendants, and its environment carries a token that every
program it starts inherits; killing walks ``/proc`` for both, stopping each
process before killing it so nothing forks away in between. Log records of
WARNING and above raised in the worker (pdfminer's, say) are sent back with
the result and logged here, under their own logger names.

``in_process()`` turns the sandbox off (parser unit tests, debugging); the
pipeline always uses it. ``Sandbox(parse=...)`` runs another importable
function in the worker instead of ``parse_document``: tests use it to
register parsers that loop, hog memory or crash.

The worker's side is ``parsers.sandbox_worker``; finding and killing what a
worker started is ``parsers.process_tree``; ``parsers.file_result`` is what
both sides share.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
import weakref
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait

from config import ParseLimits
from parsers.attachments import Detected, parse_document
from parsers.file_result import FileResult, Parse, parse_file
from parsers.process_tree import kill_tree

log = logging.getLogger(__name__)

DEFAULT_MEMORY_MB = 1024
MAX_JOBS = 500  # files per worker before it is replaced (fragmentation, library leaks)
RETIRE_RSS_MB = 250  # a worker left this big after a file is replaced (freed memory is rarely returned)
CPU_BACKSTOP_SECONDS = 1.0  # CPU allowed past the wall-clock limit before the kernel steps in
START_SECONDS = 30.0
TOKEN_ENV = "DIENHINH_PARSER_SANDBOX"
_BOOT = ("import sys, json; sys.path[:] = json.loads(sys.argv[2]); "
         "from parsers.sandbox_worker import serve; serve(int(sys.argv[1]))")


class SandboxError(RuntimeError):
    """The worker process could not be started at all."""


# -- the caller's side ----------------------------------------------------------------------


class _Worker:
    def __init__(self, process: subprocess.Popen, conn: Connection, token: str):
        self.process, self.conn, self.token = process, conn, token
        self.jobs = 0


_live: weakref.WeakSet = weakref.WeakSet()


class Sandbox:
    """One persistent parser worker; ``run`` parses one file in it. Thread-safe (one file at a time)."""

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB, cpu_seconds: float | None = None,
                 parse: Parse = parse_document, max_jobs: int = MAX_JOBS, retire_rss_mb: int = RETIRE_RSS_MB):
        self.memory_mb = memory_mb
        self.retire_rss_mb = retire_rss_mb
        self.cpu_seconds = cpu_seconds
        self.parse = parse
        self.max_jobs = max_jobs
        self.started = 0  # workers started so far
        self._worker: _Worker | None = None
        self._lock = threading.Lock()
        _live.add(self)

    def run(self, name: str, detected: Detected, data: bytes, limits: ParseLimits,
            seconds: float | None = None) -> FileResult:
        """Parse one file; ``seconds`` (default ``limits.seconds_per_attachment``) is the wall-clock limit."""
        seconds = limits.seconds_per_attachment if seconds is None else seconds
        cpu = self.cpu_seconds if self.cpu_seconds is not None else seconds + _grace(seconds) + CPU_BACKSTOP_SECONDS
        with self._lock:
            worker = self._send((name, detected, data, limits, cpu))
            if not wait([worker.conn], seconds + _grace(seconds)):
                self._discard()
                return self._failed(name, f"parsing took longer than {seconds:g} s")
            try:
                result = worker.conn.recv()
            except (EOFError, OSError):
                code = _exit_code(worker.process)
                self._discard()
                return self._failed(name, self._death_reason(code, cpu))
            worker.jobs += 1
            for logger, level, text in result.logs:
                logging.getLogger(logger).log(level, "%s file=%s", text, name)
            if result.out_of_memory:
                result.reason = f"parser ran out of memory (limit {self.memory_mb} MB)"
                log.warning("parser sandbox file=%s: %s", name, result.reason)
                self._discard()
            elif worker.jobs >= self.max_jobs or _rss_mb(worker.process.pid) > self.retire_rss_mb:
                self._retire()  # an idle worker keeps its high-water mark: let a bloated one go
            return result

    def close(self) -> None:
        with self._lock:
            self._retire()

    # -- internals --

    def _send(self, job) -> _Worker:
        for attempt in (1, 2):
            worker = self._worker or self._start()
            try:
                worker.conn.send(job)
                return worker
            except (BrokenPipeError, OSError):  # it died idle (killed from outside): start another
                self._discard()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _start(self) -> _Worker:
        ours, theirs = socket.socketpair()
        token = uuid.uuid4().hex
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(theirs.fileno()), json.dumps(sys.path)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, start_new_session=True,
                env={**os.environ, TOKEN_ENV: token},
            )
        except OSError as exc:
            ours.close()
            raise SandboxError(f"parser worker could not be started: {exc}") from exc
        finally:
            theirs.close()
        worker = self._worker = _Worker(process, Connection(ours.detach()), token)
        memory = self.memory_mb * 1024 * 1024 if self.memory_mb else 0
        try:
            worker.conn.send((self.parse, memory))
            ready = wait([worker.conn], START_SECONDS) and worker.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            code = process.poll()
            self._discard()
            raise SandboxError(f"parser worker did not start (exit status {code})")
        self.started += 1
        return worker

    def _discard(self) -> None:
        """Kill the worker and everything it started; the next file starts a new one."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        alive = worker.process.poll() is None  # not reaped yet: its pid is still ours
        kill_tree(worker.process.pid if alive else None, f"{TOKEN_ENV}={worker.token}\0".encode())
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(5)
        worker.conn.close()

    def _retire(self) -> None:
        """Let an idle worker exit on its own, killing it if it does not."""
        worker = self._worker
        if worker is None:
            return
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(2)
        self._discard()

    def _failed(self, name: str, reason: str) -> FileResult:
        log.warning("parser sandbox file=%s: %s", name, reason)
        return FileResult("failed", reason)

    def _death_reason(self, code: int | None, cpu: float) -> str:
        if code is not None and code < 0:
            if -code == signal.SIGXCPU:
                return f"parser used more than {cpu:g} s of CPU time"
            return f"parser crashed (signal {-code})"
        return f"parser crashed (exit status {code})"


def _exit_code(process: subprocess.Popen) -> int | None:
    """The worker's exit status once its end of the pipe closed: negative for a signal."""
    try:
        return process.wait(5)
    except subprocess.TimeoutExpired:
        return None


def _rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return 0.0


def _grace(seconds: float) -> float:
    return min(5.0, max(0.1, seconds * 0.05))


# -- the process-wide default ---------------------------------------------------------------

_default: Sandbox | None = None
_default_lock = threading.Lock()
_enabled = True


def default_sandbox(memory_mb: int = DEFAULT_MEMORY_MB) -> Sandbox:
    """The process-wide sandbox, replaced when the configured memory limit changes."""
    global _default
    with _default_lock:
        if _default is not None and _default.memory_mb != memory_mb:
            _default.close()
            _default = None
        if _default is None:
            _default = Sandbox(memory_mb=memory_mb)
        return _default


def run_parser(name: str, detected: Detected, data: bytes, limits: ParseLimits) -> FileResult:
    """Parse one file: in the default sandbox, or here when ``in_process()`` is on.

    Formats we keep without reading are not worth a round trip.
    """
    if not _enabled or (detected.format in ("other", "eml") and len(data) <= limits.attachment_bytes):
        return parse_file(name, detected, data, limits)
    return default_sandbox(limits.memory_mb).run(name, detected, data, limits)


@contextlib.contextmanager
def in_process() -> Iterator[None]:
    """Parse in the calling process while the block runs (unit tests of parsers, debugging)."""
    global _enabled
    before, _enabled = _enabled, False
    try:
        yield
    finally:
        _enabled = before


def _close_all() -> None:
    for sandbox in list(_live):
        with contextlib.suppress(Exception):
            sandbox.close()


def _forget_after_fork() -> None:
    """A forked copy of this process must not share the parent's workers."""
    global _default
    _default = None
    for sandbox in list(_live):
        sandbox._worker = None
        sandbox._lock = threading.Lock()


atexit.register(_close_all)
os.register_at_fork(after_in_child=_forget_after_fork)
