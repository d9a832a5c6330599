"""The `dienhinh` command end to end: real Dovecot, real database, real CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dienhinh.cli import app
from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _config(tmp_path, dovecot, user, url=None) -> str:
    make_settings(tmp_path, url or f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox_entry(dovecot, user, name="vutdkt")])
    return str(tmp_path / "dienhinh.toml")


def test_poll_twice_leaves_each_message_once(tmp_path, dovecot, imap_user):
    dovecot.append(imap_user, [submission(subject=f"Điển hình {i}") for i in range(4)])
    config = _config(tmp_path, dovecot, imap_user)

    first = _invoke("poll", "--config", config)
    second = _invoke("poll", "--config", config)
    listed = _invoke("messages", "--json", "--config", config)

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 4
    assert sorted(r["subject"] for r in rows) == [f"Điển hình {i}" for i in range(4)]
    assert len({r["message_id"] for r in rows}) == 4
    assert set(rows[0]) == {"id", "mailbox", "uid", "message_id", "sender", "subject", "received_at", "status", "reason"}
    assert rows[0]["mailbox"] == "vutdkt" and rows[0]["received_at"].endswith("+07:00")


def test_messages_filters_by_status_and_mailbox(tmp_path, dovecot, imap_user):
    dovecot.append(imap_user, [submission(), b"\x00\x01 not a mail at all \xff"])
    config = _config(tmp_path, dovecot, imap_user)
    _invoke("poll", "--config", config)
    failed = [json.loads(l) for l in _invoke("messages", "--status", "failed", "--json", "--config", config).stdout.splitlines()]
    assert len(failed) == 1 and failed[0]["reason"]
    none = _invoke("messages", "--mailbox", "other", "--json", "--config", config)
    assert none.stdout == ""


def test_malformed_bytes_are_stored_and_failed_without_stopping_the_poll(tmp_path, dovecot, imap_user):
    garbage = b"\x00\x01\x02 this is not an e-mail \xff\xfe" * 10
    dovecot.append(imap_user, [submission(subject="trước"), garbage, submission(subject="sau")])
    config = _config(tmp_path, dovecot, imap_user)

    result = _invoke("poll", "--config", config)

    assert result.exit_code == 1  # the work ran, something failed
    rows = [json.loads(l) for l in _invoke("messages", "--json", "--config", config).stdout.splitlines()]
    assert [r["status"] for r in rows][1] == "failed"
    assert [r["subject"] for r in rows if r["status"] != "failed"] == ["trước", "sau"]
    detail = json.loads(_invoke("show", str(rows[1]["id"]), "--json", "--config", config).stdout)
    assert detail["reason"] and "Traceback" in detail["traceback"]
    assert detail["history"][0]["status"] == "failed"
    human = _invoke("show", str(rows[1]["id"]), "--config", config)
    assert f"dienhinh reparse {rows[1]['id']}" in human.stdout


def test_bad_config_exits_2_with_one_line_naming_the_key(tmp_path):
    path = tmp_path / "dienhinh.toml"
    path.write_text('[[mailboxes]]\nname = "x"\nhost = "h"\nsecurity = "tls"\n')
    result = runner.invoke(app, ["messages", "--config", str(path)])
    assert result.exit_code == 2
    assert f"{path}: mailboxes[0].security:" in result.stderr
    assert result.stdout == ""


def test_unknown_mailbox_is_bad_usage(tmp_path, dovecot, imap_user):
    config = _config(tmp_path, dovecot, imap_user)
    result = runner.invoke(app, ["poll", "--mailbox", "nope", "--config", config])
    assert result.exit_code == 2
    assert "no mailbox named 'nope'" in result.stderr


def test_show_unknown_id_exits_1(tmp_path, dovecot, imap_user):
    config = _config(tmp_path, dovecot, imap_user)
    result = runner.invoke(app, ["show", "999", "--config", config])
    assert result.exit_code == 1 and "no message with id 999" in result.stderr


def test_config_from_environment_variable(tmp_path, dovecot, imap_user, monkeypatch):
    dovecot.append(imap_user, [submission()])
    monkeypatch.setenv("DIENHINH_CONFIG", _config(tmp_path, dovecot, imap_user))
    assert _invoke("poll").exit_code == 0
    assert len(_invoke("messages", "--json").stdout.splitlines()) == 1
