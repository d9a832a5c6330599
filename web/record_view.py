"""What the record page shows: the record, its sources beside it, its history.

A message is shown by its text only (``parsers.parse_mime`` on the archived
bytes; a mail's HTML body is never rendered), with the lines a value came
from marked when the value is found in them. Pictures are shown through the
attachment route, other files are downloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from domain import CORRECTABLE_FIELDS, fold
from parsers import parse_mime
from records import audit_entries, record_dicts
from store import Attachment, Message, Nomination, NominationMessage, OutgoingMail, Service, session
from web.accounts import Account

SHOWN_PICTURES = ("image/jpeg", "image/png", "image/gif", "image/webp")
MAX_BODY_LINES = 400


@dataclass
class SourceLine:
    text: str
    fields: list[str] = field(default_factory=list)  # the record's values this line holds


@dataclass
class Source:
    message: Message
    subject: str
    sender: str
    lines: list[SourceLine]
    files: list[Attachment]
    pictures: list[Attachment]
    error: str | None = None
    documents: list[tuple[Attachment, list[SourceLine]]] = field(default_factory=list)  # the text each file gave


@dataclass
class RecordView:
    record: dict
    nomination: Nomination
    sources: list[Source]
    history: list
    mails: list[OutgoingMail]


def visible_nomination(service: Service, account: Account, nomination_id: int) -> Nomination | None:
    """The record if this account may see it; None (the page answers 404) otherwise."""
    with session(service.engine) as db:
        nomination = db.get(Nomination, nomination_id)
    if nomination is None or not account.sees(nomination.mailbox):
        return None
    return nomination


def _marked_lines(text: str, record: dict) -> list[SourceLine]:
    values = {name: fold(str(record.get(name) or "")) for name in CORRECTABLE_FIELDS if name != "kind"}
    phone_digits = (record.get("phone") or "").replace("+84", "")
    lines = []
    for raw in text.splitlines()[:MAX_BODY_LINES]:
        folded = fold(raw)
        digits = "".join(ch for ch in raw if ch.isdigit())
        hits = [name for name, value in values.items() if len(value) >= 3 and value in folded]
        if phone_digits and len(phone_digits) >= 8 and phone_digits in digits and "phone" not in hits:
            hits.append("phone")
        lines.append(SourceLine(raw, hits))
    return lines


def _source(service: Service, message: Message, attachments: list[Attachment], record: dict) -> Source:
    pictures = [a for a in attachments if a.content_type in SHOWN_PICTURES and a.status != "failed"]
    try:
        mail = parse_mime(service.archive.get(message.sha256))
    except (OSError, ValueError) as exc:
        return Source(message, message.subject or "", message.sender or "", [], attachments, pictures,
                      error=f"Không đọc được thư gốc: {type(exc).__name__}")
    documents = [(a, _marked_lines(a.summary["text"], record)) for a in attachments
                 if isinstance(a.summary, dict) and a.summary.get("text")]
    return Source(message, mail.subject or message.subject or "", mail.from_address or message.sender or "",
                  _marked_lines(mail.body_text or "", record), attachments, pictures, documents=documents)


def load_record_view(service: Service, nomination: Nomination) -> RecordView:
    record = record_dicts(service, ids=[nomination.id])[0]
    with session(service.engine) as db:
        messages = list(db.exec(select(Message).join(NominationMessage, NominationMessage.message_id == Message.id)
                                .where(NominationMessage.nomination_id == nomination.id).order_by(Message.id)).all())
        ids = [m.id for m in messages]
        attachments = list(db.exec(select(Attachment).where(Attachment.message_id.in_(ids or [0]))
                                   .order_by(Attachment.id)).all())
        history = audit_entries(db, nomination.id)
        mails = list(db.exec(select(OutgoingMail).where(OutgoingMail.nomination_id == nomination.id)
                             .order_by(OutgoingMail.id)).all())
    by_message: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        by_message.setdefault(attachment.message_id, []).append(attachment)
    sources = [_source(service, m, by_message.get(m.id, []), record) for m in messages]
    return RecordView(record, nomination, sources, history, mails)


def visible_attachment(service: Service, account: Account, attachment_id: int) -> tuple[Attachment, bytes] | None:
    with session(service.engine) as db:
        attachment = db.get(Attachment, attachment_id)
        message = db.get(Message, attachment.message_id) if attachment is not None else None
    if attachment is None or message is None or not account.sees(message.mailbox):
        return None
    return attachment, service.archive.get(attachment.sha256, kind="files")
