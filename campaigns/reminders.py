"""One polite reminder per roster unit and batch, a few days before the deadline.

From ``remind_days_before`` days before a batch's deadline until the
deadline itself, every roster unit from which nothing arrived for that batch
(a mail that arrived but could not be read counts as arrived: the unit is
not told that nothing came) gets
a reminder: what to send, the deadline (dd/mm/yyyy) and where to send it.
It goes through the outbox under ``reminder:{campaign}:{batch}:{unit}``, so
however often the daily job runs (or a second worker runs it too) a unit
gets one reminder per batch. A run on a later day inside the window catches
up on a day the worker missed.

The mail is ``Auto-Submitted: auto-generated`` (RFC 3834 section 5, set by
``notifier.compose.build_mime`` for every kind other than flag/ack).
Addresses no person reads (no-reply, list and robot addresses) and our own
addresses are never written to, and the per-address daily cap of automatic
mail (``[smtp] daily_cap_per_sender``) counts reminders together with flags
and acknowledgements: an address at its cap today is tried again on the next
run inside the window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from campaigns.roster import RosterError, RosterUnit
from campaigns.status import BatchStatus, campaign_status
from config import CampaignConfig, ConfigError, Settings
from domain import one_line
from notifier import (
    ORGANISATION,
    day_start_utc,
    is_deliverable,
    item,
    message_id_domain,
    queue_mail,
    render_pair,
    under_daily_cap,
)
from store import OutgoingMail, session

log = logging.getLogger(__name__)

KIND = "reminder"
RECIPIENT_MAX = 320  # outgoing_mail.recipient


@dataclass
class Reminder:
    """One unit's reminder for one batch and what became of it."""

    campaign: str
    batch: str
    deadline: date
    unit: str
    recipients: list[str]
    state: str  # queued | already | capped | no_address | preview
    subject: str = ""
    text: str = ""
    html: str = ""
    row_id: int | None = None
    note: str = ""


@dataclass
class ReminderRun:
    reminders: list[Reminder] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # campaigns that could not be handled (roster unusable)

    def count(self, state: str) -> int:
        return sum(1 for r in self.reminders if r.state == state)


def dedupe_key(campaign: str, batch: str, unit: str) -> str:
    return f"reminder:{campaign}:{batch}:{unit}"[:500]


def due_batches(campaign: CampaignConfig, today: date) -> list:
    """Batches whose reminder window (``remind_days_before`` days up to the deadline) holds ``today``."""
    if not campaign.remind or today < campaign.start:
        return []
    window = timedelta(days=campaign.remind_days_before)
    return [b for b in campaign.batches if b.deadline - window <= today <= b.deadline]


def submit_address(settings: Settings, campaign: CampaignConfig) -> str:
    """Where units are told to send: ``submit_to``, else the first mailbox's address."""
    if campaign.submit_to:
        return campaign.submit_to
    mailbox = settings.mailbox(campaign.mailboxes[0])
    for candidate in (mailbox.address, mailbox.username):
        if candidate and "@" in candidate:
            return candidate
    return parseaddr(settings.smtp.from_)[1] if settings.smtp else ""


def _own_addresses(settings: Settings) -> set[str]:
    own = {parseaddr(settings.smtp.from_)[1].lower()} if settings.smtp else set()
    for mailbox in settings.mailboxes:
        own.update(a.lower() for a in (mailbox.address, mailbox.username) if a and "@" in a)
    return own


def deliverable(address: str, own: set[str]) -> bool:
    """Whether a person reads ``address``: a well-formed, not no-reply/list/robot, not our own (RFC 3834)."""
    return is_deliverable(address) and address not in own


def _reminders_today(db: Session, address: str, since: datetime) -> int:
    rows = db.exec(select(OutgoingMail.recipient).where(OutgoingMail.kind == KIND,
                                                        OutgoingMail.created_at >= since)).all()
    return sum(1 for recipient in rows if address in [a.strip().lower() for a in recipient.split(",")])


def _under_cap(db: Session, address: str, since: datetime, cap: int) -> bool:
    left = cap - _reminders_today(db, address, since)
    return left > 0 and under_daily_cap(db, address, since, left)


def _required_items(settings: Settings, campaign: CampaignConfig) -> list[dict]:
    required = campaign.required or settings.mailbox(campaign.mailboxes[0]).required
    return [{"label": item(key).label, "how": item(key).how} for key in required]


def compose_reminder(settings: Settings, campaign: CampaignConfig, status: BatchStatus, unit: RosterUnit,
                     today: date) -> tuple[str, str, str]:
    """Subject, text and HTML of a unit's reminder."""
    deadline = status.batch.deadline.strftime("%d/%m/%Y")
    organisation = (parseaddr(settings.smtp.from_)[0] if settings.smtp else "") or ORGANISATION
    context = {
        "greeting": one_line(unit.name), "organisation": one_line(organisation), "title": campaign.title,
        "batch": one_line(status.batch.name), "deadline_label": deadline,
        "days_left": (status.batch.deadline - today).days, "submit_to": submit_address(settings, campaign),
        "items": _required_items(settings, campaign),
    }
    text, html = render_pair("reminder", context, settings.digest.templates_dir)
    subject = f"Nhắc hạn gửi hồ sơ {status.batch.name} (chậm nhất ngày {deadline}): {campaign.title}"
    return one_line(subject), text, html


