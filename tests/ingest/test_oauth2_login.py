"""`dienhinh oauth login` for Google: the installed-app flow against an authorization server on 127.0.0.1.

The test plays the provider (a consent page that redirects straight back
with a code, and a token endpoint) and the operator's browser (it follows
the printed URL). The flow itself is google-auth-oauthlib's, unchanged.
"""

from __future__ import annotations

import base64
import os
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from typer.testing import CliRunner

from dienhinh.cli import app
from ingest import TokenStore, oauth_login
from tests.conftest import make_settings
from tests.local_http import read_form, send_json, serving

USER = "quanghaigdvquang@gmail.com"


class Google(BaseHTTPRequestHandler):
    exchanges: list[dict] = []

    def do_GET(self):  # noqa: N802 - the consent page: the user said yes
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        assert query["access_type"] == "offline" and query["scope"] == "https://mail.google.com/"
        target = query["redirect_uri"] + "?" + urlencode({"code": "4/0-code", "state": query["state"],
                                                          "scope": query["scope"]})
        self.send_response(302)
        self.send_header("Location", target)
        self.end_headers()

    def do_POST(self):  # noqa: N802 - the token endpoint
        form = read_form(self)
        form["authorization"] = self.headers.get("Authorization", "")
        Google.exchanges.append(form)
        send_json(self, {"access_token": "ya29.first", "refresh_token": "1//kept", "expires_in": 3599,
                           "token_type": "Bearer", "scope": "https://mail.google.com/"})

    def log_message(self, *args):
        pass


@pytest.fixture
def google(monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the test's provider is plain HTTP on 127.0.0.1
    Google.exchanges = []
    with serving(Google) as base:
        yield base


def _settings(tmp_path, google: str | None, **overrides):
    mailbox = {"name": "vuquang", "host": "127.0.0.1", "username": USER, "auth": "oauth2",
               "oauth2_provider": "google", "oauth2_client_id": "123.apps.googleusercontent.com",
               "oauth2_client_secret_env": "VUQUANG_CLIENT_SECRET", "oauth2_store": str(tmp_path / "vuquang.token")}
    if google:
        mailbox.update(oauth2_auth_uri=f"{google}/auth", oauth2_token_uri=f"{google}/token")
    mailbox.update(overrides)
    return make_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", [mailbox])


def _browser(url: str) -> None:
    """The operator opens the printed address: consent, then back to the flow's redirect server."""
    threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=10).read(), daemon=True).start()


def test_google_login_stores_the_refresh_token_0600(tmp_path, google, monkeypatch):
    monkeypatch.setenv("VUQUANG_CLIENT_SECRET", "GOCSPX-secret")
    mailbox = _settings(tmp_path, google).mailboxes[0]
    shown: list[str] = []
    token = oauth_login(mailbox, 'mailbox "vuquang"', lambda text: (shown.append(text), _browser(text)))
    assert shown[0].startswith(f"{google}/auth?") and "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in shown[0]
    [exchange] = Google.exchanges
    assert (exchange["grant_type"], exchange["code"]) == ("authorization_code", "4/0-code")
    basic = base64.b64encode(b"123.apps.googleusercontent.com:GOCSPX-secret").decode()
    assert exchange.get("client_secret") == "GOCSPX-secret" or exchange["authorization"] == f"Basic {basic}"
    stored = TokenStore(mailbox.oauth2_store).load()
    assert (stored.refresh_token, stored.access_token, stored.provider) == ("1//kept", "ya29.first", "google")
    assert stored.token_uri == f"{google}/token" and token.refresh_token == "1//kept"
    assert os.stat(mailbox.oauth2_store).st_mode & 0o777 == 0o600


def test_cli_names_a_mailbox_that_cannot_log_in(tmp_path):
    settings = _settings(tmp_path, None, auth="password", password_env="X")
    runner = CliRunner()
    result = runner.invoke(app, ["oauth", "login", "nosuch", "--config", str(settings.source)])
    assert result.exit_code == 2 and "no mailbox named 'nosuch' (known: vuquang, smtp)" in result.stderr
    result = runner.invoke(app, ["oauth", "login", "vuquang", "--config", str(settings.source)])
    assert result.exit_code == 2 and "has auth = 'password'" in result.stderr
