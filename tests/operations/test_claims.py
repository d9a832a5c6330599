"""Claims on received messages: one worker per message, leases that run out, per-sender order."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from pipeline import claims, leases, runner
from pipeline.claims import MessageBusy, claim_next, release_dead_claims
from pipeline.runner import Outcome, process_claimable, process_message, process_messages
from pipeline.stages import handle_message
from pipeline.workers import worker_id
from store.db import session
from store.models import Message, ParseAttempt, utcnow
from store.service import open_service
from tests.conftest import make_settings
from tests.operations.mail import samples


@pytest.fixture
def service(tmp_path, database_url):
    service = open_service(make_settings(tmp_path, database_url, []))
    yield service
    service.close()


def _store(service, raw: bytes, sender: str, uid: int, **values) -> int:
    digest = service.archive.put(raw)
    with session(service.engine) as db:
        row = Message(mailbox="school", folder="INBOX", uid=uid, uidvalidity=1, sha256=digest, size=len(raw),
                      sender=sender, message_id=f"<m{uid}@example.edu.vn>", **values)
        db.add(row)
        db.commit()
        return row.id


def _fill(service, senders: list[str]) -> list[int]:
    mails = samples(len(senders))
    return [_store(service, mail.raw, sender, uid) for uid, (mail, sender) in enumerate(zip(mails, senders), start=1)]


def _finish(service, claimed) -> Outcome:
    message, attempt = claimed
    return runner._run_claimed(service, message, attempt, lambda *_: Outcome("ignored", "test"))


def test_each_message_is_claimed_once_and_a_senders_mail_in_order(service):
    a1, a2, b1 = _fill(service, ["a@example.edu.vn", "a@example.edu.vn", "b@example.edu.vn"])
    first = claim_next(service)
    second = claim_next(service)
    assert (first[0].id, second[0].id) == (a1, b1)  # a2 waits for a1, from the same sender
    assert claim_next(service) is None
    assert first[0].claimed_by == worker_id() and first[1].status == "running"
    _finish(service, first)
    third = claim_next(service)
    assert third[0].id == a2
    _finish(service, second)
    _finish(service, third)
    with session(service.engine) as db:
        rows = db.exec(select(Message).order_by(Message.id)).all()
        assert [(r.status, r.claimed_by, r.attempts) for r in rows] == [("ignored", None, 1)] * 3
        assert [a.status for a in db.exec(select(ParseAttempt)).all()] == ["ignored"] * 3


def test_a_claim_held_elsewhere_waits_for_its_lease_to_run_out(service):
    (message_id,) = _fill(service, ["a@example.edu.vn"])
    with session(service.engine) as db:
        row = db.get(Message, message_id)
        row.claimed_by, row.claimed_at, row.claim_expires_at = "elsewhere:4242:0badc0de", utcnow(), utcnow() + timedelta(minutes=1)
        db.add(row)
        db.add(ParseAttempt(message_id=message_id, status="running", worker=row.claimed_by))
        db.commit()
    assert claim_next(service) is None  # a live claim on another host
    assert release_dead_claims(service) == []  # not ours to judge
    with pytest.raises(MessageBusy):
        process_message(service, message_id, handle_message)
    assert process_messages(service, [message_id], handle_message)[0].status == "busy"

    with session(service.engine) as db:
        row = db.get(Message, message_id)
        row.claim_expires_at = utcnow() - timedelta(seconds=1)  # that worker died a while ago
        db.add(row)
        db.commit()
    outcomes = process_claimable(service, handle_message)
    assert [o.status for o in outcomes] == ["parsed"]
    with session(service.engine) as db:
        attempts = db.exec(select(ParseAttempt).order_by(ParseAttempt.id)).all()
    assert [(a.status, a.worker) for a in attempts] == [("interrupted", "elsewhere:4242:0badc0de"), ("parsed", worker_id())]


def test_a_claim_left_by_a_dead_process_of_this_machine_is_released_at_once(service):
    (message_id,) = _fill(service, ["a@example.edu.vn"])
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = f"{socket.gethostname()}:{int(gone.stdout)}:{worker_id().rsplit(':', 1)[1]}"
    with session(service.engine) as db:
        row = db.get(Message, message_id)
        row.claimed_by, row.claim_expires_at = dead, utcnow() + timedelta(minutes=2)
        db.add(row)
        db.commit()
    assert process_message(service, message_id, handle_message).status == "parsed"  # reparse takes it over
    with session(service.engine) as db:
        row = db.get(Message, message_id)
        row.status, row.claimed_by, row.claim_expires_at = "received", dead, utcnow() + timedelta(minutes=2)
        db.add(row)
        db.commit()
    assert release_dead_claims(service) == [message_id]
    assert [o.status for o in process_claimable(service, handle_message)] == ["parsed"]


def test_a_message_that_keeps_killing_its_worker_is_parked_as_failed(service):
    first, second = _fill(service, ["a@example.edu.vn", "b@example.edu.vn"])
    with session(service.engine) as db:
        for _ in range(claims.MAX_INTERRUPTED):
            db.add(ParseAttempt(message_id=first, status="interrupted", worker="elsewhere:1:0badc0de"))
        db.commit()
    claimed = claim_next(service)
    assert claimed[0].id == second
    with session(service.engine) as db:
        parked = db.get(Message, first)
    assert parked.status == "failed" and parked.claimed_by is None
    assert f"interrupted {claims.MAX_INTERRUPTED} times" in parked.reason and f"reparse {first}" in parked.reason


def test_the_lease_is_renewed_while_a_slow_message_is_processed(service, monkeypatch):
    monkeypatch.setattr(leases, "HEARTBEAT_SECONDS", 0.1)
    monkeypatch.setattr(leases, "LEASE", timedelta(seconds=1))
    _fill(service, ["a@example.edu.vn"])
    seen = []

    def slow(svc, message, raw):
        for _ in range(4):
            with session(svc.engine) as db:
                seen.append(db.get(Message, message.id).claim_expires_at)
            time.sleep(0.4)
        return Outcome("ignored", "slow")

    assert [o.status for o in process_claimable(service, slow)] == ["ignored"]
    assert seen == sorted(seen) and seen[-1] - seen[0] >= timedelta(seconds=0.8)
    assert seen[-1] > utcnow() - timedelta(seconds=1)  # never ran out while the handler worked


@pytest.mark.postgres
def test_skip_locked_passes_over_a_row_another_worker_is_claiming(tmp_path, postgres_url):
    service = open_service(make_settings(tmp_path, postgres_url, []))
    first, second = _fill(service, ["a@example.edu.vn", "b@example.edu.vn"])
    other = service.engine.connect()
    try:
        other.execute(text("SELECT id FROM message WHERE id = :id FOR UPDATE"), {"id": first})
        started = time.monotonic()
        claimed = claim_next(service)
        assert claimed[0].id == second and time.monotonic() - started < 2  # not blocked behind the lock
    finally:
        other.rollback()
        other.close()
        service.close()


@pytest.mark.postgres
def test_many_claimers_at_once_never_share_a_message(tmp_path, postgres_url):
    service = open_service(make_settings(tmp_path, postgres_url, []))
    ids = _fill(service, [f"s{i}@example.edu.vn" for i in range(120)])
    taken: list[int] = []
    lock = threading.Lock()

    def claimer() -> None:
        while (claimed := claim_next(service)) is not None:
            with lock:
                taken.append(claimed[0].id)

    threads = [threading.Thread(target=claimer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    service.close()
    assert sorted(taken) == sorted(ids)  # every message once, none twice
