"""How fast does our poller take a mailbox into the archive, against mbsync?

A private Dovecot on 127.0.0.1 holds N generated messages (default 2000)
with a realistic size mix: most are 0.5-2 kB of text, many carry a DOCX of
20-80 kB, some a 100-500 kB photo or PDF, a few a 1-3 MB scan (attachments
are random bytes, so nothing compresses). The messages are written straight
into the account's ``Maildir/cur`` before the first login and Dovecot
indexes them then (an untimed warm-up), which is far faster than APPEND.

Then, in the same run and alternating, the same mailbox is pulled by:

* ours: ``ingest.polling.poll_mailbox`` (listing, ``BODY.PEEK[]`` in batches
  fetched one batch ahead, content-addressed archive made durable by one
  ``syncfs`` per batch, one SQLite transaction per batch) into a fresh SQLite
  database and archive; ``after = "keep"``; no parsing;
* mbsync (Debian ``isync``): an ``IMAPAccount`` on the same port,
  ``SSLType None``, a ``MaildirStore`` in a fresh temp dir, ``Sync Pull``
  (its default ``FSync yes``, so both write durably).

Prints messages/s and MB/s for each and the throughput ratio ours/mbsync
(target: >= 0.5). Everything lives under ``$TMPDIR``: with ``TMPDIR=/dev/shm``
syncing costs nothing and the comparison is of CPU alone. Run: ``.venv/bin/python bench/ingest_speed.py
[--messages 2000] [--repeat 2] [--batch-size 25]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import parse_settings
from dienhinh.devservers.dovecot import DovecotServer

USER, PASSWORD = "bench", "pw-bench"
# (share of messages, smallest and largest attachment in bytes; 0 = text only)
SIZE_MIX = ((0.55, 0, 0), (0.30, 20_000, 80_000), (0.12, 100_000, 500_000), (0.03, 1_000_000, 3_000_000))
BODY = ("Kính gửi: Vụ Thi đua - Khen thưởng.\nTrường THCS Nguyễn Du gửi hồ sơ điển hình tiên tiến kèm theo.\n"
        "Họ và tên: Nguyễn Thị Hoa\nĐơn vị: Trường THCS Nguyễn Du\nĐiện thoại: 0912 345 678\n\nTrân trọng!\n")
KINDS = (("Hồ sơ.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
         ("Giấy khen.pdf", "application/pdf"), ("Ảnh chân dung.jpg", "image/jpeg"))


def build_messages(count: int, seed: int = 1):
    """Yield ``count`` raw messages (LF line ends, as Maildir stores them) in the size mix."""
    import base64

    rnd = random.Random(seed)
    pool: dict[tuple[int, int], list[bytes]] = {}  # a few distinct payloads per size class, reused
    for share, low, high in SIZE_MIX:
        if high:
            pool[(low, high)] = [rnd.randbytes(rnd.randint(low, high)) for _ in range(8)]
    weights = [share for share, _, _ in SIZE_MIX]
    for i in range(count):
        _, low, high = rnd.choices(SIZE_MIX, weights)[0]
        school = rnd.randint(1, 400)
        head = (f"From: Truong {school} <c{school}@example.edu.vn>\nTo: vutdkt@moet.gov.vn\n"
                f"Subject: =?utf-8?b?{base64.b64encode(f'Hồ sơ điển hình tiên tiến số {i}'.encode()).decode()}?=\n"
                f"Date: {formatdate(1_713_400_000 + 60 * i)}\nMessage-ID: <bench-{seed}-{i}@example.edu.vn>\n"
                "MIME-Version: 1.0\n")
        text = (BODY * rnd.randint(1, 6)).encode()
        if not high:
            yield (head + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n").encode() + text
            continue
        name, ctype = rnd.choice(KINDS)
        data = rnd.choice(pool[(low, high)])
        encoded_name = base64.b64encode(name.encode()).decode()
        yield (head + f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n'
               "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n").encode() + text + (
            f'\n--b{i}\nContent-Type: {ctype}\nContent-Disposition: attachment; filename="=?utf-8?b?{encoded_name}?="\n'
            "Content-Transfer-Encoding: base64\n\n").encode() + base64.encodebytes(data) + f"--b{i}--\n".encode()


def index_mailbox(server, user: str, n: int) -> None:
    """Have Dovecot index the Maildir (at the first SELECT) untimed, and check it sees all ``n`` messages."""
    with server.client(user) as client:
        info = client.select_folder("INBOX", readonly=True)
        if info[b"EXISTS"] != n:
            raise RuntimeError(f"Dovecot sees {info[b'EXISTS']} of {n} messages")
        client.fetch(client.search(["ALL"]), ["RFC822.SIZE"])


def load_maildir(server: DovecotServer, user: str, messages) -> tuple[int, int]:
    """Write messages into ``user``'s Maildir/cur before Dovecot first opens it; returns (count, bytes).

    File names carry the physical and CRLF sizes (``,S=``/``,W=``) as
    Dovecot's own deliveries do, so it need not read a file to know its size.
    """
    mail_root = server.root / "mail"
    owner = mail_root.stat()
    home = mail_root / user
    maildir = home / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    count = total = 0
    started = int(time.time()) - 86_400
    for raw in messages:
        virtual = len(raw) + raw.count(b"\n")  # the size with CRLF line ends, as IMAP reports it
        name = f"{started + count}.M{count}P{os.getpid()}.bench,S={len(raw)},W={virtual}:2,"
        path = maildir / "cur" / name
        path.write_bytes(raw)
        os.utime(path, (started + count, started + count))
        count += 1
        total += len(raw)
    if os.getuid() == 0:  # Dovecot accesses the Maildir as its own mail user
        for dirpath, dirnames, filenames in os.walk(home):
            os.chown(dirpath, owner.st_uid, owner.st_gid)
            for entry in filenames:
                os.chown(os.path.join(dirpath, entry), owner.st_uid, owner.st_gid)
    return count, total


def start_loaded_dovecot(work: Path, count: int, seed: int = 1) -> tuple[DovecotServer, int, int, float]:
    """A Dovecot with ``count`` messages in USER's INBOX, indexed; returns it, count, bytes, load seconds."""
    server = DovecotServer(work / "dovecot")
    server.add_user(USER, PASSWORD)
    server.start()
    try:
        started = time.perf_counter()
        n, size = load_maildir(server, USER, build_messages(count, seed))
        index_mailbox(server, USER, n)
    except BaseException:
        server.stop()
        raise
    return server, n, size, time.perf_counter() - started


