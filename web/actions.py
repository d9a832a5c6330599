"""What a reviewer can change, each in one transaction with its audit entry.

Corrections, decisions, merges and splits go through ``records`` (overrides
and link decisions that survive ``reparse``; a merged record's unsent mail
is withdrawn through ``notifier.withdraw_unsent``); a supplement request through ``notifier`` (the outbox and its
RFC 3834 and rate rules); a rerun through ``pipeline`` (the stage runner, as
``dienhinh reparse``); a requeue through ``notifier.requeue``.
"""

from __future__ import annotations

import logging

from sqlmodel import select

from domain import CORRECTABLE_FIELDS, ReviewState
from notifier import queue_supplement_request, requeue, withdraw_unsent
from parsers import parse_mime
from pipeline import handle_message, process_messages
from records import (
    Requirements,
    merge_records,
    rebuild,
    record_dicts,
    set_override,
    set_review_state,
    split_record,
    write_audit,
)
from store import Message, Nomination, NominationMessage, OutgoingMail, Service, session
from web.accounts import Account
from web.words import outcome_words

log = logging.getLogger(__name__)


def correct_record(service: Service, account: Account, nomination_id: int, typed: dict[str, str]) -> list[str]:
    """Store the fields whose typed value differs from the record's; returns the fields changed.

    Raises ``records.CorrectionError`` (Vietnamese message) for a value that cannot be stored.
    """
    changed = []
    with session(service.engine) as db:
        nomination = db.get(Nomination, nomination_id)
        for name in CORRECTABLE_FIELDS:
            if name in typed and set_override(db, nomination, name, typed[name], account.name):
                changed.append(name)
        if changed:
            rebuild(db, nomination_id, Requirements(service.settings))
        db.commit()
    if changed:
        log.info("record corrected record=%d by=%s fields=%s", nomination_id, account.name, ",".join(changed))
    return changed


def decide(service: Service, account: Account, nomination_id: int, state: ReviewState, note: str | None) -> None:
    with session(service.engine) as db:
        set_review_state(db, db.get(Nomination, nomination_id), state, account.name, note)
        db.commit()
    log.info("record reviewed record=%d by=%s state=%s", nomination_id, account.name, state)


def merge_into(service: Service, account: Account, keep_id: int, gone_id: int) -> None:
    """Merge record ``gone_id`` into ``keep_id``; raises ``records.RelinkError`` (Vietnamese)."""
    with session(service.engine) as db:
        merge_records(db, keep_id, gone_id, account.name, Requirements(service.settings),
                      on_removed=lambda db_, nomination_id: withdraw_unsent(db_, nomination_id=nomination_id))
        db.commit()
    log.info("records merged record=%d gone=%d by=%s", keep_id, gone_id, account.name)


def split_off(service: Service, account: Account, nomination_id: int, message_id: int) -> int:
    """Move a message off the record into a new record; returns its id. Raises ``records.RelinkError``."""
    with session(service.engine) as db:
        split = split_record(db, nomination_id, message_id, account.name, Requirements(service.settings))
        db.commit()
        split_id = split.id
    log.info("record split record=%d message=%d new=%d by=%s", nomination_id, message_id, split_id, account.name)
    return split_id


def request_supplement(service: Service, account: Account, nomination_id: int, note: str) -> str:
    """Queue the reviewer's note to the sender of the record's latest mail; returns the outcome in Vietnamese."""
    record = record_dicts(service, ids=[nomination_id])[0]
    with session(service.engine) as db:
        nomination = db.get(Nomination, nomination_id)
        message = db.exec(select(Message).join(NominationMessage, NominationMessage.message_id == Message.id)
                          .where(NominationMessage.nomination_id == nomination_id)
                          .order_by(Message.id.desc())).first()
        mailbox = next((m for m in service.settings.mailboxes if m.name == nomination.mailbox), None)
        if message is None or mailbox is None:
            return "Không gửi: hồ sơ không còn thư gốc hoặc hộp thư không còn trong cấu hình."
        mail = parse_mime(service.archive.get(message.sha256))
        decision = queue_supplement_request(db, mail=mail, message=message, record=record, note=note,
                                            settings=service.settings, mailbox=mailbox)
        if decision.row is not None:
            set_review_state(db, nomination, ReviewState.SUPPLEMENT_REQUESTED, account.name)
            write_audit(db, account.name, "supplement", nomination_id=nomination_id, mailbox=nomination.mailbox,
                        message_id=message.id, after=note)
        db.commit()
    log.info("supplement request record=%d by=%s outcome=%s", nomination_id, account.name, decision.reason)
    return outcome_words(decision.reason)


def visible_message(service: Service, account: Account, message_id: int) -> Message | None:
    with session(service.engine) as db:
        message = db.get(Message, message_id)
    return message if message is not None and account.sees(message.mailbox) else None


def rerun_message(service: Service, account: Account, message: Message) -> str:
    """Parse the message again from the archive (as ``dienhinh reparse``); returns its new status."""
    outcome = process_messages(service, [message.id], handle_message)[0]
    with session(service.engine) as db:
        write_audit(db, account.name, "rerun", message_id=message.id, mailbox=message.mailbox,
                    before=message.status, after=str(outcome.status))
        db.commit()
    log.info("message rerun message=%d by=%s status=%s", message.id, account.name, outcome.status)
    return str(outcome.status)


def visible_mail(service: Service, account: Account, mail_id: int) -> OutgoingMail | None:
    """An outbox row this account may act on: one answering a message of its mailboxes (admins: any)."""
    with session(service.engine) as db:
        row = db.get(OutgoingMail, mail_id)
        message = db.get(Message, row.message_id) if row is not None and row.message_id else None
    if row is None:
        return None
    if account.is_admin or (message is not None and account.sees(message.mailbox)):
        return row
    return None


def requeue_mail(service: Service, account: Account, row: OutgoingMail) -> bool:
    done = requeue(service.engine, [row.id]) == [row.id]
    if done:
        with session(service.engine) as db:
            write_audit(db, account.name, "requeue", nomination_id=row.nomination_id, message_id=row.message_id,
                        field=f"mail {row.id}", before="failed", after="queued")
            db.commit()
    return done
