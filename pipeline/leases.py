"""A claim's lease, and the heartbeat that renews it while a slow message runs."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from sqlalchemy import update

from config import quote
from domain import error_line
from store import Message, Service, session, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=120)
HEARTBEAT_SECONDS = 30.0


class Heartbeat:
    """Renews a message claim's lease every ``HEARTBEAT_SECONDS`` while the handler runs."""

    def __init__(self, service: Service, message_id: int, me: str) -> None:
        self.service, self.message_id, self.me = service, message_id, me
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"lease-{message_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()

    def _run(self) -> None:
        while not self.done.wait(HEARTBEAT_SECONDS):
            try:
                with session(self.service.engine) as db:
                    db.exec(
                        update(Message)
                        .where(Message.id == self.message_id, Message.claimed_by == self.me)
                        .values(claim_expires_at=utcnow() + LEASE)
                        .execution_options(synchronize_session=False)
                    )
                    db.commit()
            except Exception as exc:  # noqa: BLE001 - the next beat tries again; the lease covers a few misses
                log.warning("lease_renewal_failed message=%d error=%s", self.message_id, quote(error_line(exc)))
