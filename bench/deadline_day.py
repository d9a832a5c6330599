"""A national deadline day: ~10,000 messages, most not submissions, on PostgreSQL with one and two workers.

The day's mail (``--messages``, default 10,000), in arrival order:

* 80 % not submissions: mostly small plain mail (``bench/poll_end_to_end.py``:
  auto-replies, newsletters, no-reply notices, other business written by a
  person); one in eight of them is the test generator's other mail with files
  (meeting invitations with a DOCX, bounces carrying the original, personal
  mail with a photo, newsletters: ``tests.mailgen.other_mail``);
* 20 % submissions from the test generator (``tests.mailgen``): DOCX and PDF
  profiles, scans and phone photos (OCR), XLSX registration lists, ZIP
  dossiers, forwarded mail. ``--distinct`` of them are generated (default
  150) and reused with a new Message-ID and sender, so a reused one may end
  as a duplicate of its first copy: it is still parsed in full.

For each worker count (``--workers 1 2``), the script creates a fresh
database on the local PostgreSQL (dropped afterwards) and a fresh account of
a private Dovecot, writes the mail into the account's Maildir (all at once
by default, the backlog of the morning; with ``--rate R`` at R messages a
second into ``Maildir/new``, while the workers run), starts the
``dienhinh worker`` processes (poll every 5 s, a real aiosmtpd server in
``[smtp]``) and waits until every message is processed and the outbox is
empty. Arrival is when the message was written to the Maildir.

Prints, per run: messages per second from the workers' start, the 50th and
95th percentile from arrival to the flag or acknowledgement being accepted
by the SMTP server, the message states, each worker's peak RSS (its own
process, and with the sandbox workers and OCR programs under it), each
worker's CPU seconds with everything it ran (``wait4``), and the CPU seconds
of the long-lived processes by command (postgres, imap, kernel writeback),
which together say what bounds it.

Run: ``.venv/bin/python bench/deadline_day.py [--messages 10000] [--workers 1 2] [--rate 0] [--distinct 150]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from poll_end_to_end import DEFAULT_MIX, build_messages, parse_mix  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from workers import LOCAL_HOSTS, cpu_by_command, cpu_times, process_cpu  # noqa: E402

from dienhinh.devservers.dovecot import DovecotServer  # noqa: E402
from dienhinh.devservers.smtp import SmtpServer  # noqa: E402
from store import open_database  # noqa: E402

SUBMISSION_SHARE = 0.20
FILES_SHARE_OF_OTHER = 1 / 8
_MESSAGE_ID = re.compile(rb"^Message-ID:[^\n]*\n", re.I | re.M)
_FROM = re.compile(rb"^From:([^\n]*)<([^@>\s]+)@", re.I | re.M)


def day_of_mail(count: int, distinct: int, seed: int) -> list[tuple[str, str, bytes]]:
    """``(kind, Message-ID, raw)`` in arrival order: kind is "submission", "other" or "other_files"."""
    from tests.mailgen import envelope, other_mail
    from tests.mailgen.ctx import new_ctx
    from tests.mailgen.plan import generate

    rnd = random.Random(seed)
    submissions = round(count * SUBMISSION_SHARE)
    with_files = round((count - submissions) * FILES_SHARE_OF_OTHER)
    plain = count - submissions - with_files
    pool: list[bytes] = []
    gen_seed = seed
    while len(pool) < min(distinct, submissions):
        pool.extend(item.raw for item in generate(gen_seed, 60) if item.draft.category == "submission")
        gen_seed += 1
    pool = pool[: max(1, min(distinct, submissions))]
    ctx = new_ctx(seed)
    others_with_files = []
    kinds = list(other_mail.BUILDERS)
    for i in range(with_files):
        draft = other_mail.BUILDERS[kinds[i % len(kinds)]](ctx)
        envelope.stamp(draft, ctx.rng, dt.datetime(2025, 3, 10, 7, 0, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=i))
        others_with_files.append(envelope.build(draft, ctx.rng))
    mail: list[tuple[str, bytes]] = [("other", raw) for _, raw in build_messages(plain, parse_mix(DEFAULT_MIX), seed)]
    mail += [("other_files", raw) for raw in others_with_files]
    mail += [("submission", pool[i % len(pool)]) for i in range(submissions)]
    rnd.shuffle(mail)
    out = []
    for i, (kind, raw) in enumerate(mail):
        message_id = f"<day-{seed}-{i}@example.edu.vn>"
        raw = _MESSAGE_ID.sub(b"", raw, count=1)
        if kind == "submission":  # each copy from its own sender: a school resending is not what this measures
            raw = _FROM.sub(lambda m: m.group(0)[: -len(m.group(2)) - 1] + m.group(2) + f".{i}@".encode(), raw, count=1)
        out.append((kind, message_id, f"Message-ID: {message_id}\n".encode() + raw))
    return out


class Maildir:
    """Delivers into a Dovecot account's Maildir the way an MTA does, owned by Dovecot's mail user."""

    def __init__(self, server: DovecotServer, user: str) -> None:
        root = server.root / "mail"
        self.owner = root.stat()
        self.home = root / user
        self.maildir = self.home / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        self._chown_tree()
        self.count = 0

    def _chown_tree(self) -> None:
        if os.getuid() != 0:
            return
        for dirpath, _, filenames in os.walk(self.home):
            os.chown(dirpath, self.owner.st_uid, self.owner.st_gid)
            for entry in filenames:
                os.chown(os.path.join(dirpath, entry), self.owner.st_uid, self.owner.st_gid)

    def deliver(self, raw: bytes, folder: str = "new") -> float:
        """Write one message (tmp, then rename: atomic for Dovecot); returns the arrival time."""
        self.count += 1
        virtual = len(raw) + raw.count(b"\n")
        name = f"{int(time.time())}.M{self.count}P{os.getpid()}.bench,S={len(raw)},W={virtual}"
        tmp = self.maildir / "tmp" / name
        tmp.write_bytes(raw)
        if os.getuid() == 0:
            os.chown(tmp, self.owner.st_uid, self.owner.st_gid)
        target = self.maildir / folder / (name + (":2," if folder == "cur" else ""))
        os.replace(tmp, target)
        return time.time()


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except OSError:
                continue
            out.extend(kids)
            frontier.extend(kids)
    return out


class RssSampler(threading.Thread):
    """Peak RSS of each worker process alone, and with everything it started (sandboxes, tesseract)."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.own = {pid: 0 for pid in pids}
        self.tree = {pid: 0 for pid in pids}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.25):
            for pid in self.pids:
                own = _rss_kb(pid)
                self.own[pid] = max(self.own[pid], own)
                self.tree[pid] = max(self.tree[pid], own + sum(_rss_kb(k) for k in _descendants(pid)))


