"""Hostile mail through a real `dienhinh poll`: peak memory, storage growth, time, largest reply.

    .venv/bin/python bench/hostile.py [--keep DIR]

Builds about 35 hostile submissions in memory (dienhinh.devservers.hostile:
ZIP bombs under the ratio limit, XML, image and PDF bombs, a 50 MB body, a
1 MiB subject, a 50-deep forward, RTL-override and undecodable-portrait
names, too many parts ...), delivers them to a private Dovecot on 127.0.0.1,
runs `dienhinh poll` as a process against it and a private SMTP server, and
samples /proc every 0.1 s for the RSS of the poll and of every process under
it. Prints peak RSS per process (main, sandbox workers), the whole tree's
peak, storage growth against bytes received, time per message, the largest
outgoing mail and the statuses, then checks the issue's targets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import write_config  # noqa: E402
from dienhinh.devservers import hostile as h  # noqa: E402
from dienhinh.devservers.dovecot import DovecotServer  # noqa: E402
from dienhinh.devservers.smtp import SmtpServer  # noqa: E402

MiB = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def hostile_set() -> list[tuple[str, bytes]]:
    one = lambda name, data, ctype: h.mail(attachments=[(name, data, ctype)]).as_bytes()  # noqa: E731
    traversal = h.zip_of({"../../../../etc/cron.d/x": b"* * * * * root id", "/abs/Hồ sơ.txt": b"x",
                          "C:\\Windows\\win.ini": b"x"})
    nested = h.zip_of({"leaf.txt": b"x"})
    for level in range(6):
        nested = h.zip_of({f"level{level}.zip": nested})
    items = [
        *[(f"zip-3x290MiB-{i}", h.zip_bomb_mail(1, 290, 3)) for i in range(3)],
        ("zip-6x45MiB", one("Hồ sơ.zip", h.zip_of({f"Minh chứng {i}.pdf": (45 * MiB, 95) for i in range(6)}),
                            "application/zip")),
        ("zip-4x20MiB", one("Hồ sơ.zip", h.zip_of({f"Ảnh {i}.jpg": (20 * MiB, 60) for i in range(4)}),
                            "application/zip")),
        ("zip-1000-members", one("Nhiều tệp.zip", h.zip_of({f"f{i}.txt": b"x" for i in range(1000)}),
                                 "application/zip")),
        ("zip-nested-7", one("Lồng nhau.zip", nested, "application/zip")),
        ("zip-traversal", one("Đường dẫn.zip", traversal, "application/zip")),
        ("docx-xml-bomb", one("Hồ sơ.docx", h.xml_bomb_docx(), DOCX)),
        ("docx-xml-bomb-2", one("Thông tin.docx", h.xml_bomb_docx(), DOCX)),
        ("png-bomb", one("Ảnh chân dung.png", h.png_bomb(12000), "image/png")),
        ("png-bomb-big", one("Giấy khen.png", h.png_bomb(20000), "image/png")),
        ("pdf-200MiB-stream", one("Minh chứng.pdf", h.pdf_huge_stream(200), "application/pdf")),
        ("pdf-400MiB-stream", one("Quyết định.pdf", h.pdf_huge_stream(400), "application/pdf")),
        ("body-50MB", h.huge_body_mail(47)),
        ("body-20MB", h.huge_body_mail(20)),
        ("subject-1MiB", h.huge_subject_mail(1)),
        ("subject-4MiB", h.huge_subject_mail(4)),
        ("forward-50-deep", h.deep_forward_mail(50)),
        ("forward-20-deep", h.deep_forward_mail(20)),
        ("rtl-name", h.rtl_name_mail()),
        ("heic-undecodable", h.bad_heic_mail()),
        ("parts-3000", h.many_parts_mail(3000)),
        ("parts-900", h.many_parts_mail(900)),
        ("summary-100k", h.long_summary_mail(100_000)),
        ("summary-1M", h.long_summary_mail(1_000_000)),
        ("header-injection", h.mail(subject="=?utf-8?q?H=E1=BB=93_s=C6=A1=0D=0ABcc:_victim@example.org?=").as_bytes()),
        ("random-30MiB", one("Video.mp4", os.urandom(30 * MiB), "video/mp4")),
        ("eml-with-zip-bomb", one("Chuyển tiếp.eml", h.zip_bomb_mail(1, 200, 1), "message/rfc822")),
        ("long-filename", one("Minh chứng " + "rất dài " * 2000 + ".pdf", b"%PDF-1.4\n%%EOF", "application/pdf")),
        ("references-10k", h.mail(References=" ".join(f"<{i}@x.vn>" for i in range(10_000))).as_bytes()),
        ("zip-in-zip-60MiB", one("Hồ sơ lồng.zip", h.zip_of({"Minh chứng.zip": h.zip_of({"video.mp4": (60 * MiB, 95)})}),
                                 "application/zip")),
        ("html-body-20MB", h.mail(body="x").as_bytes().replace(b"Content-Type: text/plain", b"Content-Type: text/html", 1)
         .split(b"\n\nx")[0] + b"\n\n<p>" + "Tóm tắt thành tích: giỏi ".encode() * (20 * MiB // 32) + b"</p>\n"),
        ("plain-good", h.mail().as_bytes()),
        ("plain-good-2", h.mail(attachments=[("Ảnh chân dung.jpg", h._portrait_jpeg(), "image/jpeg")]).as_bytes()),
    ]
    return items


def tree(root: int) -> dict[int, tuple[str, int]]:
    """pid -> (command, RSS bytes) for ``root`` and every process under it."""
    parents, info = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        info[int(entry)] = (stat[stat.find("(") + 1: stat.rfind(")")], int(statm[1]) * os.sysconf("SC_PAGE_SIZE"))
    members, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in members:
                members.add(child)
                frontier.append(child)
    return {p: info[p] for p in members if p in info}


def role(pid: int, root: int, command: str) -> str:
    if pid == root:
        return "main (dienhinh poll)"
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        args = b""
    return "sandbox worker" if b"sandbox_worker" in args else command


def storage_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def run(keep: Path | None) -> int:
    print("building the hostile set ...", flush=True)
    items = hostile_set()
    received = sum(len(raw) for _, raw in items)
    print(f"{len(items)} messages, {received / 1e6:.1f} MB", flush=True)
    root = Path(keep or tempfile.mkdtemp(prefix="dienhinh-hostile-"))
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)  # mkdtemp's 0700 would lock out Dovecot's unprivileged auth process
    dovecot = DovecotServer(root / "dovecot")
    dovecot.add_user("vutdkt", "pw-vutdkt")
    with dovecot, SmtpServer() as smtp:
        config = write_config(root, dovecot, smtp, ["vutdkt"])
        dovecot.append("vutdkt", [raw for _, raw in items])
        del items
        env = {**os.environ, "DIENHINH_CONFIG": str(config)}
        command = [sys.executable, "-m", "dienhinh", "poll"]
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peaks: dict[int, tuple[str, int]] = {}
        tree_peak = 0
        while process.poll() is None:
            now = tree(process.pid)
            tree_peak = max(tree_peak, sum(rss for _, rss in now.values()))
            for pid, (name, rss) in now.items():
                if rss > peaks.get(pid, ("", 0))[1]:
                    peaks[pid] = (role(pid, process.pid, name), rss)
            time.sleep(0.1)
        seconds = time.monotonic() - started
        stdout, stderr = process.communicate()
        messages = [json.loads(line) for line in subprocess.run(
            [sys.executable, "-m", "dienhinh", "messages", "--json"], cwd=root, env=env, capture_output=True,
            text=True).stdout.splitlines()]
        largest = max((len(m.data) for m in smtp.messages), default=0)
        stored = storage_bytes(root / "archive")
    main_peak = max((rss for pid, (r, rss) in peaks.items() if r.startswith("main")), default=0)
    print(f"\npoll exit status {process.returncode} in {seconds:.1f} s "
          f"({seconds / max(len(messages), 1):.2f} s per message)")
    print("peak RSS per process:")
    for pid, (name, rss) in sorted(peaks.items(), key=lambda kv: -kv[1][1]):
        print(f"  {pid:>7} {name:<24} {rss / MiB:8.1f} MiB")
    print(f"whole tree peak (sampled sum): {tree_peak / MiB:.1f} MiB")
    print(f"storage: {stored / 1e6:.1f} MB for {received / 1e6:.1f} MB received ({stored / received:.2f}x)")
    print(f"outgoing mail: {len(smtp.messages)}, largest {largest / 1000:.1f} kB")
    print("statuses:", dict(Counter(m["status"] for m in messages)))
    for m in messages:
        print(f"  #{m['id']:<3} {m['status']:<9} {(m['reason'] or '')[:150]}")
    if process.returncode not in (0, 1):
        print(stderr[-3000:])
    checks = {
        "main process < 300 MiB": main_peak < 300 * MiB,
        "whole tree < 1.4 GiB": tree_peak < 1.4 * 1024 * MiB,
        "storage <= 3x received": stored <= 3 * received,
        "poll <= 150 s": seconds <= 150,
        "no outgoing mail > 100 kB": largest <= 100_000,
        "every message in a final state": all(m["status"] != "received" for m in messages) and len(messages) > 0,
    }
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if all(checks.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the run's directory (config, database, archive) here")
    return run(parser.parse_args().keep)


if __name__ == "__main__":
    sys.exit(main())
