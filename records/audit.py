"""The workbench's audit log: every change a person made, with who, when, before and after."""

from __future__ import annotations

from sqlmodel import Session, select

from store import AuditEntry, utcnow


def write_audit(db: Session, who: str, action: str, *, nomination_id: int | None = None,
                message_id: int | None = None, mailbox: str | None = None, field: str | None = None,
                before: str | None = None, after: str | None = None) -> AuditEntry:
    """Add one entry in the caller's transaction (the change and its entry commit together)."""
    entry = AuditEntry(at=utcnow(), who=who, action=action, nomination_id=nomination_id, message_id=message_id,
                       mailbox=mailbox, field=field, before=before, after=after)
    db.add(entry)
    return entry


def audit_entries(db: Session, nomination_id: int) -> list[AuditEntry]:
    """A record's history, newest first."""
    return list(db.exec(select(AuditEntry).where(AuditEntry.nomination_id == nomination_id)
                        .order_by(AuditEntry.id.desc())).all())
