"""Take new mail from one IMAP folder into the archive and the database.

The order is what makes it safe (compare Mailman's switchboard):
1. fetch with ``BODY.PEEK[]`` so the server marks nothing seen;
2. write the raw bytes to the content-addressed archive;
3. make the batch's files durable (one ``syncfs``), then insert the ``message``
   rows of the fetched batch and advance ``last_uid`` in one transaction;
4. only then apply the mailbox's ``after`` action, and record that it was done.

A crash before 3 refetches the message next time (the archive write is
idempotent); a crash after 3 never refetches it, and step 4 is retried from
the ``after_done`` flag. A UIDVALIDITY change (RFC 3501 2.3.1.1) triggers a
rescan that maps already-stored messages to their new UIDs instead of
storing them again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field

from imapclient import IMAPClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from config.settings import MailboxConfig
from ingest.after_actions import KeepAction, action_for
from ingest.connection import connect, disconnect
from ingest.crashpoints import crashpoint
from ingest.headers import summarise_headers
from store.archive import Archive
from store.db import session
from store.models import MailboxState, Message, MessageStatus, utcnow

log = logging.getLogger(__name__)

SIZE_ONLY = ["RFC822.SIZE"]
SIZE_AND_ID = ["RFC822.SIZE", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]
ID_KEY = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"
BATCH_BYTES = 32 * 1024 * 1024
LISTING_CHUNK = 500


@dataclass
class PollResult:
    mailbox: str
    stored: int = 0
    remapped: int = 0
    oversized: int = 0
    error: str | None = None
    skipped: bool = False  # another worker held the folder's poll lock
    new_message_ids: list[int] = field(default_factory=list)


class Poller:
    """Polls one configured mailbox folder; one instance per poll."""

    def __init__(self, mailbox: MailboxConfig, engine: Engine, archive: Archive, stop: threading.Event | None = None):
        self.mailbox = mailbox
        self.engine = engine
        self.archive = archive
        self.stop = stop or threading.Event()
        self.after = action_for(mailbox.after)
        self.result = PollResult(mailbox.name)
        self.batch = archive.batch()
        self.client: IMAPClient | None = None

    def run(self) -> PollResult:
        started = time.monotonic()
        client = self.client = connect(self.mailbox)
        try:
            info = client.select_folder(self.mailbox.folder)
            uidvalidity = int(info[b"UIDVALIDITY"])
            state = self._state(uidvalidity)
            self._finish_after_actions(client, uidvalidity)
            self._take_new(client, uidvalidity, state.last_uid)
            self._record_poll(error=None)
        finally:
            self.client = None
            disconnect(client)
        log.info(
            "poll mailbox=%s folder=%s stored=%d remapped=%d oversized=%d duration_ms=%d",
            self.mailbox.name, quote_value(self.mailbox.folder), self.result.stored, self.result.remapped,
            self.result.oversized, (time.monotonic() - started) * 1000,
        )
        return self.result

    # -- state -------------------------------------------------------------

    def _state(self, uidvalidity: int) -> MailboxState:
        with session(self.engine) as db:
            state = db.exec(
                select(MailboxState).where(
                    MailboxState.mailbox == self.mailbox.name, MailboxState.folder == self.mailbox.folder
                )
            ).first()
            if state is None:
                state = MailboxState(mailbox=self.mailbox.name, folder=self.mailbox.folder, uidvalidity=uidvalidity)
                db.add(state)
            elif state.uidvalidity != uidvalidity:
                log.warning(
                    "uidvalidity_changed mailbox=%s folder=%s old=%s new=%s action=rescan",
                    self.mailbox.name, quote_value(self.mailbox.folder), state.uidvalidity, uidvalidity,
                )
                state.uidvalidity = uidvalidity
                state.last_uid = 0
                db.add(state)
            db.commit()
            db.refresh(state)
            return state

    def _record_poll(self, error: str | None) -> None:
        record_poll(self.engine, self.mailbox, error)

    # -- after actions -------------------------------------------------------

    def _finish_after_actions(self, client: IMAPClient, uidvalidity: int) -> None:
        """Apply the after action to stored messages whose action a crash interrupted."""
        with session(self.engine) as db:
            pending = db.exec(
                select(Message).where(
                    Message.mailbox == self.mailbox.name,
                    Message.folder == self.mailbox.folder,
                    Message.uidvalidity == uidvalidity,
                    Message.after_done == False,  # noqa: E712
                )
            ).all()
        if pending:
            self._apply_after(client, [m.id for m in pending], [m.uid for m in pending])

    def _apply_after(self, client: IMAPClient, row_ids: list[int], uids: list[int]) -> None:
        self.after.apply(client, uids)
        with session(self.engine) as db:
            for row in db.exec(select(Message).where(Message.id.in_(row_ids))).all():
                row.after_done = True
                db.add(row)
            db.commit()

    # -- fetching --------------------------------------------------------------

    def _take_new(self, client: IMAPClient, uidvalidity: int, last_uid: int) -> None:
        uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
        if not uids:
            return
        stale = self._stale_rows(uidvalidity)
        fields = SIZE_AND_ID if stale else SIZE_ONLY  # Message-IDs only matter when remapping a rescan
        listing: dict[int, dict] = {}
        for start in range(0, len(uids), LISTING_CHUNK):
            listing.update(client.fetch(uids[start : start + LISTING_CHUNK], fields))
        for batch in self._batches(uids, listing):
            if self.stop.is_set():
                return
            to_download = []
            for uid in batch:
                entry = listing.get(uid, {})
                size = int(entry.get(b"RFC822.SIZE", 0))
                row = _match_stale(stale, _header_message_id(entry.get(ID_KEY)), size) if stale else None
                if row is not None:
                    self._remap(row, uid, uidvalidity)
                else:
                    to_download.append(uid)
            self._download(client, to_download, listing, uidvalidity, stale)

    def _batches(self, uids: list[int], listing: dict[int, dict]):
        batch, batch_bytes = [], 0
        for uid in uids:
            size = int(listing.get(uid, {}).get(b"RFC822.SIZE", 0))
            if batch and (len(batch) >= self.mailbox.batch_size or batch_bytes + size > BATCH_BYTES):
                yield batch
                batch, batch_bytes = [], 0
            batch.append(uid)
            batch_bytes += min(size, self.mailbox.max_message_bytes)
        if batch:
            yield batch

    def _download(self, client, uids, listing, uidvalidity, stale) -> None:
        if not uids:
            return
        small = [u for u in uids if int(listing.get(u, {}).get(b"RFC822.SIZE", 0)) <= self.mailbox.max_message_bytes]
        large = [u for u in uids if u not in set(small)]
        bodies = client.fetch(small, ["BODY.PEEK[]"]) if small else {}
        headers = client.fetch(large, ["BODY.PEEK[HEADER]"]) if large else {}
        pending: list[Message] = []
        try:
            for uid in uids:  # UID order, so last_uid only ever advances past stored mail
                if self.stop.is_set():
                    return
                size = int(listing.get(uid, {}).get(b"RFC822.SIZE", 0))
                if uid in headers:
                    pending.append(self._archived_row(uid, uidvalidity, headers[uid].get(b"BODY[HEADER]") or b"",
                                                      size, oversized=True))
                    continue
                raw = bodies.get(uid, {}).get(b"BODY[]")
                if raw is None:
                    log.warning("vanished mailbox=%s uid=%d reason=%s", self.mailbox.name, uid,
                                quote_value("deleted on the server before download"))
                    continue
                row = _match_stale_sha(stale, raw)
                if row is not None:
                    self._commit(pending)  # never let last_uid pass a message not yet committed
                    pending = []
                    self._remap(row, uid, uidvalidity)
                else:
                    pending.append(self._archived_row(uid, uidvalidity, raw, size, oversized=False))
        finally:
            self._commit(pending)  # what is archived is committed, also when stopping

    # -- storing -----------------------------------------------------------------

    def _archived_row(self, uid: int, uidvalidity: int, raw: bytes, size: int, oversized: bool) -> Message:
        """Archive the raw bytes (durably) and build the row that will point to them."""
        digest = self.batch.put(raw)  # made durable by _commit, before the row commits
        crashpoint("after_archive")
        headers = summarise_headers(raw)
        row = Message(
            mailbox=self.mailbox.name,
            folder=self.mailbox.folder,
            uid=uid,
            uidvalidity=uidvalidity,
            sha256=digest,
            size=size or len(raw),
            truncated=oversized,
            message_id=headers.message_id,
            sender=headers.sender,
            sender_name=headers.sender_name,
            subject=headers.subject,
            in_reply_to=headers.in_reply_to,
            sent_at=headers.sent_at,
            received_at=utcnow(),
            after_done=isinstance(self.after, KeepAction),  # nothing to do in the mailbox: no second commit
        )
        if oversized:
            row.status = MessageStatus.FAILED
            row.reason = (
                f"message is {human_size(size)}, over the {human_size(self.mailbox.max_message_bytes)} "
                "limit (max_message_bytes); only its header was archived"
            )
            self.result.oversized += 1
        return row

    def _commit(self, rows: list[Message]) -> None:
        """One transaction for a fetched batch: its rows and the new last UID; then the after action."""
        if not rows:
            return
        started = time.monotonic()
        self.batch.sync()  # every file these rows point to is durable before they commit
        with session(self.engine) as db:
            for row in rows:
                db.add(row)
            _advance(db, self.mailbox, max(row.uid for row in rows))
            db.flush()  # assigns the ids; the session does not expire them on commit
            db.commit()
        crashpoint("after_commit")
        duration_ms = (time.monotonic() - started) * 1000 / len(rows)
        for row in rows:
            self.result.stored += 1
            self.result.new_message_ids.append(row.id)
            log.info("stored message=%d mailbox=%s uid=%d bytes=%d duration_ms=%d", row.id, self.mailbox.name,
                     row.uid, row.size, duration_ms)
        waiting = [row for row in rows if not row.after_done]
        if waiting:
            self._apply_after(self.client, [row.id for row in waiting], [row.uid for row in waiting])

    def _remap(self, row: Message, uid: int, uidvalidity: int) -> None:
        with session(self.engine) as db:
            current = db.get(Message, row.id)
            current.uid = uid
            current.uidvalidity = uidvalidity
            db.add(current)
            _advance(db, self.mailbox, uid)
            db.commit()
        self.result.remapped += 1
        log.info("remapped message=%d mailbox=%s uid=%d uidvalidity=%d", row.id, self.mailbox.name, uid, uidvalidity)

    def _stale_rows(self, uidvalidity: int) -> list[Message]:
        """Rows stored under an earlier UIDVALIDITY: candidates for a rescan's remapping."""
        with session(self.engine) as db:
            return list(
                db.exec(
                    select(Message)
                    .where(
                        Message.mailbox == self.mailbox.name,
                        Message.folder == self.mailbox.folder,
                        Message.uidvalidity != uidvalidity,
                    )
                    .order_by(Message.id)
                ).all()
            )


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _advance(db, mailbox: MailboxConfig, uid: int) -> None:
    state = db.exec(
        select(MailboxState).where(MailboxState.mailbox == mailbox.name, MailboxState.folder == mailbox.folder)
    ).one()
    if uid > state.last_uid:
        state.last_uid = uid
        db.add(state)


