"""Signed session cookies and the CSRF token every form carries.

The cookie holds only ids, never a password: the account id, its
``session_version`` and the session's CSRF token, signed with the
``[web]`` secret (``itsdangerous``, HMAC-SHA1 over a timestamped payload) so
it cannot be forged and expires after ``session_hours``. It is ``HttpOnly``,
``SameSite=Lax`` and ``Secure`` when ``base_url`` is https. A visitor who is
not signed in still gets a session, so the sign-in form has a CSRF token too.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "dienhinh_session"
SALT = "dienhinh.web.session"


@dataclass
class SessionData:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    user_id: int | None = None
    version: int | None = None
    changed: bool = True  # a new session must be sent to the browser

    def dump(self) -> dict:
        return {"c": self.csrf, "u": self.user_id, "v": self.version}


class Sessions:
    """Reads and writes the session cookie of a request."""

    def __init__(self, secret: str, max_age_seconds: int, secure: bool) -> None:
        if len(secret) < 16:
            raise ValueError("the [web] session secret must have at least 16 characters")
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self.max_age = max_age_seconds
        self.secure = secure

    def read(self, request: Request) -> SessionData:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self._serializer.loads(raw, max_age=self.max_age)
            except BadSignature:
                return SessionData()  # expired or forged: start a fresh anonymous session
            if isinstance(data, dict) and isinstance(data.get("c"), str):
                return SessionData(csrf=data["c"], user_id=data.get("u"), version=data.get("v"), changed=False)
        return SessionData()

    def write(self, response: Response, data: SessionData) -> None:
        response.set_cookie(COOKIE, self._serializer.dumps(data.dump()), max_age=self.max_age, httponly=True,
                            samesite="lax", secure=self.secure, path="/")


def csrf_ok(data: SessionData, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(data.csrf.encode(), str(submitted).encode())
