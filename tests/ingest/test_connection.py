"""Logging in: imaplib's trace is off unless someone asked for it, and never shows the password."""

from __future__ import annotations

import logging

import pytest

from ingest.connection import IMAPLIB_LOGGER, connect, disconnect
from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def imaplib_log():
    logger = logging.getLogger(IMAPLIB_LOGGER)
    handler, level = Collect(), logger.level
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def _fetch_one(tmp_path, dovecot, user):
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox_entry(dovecot, user)])
    client = connect(settings.mailboxes[0])
    try:
        client.select_folder("INBOX", readonly=True)
        fetched = client.fetch(client.search(["ALL"]), ["BODY.PEEK[]"])
        return client._imap.debug, fetched
    finally:
        disconnect(client)


def test_imaplib_trace_is_off_when_its_logger_would_drop_it(tmp_path, dovecot, imap_user, imaplib_log):
    logger, handler = imaplib_log
    logger.setLevel(logging.INFO)
    dovecot.append(imap_user, [submission(subject="Hồ sơ điển hình")])

    debug, fetched = _fetch_one(tmp_path, dovecot, imap_user)

    assert debug == 0  # imaplib no longer formats a repr of every fetched message
    assert len(fetched) == 1 and b"Subject:" in next(iter(fetched.values()))[b"BODY[]"]
    assert handler.lines == []


def test_imaplib_trace_is_kept_at_debug_and_hides_the_password(tmp_path, dovecot, imap_user, imaplib_log):
    logger, handler = imaplib_log
    logger.setLevel(logging.DEBUG)
    dovecot.append(imap_user, [submission(subject="Hồ sơ điển hình")])

    debug, fetched = _fetch_one(tmp_path, dovecot, imap_user)

    assert debug > 0 and len(fetched) == 1
    assert any("FETCH" in line for line in handler.lines)
    assert not any("pw-" + imap_user in line for line in handler.lines)
