"""Which roster unit sent a submission, and to which batch it belongs.

The sender's address decides first: a reviewer's address alias, then the
addresses on the roster. A unit writing from an address the roster does not
know (a teacher's Gmail, a new office account) is recognised by the unit
named in its records, or failing that by the sender's display name: a
reviewer's alias for that name first, then the closest roster name
(:func:`campaigns.names.similarity`). A name that matches no unit well
enough, or two units equally well, stays "unmatched" for a reviewer, who
records an alias (``dienhinh campaign alias``) that decides it next time.

Batches follow the letters: a submission counts for the first batch whose
deadline is on or after its date; after the last deadline it is late for
the last batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from campaigns.names import name_key, similarity
from campaigns.roster import Roster, RosterUnit
from config import BatchConfig, CampaignConfig

AMBIGUITY_MARGIN = 0.02  # two units this close to each other: ask a reviewer


@dataclass(frozen=True)
class Match:
    """The outcome for one submission; ``unit`` is None when unmatched."""

    unit: RosterUnit | None
    matched_by: str | None  # address | address_alias | alias | name
    confidence: float
    written: str  # the name (or address) it was decided on
    suggestion: RosterUnit | None = None  # the closest unit when unmatched


def batch_for(campaign: CampaignConfig, day: date) -> tuple[BatchConfig, bool]:
    """The batch a submission dated ``day`` counts for, and whether it is late."""
    for batch in campaign.batches:
        if day <= batch.deadline:
            return batch, False
    return campaign.batches[-1], True


def alias_key(written: str) -> str:
    """The key an alias is stored under: the lower-case address, or the folded name."""
    written = written.strip()
    return written.lower() if "@" in written else name_key(written)


class UnitMatcher:
    """Matches submissions to one roster, with the campaign's aliases and threshold."""

    def __init__(self, roster: Roster, aliases: dict[str, str], threshold: float) -> None:
        self.roster = roster
        self.threshold = threshold
        self.aliases: dict[str, RosterUnit] = {}
        for key, unit_name in aliases.items():
            unit = roster.by_name(unit_name)
            if unit is not None:  # an alias to a unit since removed from the roster no longer applies
                self.aliases[key] = unit
        self._by_key: dict[str, list[RosterUnit]] = {}
        for unit in roster.units:
            self._by_key.setdefault(unit.key, []).append(unit)
        self._best: dict[str, tuple[RosterUnit | None, float, bool]] = {}

    def best_by_name(self, written: str) -> tuple[RosterUnit | None, float, bool]:
        """The closest roster unit, its score, and whether another unit scores about the same."""
        key = name_key(written)
        if key in self._best:
            return self._best[key]
        exact = self._by_key.get(key, [])
        if len(exact) == 1:
            result = (exact[0], 1.0, False)
        else:
            scored = sorted(((similarity(written, u.name), u.line, u) for u in self.roster.units),
                            key=lambda item: (-item[0], item[1]))
            if not scored:
                result = (None, 0.0, False)
            else:
                best_score, _line, best = scored[0]
                tied = len(scored) > 1 and best_score - scored[1][0] < AMBIGUITY_MARGIN
                result = (best, best_score, tied)
        self._best[key] = result
        return result

    def _by_sender(self, sender: str | None, names: list[str]) -> Match | None:
        address = (sender or "").strip().lower()
        if not address:
            return None
        if address in self.aliases:
            return Match(self.aliases[address], "address_alias", 1.0, address)
        units = self.roster.by_address(address)
        if len(units) == 1:
            return Match(units[0], "address", 1.0, address)
        if units:  # an address several units share: their names tell them apart
            ranked = max(units, key=lambda u: max((similarity(n, u.name) for n in names), default=0.0))
            return Match(ranked, "address", 1.0, address)
        return None

    def match(self, sender: str | None, unit_written: str | None, sender_name: str | None = None) -> Match:
        """The roster unit behind a submission (see the module docstring for the order)."""
        names = [n.strip() for n in (unit_written, sender_name) if n and n.strip() and "@" not in n]
        found = self._by_sender(sender, names)
        if found:
            return found
        for written in names:
            unit = self.aliases.get(alias_key(written))
            if unit is not None:
                return Match(unit, "alias", 1.0, written)
        best: Match | None = None
        for written in names:
            unit, score, tied = self.best_by_name(written)
            if unit is not None and score >= self.threshold and not tied:
                return Match(unit, "name", score, written)
            if best is None or score > best.confidence:
                best = Match(None, None, score, written, suggestion=unit)
        return best or Match(None, None, 0.0, (sender or "").strip().lower())
