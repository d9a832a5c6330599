"""Tables of the reviewers' workbench (``web/``): accounts, reviewers' corrections and link decisions, the audit log.

A reviewer's correction is not written over the record: it is an override
row (field, value, who, when) that ``records.rebuild`` applies after what
extraction found, so ``reparse`` recomputes extraction and keeps it. A
merge or a split is a ``link_decision`` row per draft (this message's draft
feeds that record) that ``records.record_drafts`` honours on ``reparse``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain import Role
from store.types import utcnow
from store.types import when_column as _when


class WebUser(SQLModel, table=True):
    """A workbench account; ``mailboxes`` limits a reviewer (an admin sees all)."""

    __tablename__ = "web_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    password_hash: str = Field(sa_column=Column(Text, nullable=False))  # Argon2id (PHC string)
    role: str = Field(default=Role.REVIEWER, max_length=20)
    mailboxes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    session_version: int = 1  # raised by passwd/remove: older sessions stop working
    created_at: datetime | None = _when(nullable=False, default=utcnow)


class LoginFailure(SQLModel, table=True):
    """Failed sign-ins per account and client address, for the growing delay."""

    __tablename__ = "login_failure"
    __table_args__ = (UniqueConstraint("account", "address", name="uq_login_failure"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=100)
    address: str = Field(max_length=100)
    failures: int = 0
    last_at: datetime | None = _when(nullable=False, default=utcnow)


class RecordOverride(SQLModel, table=True):
    """A reviewer's value for one field of a record; applied after extraction."""

    __tablename__ = "record_override"
    __table_args__ = (UniqueConstraint("nomination_id", "field", name="uq_record_override_field"),)

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    field: str = Field(max_length=40)
    value: str | None = Field(default=None, sa_column=Column(Text))
    who: str = Field(max_length=100)
    at: datetime | None = _when(nullable=False, default=utcnow)


class LinkDecision(SQLModel, table=True):
    """A reviewer's decision that draft ``draft_index`` of a message feeds a record (merge, split)."""

    __tablename__ = "link_decision"
    __table_args__ = (UniqueConstraint("message_id", "draft_index", name="uq_link_decision_draft"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id")
    draft_index: int
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    who: str = Field(max_length=100)
    at: datetime | None = _when(nullable=False, default=utcnow)


class AuditEntry(SQLModel, table=True):
    """Every change made in the workbench: who, when, what, before and after."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_nomination", "nomination_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime | None = _when(nullable=False, default=utcnow)
    who: str = Field(max_length=100)
    action: str = Field(max_length=40)  # correct | review | supplement | rerun | requeue | merge | split | user
    nomination_id: int | None = None  # kept after the record is gone: the log is history
    message_id: int | None = None
    mailbox: str | None = Field(default=None, max_length=100)
    field: str | None = Field(default=None, max_length=40)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
