"""The IMAP server goes away mid-poll and the SMTP server refuses for a while: all arrives once."""

from __future__ import annotations

import json
import time

import pytest

from tests.operations.harness import (
    Database,
    Worker,
    cli,
    messages_json,
    replies_by_original,
    wait_until,
    write_config,
)
from tests.operations.mail import samples


@pytest.mark.slow
@pytest.mark.postgres
def test_dovecot_restart_mid_poll_and_smtp_refusals_recover_exactly_once(
    tmp_path, postgres_url, own_dovecot, smtp_server
):
    dovecot = own_dovecot
    dovecot.add_user("school", "pw-school")
    mails = samples(200, seed=11)
    dovecot.append("school", [m.raw for m in mails])
    answered = {m.message_id for m in mails if m.kind != "automatic"}
    config = write_config(tmp_path, postgres_url, dovecot, "school", smtp_server, poll_seconds=5, after="seen",
                          batch_size=5)
    assert cli(config, "stats", "--json").returncode == 0  # the schema, before two workers start together
    db = Database(postgres_url)
    smtp_server.stop()  # refused from the start: connections fail
    workers = [Worker(config, tmp_path / f"worker{i}.log") for i in range(2)]
    try:
        # Dovecot goes away in the middle of the first poll, and comes back on the same port with its mail.
        stored_at_stop = wait_until(lambda: db.stored() >= 20 and db.stored(), 60, "the first poll to store 20")
        dovecot.stop()
        assert stored_at_stop < len(mails), "the poll had already finished: not a mid-poll stop"
        time.sleep(4)
        assert all(w.process.poll() is None for w in workers)
        dovecot.start()

        wait_until(lambda: db.stored() == len(mails) and db.unprocessed() == 0, 150, "every message processed")
        # the refusals are met and the mail kept for later (a busy worker may reach its outbox a little later)
        wait_until(lambda: db.scalar("SELECT count(*) FROM outgoing_mail WHERE state = 'queued' AND attempts > 0") > 0,
                   60, "a delivery attempt refused and kept queued")
        assert db.scalar("SELECT count(*) FROM outgoing_mail WHERE state = 'sent'") == 0  # nothing got through

        # The SMTP server is back but answers 451 to the next few; the clock moves past each backoff.
        smtp_server.fail_temporarily(4)
        smtp_server.start()

        def all_sent() -> bool:
            db.execute("UPDATE outgoing_mail SET next_attempt_at = NULL WHERE state = 'queued'")
            return db.scalar("SELECT count(*) FROM outgoing_mail WHERE state <> 'sent'") == 0

        wait_until(all_sent, 120, "the outbox to drain", interval=1.0)
    finally:
        codes = [w.terminate() for w in workers]
    logs = [w.output for w in workers]
    assert codes == [0, 0], "\n".join(log[-3000:] for log in logs)

    rows = messages_json(config)
    assert sorted(r["message_id"] for r in rows) == sorted(m.message_id for m in mails)  # each stored once
    assert all(r["status"] in ("parsed", "ignored") for r in rows)
    assert replies_by_original(smtp_server) == {message_id: 1 for message_id in answered}  # each mail once
    assert len(smtp_server.rejected) == 4
    assert any("poll_failed" in log or "poll_retry" in log for log in logs)  # the outage was seen and logged

    stats = json.loads(cli(config, "stats", "--json").stdout)
    assert stats["mailboxes"][0]["last_error"] is None  # a later poll succeeded
    assert stats["outbox"]["sent"] == len(answered) and stats["outbox"]["queued"] == 0
    assert stats["oldest_unprocessed"] is None
    with dovecot.client("school") as client:
        client.select_folder("INBOX", readonly=True)
        assert len(client.search(["UNSEEN"])) == 0
    db.close()
