"""A campaign's progress as the reviewers' digest shows it (``notifier/templates/digest.*``).

Counted to the end of the digest's day (``day_over``): a deadline on that day
has passed when the digest reports it, and the units that missed it are
named. Unmatched senders come with the exact ``dienhinh campaign alias``
command that resolves them, the closest roster unit filled in. Lists are
capped so a large roster cannot swamp the mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine

from campaigns.roster import RosterError
from campaigns.status import COMPLETE, INCOMPLETE, NOT_SUBMITTED, BatchStatus, CampaignStatus, campaign_status
from config import Settings
from domain import one_line

MAX_CAMPAIGN_NAMES = 60  # units listed per missed deadline, unmatched senders per campaign


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


@dataclass
class CampaignUnmatchedLine:
    written: str
    sender: str
    received: str  # dd/mm/yyyy
    records: int
    suggestion: str
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


def _section(status: CampaignStatus, name: str) -> CampaignSection:
    section = CampaignSection(name=name, title=status.campaign.title, roster_problems=len(status.roster_problems))
    for batch in status.batches:
        missed = [one_line(u.unit.name) for u in batch.missed]
        section.batches.append(CampaignBatchLine(
            name=batch.batch.name, deadline=batch.batch.deadline.strftime("%d/%m/%Y"), when=_when_label(batch),
            passed=batch.passed, roster=len(batch.units), submitted=batch.submitted,
            complete=batch.count(COMPLETE), incomplete=batch.count(INCOMPLETE),
            not_submitted=batch.count(NOT_SUBMITTED), missed=missed[:MAX_CAMPAIGN_NAMES],
            missed_more=max(len(missed) - MAX_CAMPAIGN_NAMES, 0),
        ))
    for entry in status.unmatched[:MAX_CAMPAIGN_NAMES]:
        target = entry.suggestion or "Tên đơn vị trong danh sách"
        section.unmatched.append(CampaignUnmatchedLine(
            written=one_line(entry.written), sender=entry.sender, received=entry.first_day.strftime("%d/%m/%Y"),
            records=entry.records, suggestion=one_line(entry.suggestion),
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
        sections.append(_section(status, campaign.name))
    return sections
