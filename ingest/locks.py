"""One poller per mailbox folder across every worker sharing a database.

On PostgreSQL the lock is a session-level advisory lock
(``pg_try_advisory_lock`` on a 64-bit hash of schema, mailbox and folder)
taken on a connection of its own and held for the whole poll: it lives exactly as long as that connection, so a worker that
crashes or loses the database releases it at once, and a worker that does
not get it skips that poll (another worker is already reading the folder).
SQLite serves a single worker, so there the lock is a no-op. The database's
unique key on (mailbox, folder, UIDVALIDITY, UID) stays the last line of
defence should a lock ever be lost mid-poll.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

from store import is_postgres

log = logging.getLogger(__name__)


def lock_key(*parts: str) -> int:
    """A stable signed 64-bit key for ``parts`` (the same on every host and Python run)."""
    digest = hashlib.sha256("\x1f".join(("dienhinh", *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def mailbox_key(mailbox: str, folder: str, schema: str = "public") -> int:
    """The poll lock of one folder; the schema keeps deployments sharing a database apart."""
    return lock_key("poll", schema, mailbox, folder)


@contextmanager
def mailbox_lock(engine: Engine, mailbox: str, folder: str) -> Iterator[bool]:
    """Yield True while this process holds the poll lock of ``mailbox``/``folder``, else False."""
    if not is_postgres(engine):
        yield True
        return
    connection = engine.connect()
    held, key = False, 0
    try:
        # Advisory locks are per database, not per schema: name the schema in the key.
        key = mailbox_key(mailbox, folder, connection.execute(text("SELECT current_schema()")).scalar() or "")
        held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar())
        connection.commit()  # the lock outlives the transaction; do not sit "idle in transaction"
        yield held
    finally:
        try:
            if held:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
        except Exception:  # noqa: BLE001 - never hand a connection that may still hold the lock back to the pool
            log.warning("poll_lock_release_failed mailbox=%s key=%d action=close_connection", mailbox, key)
            connection.invalidate()
        finally:
            connection.close()
