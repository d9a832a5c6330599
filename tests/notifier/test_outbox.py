"""The outbox against a real SMTP server, on SQLite and PostgreSQL: dedupe, retries, at most once."""

from __future__ import annotations

import datetime as dt
import threading

from sqlmodel import select

from notifier.outbox import outbox_rows, queue_mail, requeue
from pipeline.delivery import INTERRUPTED, send_pending
from store.db import session
from store.models import OutgoingMail
from tests.notifier.conftest import FAST, add_message, smtp_config


def _queue(engine, key: str = "flag:1", **overrides) -> int | None:
    values = dict(kind="flag", dedupe_key=key, recipient="c2nguyendu@example.edu.vn",
                  subject="Re: Gửi hồ sơ", body_text="Kính gửi quý đơn vị,", domain="moet.gov.vn")
    values.update(overrides)
    with session(engine) as db:
        row = queue_mail(db, **values)
        db.commit()
        return row.id if row else None


def _row(engine, row_id: int) -> OutgoingMail:
    with session(engine) as db:
        return db.get(OutgoingMail, row_id)


def test_queue_is_part_of_the_callers_transaction_and_deduplicated(engine):
    with session(engine) as db:
        message = add_message(db)
        first = queue_mail(db, kind="flag", dedupe_key=f"flag:{message.id}", recipient="a@b.vn", subject="s",
                           body_text="b", message_id=message.id, domain="moet.gov.vn")
        again = queue_mail(db, kind="flag", dedupe_key=f"flag:{message.id}", recipient="a@b.vn", subject="s",
                           body_text="b", domain="moet.gov.vn")
        assert first is not None and again is None
        assert first.header_message_id.endswith("@moet.gov.vn>") and first.state == "queued"
        db.rollback()  # the caller's decision did not commit: neither does its mail
    assert outbox_rows(engine) == []
    assert _queue(engine) is not None and _queue(engine) is None
    assert len(outbox_rows(engine)) == 1


def test_sent_once_with_fixed_message_id(engine, smtp_server, smtp):
    row_id = _queue(engine)
    report = send_pending(engine, smtp, retry=FAST)
    assert report.sent == [row_id] and report.ok
    assert send_pending(engine, smtp, retry=FAST).sent == []  # nothing left
    [got] = smtp_server.messages
    row = _row(engine, row_id)
    assert row.state == "sent" and row.attempts == 1 and row.sent_at is not None
    assert got.message["Message-ID"] == row.header_message_id
    [listed] = outbox_rows(engine)
    assert listed["state"] == "sent" and listed["sent_at"].endswith("+00:00") and listed["subject"] == "Re: Gửi hồ sơ"


def test_server_down_then_up_delivers_exactly_once(engine, smtp_server, smtp):
    first, second = _queue(engine, "flag:1"), _queue(engine, "flag:2")
    smtp_server.stop()
    report = send_pending(engine, smtp, retry=FAST)
    assert report.deferred == [first]  # the server is down: the run stops, the second stays untouched
    row = _row(engine, first)
    assert row.state == "queued" and row.attempts == 1 and "cannot reach" in row.last_error
    assert _row(engine, second).attempts == 0
    smtp_server.start()
    assert send_pending(engine, smtp, retry=FAST).sent == [second]  # the first one waits for its backoff
    later = row.next_attempt_at.replace(tzinfo=dt.timezone.utc) + dt.timedelta(seconds=1)
    assert send_pending(engine, smtp, now=later, retry=FAST).sent == [first]
    assert send_pending(engine, smtp, now=later + dt.timedelta(days=1), retry=FAST).sent == []
    assert sorted(m.message["Message-ID"] for m in smtp_server.messages) == sorted(
        _row(engine, i).header_message_id for i in (first, second))


def test_451_then_accepted_within_the_same_run(engine, smtp_server, smtp):
    row_id = _queue(engine)
    smtp_server.fail_temporarily(1)
    assert send_pending(engine, smtp, retry=FAST).sent == [row_id]
    assert len(smtp_server.rejected) == 1 and len(smtp_server.messages) == 1
    assert _row(engine, row_id).attempts == 1  # one claimed attempt, two SMTP tries


def test_persistent_451_backs_off_then_gives_up(engine, smtp_server, smtp):
    row_id = _queue(engine)
    smtp_server.fail_temporarily(100)
    now = dt.datetime.now(dt.timezone.utc)
    delays = []
    for _ in range(FAST.max_attempts):
        send_pending(engine, smtp, now=now, retry=FAST)
        row = _row(engine, row_id)
        if row.state != "queued":
            break
        due = row.next_attempt_at.replace(tzinfo=dt.timezone.utc)
        delays.append((due - now).total_seconds())
        now = due
    assert delays == [60, 120, 240, 480]
    assert row.state == "failed" and row.last_error.startswith("gave up after 5 attempts: server answered: 451")
    assert smtp_server.messages == []


