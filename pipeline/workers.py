"""Who is working: a worker's identity, and whether a claim's owner on this machine is gone."""

from __future__ import annotations

import functools
import hashlib
import os
import socket


@functools.cache
def _node_tag() -> str:
    """This kernel boot and pid namespace: pids are only comparable within them."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            boot = handle.read().strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""
    return hashlib.sha256(f"{boot}/{namespace}".encode()).hexdigest()[:8]


def worker_id() -> str:
    """``host:pid:node``, stored in ``claimed_by`` and ``parse_attempt.worker``."""
    return f"{socket.gethostname()[:150]}:{os.getpid()}:{_node_tag()}"


def dead_here(claimed_by: str | None) -> bool:
    """True when ``claimed_by`` names a process of this machine that no longer exists."""
    if not claimed_by:
        return False
    theirs, mine = claimed_by.rsplit(":", 2), worker_id().rsplit(":", 2)
    if len(theirs) != 3 or not mine[2] or theirs[0] != mine[0] or theirs[2] != mine[2] or not theirs[1].isdigit():
        return False
    pid = int(theirs[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
