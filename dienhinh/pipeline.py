"""The processing stages a stored message goes through, in order.

``handle_message`` is the runner's handler: archived bytes in, an ``Outcome``
out. Each stage lives in its own package (parsers, extract, notifier); this
module only strings them together and records what they produced.
"""

from __future__ import annotations

from sqlmodel import delete

from dienhinh.runner import Outcome
from dienhinh.service import Service
from parsers.message import ParsedMessage, parse_message
from store.db import session
from store.models import Attachment, Message, MessageStatus


def handle_message(service: Service, message: Message, raw: bytes) -> Outcome:
    parsed = parse_message(raw, service.settings.parsing.limits())
    record_files(service, message, parsed)
    failed = parsed.failed_files
    if failed:
        first = failed[0]
        more = f" (and {len(failed) - 1} more file(s))" if len(failed) > 1 else ""
        return Outcome(MessageStatus.FAILED, f"attachment '{first.path}': {first.reason}{more}")
    return Outcome(MessageStatus.PARSED)


def file_summary(file) -> dict:
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


def record_files(service: Service, message: Message, parsed: ParsedMessage) -> None:
    """Replace the message's attachment rows with what this parse found; archive each file."""
    with session(service.engine) as db:
        db.exec(delete(Attachment).where(Attachment.message_id == message.id))
        parents: dict[str, int] = {}
        for file in parsed.files:
            digest = service.archive.put(file.data, kind="files")
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
        db.commit()
