"""A message is parked for killing its worker only when it was seen to do so, never for outside kills."""

from __future__ import annotations

import signal

from tests.operations.harness import Database, cli, messages_json, write_config
from tests.operations.mail import samples


def test_a_worker_killed_from_outside_many_times_does_not_park_the_message(tmp_path, database_url, dovecot,
                                                                          imap_user):
    """Six SIGKILLs while the message is in hand (outside its parse): it is still parsed in the end."""
    mails = samples(2)
    dovecot.append(imap_user, [m.raw for m in mails])
    config = write_config(tmp_path, database_url, dovecot, imap_user, None)
    for _ in range(6):
        assert cli(config, "poll", crashpoint="after_claim:1").returncode == -signal.SIGKILL
    result = cli(config, "poll")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = messages_json(config)
    assert [r["status"] for r in rows] == ["parsed", "parsed"], [r["reason"] for r in rows]
    db = Database(database_url)
    try:
        assert db.scalar("SELECT count(*) FROM parse_attempt WHERE status = 'interrupted'") == 6
    finally:
        db.close()


def test_a_message_whose_own_processing_kills_the_process_is_parked(tmp_path, database_url, dovecot, imap_user):
    """The first death is unexplained; the next attempt runs in a child, which the message kills too."""
    mails = samples(1)
    dovecot.append(imap_user, [m.raw for m in mails])
    config = write_config(tmp_path, database_url, dovecot, imap_user, None)
    assert cli(config, "poll", crashpoint="in_handler:1").returncode == -signal.SIGKILL
    result = cli(config, "poll", crashpoint="in_handler:1")
    assert result.returncode == 1, result.stderr[-2000:]  # the poll itself survived, and says it failed
    (row,) = messages_json(config)
    assert row["status"] == "failed"
    assert "killed the process that ran it (killed by SIGKILL)" in row["reason"]
    assert f"dienhinh reparse {row['id']}" in row["reason"]
    assert cli(config, "reparse", str(row["id"])).returncode == 0  # fixed: runs again on request
    assert messages_json(config)[0]["status"] == "parsed"
