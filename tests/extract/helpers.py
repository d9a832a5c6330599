"""Builders for Documents and Submissions used by the extraction tests."""

from __future__ import annotations

import hashlib

from extract.model import FileInfo, Submission
from parsers.document import Document, Image, Paragraph, Table


def doc(source: str, text: str = "", tables: list[list[list[str]]] | None = None,
        images: list[Image] | None = None, fmt: str = "docx", key_values=None) -> Document:
    return Document(
        source=source,
        format=fmt,
        paragraphs=[Paragraph(line) for line in text.strip("\n").split("\n")] if text else [],
        tables=[Table(rows=t) for t in (tables or [])],
        images=list(images or []),
        key_values=list(key_values or []),
    )


def image(name: str, kind: str = "photo", w: int = 600, h: int = 800) -> Image:
    return Image(name=name, content_type="image/jpeg", width=w, height=h,
                 sha256=hashlib.sha256(name.encode()).hexdigest(), kind=kind)


def docfile(name: str, text: str = "", **kw) -> FileInfo:
    return FileInfo(name=name, content_type="application/octet-stream", document=doc(name, text, **kw))


def picture(name: str, kind: str = "photo") -> FileInfo:
    return FileInfo(name=name, content_type="image/jpeg", image=image(name, kind))


def blob(name: str) -> FileInfo:
    """A file that was not parsed (pptx, video, scanned PDF without text)."""
    return FileInfo(name=name, content_type="application/octet-stream")


def mail(body: str = "", files: list[FileInfo] | None = None, sender: str = "school@example.edu.vn",
         subject: str = "Hồ sơ điển hình tiên tiến", fmt: str = "text") -> Submission:
    return Submission(sender=sender, sender_name="", subject=subject,
                      body=doc("body", body, fmt=fmt) if body else None, files=list(files or []))
