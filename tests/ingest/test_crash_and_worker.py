"""Kill the real process at the dangerous points; stop the worker with signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from imapclient.imapclient import SEEN

from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission


def _cli(config, *args, crashpoint=None, timeout=120):
    env = dict(os.environ)
    env.pop("DIENHINH_CRASHPOINT", None)
    if crashpoint:
        env["DIENHINH_CRASHPOINT"] = crashpoint
    return subprocess.run(
        [sys.executable, "-m", "dienhinh", *args, "--config", str(config)],
        env=env, capture_output=True, text=True, timeout=timeout,
    )


def _messages(config) -> list[dict]:
    result = _cli(config, "messages", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _unseen_count(dovecot, user) -> int:
    return len(_uids_by_seen(dovecot, user)[False])


def _uids_by_seen(dovecot, user) -> dict[bool, set[int]]:
    with dovecot.client(user) as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.fetch(client.search(), ["FLAGS"])
    return {seen: {uid for uid, f in flags.items() if (SEEN in f[b"FLAGS"]) == seen} for seen in (True, False)}


@pytest.mark.parametrize(("point", "committed"), [("after_archive:3", 2), ("after_commit:2", 4)])
def test_sigkill_loses_nothing_and_duplicates_nothing(tmp_path, database_url, dovecot, imap_user, point, committed):
    """Batches of two: killed while archiving the third message, or after the second batch committed."""
    subjects = [f"Hồ sơ {i}" for i in range(6)]
    dovecot.append(imap_user, [submission(subject=s) for s in subjects])
    make_settings(tmp_path, database_url, [mailbox_entry(dovecot, imap_user, after="seen", batch_size=2)])
    config = tmp_path / "dienhinh.toml"

    crashed = _cli(config, "poll", crashpoint=point)
    assert crashed.returncode == -signal.SIGKILL

    stored_before = _messages(config)
    assert len(stored_before) == committed
    # Nothing the crash left uncommitted was marked seen on the server (the after action runs once a
    # poll has fetched everything, so here none was).
    seen = _uids_by_seen(dovecot, imap_user)[True]
    assert seen <= {row["uid"] for row in stored_before}
    assert seen == set()

    resumed = _cli(config, "poll")
    assert resumed.returncode == 0, resumed.stderr
    rows = _messages(config)
    assert sorted(r["subject"] for r in rows) == subjects
    assert len({(r["uid"]) for r in rows}) == len(subjects)
    assert _unseen_count(dovecot, imap_user) == 0  # the interrupted after-action was finished too


def test_worker_polls_on_schedule_and_stops_cleanly_on_sigterm(tmp_path, dovecot, imap_user):
    dovecot.append(imap_user, [submission(subject="lần một")])
    make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox_entry(dovecot, imap_user, poll_seconds=5)])
    config = tmp_path / "dienhinh.toml"
    worker = subprocess.Popen(
        [sys.executable, "-m", "dienhinh", "worker", "--config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(_messages(config)) < 1:
            time.sleep(0.3)
        dovecot.append(imap_user, [submission(subject="lần hai")])
        while time.monotonic() < deadline and len(_messages(config)) < 2:
            time.sleep(0.3)
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, stderr
    assert "SIGTERM received" in stderr and "worker: stopped" in stderr
    assert sorted(r["subject"] for r in _messages(config)) == ["lần hai", "lần một"]
    assert "pw-" not in stderr  # no password in the logs
