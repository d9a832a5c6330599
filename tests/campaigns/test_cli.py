"""`dienhinh campaign ...` through the CLI runner, on a real database and a real SMTP server."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from dienhinh.cli_campaigns import campaign_app
from dienhinh.devservers.smtp import SmtpServer
from store.db import open_database
from tests.campaigns.conftest import CAMPAIGN, DEADLINE_1, submit, write_config, write_csv_roster

runner = CliRunner()
app = typer.Typer()  # the main command registers campaign_app the same way
app.add_typer(campaign_app, name="campaign")
TODAY = (DEADLINE_1 - dt.timedelta(days=1)).isoformat()


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def config(tmp_path, smtp) -> str:
    write_csv_roster(tmp_path / "roster.csv")
    return str(write_config(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", smtp_port=smtp.port))


def _invoke(*args: str):
    """Run the command; the root logger it pointed at the runner's (now closed) stderr is put back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        return runner.invoke(app, ["campaign", *args], catch_exceptions=False)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def _status(config: str) -> dict:
    result = _invoke("status", CAMPAIGN, "--date", TODAY, "--json", "--config", config)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_unmatched_sender_resolved_with_an_alias(config, tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    submit(engine, DEADLINE_1 - dt.timedelta(days=2), "la@gmail.com", "Trường THCS Ng. Du")
    engine.dispose()
    [unmatched] = _status(config)["unmatched"]
    assert unmatched["written"] == "Trường THCS Ng. Du" and unmatched["suggestion"] == "Trường THCS Nguyễn Du"

    wrong = _invoke("alias", CAMPAIGN, "Trường THCS Ng. Du", "THCS Nguyễn Trãi", "--config", config)
    assert wrong.exit_code == 2 and "no unit named 'THCS Nguyễn Trãi'" in wrong.stderr
    done = _invoke("alias", CAMPAIGN, "Trường THCS Ng. Du", "Trường THCS Nguyễn Du", "--config", config)
    assert done.exit_code == 0 and "alias recorded" in done.stderr

    status = _status(config)
    assert status["unmatched"] == [] and status["aliases"] == [
        {"written": "Trường THCS Ng. Du", "unit": "Trường THCS Nguyễn Du"}]
    [first_batch, _second] = status["batches"]
    nguyen_du = next(u for u in first_batch["units"] if u["unit"] == "Trường THCS Nguyễn Du")
    assert (nguyen_du["state"], nguyen_du["matched_by"]) == ("complete", "alias")


def test_remind_preview_then_send(config, smtp):
    preview = _invoke("remind", "--date", TODAY, "--preview", "--config", config)
    assert preview.exit_code == 0, preview.output
    assert "Kính gửi Trường THCS Hương Minh," in preview.stdout and smtp.messages == []
    sent = _invoke("remind", "--date", TODAY, "--config", config)
    again = _invoke("remind", "--date", TODAY, "--config", config)
    assert sent.exit_code == 0 and again.exit_code == 0, sent.output + again.output
    assert len(smtp.messages) == 5 and ": already" in again.stderr
    assert _invoke("remind", "--date", "20/04/2024", "--config", config).exit_code == 2


def test_report_and_roster_check(config, tmp_path):
    out = tmp_path / "bao-cao.xlsx"
    result = _invoke("report", CAMPAIGN, "--out", str(out), "--date", TODAY, "--config", config)
    assert result.exit_code == 0, result.output
    assert "Trường THCS Nguyễn Du" in [c.value for c in load_workbook(out).active["B"]]
    csv_out = _invoke("report", CAMPAIGN, "--format", "csv", "--config", config)
    assert csv_out.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert _invoke("report", CAMPAIGN, "--config", config).exit_code == 2  # xlsx needs --out
    assert _invoke("report", "khong-co", "--out", str(out), "--config", config).exit_code == 2

    roster = _invoke("roster", CAMPAIGN, "--config", config)
    assert roster.exit_code == 1 and "left out: line 9" in roster.stderr and "Trường Mầm non Hoa Sen" in roster.stdout
    (tmp_path / "roster.csv").unlink()
    missing = _invoke("status", CAMPAIGN, "--config", config)
    assert missing.exit_code == 2 and "roster file not found" in missing.stderr


def test_remind_with_an_unreadable_roster_is_a_config_error(config, tmp_path, smtp):
    (tmp_path / "roster.csv").unlink()
    result = _invoke("remind", "--date", TODAY, "--config", config)
    assert result.exit_code == 2
    assert "roster" in result.stderr and "no reminders due" not in result.stderr
    assert smtp.messages == []


def test_help_shows_the_config_section_name():
    from dienhinh.cli import app as main_app

    result = CliRunner().invoke(main_app, ["campaign", "status", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "[[campaigns]] name" in result.stdout


def test_status_json_counts_unreadable_mail_and_marks_units_without_address(tmp_path, smtp):
    from tests.campaigns.conftest import roster_rows
    from tests.campaigns.test_status_cases import NO_ADDRESS, fail_mail

    write_csv_roster(tmp_path / "roster.csv", [*roster_rows(bad=False), NO_ADDRESS])
    config = str(write_config(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", smtp_port=smtp.port))
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    message = fail_mail(engine, DEADLINE_1 - dt.timedelta(days=2), "mnhoasen@example.edu.vn")
    engine.dispose()
    [first, _second] = _status(config)["batches"]
    assert (first["unreadable"], first["not_submitted"]) == (1, 5)
    units = {u["unit"]: u for u in first["units"]}
    assert units["Trường Mầm non Hoa Sen"]["state"] == "unreadable"
    assert units["Trường Mầm non Hoa Sen"]["unreadable_messages"] == [message]
    assert units["Trường Mầm non Sơn Kim"]["no_address"] and not units["Trường THCS Nguyễn Du"]["no_address"]
    shown = _invoke("status", CAMPAIGN, "--date", TODAY, "--config", config)
    assert "1 received but unreadable" in " ".join(shown.stdout.split())  # the batch line, before the table
