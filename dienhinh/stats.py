"""``dienhinh stats``: how the service is doing, from the database alone.

Counts come from the recorded state (message status, record status, outbox
state, mailbox poll state), so any host can run it against the shared
database while workers run. Times are ISO 8601 in the configured zone.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from domain import MessageStatus
from store import MailboxState, Message, Nomination, OutgoingMail, Service, session, utcnow

MESSAGE_STATES = [s.value for s in MessageStatus]
RECORD_STATES = ["complete", "incomplete"]
OUTBOX_STATES = ["queued", "sending", "sent", "failed"]


def _iso(service: Service, when) -> str | None:
    local = service.local(when)
    return local.isoformat(timespec="seconds") if local else None


def _counts(db, column, *group) -> list[tuple]:
    return list(db.exec(select(*group, column, func.count()).group_by(*group, column)).all())


def collect(service: Service) -> dict:
    """Everything ``stats`` shows, as plain values (the ``--json`` document)."""
    now = utcnow()
    with session(service.engine) as db:
        by_mailbox = _counts(db, Message.status, Message.mailbox)
        records = _counts(db, Nomination.status)
        outbox = _counts(db, OutgoingMail.state)
        oldest = db.exec(
            select(Message).where(Message.status == MessageStatus.RECEIVED).order_by(Message.received_at, Message.id).limit(1)
        ).first()
        processing = db.exec(
            select(func.count()).select_from(Message).where(
                Message.status == MessageStatus.RECEIVED, Message.claimed_by.is_not(None), Message.claim_expires_at >= now
            )
        ).one()
        states = list(db.exec(select(MailboxState).order_by(MailboxState.mailbox, MailboxState.folder)).all())

    configured = {m.name: m for m in service.settings.mailboxes}
    names = sorted(set(configured) | {m for m, _, _ in by_mailbox} | {s.mailbox for s in states})
    messages = {name: {state: 0 for state in MESSAGE_STATES} for name in names}
    for mailbox, status, count in by_mailbox:
        messages[mailbox][status] = messages[mailbox].get(status, 0) + count
    totals = {state: sum(m.get(state, 0) for m in messages.values()) for state in MESSAGE_STATES}

    polls = []
    seen = set()
    for state in states:
        seen.add(state.mailbox)
        polls.append({
            "mailbox": state.mailbox, "folder": state.folder, "configured": state.mailbox in configured,
            "last_poll_at": _iso(service, state.last_poll_at), "last_error": state.last_error,
            "last_uid": state.last_uid,
        })
    for name in sorted(set(configured) - seen):
        polls.append({"mailbox": name, "folder": configured[name].folder, "configured": True,
                      "last_poll_at": None, "last_error": None, "last_uid": 0})

    oldest_row = None
    if oldest is not None:
        age = (now - oldest.received_at).total_seconds() if oldest.received_at else None
        oldest_row = {"id": oldest.id, "mailbox": oldest.mailbox, "received_at": _iso(service, oldest.received_at),
                      "age_seconds": int(age) if age is not None else None, "claimed_by": oldest.claimed_by}

    return {
        "messages": {"by_mailbox": messages, "total": totals, "processing": processing},
        "records": _with_zeros(records, RECORD_STATES),
        "outbox": _with_zeros(outbox, OUTBOX_STATES),
        "oldest_unprocessed": oldest_row,
        "mailboxes": polls,
        "generated_at": _iso(service, now),
    }


def _with_zeros(rows: list[tuple], states: list[str]) -> dict:
    counts = {state: 0 for state in states}
    for state, count in rows:
        counts[state] = counts.get(state, 0) + count
    return counts


def print_stats(data: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="messages by status")
    table.add_column("mailbox")
    for state in MESSAGE_STATES:
        table.add_column(state, justify="right")
    for name, counts in data["messages"]["by_mailbox"].items():
        table.add_row(name, *(str(counts.get(s, 0)) for s in MESSAGE_STATES))
    table.add_row("total", *(str(data["messages"]["total"].get(s, 0)) for s in MESSAGE_STATES), style="bold")
    console.print(table)
    console.print(f"being processed now: {data['messages']['processing']}", markup=False)
    oldest = data["oldest_unprocessed"]
    if oldest:
        console.print(
            f"oldest unprocessed: message {oldest['id']} ({oldest['mailbox']}), received {oldest['received_at']}, "
            f"waiting {_age_text(oldest['age_seconds'])}", markup=False,
        )
    else:
        console.print("oldest unprocessed: none, every message is processed", markup=False)
    console.print("records: " + ", ".join(f"{n} {s}" for s, n in data["records"].items()), markup=False)
    console.print("outbox: " + ", ".join(f"{n} {s}" for s, n in data["outbox"].items()), markup=False)
    polls = Table(title="mailboxes")
    for column in ("mailbox", "folder", "last poll", "last error"):
        polls.add_column(column, overflow="fold")
    for row in data["mailboxes"]:
        name = row["mailbox"] if row["configured"] else f"{row['mailbox']} (not in config)"
        polls.add_row(name, row["folder"], row["last_poll_at"] or "never", row["last_error"] or "")
    console.print(polls)


def _age_text(seconds: int | None) -> str:
    if seconds is None:
        return "?"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"
