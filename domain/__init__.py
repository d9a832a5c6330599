"""The words every stage shares, defined once; imports no other package.

* ``fields``: the nomination record's fields, the items a profile or a
  registration row must have;
* ``states``: the life cycles as enums (message, attempt, record, outbox);
* ``text``: the one accent-insensitive ``fold`` and the one ``one_line``.
"""

from domain.fields import (
    CORRECTABLE_FIELDS,
    DRAFT_TEXT_FIELDS,
    PROFILE_ITEMS,
    RECORD_FIELDS,
    REGISTRATION_ITEMS,
    required_items,
)
from domain.states import AttemptStatus, MessageStatus, OutboxState, RecordStatus, ReviewState, Role, SmtpStage
from domain.text import error_line, fold, nfc, one_line, visible

__all__ = [
    "AttemptStatus", "CORRECTABLE_FIELDS", "DRAFT_TEXT_FIELDS", "MessageStatus", "OutboxState", "PROFILE_ITEMS",
    "RECORD_FIELDS", "Role", "SmtpStage",
    "REGISTRATION_ITEMS", "RecordStatus", "ReviewState", "error_line", "fold", "nfc", "one_line", "required_items",
    "visible",
]
