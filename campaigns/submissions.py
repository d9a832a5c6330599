"""A campaign's submissions, read from the store: one per nomination record.

A submission is a record that came in through one of the campaign's
mailboxes in a message that was parsed (or was a duplicate of one) and whose
date falls in the campaign's period. A record built over several messages (a
reply sending the missing photo merges into the original) counts once, on the
date of its first message: completing a record late does not make the unit
late, nor count for the next batch.

A message's date is its ``Date`` header (when the school sent it), unless
that is missing or claims to be more than a day after the message arrived (a
wrong clock); then it is the arrival time. Dates are calendar days in
``[digest] timezone``.

A message that arrived but could not be read (``failed``) is no submission,
but it is no silence either: :func:`load_unreadable` lists those messages so
the unit counts as "received, could not be read" and is not reminded that
nothing arrived.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from config import CampaignConfig
from domain import MessageStatus
from extract import is_empty_value
from store import Evidence, Message, Nomination, NominationMessage

COUNTED_STATUSES = (MessageStatus.PARSED.value, MessageStatus.DUPLICATE.value)
CLOCK_SKEW = timedelta(days=1)
EARLY_MARGIN = timedelta(days=31)  # messages that arrived this long before the period are not read at all


@dataclass(frozen=True)
class Submission:
    """One record and the message it first came in."""

    nomination_id: int
    message_id: int
    mailbox: str
    sender: str | None
    sender_name: str | None
    subject: str | None
    unit_written: str | None
    day: date
    form: str
    missing: tuple[str, ...]  # against the campaign's required items

    @property
    def complete(self) -> bool:
        return not self.missing


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def message_day(message: Message, tz: ZoneInfo) -> date:
    """The local calendar day a message was sent (see the module docstring)."""
    sent, received = _utc(message.sent_at), _utc(message.received_at)
    when = sent if sent is not None and (received is None or sent <= received + CLOCK_SKEW) else received
    return (when or datetime.now(timezone.utc)).astimezone(tz).date()


@dataclass(frozen=True)
class Unreadable:
    """A message of the campaign's mailboxes that arrived but failed to parse."""

    message_id: int
    mailbox: str
    sender: str | None
    sender_name: str | None
    day: date


def load_unreadable(db: Session, campaign: CampaignConfig, zone: str) -> list[Unreadable]:
    """The campaign's ``failed`` messages dated in its period, oldest first."""
    tz = ZoneInfo(zone)
    lower = datetime.combine(campaign.start, time(0), tzinfo=tz).astimezone(timezone.utc) - EARLY_MARGIN
    messages = db.exec(select(Message).where(Message.mailbox.in_(campaign.mailboxes),
                                             Message.status == MessageStatus.FAILED.value,
                                             Message.received_at >= lower)).all()
    found = [Unreadable(message_id=m.id, mailbox=m.mailbox, sender=m.sender, sender_name=m.sender_name,
                        day=message_day(m, tz)) for m in messages]
    return sorted((u for u in found if campaign.start <= u.day <= campaign.end), key=lambda u: (u.day, u.message_id))


def campaign_missing(n: Nomination, required: tuple[str, ...] | None, evidence: int) -> tuple[str, ...]:
    """What a record lacks for this campaign: its own ``missing``, or re-checked against ``required``."""
    if required is None or n.form == "registration":
        return tuple(n.missing or ())
    missing = []
    for item in required:
        if item == "photo":
            absent = not n.photos
        elif item == "evidence":
            absent = evidence == 0
        else:
            value = getattr(n, item, None)
            absent = value is None or is_empty_value(str(value))
        if absent:
            missing.append(item)
    return tuple(missing)


def load_submissions(db: Session, campaign: CampaignConfig, zone: str) -> list[Submission]:
    """Every submission of ``campaign``, oldest first."""
    tz = ZoneInfo(zone)
    lower = datetime.combine(campaign.start, time(0), tzinfo=tz).astimezone(timezone.utc) - EARLY_MARGIN
    rows = db.exec(
        select(NominationMessage.nomination_id, Message)
        .join(Message, Message.id == NominationMessage.message_id)
        .where(Message.mailbox.in_(campaign.mailboxes), Message.status.in_(COUNTED_STATUSES),
               Message.received_at >= lower)
    ).all()
    first: dict[int, tuple[date, int, Message]] = {}
    for nomination_id, message in rows:
        candidate = (message_day(message, tz), message.id, message)
        if nomination_id not in first or candidate[:2] < first[nomination_id][:2]:
            first[nomination_id] = candidate
    first = {k: v for k, v in first.items() if campaign.start <= v[0] <= campaign.end}
    if not first:
        return []
    ids = sorted(first)
    nominations = {n.id: n for n in db.exec(select(Nomination).where(Nomination.id.in_(ids))).all()}
    evidence: dict[int, int] = {}
    if campaign.required is not None:
        evidence = dict(db.exec(select(Evidence.nomination_id, func.count()).where(Evidence.nomination_id.in_(ids))
                                .group_by(Evidence.nomination_id)).all())
    submissions = []
    for nomination_id in ids:
        n = nominations.get(nomination_id)
        if n is None:
            continue
        day, _id, message = first[nomination_id]
        submissions.append(Submission(
            nomination_id=n.id, message_id=message.id, mailbox=message.mailbox, sender=message.sender,
            sender_name=message.sender_name, subject=message.subject, unit_written=n.unit, day=day, form=n.form,
            missing=campaign_missing(n, campaign.required, evidence.get(n.id, 0)),
        ))
    submissions.sort(key=lambda s: (s.day, s.message_id, s.nomination_id))
    return submissions
