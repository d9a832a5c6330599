"""Exit codes and one-line messages of the command (SPEC.md: 0 ok, 1 work failed, 2 bad usage or config)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from tests.conftest import mailbox_entry, make_settings
from tests.mailfactory import submission

ROOT = Path(__file__).resolve().parents[1]


def _cli(config, *args, env=None):
    return subprocess.run([sys.executable, "-m", "dienhinh", *args, "--config", str(config)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env=env)


def _config(tmp_path, dovecot, user, **overrides) -> Path:
    entry = mailbox_entry(dovecot, user, name="vuquang", **overrides)
    if "password_file" in overrides:
        entry.pop("password_env")
    make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [entry])
    return tmp_path / "dienhinh.toml"


def test_a_missing_password_variable_or_file_is_a_config_error_on_one_line(tmp_path, dovecot, imap_user):
    config = _config(tmp_path, dovecot, imap_user, password_env="NO_SUCH_PASSWORD_VARIABLE")
    result = _cli(config, "poll")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        'dienhinh: config error: mailbox "vuquang": password_env: environment variable NO_SUCH_PASSWORD_VARIABLE '
        "is not set"]
    config = _config(tmp_path, dovecot, imap_user, password_file=str(tmp_path / "nope"))
    result = _cli(config, "poll")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith('dienhinh: config error: mailbox "vuquang": password_file: cannot read ') and "nope" in line


def test_unknown_filters_are_bad_usage_naming_the_allowed_values(tmp_path, dovecot, imap_user):
    config = _config(tmp_path, dovecot, imap_user)
    status = _cli(config, "messages", "--status", "bogus")
    assert status.returncode == 2 and status.stdout == ""
    assert "received, parsed, ignored, duplicate, failed" in status.stderr and "'bogus'" in status.stderr
    mailbox = _cli(config, "messages", "--mailbox", "nosuch")
    assert mailbox.returncode == 2 and "must be one of vuquang, not 'nosuch'" in mailbox.stderr
    requeue = _cli(config, "outbox", "--requeue", "999")
    assert requeue.returncode == 1 and "999" in requeue.stderr


def test_imap_connection_errors_name_host_and_port(tmp_path, dovecot, imap_user):
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]  # nothing listens there once closed
    config = _config(tmp_path, dovecot, imap_user, port=free)
    result = _cli(config, "poll", "--json")
    assert result.returncode == 1
    assert f"cannot connect to IMAP server 127.0.0.1:{free}" in result.stdout


def test_reparse_logs_do_not_run_into_the_progress_bar(tmp_path, dovecot, imap_user):
    garbage = b"Subject: x\r\nContent-Type: multipart/mixed; boundary=AAA\r\n\r\n--BBB\r\nno parts\r\n"
    dovecot.append(imap_user, [submission(), garbage, garbage + b"2"])
    config = _config(tmp_path, dovecot, imap_user)
    assert _cli(config, "poll").returncode == 1
    main, child = pty.openpty()
    env = dict(os.environ, COLUMNS="200", TERM="xterm")
    process = subprocess.Popen([sys.executable, "-m", "dienhinh", "reparse", "--all", "--config", str(config)],
                               stdin=child, stdout=child, stderr=child, cwd=ROOT, env=env)
    os.close(child)
    output = b""
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 1
    text = output.decode("utf-8", "replace").replace("\r\n", "\n")
    lines = [line.split("\r")[-1] for line in text.split("\n")]  # what a terminal shows of each line
    logged = [line for line in lines if "processed message=" in line]
    assert len(logged) >= 2, text[-3000:]
    assert all(line.lstrip("\x1b[0123456789;?lhK").startswith(("ts=", "time=", "20", "level=")) for line in logged), \
        logged
    assert not any("reparse" in line and "processed message=" in line for line in lines), text[-3000:]


def test_show_lists_what_was_extracted(tmp_path, dovecot, imap_user):
    import json

    dovecot.append(imap_user, [submission()])
    config = _config(tmp_path, dovecot, imap_user)
    assert _cli(config, "poll").returncode == 0
    detail = json.loads(_cli(config, "show", "1", "--json").stdout)
    [draft] = detail["extracted"]
    assert draft["name"] == "Nguyễn Thị Hoa" and draft["phone"] == "+84912345678"
    assert [r["name"] for r in detail["records"]] == ["Nguyễn Thị Hoa"]
    shown = _cli(config, "show", "1").stdout
    assert "Extracted" in shown and "name: Nguyễn Thị Hoa" in shown


def test_demo_help_prints_help_and_touches_nothing(tmp_path):
    for command in ([sys.executable, "-m", "dienhinh.devservers.demo", "--help"],):
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert result.returncode == 0, result.stderr[-2000:]
        assert "usage:" in result.stdout and "--dir" in result.stdout
        assert "Dovecot on 127.0.0.1" not in result.stdout and not (tmp_path / "demo").exists()  # it did not run


def test_pydantic_is_declared():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.split(">")[0].split("=")[0].strip() == "pydantic" for d in declared)
