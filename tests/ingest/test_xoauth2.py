"""XOAUTH2 login (the district offices' Gmail accounts) against a real Dovecot.

Dovecot checks each bearer token with an OAuth2 introspection endpoint; the
test runs that endpoint itself on 127.0.0.1, as Google's would answer.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from dienhinh.devservers.dovecot import DovecotServer
from ingest.polling import poll_mailbox
from store.archive import Archive
from store.db import open_database
from tests.conftest import make_settings
from tests.mailfactory import submission

TOKENS = {"ya29.valid-token": "quanghaigdvquang@gmail.com"}


class Introspection(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        user = TOKENS.get((form.get("token") or [""])[0])
        body = json.dumps({"active": True, "username": user} if user else {"active": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def oauth_dovecot():
    http = ThreadingHTTPServer(("127.0.0.1", 0), Introspection)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    root = Path(tempfile.mkdtemp(prefix="dienhinh-oauth-"))
    server = DovecotServer(root, oauth2_introspection_url=f"http://127.0.0.1:{http.server_port}/introspect")
    server.add_user("quanghaigdvquang@gmail.com", "app-password")
    server.start()
    yield server
    server.stop()
    http.shutdown()
    shutil.rmtree(root, ignore_errors=True)


def _mailbox(server, token_env: str) -> dict:
    return {"name": "vuquang", "host": "127.0.0.1", "port": server.port, "security": "none",
            "username": "quanghaigdvquang@gmail.com", "auth": "xoauth2", "oauth2_token_env": token_env}


def test_xoauth2_login_polls_the_mailbox(tmp_path, oauth_dovecot, monkeypatch):
    oauth_dovecot.append("quanghaigdvquang@gmail.com", [submission(subject="Hồ sơ qua Gmail")])
    monkeypatch.setenv("VUQUANG_TOKEN", "ya29.valid-token")
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [_mailbox(oauth_dovecot, "VUQUANG_TOKEN")])
    result = poll_mailbox(settings.mailboxes[0], open_database(settings.database.url), Archive(settings.storage.dir))
    assert (result.stored, result.error) == (1, None)


def test_a_rejected_token_is_a_clear_error_without_the_token(tmp_path, oauth_dovecot, monkeypatch):
    monkeypatch.setenv("VUQUANG_TOKEN", "ya29.expired-token")
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [_mailbox(oauth_dovecot, "VUQUANG_TOKEN")])
    result = poll_mailbox(settings.mailboxes[0], open_database(settings.database.url), Archive(settings.storage.dir),
                          attempts=1)
    assert result.error and "LoginError" in result.error and "ya29" not in result.error
