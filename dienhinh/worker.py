"""The long-running worker: APScheduler 3 jobs for every mailbox and the digest.

One interval job per mailbox with ``max_instances=1`` (never two polls of one
mailbox at once) and ``coalesce=True`` (missed runs collapse into one). On
SIGTERM or SIGINT the stop event is set: pollers and the processing loop
finish the message in hand, the scheduler waits for running jobs, and the
process exits 0.
"""

from __future__ import annotations

import logging
import signal
import threading

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from dienhinh.cycle import process_pending
from dienhinh.service import Service
from ingest.polling import poll_mailbox

log = logging.getLogger(__name__)


def _poll_job(service: Service, name: str, stop: threading.Event, lock: threading.Lock) -> None:
    poll_mailbox(service.settings.mailbox(name), service.engine, service.archive, stop)
    with lock:  # one processing loop at a time within this worker
        process_pending(service, stop)


def _digest_job(service: Service) -> None:
    log.info("digest job: the digest is not available in this version yet")


def build_scheduler(service: Service, stop: threading.Event) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=service.zone)
    processing_lock = threading.Lock()
    for mailbox in service.settings.mailboxes:
        scheduler.add_job(
            _poll_job,
            "interval",
            seconds=mailbox.poll_seconds,
            args=[service, mailbox.name, stop, processing_lock],
            id=f"poll:{mailbox.name}",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=mailbox.poll_seconds,
            next_run_time=_now(service),
        )
    scheduler.add_job(
        _digest_job,
        CronTrigger.from_crontab(service.settings.digest.cron, timezone=service.zone),
        args=[service],
        id="digest",
        max_instances=1,
        coalesce=True,
    )
    return scheduler


def _now(service: Service):
    from datetime import datetime

    return datetime.now(service.zone)


def run_worker(service: Service) -> int:
    stop = threading.Event()

    def request_stop(signum, _frame) -> None:
        log.info("worker: %s received, finishing the message in hand", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    scheduler = build_scheduler(service, stop)
    scheduler.start()
    log.info("worker: started with %d mailbox(es)", len(service.settings.mailboxes))
    while not stop.wait(1.0):
        pass
    scheduler.shutdown(wait=True)
    service.close()
    log.info("worker: stopped")
    return 0
