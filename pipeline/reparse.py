"""Run messages through the pipeline again from their archived raw bytes.

The handler forgets what a message produced before it runs (records it fed,
its unsent mail), so a reparse replaces exactly that; messages go in arrival
order so merges and duplicates come out as they would have the first time.
A message's state depends on the messages before it, so the later messages
that share a record with a chosen one (or are copies of it) are run again
after it (:func:`with_followers`): every message ends in the state, and
every record with the content, a first run in arrival order gives.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlmodel import or_, select

from domain import MessageStatus
from pipeline.runner import Outcome, process_messages
from pipeline.stages import handle_message
from store import Message, NominationMessage, Service, session


def select_messages(service: Service, ids: list[int], failed: bool, everything: bool) -> tuple[list[int], list[int]]:
    """The message ids to rerun (sorted) and any requested id that does not exist."""
    with session(service.engine) as db:
        query = select(Message.id).order_by(Message.id)
        if failed:
            query = query.where(Message.status == MessageStatus.FAILED)
        elif not everything:
            query = query.where(Message.id.in_(ids))
        found = list(db.exec(query).all())
    return found, sorted(set(ids) - set(found)) if ids else []


def with_followers(service: Service, ids: list[int]) -> list[int]:
    """``ids`` plus every later message that shares a record with one of them or is a copy of one."""
    chosen = set(ids)
    if not chosen:
        return []
    with session(service.engine) as db:
        frontier = set(chosen)
        while frontier:
            first = min(frontier)
            shared = select(NominationMessage.nomination_id).where(NominationMessage.message_id.in_(frontier))
            copies = select(Message.sha256).where(Message.id.in_(frontier))
            message_ids = select(Message.message_id).where(Message.id.in_(frontier), Message.message_id.is_not(None))
            found = set(db.exec(
                select(Message.id)
                .outerjoin(NominationMessage, NominationMessage.message_id == Message.id)
                .where(Message.id > first, or_(NominationMessage.nomination_id.in_(shared), Message.sha256.in_(copies),
                                               Message.message_id.in_(message_ids)))
            ).all())
            frontier = found - chosen
            chosen |= found
    return sorted(chosen)


def _logs_through_progress():
    """While the bar is shown, log lines go through Rich's stderr proxy, which prints them above the bar."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    before = [h.stream for h in handlers]
    for handler in handlers:
        handler.setStream(sys.stderr)  # Progress(redirect_stderr=True) put a proxy there

    def restore() -> None:
        for handler, stream in zip(handlers, before):
            handler.setStream(stream)
    return restore


def reparse_messages(service: Service, ids: list[int]) -> Counter:
    counts: Counter = Counter()
    console = Console(stderr=True)
    if console.is_terminal and ids:
        with Progress(TextColumn("reparse"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=console) as progress:
            task = progress.add_task("", total=len(ids))
            restore = _logs_through_progress()

            def advance(message_id: int, outcome: Outcome) -> None:
                counts[outcome.status] += 1
                progress.update(task, advance=1, description=f"#{message_id} {outcome.status}")

            try:
                process_messages(service, ids, handle_message, on_done=advance)
            finally:
                restore()
        return counts

    def line(message_id: int, outcome: Outcome) -> None:
        counts[outcome.status] += 1
        reason = f": {outcome.reason}" if outcome.reason else ""
        print(f"reparse {sum(counts.values())}/{len(ids)} message {message_id} {outcome.status}{reason}",
              file=sys.stderr, flush=True)

    process_messages(service, ids, handle_message, on_done=line)
    return counts
