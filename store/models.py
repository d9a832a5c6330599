"""Tables of the service, one per kind of state it keeps.

State is recorded, not inferred: a message's status and reason, an outgoing
mail's state and attempts, a mailbox's UIDVALIDITY and last UID. The same
models run on SQLite (one worker) and PostgreSQL (several workers).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain import MessageStatus, OutboxState, ReviewState
from store.types import utcnow
from store.types import when_column as _when


class MailboxState(SQLModel, table=True):
    """How far a mailbox folder has been read (RFC 3501 UIDVALIDITY + UID)."""

    __tablename__ = "mailbox_state"
    __table_args__ = (UniqueConstraint("mailbox", "folder"),)

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(max_length=100)
    folder: str = Field(max_length=255)
    uidvalidity: int | None = Field(default=None, sa_column=Column(BigInteger))  # 32-bit unsigned
    last_uid: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    last_poll_at: datetime | None = _when()
    last_error: str | None = Field(default=None, sa_column=Column(Text))


class Message(SQLModel, table=True):
    """One e-mail taken from a mailbox; its raw bytes live in the archive."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("mailbox", "folder", "uidvalidity", "uid", name="uq_message_mailbox_uid"),
        Index("ix_message_status", "status"),
        Index("ix_message_status_id", "status", "id"),  # the oldest `received` first (pipeline.runner claims)
        Index("ix_message_sha256", "sha256"),
        Index("ix_message_message_id", "message_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(max_length=100)
    folder: str = Field(max_length=255)
    uid: int = Field(sa_column=Column(BigInteger, nullable=False))
    uidvalidity: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: str | None = Field(default=None, max_length=998)
    sha256: str = Field(max_length=64)
    size: int
    truncated: bool = False  # over the size limit: only the header was archived
    sender: str | None = Field(default=None, max_length=320)
    sender_name: str | None = Field(default=None, sa_column=Column(Text))
    subject: str | None = Field(default=None, sa_column=Column(Text))
    in_reply_to: str | None = Field(default=None, max_length=998)
    sent_at: datetime | None = _when()
    received_at: datetime | None = _when(nullable=False, default=utcnow)
    status: str = Field(default=MessageStatus.RECEIVED, max_length=20)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    traceback: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    duplicate_of: int | None = Field(default=None, foreign_key="message.id")
    processed_at: datetime | None = _when()
    after_done: bool = False  # the mailbox `after` action has been carried out
    drafts: list | None = Field(default=None, sa_column=Column(JSON))  # what extraction found, per nominee
    claimed_by: str | None = Field(default=None, max_length=200)  # the worker processing it (pipeline.runner)
    claimed_at: datetime | None = _when()
    claim_expires_at: datetime | None = _when()  # the claim's lease; renewed while the worker is alive


class ParseAttempt(SQLModel, table=True):
    """The history of each parse of a message (first run and every reparse)."""

    __tablename__ = "parse_attempt"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    started_at: datetime | None = _when(nullable=False, default=utcnow)
    finished_at: datetime | None = _when()
    status: str = Field(max_length=20)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    duration_ms: int | None = None
    worker: str | None = Field(default=None, max_length=200)  # host:pid:node of the worker that ran it


class Attachment(SQLModel, table=True):
    """One file of a message (ZIP members have a parent)."""

    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="attachment.id")
    filename: str = Field(sa_column=Column(Text, nullable=False))
    content_type: str = Field(max_length=255)
    size: int
    sha256: str = Field(max_length=64)
    inline: bool = False
    from_forward: bool = False  # inside a forwarded message/rfc822 part
    status: str = Field(default="parsed", max_length=20)  # parsed | skipped | failed
    reason: str | None = Field(default=None, sa_column=Column(Text))
    summary: dict | None = Field(default=None, sa_column=Column(JSON))  # pages, tables, images, OCR...


class Nomination(SQLModel, table=True):
    """One nominee (profile) or one registration-list row: the SPEC record."""

    __tablename__ = "nomination"
    __table_args__ = (
        # the workbench queue: counts and order read from the index alone
        Index("ix_nomination_queue", "mailbox", "status", "review_state", "id", "search_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    form: str = Field(max_length=20)  # profile | registration
    kind: str = Field(max_length=20)  # individual | collective
    unit: str | None = Field(default=None, sa_column=Column(Text))
    name: str | None = Field(default=None, sa_column=Column(Text))
    model_title: str | None = Field(default=None, sa_column=Column(Text))
    field: str | None = Field(default=None, sa_column=Column(Text))
    achievement_summary: str | None = Field(default=None, sa_column=Column(Text))
    address: str | None = Field(default=None, sa_column=Column(Text))
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=320)
    photos: int = 0
    missing: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # proven absent: flagged
    review: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    status: str = Field(max_length=20)  # complete | incomplete
    review_state: str = Field(default=ReviewState.NEW, max_length=30)  # the reviewers' decision (workbench)
    review_note: str | None = Field(default=None, sa_column=Column(Text))  # the reason of a rejection
    mailbox: str = Field(max_length=100)
    sender: str | None = Field(default=None, max_length=320)
    sources: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    match_key: str | None = Field(default=None, max_length=500, index=True)  # folded unit + name
    search_key: str | None = Field(default=None, sa_column=Column(Text))  # folded name, unit, title, sender (workbench search)
    received_at: datetime | None = _when()
    created_at: datetime | None = _when(nullable=False, default=utcnow)
    updated_at: datetime | None = _when(nullable=False, default=utcnow)


class NominationMessage(SQLModel, table=True):
    """Which messages contributed to a nomination (a reply merges into the original)."""

    __tablename__ = "nomination_message"

    nomination_id: int = Field(foreign_key="nomination.id", primary_key=True)
    message_id: int = Field(foreign_key="message.id", primary_key=True)
    draft_index: int | None = None  # which of the message's drafts feeds the record; None: duplicate only


class Evidence(SQLModel, table=True):
    """Minh chứng and sản phẩm: an attached file or a link."""

    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    message_id: int | None = Field(default=None, foreign_key="message.id")
    kind: str = Field(max_length=10)  # file | link
    value: str = Field(sa_column=Column(Text, nullable=False))


class OutgoingMail(SQLModel, table=True):
    """A mail the service sends: written first, sent by a separate step."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_state", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # flag | ack | digest | reminder
    dedupe_key: str = Field(max_length=500, unique=True)  # one mail per decision
    recipient: str = Field(max_length=320)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    body_text: str = Field(sa_column=Column(Text, nullable=False))
    body_html: str | None = Field(default=None, sa_column=Column(Text))
    header_message_id: str = Field(max_length=998)
    in_reply_to: str | None = Field(default=None, max_length=998)
    references: str | None = Field(default=None, sa_column=Column(Text))
    message_id: int | None = Field(default=None, foreign_key="message.id")
    nomination_id: int | None = Field(default=None, foreign_key="nomination.id")
    state: str = Field(default=OutboxState.QUEUED, max_length=20)  # queued | sending | sent | failed
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=200)  # the worker sending it (state sending)
    smtp_stage: str | None = Field(default=None, max_length=20)  # SmtpStage: how far the last attempt got
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime | None = _when(nullable=False, default=utcnow)
    next_attempt_at: datetime | None = _when()
    sent_at: datetime | None = _when()
