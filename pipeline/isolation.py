"""Run the stages on a suspect message in a child process, to tell poison from bad luck.

A worker that dies while it holds a message leaves the attempt
``interrupted``. That alone says nothing about the message: an operator's
``kill -9``, a reboot or the OOM killer picking the worker end attempts just
as well (attachments already run in the sandbox, so the usual poison, a
hostile file, costs only that file). So a message that was interrupted is
not parked for it; its next attempt runs here, in a forked child, while the
worker waits and keeps the claim's lease alive:

* the child ends normally: its outcome is recorded as usual;
* the child dies by itself (a signal, or exit without a result): the message
  killed the process that ran it. The worker saw that happen and is alive to
  say so; the message is parked as ``failed`` with that reason
  (:class:`ProcessingKilled`);
* the worker itself is killed: the child dies with it (``PR_SET_PDEATHSIG``),
  the attempt stays ``interrupted``, and the next attempt is isolated again.

The child commits what the stages produce in its own connections (the
parent's pool is dropped, not closed, in the child) and reports the outcome
through a pipe as JSON.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import traceback
from collections.abc import Callable

from domain import MessageStatus, error_line
from store import Message, Service

_PR_SET_PDEATHSIG = 1


class ProcessingKilled(Exception):
    """The child that processed the message died by itself; ``str`` says how."""


def _die_with(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the child may outlive a killed parent, as a sandbox worker does
        pass
    if os.getppid() != parent:  # the parent died before the death signal was armed
        os._exit(1)


def _child(write_fd: int, parent: int, service: Service, message: Message, raw: bytes, handler: Callable) -> None:
    _die_with(parent)
    service.engine.dispose(close=False)  # the parent's connections stay the parent's
    try:
        outcome = handler(service, message, raw)
        payload = {"status": str(outcome.status), "reason": outcome.reason, "traceback": None}
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which parks the message with it
        payload = {"status": MessageStatus.FAILED.value, "reason": error_line(exc), "traceback": traceback.format_exc()}
    data = json.dumps(payload).encode("utf-8")
    view = memoryview(data)
    while view:
        view = view[os.write(write_fd, view):]


def _how_it_died(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"killed by {name}"
    return f"exited with status {os.waitstatus_to_exitcode(status)} without a result"


def run_isolated(service: Service, message: Message, raw: bytes, handler: Callable):
    """Run ``handler`` in a forked child; returns ``(outcome dict)``; ProcessingKilled if the child died."""
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        code = 0
        try:
            os.close(read_fd)
            _child(write_fd, parent, service, message, raw, handler)
        except BaseException:  # noqa: BLE001 - nothing may unwind into the parent's code
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks = []
    try:
        while chunk := os.read(read_fd, 65536):
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        _, status = os.waitpid(pid, 0)
    if not chunks or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        raise ProcessingKilled(f"processing this message killed the process that ran it ({_how_it_died(status)})")
    return json.loads(b"".join(chunks))
