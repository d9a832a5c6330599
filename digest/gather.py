"""What happened on one day, read from the store for the reviewers' digest.

A day is a calendar day in ``[digest] timezone`` (Asia/Ho_Chi_Minh unless
configured), turned into a half-open UTC interval ``[start, end)``. The day's
nominations are those created or updated in it (a reply that completes an
earlier record shows up on the day it arrived); failed messages are those
received or last processed in it.

Each campaign whose period holds the day adds its progress per batch
(:mod:`campaigns.digest_section`, filled in by ``digest.send``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, true
from sqlalchemy.engine import Engine
from sqlmodel import select

from campaigns import CampaignSection
from digest.failure_reasons import OPERATOR, failure_kind
from domain import MessageStatus, one_line
from notifier import NO_UNIT, day_start_utc, flag_state_label, item, nominee_label
from store import Message, Nomination, NominationMessage, OutgoingMail, session

MAX_ROWS = 40  # per section: keeps the mail under Gmail's ~102 KB clip; the rest is counted


@dataclass
class NominationLine:
    id: int
    label: str
    form: str
    unit: str
    mailbox: str
    sender: str
    missing: list[str]
    is_new: bool
    received: str  # local HH:MM, or the local date when it was an earlier day
    flag_state: str | None = None
    flag_label: str = ""
    review: list[str] = field(default_factory=list)  # for the reviewer to settle; never flagged


@dataclass
class FailedLine:
    id: int
    mailbox: str
    sender: str
    subject: str
    reason: str  # Vietnamese, one line (digest.failure_reasons)
    who: str  # who acts next: the unit resends, or the operator reruns
    received: str
    rerun: bool = False  # a rerun may help (the operator's case): the workbench's button does it


@dataclass
class DigestData:
    day: date
    zone: str
    complete: list[NominationLine] = field(default_factory=list)
    incomplete: list[NominationLine] = field(default_factory=list)
    failed: list[FailedLine] = field(default_factory=list)
    more: dict[str, int] = field(default_factory=dict)  # rows left out per section
    by_mailbox: list[dict] = field(default_factory=list)
    by_unit: list[dict] = field(default_factory=list)
    flags_sent: int = 0
    received: int = 0
    campaigns: list[CampaignSection] = field(default_factory=list)  # shown even on a day with nothing new

    @property
    def empty(self) -> bool:
        return not (self.complete or self.incomplete or self.failed or self.more)

    def count(self, section: str) -> int:
        return len(getattr(self, section)) + self.more.get(section, 0)


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    start = day_start_utc(day, zone)
    return start, day_start_utc(day + timedelta(days=1), zone)


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def _received_label(when: datetime | None, day: date, tz: ZoneInfo) -> str:
    if when is None:
        return ""
    local = _utc(when).astimezone(tz)
    return local.strftime("%H:%M") if local.date() == day else local.strftime("%d/%m/%Y")


def _within(column, start: datetime, end: datetime):
    return and_(column >= start, column < end)


def _latest_flags(db, nominations: list[Nomination], links: dict[int, list[int]]) -> dict[int, OutgoingMail]:
    """The newest flag mail of each nomination, found by nomination or by message."""
    ids = {n.id for n in nominations}
    by_message: dict[int, set[int]] = defaultdict(set)
    for nomination_id, message_ids in links.items():
        for message_id in message_ids:
            by_message[message_id].add(nomination_id)
    rows = db.exec(
        select(OutgoingMail).where(OutgoingMail.kind == "flag").where(
            or_(OutgoingMail.nomination_id.in_(list(ids)), OutgoingMail.message_id.in_(list(by_message)))
        ).order_by(OutgoingMail.id)
    ).all()
    latest: dict[int, OutgoingMail] = {}
    for row in rows:
        targets = set(by_message.get(row.message_id, ()))
        if row.nomination_id in ids:
            targets.add(row.nomination_id)
        for nomination_id in targets:
            latest[nomination_id] = row
    return latest


def _line(n: Nomination, start: datetime, day: date, tz: ZoneInfo, arrived: datetime | None) -> NominationLine:
    created = _utc(n.created_at)
    return NominationLine(
        id=n.id, label=nominee_label({"form": n.form, "kind": n.kind, "name": n.name, "model_title": n.model_title}),
        form=n.form, unit=one_line(n.unit) or NO_UNIT, mailbox=n.mailbox, sender=n.sender or "",
        missing=[item(key).short for key in n.missing or []],
        review=[item(key).short for key in n.review or []],
        is_new=created is None or created >= start,
        received=_received_label(arrived or n.created_at, day, tz),  # when it reached us, not its Date header
    )


def _failed_line(m: Message, day: date, tz: ZoneInfo) -> FailedLine:
    kind = failure_kind(m.reason)
    return FailedLine(id=m.id, mailbox=m.mailbox, sender=m.sender or "", subject=one_line(m.subject),
                      reason=kind.reason, who=kind.who, received=_received_label(m.received_at, day, tz),
                      rerun=kind.who == OPERATOR)


def _capped(lines: list, section: str, more: dict[str, int]) -> list:
    if len(lines) > MAX_ROWS:
        more[section] = len(lines) - MAX_ROWS
    return lines[:MAX_ROWS]


def collect(engine: Engine, day: date, zone: str, mailboxes: list[str] | None = None) -> DigestData:
    """Everything the digest of ``day`` shows; of the given mailboxes only, when named."""
    tz = ZoneInfo(zone)
    start, end = day_bounds(day, zone)
    data = DigestData(day=day, zone=zone)
    mine_n = Nomination.mailbox.in_(mailboxes) if mailboxes is not None else true()
    mine_m = Message.mailbox.in_(mailboxes) if mailboxes is not None else true()
    with session(engine) as db:
        nominations = db.exec(
            select(Nomination).where(mine_n, or_(_within(Nomination.created_at, start, end),
                                                 _within(Nomination.updated_at, start, end))).order_by(Nomination.id)
        ).all()
        links: dict[int, list[int]] = defaultdict(list)
        for link in db.exec(select(NominationMessage).where(
                NominationMessage.nomination_id.in_([n.id for n in nominations]))).all():
            links[link.nomination_id].append(link.message_id)
        arrived = dict(db.exec(select(Message.id, Message.received_at).where(
            Message.id.in_([min(ids) for ids in links.values()]))).all())
        flags = _latest_flags(db, nominations, links)
        failed = db.exec(
            select(Message).where(mine_m, Message.status == MessageStatus.FAILED).where(
                or_(_within(Message.received_at, start, end), _within(Message.processed_at, start, end))
            ).order_by(Message.id)
        ).all()
        received = dict(db.exec(select(Message.mailbox, func.count()).where(
            mine_m, _within(Message.received_at, start, end)).group_by(Message.mailbox)).all())
        flags_sent = db.exec(
            select(Message.mailbox, func.count()).select_from(OutgoingMail)
            .join(Message, Message.id == OutgoingMail.message_id, isouter=True)
            .where(mine_m, OutgoingMail.kind == "flag", _within(OutgoingMail.sent_at, start, end))
            .group_by(Message.mailbox)
        ).all()

    complete, incomplete = [], []
    for n in nominations:
        first = min(links.get(n.id) or [0])
        line = _line(n, start, day, tz, arrived.get(first))
        if n.status == "complete":
            complete.append(line)
        else:
            flag = flags.get(n.id)
            line.flag_state = flag.state if flag else None
            line.flag_label = flag_state_label(line.flag_state)
            incomplete.append(line)
    data.complete = _capped(complete, "complete", data.more)
    data.incomplete = _capped(incomplete, "incomplete", data.more)
    data.failed = _capped([_failed_line(m, day, tz) for m in failed], "failed", data.more)

    sent_by_mailbox = {mailbox or "": count for mailbox, count in flags_sent}
    data.flags_sent = sum(sent_by_mailbox.values())
    data.received = sum(received.values())
    per_mailbox: dict[str, Counter] = defaultdict(Counter)
    per_unit: dict[str, Counter] = defaultdict(Counter)
    for n in nominations:
        per_mailbox[n.mailbox][n.status] += 1
        per_unit[one_line(n.unit) or NO_UNIT][n.status] += 1
    for m in failed:
        per_mailbox[m.mailbox]["failed"] += 1
    for mailbox, count in received.items():
        per_mailbox[mailbox]["received"] = count
    for mailbox, count in sent_by_mailbox.items():
        if mailbox:
            per_mailbox[mailbox]["flags_sent"] = count
    data.by_mailbox = [
        {"mailbox": name, "received": c["received"], "complete": c["complete"], "incomplete": c["incomplete"],
         "failed": c["failed"], "flags_sent": c["flags_sent"]}
        for name, c in sorted(per_mailbox.items())
    ]
    data.by_unit = [
        {"unit": unit, "complete": c["complete"], "incomplete": c["incomplete"],
         "total": c["complete"] + c["incomplete"]}
        for unit, c in sorted(per_unit.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]
    return data
