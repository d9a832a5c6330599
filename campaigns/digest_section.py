"""A campaign's progress as the reviewers' digest shows it (``notifier/templates/digest.*``).

Counted to the end of the digest's day (``day_over``): a deadline on that day
has passed when the digest reports it, and the units that missed it are
named. Before a deadline the units from which nothing has arrived are
listed (for the next deadline only) with whether they were reminded, and
when, or cannot be (no address).
Units whose mail arrived but could not be read are named apart: they did
send. Unmatched senders come with their closest roster unit and its score
when it reaches ``suggest_threshold`` (and the ``dienhinh campaign alias``
command for the operator, which the templates do not show reviewers). Lists
are capped so a large roster cannot swamp the mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from campaigns.reminders import can_be_reminded, reminders_queued
from campaigns.roster import RosterError
from campaigns.status import (
    COMPLETE,
    INCOMPLETE,
    NOT_SUBMITTED,
    UNREADABLE,
    BatchStatus,
    CampaignStatus,
    campaign_status,
)
from config import Settings
from domain import one_line
from store import session

MAX_CAMPAIGN_NAMES = 60  # units listed per missed deadline, unmatched senders per campaign


@dataclass
class WaitingLine:
    """A unit from which nothing has arrived for a batch still open, and its reminder."""

    unit: str
    reminder: str  # "đã nhắc ngày 17/04/2024", "chưa nhắc", "không nhắc được (không có địa chỉ thư)"
    reminded: bool
    can_remind: bool


@dataclass
class CampaignBatchLine:
    name: str
    deadline: str  # dd/mm/yyyy
    when: str  # "còn 3 ngày", "hết hạn hôm nay", "đã hết hạn"
    passed: bool
    roster: int
    submitted: int
    complete: int
    incomplete: int
    not_submitted: int
    missed: list[str] = field(default_factory=list)  # units that missed it (after the deadline)
    missed_more: int = 0
    unreadable: int = 0  # units whose mail arrived but could not be read
    unreadable_names: list[str] = field(default_factory=list)
    waiting: list[WaitingLine] = field(default_factory=list)  # before the deadline: nothing arrived yet
    waiting_more: int = 0
    cannot_remind: int = 0  # of the waiting units, those no reminder can reach


@dataclass
class CampaignUnmatchedLine:
    written: str
    sender: str
    received: str  # dd/mm/yyyy
    records: int
    suggestion: str
    score: str  # "61%": how close the suggestion is ("" when none is offered)
    command: str


@dataclass
class CampaignSection:
    """One campaign's progress in the digest (see :mod:`campaigns.status`)."""

    name: str
    title: str
    batches: list[CampaignBatchLine] = field(default_factory=list)
    unmatched: list[CampaignUnmatchedLine] = field(default_factory=list)
    unmatched_more: int = 0
    roster_problems: int = 0
    error: str | None = None


def _when_label(batch: BatchStatus) -> str:
    if batch.passed:
        return "đã hết hạn" if batch.days_left < 0 else "hết hạn hôm nay"
    return "hôm nay là hạn cuối" if batch.days_left == 0 else f"còn {batch.days_left} ngày"


def _shell_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


def _waiting(engine: Engine, settings: Settings, status: CampaignStatus, batch: BatchStatus) -> list[WaitingLine]:
    """The units still to send for an open batch, each with its reminder as reviewers read it."""
    units = [cell.unit for cell in batch.waiting]
    with session(engine) as db:
        queued = reminders_queued(db, status.campaign.name, batch.batch.name, [u.name for u in units])
    zone = ZoneInfo(settings.digest.timezone)
    lines = []
    for unit in units:
        possible = can_be_reminded(settings, unit)
        if unit.name in queued:
            label = f"đã nhắc ngày {queued[unit.name].astimezone(zone).strftime('%d/%m/%Y')}"
        elif not possible:
            label = "không nhắc được (" + ("không có địa chỉ thư" if unit.no_address else
                                            "không có địa chỉ thư nhận được") + ")"
        elif status.campaign.remind:
            label = "chưa nhắc"
        else:
            label = "không gửi thư nhắc (đã tắt)"
        lines.append(WaitingLine(unit=one_line(unit.name), reminder=label, reminded=unit.name in queued,
                                 can_remind=possible))
    return lines


def _section(engine: Engine, settings: Settings, status: CampaignStatus, name: str) -> CampaignSection:
    section = CampaignSection(name=name, title=status.campaign.title, roster_problems=len(status.roster_problems))
    upcoming = next((b for b in status.batches if not b.passed), None)  # only its units are listed
    for batch in status.batches:
        missed = [one_line(u.unit.name) for u in batch.missed]
        unreadable = [one_line(u.unit.name) for u in batch.unreadable]
        waiting = _waiting(engine, settings, status, batch) if batch is upcoming else []
        section.batches.append(CampaignBatchLine(
            name=batch.batch.name, deadline=batch.batch.deadline.strftime("%d/%m/%Y"), when=_when_label(batch),
            passed=batch.passed, roster=len(batch.units), submitted=batch.submitted,
            complete=batch.count(COMPLETE), incomplete=batch.count(INCOMPLETE),
            not_submitted=batch.count(NOT_SUBMITTED), missed=missed[:MAX_CAMPAIGN_NAMES],
            missed_more=max(len(missed) - MAX_CAMPAIGN_NAMES, 0), unreadable=batch.count(UNREADABLE),
            unreadable_names=unreadable[:MAX_CAMPAIGN_NAMES], waiting=waiting[:MAX_CAMPAIGN_NAMES],
            waiting_more=max(len(waiting) - MAX_CAMPAIGN_NAMES, 0),
            cannot_remind=sum(1 for w in waiting if not w.can_remind),
        ))
    for entry in status.unmatched[:MAX_CAMPAIGN_NAMES]:
        target = entry.suggestion or "Tên đơn vị trong danh sách"
        section.unmatched.append(CampaignUnmatchedLine(
            written=one_line(entry.written), sender=entry.sender, received=entry.first_day.strftime("%d/%m/%Y"),
            records=entry.records, suggestion=one_line(entry.suggestion),
            score=f"{round(entry.confidence * 100)}%" if entry.suggestion else "",
            command=f"dienhinh campaign alias {name} {_shell_quote(one_line(entry.written))} {_shell_quote(target)}",
        ))
    section.unmatched_more = max(len(status.unmatched) - MAX_CAMPAIGN_NAMES, 0)
    return section


def campaign_sections(engine: Engine, settings: Settings, day: date) -> list[CampaignSection]:
    """Progress of every campaign whose period holds ``day``, counted to the end of that day.

    A roster that cannot be read shows as an error line instead of hiding
    the rest of the digest.
    """
    sections = []
    for campaign in settings.campaigns:
        if not campaign.start <= day <= campaign.end:
            continue
        try:
            status = campaign_status(engine, settings, campaign, day, day_over=True)
        except RosterError as exc:
            sections.append(CampaignSection(name=campaign.name, title=campaign.title, error=str(exc)))
            continue
        sections.append(_section(engine, settings, status, campaign.name))
    return sections
