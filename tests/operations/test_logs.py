"""Logs: one key=value line per message and stage, with its id and duration, and never a secret."""

from __future__ import annotations

import io
import logging
import os
import re

import pytest

from config.logging_setup import hide_secrets, make_handler
from dienhinh.devservers.smtp import SmtpServer
from pipeline.cycle import run_cycle
from store.service import open_service
from tests.conftest import mailbox_entry, make_settings
from tests.operations.harness import cli, write_config
from tests.operations.mail import REQUIRED, samples

PAIR = r'[a-z][a-z0-9_]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*)'
LINE = re.compile(rf"^{PAIR}(?: {PAIR})*$")


def _pairs(line: str) -> dict[str, str]:
    return {k: v.strip('"') for k, v in re.findall(r'([a-z][a-z0-9_]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)', line)}


@pytest.fixture
def captured():
    """The service's own handler on the root logger, writing to a buffer."""
    stream = io.StringIO()
    handler = make_handler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_cycle_logs_one_key_value_line_per_message_and_stage(tmp_path, dovecot, imap_user, captured):
    mails = samples(6, automatic_every=3)
    dovecot.append(imap_user, [m.raw for m in mails])
    with SmtpServer() as smtp:
        config = write_config(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", dovecot, imap_user, smtp)
        from config.settings import load_settings

        service = open_service(load_settings(config))
        try:
            result = run_cycle(service)
        finally:
            service.close()
    assert result.ok
    lines = [line for line in captured.getvalue().splitlines() if line]
    assert lines and all(LINE.match(line) for line in lines), [line for line in lines if not LINE.match(line)]
    events = [_pairs(line) for line in lines]
    for stage in ("stored", "processed"):
        per_message = [e for e in events if e.get("event") == stage]
        assert sorted(int(e["message"]) for e in per_message) == list(range(1, len(mails) + 1)), stage
        assert all(e["duration_ms"].isdigit() and e["mailbox"] == "school" for e in per_message)
    processed = {int(e["message"]): e for e in events if e.get("event") == "processed"}
    assert {processed[i + 1]["status"] for i, m in enumerate(mails) if m.kind == "automatic"} == {"ignored"}
    poll = [e for e in events if e.get("event") == "poll"]
    assert len(poll) == 1 and poll[0]["stored"] == str(len(mails)) and poll[0]["folder"] == "INBOX"
    assert any(e.get("event") == "outbox_run" and e["sent"] == str(sum(m.kind != "automatic" for m in mails))
               for e in events)
    assert all(e["ts"].endswith("Z") and e["level"] in ("info", "warning") for e in events)


def test_a_traceback_stays_on_one_line_and_secrets_are_masked(tmp_path, dovecot, imap_user, captured, monkeypatch):
    monkeypatch.setenv("SMTP_SECRET", "smtp-Sécret-42")
    settings = make_settings(
        tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox_entry(dovecot, imap_user)],
        '[smtp]\nhost = "127.0.0.1"\nport = 25\nsecurity = "none"\nusername = "u"\npassword_env = "SMTP_SECRET"\n'
        'from = "x <x@example.org>"\n',
    )
    hide_secrets(settings)
    log = logging.getLogger("dienhinh.test")
    imap_password = "pw-" + imap_user
    try:
        raise RuntimeError(f"login failed for {imap_user} with {imap_password}")
    except RuntimeError:
        log.exception("oops password=%s other=%s", imap_password, "smtp-Sécret-42")
    text = captured.getvalue()
    assert imap_password not in text and "smtp-Sécret-42" not in text
    assert text.count("\n") == 1 and "***" in text and "exc=" in text and "RuntimeError" in text


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_no_password_reaches_the_logs_of_a_verbose_poll(tmp_path, dovecot, imap_user):
    """Real processes, debug level, a login refused and an SMTP login: grep stderr for the secrets."""
    smtp_password = "smtp-pw-Zq81x"
    os.environ["SMTP_PW_TEST"] = smtp_password
    dovecot.add_user(imap_user + "x", "right-password")
    os.environ[f"PW_{(imap_user + 'x').upper()}"] = "wrong-password-7731"
    with SmtpServer(users={"vutdkt": smtp_password}) as smtp:
        settings_extra = (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nusername = "vutdkt"\n'
                          f'password_env = "SMTP_PW_TEST"\nfrom = "Vụ TĐKT <vutdkt@moet.gov.vn>"\n')
        good = mailbox_entry(dovecot, imap_user, name="school", required=REQUIRED)
        bad = {**mailbox_entry(dovecot, imap_user + "x", name="district"),
               "password_env": f"PW_{(imap_user + 'x').upper()}"}
        make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [good, bad], settings_extra)
        dovecot.append(imap_user, [m.raw for m in samples(3)])
        result = cli(tmp_path / "dienhinh.toml", "poll", "-v")
        assert len(smtp.messages) == 3 and smtp.messages[0].login == "vutdkt"
    assert result.returncode == 1  # the district mailbox's login was refused
    output = result.stdout + result.stderr
    assert "district" in output and "processed" in output
    for secret in ("pw-" + imap_user, "wrong-password-7731", smtp_password):
        assert secret not in output, secret
