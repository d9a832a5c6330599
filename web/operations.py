"""The operations pages' data: failed messages, the outbox, campaign status, exports.

Everything is limited to the account's mailboxes; campaign status is shown
for the campaigns whose mailboxes the account sees.
"""

from __future__ import annotations

import io
from datetime import datetime

from sqlmodel import select

from campaigns import RosterError, campaign_status, status_dict
from config import ConfigError
from domain import MessageStatus
from records import record_dicts, write_csv, write_xlsx
from store import Message, OutgoingMail, Service, session
from web.accounts import Account
from web.queue import QueueFilter, filtered_ids

PAGE_LIMIT = 500


def failed_messages(service: Service, account: Account) -> list[Message]:
    query = select(Message).where(Message.status == MessageStatus.FAILED)
    if not account.is_admin:
        query = query.where(Message.mailbox.in_(account.mailboxes or ("",)))
    with session(service.engine) as db:
        return list(db.exec(query.order_by(Message.id.desc()).limit(PAGE_LIMIT)).all())


def outbox(service: Service, account: Account) -> list[OutgoingMail]:
    """Newest first; a reviewer sees the mail answering messages of their mailboxes."""
    query = select(OutgoingMail)
    if not account.is_admin:
        query = (query.join(Message, Message.id == OutgoingMail.message_id)
                 .where(Message.mailbox.in_(account.mailboxes or ("",))))
    with session(service.engine) as db:
        return list(db.exec(query.order_by(OutgoingMail.id.desc()).limit(PAGE_LIMIT)).all())


def campaigns_status(service: Service, account: Account) -> list[dict]:
    today = datetime.now(service.zone).date()
    shown = []
    for campaign in service.settings.campaigns:
        if not (account.is_admin or set(campaign.mailboxes) & set(account.mailboxes)):
            continue
        try:
            shown.append(status_dict(campaign_status(service.engine, service.settings, campaign, today)))
        except (RosterError, ConfigError) as exc:
            shown.append({"campaign": campaign.name, "title": campaign.title, "error": str(exc), "batches": []})
    return shown


def export_file(service: Service, account: Account, f: QueueFilter, format_: str) -> tuple[bytes, str, str]:
    """The records of the filter as XLSX or CSV: (bytes, media type, file name)."""
    records = record_dicts(service, ids=filtered_ids(service, account, f))
    out = io.BytesIO()
    stamp = datetime.now(service.zone).strftime("%Y%m%d-%H%M")
    if format_ == "xlsx":
        write_xlsx(records, out)
        return (out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"dien-hinh-{stamp}.xlsx")
    write_csv(records, out)
    return out.getvalue(), "text/csv; charset=utf-8", f"dien-hinh-{stamp}.csv"
