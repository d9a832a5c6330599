"""The cheap path end to end: a real ``dienhinh poll`` on mixed mail, reparse, kills inside a batch, sender order."""

from __future__ import annotations

import datetime as dt
import signal
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from pipeline import process_pending
from pipeline.batches import triage_batch
from store import Message, ParseAttempt, open_service, session
from tests.conftest import make_settings
from tests.operations.harness import Database, cli, messages_json, replies_by_original, write_config
from tests.operations.mail import samples

UNRELATED = "not a submission: no nomination wording and no nominee data"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def other_mail(i: int, kind: str) -> tuple[bytes, str, str]:
    """(raw, Message-ID, expected reason) of a mail that is not a submission."""
    msg = EmailMessage()
    message_id = f"<other{i:04d}-{kind}@example.gov.vn>"
    msg["From"] = f"Phòng Hành chính {i} <hanhchinh{i}@example.gov.vn>"
    msg["To"] = "vutdkt@moet.gov.vn"
    msg["Date"] = format_datetime(dt.datetime(2024, 4, 15, 9, 0, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=i))
    msg["Message-ID"] = message_id
    if kind == "newsletter":
        msg["Subject"] = f"Bản tin ngành giáo dục số {i}"
        msg["List-Id"] = "<bantin.example.gov.vn>"
        msg.set_content("Tin tức trong tuần: hội nghị chuyển đổi số, lịch thi học kỳ.")
        return msg.as_bytes(), message_id, "mailing-list mail (List-Id)"
    msg["Subject"] = f"Giấy mời họp giao ban tháng {i % 12 + 1}"
    msg.set_content("Kính mời đồng chí tới dự cuộc họp giao ban lúc 8 giờ sáng thứ Hai tại phòng họp số 2.")
    if kind == "with_file":  # a file could be a dossier: the full path, which ignores it all the same
        msg.add_attachment(b"PK\x03\x04 not really a docx", maintype="application",
                           subtype=DOCX.split("/")[1], filename="Giay moi.docx")
        return msg.as_bytes(), message_id, None
    return msg.as_bytes(), message_id, UNRELATED


def mixed_mail() -> tuple[list[bytes], dict[str, str], dict[str, str]]:
    """Submissions and their auto-replies (``tests.operations.mail``) among other mail; kinds and reasons by id."""
    raws, kinds, reasons = [], {}, {}
    subs = samples(24, seed=3)
    for i, sample in enumerate(subs):
        raws.append(sample.raw)
        kinds[sample.message_id] = sample.kind
        kind = ("newsletter", "unrelated", "unrelated", "with_file")[i % 4]
        raw, message_id, reason = other_mail(i, kind)
        raws.append(raw)
        kinds[message_id] = kind
        if reason:
            reasons[message_id] = reason
    return raws, kinds, reasons


def _check(config, db: Database, kinds: dict[str, str], reasons: dict[str, str], smtp) -> list[dict]:
    rows = messages_json(config)
    assert sorted(r["message_id"] for r in rows) == sorted(kinds)  # none lost, none twice
    for row in rows:
        kind = kinds[row["message_id"]]
        expected = "parsed" if kind in ("complete", "incomplete") else "ignored"
        assert row["status"] == expected, (row["message_id"], row["status"], row["reason"])
        if row["message_id"] in reasons:
            assert row["reason"] == reasons[row["message_id"]]
    finished = db.rows("SELECT message_id, count(*) FROM parse_attempt WHERE status <> 'interrupted' "
                       "GROUP BY message_id")
    assert len(finished) == len(kinds) and all(n == 1 for _, n in finished)  # exactly one outcome each
    assert db.scalar("SELECT count(*) FROM parse_attempt a JOIN message m ON m.id = a.message_id "
                     "WHERE a.status <> 'interrupted' AND a.status <> m.status") == 0
    answered = {mid for mid, kind in kinds.items() if kind in ("complete", "incomplete")}
    assert replies_by_original(smtp) == {mid: 1 for mid in answered}  # every submission answered once, nothing else
    return rows


