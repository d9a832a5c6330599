"""The review queue: records to act on first, filtered, searched, counted and paged.

Order: not yet reviewed before reviewed, incomplete before complete, newest
first. Paging is LIMIT/OFFSET over the ``(mailbox, id)`` and
``review_state`` indexes, with counts per filter in two GROUP BY queries,
which stays fast at 50,000 records (``bench/workbench.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlencode

from sqlalchemy import case, func, or_
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


def _conditions(account: Account, settings: Settings, zone, f: QueueFilter, skip: str = "") -> list:
    where = []
    if not account.is_admin:
        where.append(Nomination.mailbox.in_(account.mailboxes or ("",)))
    if f.mailbox and skip != "mailbox":
        where.append(Nomination.mailbox == f.mailbox)
    if f.status and skip != "status":
        where.append(Nomination.status == f.status)
    if f.review_state and skip != "review_state":
        where.append(Nomination.review_state == f.review_state)
    if f.unit:
        where.append(func.lower(Nomination.unit).like(f"%{f.unit.lower()}%"))
    if f.q:
        pattern = f"%{f.q.lower()}%"
        where.append(or_(Nomination.match_key.like(f"%{fold(f.q)}%"), func.lower(Nomination.sender).like(pattern),
                         func.lower(Nomination.name).like(pattern), func.lower(Nomination.unit).like(pattern)))
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


def _counts(db, column, where) -> dict[str, int]:
    return {str(key): n for key, n in db.exec(select(column, func.count()).where(*where).group_by(column)).all()}


def load_queue(service: Service, account: Account, f: QueueFilter) -> QueuePage:
    settings, zone = service.settings, service.zone
    where = _conditions(account, settings, zone, f)
    act_first = (case((Nomination.review_state == "new", 0), else_=1),
                 case((Nomination.status == "incomplete", 0), else_=1), Nomination.id.desc())
    with session(service.engine) as db:
        rows = list(db.exec(select(Nomination).where(*where).order_by(*act_first)
                            .offset((f.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all())
        status_counts = _counts(db, Nomination.status, _conditions(account, settings, zone, f, skip="status"))
        review_counts = _counts(db, Nomination.review_state,
                                _conditions(account, settings, zone, f, skip="review_state"))
        mailbox_counts = _counts(db, Nomination.mailbox, _conditions(account, settings, zone, f, skip="mailbox"))
    total = sum(n for key, n in status_counts.items() if not f.status or key == f.status)
    return QueuePage(rows, total, status_counts, review_counts, mailbox_counts, max(1, -(-total // PAGE_SIZE)))


def filtered_ids(service: Service, account: Account, f: QueueFilter) -> list[int]:
    """Every record id of the filter (for exports), oldest first."""
    where = _conditions(account, service.settings, service.zone, f)
    with session(service.engine) as db:
        return list(db.exec(select(Nomination.id).where(*where).order_by(Nomination.id)).all())