def run_day(admin_url: str, work: Path, dovecot: DovecotServer, mail: list[tuple[str, str, bytes]], workers: int,
            rate: float, timeout: float) -> dict:
    name = f"dienhinh_day_{uuid.uuid4().hex[:10]}"
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        open_database(url).dispose()
        return _run(url, work, dovecot, mail, workers, rate, timeout)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _run(url: str, work: Path, dovecot: DovecotServer, mail, workers: int, rate: float, timeout: float) -> dict:
    user = "d" + uuid.uuid4().hex[:10]
    dovecot.add_user(user, "pw-" + user)
    maildir = Maildir(dovecot, user)
    arrival: dict[str, float] = {}
    if rate <= 0:  # the morning's backlog: all there before the workers start
        for _, message_id, raw in mail:
            maildir.deliver(raw, "cur")
        with dovecot.client(user) as client:  # indexed before the clock starts
            client.select_folder("INBOX", readonly=True)
    run_dir = work / f"{workers}-{user}"
    run_dir.mkdir(parents=True)
    with SmtpServer() as smtp:
        config = run_dir / "dienhinh.toml"
        config.write_text(
            f'[database]\nurl = "{url}"\n[storage]\ndir = "{run_dir / "archive"}"\n'
            f'[[mailboxes]]\nname = "vutdkt"\nhost = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "none"\n'
            f'username = "{user}"\npassword_env = "BENCH_IMAP_PASSWORD"\npoll_seconds = 5\n'
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
            f'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\n'
        )
        env = {**os.environ, "BENCH_IMAP_PASSWORD": "pw-" + user}
        engine = create_engine(url)
        busy0, total0 = cpu_times()
        procs_before = process_cpu()
        started = time.monotonic()
        started_wall = time.time()
        if rate <= 0:
            arrival = {message_id: started_wall for _, message_id, _ in mail}
        procs = [subprocess.Popen([sys.executable, "-m", "dienhinh", "worker", "--config", str(config)], env=env,
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(run_dir / f"worker{i}.log", "w"))
                 for i in range(workers)]
        sampler = RssSampler([p.pid for p in procs])
        sampler.start()
        feeder = None
        if rate > 0:
            def feed() -> None:
                begin = time.monotonic()
                for n, (_, message_id, raw) in enumerate(mail):
                    wait = begin + n / rate - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    arrival[message_id] = maildir.deliver(raw)
            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
        try:
            deadline = started + timeout
            while True:
                with engine.connect() as conn:
                    stored = conn.execute(text("SELECT count(*) FROM message")).scalar()
                    left = conn.execute(text("SELECT count(*) FROM message WHERE status = 'received'")).scalar()
                    outbox = conn.execute(text(
                        "SELECT count(*) FROM outgoing_mail WHERE state IN ('queued', 'sending')")).scalar()
                if stored == len(mail) and left == 0 and outbox == 0:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"not done after {timeout:.0f} s ({stored} stored, {left} waiting, "
                                       f"{outbox} in the outbox); see {run_dir}")
                time.sleep(0.5)
            wall = time.monotonic() - started
            busy1, total1 = cpu_times()
            by_command = cpu_by_command(procs_before, process_cpu())
        finally:
            sampler.done.set()
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            worker_cpu = []
            for proc in procs:  # each worker with everything it waited for: sandboxes, tesseract, soffice
                _, _, usage = os.wait4(proc.pid, 0)
                worker_cpu.append(usage.ru_utime + usage.ru_stime)
        with engine.connect() as conn:
            statuses = dict(conn.execute(text("SELECT status, count(*) FROM message GROUP BY status")).all())
            sent = dict(conn.execute(text("SELECT kind, count(*) FROM outgoing_mail GROUP BY kind")).all())
        engine.dispose()
        latencies = []
        for captured in smtp.messages:
            original = (captured.message["In-Reply-To"] or "").strip()
            if original in arrival:
                latencies.append(captured.received_at - arrival[original])
    latencies.sort()
    pct = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan"))
    return {
        "workers": workers, "messages": len(mail), "wall_s": wall, "rate": len(mail) / wall,
        "p50_s": pct(0.50), "p95_s": pct(0.95), "replies": len(latencies), "statuses": statuses, "outbox": sent,
        "rss_own_mb": [round(v / 1024) for v in sampler.own.values()],
        "rss_tree_mb": [round(v / 1024) for v in sampler.tree.values()],
        "worker_cpu_s": [round(c, 1) for c in worker_cpu],
        "machine_busy": (busy1 - busy0) / max(total1 - total0, 1),
        "cpu_by_command": {k: round(v, 1) for k, v in list(by_command.items())[:6]},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rate", type=float, default=0.0, help="arrivals per second while running (0: all at the start)")
    ap.add_argument("--distinct", type=int, default=150, help="distinct generated submissions, reused")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--timeout", type=float, default=7200)
    ap.add_argument("--postgres", default=os.environ.get(
        "DIENHINH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    args = ap.parse_args()
    if make_url(args.postgres).host not in LOCAL_HOSTS:
        ap.error("--postgres must point at 127.0.0.1 (this benchmark creates and drops databases)")
    started = time.perf_counter()
    mail = day_of_mail(args.messages, args.distinct, args.seed)
    kinds: dict[str, int] = {}
    for kind, _, _ in mail:
        kinds[kind] = kinds.get(kind, 0) + 1
    size = sum(len(raw) for _, _, raw in mail)
    print(f"{os.cpu_count()} CPU(s); {len(mail)} messages ({size / 1e6:.0f} MB): {kinds}; generated in "
          f"{time.perf_counter() - started:.0f} s; arrivals {'all at the start' if args.rate <= 0 else f'{args.rate}/s'}",
          flush=True)
    dovecot_root = Path(tempfile.mkdtemp(prefix="dienhinh-day-dovecot-"))
    work = Path(tempfile.mkdtemp(prefix="dienhinh-day-"))
    results = []
    try:
        with DovecotServer(dovecot_root) as dovecot:
            for workers in args.workers:
                result = run_day(args.postgres, work, dovecot, mail, workers, args.rate, args.timeout)
                results.append(result)
                print(f"  {workers} worker(s): {result['wall_s']:7.1f} s, {result['rate']:6.1f} msg/s; arrival to reply "
                      f"p50 {result['p50_s']:.1f} s, p95 {result['p95_s']:.1f} s ({result['replies']} replies); "
                      f"peak RSS per worker {result['rss_own_mb']} MB (with its sandboxes and OCR "
                      f"{result['rss_tree_mb']} MB); machine busy {100 * result['machine_busy']:.0f}%", flush=True)
                print(f"    states {result['statuses']}; outbox {result['outbox']}; CPU seconds of each worker with "
                      f"its sandboxes and OCR {result['worker_cpu_s']}; CPU seconds of long-lived processes by "
                      f"command {result['cpu_by_command']}", flush=True)
    finally:
        shutil.rmtree(dovecot_root, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
