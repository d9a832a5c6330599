"""Run messages through the pipeline again from their archived raw bytes.

The handler forgets what a message produced before it runs (records it fed,
its unsent mail), so a reparse replaces exactly that; messages go in arrival
order so merges and duplicates come out as they would have the first time.
"""

from __future__ import annotations

import sys
from collections import Counter

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlmodel import select

from domain import MessageStatus
from pipeline.runner import Outcome, process_messages
from pipeline.stages import handle_message
from store import Message, Service, session


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


def reparse_messages(service: Service, ids: list[int]) -> Counter:
    counts: Counter = Counter()
    console = Console(stderr=True)
    if console.is_terminal and ids:
        with Progress(TextColumn("reparse"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=console) as progress:
            task = progress.add_task("", total=len(ids))

            def advance(message_id: int, outcome: Outcome) -> None:
                counts[outcome.status] += 1
                progress.update(task, advance=1, description=f"#{message_id} {outcome.status}")

            process_messages(service, ids, handle_message, on_done=advance)
        return counts

    def line(message_id: int, outcome: Outcome) -> None:
        counts[outcome.status] += 1
        reason = f": {outcome.reason}" if outcome.reason else ""
        print(f"reparse {sum(counts.values())}/{len(ids)} message {message_id} {outcome.status}{reason}",
              file=sys.stderr, flush=True)

    process_messages(service, ids, handle_message, on_done=line)
    return counts
