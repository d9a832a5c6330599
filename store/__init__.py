"""Persistence: tables, migrations and the on-disk archive. Imports no stage.

In the order a message meets them:

* ``archive``: raw messages and attachments on disk, content-addressed, made
  durable in batches (``fs_sync``);
* ``db``: the engine (SQLite or PostgreSQL), migrations, sessions;
* ``models`` / ``campaign_models`` / ``review_models`` / ``types``: the tables;
* ``service``: the handles a command passes down (settings, engine, archive);
* ``crashpoints``: where the crash tests kill the process.
"""

from store.archive import Archive, ArchiveBatch
from store.campaign_models import CampaignAlias
from store.crashpoints import crashpoint
from store.db import is_postgres, open_database, session
from store.models import (
    Attachment,
    Evidence,
    MailboxState,
    Message,
    Nomination,
    NominationMessage,
    OutgoingMail,
    ParseAttempt,
)
from store.review_models import AuditEntry, LinkDecision, LoginFailure, RecordOverride, WebUser
from store.service import Service, open_service, open_service_from
from store.types import as_utc, utcnow

__all__ = [
    "Archive", "ArchiveBatch", "Attachment", "AuditEntry", "LinkDecision", "LoginFailure", "RecordOverride", "WebUser", "CampaignAlias", "Evidence", "MailboxState", "Message", "Nomination",
    "NominationMessage", "OutgoingMail", "ParseAttempt", "Service", "as_utc", "crashpoint", "is_postgres",
    "open_database", "open_service", "open_service_from", "session", "utcnow",
]
