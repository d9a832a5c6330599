"""Reviewers' link decisions: which record a message's draft feeds, kept across ``reparse``.

A merge or a split in the workbench pins every draft of the records it
touched (``link_decision``: message, draft index → record). ``record_drafts``
asks ``decided_target`` before its own matching, so a reparse links each
draft where the reviewer put it; a record that is removed takes its
decisions with it, so an id that SQLite hands out again is never pinned.
"""

from __future__ import annotations

from sqlmodel import Session, delete, select, update

from store import LinkDecision, Nomination, NominationMessage, utcnow


def decided_target(db: Session, message_id: int, draft_index: int) -> int | None:
    """The record a reviewer put this draft in, if that record still exists."""
    decision = db.exec(select(LinkDecision).where(LinkDecision.message_id == message_id,
                                                  LinkDecision.draft_index == draft_index)).first()
    if decision is None or db.get(Nomination, decision.nomination_id) is None:
        return None
    return decision.nomination_id


def pin_links(db: Session, nomination_id: int, who: str) -> int:
    """Pin every draft linked to the record to it; returns how many drafts were pinned."""
    links = db.exec(select(NominationMessage).where(NominationMessage.nomination_id == nomination_id,
                                                    NominationMessage.draft_index.is_not(None))).all()
    for link in links:
        row = db.exec(select(LinkDecision).where(LinkDecision.message_id == link.message_id,
                                                 LinkDecision.draft_index == link.draft_index)).first()
        if row is None:
            row = LinkDecision(message_id=link.message_id, draft_index=link.draft_index, nomination_id=nomination_id,
                               who=who)
        row.nomination_id, row.who, row.at = nomination_id, who, utcnow()
        db.add(row)
    db.flush()
    return len(links)


def move_decisions(db: Session, from_id: int, to_id: int) -> None:
    """What was pinned to ``from_id`` now belongs to ``to_id`` (a merge)."""
    db.exec(update(LinkDecision).where(LinkDecision.nomination_id == from_id).values(nomination_id=to_id))


def forget_decisions(db: Session, nomination_id: int) -> None:
    db.exec(delete(LinkDecision).where(LinkDecision.nomination_id == nomination_id))