def _exists(db: Session, key: str) -> bool:
    return db.exec(select(OutgoingMail.id).where(OutgoingMail.dedupe_key == key)).first() is not None


def _recipients(unit: RosterUnit, own: set[str]) -> list[str]:
    chosen: list[str] = []
    for address in unit.emails:
        if deliverable(address, own) and len(", ".join([*chosen, address])) <= RECIPIENT_MAX:
            chosen.append(address)
    return chosen


def _remind_unit(db: Session, settings: Settings, campaign: CampaignConfig, status: BatchStatus,
                 unit: RosterUnit, today: date, preview: bool, cap_since: datetime) -> Reminder:
    base = dict(campaign=campaign.name, batch=status.batch.name, deadline=status.batch.deadline, unit=unit.name)
    key = dedupe_key(campaign.name, status.batch.name, unit.name)
    recipients = _recipients(unit, _own_addresses(settings))
    if not recipients:
        why = "no e-mail address on the roster" if unit.no_address else "no address a person reads"
        return Reminder(**base, recipients=[], state="no_address", note=f"cannot be reminded: {why}")
    if _exists(db, key):
        return Reminder(**base, recipients=recipients, state="already")
    cap = settings.smtp.daily_cap_per_sender if settings.smtp else 5
    allowed = [a for a in recipients if _under_cap(db, a, cap_since, cap)]
    if not allowed:
        return Reminder(**base, recipients=recipients, state="capped",
                        note=f"daily cap of {cap} automatic mails reached")
    subject, text, html = compose_reminder(settings, campaign, status, unit, today)
    if preview:
        return Reminder(**base, recipients=allowed, state="preview", subject=subject, text=text, html=html)
    row = queue_mail(db, kind=KIND, dedupe_key=key, recipient=", ".join(allowed), subject=subject, body_text=text,
                     body_html=html, domain=message_id_domain(settings.smtp.from_))
    state = "queued" if row is not None else "already"
    return Reminder(**base, recipients=allowed, state=state, subject=subject, text=text, html=html,
                    row_id=row.id if row else None)


def can_be_reminded(settings: Settings, unit: RosterUnit) -> bool:
    """Whether the unit has an address a reminder may go to."""
    return bool(_recipients(unit, _own_addresses(settings)))


def reminders_queued(db: Session, campaign: str, batch: str, units: list[str]) -> dict[str, datetime]:
    """When each of ``units`` was reminded for ``batch`` (the outbox row's creation, UTC); absent: never."""
    keys = {dedupe_key(campaign, batch, unit): unit for unit in units}
    if not keys:
        return {}
    rows = db.exec(select(OutgoingMail.dedupe_key, OutgoingMail.created_at)
                   .where(OutgoingMail.dedupe_key.in_(list(keys)))).all()
    return {keys[key]: created.replace(tzinfo=timezone.utc) if created.tzinfo is None else created
            for key, created in rows}


def run_reminders(engine: Engine, settings: Settings, today: date, preview: bool = False,
                  campaigns: list[str] | None = None) -> ReminderRun:
    """Queue (or with ``preview`` only compose) the reminders due on ``today``; ``send_pending`` delivers them.

    The worker calls this once a day; running it again the same day, or the
    next, queues nothing twice. A campaign whose roster cannot be read is
    reported in ``errors`` and the others go ahead.
    """
    if not preview and settings.smtp is None:
        raise ConfigError(f"{settings.source}: smtp: required to send reminders")
    zone = ZoneInfo(settings.digest.timezone)
    cap_since = day_start_utc(datetime.now(timezone.utc).astimezone(zone).date(), zone)  # the real day
    run = ReminderRun()
    for campaign in settings.campaigns:
        if campaigns and campaign.name not in campaigns:
            continue
        due = due_batches(campaign, today)
        if not due:
            continue
        try:
            status = campaign_status(engine, settings, campaign, today)
        except RosterError as exc:
            run.errors.append(f"campaign {campaign.name}: {exc}")
            log.error("reminders: campaign %s: %s", campaign.name, exc)
            continue
        for batch in due:
            batch_status = status.batch(batch.name)
            for cell in batch_status.waiting:
                with session(engine) as db:
                    reminder = _remind_unit(db, settings, campaign, batch_status, cell.unit, today, preview, cap_since)
                    if reminder.state == "queued":
                        db.commit()
                run.reminders.append(reminder)
                log.info("reminders: %s %s %s: %s", campaign.name, batch.name, cell.unit.name, reminder.state)
    return run
