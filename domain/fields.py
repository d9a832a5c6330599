"""The nomination record's shape (SPEC.md "The nomination record") and its required items."""

from __future__ import annotations

# The text values extraction finds for a nominee, in the order reviewers read them.
DRAFT_TEXT_FIELDS = ("unit", "name", "model_title", "field", "achievement_summary", "address", "phone", "email")

# The exported record (``dienhinh export``), in SPEC order.
RECORD_FIELDS = (
    "id", "form", "kind", *DRAFT_TEXT_FIELDS, "photos", "evidence", "missing", "review", "status",
    "review_state", "corrected", "mailbox", "sender", "message_ids", "received_at", "sources",
)

# What a reviewer may correct in the workbench (kept as overrides that survive ``reparse``).
CORRECTABLE_FIELDS = ("kind", *DRAFT_TEXT_FIELDS)

# What the Ministry's letter asks of a profile, and the columns of a registration list.
PROFILE_ITEMS = ("name", "achievement_summary", "address", "phone", "email", "photo", "evidence")
REGISTRATION_ITEMS = ("unit", "model_title", "field")


def required_items(form: str, profile_items: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The items a record of ``form`` must have; a campaign or mailbox may narrow a profile's."""
    if form == "registration":
        return REGISTRATION_ITEMS
    return tuple(profile_items) if profile_items is not None else PROFILE_ITEMS
