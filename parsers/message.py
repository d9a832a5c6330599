"""A whole message parsed: its mail structure, its bodies and every file in it.

``parse_message`` is the parsing stage's one entry point. It raises only for a
message that is unusable as a whole (``MalformedMessage``); a file that cannot
be read is recorded as ``failed`` with its reason and traceback, and the rest
of the message still parses. Each file is parsed in a child process under
memory, CPU and time limits (``parsers.sandbox``), so a file that hangs or
crashes its parser fails alone.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field

from config import ParseLimits
from parsers.archive import iter_archive
from parsers.attachments import detect
from parsers.document import Document, Paragraph, ParseError
from parsers.mime import MailMessage, MailPart, parse_mime
from parsers.sandbox import run_parser

log = logging.getLogger(__name__)

BODY_SOURCE = "(nội dung thư)"


@dataclass
class ParsedFile:
    """One attachment, inline part or archive member, after parsing."""

    name: str  # base name as sent
    path: str  # "Ho so.zip/Minh chung/Giay khen.jpg" for archive members, else the name
    content_type: str
    data: bytes
    inline: bool = False
    forwarded: bool = False  # came inside a forwarded message/rfc822
    parent: str | None = None  # the archive's path, for members
    status: str = "parsed"  # parsed | skipped | failed
    reason: str | None = None
    traceback: str | None = None
    document: Document | None = None
    duration_ms: int = 0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class ParsedMessage:
    mail: MailMessage
    bodies: list[Document] = field(default_factory=list)  # the top body first, then forwarded ones
    files: list[ParsedFile] = field(default_factory=list)

    @property
    def original_sender(self) -> tuple[str, str]:
        """Who wrote the submission: the innermost forwarded message's sender, else From."""
        mail = self.mail
        while mail.forwarded:
            mail = mail.forwarded[0]
        return mail.from_address, mail.from_name

    @property
    def failed_files(self) -> list[ParsedFile]:
        return [f for f in self.files if f.status == "failed"]


def body_document(mail: MailMessage) -> Document:
    """The readable body as a Document, one paragraph per non-empty line."""
    text = mail.body_text or ""
    fmt = "text" if mail.text_body else ("html" if mail.html_body else "text")
    return Document(source=BODY_SOURCE, format=fmt, paragraphs=[Paragraph(line) for line in text.splitlines() if line.strip()])


def parse_message(raw: bytes, limits: ParseLimits | None = None) -> ParsedMessage:
    limits = limits or ParseLimits()
    mail = parse_mime(raw)
    parsed = ParsedMessage(mail=mail)
    _collect(parsed, mail, limits, forwarded=False)
    return parsed


def _collect(parsed: ParsedMessage, mail: MailMessage, limits: ParseLimits, forwarded: bool) -> None:
    parsed.bodies.append(body_document(mail))
    for part in mail.attachments:
        parsed.files.extend(parse_part(part, limits, forwarded))
    for inner in mail.forwarded:
        _collect(parsed, inner, limits, forwarded=True)


def parse_part(part: MailPart, limits: ParseLimits, forwarded: bool = False) -> list[ParsedFile]:
    """One MIME part into one file, or into its members when it is an archive."""
    detected = detect(part.filename, part.content_type, part.data)
    top = ParsedFile(part.filename, part.filename, detected.content_type, part.data, part.inline, forwarded)
    if detected.format != "archive":
        _parse_into(top, detected, limits)
        return [top]
    files = [top]
    top.status = "parsed"
    try:
        for member in iter_archive(part.data, part.filename, limits):
            base = member.path.rsplit("/", 1)[-1]
            member_detected = detect(base, "application/octet-stream", member.data)
            child = ParsedFile(
                base, f"{part.filename}/{member.path}", member_detected.content_type, member.data,
                forwarded=forwarded, parent=part.filename,
            )
            if member_detected.format == "archive":
                child.status = "skipped"  # iter_archive already expanded it, or reports why not
            else:
                _parse_into(child, member_detected, limits)
            files.append(child)
    except ParseError as exc:
        top.status, top.reason = "failed", str(exc)
    return files


def _parse_into(file: ParsedFile, detected, limits: ParseLimits) -> None:
    """Parse one file in the parser sandbox (a child process under memory, CPU and time limits)."""
    started = time.monotonic()
    result = run_parser(file.name, detected, file.data, limits)
    file.status, file.reason, file.traceback, file.document = result.status, result.reason, result.traceback, result.document
    if file.traceback:
        log.warning("parser error file=%s: %s", file.path, file.reason)
    file.duration_ms = int((time.monotonic() - started) * 1000)
