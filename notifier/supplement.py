"""A reviewer's request for a supplement: their own note, sent as a flag through the outbox.

The note is a person's words, but the mail goes out the service's way: a
reply in the school's thread, ``Auto-Submitted: auto-replied``, never to
automatic, bulk, list or no-reply senders (RFC 3834, ``notifier.policy``), and
counted against ``[smtp] daily_cap_per_sender``. The dedupe key names the
record and the note, so a double click queues one mail.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from sqlmodel import Session

from config import MailboxConfig, Settings
from domain import nfc
from notifier.compose import message_id_domain, reply_subject, thread_headers
from notifier.outbox import queue_mail
from notifier.policy import day_start_utc, may_auto_reply, reply_address, under_daily_cap
from notifier.render import render_pair
from notifier.respond import ReplyDecision
from notifier.wording import ORGANISATION, nominee_label
from parsers import MailMessage
from store import Message


def queue_supplement_request(
    db: Session,
    *,
    mail: MailMessage,
    message: Message,
    record: dict,
    note: str,
    settings: Settings,
    mailbox: MailboxConfig,
    now: datetime | None = None,
) -> ReplyDecision:
    """Queue the reviewer's request to the sender of ``message``, if the rules allow it."""
    smtp = settings.smtp
    if smtp is None:
        return ReplyDecision(None, None, "no [smtp] section: no mail can be sent")
    note = nfc(note).strip()
    if not note:
        return ReplyDecision(None, None, "empty note")
    allowed, why = may_auto_reply(mail, own_addresses=(smtp.from_, mailbox.address or mailbox.username or ""))
    if not allowed:
        return ReplyDecision(None, None, f"no reply to this sender: {why}")
    recipient = reply_address(mail)
    zone = ZoneInfo(settings.digest.timezone)
    today = (now or datetime.now(zone)).astimezone(zone).date()
    if not under_daily_cap(db, recipient, day_start_utc(today, zone), smtp.daily_cap_per_sender):
        return ReplyDecision(None, None, f"daily cap of {smtp.daily_cap_per_sender} replies to {recipient} reached")
    organisation = parseaddr(smtp.from_)[0] or ORGANISATION
    context = {
        "greeting": mail.from_name if mail.from_name and "@" not in mail.from_name else "Quý đơn vị",
        "organisation": organisation, "original_subject": mail.subject, "nominee": nominee_label(record),
        "note": note,
    }
    text, html = render_pair("supplement", context, settings.digest.templates_dir)
    in_reply_to, references = thread_headers(mail.message_id or message.message_id,
                                             mail.references or ([mail.in_reply_to] if mail.in_reply_to else []))
    digest = hashlib.sha256(note.encode("utf-8")).hexdigest()[:16]
    row = queue_mail(
        db, kind="flag", dedupe_key=f"supplement:{record['id']}:{digest}", recipient=recipient,
        subject=reply_subject(mail.subject), body_text=text, body_html=html, in_reply_to=in_reply_to,
        references=references, message_id=message.id, nomination_id=record["id"],
        domain=message_id_domain(smtp.from_),
    )
    if row is None:
        return ReplyDecision(None, None, "this request is already in the outbox")
    return ReplyDecision("flag", row, f"supplement request queued for {recipient}")
