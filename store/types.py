"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UtcDateTime(TypeDecorator):
    """Timestamps stored in UTC and always read back timezone-aware.

    SQLite keeps no offset: an aware time would be written as its local wall
    clock and read back as naive, silently shifting it. Converting to UTC on
    the way in and tagging UTC on the way out makes both databases agree.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def as_utc(when: datetime | None) -> datetime | None:
    """An aware UTC time; a naive one is taken to be UTC already."""
    if when is None:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def when_column(nullable: bool = True, **kw) -> Field:
    """A ``UtcDateTime`` column for a SQLModel table."""
    return Field(default=None, sa_column=Column(UtcDateTime(), nullable=nullable, **kw))
