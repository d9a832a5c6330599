"""Take new mail from one IMAP folder into the archive and the database.

The order is what makes it safe (compare Mailman's switchboard):
1. fetch with ``BODY.PEEK[]`` so the server marks nothing seen;
2. write the raw bytes to the content-addressed archive;
3. make the batch's files durable (one ``syncfs``), then insert the ``message``
   rows of the fetched batch and advance ``last_uid`` in one transaction;
4. only then apply the mailbox's ``after`` action (for the whole poll, once
   the last batch is in), and record that it was done.

Fetching runs one batch ahead in a thread (``ingest.fetch_ahead``) while the
current batch is archived and committed; that thread is the only user of the
connection until it ends, which is why step 4 waits for the end of the poll.
A crash before 3 refetches the message next time (the archive write is
idempotent); a crash after 3 never refetches it, and step 4 is retried from
the ``after_done`` flag. A UIDVALIDITY change (RFC 3501 2.3.1.1) triggers a
rescan that maps already-stored messages to their new UIDs instead of
storing them again.

Length: just over 300 lines on purpose: the ordering of fetch, archive,
commit and after-action is the crash-safety argument and reads best whole.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field

from imapclient import IMAPClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from config import MailboxConfig
from ingest.after_actions import KeepAction, action_for
from ingest.connection import connect, disconnect
from ingest.fetch_ahead import FetchAhead
from ingest.headers import summarise_headers
from ingest.message_rows import NewMessage, insert_messages, new_message
from ingest.rescan import StaleRows
from store import Archive, MailboxState, Message, crashpoint, session, utcnow

log = logging.getLogger(__name__)

SIZE_ONLY = ["RFC822.SIZE"]
SIZE_AND_ID = ["RFC822.SIZE", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]
ID_KEY = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"
BATCH_BYTES = 32 * 1024 * 1024
LISTING_CHUNK = 500
AFTER_CHUNK = 500  # UIDs per STORE/MOVE command


@dataclass
class Planned:
    """One UID of a fetch batch."""

    uid: int
    size: int
    stale_row: Message | None  # stored before a UIDVALIDITY change: remapped, not downloaded


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
        self._after_waiting: list[NewMessage] = []  # committed; their after action runs once fetching ends

    def run(self) -> PollResult:
        started = time.monotonic()
        client = connect(self.mailbox)
        try:
            info = client.select_folder(self.mailbox.folder)
            uidvalidity = int(info[b"UIDVALIDITY"])
            state = self._state(uidvalidity)
            self._finish_after_actions(client, uidvalidity)
            self._take_new(client, uidvalidity, state.last_uid)
            self._record_poll(error=None)
        finally:
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
        for start in range(0, len(pending), AFTER_CHUNK):
            chunk = pending[start : start + AFTER_CHUNK]
            self._apply_after(client, [m.id for m in chunk], [m.uid for m in chunk])

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
        stale = StaleRows.load(self.engine, self.mailbox.name, self.mailbox.folder, uidvalidity)
        fields = SIZE_AND_ID if stale else SIZE_ONLY  # Message-IDs only matter when remapping a rescan
        listing: dict[int, dict] = {}
        for start in range(0, len(uids), LISTING_CHUNK):
            listing.update(client.fetch(uids[start : start + LISTING_CHUNK], fields))
        plans = [self._plan(batch, listing, stale) for batch in self._batches(uids, listing)]
        with FetchAhead(plans, lambda plan: self._fetch(client, plan), name=f"fetch-{self.mailbox.name}") as ahead:
            for plan, fetched in ahead:
                if self.stop.is_set() or not self._store_batch(plan, fetched, uidvalidity, stale):
                    break
        # the fetch thread has ended: the connection is ours again for the after action
        waiting, self._after_waiting = self._after_waiting, []
        for start in range(0, len(waiting), AFTER_CHUNK):
            chunk = waiting[start : start + AFTER_CHUNK]
            self._apply_after(client, [row.id for row in chunk], [row.uid for row in chunk])

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

    def _plan(self, batch: list[int], listing: dict[int, dict], stale: StaleRows) -> list[Planned]:
        """Each UID of a batch, in order: its size and, after a UIDVALIDITY change, the row it already is."""
        planned = []
        for uid in batch:
            entry = listing.get(uid, {})
            size = int(entry.get(b"RFC822.SIZE", 0))
            row = stale.by_listing(entry.get(ID_KEY), size) if stale else None
            planned.append(Planned(uid, size, row))
        return planned

    def _fetch(self, client: IMAPClient, plan: list[Planned]) -> dict[int, bytes]:
        """Whole messages, or only the header of those over ``max_message_bytes`` (run in the fetch thread)."""
        wanted = [p for p in plan if p.stale_row is None]
        small = [p.uid for p in wanted if p.size <= self.mailbox.max_message_bytes]
        large = [p.uid for p in wanted if p.size > self.mailbox.max_message_bytes]
        fetched: dict[int, bytes] = {}
        if small:
            for uid, data in client.fetch(small, ["BODY.PEEK[]"]).items():
                if data.get(b"BODY[]") is not None:
                    fetched[uid] = data[b"BODY[]"]
        if large:
            for uid, data in client.fetch(large, ["BODY.PEEK[HEADER]"]).items():
                fetched[uid] = data.get(b"BODY[HEADER]") or b""
        return fetched

    def _store_batch(self, plan: list[Planned], fetched: dict[int, bytes], uidvalidity: int,
                     stale: StaleRows) -> bool:
        """Archive and commit one batch in UID order, so last_uid only ever advances past stored mail.

        Returns False when told to stop part way (what was archived is committed).
        """
        pending: list[NewMessage] = []
        try:
            for item in plan:
                if self.stop.is_set():
                    return False
                if item.stale_row is not None:
                    self._commit(pending)  # never let last_uid pass a message not yet committed
                    pending = []
                    self._remap(item.stale_row, item.uid, uidvalidity)
                    continue
                raw = fetched.get(item.uid)
                if raw is None:
                    log.warning("vanished mailbox=%s uid=%d reason=%s", self.mailbox.name, item.uid,
                                quote_value("deleted on the server before download"))
                    continue
                oversized = item.size > self.mailbox.max_message_bytes
                row = stale.by_content(raw) if not oversized else None
                if row is not None:
                    self._commit(pending)
                    pending = []
                    self._remap(row, item.uid, uidvalidity)
                else:
                    pending.append(self._archived_row(item.uid, uidvalidity, raw, item.size, oversized=oversized))
        finally:
            self._commit(pending)  # what is archived is committed, also when stopping
        return True

    # -- storing -----------------------------------------------------------------

    def _archived_row(self, uid: int, uidvalidity: int, raw: bytes, size: int, oversized: bool) -> NewMessage:
        """Archive the raw bytes (durable once ``_commit`` syncs) and build the row that will point to them."""
        digest = self.batch.put(raw)
        crashpoint("after_archive")
        reason = None
        if oversized:
            reason = (
                f"message is {human_size(size)}, over the {human_size(self.mailbox.max_message_bytes)} "
                "limit (max_message_bytes); only its header was archived"
            )
            self.result.oversized += 1
        return new_message(
            self.mailbox.name, self.mailbox.folder, uid, uidvalidity, digest, size or len(raw),
            summarise_headers(raw),
            after_done=isinstance(self.after, KeepAction),  # nothing to do in the mailbox: no second commit
            failed_reason=reason,
        )

    def _commit(self, rows: list[NewMessage]) -> None:
        """One transaction for a fetched batch: its rows and the new last UID; then the after action."""
        if not rows:
            return
        started = time.monotonic()
        self.batch.sync()  # every file these rows point to is durable before they commit
        with session(self.engine) as db:
            insert_messages(db.connection(), rows)
            _advance(db, self.mailbox, max(row.uid for row in rows))
            db.commit()
        crashpoint("after_commit")
        duration_ms = (time.monotonic() - started) * 1000 / len(rows)
        for row in rows:
            self.result.stored += 1
            self.result.new_message_ids.append(row.id)
            log.info("stored message=%d mailbox=%s uid=%d bytes=%d duration_ms=%d", row.id, self.mailbox.name,
                     row.uid, row.size, duration_ms)
        self._after_waiting.extend(row for row in rows if not row.after_done)  # applied when the fetching ends

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
