"""What the operator commands show: plain dicts for --json, rich tables for people."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from sqlmodel import select

from domain import visible
from store import Attachment, Message, Nomination, NominationMessage, ParseAttempt, Service, session

console = Console()


def _iso(service: Service, when) -> str | None:
    local = service.local(when)
    return local.isoformat(timespec="seconds") if local else None


def message_row(service: Service, m: Message) -> dict:
    return {
        "id": m.id,
        "mailbox": m.mailbox,
        "uid": m.uid,
        "message_id": m.message_id,
        "sender": m.sender,
        "subject": m.subject,
        "received_at": _iso(service, m.received_at),
        "status": m.status,
        "reason": m.reason,
    }


def mailbox_names(service: Service) -> list[str]:
    """The configured mailboxes, and any other name stored messages carry (a mailbox since removed)."""
    with session(service.engine) as db:
        stored = set(db.exec(select(Message.mailbox).distinct()).all())
    return sorted({m.name for m in service.settings.mailboxes} | stored)


def message_rows(service: Service, status: str | None = None, mailbox: str | None = None) -> list[dict]:
    query = select(Message).order_by(Message.id)
    if status:
        query = query.where(Message.status == status)
    if mailbox:
        query = query.where(Message.mailbox == mailbox)
    with session(service.engine) as db:
        return [message_row(service, m) for m in db.exec(query).all()]


def message_detail(service: Service, message_id: int) -> dict | None:
    with session(service.engine) as db:
        m = db.get(Message, message_id)
        if m is None:
            return None
        attachments = db.exec(select(Attachment).where(Attachment.message_id == m.id).order_by(Attachment.id)).all()
        attempts = db.exec(select(ParseAttempt).where(ParseAttempt.message_id == m.id).order_by(ParseAttempt.id)).all()
        records = db.exec(
            select(Nomination).join(NominationMessage, NominationMessage.nomination_id == Nomination.id)
            .where(NominationMessage.message_id == m.id).order_by(Nomination.id)
        ).all()
    detail = message_row(service, m)
    detail.update(
        {
            "folder": m.folder,
            "uidvalidity": m.uidvalidity,
            "sha256": m.sha256,
            "size": m.size,
            "sender_name": m.sender_name,
            "sent_at": _iso(service, m.sent_at),
            "in_reply_to": m.in_reply_to,
            "attempts": m.attempts,
            "traceback": m.traceback,
            "raw_path": str(service.archive.path_for(m.sha256)),
            "attachments": [
                {
                    "id": a.id,
                    "filename": a.filename,
                    "display_name": visible(a.filename),
                    "content_type": a.content_type,
                    "size": a.size,
                    "status": a.status,
                    "reason": a.reason,
                    "summary": a.summary,
                }
                for a in attachments
            ],
            "extracted": [_extracted(draft) for draft in (m.drafts or [])],
            "records": [{"id": r.id, "name": r.name or r.unit, "status": r.status, "missing": list(r.missing or [])}
                        for r in records],
            "history": [
                {
                    "started_at": _iso(service, a.started_at),
                    "status": a.status,
                    "reason": a.reason,
                    "duration_ms": a.duration_ms,
                }
                for a in attempts
            ],
        }
    )
    return detail


def _extracted(draft: dict) -> dict:
    """What extraction found in the message: the fields that hold a value."""
    return {key: value for key, value in draft.items() if value not in (None, "", [], {}, 0)}


def print_messages(rows: list[dict]) -> None:
    table = Table(show_lines=False)
    for column in ("id", "mailbox", "uid", "status", "sender", "subject", "reason"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row[c]) if row[c] is not None else "" for c in ("id", "mailbox", "uid", "status", "sender", "subject", "reason")))
    console.print(table)
    console.print(f"{len(rows)} message(s)")


def print_detail(detail: dict) -> None:
    console.print(f"[bold]Message {detail['id']}[/bold]  status: [bold]{detail['status']}[/bold]")
    for key in ("mailbox", "folder", "uid", "message_id", "sender", "sender_name", "subject", "sent_at", "received_at", "size", "attempts", "raw_path"):
        console.print(f"  {key}: {detail[key]}", highlight=False, markup=False)
    if detail["reason"]:
        console.print(f"  reason: {detail['reason']}", markup=False)
    if detail["attachments"]:
        console.print("[bold]Attachments[/bold]")
        for a in detail["attachments"]:
            line = f"  #{a['id']} {a['display_name']} ({a['content_type']}, {a['size']} bytes) {a['status']}"
            console.print(line + (f": {a['reason']}" if a["reason"] else ""), markup=False)
    if detail.get("extracted"):
        console.print("[bold]Extracted[/bold]")
        for index, draft in enumerate(detail["extracted"], 1):
            console.print(f"  draft {index}:", markup=False)
            for key, value in draft.items():
                shown = ", ".join(map(str, value)) if isinstance(value, list) else value
                console.print(f"    {key}: {shown}", markup=False, highlight=False)
    if detail.get("records"):
        console.print("[bold]Records[/bold]")
        for record in detail["records"]:
            missing = f" missing: {', '.join(record['missing'])}" if record["missing"] else ""
            console.print(f"  #{record['id']} {record['name']} {record['status']}{missing}", markup=False)
    if detail["traceback"]:
        console.print("[bold]Traceback[/bold]")
        console.print(detail["traceback"], markup=False, highlight=False)
    if detail["history"]:
        console.print("[bold]Attempts[/bold]")
        for a in detail["history"]:
            console.print(f"  {a['started_at']} {a['status']} {a['duration_ms']} ms {a['reason'] or ''}", markup=False)
    if detail["status"] == "failed":
        console.print(f"Rerun with: dienhinh reparse {detail['id']}", markup=False)


def cycle_summary(result) -> dict:
    return {
        "mailboxes": [
            {"mailbox": p.mailbox, "stored": p.stored, "remapped": p.remapped, "oversized": p.oversized, "error": p.error}
            for p in result.polls
        ],
        "processed": {status: sum(1 for o in result.outcomes if o.status == status) for status in sorted({o.status for o in result.outcomes})},
        "ok": result.ok,
    }


def print_cycle(summary: dict) -> None:
    for p in summary["mailboxes"]:
        state = f"error: {p['error']}" if p["error"] else f"{p['stored']} new"
        console.print(f"mailbox {p['mailbox']}: {state}", markup=False)
    processed = ", ".join(f"{n} {s}" for s, n in summary["processed"].items()) or "nothing to process"
    console.print(f"processed: {processed}", markup=False)


def print_outbox(rows: list[dict]) -> None:
    table = Table()
    columns = ("id", "kind", "state", "attempts", "recipient", "subject", "last_error")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console.print(table)
    console.print(f"{len(rows)} mail(s)")
