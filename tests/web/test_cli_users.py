"""`dienhinh user` manages workbench accounts; passwords come from stdin, never from arguments."""

from __future__ import annotations

import json

from sqlmodel import select

from store import WebUser, session
from web import verify_login


def test_add_list_passwd_remove(bench):
    added = bench.cli("user", "add", "lan", "--mailbox", "vuquang", input="một mật khẩu dài\n")
    assert added.exit_code == 0, added.output
    listed = json.loads(bench.cli("user", "list", "--json").stdout)
    assert listed[0]["name"] == "lan" and listed[0]["role"] == "reviewer" and listed[0]["mailboxes"] == ["vuquang"]
    with session(bench.service.engine) as db:
        stored = db.exec(select(WebUser)).one().password_hash
    assert stored.startswith("$argon2id$") and "một mật khẩu dài" not in stored
    assert verify_login(bench.service.engine, "lan", "một mật khẩu dài") is not None
    assert bench.cli("user", "passwd", "lan", input="mật khẩu mới, dài hơn\n").exit_code == 0
    assert verify_login(bench.service.engine, "lan", "một mật khẩu dài") is None
    assert verify_login(bench.service.engine, "lan", "mật khẩu mới, dài hơn") is not None
    assert bench.cli("user", "remove", "lan").exit_code == 0
    assert json.loads(bench.cli("user", "list", "--json").stdout) == []


def test_usage_errors(bench):
    assert bench.cli("user", "add", "lan", input="một mật khẩu dài\n").exit_code == 2  # a reviewer needs a mailbox
    assert bench.cli("user", "add", "lan", "--mailbox", "nowhere", input="một mật khẩu dài\n").exit_code == 2
    assert bench.cli("user", "add", "lan", "--role", "boss", input="một mật khẩu dài\n").exit_code == 2
    short = bench.cli("user", "add", "lan", "--mailbox", "vuquang", input="ngắn\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    assert bench.cli("user", "passwd", "nobody", input="một mật khẩu dài\n").exit_code == 1
    assert bench.cli("user", "add", "root", "--role", "admin", input="một mật khẩu dài\n").exit_code == 0
