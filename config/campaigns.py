"""The ``[[campaigns]]`` of the config: collection drives with deadlines and rosters.

The official letters set batches with deadlines ("đợt 1 trước ngày 05/3/2018,
đợt 2 trước ngày 10/5/2018") and name the units expected to answer. A
campaign says which mailboxes receive its submissions, over which period,
which batches it has, which items a profile must contain (overriding the
mailbox default) and where the roster of expected units lives.

Validation is as strict as the rest of the config (unknown keys are errors);
checks that need the whole file (the mailboxes exist, two campaigns on one
mailbox do not overlap) are in :func:`check_campaigns`, called by
``Settings``. The roster file itself is read when the campaign is used, so a
roster being edited never stops the worker from starting.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from config.strict import Strict, known_items

DEFAULT_THRESHOLD = 0.85
DEFAULT_SUGGEST_THRESHOLD = 0.6
# Which batches a submission counts for: only the one its date falls in (each batch asks
# for its own submission), or that one and every later one (the batches are alternative windows).
COUNTS_FOR = ("its_batch", "later_batches")

class BatchConfig(Strict):
    """One batch ("Đợt 1") and its deadline: submissions dated on or before it count for it."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    deadline: date


class CampaignConfig(Strict):
    """One campaign (a letter asking units for submissions by given dates).

    ``counts_for`` (see :data:`COUNTS_FOR`) says whether a mail counts only for the
    batch its date falls in (the default) or for every later batch too.
    ``suggest_threshold`` is the least name score at which an unmatched sender is
    offered to reviewers with its closest roster unit.
    """

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
    title: Annotated[str, Field(min_length=1)]
    mailboxes: Annotated[list[str], Field(min_length=1)]
    start: date
    end: date
    batches: Annotated[list[BatchConfig], Field(min_length=1)]
    roster: Path
    required: tuple[str, ...] | None = None
    remind: bool = True
    remind_days_before: int = Field(default=3, ge=0, le=60)
    match_threshold: float = Field(default=DEFAULT_THRESHOLD, gt=0.5, le=1.0)
    suggest_threshold: float = Field(default=DEFAULT_SUGGEST_THRESHOLD, gt=0.0, le=1.0)
    counts_for: Literal["its_batch", "later_batches"] = "its_batch"
    submit_to: str | None = None  # the address reminders tell units to write to; default: the mailbox's

    @field_validator("title")
    @classmethod
    def _nfc_title(cls, value: str) -> str:
        return unicodedata.normalize("NFC", " ".join(value.split()))

    @field_validator("required")
    @classmethod
    def _known_items(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return known_items(value)

    @field_validator("submit_to")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None and "@" not in value:
            raise ValueError("must be an e-mail address")
        return value

    @model_validator(mode="after")
    def _dates(self):
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        deadlines = [b.deadline for b in self.batches]
        if deadlines != sorted(set(deadlines)):
            raise ValueError("batch deadlines must be in increasing order, each one later than the last")
        names = [b.name for b in self.batches]
        if len(set(names)) != len(names):
            raise ValueError("batch names must be unique within a campaign")
        outside = [str(d) for d in deadlines if not self.start <= d <= self.end]
        if outside:
            raise ValueError(f"deadline(s) {', '.join(outside)} outside the period {self.start} to {self.end}")
        if self.suggest_threshold > self.match_threshold:
            raise ValueError(f"suggest_threshold ({self.suggest_threshold}) is above match_threshold "
                             f"({self.match_threshold}); a closest unit is only suggested below the match")
        return self

    def batch(self, name: str) -> BatchConfig | None:
        return next((b for b in self.batches if b.name == name), None)

    def roster_path(self, config_file: Path | None) -> Path:
        """The roster file; a relative path is relative to the config file, like every path in it."""
        if self.roster.is_absolute() or config_file is None:
            return self.roster
        return Path(config_file).resolve().parent / self.roster


def check_campaigns(campaigns: list[CampaignConfig], mailbox_names: list[str]) -> list[CampaignConfig]:
    """Checks across the file: unique names, known mailboxes, no overlap on a shared mailbox.

    Submissions are attributed by mailbox and date alone, so two campaigns
    reading one mailbox over overlapping periods would both claim the same
    mail; that is refused here rather than guessed at later.
    """
    names = [c.name for c in campaigns]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"campaign names must be unique: {', '.join(repeated)} repeated")
    for index, campaign in enumerate(campaigns):
        unknown = [m for m in campaign.mailboxes if m not in mailbox_names]
        if unknown:
            raise ValueError(f"campaigns[{index}].mailboxes: no [[mailboxes]] named {', '.join(map(repr, unknown))}")
    for i, first in enumerate(campaigns):
        for second in campaigns[i + 1:]:
            shared = sorted(set(first.mailboxes) & set(second.mailboxes))
            if shared and first.start <= second.end and second.start <= first.end:
                raise ValueError(
                    f"campaigns {first.name!r} and {second.name!r} both read mailbox {shared[0]!r} over "
                    "overlapping periods; a submission could not be attributed to one of them"
                )
    return campaigns
