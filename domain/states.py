"""Every life cycle the service records, as enums (they compare equal to their strings)."""

from __future__ import annotations

from enum import StrEnum


class MessageStatus(StrEnum):
    """A message's life (SPEC.md "A message's life")."""

    RECEIVED = "received"
    PARSED = "parsed"
    IGNORED = "ignored"
    DUPLICATE = "duplicate"
    FAILED = "failed"


class AttemptStatus(StrEnum):
    """One processing attempt: running, cut short, or ended with the message's new status."""

    RUNNING = "running"
    INTERRUPTED = "interrupted"  # the worker died; the message was taken again
    ABANDONED = "abandoned"  # the claim ran out before the result was recorded
    BUSY = "busy"  # reparse only: another live worker holds the message
    PARSED = "parsed"
    IGNORED = "ignored"
    DUPLICATE = "duplicate"
    FAILED = "failed"


class RecordStatus(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class ReviewState(StrEnum):
    """A reviewer's decision on a record (SPEC.md ``review_state``)."""

    NEW = "new"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPPLEMENT_REQUESTED = "supplement_requested"


class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class SmtpStage(StrEnum):
    """How far an outgoing mail's SMTP transaction got (``outgoing_mail.smtp_stage``).

    Until the end of DATA (the final ``<CRLF>.<CRLF>``) is sent the server
    cannot have accepted the mail, so it is safe to send it again (same
    Message-ID); after it, only the server's reply tells.
    """

    DATA_END = "data_end"


class Role(StrEnum):
    """A workbench account's role: an admin sees every mailbox and manages operations."""

    ADMIN = "admin"
    REVIEWER = "reviewer"
