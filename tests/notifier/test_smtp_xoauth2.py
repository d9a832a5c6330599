"""[smtp] auth = "oauth2": AUTH XOAUTH2 with a token refreshed from a token endpoint on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler

import pytest

from dienhinh.devservers.smtp import SmtpServer
from ingest import StoredToken, TokenStore
from notifier.smtp import TemporaryFailure, send_message
from tests.local_http import read_form, send_json, serving
from tests.notifier.conftest import smtp_config

USER = "vutdkt@moet.gov.vn"
VALID: dict[str, str] = {}  # access tokens the SMTP server accepts -> user; the token endpoint adds to it


class TokenEndpoint(BaseHTTPRequestHandler):
    grants: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        form = read_form(self)
        TokenEndpoint.grants.append(form)
        token = f"ya29.smtp-{len(TokenEndpoint.grants)}"
        VALID[token] = USER
        send_json(self, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def log_message(self, *args):
        pass


@pytest.fixture
def token_uri():
    TokenEndpoint.grants = []
    VALID.clear()
    with serving(TokenEndpoint) as base:
        yield f"{base}/token"


def _mail() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Vụ Thi đua - Khen thưởng <{USER}>"
    msg["To"] = "school@example.edu.vn"
    msg["Subject"] = "Đề nghị bổ sung hồ sơ"
    msg["Message-ID"] = "<xoauth2-1@moet.gov.vn>"
    msg.set_content("Kính gửi quý đơn vị.")
    return msg


def test_xoauth2_submission_refreshes_a_refused_token_once(tmp_path, token_uri):
    store = TokenStore(tmp_path / "smtp.token")
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=50)).isoformat()
    store.save(StoredToken(provider="microsoft", client_id="0d1f-app", refresh_token="M.R3-refresh",
                           token_uri=token_uri, access_token="eyJ.revoked", expires_at=later))
    with SmtpServer(bearer_tokens=VALID) as server:
        config = smtp_config(server, username=USER, auth="oauth2", oauth2_provider="microsoft",
                             oauth2_client_id="0d1f-app", oauth2_store=str(store.path))
        send_message(config, _mail())
        [got] = server.messages
        assert got.login == USER
        assert [g["refresh_token"] for g in TokenEndpoint.grants] == ["M.R3-refresh"]
        assert "client_secret" not in TokenEndpoint.grants[0]  # a Microsoft public client
        assert store.load().access_token == "ya29.smtp-1" and os.stat(store.path).st_mode & 0o777 == 0o600
        send_message(config, _mail())  # the fresh token is reused
        assert len(server.messages) == 2 and len(TokenEndpoint.grants) == 1


def test_no_token_file_keeps_the_mail_queued(tmp_path):
    with SmtpServer(bearer_tokens={"x": USER}) as server:
        config = smtp_config(server, username=USER, auth="oauth2", oauth2_provider="google",
                             oauth2_client_id="123.apps", oauth2_store=str(tmp_path / "none.token"))
        with pytest.raises(TemporaryFailure, match="no access token: .*no token file"):
            send_message(config, _mail())
        assert server.messages == []
