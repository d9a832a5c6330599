"""A reviewer's merge of two records of one nominee, and split of a wrongly merged one.

Records are derived state, so both move links (``nomination_message``) and
rebuild:

- merge: every link of the record that goes moves to the record that stays,
  whose overrides win (the other's are kept only for fields it has none
  for); the emptied record is removed through ``rebuild``'s removal path,
  so ``on_removed`` withdraws its unsent mail;
- split: one message's link moves off a record into a new record.

Then every draft of the records involved is pinned (``records.decisions``),
so ``reparse`` puts each draft back where the reviewer left it. Both sides
get an audit entry. The caller commits; on a ``RelinkError`` (Vietnamese,
for the page) it rolls back instead.
"""

from __future__ import annotations

from sqlmodel import Session, select

from domain import RecordStatus
from records.audit import write_audit
from records.decisions import move_decisions, pin_links
from records.overrides import overrides_of
from records.recording import RemovedHook, current_draft, rebuild
from records.requirements import Requirements
from store import Nomination, NominationMessage, RecordOverride


class RelinkError(ValueError):
    """A merge or split that cannot be done; the message is Vietnamese, for the page."""


def _links(db: Session, nomination_id: int) -> list[NominationMessage]:
    return list(db.exec(select(NominationMessage).where(NominationMessage.nomination_id == nomination_id)
                        .order_by(NominationMessage.message_id)).all())


def _label(nomination: Nomination) -> str:
    return f"#{nomination.id} {nomination.name or nomination.model_title or ''}".strip()


def merge_records(db: Session, keep_id: int, gone_id: int, who: str, requirements: Requirements,
                  on_removed: RemovedHook | None = None) -> Nomination:
    """Move every source of record ``gone_id`` into record ``keep_id`` and remove ``gone_id``."""
    if keep_id == gone_id:
        raise RelinkError("Không thể gộp một hồ sơ với chính nó.")
    keep, gone = db.get(Nomination, keep_id), db.get(Nomination, gone_id)
    if keep is None or gone is None:
        raise RelinkError("Không tìm thấy hồ sơ cần gộp.")
    kept = {link.message_id: link for link in _links(db, keep_id)}
    moving = _links(db, gone_id)
    for link in moving:
        mine = kept.get(link.message_id)
        if mine is not None and None not in (mine.draft_index, link.draft_index) and mine.draft_index != link.draft_index:
            raise RelinkError(f"Hai hồ sơ lấy từ hai người khác nhau trong cùng thư #{link.message_id}, "
                              "không gộp được.")
    gone_label, keep_label = _label(gone), _label(keep)
    mine = overrides_of(db, keep_id)
    for row in db.exec(select(RecordOverride).where(RecordOverride.nomination_id == gone_id)).all():
        if row.field not in mine:
            row.nomination_id = keep_id
            db.add(row)
    for link in moving:
        message_id, draft_index = link.message_id, link.draft_index
        db.delete(link)
        db.flush()
        mine_link = kept.get(message_id)
        if mine_link is None:
            db.add(NominationMessage(nomination_id=keep_id, message_id=message_id, draft_index=draft_index))
        elif mine_link.draft_index is None and draft_index is not None:
            mine_link.draft_index = draft_index
            db.add(mine_link)
    db.flush()
    move_decisions(db, gone_id, keep_id)
    pin_links(db, keep_id, who)
    messages = ", ".join(f"#{link.message_id}" for link in moving)
    write_audit(db, who, "merge", nomination_id=keep_id, mailbox=keep.mailbox, before=keep_label,
                after=f"đã gộp hồ sơ {gone_label} (thư {messages}) vào hồ sơ này")
    write_audit(db, who, "merge", nomination_id=gone_id, mailbox=gone.mailbox, before=gone_label,
                after=f"đã gộp vào hồ sơ {keep_label}")
    rebuild(db, keep_id, requirements)
    rebuild(db, gone_id, requirements, on_removed)  # nothing feeds it now: the removal path
    return db.get(Nomination, keep_id)


def split_record(db: Session, nomination_id: int, message_id: int, who: str,
                 requirements: Requirements) -> Nomination:
    """Move message ``message_id``'s link off the record into a new record; returns the new record."""
    record = db.get(Nomination, nomination_id)
    if record is None:
        raise RelinkError("Không tìm thấy hồ sơ cần tách.")
    links = _links(db, nomination_id)
    link = next((item for item in links if item.message_id == message_id), None)
    if link is None:
        raise RelinkError(f"Thư #{message_id} không thuộc hồ sơ này.")
    if len(links) < 2:
        raise RelinkError("Hồ sơ chỉ có một thư nguồn, không có gì để tách.")
    if link.draft_index is None:
        raise RelinkError(f"Thư #{message_id} là bản gửi lặp của một thư khác, không có nội dung riêng để tách.")
    if not any(item.draft_index is not None for item in links if item is not link):
        raise RelinkError("Sau khi tách, hồ sơ này sẽ không còn nội dung: hãy tách thư khác.")
    draft_index = link.draft_index
    split = Nomination(form=record.form, kind=record.kind, status=RecordStatus.INCOMPLETE, mailbox=record.mailbox)
    db.add(split)
    db.delete(link)
    db.flush()
    db.add(NominationMessage(nomination_id=split.id, message_id=message_id, draft_index=draft_index))
    db.flush()
    pin_links(db, nomination_id, who)
    pin_links(db, split.id, who)
    label = _label(record)
    rebuild(db, nomination_id, requirements)
    rebuild(db, split.id, requirements)
    write_audit(db, who, "split", nomination_id=nomination_id, message_id=message_id, mailbox=record.mailbox,
                before=label, after=f"thư #{message_id} đã tách sang hồ sơ #{split.id}")
    write_audit(db, who, "split", nomination_id=split.id, message_id=message_id, mailbox=split.mailbox,
                before=label, after=f"tách từ hồ sơ #{nomination_id}")
    if current_draft(db, split.id) is None:
        raise RelinkError("Thư này không có nội dung hồ sơ riêng để tách.")
    return split
