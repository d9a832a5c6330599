"""Kill a process, everything it started, and everything that carries its marker.

Programs a parser starts (tesseract, soffice and its daemonised helpers)
may fork away from their parent or be re-parented; they are found by
ancestry in ``/proc`` and by a marker in their environment that every
program inherits.
"""

from __future__ import annotations

import contextlib
import os
import signal


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


def _has_marker(pid: int, marker: bytes) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return marker in f.read()
    except OSError:
        return False


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def kill_tree(pid: int | None, marker: bytes) -> int:
    """SIGKILL ``pid``, its descendants and every process whose environment holds ``marker``.

    ``pid`` is None when the worker was already reaped (its number may be
    reused): then only the marker (a ``NAME=value\\0`` environment entry)
    finds what it left behind. Each process is
    stopped first so that none forks away between the scan and the kill; the
    scan repeats until it finds nothing new. Returns how many processes
    other than the worker were killed.
    """
    if pid is not None:
        _signal(pid, signal.SIGSTOP)
    doomed: set[int] = set()
    for _ in range(10):
        table = _process_table()
        found = {p for p in table if p not in doomed and p not in (pid, os.getpid())
                 and ((pid is not None and _descends(p, pid, table)) or _has_marker(p, marker))}
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
