"""`dienhinh reparse` replaces what a message produced and keeps the history."""

from __future__ import annotations

import json

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
