"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests and the demo.

It accepts every message (RFC 5321), keeps the envelope and the raw bytes in
memory and, if asked, appends each one to an mbox file, so a test or a demo
user can read exactly what the service sent. Tests can make it answer ``451``
(a temporary failure, RFC 5321 section 4.2.1) for the next few messages or
``550`` (permanent) for all of them, require AUTH (RFC 4954), offer STARTTLS
(RFC 3207) or implicit TLS (RFC 8314), and stop and start it again on the
same port to play an unreachable server, or answer slowly to play one
that never confirms a message.
"""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import mailbox
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from dienhinh.devservers.ports import free_port

TEMPORARY_REPLY = "451 4.3.0 Temporary local problem, please try again later"
PERMANENT_REPLY = "550 5.7.1 Message rejected by policy"


@dataclass
class CapturedMail:
    """One message the server accepted (or refused, for ``rejected``)."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    login: str | None = None
    tls: bool = False
    reply: str = "250 OK"
    received_at: float = field(default_factory=time.time)

    @property
    def message(self) -> EmailMessage:
        """The parsed message (modern ``email`` API: ``get_content`` decodes)."""
        return email.message_from_bytes(self.data, policy=email.policy.default)


class _Handler:
    def __init__(self, server: "SmtpServer") -> None:
        self.server = server

    async def auth_XOAUTH2(self, smtp, args) -> AuthResult:  # noqa: N802 - aiosmtpd's mechanism hook name
        """SASL XOAUTH2 (Gmail, Microsoft 365): the bearer token must be one of ``bearer_tokens``."""
        if self.server.bearer_tokens is None:
            return AuthResult(success=False, handled=False)
        response = args[1] if len(args) > 1 else None
        raw = base64.b64decode(response) if response else await smtp.challenge_auth("", encode_to_b64=False)
        fields = dict(part.split("=", 1) for part in raw.decode("utf-8", "replace").split("\x01") if "=" in part)
        user, bearer = fields.get("user", ""), fields.get("auth", "").removeprefix("Bearer ")
        if self.server.bearer_tokens.get(bearer) == user:
            return AuthResult(success=True, auth_data=LoginPassword(login=user.encode(), password=b""))
        return AuthResult(success=False, handled=False)

    async def handle_DATA(self, smtp, session, envelope) -> str:  # noqa: N802 - aiosmtpd hook name
        auth = session.auth_data
        login = auth.login.decode("utf-8", "replace") if isinstance(auth, LoginPassword) else None
        mail = CapturedMail(
            mail_from=envelope.mail_from or "",
            rcpt_tos=list(envelope.rcpt_tos),
            data=bytes(envelope.original_content or envelope.content or b""),
            login=login,
            tls=session.ssl is not None or smtp.transport.get_extra_info("sslcontext") is not None,
        )
        delay = self.server.reply_delay
        if delay:
            await asyncio.sleep(delay)
        return self.server._take(mail)


class SmtpServer:
    """Start, stop and inspect a local SMTP server; also a context manager.

    ``users`` (login → password) makes AUTH PLAIN/LOGIN mandatory;
    ``bearer_tokens`` (access token → user) offers and requires AUTH XOAUTH2;
    ``tls_cert``/``tls_key`` offer STARTTLS, or implicit TLS with
    ``implicit_tls=True``.
    """

    def __init__(
        self,
        mbox_path: Path | None = None,
        *,
        users: dict[str, str] | None = None,
        bearer_tokens: dict[str, str] | None = None,
        tls_cert: Path | None = None,
        tls_key: Path | None = None,
        implicit_tls: bool = False,
        port: int | None = None,
    ) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.mbox_path = Path(mbox_path) if mbox_path else None
        self.users = dict(users or {})
        self.bearer_tokens = bearer_tokens  # XOAUTH2 access token -> user; the caller's dict, read live
        self.tls_cert, self.tls_key = tls_cert, tls_key
        self.implicit_tls = implicit_tls
        self._lock = threading.Lock()
        self._accepted: list[CapturedMail] = []
        self._rejected: list[CapturedMail] = []
        self._temporary_left = 0
        self._temporary_reply = TEMPORARY_REPLY
        self._permanent_reply: str | None = None
        self._controller: Controller | None = None
        self.reply_delay = 0.0

    # -- life cycle -------------------------------------------------------

    def _server_tls(self) -> ssl.SSLContext | None:
        if not self.tls_cert:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.tls_cert), str(self.tls_key) if self.tls_key else None)
        return context

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            expected = self.users.get(auth_data.login.decode("utf-8", "replace"))
            if expected is not None and auth_data.password == expected.encode():
                return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    def start(self) -> "SmtpServer":
        """Listen on ``self.port`` (the same port after a ``stop()``)."""
        if self._controller is not None:
            return self
        context = self._server_tls()
        kwargs: dict = {"hostname": self.host, "port": self.port, "ready_timeout": 10.0}
        if context and self.implicit_tls:
            kwargs["ssl_context"] = context
        elif context:
            kwargs["tls_context"] = context
        if self.users or self.bearer_tokens is not None:
            kwargs.update(authenticator=self._authenticate, auth_required=True, auth_require_tls=bool(context))
        controller = Controller(_Handler(self), **kwargs)
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        """Close the listening socket: clients now get "connection refused"."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- switches for tests ----------------------------------------------

    def fail_temporarily(self, count: int = 1, reply: str = TEMPORARY_REPLY) -> None:
        """Answer the next ``count`` messages with a 4xx reply instead of 250."""
        with self._lock:
            self._temporary_left = count
            self._temporary_reply = reply

    def fail_permanently(self, enabled: bool = True, reply: str = PERMANENT_REPLY) -> None:
        """Answer every message with a 5xx reply until switched off."""
        with self._lock:
            self._permanent_reply = reply if enabled else None

    def slow_reply(self, seconds: float) -> None:
        """Wait ``seconds`` after the message data before answering (a client timeout test)."""
        self.reply_delay = seconds

    # -- what it received -------------------------------------------------

    def _take(self, mail: CapturedMail) -> str:
        with self._lock:
            if self._permanent_reply:
                mail.reply = self._permanent_reply
            elif self._temporary_left > 0:
                self._temporary_left -= 1
                mail.reply = self._temporary_reply
            if mail.reply != "250 OK":
                self._rejected.append(mail)
                return mail.reply
            self._accepted.append(mail)
            if self.mbox_path:
                self._append_mbox(mail)
        return "250 OK"

    def _append_mbox(self, mail: CapturedMail) -> None:
        self.mbox_path.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.mbox(str(self.mbox_path))
        box.lock()
        try:
            message = mailbox.mboxMessage(mail.data)
            message.set_from(mail.mail_from or "MAILER-DAEMON", time.gmtime(mail.received_at))
            box.add(message)
            box.flush()
        finally:
            box.unlock()
            box.close()

    @property
    def messages(self) -> list[CapturedMail]:
        """Every accepted message, oldest first (a copy: safe to iterate)."""
        with self._lock:
            return list(self._accepted)

    @property
    def rejected(self) -> list[CapturedMail]:
        """Every message answered with 4xx or 5xx."""
        with self._lock:
            return list(self._rejected)

    def clear(self) -> None:
        with self._lock:
            self._accepted.clear()
            self._rejected.clear()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[CapturedMail]:
        """Block until at least ``count`` messages were accepted."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.messages)} message(s) after {timeout}s, expected {count}")
            time.sleep(0.02)
        return self.messages
