"""The reviewers' daily digest: one mail per reviewer and day.

It lists the day's new complete nominations, the incomplete ones with what
they lack and whether the school was told (the state of its flag mail), the
messages that failed with who acts next, and totals per
mailbox and per unit, and the progress of each running campaign (who has
sent what per batch, the days left, who missed a deadline, which senders
could not be matched to the roster). It is ``multipart/alternative`` (RFC
2046 section 5.1.4): a plain-text part, and an HTML part with inline CSS and
table layout only, since Gmail and Outlook drop ``<style>`` blocks and ignore
modern CSS.

With ``[web] base_url`` set, every record links to its workbench page,
every failed message to the failed-mail page with its rerun button, and
the lines that send reviewers to the operator (the full list, a rerun)
link to the workbench instead; without it the wording stays as it was.

It goes through the outbox under the dedupe key ``digest:{day}:{reviewer}``,
so running the job twice for a day sends it once. A day with nothing new
sends a short "Không có hồ sơ mới" mail unless ``send_when_empty = false``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import quote
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


def _subject(data: DigestData, mailbox: str | None = None) -> str:
    when = data.day.strftime("%d/%m/%Y") + (f" (hộp thư {mailbox})" if mailbox else "")
    if data.empty:
        return f"{SUBJECT_PREFIX} Điển hình tiên tiến ngày {when}: không có hồ sơ mới"
    parts = [f"{data.count('complete')} hồ sơ đầy đủ", f"{data.count('incomplete')} hồ sơ còn thiếu"]
    if data.failed:
        parts.append(f"{data.count('failed')} thư lỗi")
    return f"{SUBJECT_PREFIX} Điển hình tiên tiến ngày {when}: " + ", ".join(parts)


def workbench_links(settings: Settings, mailbox: str | None = None) -> dict:
    """The digest's links into the workbench (``[web] base_url``); each None when it is not set.

    ``link(path)`` makes any other absolute link (a record's, a failed message's).
    """
    link = settings.web.link
    only = f"?mailbox={quote(mailbox, safe='')}" if mailbox else ""
    return {"link": link, "queue_link": link(f"/{only}"), "export_link": link(f"/export.xlsx{only}"),
            "failed_link": link("/messages/failed"), "campaigns_link": link("/campaigns")}


def build_digest(engine: Engine, settings: Settings, day: date, now: datetime | None = None,
                 mailbox: str | None = None) -> Digest | None:
    """The digest of ``day`` (a date in the configured zone), of one mailbox or all.

    None if empty and ``send_when_empty = false``.
    """
    zone = settings.digest.timezone
    data = collect(engine, day, zone, [mailbox] if mailbox else None)
    if data.empty and not settings.digest.send_when_empty:
        return None
    data.campaigns = campaign_sections(engine, settings, day)
    if mailbox:
        covering = {c.name for c in settings.campaigns if mailbox in c.mailboxes}
        data.campaigns = [c for c in data.campaigns if c.name in covering]
    generated = (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(zone))
    context = {
        "data": data,
        "day_label": day.strftime("%d/%m/%Y"),
        "generated_label": generated.strftime("%H:%M %d/%m/%Y"),
        "zone": zone,
        "more": {section: data.more.get(section, 0) for section in ("complete", "incomplete", "failed")},
        "mailbox": mailbox,
        **workbench_links(settings, mailbox),
    }
    text, html = render_pair("digest", context, settings.digest.templates_dir)
    return Digest(day=day, subject=_subject(data, mailbox), text=text, html=html, data=data)


def send_digests(engine: Engine, settings: Settings, day: date, preview: bool = False) -> list[DigestResult]:
    """Queue the digest of ``day`` for every reviewer; ``send_pending`` delivers it.

    With ``preview`` nothing is queued and one result (reviewer None) carries
    the digest to show. A reviewer whose digest for the day is already in the
    outbox gets a result with ``queued=False``.
    """
    audiences: list[tuple[str | None, list[str]]] = [(None, list(settings.digest.reviewers))]
    audiences += [(m.name, list(m.reviewers)) for m in settings.mailboxes if m.reviewers]
    if preview:
        audiences = audiences[:1]
    elif settings.smtp is None:
        raise ConfigError(f"{settings.source}: smtp: required to send the digest")
    results = []
    for mailbox, reviewers in audiences:
        digest = build_digest(engine, settings, day, mailbox=mailbox)
        if digest is None:
            log.info("digest %s%s: nothing new and send_when_empty is off", day, f" {mailbox}" if mailbox else "")
            continue
        if preview:
            return [DigestResult(reviewer=None, digest=digest)]
        for reviewer in reviewers:
            results.append(_queue(engine, settings, digest, reviewer, mailbox))
    return results


def _queue(engine: Engine, settings: Settings, digest: Digest, reviewer: str, mailbox: str | None) -> DigestResult:
    key = dedupe_key(digest.day, reviewer) + (f":{mailbox}" if mailbox else "")
    with session(engine) as db:
        row = queue_mail(
            db, kind="digest", dedupe_key=key, recipient=reviewer, subject=digest.subject, body_text=digest.text,
            body_html=digest.html, domain=message_id_domain(settings.smtp.from_),
        )
        db.commit()
    log.info("digest %s for %s%s: %s", digest.day, reviewer, f" ({mailbox})" if mailbox else "",
             "queued" if row else "already queued")
    return DigestResult(reviewer=reviewer, digest=digest, row_id=row.id if row else None, queued=row is not None)
