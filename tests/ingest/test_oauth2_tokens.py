"""Refresh tokens on disk (0600) and access tokens refreshed from a real token endpoint on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
from http.server import BaseHTTPRequestHandler

import pytest

from ingest.oauth2 import AccessTokens, OAuth2Error, StoredToken, TokenStore
from tests.local_http import read_form, send_json, serving


class TokenEndpoint(BaseHTTPRequestHandler):
    """RFC 6749 section 6: a refresh grant answered with a new access token (and, once, a rotated refresh token)."""

    grants: list[dict] = []
    refused = False

    def do_POST(self):  # noqa: N802 - http.server's naming
        form = read_form(self)
        TokenEndpoint.grants.append(form)
        if TokenEndpoint.refused or form.get("refresh_token") not in ("1//refresh-a", "1//refresh-b"):
            status, body = 400, {"error": "invalid_grant", "error_description": "Token has been revoked."}
        else:
            status = 200
            body = {"access_token": f"ya29.access-{len(TokenEndpoint.grants)}", "expires_in": 3599,
                    "token_type": "Bearer"}
            if len(TokenEndpoint.grants) == 2:
                body["refresh_token"] = "1//refresh-b"
        send_json(self, body, status)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    TokenEndpoint.grants, TokenEndpoint.refused = [], False
    with serving(TokenEndpoint) as base:
        yield f"{base}/token"


def _store(tmp_path, token_uri: str) -> TokenStore:
    store = TokenStore(tmp_path / "vuquang.token")
    store.save(StoredToken(provider="google", client_id="123.apps.googleusercontent.com",
                           refresh_token="1//refresh-a", token_uri=token_uri))
    return store


def test_store_is_written_0600_and_refused_when_others_can_read_it(tmp_path):
    store = _store(tmp_path, "http://127.0.0.1:1/token")
    assert os.stat(store.path).st_mode & 0o777 == 0o600
    assert store.load().refresh_token == "1//refresh-a"
    os.chmod(store.path, 0o644)
    with pytest.raises(OAuth2Error, match=r"vuquang\.token: readable by others \(mode 644\)"):
        store.load()
    with pytest.raises(OAuth2Error, match="no token file; run: dienhinh oauth login"):
        TokenStore(tmp_path / "none.token").load()


def test_access_tokens_are_refreshed_before_expiry_and_after_a_refusal(tmp_path, endpoint):
    store = _store(tmp_path, endpoint)
    tokens = AccessTokens(store, client_secret="GOCSPX-secret")
    first = tokens.get()
    assert first == "ya29.access-1" and tokens.get() == first  # still valid: no second request
    grant = TokenEndpoint.grants[0]
    assert (grant["grant_type"], grant["refresh_token"], grant["client_id"], grant["client_secret"]) == (
        "refresh_token", "1//refresh-a", "123.apps.googleusercontent.com", "GOCSPX-secret")
    assert grant["scope"] == "https://mail.google.com/"
    expires = dt.datetime.fromisoformat(store.load().expires_at)
    assert dt.timedelta(minutes=55) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=1)

    near_expiry = expires - dt.timedelta(minutes=4)  # inside the 5-minute margin
    assert tokens.get(now=near_expiry) == "ya29.access-2"
    assert store.load().refresh_token == "1//refresh-b"  # the provider rotated it: kept
    assert os.stat(store.path).st_mode & 0o777 == 0o600

    tokens.invalidate()  # the server refused the token
    assert tokens.get() == "ya29.access-3" and TokenEndpoint.grants[-1]["refresh_token"] == "1//refresh-b"
    assert len(TokenEndpoint.grants) == 3


def test_a_refused_refresh_names_the_file_and_the_endpoint(tmp_path, endpoint):
    store = _store(tmp_path, endpoint)
    TokenEndpoint.refused = True
    with pytest.raises(OAuth2Error) as caught:
        AccessTokens(store).get()
    assert str(store.path) in str(caught.value) and endpoint in str(caught.value)
    assert "invalid_grant" in str(caught.value) and "HTTP 400" in str(caught.value)
    assert "client_secret" not in TokenEndpoint.grants[-1]  # a public client (Microsoft's) sends none
