"""The record's one shape: nomination rows as the SPEC record (export, ``show``, digest, workbench)."""

from __future__ import annotations

from sqlmodel import select

from domain import DRAFT_TEXT_FIELDS, RECORD_FIELDS, one_line
from records.overrides import corrected_fields
from store import Evidence, Message, Nomination, NominationMessage, Service, session


def record_dicts(service: Service, status: str | None = None, ids: list[int] | None = None) -> list[dict]:
    """SPEC records, oldest first; ``message_ids`` lists every contributing message."""
    with session(service.engine) as db:
        query = select(Nomination).order_by(Nomination.id)
        if status:
            query = query.where(Nomination.status == status)
        if ids is not None:
            query = query.where(Nomination.id.in_(ids))
        nominations = db.exec(query).all()
        if not nominations:
            return []
        wanted = [n.id for n in nominations]
        links = db.exec(
            select(NominationMessage.nomination_id, Message)
            .join(Message, Message.id == NominationMessage.message_id)
            .where(NominationMessage.nomination_id.in_(wanted))
            .order_by(Message.id)
        ).all()
        evidence_rows = db.exec(select(Evidence).where(Evidence.nomination_id.in_(wanted)).order_by(Evidence.id)).all()
        corrected = corrected_fields(db, wanted)
    messages: dict[int, list[Message]] = {}
    for nomination_id, message in links:
        messages.setdefault(nomination_id, []).append(message)
    evidence: dict[int, list[str]] = {}
    for row in evidence_rows:
        evidence.setdefault(row.nomination_id, []).append(row.value)
    return [_record(service, n, messages.get(n.id, []), evidence.get(n.id, []), corrected.get(n.id, []))
            for n in nominations]


def _record(service: Service, n: Nomination, messages: list[Message], evidence: list[str],
            corrected: list[str]) -> dict:
    first = messages[0] if messages else None
    received = service.local(n.received_at or (first.sent_at or first.received_at if first else None))
    derived = {
        "evidence": evidence,
        "missing": list(n.missing or []),
        "review": list(n.review or []),
        "message_ids": [m.message_id for m in messages if m.message_id],
        "received_at": received.isoformat(timespec="seconds") if received else None,
        "sources": list(n.sources or []),
        "review_state": str(n.review_state or "new"),
        "corrected": corrected,
    }
    for name in DRAFT_TEXT_FIELDS:  # SPEC: all text NFC with whitespace collapsed, whatever the document held
        value = getattr(n, name)
        derived[name] = one_line(value) or None if value is not None else None
    return {name: derived[name] if name in derived else getattr(n, name) for name in RECORD_FIELDS}


def reply_record(nomination: Nomination) -> dict:
    """What a flag or an acknowledgement needs to know of a record."""
    return {
        "id": nomination.id, "form": nomination.form, "kind": nomination.kind, "unit": nomination.unit,
        "name": nomination.name, "model_title": nomination.model_title, "field": nomination.field,
        "missing": list(nomination.missing or []), "review": list(nomination.review or []),
        "status": nomination.status,
    }
