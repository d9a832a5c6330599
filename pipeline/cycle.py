"""One full cycle: fetch new mail, process what is pending, send the outbox.

``dienhinh poll`` runs it once; the worker runs its parts on their own
schedules (``dienhinh.worker``). Processing claims one message at a time
(``pipeline.runner``), so a cycle and any number of workers can share a
PostgreSQL database without doing the same work twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from config import hide_secrets, quote
from ingest import PollResult, poll_all
from notifier import SendReport
from pipeline.batches import triage_batch
from pipeline.delivery import send_pending
from pipeline.runner import Outcome, process_claimable
from pipeline.stages import handle_message
from store import Service

log = logging.getLogger(__name__)


@dataclass
class CycleResult:
    polls: list[PollResult] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    outbox: SendReport | None = None

    @property
    def ok(self) -> bool:
        return (
            not any(p.error for p in self.polls)
            and not any(o.status == "failed" for o in self.outcomes)
            and (self.outbox is None or (self.outbox.ok and not self.outbox.deferred))
        )


def process_pending(
    service: Service,
    stop: threading.Event | None = None,
    on_done: Callable[[int, Outcome], None] | None = None,
) -> list[Outcome]:
    """Claim and process ``received`` messages until none is left for this process.

    New mail goes first through the cheap path (``pipeline.batches``), in
    batches; what it cannot decide is processed one message at a time.
    """
    def batch() -> list[tuple[int, Outcome]] | None:
        done = triage_batch(service)
        return None if done is None else done.ignored

    return process_claimable(service, handle_message, stop, on_done, batch=batch)


def send_outbox(service: Service) -> SendReport | None:
    """Send what the outbox holds, when an SMTP server is configured."""
    if service.settings.smtp is None:
        return None
    started = time.monotonic()
    report = send_pending(service.engine, service.settings.smtp)
    if report.sent or report.deferred or report.failed or report.interrupted:
        (log.warning if report.errors else log.info)(
            "outbox_run sent=%d deferred=%d failed=%d interrupted=%d duration_ms=%d%s",
            len(report.sent), len(report.deferred), len(report.failed), len(report.interrupted),
            (time.monotonic() - started) * 1000,
            f" error={quote(next(iter(report.errors.values())))}" if report.errors else "",
        )
    return report


def run_cycle(
    service: Service,
    mailboxes: list[str] | None = None,
    stop: threading.Event | None = None,
    attempts: int = 3,
) -> CycleResult:
    hide_secrets(service.settings)
    result = CycleResult()
    result.polls = poll_all(service.settings, service.engine, service.archive, mailboxes, stop, attempts)
    result.outcomes = process_pending(service, stop)
    if stop is None or not stop.is_set():
        result.outbox = send_outbox(service)
    return result
