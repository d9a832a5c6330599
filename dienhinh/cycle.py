"""One full cycle: fetch new mail, process what is pending, send the outbox."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from dienhinh.pipeline import handle_message
from dienhinh.runner import Outcome, pending_message_ids, process_messages
from dienhinh.service import Service
from ingest.poller import PollResult
from ingest.polling import poll_all
from notifier.outbox import SendReport, send_pending


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


def process_pending(service: Service, stop: threading.Event | None = None) -> list[Outcome]:
    return process_messages(service, pending_message_ids(service), handle_message, stop)


def send_outbox(service: Service) -> SendReport | None:
    """Send what the outbox holds, when an SMTP server is configured."""
    if service.settings.smtp is None:
        return None
    return send_pending(service.engine, service.settings.smtp)


def run_cycle(
    service: Service,
    mailboxes: list[str] | None = None,
    stop: threading.Event | None = None,
    attempts: int = 3,
) -> CycleResult:
    result = CycleResult()
    result.polls = poll_all(service.settings, service.engine, service.archive, mailboxes, stop, attempts)
    result.outcomes = process_pending(service, stop)
    if stop is None or not stop.is_set():
        result.outbox = send_outbox(service)
    return result
