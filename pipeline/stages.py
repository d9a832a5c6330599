"""The processing stages a stored message goes through, in order.

``handle_message`` is the runner's handler: archived bytes in, an
``Outcome`` out. In order:

1. ``parsers.parse_message``: MIME, attachments, text (in the sandbox);
2. ``parsers.automatic_reason``: auto-replies, bounces, bulk mail → ignored;
3. ``extract.build_submission`` / ``extract_drafts`` / ``extract_supplement``:
   nominee drafts; ``extract.not_a_nomination``: other business → ignored;
4. ``pipeline.files``: files archived (``store_files``), then, in the
   transaction, the attachment rows (``record_files``);
5. ``records.record_drafts``: drafts merged into records (threads, duplicates,
   completeness);
6. ``notifier.queue_reply``: the flag or acknowledgement, in the outbox.

Steps 1 to 4a may take long on a big message and hold no transaction: on
SQLite an open write transaction would lock out the runner's lease renewals
meanwhile. Everything a message produces then commits in one short
transaction with its new status.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain import MessageStatus, visible
from extract import (
    Draft,
    build_submission,
    extract_drafts,
    extract_supplement,
    forwarded_subject,
    not_a_nomination,
    split_body,
)
from notifier import queue_reply, withdraw_unsent
from parsers import BODY_SOURCE, ParsedFile, ParsedMessage, automatic_reason, parse_message
from pipeline.files import record_files, store_files
from pipeline.runner import Outcome
from records import Forgotten, Requirements, drop_shells, forget_message, record_drafts, reply_record
from store import Message, Nomination, Service, session

PICTURE_FORMATS = ("image",)


def handle_message(service: Service, message: Message, raw: bytes) -> Outcome:
    parsed = parse_message(raw, service.settings.parsing.limits())
    requirements = Requirements(service.settings)
    extracted = _extract(parsed)
    digests = store_files(service, parsed)
    with session(service.engine) as db:
        row = db.get(Message, message.id)
        # a reparse replaces what the last run produced, unsent mail included; the records
        # only it fed wait as shells to be refilled, keeping their ids and reviewers' work
        withdraw_unsent(db, message_id=row.id)
        forgotten = forget_message(db, row, requirements, on_removed=_withdraw_record_mail, keep_shells=True)
        record_files(db, row, parsed, digests)
        outcome = _record(service, db, row, parsed, extracted, requirements, forgotten)
        drop_shells(db, forgotten, requirements, on_removed=_withdraw_record_mail)
        db.commit()
        return outcome


def _withdraw_record_mail(db, nomination_id: int) -> None:
    withdraw_unsent(db, nomination_id=nomination_id)


@dataclass
class _Extracted:
    """Stages 2 and 3, done before any transaction opens."""

    automatic: str | None = None
    drafts: list[Draft] = field(default_factory=list)
    thread_ids: list[str] = field(default_factory=list)
    supplement: Draft | None = None
    unrelated: str | None = None
    partial: Draft | None = None  # a nominee found without its name or unit: a person must read the mail


def _extract(parsed: ParsedMessage) -> _Extracted:
    mail = parsed.mail
    automatic = automatic_reason(mail)
    if automatic:
        return _Extracted(automatic=automatic)
    submission = build_submission(parsed)
    # a record names a nominee (a person, a collective or a model) of a unit
    found = extract_drafts(submission)
    drafts = [d for d in found if (d.name or d.model_title) and d.unit]
    thread_ids = [i for i in ([mail.in_reply_to] + list(mail.references)) if i]
    supplement = extract_supplement(submission) if not drafts and thread_ids else None
    body = split_body(submission.body, submission.sender, forwarded_subject(submission.subject))
    unrelated = None if supplement else not_a_nomination(submission, body, drafts)
    partial = next((d for d in found if d.form == "profile" and (d.name or d.model_title or d.unit)), None)
    return _Extracted(None, drafts, thread_ids, supplement, unrelated, partial)


def _record(service: Service, db, row: Message, parsed: ParsedMessage, extracted: _Extracted,
            requirements: Requirements, forgotten: Forgotten) -> Outcome:
    """Stages 5 and 6 in the caller's transaction."""
    if extracted.automatic:
        return Outcome(MessageStatus.IGNORED, extracted.automatic)
    mail, drafts, supplement = parsed.mail, extracted.drafts, extracted.supplement
    if not drafts and supplement is None and parsed.limits_hit:
        # a nominee may be in what was not read: a person must look, whatever the rest says
        return Outcome(MessageStatus.FAILED, f"nothing to extract in what was read: {parsed.limits_hit[0]}")
    if extracted.unrelated:  # only nominations are answered; a broken attachment of other mail fails nothing
        return Outcome(MessageStatus.IGNORED, extracted.unrelated)
    failure = _failure(parsed, drafts or ([supplement] if supplement else []))
    if failure:
        return Outcome(MessageStatus.FAILED, join_reasons(failure, *parsed.limits_hit))
    if not drafts and supplement is None and extracted.partial is not None:
        part = extracted.partial
        lacking = "unit" if (part.name or part.model_title) else "nominee's name"
        return Outcome(MessageStatus.FAILED, f"a nominee was found but no {lacking} could be read "
                       f"({part.name or part.model_title or part.unit}); a person must read the mail")
    if not drafts and supplement is None:
        return Outcome(MessageStatus.IGNORED, "not a submission: nothing to extract")
    recorded = record_drafts(db, row, drafts, extracted.thread_ids, supplement, requirements,
                             shells=forgotten.shells)
    row.duplicate_of = recorded.duplicate_of
    db.add(row)
    reason = join_reasons(recorded.reason or _partial_reason(parsed), *parsed.limits_hit,
                          *(note for d in drafts for note in d.notes))
    if recorded.changed:
        records = [reply_record(db.get(Nomination, i)) for i in recorded.changed]
        mailbox = {m.name: m for m in service.settings.mailboxes}.get(row.mailbox)
        if mailbox is not None:
            queue_reply(db, mail=mail, message=row, records=records, settings=service.settings, mailbox=mailbox,
                        nomination_id=recorded.changed[0])
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
    readable_docs = {visible(f.name) for f in parsed.files
                     if f.status == "parsed" and f.document is not None and _is_document(f)}
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


def join_reasons(*parts: str | None, limit: int = 1000) -> str | None:
    """One line from the reasons given, in order, without repeats; None when there are none."""
    text = visible("; ".join(dict.fromkeys(p for p in parts if p)))  # file names in it are shown to people
    return (text if len(text) <= limit else text[: limit - 1] + "…") or None


__all__ = ["BODY_SOURCE", "handle_message"]
