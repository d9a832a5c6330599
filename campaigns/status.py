"""Where a campaign stands: per batch, which roster units sent what, and who has not.

:func:`campaign_status` is the one place the feature's view is computed;
the digest section, the reminders and the report all read it, so they
always agree. Nothing here is stored: a roster edit or a new alias shows at
once.

``as_of`` is the last day counted (later submissions are left out, so a
digest or report for an earlier day can be rebuilt). ``day_over`` says
whether that day has ended: the digest reports a finished day, so a deadline
on that day has passed; ``status`` and ``report`` run during the day, when
units can still send on the deadline itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine

from campaigns.aliases import load_aliases
from campaigns.matching import UnitMatcher, batch_for
from campaigns.roster import Roster, RosterUnit, load_roster
from campaigns.submissions import Submission, Unreadable, load_submissions, load_unreadable
from config import BatchConfig, CampaignConfig, ConfigError, Settings
from store import session

COMPLETE, INCOMPLETE, NOT_SUBMITTED = "complete", "incomplete", "not_submitted"
UNREADABLE = "unreadable"  # mail arrived but could not be read, and nothing readable came


@dataclass
class UnitBatch:
    """One roster unit in one batch."""

    unit: RosterUnit
    submissions: list[Submission] = field(default_factory=list)
    late: bool = False  # first submission after the batch's deadline (only the last batch can be)
    matched_by: str | None = None
    confidence: float = 1.0
    written: str | None = None  # the name a fuzzy or alias match was made on
    unreadable: list[Unreadable] = field(default_factory=list)  # mail that arrived but failed to parse

    @property
    def submitted_on(self) -> date | None:
        return min((s.day for s in self.submissions), default=None)

    @property
    def records(self) -> int:
        return len(self.submissions)

    @property
    def missing(self) -> list[str]:
        return list(dict.fromkeys(item for s in self.submissions for item in s.missing))

    @property
    def state(self) -> str:
        if not self.submissions:
            return UNREADABLE if self.unreadable else NOT_SUBMITTED
        return COMPLETE if all(s.complete for s in self.submissions) else INCOMPLETE


@dataclass
class BatchStatus:
    batch: BatchConfig
    as_of: date
    day_over: bool
    units: list[UnitBatch]

    @property
    def days_left(self) -> int:
        """Days from ``as_of`` to the deadline; 0 on the deadline, negative after it."""
        return (self.batch.deadline - self.as_of).days

    @property
    def passed(self) -> bool:
        return self.days_left < 0 or (self.day_over and self.days_left == 0)

    def count(self, state: str) -> int:
        return sum(1 for u in self.units if u.state == state)

    @property
    def submitted(self) -> int:
        return sum(1 for u in self.units if u.submissions)

    @property
    def missed(self) -> list[UnitBatch]:
        """Units that sent nothing on time (nothing at all, or late), once the deadline has passed.

        A unit whose mail arrived but could not be read did send: it is listed as unreadable, not here.
        """
        if not self.passed:
            return []
        return [u for u in self.units if u.state == NOT_SUBMITTED or u.late]

    @property
    def waiting(self) -> list[UnitBatch]:
        """Units from which nothing arrived at all (the ones a reminder is for)."""
        return [u for u in self.units if u.state == NOT_SUBMITTED]

    @property
    def unreadable(self) -> list[UnitBatch]:
        return [u for u in self.units if u.state == UNREADABLE]


@dataclass
class Unmatched:
    """Submissions whose unit is not recognised, grouped by sender and name as written."""

    written: str
    sender: str
    first_day: date
    batch: str
    message_ids: list[int]
    records: int
    suggestion: str | None
    confidence: float


@dataclass
class CampaignStatus:
    campaign: CampaignConfig
    roster: Roster
    as_of: date
    batches: list[BatchStatus]
    unmatched: list[Unmatched]

    @property
    def roster_problems(self) -> list[str]:
        return self.roster.problems

    def batch(self, name: str) -> BatchStatus | None:
        return next((b for b in self.batches if b.batch.name == name), None)


def find_campaign(settings: Settings, name: str) -> CampaignConfig:
    for campaign in settings.campaigns:
        if campaign.name == name:
            return campaign
    known = ", ".join(c.name for c in settings.campaigns) or "none configured"
    raise ConfigError(f"{settings.source}: no campaign named {name!r} (known: {known})")


def campaign_roster(settings: Settings, campaign: CampaignConfig) -> Roster:
    """The campaign's roster (re-read when the file changed); RosterError if unusable."""
    return load_roster(campaign.roster_path(settings.source))


