"""Does a second worker process double the throughput? End to end, on PostgreSQL.

For one and then two ``dienhinh worker`` processes (``--workers 1 2`` by
default) the script:

1. creates a fresh database on the local PostgreSQL (``--postgres``, only
   127.0.0.1 or localhost) and migrates it; drops it afterwards;
2. loads a fresh account of a private Dovecot with ``--messages`` small
   submissions (body-only profiles, a third incomplete so they get a flag,
   a tenth auto-replies that are ignored) built in code;
3. starts the workers (poll every 5 s) with a real aiosmtpd server in
   ``[smtp]`` and times until every message is processed and every reply
   accepted by the SMTP server, then stops them with SIGTERM.

It prints, per run: wall time and messages per second from the workers'
start (start-up included), the processing window alone (first attempt
started to last attempt finished, from ``parse_attempt``), the CPU seconds
the workers used (``wait4`` rusage), the machine's CPU use (``/proc/stat``)
and the CPU seconds by command during the run (``/proc/PID/stat``: the
workers are "python", PostgreSQL's backends "postgres", Dovecot "imap");
then the ratio of two workers to one. ``--repeat`` alternates the runs and
reports medians.

Run: ``.venv/bin/python bench/workers.py [--messages 300] [--repeat 1]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from dienhinh.devservers.dovecot import DovecotServer  # noqa: E402
from dienhinh.devservers.smtp import SmtpServer  # noqa: E402
from store import open_database  # noqa: E402
from tests.operations.mail import REQUIRED, samples  # noqa: E402

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def process_cpu() -> dict[tuple[int, str], float]:
    """CPU seconds used so far by every live process, keyed by (pid, command name)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        out[(int(entry.name), name)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def cpu_by_command(before: dict, after: dict) -> dict[str, float]:
    used: dict[str, float] = {}
    for key, seconds in after.items():
        delta = seconds - before.get(key, 0.0)
        if delta > 0:
            name = "python" if key[1].startswith("python") else key[1]
            used[name] = used.get(name, 0.0) + delta
    return dict(sorted(used.items(), key=lambda kv: -kv[1]))


SERVICE_COMMANDS = ("postgres", "imap", "imap-login", "dovecot", "auth", "anvil", "log", "config", "stats")


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    fields = [float(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class Run:
    def __init__(self, admin_url: str, workdir: Path, dovecot: DovecotServer, count: int, workers: int) -> None:
        self.admin_url, self.workdir, self.dovecot = admin_url, workdir, dovecot
        self.count, self.workers = count, workers
        self.name = f"dienhinh_bench_{uuid.uuid4().hex[:10]}"
        self.url = make_url(admin_url).set(database=self.name).render_as_string(hide_password=False)
        self.user = "b" + uuid.uuid4().hex[:10]

    def __enter__(self) -> Run:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        admin.dispose()
        open_database(self.url).dispose()  # the schema, before the workers start
        return self

    def __exit__(self, *exc) -> None:
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        admin.dispose()

    def execute(self) -> dict:
        mails = samples(self.count, seed=self.workers)
        answered = sum(m.kind != "automatic" for m in mails)
        self.dovecot.add_user(self.user, "pw-" + self.user)
        self.dovecot.append(self.user, [m.raw for m in mails])
        run_dir = self.workdir / f"{self.workers}-{self.user}"
        run_dir.mkdir(parents=True)
        with SmtpServer() as smtp:
            config = run_dir / "dienhinh.toml"
            config.write_text(
                f'[database]\nurl = "{self.url}"\n[storage]\ndir = "{run_dir / "archive"}"\n'
                f'[[mailboxes]]\nname = "bench"\nhost = "127.0.0.1"\nport = {self.dovecot.port}\nsecurity = "none"\n'
                f'username = "{self.user}"\npassword_env = "BENCH_IMAP_PASSWORD"\npoll_seconds = 5\n'
                f'required = {json.dumps(REQUIRED)}\n'
                f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
                f'from = "Vụ TĐKT <vutdkt@moet.gov.vn>"\n'
            )
            env = {**os.environ, "BENCH_IMAP_PASSWORD": "pw-" + self.user}
            engine = create_engine(self.url)
            busy0, total0 = cpu_times()
            procs_before = process_cpu()
            self_before = _self_cpu()
            started = time.monotonic()
            procs = [
                subprocess.Popen([sys.executable, "-m", "dienhinh", "worker", "--config", str(config)], env=env,
                                 cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(run_dir / f"worker{i}.log", "w"))
                for i in range(self.workers)
            ]
            try:
                deadline = started + 600
                while time.monotonic() < deadline:
                    with engine.connect() as conn:
                        done = conn.execute(text("SELECT count(*) FROM message WHERE status <> 'received'")).scalar()
                    if done == self.count and len(smtp.messages) >= answered:
                        break
                    time.sleep(0.1)
                else:
                    raise RuntimeError(f"not done after 600 s; see {run_dir}")
                wall = time.monotonic() - started
                busy1, total1 = cpu_times()
                by_command = cpu_by_command(procs_before, process_cpu())
                self_used = _self_cpu() - self_before
            finally:
                cpu = 0.0
                for proc in procs:
                    proc.send_signal(signal.SIGTERM)
                for proc in procs:
                    _, _, usage = os.wait4(proc.pid, 0)
                    cpu += usage.ru_utime + usage.ru_stime
            with engine.connect() as conn:
                first, last = conn.execute(text("SELECT min(started_at), max(finished_at) FROM parse_attempt")).one()
                attempts = conn.execute(text("SELECT count(*) FROM parse_attempt")).scalar()
                by_worker = conn.execute(text("SELECT count(DISTINCT worker) FROM parse_attempt")).scalar()
            engine.dispose()
        window = (last - first).total_seconds()
        tick = os.sysconf("SC_CLK_TCK")
        busy_s = (busy1 - busy0) / tick
        ours = cpu + self_used + sum(v for k, v in by_command.items() if k in SERVICE_COMMANDS)
        return {
            "workers": self.workers, "messages": self.count, "attempts": attempts, "workers_that_parsed": by_worker,
            "wall_s": wall, "rate": self.count / wall, "processing_s": window, "processing_rate": self.count / window,
            "worker_cpu_s": cpu, "cpu_ms_per_message": 1000 * cpu / self.count,
            "machine_busy": (busy1 - busy0) / max(total1 - total0, 1), "replies": answered,
            "cpu_by_command": {k: round(v, 1) for k, v in list(by_command.items())[:6]},
            "other_load": max(busy_s - ours, 0.0) / max((total1 - total0) / tick, 1e-9),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300, help="messages in the mailbox per run (default 300)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run (default 1 2)")
    parser.add_argument("--repeat", type=int, default=1, help="alternate the runs this many times (medians)")
    parser.add_argument("--postgres", default=os.environ.get(
        "DIENHINH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
        help="an admin URL on the local server: the bench database is created and dropped through it")
    args = parser.parse_args()
    if make_url(args.postgres).host not in LOCAL_HOSTS:
        parser.error("--postgres must point at 127.0.0.1 (this benchmark creates and drops databases)")

    print(f"{os.cpu_count()} CPU(s); {args.messages} messages per run; PostgreSQL {make_url(args.postgres).host}")
    dovecot_root = Path(tempfile.mkdtemp(prefix="dienhinh-bench-dovecot-"))
    workdir = Path(tempfile.mkdtemp(prefix="dienhinh-bench-"))
    results: dict[int, list[dict]] = {n: [] for n in args.workers}
    try:
        with DovecotServer(dovecot_root) as dovecot:
            for _ in range(args.repeat):
                for workers in args.workers:
                    with Run(args.postgres, workdir, dovecot, args.messages, workers) as run:
                        result = run.execute()
                    results[workers].append(result)
                    print(
                        f"  {workers} worker(s): {result['wall_s']:6.1f} s wall, {result['rate']:5.1f} msg/s end to end; "
                        f"processing {result['processing_s']:5.1f} s = {result['processing_rate']:5.1f} msg/s; "
                        f"worker CPU {result['cpu_ms_per_message']:.0f} ms/msg; machine busy "
                        f"{100 * result['machine_busy']:.0f}%; {result['attempts']} attempts by "
                        f"{result['workers_that_parsed']} worker(s)", flush=True,
                    )
                    print(f"    CPU seconds by command during the run: {result['cpu_by_command']}; "
                          f"other processes (not this benchmark) kept ~{100 * result['other_load']:.0f}% "
                          "of the machine busy", flush=True)
    finally:
        shutil.rmtree(dovecot_root, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)

    medians = {n: {k: statistics.median(r[k] for r in rs) for k in ("rate", "processing_rate", "cpu_ms_per_message")}
               for n, rs in results.items()}
    print("median:")
    for n, m in medians.items():
        print(f"  {n} worker(s): {m['rate']:5.1f} msg/s end to end, {m['processing_rate']:5.1f} msg/s processing, "
              f"{m['cpu_ms_per_message']:.0f} ms worker CPU per message")
    if 1 in medians and 2 in medians:
        ratio = medians[2]["rate"] / medians[1]["rate"]
        processing_ratio = medians[2]["processing_rate"] / medians[1]["processing_rate"]
        print(f"two workers / one: {ratio:.2f}x end to end, {processing_ratio:.2f}x processing (target >= 1.7x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