def mailbox_settings(work: Path, port: int, batch_size: int):
    os.environ["BENCH_IMAP_PASSWORD"] = PASSWORD
    text = (f'[database]\nurl = "sqlite:///{work / "db.sqlite"}"\n[storage]\ndir = "{work / "archive"}"\n'
            f'[[mailboxes]]\nname = "bench"\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
            f'username = "{USER}"\npassword_env = "BENCH_IMAP_PASSWORD"\nafter = "keep"\nbatch_size = {batch_size}\n'
            "max_message_bytes = 52428800\n")
    path = work / "dienhinh.toml"
    path.write_text(text)
    return parse_settings(text, path)


def run_ours(port: int, work: Path, batch_size: int) -> tuple[float, int]:
    from ingest import poll_mailbox
    from store import Archive, open_database

    work.mkdir(parents=True)
    settings = mailbox_settings(work, port, batch_size)
    engine = open_database(settings.database.url)  # schema created before the clock starts
    archive = Archive(settings.storage.dir)
    started = time.perf_counter()
    result = poll_mailbox(settings.mailboxes[0], engine, archive)
    took = time.perf_counter() - started
    engine.dispose()
    if result.error:
        raise RuntimeError(f"poll failed: {result.error}")
    return took, result.stored


def run_mbsync(port: int, work: Path) -> tuple[float, int]:
    work.mkdir(parents=True)
    store = work / "maildir"
    store.mkdir()
    config = work / "mbsyncrc"
    config.write_text(
        f"IMAPAccount bench\nHost 127.0.0.1\nPort {port}\nUser {USER}\nPass {PASSWORD}\nSSLType None\n"
        "AuthMechs LOGIN\n\n"
        "IMAPStore bench-far\nAccount bench\n\n"
        f"MaildirStore bench-near\nPath {store}/\nInbox {store}/INBOX\n\n"
        "Channel bench\nFar :bench-far:\nNear :bench-near:\nPatterns INBOX\nSync Pull\nCreate Near\n"
        "Expunge None\nSyncState *\n"
    )
    started = time.perf_counter()
    done = subprocess.run(["mbsync", "-c", str(config), "-q", "bench"], capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"mbsync failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    stored = sum(1 for _ in (store / "INBOX" / "cur").iterdir()) + sum(1 for _ in (store / "INBOX" / "new").iterdir())
    return took, stored


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=2, help="timed pulls per tool, alternating (median kept)")
    ap.add_argument("--batch-size", type=int, default=25, help="our mailbox batch_size (the config default is 25)")
    args = ap.parse_args()
    if shutil.which("mbsync") is None:
        print("mbsync is needed (apt-get install isync)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="dienhinh-ingest-bench-"))
    work.chmod(0o755)  # as root, Dovecot's auth process runs as its own user and must reach the config
    server = None
    try:
        server, count, size, load = start_loaded_dovecot(work, args.messages)
        mb = size / 1e6
        print(f"mailbox: {count} messages, {mb:.1f} MB (Maildir size), written and indexed in {load:.1f} s;"
              f" Dovecot on 127.0.0.1:{server.port}")
        ours, theirs = [], []
        for r in range(args.repeat):
            for tool in (("ours", "mbsync") if r % 2 == 0 else ("mbsync", "ours")):
                if tool == "ours":
                    took, stored = run_ours(server.port, work / f"ours-{r}", args.batch_size)
                    ours.append(took)
                else:
                    took, stored = run_mbsync(server.port, work / f"mbsync-{r}")
                    theirs.append(took)
                if stored != count:
                    raise RuntimeError(f"{tool} stored {stored} of {count} messages")
                print(f"  run {r + 1} {tool:7} {took:7.2f} s  {count / took:7.1f} msg/s  {mb / took:6.1f} MB/s")
                shutil.rmtree(work / (f"{tool}-{r}"), ignore_errors=True)
        o, t = statistics.median(ours), statistics.median(theirs)
        print(f"\n{'tool':28} {'seconds':>8} {'msg/s':>8} {'MB/s':>7}")
        print(f"{'ours (poll_mailbox, batch ' + str(args.batch_size) + ')':28} {o:8.2f} {count / o:8.1f} {mb / o:7.1f}")
        print(f"{'mbsync (isync, Sync Pull)':28} {t:8.2f} {count / t:8.1f} {mb / t:7.1f}")
        ratio = t / o
        print(f"ratio ours/mbsync throughput: {ratio:.2f}  target >= 0.5: {'PASS' if ratio >= 0.5 else 'FAIL'}")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
