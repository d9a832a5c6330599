"""Reviewers' corrections and decisions on a record, kept apart from what extraction found.

A correction is a ``record_override`` row (field, value, who, when).
``records.rebuild`` merges the drafts of a record's messages and then applies
its overrides, so ``reparse`` recomputes extraction but keeps the reviewer's
values, and ``missing`` and ``status`` are recomputed with them. The
decision (``review_state``) is a column of the record that extraction never
writes. Both write an audit entry in the same transaction.
"""

from __future__ import annotations

from sqlmodel import Session, delete, select

from domain import CORRECTABLE_FIELDS, ReviewState, nfc, one_line
from extract import Draft, normalise_email, normalise_phone
from records.audit import write_audit
from store import Nomination, RecordOverride, utcnow

KINDS = ("individual", "collective")


class CorrectionError(ValueError):
    """A value a reviewer typed that cannot be stored; the message is Vietnamese, for the page."""


def clean_value(field: str, typed: str | None) -> str | None:
    """The value to store for ``field``: NFC, whitespace collapsed, phone in E.164, e-mail lower-case."""
    if field not in CORRECTABLE_FIELDS:
        raise CorrectionError(f"Trường không sửa được: {field}")
    value = one_line(nfc(typed or "")) or None
    if value is None:
        if field == "kind":
            raise CorrectionError("Hãy chọn cá nhân hoặc tập thể.")
        return None
    if field == "phone":
        phone = normalise_phone(value)
        if phone is None:
            raise CorrectionError(f"Số điện thoại không hợp lệ: {value}")
        return phone
    if field == "email":
        email = normalise_email(value)
        if email is None:
            raise CorrectionError(f"Địa chỉ thư điện tử không hợp lệ: {value}")
        return email
    if field == "kind" and value not in KINDS:
        raise CorrectionError("Hãy chọn cá nhân hoặc tập thể.")
    return value


def overrides_of(db: Session, nomination_id: int) -> dict[str, str | None]:
    rows = db.exec(select(RecordOverride).where(RecordOverride.nomination_id == nomination_id)).all()
    return {row.field: row.value for row in rows}


def corrected_fields(db: Session, nomination_ids: list[int]) -> dict[int, list[str]]:
    """The corrected fields of each record, in the record's field order."""
    found: dict[int, list[str]] = {}
    if not nomination_ids:
        return found
    rows = db.exec(select(RecordOverride.nomination_id, RecordOverride.field)
                   .where(RecordOverride.nomination_id.in_(nomination_ids))).all()
    for nomination_id, field in rows:
        found.setdefault(nomination_id, []).append(field)
    order = {name: index for index, name in enumerate(CORRECTABLE_FIELDS)}
    return {key: sorted(fields, key=lambda f: order.get(f, 99)) for key, fields in found.items()}


def apply_overrides(draft: Draft, overrides: dict[str, str | None]) -> Draft:
    """The draft with the reviewers' values in place of extraction's.

    A field a reviewer emptied is settled by a person: it is ``missing``, no
    longer an item to ``review`` because of a trace in the documents.
    """
    for field, value in overrides.items():
        if field in CORRECTABLE_FIELDS:
            setattr(draft, field, value)
            if value is None and field in draft.traces:
                draft.traces = [t for t in draft.traces if t != field]
    return draft


def forget_overrides(db: Session, nomination_id: int) -> None:
    """A record that is removed takes its overrides with it (the audit log keeps the history)."""
    db.exec(delete(RecordOverride).where(RecordOverride.nomination_id == nomination_id))


def set_override(db: Session, nomination: Nomination, field: str, typed: str | None, who: str) -> bool:
    """Store a reviewer's value for ``field``; False when it equals the current value (nothing changes).

    The caller rebuilds the record (``records.rebuild``) and commits.
    """
    value = clean_value(field, typed)
    before = getattr(nomination, field)
    if value == before:
        return False
    row = db.exec(select(RecordOverride).where(RecordOverride.nomination_id == nomination.id,
                                               RecordOverride.field == field)).first()
    if row is None:
        row = RecordOverride(nomination_id=nomination.id, field=field)
    row.value, row.who, row.at = value, who, utcnow()
    db.add(row)
    write_audit(db, who, "correct", nomination_id=nomination.id, mailbox=nomination.mailbox, field=field,
                before=before, after=value)
    db.flush()
    return True


def set_review_state(db: Session, nomination: Nomination, state: ReviewState, who: str,
                     note: str | None = None) -> None:
    """Record a reviewer's decision (accepted, rejected with a reason, supplement requested)."""
    before = nomination.review_state
    nomination.review_state = ReviewState(state)
    nomination.review_note = one_line(nfc(note or "")) or None
    nomination.updated_at = utcnow()
    db.add(nomination)
    write_audit(db, who, "review", nomination_id=nomination.id, mailbox=nomination.mailbox, field="review_state",
                before=before, after=f"{state}: {nomination.review_note}" if nomination.review_note else str(state))
    db.flush()
