"""When the service may answer a mail automatically (RFC 3834), and how often.

RFC 3834 section 2: never answer mail that is itself automatic
(``Auto-Submitted`` other than ``no``), bulk or list mail (``Precedence``,
``List-Id`` of RFC 2919/2369), bounces (null ``Return-Path``, RFC 5321
section 4.5.5), or mail from addresses that no person reads (MAILER-DAEMON,
no-reply, list owners). :func:`parsers.automatic_mail.automatic_reason` holds the
rules the ingest side shares; the stricter ones only a responder needs are
added here. Like Mailman's ``acknowledge`` handler, automatic replies are also
capped per recipient and day, so a loop or a flood costs a few mails at most.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from email.utils import getaddresses, parseaddr
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from parsers import MailMessage, automatic_reason
from store import OutgoingMail

CAPPED_KINDS = ("flag", "ack")
_ROBOT_LOCALPART = re.compile(
    r"^(owner-.+|.+-(owner|request|bounces?)|listserv|majordomo|mailman|list(s)?|newsletter|"
    r"bounce[s]?[-+].*|mailer[-_.]?daemon|postmaster|no[-_.]?reply.*|donotreply.*)$",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


def _auto_submitted(mail: MailMessage) -> str | None:
    """RFC 3834 section 5: any value other than exactly ``no`` marks automatic mail."""
    for value in mail.get_all("auto-submitted") or [mail.headers.get("auto-submitted") or ""]:
        keyword = value.split(";", 1)[0].strip().lower()
        if keyword and keyword != "no":
            return f"automatic mail (Auto-Submitted: {keyword})"
    return None


def reply_address(mail: MailMessage) -> str | None:
    """Where a reply meant for the author goes: Reply-To, else From (RFC 3834 section 4)."""
    if mail.reply_to:
        addresses = [a for _n, a in getaddresses([mail.reply_to]) if a]
        if addresses:
            return addresses[0].lower()
    return (mail.from_address or "").lower() or None


def may_auto_reply(mail: MailMessage, own_addresses: tuple[str, ...] = ()) -> tuple[bool, str | None]:
    """Whether a flag or acknowledgement may answer ``mail``; if not, the one-line reason."""
    reason = _auto_submitted(mail) or automatic_reason(mail)
    if reason:
        return False, reason
    return_path = (mail.return_path or "").strip("<> ").lower()
    if return_path.split("@", 1)[0] in ("mailer-daemon", "postmaster"):
        return False, f"bounce (Return-Path: {mail.return_path})"
    sender = (mail.headers.get("sender") or "").lower()
    if "mailer-daemon" in sender or "owner-" in sender or "-bounces" in sender:
        return False, f"list or system mail (Sender: {mail.headers.get('sender')})"
    suppress = (mail.headers.get("x-auto-response-suppress") or "").lower()
    if any(word in suppress for word in ("all", "autoreply", "oof")):
        return False, f"sender asked for no automatic replies (X-Auto-Response-Suppress: {suppress})"
    if mail.headers.get("x-loop"):
        return False, "mail loop marker (X-Loop)"
    target = reply_address(mail)
    if not target or not _ADDRESS.match(target):
        return False, f"no usable reply address ({target or 'none'})"
    if is_robot_address(target):
        return False, f"no-reply or list address ({target})"
    own = {parseaddr(a)[1].lower() for a in own_addresses if a}
    if target in own or (mail.from_address or "").lower() in own:
        return False, f"mail from our own address ({target})"
    return True, None


def day_start_utc(day: date, zone: str | ZoneInfo) -> datetime:
    """Midnight of ``day`` in ``zone``, as an aware UTC datetime."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(timezone.utc)


def under_daily_cap(db: Session, recipient: str, day_start_utc: datetime, cap: int) -> bool:
    """True while fewer than ``cap`` flags and acknowledgements went to ``recipient`` since ``day_start_utc``.

    Every queued row counts, whatever its state: the cap limits what we
    decided to send, so a retry never opens room for one more.
    """
    if day_start_utc.tzinfo is not None:
        day_start_utc = day_start_utc.astimezone(timezone.utc)
    count = db.exec(
        select(func.count())
        .select_from(OutgoingMail)
        .where(OutgoingMail.kind.in_(CAPPED_KINDS))
        .where(func.lower(OutgoingMail.recipient) == recipient.strip().lower())
        .where(OutgoingMail.created_at >= day_start_utc)
    ).one()
    return count < cap


def is_robot_address(address: str) -> bool:
    """A no-reply, list or system address that no person reads (RFC 3834 section 2)."""
    return bool(_ROBOT_LOCALPART.match(address.split("@", 1)[0].lower()))


def is_deliverable(address: str) -> bool:
    """A well-formed address a person may read."""
    return bool(_ADDRESS.match(address)) and not is_robot_address(address)
