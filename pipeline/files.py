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
    if not file.stored:
        summary["stored"] = False
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
            text=document_text(doc),
        )
    return summary


DOCUMENT_TEXT_CHARS = 20_000  # what a reviewer reads beside the record; the file itself stays downloadable


def document_text(doc) -> str:
    """The text a document gave (paragraphs, then table rows as "cell | cell"), for the workbench."""
    lines = [p.text for p in doc.paragraphs]
    lines += [" | ".join(cell or "" for cell in row) for table in doc.tables for row in table.rows]
    text = "\n".join(line for line in lines if line and line.strip())
    return text if len(text) <= DOCUMENT_TEXT_CHARS else text[:DOCUMENT_TEXT_CHARS - 1] + "…"


def store_files(service: Service, parsed: ParsedMessage) -> list[str]:
    """Archive the files whose bytes were kept, before any transaction opens; their digests, in order.

    A file listed without its bytes (``stored`` False: over the attachment
    limit or the message's storage budget) keeps the digest it had, if any.
    """
    batch = service.archive.batch()
    digests = [batch.put(f.data, kind="files") if f.stored else (f.sha256 or "") for f in parsed.files]
    batch.sync()  # the files are durable before the rows that point to them commit
    return digests


def record_files(db, message: Message, parsed: ParsedMessage, digests: list[str]) -> None:
    """Replace the message's attachment rows with what this parse found (archived by ``store_files``)."""
    db.exec(delete(Attachment).where(Attachment.message_id == message.id))
    parents: dict[str, int] = {}
    for file, digest in zip(parsed.files, digests):
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
