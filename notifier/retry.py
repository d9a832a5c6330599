"""How hard the outbox tries, and what one delivery run did.

Temporary failures (RFC 5321 section 4.2.1 4xx replies, an unreachable
server) are retried a few times within a run with short waits, then on later
runs with exponential backoff (5 minutes doubling, at most 6 hours apart),
up to ``max_attempts`` runs: with the defaults a mail is given up about four
days after its first failure, the give-up time RFC 5321 section 4.5.4.1
suggests. A given-up row is ``failed`` with the last error; an operator can
requeue it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from config import SmtpConfig


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Tests pass zero waits to stay fast."""

    tries: int = 3  # SMTP tries within one run, for temporary failures
    wait_seconds: float = 2.0  # first wait between those tries (doubling)
    backoff_seconds: float = 300.0  # delay before the next run may try (doubling per attempt)
    backoff_max_seconds: float = 6 * 3600.0
    max_attempts: int = 23  # runs with a temporary failure before the row is failed (~4 days)
    lease_seconds: float | None = None  # how long a claim protects a row; default from the SMTP timeout

    def lease(self, smtp: SmtpConfig) -> timedelta:
        seconds = self.lease_seconds
        if seconds is None:
            seconds = max(600.0, self.tries * (10 * smtp.timeout_seconds + 2 * self.wait_seconds * self.tries))
        return timedelta(seconds=seconds)

    def backoff(self, attempts: int) -> timedelta:
        seconds = self.backoff_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.backoff_max_seconds))


@dataclass
class SendReport:
    """What one :func:`send_pending` run did, by row id."""

    sent: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    interrupted: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.failed or self.interrupted)
