"""How fast is a whole ``dienhinh poll`` on mail that is not a submission, against mbsync on the same mailbox?

A private Dovecot on 127.0.0.1 holds N small plain messages (default 2,000,
0.6-1.5 kB of text each, no attachment) of the kinds a department's general
mailbox receives besides nominations, in the shares of ``--mix``:

* ``auto``: out-of-office replies (``Auto-Submitted``, ``X-Autoreply``, or only
  a "Trả lời tự động" subject);
* ``list``: newsletters and circulars (``List-Id``/``List-Unsubscribe``, ``Precedence: bulk``);
* ``noreply``: notices of the ministry's systems (``no-reply@...`` senders);
* ``person``: mail a person wrote about other business (meetings, exam
  dispatches, reports, English spam), each from its own sender.

The messages are written straight into the account's ``Maildir/cur`` before
the first login and indexed by Dovecot in an untimed warm-up
(``bench/ingest_speed.py``). Then, alternating, the same mailbox is taken by:

* ours: ``python -m dienhinh poll`` as a process (start-up, migrations check,
  fetch, archive, commit, the cheap path, the outbox), fresh SQLite database
  and archive, ``after = "keep"``, no SMTP server configured; timed from
  launch to exit; peak RSS from ``wait4`` (the poll process and any sandbox
  worker it waited for); every message must end ``ignored``;
* mbsync (Debian ``isync``): ``Sync Pull`` into a fresh Maildir (``FSync yes``).

Prints messages/s for each and the ratio ours/mbsync (target >= 0.05). With
``--memory 1000 10000`` it also runs the poll alone on mailboxes of those
sizes and prints the peak RSS of each (target <= 300 MB, flat).

Run: ``.venv/bin/python bench/poll_end_to_end.py [--messages 2000] [--repeat 2]
[--mix auto=0.35,list=0.25,noreply=0.1,person=0.3] [--memory 1000 10000]``.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_speed import PASSWORD, USER, index_mailbox, load_maildir, mailbox_settings, run_mbsync  # noqa: E402

from dienhinh.devservers.dovecot import DovecotServer  # noqa: E402

TARGET_RATIO = 0.05
TARGET_MB = 300
DEFAULT_MIX = "auto=0.35,list=0.25,noreply=0.1,person=0.3"
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Hà", "Hoàng Quốc Huy", "Vũ Ngọc Lan"]
PLACES = ["Sở GD&ĐT Hà Tĩnh", "Phòng GD&ĐT huyện Vũ Quang", "Trường THPT Lê Lợi", "Văn phòng Bộ", "Cục Nhà giáo"]
PERSON_MAIL = [
    ("Giấy mời họp giao ban tháng {m}", "Kính mời đồng chí tới dự cuộc họp giao ban vào {h} giờ sáng thứ Hai tại phòng "
     "họp số {n}. Đề nghị các đồng chí chuẩn bị số liệu của đơn vị mình."),
    ("Công văn về kỳ thi tuyển sinh lớp 10 năm {y}", "{p} gửi công văn hướng dẫn tổ chức kỳ thi tuyển sinh lớp 10. "
     "Các đơn vị triển khai theo đúng kế hoạch, báo cáo trước ngày {d}/{m}."),
    ("Lịch công tác tuần {n}", "Gửi các đồng chí lịch công tác tuần {n}. Mọi thay đổi xin báo văn phòng trước 16 giờ."),
    ("Về việc rà soát cơ sở vật chất", "Đề xuất danh mục sửa chữa phòng học và thiết bị dạy học năm {y}. "
     "Số liệu gửi về văn phòng trước ngày {d}/{m}."),
    ("Re: Lịch trực Tết", "Em đồng ý với lịch trực. Chị xếp giúp em trực ngày {d} nhé.\nCảm ơn chị."),
    ("Your account has been temporarily suspended", "Please verify your identity within 24 hours at "
     "http://secure-verify.example.com/{n} or your mailbox will be closed."),
    ("Quarterly report", "Hi, please find the figures for Q{q} below. Revenue grew by {n} percent. Regards."),
]
AUTO_MAIL = [
    ({"Auto-Submitted": "auto-replied"}, "Trả lời tự động: {s}", "Tôi đang nghỉ phép đến hết ngày {d}/{m}. "
     "Trường hợp cần gấp xin liên hệ văn phòng."),
    ({"X-Autoreply": "yes"}, "Automatic reply: {s}", "I am out of the office until {d}/{m} with limited access to e-mail."),
    ({}, "Thư trả lời tự động: {s}", "Tôi đang đi công tác, sẽ trả lời thư khi trở về."),
]
LIST_MAIL = [
    ({"List-Id": "<bantin.moet.gov.vn>", "List-Unsubscribe": "<mailto:leave@moet.gov.vn>"}, "Bản tin Giáo dục số {n}"),
    ({"Precedence": "bulk"}, "Điểm tin ngành giáo dục ngày {d}/{m}"),
    ({"List-Id": "<thongbao.sogd.example.vn>"}, "Thông báo của {p}"),
]


def _word(text: str) -> str:
    """RFC 2047 encoded-word (UTF-8, base64) for a header."""
    return f"=?utf-8?b?{base64.b64encode(text.encode()).decode()}?="


def _fill(rnd: random.Random, text: str, i: int) -> str:
    return text.format(m=rnd.randint(1, 12), d=rnd.randint(1, 28), h=rnd.randint(7, 9), n=i % 97 + 1,
                       y=2024 + i % 2, p=rnd.choice(PLACES), q=i % 4 + 1, s="Lịch công tác")


def build_messages(count: int, mix: dict[str, float], seed: int = 1):
    """Yield ``(kind, raw)`` for ``count`` small plain messages (LF line ends, as Maildir stores them)."""
    rnd = random.Random(seed)
    kinds, weights = zip(*mix.items())
    for i in range(count):
        kind = rnd.choices(kinds, weights)[0]
        person = rnd.choice(PEOPLE)
        headers: dict[str, str] = {}
        if kind == "auto":
            extra, subject, body = rnd.choice(AUTO_MAIL)
            headers.update(extra)
            sender = f"{_word(person)} <gv{i}@thcs{i % 300}.edu.vn>"
        elif kind == "list":
            extra, subject = rnd.choice(LIST_MAIL)
            headers.update(extra)
            body = "Tin trong tuần: hội nghị chuyển đổi số ngành giáo dục; lịch thi học kỳ; tuyển dụng viên chức. " * 3
            sender = f"{_word('Bản tin')} <bantin@moet.gov.vn>"
        elif kind == "noreply":
            subject, body = "Thông báo tài khoản hệ thống quản lý", "Mật khẩu của bạn sẽ hết hạn sau {d} ngày."
            sender = f"{_word('Hệ thống CSDL ngành')} <no-reply@csdl.moet.gov.vn>"
        else:
            subject, body = rnd.choice(PERSON_MAIL)
            sender = f"{_word(person)} <cb{i}@{rnd.choice(['sogd', 'phonggd', 'vp'])}{i % 50}.gov.vn>"
        body = _fill(rnd, body, i) + f"\n\nTrân trọng,\n{person}\n"
        head = (f"From: {sender}\nTo: vutdkt@moet.gov.vn\nSubject: {_word(_fill(rnd, subject, i))}\n"
                f"Date: {formatdate(1_713_400_000 + 30 * i)}\nMessage-ID: <e2e-{seed}-{i}@example.gov.vn>\n"
                + "".join(f"{k}: {v}\n" for k, v in headers.items())
                + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")
        yield kind, head.encode() + body.encode()


def start_dovecot(work: Path, count: int, mix: dict[str, float], seed: int) -> tuple[DovecotServer, int, dict]:
    server = DovecotServer(work / "dovecot")
    server.add_user(USER, PASSWORD)
    server.start()
    kinds: dict[str, int] = {}

    def raws():
        for kind, raw in build_messages(count, mix, seed):
            kinds[kind] = kinds.get(kind, 0) + 1
            yield raw
    try:
        n, size = load_maildir(server, USER, raws())
        index_mailbox(server, USER, n)
    except BaseException:
        server.stop()
        raise
    return server, size, kinds


def run_poll(port: int, work: Path) -> tuple[float, float, dict[str, int]]:
    """``dienhinh poll`` as a process on a fresh database; (seconds, peak RSS MB, statuses)."""
    work.mkdir(parents=True)
    settings = mailbox_settings(work, port, 25)
    env = {**os.environ, "BENCH_IMAP_PASSWORD": PASSWORD}
    log = open(work / "poll.log", "w")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dienhinh", "poll", "--config", str(work / "dienhinh.toml")],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            try:
                status_text = Path(f"/proc/{proc.pid}/status").read_text()
            except OSError:
                return
            for line in status_text.splitlines():
                if line.startswith("VmRSS:"):
                    samples.append((time.perf_counter() - started, int(line.split()[1])))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    done.set()
    sampler.join()
    run_poll.samples = samples  # RSS over the run, for the memory report
    log.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"poll exited {code}; see {work / 'poll.log'}: "
                           f"{(work / 'poll.log').read_text(errors='replace')[-1500:]}")
    with sqlite3.connect(str(settings.database.url).removeprefix("sqlite:///")) as db:
        statuses = dict(db.execute("SELECT status, count(*) FROM message GROUP BY status").fetchall())
    return took, usage.ru_maxrss / 1024, statuses


def parse_mix(text: str) -> dict[str, float]:
    mix = {k.strip(): float(v) for k, v in (part.split("=") for part in text.split(","))}
    unknown = set(mix) - {"auto", "list", "noreply", "person"}
    if unknown:
        raise SystemExit(f"--mix: unknown kinds {sorted(unknown)}")
    return mix


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=2, help="timed runs per tool, alternating (median kept)")
    ap.add_argument("--mix", default=DEFAULT_MIX, help=f"kind=share,... (default {DEFAULT_MIX})")
    ap.add_argument("--memory", type=int, nargs="*", default=[], help="mailbox sizes for the RSS runs (poll only)")
    ap.add_argument("--skip-ratio", action="store_true", help="only the --memory runs")
    args = ap.parse_args()
    mix = parse_mix(args.mix)
    if shutil.which("mbsync") is None and not args.skip_ratio:
        print("mbsync is needed (apt-get install isync)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="dienhinh-e2e-bench-"))
    work.chmod(0o755)  # as root, Dovecot's auth process runs as its own user and must reach the config
    try:
        if not args.skip_ratio:
            server, size, kinds = start_dovecot(work / "ratio", args.messages, mix, seed=1)
            try:
                print(f"mailbox: {args.messages} messages, {size / 1e6:.1f} MB, kinds {kinds}; "
                      f"{os.cpu_count()} CPU(s)")
                ours, theirs, rss = [], [], []
                for r in range(args.repeat):
                    for tool in (("ours", "mbsync") if r % 2 == 0 else ("mbsync", "ours")):
                        if tool == "ours":
                            took, peak, statuses = run_poll(server.port, work / f"ours-{r}")
                            if statuses != {"ignored": args.messages}:
                                raise RuntimeError(f"not every message was ignored: {statuses}")
                            ours.append(took)
                            rss.append(peak)
                            extra = f"  peak RSS {peak:6.1f} MB  {statuses}"
                        else:
                            took, stored = run_mbsync(server.port, work / f"mbsync-{r}")
                            if stored != args.messages:
                                raise RuntimeError(f"mbsync stored {stored} of {args.messages}")
                            theirs.append(took)
                            extra = ""
                        print(f"  run {r + 1} {tool:7} {took:7.2f} s  {args.messages / took:8.1f} msg/s{extra}",
                              flush=True)
                        shutil.rmtree(work / f"{tool}-{r}", ignore_errors=True)
            finally:
                server.stop()
            o, t = statistics.median(ours), statistics.median(theirs)
            ratio = t / o
            print(f"\n{'tool':34} {'seconds':>8} {'msg/s':>9}")
            print(f"{'ours (dienhinh poll, a process)':34} {o:8.2f} {args.messages / o:9.1f}")
            print(f"{'mbsync (isync, Sync Pull)':34} {t:8.2f} {args.messages / t:9.1f}")
            print(f"ratio ours/mbsync throughput: {ratio:.3f}  target >= {TARGET_RATIO}: "
                  f"{'PASS' if ratio >= TARGET_RATIO else 'FAIL'};  peak RSS {max(rss):.1f} MB")
        peaks, curves = {}, {}
        for count in args.memory:
            server, _, _ = start_dovecot(work / f"mem-{count}", count, mix, seed=2)
            try:
                took, peak, statuses = run_poll(server.port, work / f"mem-{count}" / "poll")
            finally:
                server.stop()
            peaks[count] = peak
            print(f"memory: {count:6d} messages  {took:7.2f} s  {count / took:8.1f} msg/s  peak RSS {peak:6.1f} MB"
                  f"  {statuses}", flush=True)
            curve = curves[count] = run_poll.samples
            if curve:
                points = [curve[min(len(curve) - 1, int(q * len(curve)))] for q in (0.1, 0.25, 0.5, 0.75)] + [curve[-1]]
                print("        RSS over the run: " + ", ".join(f"{t:.1f} s {kb / 1024:.0f} MB" for t, kb in points))
        if peaks:
            top = max(peaks.values())
            curve = curves[max(peaks)]
            growth = (curve[-1][1] - curve[min(len(curve) - 1, len(curve) // 10)][1]) / 1024 if curve else 0.0
            print(f"peak RSS across sizes: {min(peaks.values()):.1f}-{top:.1f} MB; target <= {TARGET_MB} MB: "
                  f"{'PASS' if top <= TARGET_MB else 'FAIL'}; growth inside the {max(peaks)}-message run from its "
                  f"10 % point to the end {growth:+.1f} MB; flat (under 10 % of the peak): "
                  f"{'PASS' if growth < 0.1 * top else 'FAIL'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
