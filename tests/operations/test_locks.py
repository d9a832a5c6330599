"""One poller per mailbox folder: PostgreSQL advisory locks, a no-op on SQLite."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from ingest.locks import lock_key, mailbox_key, mailbox_lock
from ingest.polling import poll_mailbox
from store.archive import Archive
from store.db import open_database
from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission
from tests.operations.harness import ROOT

KEY = 369117534850196953  # the same on every host, Python and release: workers of different versions must agree


def test_lock_keys_are_stable_signed_64_bit_and_distinct():
    assert mailbox_key("vutdkt", "INBOX") == lock_key("poll", "public", "vutdkt", "INBOX") == KEY
    keys = {mailbox_key("vutdkt", "INBOX"), mailbox_key("vutdkt", "Archive"), mailbox_key("vuquang", "INBOX"),
            mailbox_key("vutdk", "tINBOX"), mailbox_key("vutdkt", "INBOX", schema="other")}
    assert len(keys) == 5 and all(-(2**63) <= k < 2**63 for k in keys)


def test_sqlite_has_a_single_worker_and_the_lock_is_a_no_op(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with mailbox_lock(engine, "school", "INBOX") as first, mailbox_lock(engine, "school", "INBOX") as second:
        assert first and second
    engine.dispose()


@pytest.mark.postgres
def test_a_second_poller_skips_the_folder_while_the_first_holds_it(tmp_path, postgres_url, dovecot, imap_user):
    dovecot.append(imap_user, [submission(subject="một")])
    settings = make_settings(tmp_path, postgres_url, [mailbox_entry(dovecot, imap_user)])
    mailbox = settings.mailboxes[0]
    engine = open_database(postgres_url)
    archive = Archive(settings.storage.dir)
    try:
        with mailbox_lock(engine, mailbox.name, mailbox.folder) as held:
            assert held
            with mailbox_lock(engine, mailbox.name, mailbox.folder) as again:
                assert not again  # another session (another worker) cannot have it
            with mailbox_lock(engine, mailbox.name, "Archive") as other_folder:
                assert other_folder
            skipped = poll_mailbox(mailbox, engine, archive)
            assert skipped.skipped and skipped.stored == 0 and skipped.error is None
        polled = poll_mailbox(mailbox, engine, archive)
        assert not polled.skipped and polled.stored == 1
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_lock_of_a_killed_poller_is_free_at_once(postgres_url):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from sqlalchemy import create_engine\n"
         "from ingest.locks import mailbox_lock\n"
         f"engine = create_engine({postgres_url!r})\n"
         "with mailbox_lock(engine, 'school', 'INBOX') as held:\n"
         "    print(held, flush=True); time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    engine = open_database(postgres_url)
    try:
        assert holder.stdout.readline().strip() == "True"
        with mailbox_lock(engine, "school", "INBOX") as held:
            assert not held
        holder.kill()
        holder.wait(timeout=10)
        for _ in range(50):  # the server notices the closed socket within moments
            with mailbox_lock(engine, "school", "INBOX") as held:
                if held:
                    break
            time.sleep(0.1)
        assert held
    finally:
        if holder.poll() is None:
            holder.kill()
        engine.dispose()