def _batches_for(campaign: CampaignConfig, day: date) -> tuple[list[BatchConfig], bool]:
    """The batches a mail dated ``day`` counts for (``counts_for``), and whether it is late."""
    batch, late = batch_for(campaign, day)
    if campaign.counts_for == "later_batches":
        return campaign.batches[campaign.batches.index(batch):], late
    return [batch], late


def build_status(campaign: CampaignConfig, roster: Roster, submissions: list[Submission], aliases: dict[str, str],
                 as_of: date, day_over: bool = False, unreadable: list[Unreadable] = ()) -> CampaignStatus:
    """The status from loaded parts (pure: the tests and the report share it).

    An unreadable mail is attributed by its sender (address, alias, display
    name); one from a sender no unit matches is left to the digest's list of
    failed messages.
    """
    matcher = UnitMatcher(roster, aliases, campaign.match_threshold)
    cells: dict[tuple[str, str], UnitBatch] = {}
    for batch in campaign.batches:
        for unit in roster.units:
            cells[(batch.name, unit.name)] = UnitBatch(unit=unit)
    unmatched: dict[tuple[str, str], Unmatched] = {}
    for sub in submissions:
        if sub.day > as_of:
            continue
        batches, late = _batches_for(campaign, sub.day)
        match = matcher.match(sub.sender, sub.unit_written, sub.sender_name)
        if match.unit is None:
            key = (sub.sender or "", match.written)
            entry = unmatched.get(key)
            if entry is None:
                offered = match.suggestion is not None and match.confidence >= campaign.suggest_threshold
                entry = unmatched[key] = Unmatched(
                    written=match.written, sender=sub.sender or "", first_day=sub.day, batch=batches[0].name,
                    message_ids=[], records=0, confidence=match.confidence,
                    suggestion=match.suggestion.name if offered else None)
            if sub.message_id not in entry.message_ids:
                entry.message_ids.append(sub.message_id)
            entry.records += 1
            continue
        for batch in batches:
            cell = cells[(batch.name, match.unit.name)]
            if not cell.submissions:
                cell.late = late
                cell.matched_by, cell.confidence = match.matched_by, match.confidence
                cell.written = match.written if match.matched_by in ("name", "alias") else None
            cell.submissions.append(sub)
    for mail in unreadable:
        if mail.day > as_of:
            continue
        match = matcher.match(mail.sender, None, mail.sender_name)
        if match.unit is None:
            continue
        for batch in _batches_for(campaign, mail.day)[0]:
            cells[(batch.name, match.unit.name)].unreadable.append(mail)
    batches = [
        BatchStatus(batch=b, as_of=as_of, day_over=day_over,
                    units=[cells[(b.name, u.name)] for u in roster.units])
        for b in campaign.batches
    ]
    return CampaignStatus(campaign=campaign, roster=roster, as_of=as_of, batches=batches,
                          unmatched=sorted(unmatched.values(), key=lambda u: (u.first_day, u.sender, u.written)))


def campaign_status(engine: Engine, settings: Settings, campaign: CampaignConfig, as_of: date,
                    day_over: bool = False) -> CampaignStatus:
    """Where ``campaign`` stands at the end of ``as_of`` (see the module docstring)."""
    roster = campaign_roster(settings, campaign)
    with session(engine) as db:
        submissions = load_submissions(db, campaign, settings.digest.timezone)
        unreadable = load_unreadable(db, campaign, settings.digest.timezone)
        aliases = load_aliases(db, campaign.name)
    return build_status(campaign, roster, submissions, aliases, as_of, day_over, unreadable)
