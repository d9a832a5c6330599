"""auth = "oauth2": the poller refreshes its own access token, against a real Dovecot (XOAUTH2).

One HTTP server on 127.0.0.1 plays the provider: its token endpoint answers
refresh grants, and Dovecot asks its introspection endpoint whether a bearer
token is valid (only tokens the endpoint issued are).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from dienhinh.devservers.dovecot import DovecotServer
from ingest.oauth2 import StoredToken, TokenStore
from ingest.polling import poll_mailbox
from store.archive import Archive
from store.db import open_database
from tests.conftest import make_settings
from tests.mailfactory import submission

USER = "quanghaigdvquang@gmail.com"


class Provider(BaseHTTPRequestHandler):
    issued: list[str] = []
    grants: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
        if self.path == "/token":
            Provider.grants.append(form)
            token = f"ya29.issued-{len(Provider.grants)}"
            Provider.issued.append(token)
            body = {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}
        else:  # Dovecot's introspection
            valid = form.get("token") in Provider.issued
            body = {"active": True, "username": USER} if valid else {"active": False}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def provider_and_dovecot():
    http = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    root = Path(tempfile.mkdtemp(prefix="dienhinh-oauth2-"))
    server = DovecotServer(root, oauth2_introspection_url=f"http://127.0.0.1:{http.server_port}/introspect")
    server.add_user(USER, "app-password")
    server.start()
    yield f"http://127.0.0.1:{http.server_port}", server
    server.stop()
    http.shutdown()
    http.server_close()
    shutil.rmtree(root, ignore_errors=True)


def test_a_refused_access_token_is_refreshed_and_the_poll_goes_on(tmp_path, provider_and_dovecot):
    base, dovecot = provider_and_dovecot
    dovecot.append(USER, [submission(subject="Hồ sơ qua Gmail")])
    store = TokenStore(tmp_path / "vuquang.token")
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=50)).isoformat()
    store.save(StoredToken(provider="google", client_id="123.apps.googleusercontent.com",
                           refresh_token="1//refresh", token_uri=f"{base}/token",
                           access_token="ya29.revoked-early", expires_at=later))  # looks valid, is not
    mailbox = {"name": "vuquang", "host": "127.0.0.1", "port": dovecot.port, "security": "none",
               "username": USER, "auth": "oauth2", "oauth2_provider": "google",
               "oauth2_client_id": "123.apps.googleusercontent.com", "oauth2_store": str(store.path)}
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox])
    result = poll_mailbox(settings.mailboxes[0], open_database(settings.database.url), Archive(settings.storage.dir),
                          attempts=1)
    assert (result.stored, result.error) == (1, None)
    assert [g["refresh_token"] for g in Provider.grants] == ["1//refresh"]  # one refresh, after the refusal
    assert store.load().access_token == "ya29.issued-1" and os.stat(store.path).st_mode & 0o777 == 0o600

    again = poll_mailbox(settings.mailboxes[0], open_database(settings.database.url), Archive(settings.storage.dir),
                         attempts=1)
    assert again.error is None and len(Provider.grants) == 1  # the fresh token is reused, not refreshed


def test_oauth2_config_names_what_is_missing(tmp_path):
    from config import ConfigError

    mailbox = {"name": "vuquang", "host": "127.0.0.1", "username": USER, "auth": "oauth2",
               "oauth2_provider": "google"}
    with pytest.raises(ConfigError, match="auth = 'oauth2' needs oauth2_client_id, oauth2_store"):
        make_settings(tmp_path, "sqlite://", [mailbox])


def test_a_missing_token_file_is_a_poll_error_not_a_crash(tmp_path, provider_and_dovecot):
    _base, dovecot = provider_and_dovecot
    mailbox = {"name": "vuquang", "host": "127.0.0.1", "port": dovecot.port, "security": "none",
               "username": USER, "auth": "oauth2", "oauth2_provider": "google",
               "oauth2_client_id": "123.apps.googleusercontent.com", "oauth2_store": str(tmp_path / "none.token")}
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox])
    result = poll_mailbox(settings.mailboxes[0], open_database(settings.database.url), Archive(settings.storage.dir))
    assert result.stored == 0 and "no token file; run: dienhinh oauth login" in result.error
