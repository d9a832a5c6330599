"""Several `dienhinh worker` processes on one PostgreSQL: all the work done, none of it twice."""

from __future__ import annotations

import concurrent.futures
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

pytestmark = pytest.mark.postgres


@pytest.mark.slow
def test_three_workers_share_one_mailbox_and_database_without_double_work(
    tmp_path, postgres_url, dovecot, imap_user, smtp_server
):
    mails = samples(300)
    dovecot.append(imap_user, [m.raw for m in mails])
    config = write_config(tmp_path, postgres_url, dovecot, imap_user, smtp_server, poll_seconds=5, after="seen")
    migrated = cli(config, "stats", "--json")  # the schema first (see the test below)
    assert migrated.returncode == 0, migrated.stderr
    db = Database(postgres_url)
    answered = {m.message_id for m in mails if m.kind != "automatic"}
    started = time.monotonic()
    workers = [Worker(config, tmp_path / f"worker{i}.log") for i in range(3)]
    try:
        wait_until(lambda: db.stored() == len(mails) and db.unprocessed() == 0, 150, "every message processed")
        wait_until(lambda: len(smtp_server.messages) >= len(answered), 60, "a reply to every submission")
        wait_until(lambda: db.scalar("SELECT count(*) FROM outgoing_mail WHERE state <> 'sent'") == 0, 30,
                   "an empty outbox")
        elapsed = time.monotonic() - started
    finally:
        codes = [w.terminate() for w in workers]
    logs = [w.output for w in workers]
    assert codes == [0, 0, 0], "\n".join(log[-3000:] for log in logs)
    assert not any("Traceback" in log for log in logs), "\n".join(logs)
    print(f"3 workers: {len(mails)} messages in {elapsed:.1f}s")

    rows = messages_json(config)
    assert sorted(r["message_id"] for r in rows) == sorted(m.message_id for m in mails)  # each stored once
    assert len({r["uid"] for r in rows}) == len(mails)
    kinds = {m.message_id: m.kind for m in mails}
    assert all(r["status"] == ("ignored" if kinds[r["message_id"]] == "automatic" else "parsed") for r in rows)

    attempts = db.rows("SELECT message_id, count(*) FROM parse_attempt GROUP BY message_id")
    assert len(attempts) == len(mails) and all(n == 1 for _, n in attempts)  # each processed once
    by_worker = dict(db.rows("SELECT worker, count(*) FROM parse_attempt GROUP BY worker"))
    assert len(by_worker) == 3, by_worker  # and the work was shared

    assert replies_by_original(smtp_server) == {message_id: 1 for message_id in answered}  # each mail once
    sent = dict(db.rows("SELECT kind, count(*) FROM outgoing_mail WHERE state = 'sent' GROUP BY kind"))
    assert sent == {"flag": sum(m.kind == "incomplete" for m in mails), "ack": sum(m.kind == "complete" for m in mails)}
    db.close()


def test_commands_started_together_on_an_empty_database_all_succeed(tmp_path, postgres_url):
    (tmp_path / "dienhinh.toml").write_text(f'[database]\nurl = "{postgres_url}"\n[storage]\ndir = "{tmp_path}/a"\n')
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: cli(tmp_path / "dienhinh.toml", "stats", "--json"), range(3)))
    assert [r.returncode for r in results] == [0, 0, 0], "\n".join(r.stderr[-1500:] for r in results)
