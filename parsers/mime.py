"""Raw RFC 5322 / MIME (RFC 2045-2049) messages into a :class:`MailMessage`.

The parse itself is mail-parser's (``mailparser.MailParser.from_bytes``,
which drives the stdlib ``email`` feed parser); mail-parser also supplies the
address parsing (RFC 5322 section 3.4, ``mailparser.utils.get_addresses``)
and the ``Date`` header (RFC 5322 section 3.3).  The stdlib ``email`` tree
(``MailParser.message``) is walked directly where mail-parser falls short:

* mail-parser flattens ``message/rfc822`` parts into the outer message;
  here they become :attr:`MailMessage.forwarded` with their own attachments;
* it decodes text with the declared charset only; here text goes through
  :func:`parsers.text_repair.decode_bytes`, which verifies the charset;
* RFC 2047 encoded-words (headers, Outlook's ``name="=?utf-8?B?...?="``) and
  RFC 2231 parameters are decoded here, through ``decode_bytes``, so a bad or
  unknown charset is repaired instead of dropping bytes or raising;
* it does not report unusable structure: a multipart whose boundary never
  appears (RFC 2046 section 5.1.1) and a cut-off base64 attachment raise
  :class:`MalformedMessage`; minor defects are listed in ``defects``.

Length: over 300 lines on purpose: the tree walker and the message builder
call each other recursively (a forwarded message is walked like the outer
one), and splitting them would only hide that recursion across two files.
"""

from __future__ import annotations

import binascii
import email.utils
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import errors
from email.message import Message

import mailparser
from mailparser.utils import get_addresses

from config import ParseLimits
from parsers.budget import MessageBudget, MessageLimit
from parsers.document import ParseError
from parsers.html_text import html_to_text
from parsers.mime_words import decode_header_value, decode_text, param_value
from parsers.normalise import clean_text

__all__ = ["MailMessage", "MailPart", "MalformedMessage", "parse_mime"]