def _header_message_id(header_bytes: bytes | None) -> str | None:
    if not header_bytes:
        return None
    return summarise_headers(header_bytes + b"\r\n").message_id


def _take_first(stale: list[Message], matches) -> Message | None:
    """Remove and return the first stale row that ``matches``: each maps to one new UID."""
    for index, row in enumerate(stale):
        if matches(row):
            return stale.pop(index)
    return None


def _match_stale(stale: list[Message], message_id: str | None, size: int) -> Message | None:
    if not message_id:
        return None
    return _take_first(stale, lambda row: row.message_id == message_id and row.size == size)


def _match_stale_sha(stale: list[Message], raw: bytes) -> Message | None:
    digest = hashlib.sha256(raw).hexdigest()
    return _take_first(stale, lambda row: row.sha256 == digest)


def record_poll(engine: Engine, mailbox: MailboxConfig, error: str | None) -> None:
    with session(engine) as db:
        state = db.exec(
            select(MailboxState).where(MailboxState.mailbox == mailbox.name, MailboxState.folder == mailbox.folder)
        ).first()
        if state is None:
            state = MailboxState(mailbox=mailbox.name, folder=mailbox.folder)
        state.last_poll_at = utcnow()
        state.last_error = error
        db.add(state)
        db.commit()


def quote_value(value: str) -> str:
    """A log value in double quotes (logfmt: key="a value"), whatever it contains."""
    return json.dumps(value, ensure_ascii=False)
