"""A workbench over a real pipeline: Dovecot mailboxes polled into SQLite, a real SMTP server, accounts."""

from __future__ import annotations

import json
import os
import re

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from dienhinh.cli import app as cli_app
from dienhinh.devservers.smtp import SmtpServer
from domain import Role
from store import open_service_from
from tests.conftest import mailbox_entry
from web import add_user, create_app

SECRET = "test-session-secret-0123456789"
PASSWORD = "mật khẩu thật dài 2024"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')
runner = CliRunner()


class Bench:
    """Deliver mail, poll it, sign in, drive the workbench."""

    def __init__(self, tmp_path, dovecot, users, config, login_delay):
        self.tmp_path, self.dovecot, self.users, self.config = tmp_path, dovecot, users, config
        self.service = open_service_from(config)
        self.login_delay = login_delay
        self.app = create_app(self.service, SECRET, login_delay_seconds=login_delay)

    def deliver(self, mailbox, *raws):
        self.dovecot.append(self.users[mailbox], list(raws))

    def cli(self, *args, input=None):
        return runner.invoke(cli_app, [*args, "--config", str(self.config)], input=input)

    def poll(self):
        result = self.cli("poll")
        assert result.exit_code in (0, 1), result.output
        return result

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.cli("export").stdout.splitlines()]

    def account(self, name, role=Role.REVIEWER, mailboxes=("vuquang",)):
        add_user(self.service.engine, name, PASSWORD, role, list(mailboxes))
        return name

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://127.0.0.1")

    def signed_in(self, name) -> TestClient:
        client = self.client()
        page = client.get("/login")
        response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": csrf_of(page.text),
                                               "next": "/"}, follow_redirects=False)
        assert response.status_code == 303, response.text
        return client


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.fixture
def bench(tmp_path, dovecot):
    users = {}
    for name in ("vuquang", "vutdkt"):
        user = f"{name}{tmp_path.name[-6:]}".replace("_", "")
        dovecot.add_user(user, "pw-" + user)
        users[name] = user
    with SmtpServer() as smtp:
        entries = [mailbox_entry(dovecot, users[n], name=n, after="keep") for n in users]
        lines = [f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite"}"\n',
                 f'[storage]\ndir = "{tmp_path / "archive"}"\n']
        for entry in entries:
            lines.append("[[mailboxes]]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in entry.items()))
        lines.append(f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
                     'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\n')
        lines.append('[web]\nbase_url = "http://127.0.0.1"\nsecret_env = "DIENHINH_TEST_WEB_SECRET"\n')
        config = tmp_path / "dienhinh.toml"
        config.write_text("\n".join(lines))
        os.environ["DIENHINH_TEST_WEB_SECRET"] = SECRET
        workbench = Bench(tmp_path, dovecot, users, config, login_delay=1.0)
        yield workbench
        workbench.service.close()