class MalformedMessage(ParseError):
    """The bytes are not a usable message; ``str(exc)`` is a one-line reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(" ".join(str(reason).split()))


class _Truncated(MalformedMessage):
    """A truncated attachment: always fatal, also inside a forwarded message."""


@dataclass
class MailPart:
    """One attachment or inline part (RFC 2183 disposition, RFC 2392 Content-ID)."""

    filename: str  # RFC 2231 / RFC 2047 decoded, NFC; "part-3.jpg" if none was given
    content_type: str  # lower-case, e.g. "application/pdf"
    data: bytes  # decoded payload
    inline: bool  # disposition inline, or a Content-ID referenced from the HTML
    content_id: str | None  # without the angle brackets, as referenced by "cid:"


@dataclass
class MailMessage:
    """One message, or one forwarded message inside it."""

    message_id: str | None
    in_reply_to: str | None
    references: list[str]
    subject: str
    from_name: str
    from_address: str
    to: list[str]
    cc: list[str]
    delivered_to: list[str]
    reply_to: str | None
    return_path: str | None  # "" for the null sender "<>" (RFC 5321 section 4.5.5)
    date: datetime | None
    headers: dict[str, str]
    text_body: str
    html_body: str
    body_text: str
    attachments: list[MailPart] = field(default_factory=list)
    forwarded: list["MailMessage"] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    header_items: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def get_all(self, name: str) -> list[str]:
        """Every decoded value of header ``name`` (case-insensitive), in order."""
        key = name.lower()
        return [value for hname, value in self.header_items if hname == key]


_CORE_HEADERS = ("from", "to", "subject", "date", "message-id", "received",
                 "mime-version", "delivered-to", "return-path", "sender")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_OBS_COLON = re.compile(rb"^([!-9;-~]+)[ \t]+:")  # RFC 5322 section 4.5.3 obs-optional
_KNOWN_FIELD = re.compile(
    rb"^(x-[!-9;-~]*|content-[a-z-]+|subject|from|to|cc|bcc|date|message-id|mime-version|reply-to|sender"
    rb"|received|return-path|delivered-to|in-reply-to|references|thread-[a-z]+|list-[a-z]+|dkim-signature"
    rb"|authentication-results|arc-[a-z-]+|importance|priority|precedence|auto-submitted|user-agent):", re.I)
_MSG_ID = re.compile(r"<[^<>\s]+>")
_EXT = {"image/jpeg": ".jpg", "text/plain": ".txt", "message/delivery-status": ".txt",
        "text/rfc822-headers": ".txt", "message/rfc822": ".eml", "application/octet-stream": ".bin"}
_B64_DEFECTS = (errors.InvalidBase64PaddingDefect, errors.InvalidBase64LengthDefect)




def parse_mime(raw: bytes, max_depth: int | None = None, budget: MessageBudget | None = None) -> MailMessage:
    """Parse one raw message; ``message/rfc822`` parts nest up to ``max_depth``
    (default: the budget's ``forward_depth``).

    Raises :class:`MalformedMessage` when the bytes are empty or not a
    message, when a multipart's boundary never appears, or when a base64
    attachment is truncated; ``MessageLimit`` past the budget's part count.
    Header values and text bodies are read up to the budget's sizes; each
    cut, and a forward nested too deep, is named in ``budget.hits``.
    """
    budget = budget or MessageBudget(ParseLimits(), len(raw) if isinstance(raw, (bytes, bytearray)) else 0)
    max_depth = budget.limits.forward_depth if max_depth is None else max_depth
    try:
        return _parse_bytes(raw, 0, max_depth, budget)
    except (MalformedMessage, MessageLimit):
        raise
    except RecursionError as exc:
        raise MalformedMessage("MIME structure nested too deeply to parse") from exc
    except Exception as exc:  # the contract: callers see only MalformedMessage
        raise MalformedMessage(f"unparseable message ({type(exc).__name__}: {exc})") from exc


def _parse_bytes(raw: bytes, depth: int, max_depth: int, budget: MessageBudget) -> MailMessage:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise MalformedMessage(f"expected bytes, got {type(raw).__name__}")
    raw = bytes(raw)
    if not raw.strip():
        raise MalformedMessage("empty message")
    raw, repairs = _repair_header_block(raw)
    result = _build(lambda: mailparser.MailParser.from_bytes(raw), lambda: email.message_from_bytes(raw),
                    depth, max_depth, budget)
    result.defects[:0] = repairs
    return result


def _load(with_mailparser, with_stdlib) -> tuple[Message, mailparser.MailParser | None, list[str]]:
    """mail-parser's parse; the bare stdlib one if mail-parser itself fails.

    mail-parser 4.8 raises on some broken input (e.g. an encoded-word with
    bad base64 in ``From``), which must not make the whole message unusable.
    Without ``with_mailparser`` (``parsers.mail_head``) the stdlib parse is used alone.
    """
    if with_mailparser is None:
        return with_stdlib(), None, []
    try:
        parsed = with_mailparser()
        return parsed.message, parsed, []
    except mailparser.exceptions.MailParserRecursionError as exc:
        raise MalformedMessage("MIME structure nested too deeply to parse") from exc
    except Exception as exc:
        return with_stdlib(), None, [f"mail-parser failed ({type(exc).__name__}: {exc}); stdlib email used"]


def _repair_header_block(raw: bytes) -> tuple[bytes, list[str]]:
    """Drop a stray line inside the header block (RFC 5322 section 2.2).

    The stdlib ends the header block at the first line that is neither a
    field nor a continuation, losing every field after it (often
    Content-Type).  Only one or two such lines, each directly followed by a
    well-known field, are dropped (listed as defects); anything else is more
    likely a missing blank line before the body and is left to the stdlib.
    """
    end = re.search(rb"\r?\n\r?\n", raw)
    head, rest = (raw[: end.start()], raw[end.start():]) if end else (raw, b"")
    lines = head.split(b"\n")
    if not (_HEADER_LINE.match(lines[0]) or lines[0].startswith(b"From ")):
        return raw, []
    defects: list[str] = []
    for i, line in enumerate(lines):
        obs = _OBS_COLON.match(line)
        if obs:
            lines[i] = obs.group(1) + b":" + line[obs.end():]
            defects.append(f"whitespace before colon in header {obs.group(1).decode('ascii')!r}")
    bad = [i for i, line in enumerate(lines) if i and not (_HEADER_LINE.match(line) or line[:1] in b" \t")]
    if not bad or len(bad) > 2 or any(i + 1 >= len(lines) or not _KNOWN_FIELD.match(lines[i + 1]) for i in bad):
        return b"\n".join(lines) + rest, defects
    for i in bad:
        defects.append(f"bad header line dropped: {lines[i].decode('utf-8', 'replace').strip()[:60]!r}")
    return b"\n".join(x for i, x in enumerate(lines) if i not in bad) + rest, defects


def _build(with_mailparser, with_stdlib, depth: int, max_depth: int, budget: MessageBudget) -> MailMessage:
    msg, parsed, load_defects = _load(with_mailparser, with_stdlib)
    raw_cap = 4 * budget.limits.header_chars  # encoded words: a few bytes a character
    items = [(name.lower(), budget.header(name, decode_header_value(str(value)[:raw_cap])))
             for name, value in msg.raw_items()]
    names = {name for name, _ in items}
    if not items:
        raise MalformedMessage("not an e-mail message: no header fields found")
    if not names.intersection(_CORE_HEADERS):
        raise MalformedMessage("not an e-mail message: no From, To, Subject, Date or Message-ID header")
    raw_values = lambda n: [str(v)[:raw_cap] for k, v in msg.raw_items() if k.lower() == n]  # noqa: E731
    headers: dict[str, str] = {}
    for name, value in items:
        headers.setdefault(name, value)
    walker = _Walker(depth, max_depth, budget)
    walker.walk(msg, root=True)
    walker.finish()
    senders = _addresses(raw_values("from")) or _addresses(raw_values("sender"))
    from_name, from_address = senders[0] if senders else ("", "")
    reply_to = _addresses(raw_values("reply-to"))
    text_body = "\n\n".join(t for t in walker.plains if t.strip())
    html_body = "\n".join(walker.htmls)
    defects = load_defects + walker.defects
    if "mime-version" not in names and "content-type" in names:
        defects.insert(0, "missing MIME-Version header (RFC 2045 section 4)")
    if parsed is not None:
        for diag in list(parsed.address_header_defects) + list(parsed.date_header_defects):
            defects.append(f"{diag.get('header', 'header')} header: {diag.get('reason', 'invalid')}")
    return MailMessage(
        message_id=_first_id(headers.get("message-id")),
        in_reply_to=_first_id(headers.get("in-reply-to")),
        references=[r for v in raw_values("references") for r in _MSG_ID.findall(v)],
        subject=headers.get("subject", ""),
        from_name=from_name,
        from_address=from_address,
        to=[a for _, a in _addresses(raw_values("to"))],
        cc=[a for _, a in _addresses(raw_values("cc"))],
        delivered_to=list(dict.fromkeys(a for _, a in _addresses(raw_values("delivered-to")))),
        reply_to=reply_to[0][1] if reply_to else None,
        return_path=_return_path(headers.get("return-path")),
        date=_date(parsed, headers.get("date")),
        headers=headers,
        text_body=text_body,
        html_body=html_body,
        body_text=text_body if text_body.strip() else html_to_text(html_body),
        attachments=walker.attachments,
        forwarded=walker.forwarded,
        defects=list(dict.fromkeys(" ".join(d.split()) for d in defects)),
        header_items=items,
    )


def _first_id(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    found = _MSG_ID.search(value)
    return found.group(0) if found else value.strip()


def _return_path(value: str | None) -> str | None:
    if value is None:
        return None
    found = re.search(r"<([^<>]*)>", value)
    return (found.group(1) if found else value).strip().lower()


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(decoded display name, lower-case address) pairs, RFC 5322 section 3.4."""
    result = []
    for value in values:
        value = re.sub(r"\r?\n(?=[ \t])", "", value)
        try:
            pairs = get_addresses(value, decode_names=False)
        except Exception:  # mail-parser is strict on hostile input; fall back
            pairs = email.utils.getaddresses([value])
        for name, addr in pairs:
            addr = addr.encode("utf-8", "surrogateescape").decode("utf-8", "replace").strip().lower()
            if addr:
                result.append((decode_header_value(name).strip('"\' '), addr))
    return result


def _date(parsed: mailparser.MailParser | None, raw: str | None) -> datetime | None:
    """Timezone-aware Date, in the sender's own offset (RFC 5322 section 3.3)."""
    when = parsed.date if parsed is not None else None
    if when is not None:
        try:
            offset = timezone(timedelta(hours=float(parsed.timezone or 0)))
        except (TypeError, ValueError):
            offset = timezone.utc
        when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        return when.astimezone(offset)
    try:
        when = email.utils.parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError):
        return None
    return when.replace(tzinfo=timezone.utc) if when and when.tzinfo is None else when