def test_a_poll_of_mixed_mail_takes_the_cheap_path_for_mail_that_is_not_a_submission(
        tmp_path, database_url, dovecot, imap_user, smtp_server):
    raws, kinds, reasons = mixed_mail()
    dovecot.append(imap_user, raws)
    config = write_config(tmp_path, database_url, dovecot, imap_user, smtp_server, batch_size=10)
    db = Database(database_url)
    try:
        result = cli(config, "poll", "--verbose")
        assert result.returncode == 0, result.stderr[-3000:]
        cheap = [line for line in result.stderr.splitlines() if "processed message=" in line and "path=triage" in line]
        automatic = sum(kind == "automatic" for kind in kinds.values())
        plain = sum(kind in ("newsletter", "unrelated") for kind in kinds.values())
        assert len(cheap) == automatic + plain, result.stderr[-3000:]
        rows = _check(config, db, kinds, reasons, smtp_server)

        # reparse runs the full path on a cheaply ignored message, and agrees with it
        chosen = next(r for r in rows if kinds[r["message_id"]] == "unrelated")
        again = cli(config, "reparse", str(chosen["id"]), "--verbose")
        assert again.returncode == 0, again.stderr[-3000:]
        assert "path=triage" not in again.stderr
        attempts = db.rows("SELECT status, reason FROM parse_attempt WHERE message_id = :id ORDER BY id",
                           id=chosen["id"])
        assert attempts == [("ignored", UNRELATED), ("ignored", UNRELATED)]
        assert db.scalar("SELECT count(*) FROM attachment WHERE message_id = :id", id=chosen["id"]) == 0
    finally:
        db.close()


@pytest.mark.parametrize("point,waves", [("after_batch_claim:1", 1), ("after_batch_decide:1", 1),
                                         ("after_batch_finish:1", 1), ("after_batch_decide:1", 2)])
def test_a_kill_inside_a_batch_loses_nothing_and_records_nothing_twice(
        tmp_path, database_url, dovecot, imap_user, smtp_server, point, waves):
    raws, kinds, reasons = mixed_mail()
    config = write_config(tmp_path, database_url, dovecot, imap_user, smtp_server, batch_size=10)
    db = Database(database_url)
    try:
        if waves == 2:  # a first wave processed cleanly, the kill lands in the next poll's batch
            dovecot.append(imap_user, raws[:20])
            assert cli(config, "poll").returncode == 0
            raws = raws[20:]
        dovecot.append(imap_user, raws)
        killed = cli(config, "poll", crashpoint=point)
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
        unfinished = db.scalar("SELECT count(*) FROM message WHERE status = 'received'")
        assert unfinished > 0
        again = cli(config, "poll")
        assert again.returncode == 0, again.stderr[-3000:]
        _check(config, db, kinds, reasons, smtp_server)
    finally:
        db.close()


def _store(service, raw: bytes, uid: int) -> int:
    digest = service.archive.put(raw)
    with session(service.engine) as db:
        row = Message(mailbox="school", folder="INBOX", uid=uid, uidvalidity=1, sha256=digest, size=len(raw),
                      sender="same@example.edu.vn", message_id=f"<m{uid}@example.edu.vn>")
        db.add(row)
        db.commit()
        return row.id


def test_a_senders_later_mail_waits_for_its_earlier_submission(tmp_path, database_url):
    service = open_service(make_settings(tmp_path, database_url, []))
    try:
        submission, auto_reply = samples(10)[0], samples(10)[9]
        assert auto_reply.kind == "automatic"
        first = _store(service, submission.raw, 1)
        second = _store(service, auto_reply.raw, 2)
        batch = triage_batch(service)
        assert (batch.full_path, batch.waiting, batch.ignored) == (1, 1, [])
        assert triage_batch(service) is None  # the auto-reply waits: its sender's submission is not done
        outcomes = process_pending(service)
        assert [o.status for o in outcomes] == ["parsed", "ignored"]
        with session(service.engine) as db:
            attempts = db.exec(ParseAttempt.__table__.select().order_by(ParseAttempt.id)).all()
            assert [(a.message_id, a.status) for a in attempts] == [(first, "parsed"), (second, "ignored")]
            assert [(m.status, m.claimed_by, m.attempts) for m in db.exec(Message.__table__.select()).all()] == [
                ("parsed", None, 1), ("ignored", None, 1)]
    finally:
        service.close()
