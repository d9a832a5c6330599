"""FetchAhead: fetches run ahead in a thread, in order, bounded, errors raised where they belong."""

from __future__ import annotations

import threading
import time

import pytest

from ingest.fetch_ahead import FetchAhead


def test_results_come_in_plan_order():
    with FetchAhead(list(range(10)), lambda n: n * n) as ahead:
        assert list(ahead) == [(n, n * n) for n in range(10)]


def test_the_next_fetch_runs_while_the_current_batch_is_handled():
    second_fetch_started = threading.Event()

    def fetch(n):
        if n == 1:
            second_fetch_started.set()
        return n

    with FetchAhead([0, 1, 2], fetch) as ahead:
        iterator = iter(ahead)
        assert next(iterator) == (0, 0)
        # still handling batch 0: the fetch of batch 1 happens meanwhile, not when we ask for it
        assert second_fetch_started.wait(5)
        assert list(iterator) == [(1, 1), (2, 2)]


def test_no_more_than_depth_batches_are_held_at_once():
    held, most = 0, 0
    lock = threading.Lock()

    def fetch(n):
        nonlocal held, most
        with lock:
            held += 1
            most = max(most, held)
        return n

    with FetchAhead(list(range(20)), fetch, depth=2) as ahead:
        for _ in ahead:
            time.sleep(0.01)  # a slow consumer: the fetcher would run far ahead if it could
            with lock:
                held -= 1
    assert most == 2


def test_an_error_is_raised_after_the_batches_fetched_before_it():
    def fetch(n):
        if n == 2:
            raise ConnectionResetError("server went away")
        return n

    got = []
    with pytest.raises(ConnectionResetError, match="server went away"):
        with FetchAhead([0, 1, 2, 3], fetch) as ahead:
            for plan, _ in ahead:
                got.append(plan)
    assert got == [0, 1]


def test_closing_early_stops_fetching_and_waits_for_the_thread():
    fetched = []
    ahead = FetchAhead(list(range(100)), lambda n: fetched.append(n) or n, depth=2)
    for plan, _ in ahead:
        if plan == 3:
            break
    ahead.close()
    assert not ahead._thread.is_alive()
    assert len(fetched) <= 3 + 2  # what was consumed, plus at most `depth` fetched ahead
    assert fetched == sorted(fetched)


def test_depth_must_be_positive():
    with pytest.raises(ValueError):
        FetchAhead([1], lambda n: n, depth=0)