def test_550_fails_with_the_servers_answer(engine, smtp_server, smtp):
    row_id = _queue(engine)
    smtp_server.fail_permanently(reply="550 5.1.1 <c2nguyendu@example.edu.vn>: Recipient address rejected")
    report = send_pending(engine, smtp, retry=FAST)
    assert report.failed == [row_id] and not report.ok
    row = _row(engine, row_id)
    assert row.state == "failed" and row.attempts == 1
    assert row.last_error == "550 5.1.1 <c2nguyendu@example.edu.vn>: Recipient address rejected"
    assert len(smtp_server.rejected) == 1  # permanent: not retried


def test_a_row_left_sending_before_the_end_of_data_is_resent_with_the_same_message_id(engine, smtp_server, smtp):
    row_id = _queue(engine)
    fresh_id = _queue(engine, "flag:2")
    with session(engine) as db:  # a crash after the attempt was recorded, before the end of DATA went out
        row = db.get(OutgoingMail, row_id)
        row.state, row.attempts, row.claimed_by = "sending", 1, "gone-host:1:0"
        leased = db.get(OutgoingMail, fresh_id)  # another worker is sending this one right now
        leased.state, leased.next_attempt_at = "sending", dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
        db.commit()
    report = send_pending(engine, smtp, retry=FAST)
    assert report.interrupted == [] and report.sent == [row_id]
    [got] = smtp_server.messages
    assert got.message["Message-ID"] == _row(engine, row_id).header_message_id
    assert _row(engine, row_id).state == "sent"
    assert _row(engine, fresh_id).state == "sending"  # its lease has not run out


def test_a_row_left_sending_after_the_end_of_data_is_not_resent_and_can_be_requeued(engine, smtp_server, smtp):
    row_id = _queue(engine)
    with session(engine) as db:  # a crash in the window between the end of DATA and the server's reply
        row = db.get(OutgoingMail, row_id)
        row.state, row.attempts, row.smtp_stage = "sending", 1, "data_end"
        db.commit()
    report = send_pending(engine, smtp, retry=FAST)
    assert report.interrupted == [row_id] and report.sent == []
    assert smtp_server.messages == []
    row = _row(engine, row_id)
    assert row.state == "failed" and row.last_error == INTERRUPTED
    assert requeue(engine, [row_id]) == [row_id]
    assert send_pending(engine, smtp, retry=FAST).sent == [row_id]
    assert requeue(engine, [row_id]) == []  # a sent mail is never requeued
    assert len(smtp_server.messages) == 1


def test_the_data_end_is_recorded_before_it_is_sent(engine, smtp_server, smtp):
    """The stage commits before the final CRLF.CRLF: the server has not yet got the whole message then."""
    row_id = _queue(engine)
    seen = []
    original = smtp_server._take

    def take(mail):
        seen.append(_row(engine, row_id).smtp_stage)
        return original(mail)

    smtp_server._take = take
    assert send_pending(engine, smtp, retry=FAST).sent == [row_id]
    assert seen == ["data_end"]


def test_no_answer_after_data_is_failed_not_resent(engine, smtp_server):
    row_id = _queue(engine)
    smtp_server.slow_reply(2.0)
    report = send_pending(engine, smtp_config(smtp_server, timeout_seconds=0.4), retry=FAST)
    assert report.failed == [row_id]
    assert "may have been delivered" in _row(engine, row_id).last_error
    assert len(smtp_server.messages) + len(smtp_server.rejected) <= 1


def test_two_workers_never_send_the_same_row(engine, smtp_server, smtp):
    ids = [_queue(engine, f"flag:{i}") for i in range(8)]
    reports = []
    workers = [threading.Thread(target=lambda: reports.append(send_pending(engine, smtp, retry=FAST)))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    sent = sorted(i for report in reports for i in report.sent)
    assert sent == ids
    assert len(smtp_server.messages) == 8
    with session(engine) as db:
        assert {r.state for r in db.exec(select(OutgoingMail)).all()} == {"sent"}


def test_no_outgoing_mail_passes_100_kb_whatever_it_was_given(engine, smtp_server, smtp):
    huge_subject = "Hồ sơ điển hình \u202e" * 70_000  # about 1 MiB, with a bidi override in it
    row_id = _queue(engine, subject=huge_subject, body_text="Kính gửi quý đơn vị,\n" + "dòng dài " * 40_000,
                    body_html="<p>" + "ô" * 200_000 + "</p>")
    row = _row(engine, row_id)
    assert len(row.subject) <= 250 and "\u202e" not in row.subject
    assert row.body_html is None  # the HTML part goes first
    assert row.body_text.endswith("lược bớt.)\n") and len(row.body_text) > 20_000
    send_pending(engine, smtp, retry=FAST)
    [sent] = smtp_server.messages
    assert 60_000 < len(sent.data) <= 100_000  # headers and quoted-printable included
    assert sent.message["Subject"].startswith("Hồ sơ điển hình") and len(str(sent.message["Subject"])) <= 250
