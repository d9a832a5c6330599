"""What every config section shares: unknown keys are errors, and item names are checked once."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain import PROFILE_ITEMS


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def known_items(value: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A ``required`` list names only items a profile can have."""
    if value is None:
        return None
    unknown = [item for item in value if item not in PROFILE_ITEMS]
    if unknown:
        raise ValueError(f"unknown item(s) {', '.join(unknown)}; known: {', '.join(PROFILE_ITEMS)}")
    return value
