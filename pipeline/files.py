"""The attachment rows of a message: what each file was, archived before its row commits."""

from __future__ import annotations

from sqlmodel import delete

from parsers import ParsedFile, ParsedMessage
from store import Attachment, Message, Service


def file_summary(file: ParsedFile) -> dict:
    doc = file.document
    summary: dict = {"duration_ms": file.duration_ms}
    if file.forwarded:
        summary["forwarded"] = True
    if file.traceback:
        summary["traceback"] = file.traceback
    if doc is not None:
        summary.update(
            format=doc.format,
            paragraphs=len(doc.paragraphs),
            tables=len(doc.tables),
            images=[{"name": i.name, "kind": i.kind, "size": f"{i.width}x{i.height}"} for i in doc.images],
            pages=doc.pages,
            ocr_pages=doc.ocr_pages,
            legacy_encoding=doc.legacy_encoding,
            notes=doc.notes,
        )
    return summary


def record_files(service: Service, db, message: Message, parsed: ParsedMessage) -> None:
    """Replace the message's attachment rows with what this parse found; archive each file."""
    db.exec(delete(Attachment).where(Attachment.message_id == message.id))
    parents: dict[str, int] = {}
    batch = service.archive.batch()
    for file in parsed.files:
        digest = batch.put(file.data, kind="files")
        row = Attachment(
            message_id=message.id,
            parent_id=parents.get(file.parent) if file.parent else None,
            filename=file.path,
            content_type=file.content_type[:255],
            size=file.size,
            sha256=digest,
            inline=file.inline,
            from_forward=file.forwarded,
            status=file.status,
            reason=file.reason,
            summary=file_summary(file),
        )
        db.add(row)
        db.flush()
        if file.parent is None:
            parents[file.path] = row.id
    batch.sync()  # the files are durable before the rows that point to them commit
