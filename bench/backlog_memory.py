"""Does memory stay flat while a 10,000-message backlog is taken in?

A private Dovecot on 127.0.0.1 is loaded with a backlog (default 10,000
messages in the size mix of ``bench/ingest_speed.py``: 55 % text, 30 % with
a 20-80 kB DOCX, 12 % with a 100-500 kB attachment, 3 % with a 1-3 MB scan),
written straight into the account's ``Maildir/cur`` before the first login
and indexed by Dovecot in an untimed warm-up (APPEND would take minutes).

One ``poll_mailbox`` (poll only: fetch, archive, commit; no parsing) then
runs in a child process against a fresh SQLite database and archive. The
parent samples the child's ``VmRSS`` from ``/proc`` every 0.1 s and counts
the messages stored so far from the child's log, and prints RSS at 0, 10,
25, 50, 75 and 100 % of the backlog, the peak sampled RSS and the kernel's
own high-water mark (``VmHWM``, read by the child at the end). Target: flat
(growth from the 10 % point to the end under 10 % of the peak) and a peak
under 300 MB.

Run: ``.venv/bin/python bench/backlog_memory.py [--messages 10000]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_speed import mailbox_settings, start_loaded_dovecot

TARGET_MB = 300
POINTS = (0, 10, 25, 50, 75, 100)


def child(config: Path) -> None:
    """The poll under test; ingest.poller logs one ``stored ...`` line per message on stderr."""
    from config import load_settings
    from ingest import poll_mailbox
    from store import Archive, open_database

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    settings = load_settings(config)
    engine = open_database(settings.database.url)
    print("READY", file=sys.stderr, flush=True)
    result = poll_mailbox(settings.mailboxes[0], engine, Archive(settings.storage.dir))
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    print(json.dumps({"stored": result.stored, "error": result.error,
                      "hwm_kb": int(status["VmHWM"].split()[0])}), flush=True)


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def measure(config: Path, total: int) -> tuple[list[tuple[float, int, int]], dict, float]:
    """Run the child; returns samples (seconds, stored, rss kB), its report, and the wall time."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(config)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    stored = [0]
    ready = threading.Event()

    def follow() -> None:
        for line in proc.stderr:
            if line.startswith("stored "):
                stored[0] += 1
            elif line.startswith("READY"):
                ready.set()

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    ready.wait(60)
    started = time.perf_counter()
    samples = []
    while proc.poll() is None:
        kb = rss_kb(proc.pid)
        if kb is not None:
            samples.append((time.perf_counter() - started, stored[0], kb))
        time.sleep(0.1)
    took = time.perf_counter() - started
    reader.join(5)
    out = proc.stdout.read().strip().splitlines()
    if proc.returncode != 0 or not out:
        raise RuntimeError(f"poll child failed with status {proc.returncode}")
    report = json.loads(out[-1])
    if report["error"] or report["stored"] != total:
        raise RuntimeError(f"poll stored {report['stored']} of {total}: {report['error']}")
    return samples, report, took


def at_share(samples: list[tuple[float, int, int]], total: int, percent: int) -> tuple[float, int, int]:
    """The first sample at or past ``percent`` of the backlog (the last one for 100 %)."""
    if percent >= 100:
        return samples[-1]
    goal = total * percent / 100
    return next((s for s in samples if s[1] >= goal), samples[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return 0
    work = Path(tempfile.mkdtemp(prefix="dienhinh-backlog-bench-"))
    work.chmod(0o755)  # as root, Dovecot's auth process runs as its own user and must reach the config
    server = None
    try:
        server, count, size, load = start_loaded_dovecot(work, args.messages)
        print(f"backlog: {count} messages, {size / 1e6:.0f} MB, written to Maildir and indexed in {load:.1f} s")
        poll_dir = work / "poll"
        poll_dir.mkdir()
        mailbox_settings(poll_dir, server.port, 25)
        samples, report, took = measure(poll_dir / "dienhinh.toml", count)
        print(f"poll: {count} messages in {took:.1f} s ({count / took:.0f} msg/s), {len(samples)} RSS samples\n")
        print(f"{'backlog taken':>14} {'messages':>9} {'seconds':>8} {'RSS MB':>7}")
        for percent in POINTS:
            seconds, stored, kb = at_share(samples, count, percent)
            print(f"{percent:13d}% {stored:9d} {seconds:8.1f} {kb / 1024:7.1f}")
        peak = max(kb for _, _, kb in samples) / 1024
        hwm = report["hwm_kb"] / 1024
        growth = (samples[-1][2] - at_share(samples, count, 10)[2]) / 1024
        flat = growth < 0.1 * max(peak, hwm)
        print(f"\npeak RSS sampled {peak:.1f} MB; kernel high-water mark (VmHWM) {hwm:.1f} MB;"
              f" growth from 10 % to the end {growth:+.1f} MB")
        print(f"target flat: {'PASS' if flat else 'FAIL'};  target peak < {TARGET_MB} MB:"
              f" {'PASS' if max(peak, hwm) < TARGET_MB else 'FAIL'}")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
