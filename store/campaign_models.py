"""Tables of the campaigns feature (``campaigns/``): what reviewers decided.

Which roster unit a submission belongs to is worked out afresh on every
status, digest and report from the messages, the records and the roster
file, so an edited roster or a new alias applies at once. The one decision
that cannot be recomputed is a reviewer's: "this name (or address) as
written means that roster unit". It is kept here, per campaign.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.types import utcnow
from store.types import when_column as _when


class CampaignAlias(SQLModel, table=True):
    """A reviewer's resolution of an unmatched unit name or sender address."""

    __tablename__ = "campaign_alias"
    __table_args__ = (UniqueConstraint("campaign", "key", name="uq_campaign_alias_key"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign: str = Field(max_length=60)
    key: str = Field(max_length=500)  # folded name (campaigns.names.name_key) or lower-case address
    written: str = Field(sa_column=Column(Text, nullable=False))  # as the reviewer typed it
    unit: str = Field(sa_column=Column(Text, nullable=False))  # the roster unit's name
    created_at: datetime | None = _when(nullable=False, default=utcnow)
