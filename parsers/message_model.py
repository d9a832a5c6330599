"""What parsing a message gives: its mail structure, its bodies as Documents and its files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from parsers.attachments import Detected
from parsers.document import Document, Paragraph
from parsers.mime import MailMessage

BODY_SOURCE = "(nội dung thư)"


@dataclass
class ParsedFile:
    """One attachment, inline part or archive member, after parsing.

    ``stored`` is False for a file whose bytes were not kept (an archive
    member over the attachment limit, or past the message's storage
    budget): ``data`` is then empty, ``size`` and ``reason`` say what it was.
    """

    name: str  # base name as sent
    path: str  # "Ho so.zip/Minh chung/Giay khen.jpg" for archive members, else the name
    content_type: str
    data: bytes
    inline: bool = False
    forwarded: bool = False  # came inside a forwarded message/rfc822
    parent: str | None = None  # the archive's path, for members
    status: str = "parsed"  # parsed | skipped | failed (pending: not parsed yet)
    reason: str | None = None
    traceback: str | None = None
    document: Document | None = None
    duration_ms: int = 0
    size: int = -1
    sha256: str | None = None
    stored: bool = True
    detected: Detected | None = None

    def __post_init__(self) -> None:
        if self.size < 0:
            self.size = len(self.data)
        if self.sha256 is None:
            self.sha256 = hashlib.sha256(self.data).hexdigest()


@dataclass
class ParsedMessage:
    mail: MailMessage
    bodies: list[Document] = field(default_factory=list)  # the top body first, then forwarded ones
    files: list[ParsedFile] = field(default_factory=list)
    limits_hit: list[str] = field(default_factory=list)  # per-message limits hit, each one line naming it

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
