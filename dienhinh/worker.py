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
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from dienhinh.cycle import process_pending, send_outbox
from dienhinh.service import Service
from ingest.polling import poll_mailbox

log = logging.getLogger(__name__)

OUTBOX_SECONDS = 60


def _poll_job(service: Service, name: str, stop: threading.Event, lock: threading.Lock) -> None:
    poll_mailbox(service.settings.mailbox(name), service.engine, service.archive, stop)
    with lock:  # one processing loop at a time within this worker
        process_pending(service, stop)
    if not stop.is_set():
        send_outbox(service)


def _digest_job(service: Service, stop: threading.Event) -> None:
    from notifier.digest import send_digests

    today = datetime.now(service.zone).date()
    day = today - timedelta(days=1) if service.settings.digest.covers == "previous_day" else today
    results = send_digests(service.engine, service.settings, day)
    log.info("digest job: day=%s queued=%d", day, sum(r.queued for r in results))
    if not stop.is_set():
        send_outbox(service)


def _outbox_job(service: Service, stop: threading.Event) -> None:
    if not stop.is_set():
        send_outbox(service)


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
        args=[service, stop],
        id="digest",
        max_instances=1,
        coalesce=True,
    )
    if service.settings.smtp is not None:
        scheduler.add_job(
            _outbox_job, "interval", seconds=OUTBOX_SECONDS, args=[service, stop], id="outbox",
            max_instances=1, coalesce=True,
        )
    return scheduler


def _now(service: Service) -> datetime:
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
