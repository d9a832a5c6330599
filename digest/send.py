"""The reviewers' daily digest: one mail per reviewer and day.

It lists the day's new complete nominations, the incomplete ones with what
they lack and whether the school was told (the state of its flag mail), the
messages that failed with the exact command that reruns them, and totals per
mailbox and per unit, and the progress of each running campaign (who has
sent what per batch, the days left, who missed a deadline, which senders
could not be matched to the roster). It is ``multipart/alternative`` (RFC
2046 section 5.1.4): a plain-text part, and an HTML part with inline CSS and
table layout only, since Gmail and Outlook drop ``<style>`` blocks and ignore
modern CSS.

It goes through the outbox under the dedupe key ``digest:{day}:{reviewer}``,
so running the job twice for a day sends it once. A day with nothing new
sends a short "Không có hồ sơ mới" mail unless ``send_when_empty = false``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from campaigns import campaign_sections
from config import ConfigError, Settings
from digest.gather import DigestData, collect
from notifier import message_id_domain, queue_mail, render_pair
from store import session

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "[dienhinh]"


@dataclass
class Digest:
    day: date
    subject: str
    text: str
    html: str
    data: DigestData

    @property
    def empty(self) -> bool:
        return self.data.empty


@dataclass
class DigestResult:
    """One reviewer's digest: queued (``row_id``), already queued before, or a preview."""

    reviewer: str | None
    digest: Digest
    row_id: int | None = None
    queued: bool = False


def dedupe_key(day: date, reviewer: str) -> str:
    return f"digest:{day.isoformat()}:{reviewer.strip().lower()}"


def _subject(data: DigestData) -> str:
    when = data.day.strftime("%d/%m/%Y")
    if data.empty:
        return f"{SUBJECT_PREFIX} Điển hình tiên tiến ngày {when}: không có hồ sơ mới"
    parts = [f"{data.count('complete')} hồ sơ đầy đủ", f"{data.count('incomplete')} hồ sơ còn thiếu"]
    if data.failed:
        parts.append(f"{data.count('failed')} thư lỗi")
    return f"{SUBJECT_PREFIX} Điển hình tiên tiến ngày {when}: " + ", ".join(parts)


def build_digest(engine: Engine, settings: Settings, day: date, now: datetime | None = None) -> Digest | None:
    """The digest of ``day`` (a date in the configured zone); None if empty and ``send_when_empty = false``."""
    zone = settings.digest.timezone
    data = collect(engine, day, zone)
    if data.empty and not settings.digest.send_when_empty:
        return None
    data.campaigns = campaign_sections(engine, settings, day)
    generated = (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(zone))
    context = {
        "data": data,
        "day_label": day.strftime("%d/%m/%Y"),
        "generated_label": generated.strftime("%H:%M %d/%m/%Y"),
        "zone": zone,
        "more": {section: data.more.get(section, 0) for section in ("complete", "incomplete", "failed")},
    }
    text, html = render_pair("digest", context, settings.digest.templates_dir)
    return Digest(day=day, subject=_subject(data), text=text, html=html, data=data)


def send_digests(engine: Engine, settings: Settings, day: date, preview: bool = False) -> list[DigestResult]:
    """Queue the digest of ``day`` for every reviewer; ``send_pending`` delivers it.

    With ``preview`` nothing is queued and one result (reviewer None) carries
    the digest to show. A reviewer whose digest for the day is already in the
    outbox gets a result with ``queued=False``.
    """
    digest = build_digest(engine, settings, day)
    if digest is None:
        log.info("digest %s: nothing new and send_when_empty is off", day)
        return []
    if preview:
        return [DigestResult(reviewer=None, digest=digest)]
    if settings.smtp is None:
        raise ConfigError(f"{settings.source}: smtp: required to send the digest")
    domain = message_id_domain(settings.smtp.from_)
    results = []
    for reviewer in settings.digest.reviewers:
        with session(engine) as db:
            row = queue_mail(
                db, kind="digest", dedupe_key=dedupe_key(day, reviewer), recipient=reviewer,
                subject=digest.subject, body_text=digest.text, body_html=digest.html, domain=domain,
            )
            db.commit()
        results.append(DigestResult(reviewer=reviewer, digest=digest, row_id=row.id if row else None,
                                    queued=row is not None))
        log.info("digest %s for %s: %s", day, reviewer, "queued" if row else "already queued")
    return results
