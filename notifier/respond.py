"""Answer a parsed submission: a flag if something is missing, else an acknowledgement.

Like Mailman's ``acknowledge`` handler: the answer goes to the author
(Reply-To, else From), never to automatic, bulk or list mail (RFC 3834), at
most ``[smtp] daily_cap_per_sender`` automatic replies per address and day,
and at most one per message: the dedupe key is ``flag:{message id}`` or
``ack:{message id}``, so a reparse or a second run never writes twice, while a
later reply that is still incomplete is a new message and gets its own flag.
The row is queued in the caller's session; the caller commits it together
with the records that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from sqlmodel import Session

from config import MailboxConfig, Settings
from notifier.compose import compose_ack, compose_flag, message_id_domain
from notifier.outbox import queue_mail
from notifier.policy import day_start_utc, may_auto_reply, reply_address, under_daily_cap
from notifier.wording import ORGANISATION
from parsers import MailMessage
from store import Message, OutgoingMail


@dataclass
class ReplyDecision:
    kind: str | None  # "flag", "ack", or None when nothing is sent
    row: OutgoingMail | None
    reason: str  # one line: what was queued, or why not


def queue_reply(
    db: Session,
    *,
    mail: MailMessage,
    message: Message,
    records: list[dict],
    settings: Settings,
    mailbox: MailboxConfig,
    nomination_id: int | None = None,
    now: datetime | None = None,
) -> ReplyDecision:
    """Queue the flag or acknowledgement ``records`` call for, if the rules allow one."""
    smtp = settings.smtp
    if not records:
        return ReplyDecision(None, None, "no nomination records: nothing to answer")
    if smtp is None:
        return ReplyDecision(None, None, "no [smtp] section: automatic replies are off")
    kind = "flag" if any(r.get("missing") for r in records) else "ack"
    if kind == "ack" and not mailbox.acknowledge:
        return ReplyDecision(None, None, f"acknowledgements are off for mailbox {mailbox.name}")
    allowed, why = may_auto_reply(mail, own_addresses=(smtp.from_, mailbox.address or mailbox.username or ""))
    if not allowed:
        return ReplyDecision(None, None, f"no automatic reply: {why}")
    recipient = reply_address(mail)
    zone = ZoneInfo(settings.digest.timezone)
    today = (now or datetime.now(zone)).astimezone(zone).date()
    if not under_daily_cap(db, recipient, day_start_utc(today, zone), smtp.daily_cap_per_sender):
        return ReplyDecision(None, None, f"daily cap of {smtp.daily_cap_per_sender} automatic replies to {recipient} reached")
    references = mail.references or ([mail.in_reply_to] if mail.in_reply_to else [])
    compose = compose_flag if kind == "flag" else compose_ack
    composed = compose(
        records, mail.subject, mail.message_id or message.message_id, references, mail.from_name,
        organisation=parseaddr(smtp.from_)[0] or ORGANISATION, templates_dir=settings.digest.templates_dir,
    )
    row = queue_mail(
        db, kind=kind, dedupe_key=f"{kind}:{message.id}", recipient=recipient, subject=composed.subject,
        body_text=composed.text, body_html=composed.html, in_reply_to=composed.in_reply_to,
        references=composed.references, message_id=message.id, nomination_id=nomination_id,
        domain=message_id_domain(smtp.from_),
    )
    if row is None:
        return ReplyDecision(None, None, f"a {kind} for message {message.id} is already in the outbox")
    return ReplyDecision(kind, row, f"{kind} queued for {recipient}")
