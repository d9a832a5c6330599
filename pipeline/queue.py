"""Claiming one row of a work queue: the messages to process and the mail to send share it.

The oldest row matching ``due`` is selected (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; SQLite has a single writer) and handed to ``take``, which stamps
it with a compare-and-set in the same transaction. Once that commits no
other worker takes the row. When ``take`` loses the race (another worker
stamped it first, or it decided the row must not run), the row is skipped
and the next one is tried.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store import is_postgres, session

Row = TypeVar("Row")
Taken = TypeVar("Taken")


def claim_oldest(
    engine: Engine,
    model: type[Row],
    due: list,
    take: Callable[[Session, Row], Taken | None],
    skip: set[int] | None = None,
) -> tuple[Row, Taken] | None:
    """Claim the oldest due row; returns ``(row, what take returned)``, or None when none is left."""
    skip = set(skip or ())
    while True:
        with session(engine) as db:
            query = select(model).where(*due)
            if skip:
                query = query.where(model.id.not_in(skip))
            query = query.order_by(model.id).limit(1)
            if is_postgres(engine):
                query = query.with_for_update(skip_locked=True, of=model)
            row = db.exec(query).first()
            if row is None:
                return None
            taken = take(db, row)
            db.commit()
            if taken is None:
                skip.add(row.id)
                continue
            db.refresh(row)
            if hasattr(taken, "id") and taken is not row:
                db.refresh(taken)
            return row, taken
