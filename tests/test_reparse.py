"""`dienhinh reparse` replaces what a message produced and keeps the history."""

from __future__ import annotations

import json
import uuid

from typer.testing import CliRunner

from dienhinh.cli import app
from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission

runner = CliRunner()

BODY = ("Họ và tên: Lê Văn An\nĐơn vị: Trường Tiểu học Ân Phú\nĐiện thoại: 0912 345 678\n"
        "Thư điện tử: an.lv@example.edu.vn\nĐịa chỉ: xã Ân Phú, huyện Vũ Quang, tỉnh Hà Tĩnh\n"
        "Tóm tắt thành tích: Giáo viên dạy giỏi cấp huyện năm học 2023-2024\n")


def _run(config, *args):
    return runner.invoke(app, [*args, "--config", config])


def test_reparse_failed_and_by_id(tmp_path, dovecot, imap_user):
    garbage = b"Subject: x\r\nContent-Type: multipart/mixed; boundary=AAA\r\n\r\n--BBB\r\nno parts\r\n"
    dovecot.append(imap_user, [submission(body=BODY), garbage])
    make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox_entry(dovecot, imap_user)])
    config = str(tmp_path / "dienhinh.toml")
    _run(config, "poll")
    records_before = _run(config, "export").stdout.splitlines()
    assert len(records_before) == 1

    failed = _run(config, "reparse", "--failed")
    assert failed.exit_code == 1  # it still fails: the bytes are broken
    assert "reparse 1/1 message 2 failed" in failed.stderr
    detail = json.loads(_run(config, "show", "2", "--json").stdout)
    assert [h["status"] for h in detail["history"]] == ["failed", "failed"]

    again = _run(config, "reparse", "1")
    assert again.exit_code == 0, again.stderr
    records_after = [json.loads(line) for line in _run(config, "export").stdout.splitlines()]
    assert len(records_after) == 1  # replaced, not duplicated
    assert records_after[0]["name"] == "Lê Văn An"

    everything = _run(config, "reparse", "--all")
    assert "reparsed 2 message(s): 1 failed, 1 parsed" in everything.stderr
    assert len(_run(config, "export").stdout.splitlines()) == 1


def test_reparse_usage_errors(tmp_path, dovecot, imap_user):
    make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox_entry(dovecot, imap_user)])
    config = str(tmp_path / "dienhinh.toml")
    assert _run(config, "reparse").exit_code == 2
    assert _run(config, "reparse", "1", "--failed").exit_code == 2
    missing = _run(config, "reparse", "42")
    assert missing.exit_code == 1 and "no message with id 42" in missing.stderr


def _states(config) -> list[tuple[int, str, str | None]]:
    rows = [json.loads(line) for line in _run(config, "messages", "--json").stdout.splitlines()]
    return [(r["id"], r["status"], r["reason"]) for r in rows]


def _records(config) -> list[tuple]:
    rows = [json.loads(line) for line in _run(config, "export").stdout.splitlines()]
    return sorted((r["name"], r["status"], tuple(sorted(r["message_ids"]))) for r in rows)


def test_reparse_gives_the_states_and_records_of_a_first_run(tmp_path, dovecot):
    """The same submission in two mailboxes (and a resent copy): a reparse of the original, or of
    everything, leaves every message in the state the first run in arrival order gave it."""
    district, ministry = "u" + uuid.uuid4().hex[:10], "u" + uuid.uuid4().hex[:10]
    for user in (district, ministry):
        dovecot.add_user(user, "pw-" + user)
    original = submission(body=BODY, message_id="<orig@example.edu.vn>")
    dovecot.append(district, [original, submission(body=BODY.replace("0912 345 678", "0912 000 111"))])
    dovecot.append(ministry, [submission(body=BODY), original])
    make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}",
                  [mailbox_entry(dovecot, district, name="vuquang"), mailbox_entry(dovecot, ministry, name="vutdkt")])
    config = str(tmp_path / "dienhinh.toml")
    assert _run(config, "poll").exit_code == 0
    first, records = _states(config), _records(config)
    assert [s for _, s, _ in first].count("parsed") >= 1, first

    assert _run(config, "reparse", "1").exit_code == 0
    assert _states(config) == first
    assert _records(config) == records
    assert _run(config, "reparse", "--all").exit_code == 0
    assert _states(config) == first
    assert _records(config) == records
