"""UIDVALIDITY rescans: stored mail is recognised by Message-ID and size, else by its bytes."""

from __future__ import annotations

import hashlib
import re

from sqlmodel import select

from ingest.polling import poll_mailbox
from ingest.rescan import StaleRows, header_message_id
from store.archive import Archive
from store.db import open_database, session
from store.models import MailboxState, Message
from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission


def _row(message_id: str | None, size: int, raw: bytes = b"") -> Message:
    return Message(mailbox="m", folder="INBOX", uid=1, uidvalidity=1, message_id=message_id, size=size,
                   sha256=hashlib.sha256(raw).hexdigest())


def test_a_listing_matches_by_message_id_and_size_once():
    first, second = _row("<a@x.vn>", 100), _row("<a@x.vn>", 100)
    stale = StaleRows([first, _row("<b@x.vn>", 100), second])
    header = b"Message-ID: <a@x.vn>\r\n"
    assert stale.by_listing(header, 100) is first
    assert stale.by_listing(header, 100) is second  # two copies on the server, two rows: each taken once
    assert stale.by_listing(header, 100) is None
    assert stale.by_listing(b"Message-ID: <b@x.vn>\r\n", 101) is None  # same id, other size: not the same mail
    assert stale.by_listing(None, 100) is None


def test_bytes_match_a_row_without_message_id():
    row = _row(None, 5, b"hello")
    stale = StaleRows([row])
    assert stale.by_content(b"other") is None
    assert stale.by_content(b"hello") is row
    assert not stale and stale.by_content(b"hello") is None


def test_header_message_id_reads_the_fetched_header_field():
    assert header_message_id(b"Message-ID: \r\n <x.1@truong.edu.vn>\r\n") == "<x.1@truong.edu.vn>"
    assert header_message_id(b"") is None


def test_rescan_matches_mail_without_message_id_by_its_bytes(tmp_path, database_url, dovecot, imap_user):
    """Old mail without Message-ID, interleaved with new mail in the same fetch batch."""
    without_id = [re.sub(rb"Message-ID: [^\n]*\n", b"", submission(subject=f"cũ {i}")) for i in range(3)]
    dovecot.append(imap_user, without_id)
    settings = make_settings(tmp_path, database_url, [mailbox_entry(dovecot, imap_user, batch_size=10)])
    engine, archive = open_database(settings.database.url), Archive(settings.storage.dir)
    assert poll_mailbox(settings.mailboxes[0], engine, archive).stored == 3

    with dovecot.client(imap_user) as client:
        client.select_folder("INBOX")
        client.delete_messages(client.search())
        client.expunge()
    with session(engine) as db:  # as if the server had rebuilt its index: every UID means something else
        state = db.exec(select(MailboxState)).one()
        state.uidvalidity -= 1
        db.add(state)
        for row in db.exec(select(Message)).all():
            row.uidvalidity -= 1
            db.add(row)
        db.commit()
    dovecot.append(imap_user, [without_id[0], submission(subject="mới"), without_id[2], without_id[1]])

    result = poll_mailbox(settings.mailboxes[0], engine, archive)

    assert (result.stored, result.remapped, result.error) == (1, 3, None)
    with session(engine) as db:
        rows = db.exec(select(Message).order_by(Message.uid)).all()
        state = db.exec(select(MailboxState)).one()
    assert [r.subject for r in rows] == ["cũ 0", "mới", "cũ 2", "cũ 1"]
    assert len({r.uidvalidity for r in rows}) == 1 and state.last_uid == rows[-1].uid
    assert poll_mailbox(settings.mailboxes[0], engine, archive).stored == 0
