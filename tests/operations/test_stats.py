"""`dienhinh stats`: the state of the service at a glance, for people and for scripts."""

from __future__ import annotations

import json
import logging
import signal

from typer.testing import CliRunner

from dienhinh.cli import app
from tests.conftest import mailbox_entry, make_settings
from tests.operations.harness import cli


def _run(config, *args):
    """The command in-process; the root logger's handlers are put back after (its stderr is closed then)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        return CliRunner().invoke(app, [*args, "--config", str(config)])
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
from tests.operations.mail import REQUIRED, samples


def test_stats_counts_messages_records_outbox_and_shows_the_backlog_and_poll_errors(
    tmp_path, database_url, dovecot, imap_user, smtp_server
):
    mails = samples(4, automatic_every=4)  # complete, incomplete... and one auto-reply last
    dovecot.append(imap_user, [m.raw for m in mails])
    smtp = (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\nsecurity = "none"\n'
            'from = "Vụ TĐKT <vutdkt@moet.gov.vn>"\n')
    broken = mailbox_entry(dovecot, imap_user, name="district", folder="Không có")  # no such folder
    make_settings(tmp_path, database_url, [mailbox_entry(dovecot, imap_user, required=REQUIRED), broken], smtp)
    config = tmp_path / "dienhinh.toml"

    # the auto-reply is settled first, by the cheap path (no claim); then two submissions, the third waiting
    crashed = cli(config, "poll", crashpoint="after_claim:3")
    assert crashed.returncode == -signal.SIGKILL

    result = _run(config, "stats", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)  # one JSON document, nothing else on stdout
    assert stats["messages"]["by_mailbox"]["school"] == {
        "received": 1, "parsed": 2, "ignored": 1, "duplicate": 0, "failed": 0}
    assert stats["messages"]["by_mailbox"]["district"]["received"] == 0
    assert stats["messages"]["total"]["received"] == 1
    assert stats["records"] == {"complete": 1, "incomplete": 1}
    assert stats["outbox"] == {"queued": 2, "sending": 0, "sent": 0, "failed": 0}  # killed before sending
    oldest = stats["oldest_unprocessed"]
    assert oldest["id"] == 3 and oldest["mailbox"] == "school" and oldest["age_seconds"] >= 0
    polls = {p["mailbox"]: p for p in stats["mailboxes"]}
    assert polls["school"]["last_poll_at"] and polls["school"]["last_error"] is None
    assert "Không có" in polls["district"]["folder"] and polls["district"]["last_error"]

    assert _run(config, "poll").exit_code == 1  # the district mailbox still fails
    people = _run(config, "stats")
    assert people.exit_code == 0
    assert "oldest unprocessed: none" in people.stdout and "district" in people.stdout
    after = json.loads(_run(config, "stats", "--json").stdout)
    assert after["messages"]["by_mailbox"]["school"]["parsed"] == 3
    assert after["messages"]["by_mailbox"]["school"]["ignored"] == 1
    assert after["outbox"]["sent"] == 3 and after["oldest_unprocessed"] is None
