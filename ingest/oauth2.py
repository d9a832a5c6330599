"""OAuth2 for Gmail and Microsoft 365: a refresh token kept on disk, access tokens refreshed as needed.

``dienhinh oauth login MAILBOX`` (to come: the provider's own installed-app
or device flow) ends by writing a :class:`TokenStore` file: the refresh token
and the last access token with its expiry, JSON, mode 0600 (only the service
user can read it; a file others can read is refused, like an SSH key).

:class:`AccessTokens` hands out an access token for SASL XOAUTH2 (IMAP and
SMTP): the stored one while it has more than ``margin`` left, else a fresh
one from the provider's token endpoint (the plain RFC 6749 section 6 refresh
grant, which Google's and Microsoft's endpoints both speak, with or without
a client secret; Microsoft's public clients have none, and ``google-auth``
refuses to refresh without one). :meth:`AccessTokens.invalidate` forces a refresh after
the server refused a token (revoked early, clock skew). A provider that
rotates the refresh token gets the new one stored.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

TOKEN_URIS = {
    "google": "https://oauth2.googleapis.com/token",
    "microsoft": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
}
SCOPES = {
    "google": ["https://mail.google.com/"],
    "microsoft": ["https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send",
                  "offline_access"],
}
MARGIN = timedelta(minutes=5)  # refresh this long before the access token expires
REFRESH_TIMEOUT = 30  # seconds


class OAuth2Error(Exception):
    """No usable token: the store is missing, unsafe or unreadable, or the provider refused the refresh."""


@dataclass
class StoredToken:
    provider: str
    client_id: str
    refresh_token: str
    token_uri: str
    access_token: str | None = None
    expires_at: str | None = None  # ISO 8601, UTC

    def expiry(self) -> datetime | None:
        return datetime.fromisoformat(self.expires_at) if self.expires_at else None


class TokenStore:
    """One mailbox's token file (JSON, 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> StoredToken:
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            raise OAuth2Error(f"{self.path}: no token file; run: dienhinh oauth login MAILBOX") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise OAuth2Error(f"{self.path}: readable by others (mode {stat.S_IMODE(mode):o}); "
                              "it holds a refresh token: chmod 600 it")
        try:
            return StoredToken(**json.loads(self.path.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise OAuth2Error(f"{self.path}: not a token file: {exc}") from exc

    def save(self, token: StoredToken) -> None:
        """Written beside the file with mode 0600 from the start, then renamed over it."""
        temporary = self.path.with_name(self.path.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(asdict(token), handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)  # O_CREAT's mode does not apply to a leftover temporary file
        os.replace(temporary, self.path)


class AccessTokens:
    """Access tokens for one mailbox, refreshed before they expire or when a server refused one."""

    def __init__(self, store: TokenStore, client_secret: str | None = None, margin: timedelta = MARGIN) -> None:
        self.store = store
        self.client_secret = client_secret
        self.margin = margin
        self._lock = threading.Lock()

    def get(self, now: datetime | None = None) -> str:
        with self._lock:
            token = self.store.load()
            expiry = token.expiry()
            now = now or datetime.now(UTC)
            if token.access_token and expiry is not None and expiry - self.margin > now:
                return token.access_token
            return self._refresh(token)

    def invalidate(self) -> None:
        """Forget the stored access token: the next :meth:`get` refreshes."""
        with self._lock:
            token = self.store.load()
            token.access_token, token.expires_at = None, None
            self.store.save(token)

    def _refresh(self, token: StoredToken) -> str:
        form = {"grant_type": "refresh_token", "refresh_token": token.refresh_token, "client_id": token.client_id}
        if self.client_secret:  # Google's installed apps have one; Microsoft's public clients do not
            form["client_secret"] = self.client_secret
        if token.provider in SCOPES:
            form["scope"] = " ".join(SCOPES[token.provider])
        request = urllib.request.Request(token.token_uri, data=urllib.parse.urlencode(form).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=REFRESH_TIMEOUT) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise OAuth2Error(f"{self.store.path}: token refresh at {token.token_uri} refused "
                              f"(HTTP {exc.code}): {exc.read()[:300].decode(errors='replace')}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise OAuth2Error(f"{self.store.path}: token refresh at {token.token_uri} failed: {exc}") from exc
        if not answer.get("access_token"):
            raise OAuth2Error(f"{self.store.path}: token refresh at {token.token_uri}: no access_token in answer")
        token.access_token = answer["access_token"]
        lifetime = int(answer.get("expires_in", 3600))
        token.expires_at = (datetime.now(UTC) + timedelta(seconds=lifetime)).isoformat()
        if answer.get("refresh_token") and answer["refresh_token"] != token.refresh_token:
            token.refresh_token = answer["refresh_token"]  # the provider rotated it
        self.store.save(token)
        log.info("oauth2: access token refreshed from %s (expires %s)", token.token_uri, token.expires_at)
        return token.access_token


def tokens_for(config, what: str) -> AccessTokens:
    """The access tokens of an ``auth = "oauth2"`` mailbox or ``[smtp]`` (``config.OAuth2Keys``)."""
    secret = config.oauth2_client_secret
    return AccessTokens(TokenStore(config.oauth2_store), secret.read(f"{what} oauth2 client secret") if secret else None)
