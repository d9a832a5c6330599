"""Turn a message's drafts into nomination records, in the caller's transaction.

Records are derived state. Each message keeps the drafts extraction found
(``message.drafts``) and ``nomination_message`` says which draft of which
message feeds which record; a record is the merge of those drafts in arrival
order (``records.merge``). So:

- a reply in the thread (In-Reply-To/References) or a later mail naming the
  same nominee adds its draft to the earlier record, and ``missing`` is
  recomputed;
- the same message again (Message-ID or bytes), or a draft that adds nothing
  (a dossier re-sent, or sent to both the district and the Ministry), makes
  the message ``duplicate`` while the record lists it too;
- ``reparse`` forgets what a message contributed and rebuilds the records it
  touched, replacing exactly what it produced;
- a draft a reviewer placed by a merge or a split (``records.decisions``)
  goes back to that record, whatever the matching would say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, delete, or_, select

from domain import DRAFT_TEXT_FIELDS, MessageStatus, RecordStatus, fold, required_items
from extract import Draft, settle
from records.decisions import decided_target, forget_decisions
from records.merge import adds_to, draft_from_dict, match_key, merge, same_nominee
from records.overrides import apply_overrides, forget_overrides, overrides_of
from records.requirements import Requirements
from store import Evidence, Message, Nomination, NominationMessage, utcnow

DONE = (MessageStatus.PARSED, MessageStatus.IGNORED, MessageStatus.DUPLICATE)
RemovedHook = Callable[[Session, int], None]


@dataclass
class Recorded:
    status: str
    reason: str | None = None
    changed: list[int] = field(default_factory=list)  # nominations created or completed by this message
    duplicate_of: int | None = None


@dataclass
class Forgotten:
    """What ``forget_message`` undid: the records it touched, and the shells waiting to be refilled."""

    affected: list[int] = field(default_factory=list)
    shells: dict[int, int] = field(default_factory=dict)  # draft index → record id


def earlier_copy(db: Session, message: Message) -> Message | None:
    """An earlier processed message with the same Message-ID or the same bytes."""
    same = [Message.sha256 == message.sha256]
    if message.message_id:
        same.append(Message.message_id == message.message_id)
    return db.exec(
        select(Message)
        .where(Message.id < message.id, Message.status.in_(DONE), or_(*same))
        .order_by(Message.id)
    ).first()


def thread_nominations(db: Session, message_ids: list[str]) -> list[Nomination]:
    """Records fed by the messages a reply refers to (RFC 5322 In-Reply-To/References)."""
    ids = [m for m in message_ids if m]
    if not ids:
        return []
    return list(
        db.exec(
            select(Nomination)
            .join(NominationMessage, NominationMessage.nomination_id == Nomination.id)
            .join(Message, Message.id == NominationMessage.message_id)
            .where(Message.message_id.in_(ids))
            .order_by(Nomination.id)
        ).unique().all()
    )


def record_drafts(
    db: Session,
    message: Message,
    drafts: list[Draft],
    thread_ids: list[str],
    supplement: Draft | None,
    requirements: Requirements,
    shells: dict[int, int] | None = None,
) -> Recorded:
    """Link the message's drafts to records (new or existing) and rebuild those records.

    ``shells`` (from ``forget_message`` on reparse) names the record each
    draft index fed before; a draft no other record claims refills it.
    """
    copy = earlier_copy(db, message)
    if copy is not None:
        message.drafts = [d.to_dict() for d in drafts]
        for nomination_id in _linked_ids(db, copy.id):
            _link(db, nomination_id, message.id, None)
        return Recorded(MessageStatus.DUPLICATE, f"same message as #{copy.id} (Message-ID or bytes)", duplicate_of=copy.id)

    thread = thread_nominations(db, thread_ids)
    stored = list(drafts)
    targets: list[tuple[int | None, int]] = []  # (nomination id or None for new, draft index)
    for index, draft in enumerate(drafts):
        target = decided_target(db, message.id, index)
        if target is None:
            target = _find_target(db, draft, thread)
        if target is None and shells and index in shells and db.get(Nomination, shells[index]) is not None:
            target = shells[index]
        targets.append((target, index))
    if not drafts and supplement is not None and thread:
        stored.append(supplement)
        open_records = [n for n in thread if n.status != RecordStatus.COMPLETE or n.review] or thread
        targets = [(n.id, len(stored) - 1) for n in open_records]
    message.drafts = [d.to_dict() for d in stored]
    if not targets:
        return Recorded(MessageStatus.IGNORED, "no nomination data found")

    changed, unchanged_first, resent = [], None, False
    in_thread = {n.id for n in thread}
    for nomination_id, index in targets:
        if nomination_id is None:
            nomination = Nomination(form=stored[index].form, kind=stored[index].kind, status=RecordStatus.INCOMPLETE,
                                    mailbox=message.mailbox)
            db.add(nomination)
            db.flush()
            _link(db, nomination.id, message.id, index)
            rebuild(db, nomination.id, requirements)
            changed.append(nomination.id)
            continue
        before = current_draft(db, nomination_id, before_message=message.id)  # as a first run saw it
        _link(db, nomination_id, message.id, index)
        adds = before is None or adds_to(before, stored[index])
        if adds:
            rebuild(db, nomination_id, requirements)  # what the later mail adds still fills the record
        if adds and (before is None or nomination_id in in_thread):
            changed.append(nomination_id)
            continue
        # the same nominee again outside the record's thread: the dossier re-sent (renamed files, the PDF
        # of the DOCX, or to the district office and the Ministry both) is a duplicate of the first
        resent = resent or adds
        if unchanged_first is None:
            unchanged_first = nomination_id
    if changed:
        return Recorded(MessageStatus.PARSED, changed=changed)
    first = _first_message(db, unchanged_first)
    why = "the same nominee re-sent" if resent else "adds nothing"
    return Recorded(MessageStatus.DUPLICATE, f"{why}: record #{unchanged_first}", duplicate_of=first)


def _find_target(db: Session, draft: Draft, thread: list[Nomination]) -> int | None:
    for nomination in thread:
        existing = current_draft(db, nomination.id)
        if existing is not None and same_nominee(existing, draft):
            return nomination.id
    if match_key(draft) is None:  # a reply that names nobody completes the one record its thread is about
        open_records = [n for n in thread if n.status != RecordStatus.COMPLETE or n.review] or thread
        return open_records[0].id if len(open_records) == 1 else None
    for nomination in db.exec(select(Nomination).where(Nomination.match_key == match_key(draft)).order_by(Nomination.id)):
        existing = current_draft(db, nomination.id)
        if existing is not None and same_nominee(existing, draft):
            return nomination.id
    return None


def _links(db: Session, nomination_id: int) -> list[tuple[NominationMessage, Message]]:
    return list(
        db.exec(
            select(NominationMessage, Message)
            .join(Message, Message.id == NominationMessage.message_id)
            .where(NominationMessage.nomination_id == nomination_id)
            .order_by(Message.id)
        ).all()
    )


def _linked_ids(db: Session, message_id: int) -> list[int]:
    return list(db.exec(select(NominationMessage.nomination_id).where(NominationMessage.message_id == message_id)).all())


def _link(db: Session, nomination_id: int, message_id: int, draft_index: int | None) -> None:
    existing = db.get(NominationMessage, (nomination_id, message_id))
    if existing is None:
        db.add(NominationMessage(nomination_id=nomination_id, message_id=message_id, draft_index=draft_index))
    elif draft_index is not None:
        existing.draft_index = draft_index
        db.add(existing)
    db.flush()


def _first_message(db: Session, nomination_id: int | None) -> int | None:
    if nomination_id is None:
        return None
    links = _links(db, nomination_id)
    return links[0][1].id if links else None


def current_draft(db: Session, nomination_id: int, before_message: int | None = None) -> Draft | None:
    """The merge of every draft linked to the record, oldest message first.

    With ``before_message``, only the drafts of messages that arrived before
    it: what a first run in arrival order had when that message came, so a
    reparse of an early message is not judged against its later copies.
    """
    drafts = []
    for link, message in _links(db, nomination_id):
        if before_message is not None and message.id >= before_message:
            continue
        if link.draft_index is not None and message.drafts and link.draft_index < len(message.drafts):
            drafts.append(draft_from_dict(message.drafts[link.draft_index]))
    return merge(drafts) if drafts else None


def rebuild(db: Session, nomination_id: int, requirements: Requirements,
            on_removed: RemovedHook | None = None) -> Nomination | None:
    """Recompute a record from its linked drafts; delete it when nothing feeds it any more."""
    nomination = db.get(Nomination, nomination_id)
    draft = current_draft(db, nomination_id)
    if draft is None:
        forget_overrides(db, nomination_id)
        forget_decisions(db, nomination_id)
        db.exec(delete(Evidence).where(Evidence.nomination_id == nomination_id))
        db.exec(delete(NominationMessage).where(NominationMessage.nomination_id == nomination_id))
        if on_removed is not None:
            on_removed(db, nomination_id)  # e.g. the notifier withdraws the record's unsent mail
        if nomination is not None:
            db.delete(nomination)
        db.flush()
        return None
    links = _links(db, nomination_id)
    first = links[0][1]
    key = match_key(draft)  # what extraction found: later mail of the nominee still finds the record
    apply_overrides(draft, overrides_of(db, nomination_id))
    # the record follows the campaign or mailbox of the message it first came in
    settle(draft, required_items(draft.form, requirements.for_message(first)))
    for name in ("form", "kind", *DRAFT_TEXT_FIELDS, "photos", "missing", "review", "status", "sources"):
        setattr(nomination, name, getattr(draft, name))
    nomination.mailbox = first.mailbox
    nomination.sender = first.sender
    nomination.received_at = first.sent_at or first.received_at
    nomination.match_key = (key or "")[:500] or None
    nomination.search_key = fold(" | ".join(v for v in (draft.name, draft.unit, draft.model_title, first.sender) if v))
    nomination.updated_at = utcnow()
    db.add(nomination)
    db.exec(delete(Evidence).where(Evidence.nomination_id == nomination_id))
    for value in draft.evidence:
        db.add(Evidence(nomination_id=nomination_id, kind="link" if value.startswith(("http://", "https://")) else "file",
                        value=value))
    db.flush()
    return nomination


def forget_message(db: Session, message: Message, requirements: Requirements,
                   on_removed: RemovedHook | None = None, keep_shells: bool = False) -> Forgotten:
    """Undo what a message produced (for reparse): its links and drafts; rebuild the records it fed.

    A record that nothing feeds any more is removed, after ``on_removed``
    has been called for it (the caller withdraws its unsent mail); with
    ``keep_shells`` it is kept empty for ``record_drafts`` to refill, and the
    caller ends with ``drop_shells``.
    """
    links = db.exec(select(NominationMessage).where(NominationMessage.message_id == message.id)).all()
    fed = {link.nomination_id: link.draft_index for link in links}
    db.exec(delete(NominationMessage).where(NominationMessage.message_id == message.id))
    message.drafts = None
    message.duplicate_of = None
    db.add(message)
    db.flush()
    forgotten = Forgotten(affected=list(fed))
    for nomination_id, draft_index in fed.items():
        if keep_shells and draft_index is not None and current_draft(db, nomination_id) is None:
            forgotten.shells[draft_index] = nomination_id
            continue
        rebuild(db, nomination_id, requirements, on_removed)
    return forgotten


def drop_shells(db: Session, forgotten: Forgotten, requirements: Requirements,
                on_removed: RemovedHook | None = None) -> list[int]:
    """Remove the shells that nothing refilled; returns their ids."""
    dropped = []
    for nomination_id in forgotten.shells.values():
        if db.get(Nomination, nomination_id) is not None and current_draft(db, nomination_id) is None:
            rebuild(db, nomination_id, requirements, on_removed)
            dropped.append(nomination_id)
    return dropped
