"""Ingestion against a real Dovecot, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from imapclient.imapclient import SEEN
from sqlmodel import select

from ingest.polling import poll_all, poll_mailbox
from store.archive import Archive
from store.db import open_database, session
from store.models import MailboxState, Message
from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission


def _setup(tmp_path: Path, database_url: str, dovecot, user: str, **mailbox):
    settings = make_settings(tmp_path, database_url, [mailbox_entry(dovecot, user, **mailbox)])
    engine = open_database(settings.database.url)
    return settings, engine, Archive(settings.storage.dir)


def _rows(engine) -> list[Message]:
    with session(engine) as db:
        return list(db.exec(select(Message).order_by(Message.uid)).all())


def test_new_mail_is_taken_once_and_archived(tmp_path, database_url, dovecot, imap_user):
    mails = [submission(subject=f"Hồ sơ điển hình số {i}") for i in range(3)]
    dovecot.append(imap_user, mails)
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user)

    first = poll_mailbox(settings.mailboxes[0], engine, archive)
    second = poll_mailbox(settings.mailboxes[0], engine, archive)

    assert (first.stored, first.error) == (3, None)
    assert (second.stored, second.error) == (0, None)
    rows = _rows(engine)
    assert [r.subject for r in rows] == [f"Hồ sơ điển hình số {i}" for i in range(3)]
    assert all(archive.get(r.sha256) == raw.replace(b"\n", b"\r\n") or archive.get(r.sha256) == raw for r, raw in zip(rows, mails))
    assert {r.status for r in rows} == {"received"}
    assert rows[0].sender == "c2nguyendu@example.edu.vn"


def test_new_mail_after_a_poll_is_picked_up(tmp_path, database_url, dovecot, imap_user):
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user)
    dovecot.append(imap_user, [submission(subject="một")])
    poll_mailbox(settings.mailboxes[0], engine, archive)
    dovecot.append(imap_user, [submission(subject="hai")])
    result = poll_mailbox(settings.mailboxes[0], engine, archive)
    assert result.stored == 1
    assert [r.subject for r in _rows(engine)] == ["một", "hai"]


def test_after_keep_leaves_messages_unseen_and_after_seen_flags_them(tmp_path, database_url, dovecot, imap_user):
    dovecot.append(imap_user, [submission(), submission()])
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user, after="keep")
    poll_mailbox(settings.mailboxes[0], engine, archive)
    with dovecot.client(imap_user) as client:
        client.select_folder("INBOX", readonly=True)
        assert all(SEEN not in f[b"FLAGS"] for f in client.fetch(client.search(), ["FLAGS"]).values())

    dovecot.append(imap_user, [submission()])
    seen_settings = make_settings(tmp_path, database_url, [mailbox_entry(dovecot, imap_user, after="seen")])
    poll_mailbox(seen_settings.mailboxes[0], engine, archive)
    with dovecot.client(imap_user) as client:
        client.select_folder("INBOX", readonly=True)
        flags = [SEEN in f[b"FLAGS"] for _, f in sorted(client.fetch(client.search(), ["FLAGS"]).items())]
    assert flags == [False, False, True]
    assert all(r.after_done for r in _rows(engine))


def test_after_move_moves_stored_messages(tmp_path, database_url, dovecot, imap_user):
    dovecot.append(imap_user, [submission(), submission()])
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user, after="move:Processed")
    result = poll_mailbox(settings.mailboxes[0], engine, archive)
    assert result.stored == 2
    with dovecot.client(imap_user) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Processed")[b"EXISTS"] == 2
    assert poll_mailbox(settings.mailboxes[0], engine, archive).stored == 0


def test_uidvalidity_reset_rescans_without_duplicates(tmp_path, database_url, dovecot, imap_user):
    folder = "Nop-ho-so"
    mails = [submission(subject=f"thư {i}") for i in range(3)]
    dovecot.append(imap_user, mails, folder=folder)
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user, folder=folder, after="keep")
    poll_mailbox(settings.mailboxes[0], engine, archive)
    with session(engine) as db:
        old_validity = db.exec(select(MailboxState)).one().uidvalidity

    with dovecot.client(imap_user) as client:  # the server loses its index: a new UIDVALIDITY
        client.delete_folder(folder)
    dovecot.append(imap_user, [submission(subject="trước")] + mails, folder=folder)
    with dovecot.client(imap_user) as client:
        new_validity = client.select_folder(folder)[b"UIDVALIDITY"]
    assert new_validity != old_validity

    result = poll_mailbox(settings.mailboxes[0], engine, archive)

    assert (result.stored, result.remapped) == (1, 3)
    rows = _rows(engine)
    assert sorted(r.subject for r in rows) == ["thư 0", "thư 1", "thư 2", "trước"]
    assert {r.uidvalidity for r in rows} == {new_validity}
    assert poll_mailbox(settings.mailboxes[0], engine, archive).stored == 0


def test_byte_identical_redelivery_is_kept_as_its_own_message(tmp_path, database_url, dovecot, imap_user):
    """Two deliveries of the same bytes are two messages; the pipeline marks the second duplicate."""
    raw = submission()
    dovecot.append(imap_user, [raw, raw])
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user)
    assert poll_mailbox(settings.mailboxes[0], engine, archive).stored == 2
    rows = _rows(engine)
    assert rows[0].sha256 == rows[1].sha256 and rows[0].uid != rows[1].uid


def test_oversized_message_is_failed_with_reason_and_not_downloaded(tmp_path, database_url, dovecot, imap_user):
    big = submission(attachments=[("Minh chung.pdf", b"%PDF-1.4 " + b"x" * 20000, "application/pdf")])
    dovecot.append(imap_user, [big, submission(subject="nhỏ")])
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user, max_message_bytes=8192)
    result = poll_mailbox(settings.mailboxes[0], engine, archive)
    assert (result.stored, result.oversized) == (2, 1)
    large, small = _rows(engine)
    assert large.status == "failed" and large.truncated
    assert "over the 8.0 kB limit (max_message_bytes)" in large.reason
    stored = archive.get(large.sha256)
    assert len(stored) < 4096 and b"Subject:" in stored
    assert small.status == "received" and not small.truncated


def test_unreachable_mailbox_does_not_stop_the_others(tmp_path, database_url, dovecot, imap_user):
    from dienhinh.devservers.ports import free_port

    dovecot.append(imap_user, [submission()])
    settings = make_settings(
        tmp_path,
        database_url,
        [
            mailbox_entry(dovecot, imap_user, name="down", port=free_port()),
            mailbox_entry(dovecot, imap_user, name="up"),
        ],
    )
    engine = open_database(settings.database.url)
    results = poll_all(settings, engine, Archive(settings.storage.dir), attempts=2)
    by_name = {r.mailbox: r for r in results}
    assert by_name["down"].error and "ConnectionRefusedError" in by_name["down"].error
    assert by_name["up"].stored == 1 and by_name["up"].error is None
    with session(engine) as db:
        states = {s.mailbox: s for s in db.exec(select(MailboxState)).all()}
    assert "ConnectionRefused" in states["down"].last_error
    assert states["up"].last_error is None


def test_wrong_password_is_reported_not_retried_forever(tmp_path, database_url, dovecot, imap_user, monkeypatch):
    settings, engine, archive = _setup(tmp_path, database_url, dovecot, imap_user)
    monkeypatch.setenv(f"PW_{imap_user.upper()}", "wrong-password")
    result = poll_mailbox(settings.mailboxes[0], engine, archive, attempts=3)
    assert result.error and "LoginError" in result.error
    assert "wrong-password" not in result.error