def _unflow(text: str, delsp: bool) -> str:
    """Join format=flowed soft line breaks (RFC 3676 section 4.2); "-- " stays."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if out and out[-1].endswith(" ") and out[-1] != "-- ":
            out[-1] = (out[-1][:-1] if delsp else out[-1]) + line
        else:
            out.append(line)
    return "\n".join(out)


def _flatten(msg: Message, exact: bool = False) -> bytes:
    """A parsed message back to bytes (never raises).

    ``exact`` writes the header fields as received (no re-folding); it is
    used for the header-only blocks of ``message/delivery-status``.
    """
    if not exact:
        try:
            return msg.as_bytes()
        except Exception:  # the stdlib generator refuses some broken headers
            pass
    head = "".join(f"{name}: {value}\n" for name, value in msg.raw_items())
    body = msg.get_payload()
    body = "" if isinstance(body, list) or not body else "\n" + str(body)
    return (head + body).encode("utf-8", "surrogateescape")


class _Walker:
    """Walks one message's MIME tree (not into ``message/rfc822``) with the stdlib."""

    def __init__(self, depth: int, max_depth: int, budget: MessageBudget) -> None:
        self.depth, self.max_depth, self.budget = depth, max_depth, budget
        self.plains: list[str] = []
        self.htmls: list[str] = []
        self.attachments: list[MailPart] = []
        self.forwarded: list[MailMessage] = []
        self.defects: list[str] = []
        self.count = 0
        self.base64_names: dict[int, str] = {}  # id(part) -> name, for truncation checks
        self.unclosed: list[Message] = []

    def walk(self, part: Message, root: bool = False) -> None:
        self.budget.count_part()
        ctype = part.get_content_type()
        payload = part.get_payload()
        if ctype in ("message/rfc822", "message/global") and isinstance(payload, list) and payload:
            self.count += 1
            self._note(part)
            inner = payload[0]
            cte = str(part.get("content-transfer-encoding", "")).strip().lower()
            if cte in ("base64", "quoted-printable") and not inner.keys():  # forbidden by RFC 2046
                text = str(inner.get_payload()).encode("ascii", "ignore")  # section 5.2.1, yet sent
                data = binascii.a2b_base64(text) if cte == "base64" else binascii.a2b_qp(text)
                build = lambda: _parse_bytes(data, self.depth + 1, self.max_depth, self.budget)  # noqa: E731
            else:
                data = _flatten(inner)
                build = lambda: _build(lambda: mailparser.MailParser(inner), lambda: inner,  # noqa: E731
                                       self.depth + 1, self.max_depth, self.budget)
            if not self.forward(build):
                self.attachments.append(MailPart(f"part-{self.count}.eml", ctype, data, False, None))
        elif part.get_content_maintype() == "multipart":
            self._note(part)
            if not isinstance(payload, list):
                boundary = part.get_boundary()
                reason = (f"{ctype} boundary {boundary!r} never appears in the body: no parts found"
                          if boundary else f"{ctype} has no boundary parameter: no parts found")
                if root:
                    raise MalformedMessage(reason)
                self.defects.append(reason)
                return
            if any(isinstance(d, errors.CloseBoundaryNotFoundDefect) for d in part.defects):
                self.unclosed.append(part)
            for sub in payload:
                self.walk(sub)
        else:
            self.count += 1
            self.leaf(part, ctype)

    def leaf(self, part: Message, ctype: str) -> None:
        filename = param_value(part, "filename", "content-disposition") or param_value(part, "name", "content-type")
        disposition = part.get_content_disposition()
        payload = part.get_payload()
        if isinstance(payload, list):  # message/delivery-status etc.: header blocks
            data = b"\n".join(_flatten(b, exact=True) for b in payload if isinstance(b, Message))
        else:
            data = part.get_payload(decode=True) or b""
        is_body = ctype in ("text/plain", "text/html") and not filename and disposition != "attachment"
        base64 = str(part.get("content-transfer-encoding", "")).strip().lower() == "base64"
        if is_body:
            self._note(part)
            self.body(part, ctype, self.budget.body(data, "text body" if ctype == "text/plain" else "HTML body"))
            return
        name = filename or f"part-{self.count}{_EXT.get(ctype) or mimetypes.guess_extension(ctype) or '.bin'}"
        if base64 and any(isinstance(d, _B64_DEFECTS) for d in part.defects):
            raise _Truncated(f"attachment '{name}' is truncated (incomplete base64 data)")
        self._note(part)
        if base64:
            self.base64_names[id(part)] = name
        if name.lower().endswith(".eml") or ctype in ("message/rfc822", "message/global"):
            # an attached file: a message cut off inside it does not make this one truncated
            if self.forward(lambda: _parse_bytes(data, self.depth + 1, self.max_depth, self.budget), attached=True):
                return
        cid = str(part.get("content-id", "")).strip().strip("<>").strip() or None
        self.attachments.append(MailPart(name, ctype, data, disposition == "inline", cid))

    def body(self, part: Message, ctype: str, data: bytes) -> None:
        charset = part.get_content_charset()
        if ctype == "text/html" and not charset:
            meta = re.search(rb"""<meta[^>]+charset=["']?([\w.:-]+)""", data[:4096], re.I)
            charset = meta.group(1).decode("ascii").lower() if meta else None
        text, note = decode_text(data, charset)
        if note:
            self.defects.append(f"{ctype} part {self.count}: {note}")
        if ctype == "text/html":
            self.htmls.append(text)
            return
        if str(part.get_param("format", "")).lower() == "flowed":
            text = _unflow(text, str(part.get_param("delsp", "")).lower() == "yes")
        self.plains.append(clean_text(text))

    def forward(self, build, attached: bool = False) -> bool:
        """Parse a forwarded message into ``forwarded``; False (kept as an
        attachment by the caller) when too deep or not usable.  Truncation of
        an inline ``message/rfc822`` part is truncation of this message."""
        if self.depth + 1 > self.max_depth:
            self.defects.append(f"forwarded message part {self.count} deeper than max_depth={self.max_depth}")
            self.budget.hit(f"forwarded mail nested deeper than {self.max_depth} levels: the innermost mail was not read")
            return False
        try:
            self.forwarded.append(build())
        except _Truncated:
            if not attached:
                raise
            self.defects.append(f"attached message part {self.count} is truncated")
            return False
        except MalformedMessage as exc:
            self.defects.append(f"forwarded message part {self.count} not parsed: {exc}")
            return False
        return True

    def finish(self) -> None:
        """Check unclosed multiparts (RFC 2046 section 5.1.1) and inline references."""
        for container in self.unclosed:
            last = container
            while isinstance(last.get_payload(), list) and last.get_payload():
                last = last.get_payload()[-1]
            if id(last) in self.base64_names:
                raise _Truncated(f"attachment '{self.base64_names[id(last)]}' is truncated "
                                 "(closing MIME boundary missing)")
        html = "\n".join(self.htmls).lower()
        for att in self.attachments:
            if att.content_id and f"cid:{att.content_id.lower()}" in html:
                att.inline = True

    def _note(self, part: Message) -> None:
        for defect in part.defects:
            detail = str(defect) or (type(defect).__doc__ or "").strip().splitlines()[0]
            self.defects.append(f"{part.get_content_type()}: {type(defect).__name__}: {detail}".strip(": "))
