"""Named points where the crash tests kill the process (fault injection).

``DIENHINH_CRASHPOINT=after_archive:3`` makes the third pass through
``crashpoint("after_archive")`` send SIGKILL to this process, so the tests
can prove that a crash at that exact point loses and duplicates nothing.
Unset (always, in production) it costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_hits: dict[str, int] = {}


def crashpoint(name: str) -> None:
    spec = os.environ.get("DIENHINH_CRASHPOINT")
    if not spec:
        return
    wanted, _, count = spec.partition(":")
    if wanted != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)
