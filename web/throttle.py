"""A growing delay after failed sign-ins, per account name and client address.

After ``FREE_FAILURES`` wrong passwords the next attempt for that name from
that address must wait, twice as long after each further failure (capped),
before a password is even checked. A right password clears the count. The
count is a table (``login_failure``), so it holds across workers and restarts.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from store import LoginFailure, as_utc, session, utcnow

FREE_FAILURES = 4
MAX_DELAY_SECONDS = 15 * 60


def delay_after(failures: int, base_seconds: float) -> float:
    """Seconds to wait after ``failures`` wrong passwords (0 for the first few)."""
    if failures <= FREE_FAILURES:
        return 0.0
    return min(base_seconds * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS)


def wait_seconds(engine: Engine, account: str, address: str, base_seconds: float) -> float:
    """How long this name from this address must still wait (0: try now)."""
    with session(engine) as db:
        row = db.exec(select(LoginFailure).where(LoginFailure.account == account[:100],
                                                 LoginFailure.address == address[:100])).first()
    if row is None:
        return 0.0
    until = as_utc(row.last_at) + timedelta(seconds=delay_after(row.failures, base_seconds))
    return max(0.0, (until - utcnow()).total_seconds())


def record_failure(engine: Engine, account: str, address: str) -> int:
    with session(engine) as db:
        row = db.exec(select(LoginFailure).where(LoginFailure.account == account[:100],
                                                 LoginFailure.address == address[:100])).first()
        if row is None:
            row = LoginFailure(account=account[:100], address=address[:100], failures=0)
        row.failures += 1
        row.last_at = utcnow()
        db.add(row)
        db.commit()
        return row.failures


def clear_failures(engine: Engine, account: str, address: str) -> None:
    with session(engine) as db:
        for row in db.exec(select(LoginFailure).where(LoginFailure.account == account[:100],
                                                      LoginFailure.address == address[:100])):
            db.delete(row)
        db.commit()
