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
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import faulthandler
import json
import logging
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import traceback
import uuid
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from parsers.attachments import Detected, parse_document
from parsers.document import Document, ParseError
from parsers.limits import ParseLimits

log = logging.getLogger(__name__)

DEFAULT_MEMORY_MB = 1024
MAX_JOBS = 500  # files per worker before it is replaced (fragmentation, library leaks)
CPU_BACKSTOP_SECONDS = 1.0  # CPU allowed past the wall-clock limit before the kernel steps in
MAX_LOG_RECORDS = 20  # per file, sent back from the worker
START_SECONDS = 30.0
TOKEN_ENV = "DIENHINH_PARSER_SANDBOX"
_BOOT = ("import sys, json; sys.path[:] = json.loads(sys.argv[2]); "
         "from parsers.sandbox import _serve; _serve(int(sys.argv[1]))")
_PR_SET_CHILD_SUBREAPER = 36

Parse = Callable[[str, Detected, bytes, ParseLimits], "Document | None"]


class SandboxError(RuntimeError):
    """The worker process could not be started at all."""


@dataclass
class FileResult:
    """What parsing one file gave: a ``ParsedFile``'s status fields."""

    status: str  # parsed | skipped | failed
    reason: str | None = None
    traceback: str | None = None
    document: Document | None = None
    out_of_memory: bool = False
    logs: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message) from the worker


def parse_file(name: str, detected: Detected, data: bytes, limits: ParseLimits,
               parse: Parse = parse_document) -> FileResult:
    """Run one parser, turning every exception into a ``failed`` result."""
    try:
        document = parse(name, detected, data, limits)
        return FileResult("parsed" if document is not None else "skipped", document=document)
    except ParseError as exc:
        return FileResult("failed", " ".join(str(exc).split()), out_of_memory=_memory_error(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug on one file must not lose the message; kept with traceback
        reason = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]
        return FileResult("failed", reason, traceback.format_exc(), out_of_memory=_memory_error(exc))


def _memory_error(exc: BaseException | None) -> bool:
    """True when ``MemoryError`` is anywhere in the chain (parsers wrap library errors)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


# -- the worker process ----------------------------------------------------------


def _serve(fd: int) -> None:
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


# -- killing a worker and what it started -----------------------------------------------


def _process_table() -> dict[int, int]:
    """pid -> parent pid, for every process visible in /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # the command name may hold spaces and parentheses
        table[int(entry)] = int(fields[1])
    return table


def _has_token(pid: int, token: bytes) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return token in f.read()
    except OSError:
        return False


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def kill_tree(pid: int | None, token: str) -> int:
    """SIGKILL the worker ``pid``, its descendants and every process carrying ``token``.

    ``pid`` is None when the worker was already reaped (its number may be
    reused): then only the token finds what it left behind. Each process is
    stopped first so that none forks away between the scan and the kill; the
    scan repeats until it finds nothing new. Returns how many processes
    other than the worker were killed.
    """
    tagged = f"{TOKEN_ENV}={token}\0".encode()
    if pid is not None:
        _signal(pid, signal.SIGSTOP)
    doomed: set[int] = set()
    for _ in range(10):
        table = _process_table()
        found = {p for p in table if p not in doomed and p not in (pid, os.getpid())
                 and ((pid is not None and _descends(p, pid, table)) or _has_token(p, tagged))}
        if not found:
            break
        for p in found:
            _signal(p, signal.SIGSTOP)
        doomed |= found
    for p in doomed if pid is None else [pid, *doomed]:
        _signal(p, signal.SIGKILL)
    return len(doomed)


def _descends(pid: int, ancestor: int, table: dict[int, int]) -> bool:
    for _ in range(64):
        pid = table.get(pid, 0)
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
    return False


# -- the caller's side ----------------------------------------------------------------------


class _Worker:
    def __init__(self, process: subprocess.Popen, conn: Connection, token: str):
        self.process, self.conn, self.token = process, conn, token
        self.jobs = 0


_live: weakref.WeakSet = weakref.WeakSet()


class Sandbox:
    """One persistent parser worker; ``run`` parses one file in it. Thread-safe (one file at a time)."""

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB, cpu_seconds: float | None = None,
                 parse: Parse = parse_document, max_jobs: int = MAX_JOBS):
        self.memory_mb = memory_mb
        self.cpu_seconds = cpu_seconds
        self.parse = parse
        self.max_jobs = max_jobs
        self.started = 0  # workers started so far
        self._worker: _Worker | None = None
        self._lock = threading.Lock()
        _live.add(self)

    def run(self, name: str, detected: Detected, data: bytes, limits: ParseLimits) -> FileResult:
        seconds = limits.seconds_per_attachment
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
            elif worker.jobs >= self.max_jobs:
                self._retire()
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
        kill_tree(worker.process.pid if alive else None, worker.token)
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
