"""Log in to an IMAP mailbox as its config says (RFC 3501, RFC 2595, XOAUTH2)."""

from __future__ import annotations

import logging

from imapclient import IMAPClient

from config import MailboxConfig, tls_context
from ingest.oauth2 import tokens_for

TIMEOUT_SECONDS = 60
IMAPLIB_LOGGER = "imapclient.imaplib"
log = logging.getLogger(__name__)


class ImapUnreachable(ConnectionError):
    """The IMAP server could not be reached or the TLS handshake failed; names the host and port."""


def _unreachable(mailbox: MailboxConfig, exc: OSError) -> ImapUnreachable:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return ImapUnreachable(f"cannot connect to IMAP server {mailbox.host}:{mailbox.port} ({detail})")


def connect(mailbox: MailboxConfig) -> IMAPClient:
    """An authenticated client; the caller selects the folder and logs out."""
    context = tls_context(mailbox.tls_verify, mailbox.tls_ca_file) if mailbox.security != "none" else None
    try:
        client = IMAPClient(
            mailbox.host,
            port=mailbox.port,
            ssl=mailbox.security == "ssl",
            ssl_context=context,
            timeout=TIMEOUT_SECONDS,
        )
    except OSError as exc:  # refused, unknown host, timed out, TLS handshake
        raise _unreachable(mailbox, exc) from exc
    quiet_imaplib_tracing(client)
    try:
        if mailbox.security == "starttls":
            try:
                client.starttls(context)
            except OSError as exc:
                raise _unreachable(mailbox, exc) from exc
        if mailbox.auth == "xoauth2":
            # Gmail accounts of the district offices: SASL XOAUTH2 with a bearer token.
            client.oauth2_login(mailbox.username, mailbox.oauth2_token.read(f"mailbox {mailbox.name} token"))
        elif mailbox.auth == "oauth2":
            _oauth2_login(client, mailbox)
        elif mailbox.password is not None:
            client.login(mailbox.username or "", mailbox.password.read(f"mailbox {mailbox.name} password"))
        else:
            raise ValueError(f"mailbox {mailbox.name}: no password_env/password_file configured")
    except BaseException:
        _close_quietly(client)
        raise
    return client


def _oauth2_login(client: IMAPClient, mailbox: MailboxConfig) -> None:
    """XOAUTH2 with a token refreshed as needed; refused once, a fresh token is fetched and tried again."""
    tokens = tokens_for(mailbox, f"mailbox {mailbox.name}")
    try:
        client.oauth2_login(mailbox.username, tokens.get())
    except IMAPClient.Error as exc:
        log.warning("mailbox %s: XOAUTH2 refused (%s); refreshing the access token", mailbox.name, exc)
        tokens.invalidate()
        client.oauth2_login(mailbox.username, tokens.get())


def quiet_imaplib_tracing(client: IMAPClient) -> None:
    """Stop imaplib from formatting trace lines that nobody will log.

    IMAPClient sets imaplib's ``debug`` level to 5 and routes its trace to the
    ``imapclient.imaplib`` logger. imaplib then builds every trace line before
    the logger can drop it, including the ``repr`` of each fetched literal, i.e.
    of every whole message: measured here, about half the time of a
    ``BODY.PEEK[]`` fetch (0.6 of 1.3 s for 100 MB from a local Dovecot). Unless
    that logger is set to DEBUG, imaplib's tracing is switched off.
    """
    if not logging.getLogger(IMAPLIB_LOGGER).isEnabledFor(logging.DEBUG):
        client._imap.debug = 0  # imaplib.IMAP4.debug; IMAPClient exposes no setter


def _close_quietly(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except OSError:
        pass


def disconnect(client: IMAPClient) -> None:
    """Log out, and if the connection is already broken just close the socket."""
    try:
        client.logout()
    except (OSError, IMAPClient.Error, IMAPClient.AbortError):
        _close_quietly(client)
