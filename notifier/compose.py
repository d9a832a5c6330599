"""The replies to schools and the MIME form of every outgoing mail.

A flag or an acknowledgement is a reply in the school's own thread: the
subject is ``Re:`` plus the original (never ``Re: Re:``), ``In-Reply-To`` is
the original Message-ID and ``References`` the original's references plus
that id (RFC 5322 section 3.6.4). Every automatic mail carries
``Auto-Submitted`` (RFC 3834 section 5): ``auto-replied`` for flags and
acknowledgements, ``auto-generated`` for the digest.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import NamedTuple

from domain import one_line
from notifier.bounds import MAX_LISTED, SUBJECT_CHARS, quoted
from notifier.render import render_pair
from notifier.wording import DEFAULT_SUBJECT, ORGANISATION, item, nominee_label

__all__ = ["Composed", "build_mime", "compose_ack", "compose_flag", "reply_subject", "thread_headers"]

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|tl|trả lời)\s*(?:\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)
MAX_REFERENCES = 20
MAX_MSGID_CHARS = 250
AUTO_REPLIED_KINDS = {"flag", "ack"}


class Composed(NamedTuple):
    subject: str
    text: str
    html: str
    in_reply_to: str | None
    references: str | None


def reply_subject(original: str | None) -> str:
    """``Re: <original>``, with any reply prefixes already there folded into one; the original cut to
    ``SUBJECT_CHARS``."""
    subject = quoted(original, SUBJECT_CHARS)
    subject = _REPLY_PREFIX.sub("", subject).strip() or DEFAULT_SUBJECT
    return f"Re: {subject}"


def _msgid(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value or len(value) > MAX_MSGID_CHARS or any(c.isspace() for c in value):
        return None  # not a Message-ID anyone sent: never echoed into our headers
    return value if value.startswith("<") else f"<{value.strip('<>')}>"


def thread_headers(original_message_id: str | None, references: list[str] | None) -> tuple[str | None, str | None]:
    """``In-Reply-To`` and ``References`` for a reply (RFC 5322 section 3.6.4).

    A long chain keeps its first id and the most recent ones, as the RFC
    allows, so the header stays a sane length.
    """
    chain: list[str] = []
    for value in [*(references or []), original_message_id]:
        msgid = _msgid(value)
        if msgid and msgid not in chain:
            chain.append(msgid)
    if len(chain) > MAX_REFERENCES:
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1):]
    return _msgid(original_message_id), " ".join(chain) or None


def _greeting(sender_name: str | None, records: list[dict]) -> str:
    name = quoted(sender_name)
    if name and "@" not in name:
        return name
    units = {quoted(r.get("unit")) for r in records if r.get("unit")}
    return units.pop() if len(units) == 1 else "Quý đơn vị"


def _nominees(records: list[dict]) -> list[dict]:
    nominees = []
    for record in records[:MAX_LISTED]:
        missing = [item(key) for key in record.get("missing") or []]
        nominees.append(
            {
                "label": quoted(nominee_label(record)),
                "unit": quoted(record.get("unit")),
                "sources": [quoted(s) for s in (record.get("sources") or [])[:MAX_LISTED]],
                "missing": [{"label": m.label, "how": m.how} for m in missing],
            }
        )
    return nominees


def _compose(stem, records, original_subject, original_message_id, references, sender_name, organisation,
             templates_dir) -> Composed:
    in_reply_to, references_header = thread_headers(original_message_id, references)
    context = {
        "greeting": _greeting(sender_name, records),
        "organisation": one_line(organisation) or ORGANISATION,
        "original_subject": quoted(original_subject, SUBJECT_CHARS),
        "nominees": _nominees(records),
        # "complete" only when nothing is left for a reviewer to settle: the service says only what it can prove
        "settled": not any(r.get("review") for r in records),
    }
    text, html = render_pair(stem, context, templates_dir)
    return Composed(reply_subject(original_subject), text, html, in_reply_to, references_header)


def compose_flag(
    records: list[dict],
    original_subject: str | None,
    original_message_id: str | None,
    references: list[str] | None,
    sender_name: str | None,
    *,
    organisation: str = ORGANISATION,
    templates_dir: Path | None = None,
) -> Composed:
    """The polite request to complete an incomplete submission.

    Only records that still miss something are listed; each missing item is
    named as the official letter names it, with what to send.
    """
    incomplete = [r for r in records if r.get("missing")]
    return _compose("flag", incomplete or records, original_subject, original_message_id, references,
                    sender_name, organisation, templates_dir)


def compose_ack(
    records: list[dict],
    original_subject: str | None,
    original_message_id: str | None,
    references: list[str] | None,
    sender_name: str | None,
    *,
    organisation: str = ORGANISATION,
    templates_dir: Path | None = None,
) -> Composed:
    """A short acknowledgement that a complete submission arrived."""
    return _compose("ack", records, original_subject, original_message_id, references, sender_name,
                    organisation, templates_dir)


def message_id_domain(from_addr: str) -> str:
    """The domain for our Message-IDs: that of ``[smtp] from`` (RFC 5322 section 3.6.4)."""
    address = parseaddr(from_addr or "")[1]
    return address.rpartition("@")[2] or "dienhinh.invalid"


def build_mime(row, from_addr: str, now: datetime | None = None) -> EmailMessage:
    """The RFC 5322 message for an outbox row; ``multipart/alternative`` when it has HTML.

    The Message-ID is the row's own, fixed when the row was queued, so a
    resend after an operator's ``requeue`` is recognisable as the same mail.
    """
    msg = EmailMessage(policy=SMTP)
    msg["From"] = from_addr
    msg["To"] = row.recipient
    msg["Subject"] = one_line(row.subject)
    msg["Date"] = format_datetime(now or datetime.now(timezone.utc))
    msg["Message-ID"] = row.header_message_id
    if row.in_reply_to:
        msg["In-Reply-To"] = row.in_reply_to
    if row.references:
        msg["References"] = row.references
    msg["Auto-Submitted"] = "auto-replied" if row.kind in AUTO_REPLIED_KINDS else "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office replies to this mail
    msg.set_content(row.body_text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html", charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = "vi"  # RFC 3282; after set_content, which clears Content-* headers
    return msg
