"""Running the real command as separate processes against real servers, with bounded waits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from dienhinh.devservers.smtp import SmtpServer
from store.db import make_engine
from tests.conftest import mailbox_entry, make_settings
from tests.operations.mail import REQUIRED

ROOT = Path(__file__).resolve().parents[2]


def write_config(tmp_path: Path, database_url: str, dovecot, user: str, smtp: SmtpServer | None, **mailbox) -> Path:
    entry = mailbox_entry(dovecot, user, required=REQUIRED, **mailbox)
    extra = ""
    if smtp is not None:
        extra = (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
                 f'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\ntimeout_seconds = 5\n')
    make_settings(tmp_path, database_url, [entry], extra)
    return tmp_path / "dienhinh.toml"


def cli(config: Path, *args: str, crashpoint: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("DIENHINH_CRASHPOINT", None)
    if crashpoint:
        env["DIENHINH_CRASHPOINT"] = crashpoint
    return subprocess.run([sys.executable, "-m", "dienhinh", *args, "--config", str(config)],
                          env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


class Worker:
    """``dienhinh worker`` in its own process; its stderr goes to a file (a pipe could fill up)."""

    def __init__(self, config: Path, log_path: Path, crashpoint: str | None = None) -> None:
        env = dict(os.environ)
        env.pop("DIENHINH_CRASHPOINT", None)
        if crashpoint:
            env["DIENHINH_CRASHPOINT"] = crashpoint
        self.log_path = log_path
        self._log = open(log_path, "w")
        self.process = subprocess.Popen([sys.executable, "-m", "dienhinh", "worker", "--config", str(config)],
                                        env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=ROOT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def terminate(self, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._close()

    def kill(self) -> int:
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait(timeout=30)  # reaped: its pid is really gone
        self._close()
        return code

    def _close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self._log.close()

    @property
    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")


def wait_until(predicate, timeout: float, what: str, interval: float = 0.2):
    """Poll ``predicate`` until it returns something truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


class Database:
    """Read-only looks at the service's database from the test (no migrations, no models)."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)

    def scalar(self, sql: str, **params):
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params) -> list:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def execute(self, sql: str, **params) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(sql), params)

    def stored(self) -> int:
        return self.scalar("SELECT count(*) FROM message") or 0

    def unprocessed(self) -> int:
        return self.scalar("SELECT count(*) FROM message WHERE status = 'received'") or 0

    def close(self) -> None:
        self.engine.dispose()


def messages_json(config: Path) -> list[dict]:
    result = cli(config, "messages", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def replies_by_original(smtp: SmtpServer) -> dict[str, int]:
    """How many mails the SMTP server accepted in reply to each original Message-ID."""
    counts: dict[str, int] = {}
    for mail in smtp.messages:
        original = (mail.message["In-Reply-To"] or "").strip()
        counts[original] = counts.get(original, 0) + 1
    return counts
