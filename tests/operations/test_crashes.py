"""SIGKILL at random points and times while a few hundred messages come in, then run to the end.

Kills happen at the named crash points (``DIENHINH_CRASHPOINT``): after the
raw bytes are archived, after the message row commits, after a message is
claimed, after its records and reply commit, after its status commits; at a
random moment of a running worker; and right after the SMTP server accepted
a reply, before the worker could record it as sent. Afterwards every
message must be there once and processed, every record once, and no reply
delivered twice.
"""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time

import pytest
from imapclient.imapclient import SEEN

from dienhinh.devservers.smtp import SmtpServer
from tests.operations.harness import (
    Database,
    Worker,
    cli,
    messages_json,
    replies_by_original,
    write_config,
)
from tests.operations.mail import samples

INGEST_POINTS = ["after_archive", "after_commit"]
BATCH = 10  # messages per FETCH batch, and so per ingest commit
PROCESS_POINTS = ["after_claim", "after_handler", "after_finish"]


class KillingSmtpServer(SmtpServer):
    """Accepts mail, and SIGKILLs a chosen process right after accepting its n-th message."""

    def __init__(self) -> None:
        super().__init__()
        self._arm_lock = threading.Lock()
        self._target: int | None = None
        self._countdown = 0
        self.kills = 0

    def arm(self, pid: int, after: int) -> None:
        with self._arm_lock:
            self._target, self._countdown = pid, after

    def disarm(self) -> None:
        with self._arm_lock:
            self._target = None

    def _take(self, mail) -> str:
        reply = super()._take(mail)
        with self._arm_lock:
            if self._target is not None and reply.startswith("250"):
                self._countdown -= 1
                if self._countdown <= 0:
                    try:
                        os.kill(self._target, signal.SIGKILL)
                        self.kills += 1
                    except ProcessLookupError:
                        pass
                    self._target = None
        return reply



def _poll(config, crashpoint=None):
    return cli(config, "poll", crashpoint=crashpoint, timeout=180)


@pytest.mark.slow
@pytest.mark.parametrize("waves,per_wave", [(3, 60)])
def test_random_kills_lose_nothing_duplicate_nothing_and_send_nothing_twice(
    tmp_path, database_url, dovecot, imap_user, waves, per_wave
):
    seed = int(os.environ.get("DIENHINH_TEST_SEED", random.randrange(1_000_000)))
    rng = random.Random(seed)
    print(f"seed={seed}")
    mails = samples(waves * per_wave, seed=seed % 1000)
    smtp = KillingSmtpServer().start()
    db = Database(database_url)
    kills: list[str] = []
    try:
        config = write_config(tmp_path, database_url, dovecot, imap_user, smtp, poll_seconds=5, after="seen",
                              batch_size=BATCH)
        for wave in range(waves):
            dovecot.append(imap_user, [m.raw for m in mails[wave * per_wave:(wave + 1) * per_wave]])

            # 1. during ingest, at a named point
            name = rng.choice(INGEST_POINTS)  # archiving is per message, committing per fetched batch
            point = f"{name}:{rng.randint(1, per_wave // 2 if name == 'after_archive' else per_wave // BATCH)}"
            result = _poll(config, crashpoint=point)
            assert result.returncode == -signal.SIGKILL, (point, result.stderr[-2000:])
            kills.append(point)

            # 2. during processing, at a named point
            point = f"{rng.choice(PROCESS_POINTS)}:{rng.randint(1, 15)}"
            result = _poll(config, crashpoint=point)
            assert result.returncode == -signal.SIGKILL, (point, result.stderr[-2000:])
            kills.append(point)

            # 3. at a random moment, or right after the SMTP server accepted a reply
            worker = Worker(config, tmp_path / f"worker-{wave}-late.log")
            if rng.random() < 0.5:
                after = rng.randint(1, 8)
                smtp.arm(worker.pid, after)
                try:
                    code = worker.process.wait(timeout=90)
                finally:
                    smtp.disarm()
                    worker.kill()
                assert code == -signal.SIGKILL, worker.output[-2000:]
                kills.append(f"smtp_accepted:{after}")
            else:
                delay = rng.uniform(1.5, 4.0)
                time.sleep(delay)
                assert worker.process.poll() is None, worker.output[-2000:]
                worker.kill()
                kills.append(f"time:{delay:.1f}s")

        for _ in range(3):  # run to the end
            result = _poll(config)
            if db.unprocessed() == 0 and db.scalar("SELECT count(*) FROM outgoing_mail WHERE state = 'queued'") == 0:
                break
        assert result.returncode in (0, 1), result.stderr[-2000:]
        print("kills:", kills)

        rows = messages_json(config)
        assert sorted(r["message_id"] for r in rows) == sorted(m.message_id for m in mails)  # none lost, none twice
        assert len({r["uid"] for r in rows}) == len(mails)
        kinds = {m.message_id: m.kind for m in mails}
        assert all(r["status"] == ("ignored" if kinds[r["message_id"]] == "automatic" else "parsed") for r in rows), \
            [(r["id"], r["status"], r["reason"]) for r in rows if r["status"] not in ("ignored", "parsed")]

        records = [json.loads(line) for line in cli(config, "export").stdout.splitlines()]
        names = [r["name"] for r in records]
        assert len(names) == len(set(names)) == sum(m.kind != "automatic" for m in mails)  # each record once

        replies = replies_by_original(smtp)
        assert max(replies.values()) == 1, {k: v for k, v in replies.items() if v > 1}  # no mail twice
        answered = {m.message_id for m in mails if m.kind != "automatic"}
        assert set(replies) <= answered
        missing = answered - set(replies)
        # A reply is only missing if a kill landed between the end of DATA and the server's reply:
        # such a row is "failed, may have been sent" and never resent blindly.
        in_doubt = {row[0] for row in db.rows(
            "SELECT m.message_id FROM outgoing_mail o JOIN message m ON m.id = o.message_id "
            "WHERE o.state = 'failed' AND o.last_error LIKE 'interrupted after%'")}
        assert missing <= in_doubt, missing - in_doubt
        assert len(in_doubt) <= sum(k.startswith(("time", "smtp")) for k in kills)  # one per killed worker at most

        with dovecot.client(imap_user) as client:  # interrupted after-actions were finished
            client.select_folder("INBOX", readonly=True)
            assert all(SEEN in f[b"FLAGS"] for f in client.fetch(client.search(), ["FLAGS"]).values())
        interrupted = db.scalar("SELECT count(*) FROM parse_attempt WHERE status = 'interrupted'")
        assert interrupted <= len(kills)
    finally:
        smtp.stop()
        db.close()


def test_reprocessing_after_the_reply_was_sent(tmp_path, database_url, dovecot, imap_user, smtp_server):
    """Killed after the records and the reply committed, but before the status: the reply goes out, then
    the message is taken again (the same happens with ``reparse``)."""
    mails = samples(2)
    dovecot.append(imap_user, [m.raw for m in mails])
    config = write_config(tmp_path, database_url, dovecot, imap_user, smtp_server)
    assert _poll(config, crashpoint="after_handler:1").returncode == -signal.SIGKILL
    assert cli(config, "outbox", "--send").returncode == 0
    assert len(smtp_server.messages) == 1
    assert _poll(config).returncode == 0
    rows = messages_json(config)
    assert [r["status"] for r in rows] == ["parsed", "parsed"], [r["reason"] for r in rows]
    assert replies_by_original(smtp_server) == {m.message_id: 1 for m in mails}
