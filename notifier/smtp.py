"""Hand one message to the configured SMTP server (RFC 5321, RFC 3207, RFC 4954, RFC 8314).

The outcome is sorted into what the outbox can act on:

* :class:`TemporaryFailure`: a 4xx reply (RFC 5321 section 4.2.1), a refused
  or dropped connection, a timeout before the message was handed over. Safe
  to try again: the server has not taken the message.
* :class:`PermanentFailure`: a 5xx reply; ``code`` and ``text`` are the
  server's answer. Trying again would get the same answer.
* :class:`UncertainDelivery`: the connection broke or timed out after the
  whole message (up to the final ``<CRLF>.<CRLF>``) was sent but before the
  server's reply arrived. The server may have accepted it (the duplicate
  risk of RFC 1047), so it is never retried automatically.

``before_data_end`` is called just before the end of DATA goes out: the
outbox commits there that the transaction reached that point, so a process
killed before it knows the mail can be resent, and one killed after it
knows the mail may have been delivered.

TLS certificates are verified unless the config says ``tls_verify = false``.
The password is read from its secret only when logging in and never logged.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from config import SmtpConfig, tls_context
from domain import error_line
from ingest import OAuth2Error, tokens_for

log = logging.getLogger(__name__)

__all__ = ["DeliveryError", "PermanentFailure", "TemporaryFailure", "UncertainDelivery", "send_message"]


class DeliveryError(Exception):
    """The message was not (knowingly) delivered; ``str(exc)`` is one line."""


class TemporaryFailure(DeliveryError):
    """Try again later: 4xx, or the server could not be reached.

    ``server_down`` is true when no message could get through right now
    (connection refused, timeout, login refused), so the caller can stop
    trying the rest of its queue until the next run.
    """

    def __init__(self, text: str, server_down: bool = False) -> None:
        super().__init__(text)
        self.server_down = server_down


class UncertainDelivery(DeliveryError):
    """The server may or may not have taken the message; do not resend blindly."""


class PermanentFailure(DeliveryError):
    """A 5xx answer: the server refuses this message for good."""

    def __init__(self, code: int, text: str) -> None:
        self.code = code
        self.text = " ".join(text.split())
        super().__init__(f"{code} {self.text}")


class _HookFailed(Exception):
    """``before_data_end`` raised: the end of DATA was not sent."""


class _TrackingMixin:
    """Remembers whether the message data (ending in CRLF.CRLF) went out; calls the hook just before its end."""

    payload_sent = False
    before_data_end = None

    def send(self, s):  # smtplib.SMTP.send: every byte to the server passes here
        if isinstance(s, (bytes, bytearray)) and s.endswith(b"\r\n.\r\n"):
            super().send(s[:-3])  # the data up to its last CRLF
            if self.before_data_end is not None:
                try:
                    self.before_data_end()
                except Exception as exc:
                    raise _HookFailed(error_line(exc)) from exc
            super().send(b".\r\n")  # the end of DATA (RFC 5321 section 4.1.1.4)
            self.payload_sent = True
            return
        super().send(s)


class _SMTP(_TrackingMixin, smtplib.SMTP):
    pass


class _SMTP_SSL(_TrackingMixin, smtplib.SMTP_SSL):
    pass


def _text(reply) -> str:
    if isinstance(reply, bytes):
        return reply.decode("utf-8", "replace")
    return str(reply)


def _classify(code: int, text: str, what: str) -> DeliveryError:
    if 500 <= code < 600:
        return PermanentFailure(code, text)
    return TemporaryFailure(f"{what}: {code} {' '.join(text.split())}")


def _open(config: SmtpConfig) -> smtplib.SMTP:
    if config.security == "ssl":
        context = tls_context(config.tls_verify, config.tls_ca_file)
        return _SMTP_SSL(config.host, config.port, timeout=config.timeout_seconds, context=context)
    client = _SMTP(config.host, config.port, timeout=config.timeout_seconds)
    if config.security == "starttls":
        try:
            client.ehlo()
            # RFC 3207: no fallback to plain text when STARTTLS is configured.
            client.starttls(context=tls_context(config.tls_verify, config.tls_ca_file))
        except BaseException:
            client.close()
            raise
    return client


def _quit_quietly(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _network_failure(config: SmtpConfig, client, exc: OSError) -> DeliveryError:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if client is not None and client.payload_sent:
        return UncertainDelivery(f"no answer after the message was sent ({detail}); it may have been delivered")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return TemporaryFailure(f"TLS certificate of {config.host} not trusted: {exc.verify_message}", server_down=True)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return TemporaryFailure(f"timed out talking to {config.host}:{config.port}", server_down=True)
    return TemporaryFailure(f"cannot reach {config.host}:{config.port} ({detail})", server_down=True)


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH (RFC 4954). smtplib encodes credentials as ASCII; PLAIN (RFC 4616) is UTF-8."""
    if (username + password).isascii():
        client.login(username, password)
        return
    client.ehlo_or_helo_if_needed()
    if "PLAIN" not in client.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPException("a non-ASCII password needs AUTH PLAIN, which the server does not offer")
    token = base64.b64encode(f"\0{username}\0{password}".encode("utf-8")).decode("ascii")
    code, reply = client.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


