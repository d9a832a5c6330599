"""The long-running worker: polls on a schedule, processes and sends continuously.

Threads of one worker:

- an APScheduler 3 interval job per mailbox (``max_instances=1``,
  ``coalesce=True``) that polls it and wakes the processing loop when it
  stored something; across workers the poll takes the folder's lock
  (``ingest.locks``), so only one worker reads a folder at a time and the
  others skip that round;
- the processing loop: claims ``received`` messages one at a time
  (``pipeline.runner``), then sleeps until woken or ``IDLE_SECONDS`` pass,
  so it also picks up what another worker stored;
- the outbox loop: sends what is due, woken after processing and at least
  every ``OUTBOX_SECONDS``, on its own thread so an unreachable SMTP server
  (retries with waits) never holds up parsing;
- a cron job for the reviewers' digest (one per reviewer and day, whatever
  the number of workers: the outbox dedupes it).

On SIGTERM or SIGINT the stop event is set: the poller and the processing
loop finish the message in hand, the scheduler waits for running jobs, and
the process exits 0.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from config import hide_secrets, quote
from domain import error_line
from ingest import poll_mailbox
from pipeline import process_pending, send_outbox, worker_id
from store import Service

log = logging.getLogger(__name__)

IDLE_SECONDS = 2.0
OUTBOX_SECONDS = 5.0
ERROR_PAUSE_SECONDS = 10.0


def _poll_job(service: Service, name: str, stop: threading.Event, wake: threading.Event) -> None:
    result = poll_mailbox(service.settings.mailbox(name), service.engine, service.archive, stop)
    if result.stored:
        wake.set()


def _loop(name: str, step, stop: threading.Event, wake: threading.Event, idle: float) -> None:
    """Run ``step`` until stopped, then sleep until woken or ``idle`` seconds pass."""
    while not stop.is_set():
        pause = idle
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - e.g. the database restarting: keep the worker alive
            log.exception("loop_error loop=%s error=%s", name, quote(error_line(exc)))
            pause = ERROR_PAUSE_SECONDS
        wake.wait(pause)
        wake.clear()


def _process_step(service: Service, stop: threading.Event, outbox_wake: threading.Event) -> None:
    process_pending(service, stop, on_done=lambda _id, _outcome: outbox_wake.set())


def _outbox_step(service: Service, stop: threading.Event) -> None:
    if not stop.is_set():
        send_outbox(service)


def _digest_job(service: Service, stop: threading.Event) -> None:
    from digest import send_digests

    today = datetime.now(service.zone).date()
    day = today - timedelta(days=1) if service.settings.digest.covers == "previous_day" else today
    results = send_digests(service.engine, service.settings, day)
    log.info("digest_job day=%s queued=%d", day, sum(r.queued for r in results))
    if not stop.is_set():
        send_outbox(service)


def _reminders_job(service: Service, stop: threading.Event) -> None:
    """Campaign reminders due today (once per unit and batch: the outbox's dedupe keys)."""
    from campaigns import run_reminders

    result = run_reminders(service.engine, service.settings, datetime.now(service.zone).date())
    for error in result.errors:
        log.error("reminders_job error=%s", error)
    log.info("reminders_job queued=%d", sum(r.state == "queued" for r in result.reminders))
    if not stop.is_set():
        send_outbox(service)


def build_scheduler(service: Service, stop: threading.Event, wake: threading.Event) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=service.zone)
    for mailbox in service.settings.mailboxes:
        scheduler.add_job(
            _poll_job,
            "interval",
            seconds=mailbox.poll_seconds,
            args=[service, mailbox.name, stop, wake],
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
    if service.settings.smtp is not None and service.settings.campaigns:
        scheduler.add_job(  # same time of day as the digest: reviewers and schools start the day together
            _reminders_job,
            CronTrigger.from_crontab(service.settings.digest.cron, timezone=service.zone),
            args=[service, stop],
            id="reminders",
            max_instances=1,
            coalesce=True,
        )
    return scheduler


def _now(service: Service) -> datetime:
    return datetime.now(service.zone)


def run_worker(service: Service) -> int:
    hide_secrets(service.settings)
    stop, wake, outbox_wake = threading.Event(), threading.Event(), threading.Event()

    def request_stop(signum, _frame) -> None:
        log.info("worker: %s received, finishing the message in hand", signal.Signals(signum).name)
        stop.set()
        wake.set()
        outbox_wake.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    scheduler = build_scheduler(service, stop, wake)
    loops = [
        threading.Thread(target=_loop, name="processing", args=(
            "processing", lambda: _process_step(service, stop, outbox_wake), stop, wake, IDLE_SECONDS)),
        threading.Thread(target=_loop, name="outbox", args=(
            "outbox", lambda: _outbox_step(service, stop), stop, outbox_wake, OUTBOX_SECONDS)),
    ]
    scheduler.start()
    for thread in loops:
        thread.start()
    log.info("worker_started worker=%s mailboxes=%d", quote(worker_id()), len(service.settings.mailboxes))
    while not stop.wait(1.0):
        pass
    scheduler.shutdown(wait=True)
    for thread in loops:
        thread.join()
    service.close()
    log.info("worker: stopped")
    return 0
