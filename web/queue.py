"""The review queue: records to act on first, filtered, searched, counted and paged.

Search and the unit filter match ``search_key`` (the folded name, unit, model
title and sender: accent- and case-insensitive). Order: not yet reviewed before reviewed, incomplete before complete, newest
first. Paging is LIMIT/OFFSET over the ``(mailbox, id)`` and
``review_state`` indexes, with counts per filter in two GROUP BY queries,
which stays fast at 50,000 records (``bench/workbench.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlencode

from sqlalchemy import case, func
from sqlmodel import select

from config import Settings
from domain import fold
from store import Nomination, Service, session
from web.accounts import Account

PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilter:
    mailbox: str = ""
    status: str = ""
    review_state: str = ""
    unit: str = ""
    q: str = ""
    campaign: str = ""
    batch: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params) -> "QueueFilter":
        try:
            page = max(1, int(params.get("page") or 1))
        except ValueError:
            page = 1
        return cls(*(str(params.get(name) or "").strip()[:200] for name in
                     ("mailbox", "status", "review_state", "unit", "q", "campaign", "batch")), page=page)

    def query_string(self, **changes) -> str:
        values = {k: v for k, v in vars(replace(self, **changes)).items() if v and not (k == "page" and v == 1)}
        return urlencode(values)


@dataclass
class QueuePage:
    rows: list[Nomination]
    total: int
    status_counts: dict[str, int]
    review_counts: dict[str, int]
    mailbox_counts: dict[str, int]
    pages: int


def _local_midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(account: Account, settings: Settings, zone, f: QueueFilter) -> list:
    where = []
    if not account.is_admin:
        where.append(Nomination.mailbox.in_(account.mailboxes or ("",)))
    if f.mailbox:
        where.append(Nomination.mailbox == f.mailbox)
    if f.status:
        where.append(Nomination.status == f.status)
    if f.review_state:
        where.append(Nomination.review_state == f.review_state)
    if f.unit:
        where.append(Nomination.search_key.like(f"%{_escaped(fold(f.unit))}%", escape="\\"))
    if f.q:
        where.append(Nomination.search_key.like(f"%{_escaped(fold(f.q))}%", escape="\\"))
    campaign = next((c for c in settings.campaigns if c.name == f.campaign), None)
    if campaign is not None:
        start, end = campaign.start, campaign.end
        batches = sorted(campaign.batches, key=lambda b: b.deadline)
        for position, batch in enumerate(batches):
            if batch.name == f.batch:
                start = batches[position - 1].deadline + timedelta(days=1) if position else campaign.start
                end = batch.deadline
        where += [Nomination.mailbox.in_(campaign.mailboxes),
                  Nomination.received_at >= _local_midnight(start, zone),
                  Nomination.received_at < _local_midnight(end + timedelta(days=1), zone)]
    return where


def load_queue(service: Service, account: Account, f: QueueFilter) -> QueuePage:
    """One page of the queue and the counts per filter value.

    The order is computed over ids alone (from the ``ix_nomination_queue``
    index) before the page's 50 rows are read; the counts come from one
    GROUP BY over the same index, split per filter in Python.
    """
    settings, zone = service.settings, service.zone
    act_first = (case((Nomination.review_state == "new", 0), else_=1),
                 case((Nomination.status == "incomplete", 0), else_=1), Nomination.id.desc())
    dimensions = (Nomination.mailbox, Nomination.status, Nomination.review_state)
    with session(service.engine) as db:
        ids = list(db.exec(select(Nomination.id).where(*_conditions(account, settings, zone, f)).order_by(*act_first)
                           .offset((f.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all())
        found = {n.id: n for n in db.exec(select(Nomination).where(Nomination.id.in_(ids or [0]))).all()}
        groups = db.exec(select(*dimensions, func.count())
                         .where(*_conditions(account, settings, zone, replace(f, mailbox="", status="", review_state="")))
                         .group_by(*dimensions)).all()
    counts: dict[str, dict[str, int]] = {"mailbox": {}, "status": {}, "review_state": {}}
    chosen = {"mailbox": f.mailbox, "status": f.status, "review_state": f.review_state}
    total = 0
    for mailbox, status, review_state, n in groups:
        values = {"mailbox": mailbox, "status": status, "review_state": str(review_state)}
        for name in counts:
            if all(not chosen[o] or values[o] == chosen[o] for o in chosen if o != name):
                counts[name][values[name]] = counts[name].get(values[name], 0) + n
        if all(not chosen[o] or values[o] == chosen[o] for o in chosen):
            total += n
    return QueuePage([found[i] for i in ids if i in found], total, counts["status"], counts["review_state"],
                     counts["mailbox"], max(1, -(-total // PAGE_SIZE)))


def filtered_ids(service: Service, account: Account, f: QueueFilter) -> list[int]:
    """Every record id of the filter (for exports), oldest first."""
    where = _conditions(account, service.settings, service.zone, f)
    with session(service.engine) as db:
        return list(db.exec(select(Nomination.id).where(*where).order_by(Nomination.id)).all())