def _xoauth2(client: smtplib.SMTP, config: SmtpConfig) -> None:
    """AUTH XOAUTH2 with a token refreshed as needed; refused once, a fresh token is fetched and tried again."""
    tokens = tokens_for(config, "smtp")

    def respond(token: str):
        # the initial response; after a refusal the server sends a JSON challenge, answered with "" (RFC 7628)
        initial = f"user={config.username}\x01auth=Bearer {token}\x01\x01"
        return lambda challenge=None: "" if challenge is not None else initial

    client.ehlo_or_helo_if_needed()  # smtplib's auth(), unlike login(), does not say EHLO first
    try:
        client.auth("XOAUTH2", respond(tokens.get()))
    except smtplib.SMTPAuthenticationError as exc:
        log.warning("smtp: XOAUTH2 refused (%s); refreshing the access token", exc.smtp_code)
        tokens.invalidate()
        client.auth("XOAUTH2", respond(tokens.get()))


def envelope_sender(config: SmtpConfig) -> str:
    """The MAIL FROM address: the address part of ``[smtp] from``.

    Not the null sender: a flag that cannot be delivered should bounce to the
    department's own mailbox (RFC 3834 section 3.3 weighs this choice), where
    ingest recognises the bounce (RFC 3464) and never answers it, so no loop.
    Authenticated submission servers also want MAIL FROM to match the login.
    """
    return parseaddr(config.from_)[1]


def send_message(config: SmtpConfig, msg: EmailMessage, before_data_end: Callable[[], None] | None = None) -> None:
    """Send ``msg`` to its To/Cc recipients; raise a :class:`DeliveryError` if it was not accepted."""
    recipients = [address for _name, address in getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
    client = None
    try:
        client = _open(config)
        client.before_data_end = before_data_end
        if config.auth == "oauth2":
            _xoauth2(client, config)
        elif config.username and config.password is not None:
            _login(client, config.username, config.password.read("smtp password"))
        client.send_message(msg, from_addr=envelope_sender(config), to_addrs=recipients)
    except _HookFailed as exc:
        client.close()  # mid-DATA: a QUIT now would be read as message text
        client = None
        raise TemporaryFailure(f"not sent: could not record the delivery's progress ({exc})", server_down=True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise _classify(code, _text(text), "recipient refused") from None
    except smtplib.SMTPAuthenticationError as exc:
        # The account, not the message, is at fault: keep the mail queued.
        raise TemporaryFailure(f"login refused: {exc.smtp_code} {_text(exc.smtp_error)}", server_down=True) from None
    except OAuth2Error as exc:  # no token file, or the provider refused the refresh: the account again
        raise TemporaryFailure(f"no access token: {exc}", server_down=True) from None
    except smtplib.SMTPResponseException as exc:
        raise _classify(exc.smtp_code, _text(exc.smtp_error), "server answered") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise TemporaryFailure(f"server lacks a required extension: {exc}", server_down=True) from None
    except smtplib.SMTPServerDisconnected as exc:
        raise _network_failure(config, client, exc) from None
    except smtplib.SMTPException as exc:  # e.g. no AUTH mechanism in common
        raise TemporaryFailure(f"SMTP error: {exc}", server_down=True) from None
    except OSError as exc:  # refused, reset, timed out, TLS handshake
        raise _network_failure(config, client, exc) from None
    finally:
        if client is not None:
            _quit_quietly(client)
    log.info("smtp: %s accepted message %s for %s", config.host, msg.get("Message-ID"), ", ".join(recipients))
