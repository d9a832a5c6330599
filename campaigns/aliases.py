"""Reviewers' aliases: "this name (or address) as written is that roster unit".

An alias is stored per campaign under the folded name
(:func:`campaigns.matching.alias_key`), so every spelling that folds the same
("Trường THCS Nguyen Du", "THCS NGUYỄN DU") is covered by one decision.
Recording an alias twice replaces the first: the latest decision wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from campaigns.matching import alias_key
from campaigns.names import similarity
from campaigns.roster import Roster
from store import CampaignAlias, session, utcnow


class AliasError(Exception):
    """The alias cannot be recorded; the message says why and what was meant."""


@dataclass(frozen=True)
class AliasResult:
    written: str
    unit: str
    replaced: str | None  # the unit the alias pointed to before, if any


def load_aliases(db: Session, campaign: str) -> dict[str, str]:
    """key → roster unit name, for :class:`campaigns.matching.UnitMatcher`."""
    rows = db.exec(select(CampaignAlias).where(CampaignAlias.campaign == campaign)).all()
    return {row.key: row.unit for row in rows}


def list_aliases(engine: Engine, campaign: str) -> list[CampaignAlias]:
    with session(engine) as db:
        return list(db.exec(select(CampaignAlias).where(CampaignAlias.campaign == campaign)
                            .order_by(CampaignAlias.id)).all())


def _closest(roster: Roster, name: str, count: int = 3) -> list[str]:
    ranked = sorted(roster.units, key=lambda u: -similarity(name, u.name))
    return [u.name for u in ranked[:count]]


def set_alias(engine: Engine, campaign: str, roster: Roster, written: str, unit_name: str) -> AliasResult:
    """Record that ``written`` means roster unit ``unit_name`` (which must be on the roster)."""
    written = " ".join(written.split())
    key = alias_key(written)
    if not key:
        raise AliasError("the name as written is empty")
    unit = roster.by_name(unit_name)
    if unit is None:
        hint = ", ".join(f"'{n}'" for n in _closest(roster, unit_name))
        raise AliasError(f"no unit named '{unit_name}' on the roster {roster.path}" +
                         (f"; closest: {hint}" if hint else ""))
    with session(engine) as db:
        row = db.exec(select(CampaignAlias).where(CampaignAlias.campaign == campaign,
                                                  CampaignAlias.key == key)).first()
        replaced = row.unit if row is not None and row.unit != unit.name else None
        if row is None:
            row = CampaignAlias(campaign=campaign, key=key, written=written, unit=unit.name, created_at=utcnow())
        else:
            row.written, row.unit, row.created_at = written, unit.name, utcnow()
        db.add(row)
        db.commit()
    return AliasResult(written=written, unit=unit.name, replaced=replaced)


def remove_alias(engine: Engine, campaign: str, written: str) -> bool:
    """Forget the alias for ``written``; False when there was none."""
    with session(engine) as db:
        row = db.exec(select(CampaignAlias).where(CampaignAlias.campaign == campaign,
                                                  CampaignAlias.key == alias_key(written))).first()
        if row is None:
            return False
        db.delete(row)
        db.commit()
        return True
