"""A message's header block and text bodies, read without opening any attachment.

The pipeline's cheap path (``pipeline.triage``) decides most mail that is not
a submission from this alone, in the calling process, with no sandbox round
trip. It reads the message with the same functions ``parse_mime`` uses (header
repair, RFC 2047 decoding, address parsing, charset-checked text bodies, the
same ``MessageBudget`` cuts) on the same stdlib parse that mail-parser drives,
so the ``MailMessage`` it gives is the one the full parse gives, minus
mail-parser's own address and date diagnostics.

Nothing is decoded but the text bodies, in the calling process: their
transfer encoding and charset (at most ``pipeline.triage.MAX_BYTES`` of
them), as ``ingest.headers`` decodes header fields there. A message with any
part that is not a text body (an attachment, an inline picture, a forwarded
message, a multipart without its boundary), or with an HTML body and no plain
one (HTML is turned into text only in the sandbox), is only listed
(``others``) and its bodies are not read: it must take the full path.
"""

from __future__ import annotations

import email
import email.parser
import re
from dataclasses import dataclass, field
from email.message import Message

from config import ParseLimits
from parsers.budget import MessageBudget
from parsers.mime import MailMessage, MalformedMessage, _addresses, _build, _repair_header_block, _return_path
from parsers.mime_words import decode_header_value, param_value

__all__ = ["MailHead", "other_parts", "read_head", "read_headers"]

_FORWARD_TYPES = ("message/rfc822", "message/global")


@dataclass
class MailHead:
    """The mail without its files; ``mail`` is None when it has parts other than text bodies."""

    mail: MailMessage | None
    others: list[str] | None = field(default_factory=list)  # "name (type)" of each part not a text body; None: unknown
    limits_hit: list[str] = field(default_factory=list)  # the budget's cuts, as ``parse_message`` reports them


def read_head(raw: bytes, limits: ParseLimits) -> MailHead:
    """The header block and text bodies of ``raw``; raises ``MalformedMessage`` like ``parse_mime``."""
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise MalformedMessage(f"expected bytes, got {type(raw).__name__}")
    raw = bytes(raw)
    if not raw.strip():
        raise MalformedMessage("empty message")
    fixed, repairs = _repair_header_block(raw)
    msg = email.message_from_bytes(fixed)
    parts = [0]
    others = _others(msg, parts)
    if parts[0] > limits.message_parts:
        others.append(f"more than {limits.message_parts} MIME parts")
    if not others and not _has_plain_body(msg):
        others.append("an HTML body only (turned into text in the sandbox)")
    if others:
        return MailHead(None, others)
    budget = MessageBudget(limits, len(raw))
    mail = _build(None, lambda: msg, 0, limits.forward_depth, budget)
    mail.defects[:0] = repairs
    return MailHead(mail, [], list(budget.hits))


def other_parts(raw: bytes, limits: ParseLimits) -> list[str]:
    """Every part of ``raw`` that is not a text body, without decoding any (header block repaired first)."""
    parts = [0]
    found = _others(email.message_from_bytes(_repair_header_block(bytes(raw))[0]), parts)
    if parts[0] > limits.message_parts:
        found.append(f"more than {limits.message_parts} MIME parts")
    return found


def _has_plain_body(part: Message) -> bool:
    """A text/plain body somewhere (called once ``_others`` found only text bodies)."""
    if part.get_content_maintype() == "multipart":
        payload = part.get_payload()
        return isinstance(payload, list) and any(_has_plain_body(sub) for sub in payload)
    return part.get_content_type() == "text/plain"


def _others(part: Message, parts: list[int]) -> list[str]:
    parts[0] += 1
    ctype = part.get_content_type()
    payload = part.get_payload()
    if ctype in _FORWARD_TYPES:
        return [f"forwarded message ({ctype})"]
    if part.get_content_maintype() == "multipart":
        if not isinstance(payload, list):
            return [f"{ctype} without its parts"]
        return [name for sub in payload for name in _others(sub, parts)]
    filename = param_value(part, "filename", "content-disposition") or param_value(part, "name", "content-type")
    if isinstance(payload, list):  # message/delivery-status and the like: header blocks
        return [f"{filename or 'unnamed'} ({ctype})"]
    is_body = ctype in ("text/plain", "text/html") and not filename and part.get_content_disposition() != "attachment"
    return [] if is_body else [f"{filename or 'unnamed'} ({ctype})"]


# What ``automatic_reason`` reads, beside the sender's address and the subject.
AUTOMATIC_FIELDS = frozenset({
    "auto-submitted", "x-autoreply", "x-autorespond", "x-auto-response", "content-type", "return-path",
    "precedence", "list-id", "list-unsubscribe", "list-post", "subject",
})
_CORE_HEADERS = frozenset({"from", "to", "subject", "date", "message-id", "received", "mime-version",
                           "delivered-to", "return-path", "sender"})
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


def read_headers(raw: bytes, limits: ParseLimits) -> MailHead:
    """The header fields ``automatic_reason`` reads, decoded as ``parse_mime`` decodes them; no body read.

    ``others`` is ``[]`` when the whole message is one text body (no part can
    be anything else), else None: only ``read_head`` can tell. Raises
    ``MalformedMessage`` where ``parse_mime`` would for the header block.
    """
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise MalformedMessage(f"expected bytes, got {type(raw).__name__}")
    raw = bytes(raw)
    if not raw.strip():
        raise MalformedMessage("empty message")
    end = _BLANK_LINE.search(raw)
    head, _ = _repair_header_block(raw[: end.start()] if end else raw)
    msg = email.parser.BytesHeaderParser().parsebytes(head)
    raw_items = list(msg.raw_items())
    names = {name.lower() for name, _ in raw_items}
    if not names:
        raise MalformedMessage("not an e-mail message: no header fields found")
    if not names & _CORE_HEADERS:
        raise MalformedMessage("not an e-mail message: no From, To, Subject, Date or Message-ID header")
    budget = MessageBudget(limits, len(raw))
    raw_cap = 4 * limits.header_chars
    headers: dict[str, str] = {}
    for name, value in raw_items:
        key = name.lower()
        if key in AUTOMATIC_FIELDS and key not in headers:
            headers[key] = budget.header(name, decode_header_value(str(value)[:raw_cap]))
    raw_values = lambda n: [str(v)[:raw_cap] for k, v in raw_items if k.lower() == n]  # noqa: E731
    senders = _addresses(raw_values("from")) or _addresses(raw_values("sender"))
    from_name, from_address = senders[0] if senders else ("", "")
    mail = MailMessage(
        message_id=None, in_reply_to=None, references=[], subject=headers.get("subject", ""), from_name=from_name,
        from_address=from_address, to=[], cc=[], delivered_to=[], reply_to=None,
        return_path=_return_path(headers.get("return-path")), date=None, headers=headers, text_body="",
        html_body="", body_text="",
    )
    return MailHead(mail, [] if _one_text_body(msg) else None, list(budget.hits))


def _one_text_body(msg: Message) -> bool:
    """The root part is a text body: the message can hold nothing else."""
    if msg.get_content_maintype() == "multipart" or msg.get_content_type() not in ("text/plain", "text/html"):
        return False
    filename = param_value(msg, "filename", "content-disposition") or param_value(msg, "name", "content-type")
    return not filename and msg.get_content_disposition() != "attachment"
