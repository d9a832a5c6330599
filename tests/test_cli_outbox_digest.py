"""`dienhinh digest` and `dienhinh outbox` through the CLI with a real SMTP server."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dienhinh.cli import app
from dienhinh.devservers.smtp import SmtpServer

runner = CliRunner()


def _config(tmp_path, smtp: SmtpServer) -> str:
    path = tmp_path / "dienhinh.toml"
    path.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite"}"\n'
        f'[storage]\ndir = "{tmp_path / "archive"}"\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
        'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\n'
        '[digest]\nreviewers = ["reviewer@moet.gov.vn", "pho.vu@moet.gov.vn"]\n'
    )
    return str(path)


def test_digest_preview_prints_and_sends_nothing(tmp_path):
    with SmtpServer() as smtp:
        config = _config(tmp_path, smtp)
        result = runner.invoke(app, ["digest", "--date", "2024-04-18", "--preview", "--config", config])
        assert result.exit_code == 0, result.output
        assert "Không có hồ sơ mới" in result.stdout
        outbox = json.loads(runner.invoke(app, ["outbox", "--json", "--config", config]).stdout)
        assert outbox == [] and smtp.messages == []


def test_digest_is_sent_once_per_reviewer_and_day(tmp_path):
    with SmtpServer() as smtp:
        config = _config(tmp_path, smtp)
        first = runner.invoke(app, ["digest", "--date", "2024-04-18", "--config", config])
        second = runner.invoke(app, ["digest", "--date", "2024-04-18", "--config", config])
        assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
        assert sorted(m.rcpt_tos[0] for m in smtp.messages) == ["pho.vu@moet.gov.vn", "reviewer@moet.gov.vn"]
        outbox = json.loads(runner.invoke(app, ["outbox", "--json", "--config", config]).stdout)
        assert [(r["kind"], r["state"]) for r in outbox] == [("digest", "sent"), ("digest", "sent")]


def test_digest_stays_queued_while_smtp_is_down(tmp_path):
    smtp = SmtpServer()
    smtp.start()
    try:
        config = _config(tmp_path, smtp)
        smtp.stop()
        down = runner.invoke(app, ["digest", "--date", "2024-04-19", "--config", config])
        assert down.exit_code == 1
        rows = json.loads(runner.invoke(app, ["outbox", "--json", "--config", config]).stdout)
        assert {r["state"] for r in rows} == {"queued"} and any(r["last_error"] for r in rows)
        assert "outbox: mail" in down.stderr
        backed_off = {r["recipient"] for r in rows if r["last_error"]}
        smtp.start()
        # Running it again queues nothing new: the mail that met the outage waits for
        # its backoff, the one never tried goes out now.
        again = runner.invoke(app, ["digest", "--date", "2024-04-19", "--config", config])
        assert "already sent or queued" in again.stderr
        rows = json.loads(runner.invoke(app, ["outbox", "--json", "--config", config]).stdout)
        assert len(rows) == 2
        sent_to = {m.rcpt_tos[0] for m in smtp.messages}
        assert len(smtp.messages) == 1 and not (sent_to & backed_off)
    finally:
        smtp.stop()


def test_bad_digest_date_is_usage_error(tmp_path):
    with SmtpServer() as smtp:
        result = runner.invoke(app, ["digest", "--date", "18/04/2024", "--config", _config(tmp_path, smtp)])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
