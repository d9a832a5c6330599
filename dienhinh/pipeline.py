"""The processing stages a stored message goes through, in order.

``handle_message`` is the runner's handler: archived bytes in, an ``Outcome``
out. Each stage lives in its own package (parsers → extract → store →
notifier); this module strings them together, and everything a message
produces (attachment rows, records, the reply in the outbox) commits in one
transaction with its new status.
"""

from __future__ import annotations

from sqlmodel import delete

from dienhinh.recording import forget_message, record_drafts
from dienhinh.requirements import Requirements
from dienhinh.runner import Outcome
from dienhinh.service import Service
from extract import extract_drafts
from extract.classify import automatic_reason
from extract.model import Draft
from extract.submission import build_submission
from extract.supplement import extract_supplement
from notifier.respond import queue_reply
from parsers.message import BODY_SOURCE, ParsedFile, ParsedMessage, parse_message
from store.db import session
from store.models import Attachment, Message, MessageStatus, Nomination

PICTURE_FORMATS = ("image",)


def handle_message(service: Service, message: Message, raw: bytes) -> Outcome:
    parsed = parse_message(raw, service.settings.parsing.limits())
    mailboxes = {m.name: m for m in service.settings.mailboxes}
    requirements = Requirements(service.settings)
    with session(service.engine) as db:
        row = db.get(Message, message.id)
        forget_message(db, row, requirements)  # a reparse replaces what the last run produced
        record_files(service, db, row, parsed)
        automatic = automatic_reason(parsed.mail)
        if automatic:
            db.commit()
            return Outcome(MessageStatus.IGNORED, automatic)
        mail = parsed.mail
        submission = build_submission(parsed)
        drafts = extract_drafts(submission)
        thread_ids = [i for i in ([mail.in_reply_to] + list(mail.references)) if i]
        supplement = extract_supplement(submission) if not drafts and thread_ids else None
        failure = _failure(parsed, drafts or ([supplement] if supplement else []))
        if failure:
            db.commit()
            return Outcome(MessageStatus.FAILED, failure)
        if not drafts and supplement is None:
            db.commit()
            return Outcome(MessageStatus.IGNORED, "not a submission: nothing to extract")
        recorded = record_drafts(db, row, drafts, thread_ids, supplement, requirements)
        row.duplicate_of = recorded.duplicate_of
        db.add(row)
        reason = recorded.reason or _partial_reason(parsed)
        if recorded.changed:
            records = [_reply_record(db.get(Nomination, i)) for i in recorded.changed]
            mailbox = mailboxes.get(row.mailbox)
            if mailbox is not None:
                queue_reply(db, mail=mail, message=row, records=records, settings=service.settings, mailbox=mailbox,
                            nomination_id=recorded.changed[0])
        db.commit()
        return Outcome(recorded.status, reason)


def _is_document(file: ParsedFile) -> bool:
    return not (file.content_type.startswith("image/") or (file.document and file.document.format in PICTURE_FORMATS))


def _failure(parsed: ParsedMessage, drafts: list[Draft]) -> str | None:
    """Why the message must be looked at by a person, if it must.

    A document that could not be read (a damaged or password-protected
    profile) fails the message unless other documents gave the records; a
    mail whose documents hold no nominee data at all (a cover letter alone)
    fails too, since the school clearly meant to submit something.
    """
    failed_docs = [f for f in parsed.failed_files if _is_document(f)]
    readable_docs = {f.name for f in parsed.files if f.status == "parsed" and f.document is not None and _is_document(f)}
    from_documents = any(set(d.sources) & readable_docs for d in drafts)
    if failed_docs and not from_documents:
        first = failed_docs[0]
        return f"attachment '{first.path}' could not be read: {first.reason}"
    if not drafts and parsed.failed_files:
        first = parsed.failed_files[0]
        return f"attachment '{first.path}' could not be read: {first.reason}"
    if not drafts and readable_docs:
        names = ", ".join(sorted(readable_docs))
        return f"no nominee information found in the attached document(s): {names}"
    return None


def _partial_reason(parsed: ParsedMessage) -> str | None:
    failed = parsed.failed_files
    if not failed:
        return None
    return f"{len(failed)} attachment(s) could not be read, e.g. '{failed[0].path}': {failed[0].reason}"


def _reply_record(nomination: Nomination) -> dict:
    return {
        "id": nomination.id, "form": nomination.form, "kind": nomination.kind, "unit": nomination.unit,
        "name": nomination.name, "model_title": nomination.model_title, "field": nomination.field,
        "missing": list(nomination.missing or []), "status": nomination.status,
    }


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


__all__ = ["BODY_SOURCE", "handle_message"]
