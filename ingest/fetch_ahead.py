"""Fetch the next batch of messages while the current one is being stored.

A poll alternates between waiting for the IMAP server (``FETCH``) and work
of its own (hashing, writing the archive, committing rows). Done one after
the other, the server idles while we store and we idle while it sends.
``FetchAhead`` runs the fetches in a thread of their own, at most ``depth``
batches ahead, so the two overlap, as mbsync overlaps its pipelined
commands.

The thread is the only user of the IMAP connection while it runs: whoever
iterates must not touch the client until ``close()`` has returned. An error
in the thread is raised again from the iteration, in batch order, after the
batches fetched before it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

Plan = TypeVar("Plan")
Fetched = TypeVar("Fetched")

_DONE = object()


class FetchAhead(Generic[Plan, Fetched]):
    """Iterate ``(plan, fetch(plan))`` in order, with the fetches running ahead in a thread."""

    def __init__(self, plans: list[Plan], fetch: Callable[[Plan], Fetched], depth: int = 2,
                 name: str = "fetch-ahead"):
        if depth < 1:
            raise ValueError("depth must be at least 1")
        self._plans = plans
        self._fetch = fetch
        self._slots = threading.Semaphore(depth)  # batches fetched and not yet handed back as done
        self._ready: queue.Queue = queue.Queue()
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = False
        self._holding = False  # the consumer holds a slot for the batch it is working on

    def __iter__(self) -> Iterator[tuple[Plan, Fetched]]:
        if not self._started:
            self._started = True
            self._thread.start()
        while True:
            self._release_held()
            item = self._ready.get()
            if item is _DONE:
                return
            plan, fetched, error = item
            if error is not None:
                raise error
            self._holding = True
            yield plan, fetched

    def close(self) -> None:
        """Stop fetching and wait for a fetch in progress to end; the connection is the caller's again."""
        self._closing.set()
        self._release_held()
        self._slots.release()  # wake the thread if it waits for a slot
        if self._started:
            self._thread.join()

    def __enter__(self) -> "FetchAhead[Plan, Fetched]":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _release_held(self) -> None:
        if self._holding:
            self._holding = False
            self._slots.release()

    def _run(self) -> None:
        try:
            for plan in self._plans:
                self._slots.acquire()
                if self._closing.is_set():
                    return
                try:
                    fetched = self._fetch(plan)
                except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
                    self._ready.put((plan, None, error))
                    return
                self._ready.put((plan, fetched, None))
        finally:
            self._ready.put(_DONE)
