"""What does a submission cost end to end, against the raw tools on its attachments?

Generated submissions (``tests.mailgen``: DOCX and PDF profiles, scans and
photos, XLSX lists, ZIP dossiers, forwarded mail) are stored in a fresh
SQLite database and archive, then in the same run:

* ours: ``pipeline.process_pending`` on all of them, timed from the first
  claim to the last finish: claims, attempt rows, heartbeat, the message and
  file sandboxes, extraction, records, the reply queued, commits. One extra
  submission is processed first, untimed, to start the sandbox workers;
* the raw tools on the same attachments (ZIP members and forwarded files
  included), one after the other: ``docx.Document(path)`` and a walk of its
  paragraphs (python-docx open), ``pdftotext`` on PDFs (one process per file,
  as a caller would run it), the ``tesseract`` CLI (``-l vie+eng --psm 3``,
  ``OMP_THREAD_LIMIT=1`` like ours) on pictures and on the pictures of
  image-only PDFs (taken out beforehand with ``pdfimages``), and
  ``openpyxl.load_workbook(read_only=True)`` with a walk of its cells on XLSX,
  ``soffice --headless --convert-to`` (own profile, one process per file, as
  ours runs it) on .doc/.rtf/.odt/.xls/.ods. Other files (no tool reads
  them: e.g. a mail with only its body) count zero.

Prints both totals, the ratio ours/raw (target <= 1.5), the same per main
attachment kind, and our fixed cost per submission (ours minus the raw tools,
per message). ``--profile`` runs ours under cProfile and prints where the
main process spent its time (the sandbox workers' own parsing shows as the
wait for their answer).

Run: ``.venv/bin/python bench/submission_overhead.py [--messages 40] [--seed 5] [--profile] [--only docx]``.
"""

from __future__ import annotations

import argparse
import cProfile
import email
import email.policy
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OCR_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
TARGET = 1.5
PICTURES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".heic", ".webp")


def submissions(count: int, seed: int, only: str | None = None) -> list[bytes]:
    """``count`` + 1 generated submissions (the first is the warm-up); ``only``: all their files of that kind."""
    from tests.mailgen.plan import generate

    out: list[bytes] = []
    batch = max(40, count * 2)
    while len(out) < count + 1:
        for item in generate(seed, batch):
            if item.draft.category != "submission":
                continue
            kinds = {kind_of(name) for name, _ in attachments(item.raw)}
            if only is None or kinds == {only}:
                out.append(item.raw)
        seed += 1000
    return out[: count + 1]


def attachments(raw: bytes) -> list[tuple[str, bytes]]:
    """Every attached file of a message, forwarded mail and ZIP members included."""
    found = []
    for part in email.message_from_bytes(raw, policy=email.policy.default).walk():
        name = part.get_filename()
        if part.is_multipart() or not name:
            continue
        data = part.get_payload(decode=True) or b""
        found.extend(_unzip(name, data))
    return found


def _unzip(name: str, data: bytes) -> list[tuple[str, bytes]]:
    if not name.lower().endswith(".zip"):
        return [(name, data)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [m for info in archive.infolist() if not info.is_dir()
                    for m in _unzip(info.filename.rsplit("/", 1)[-1], archive.read(info))]
    except zipfile.BadZipFile:
        return []


LEGACY = {".doc": "docx", ".rtf": "docx", ".odt": "docx", ".xls": "xlsx", ".ods": "xlsx"}


def kind_of(name: str) -> str:
    lower = name.lower()
    if lower.endswith(tuple(LEGACY)):
        return "legacy office"
    for ext, kind in ((".docx", "docx"), (".pdf", "pdf"), (".xlsx", "xlsx")):
        if lower.endswith(ext):
            return kind
    return "picture" if lower.endswith(PICTURES) else "other"


def reference(path: Path, work: Path) -> float:
    """Seconds the raw tool takes on one file (0 for kinds no tool reads)."""
    kind = kind_of(path.name)
    started = time.perf_counter()
    if kind == "docx":
        import docx

        try:
            document = docx.Document(str(path))
            sum(len(p.text) for p in document.paragraphs)
            for table in document.tables:
                for row in table.rows:
                    for cell in row.cells:
                        len(cell.text)
        except Exception:  # noqa: BLE001 - a damaged file: the time it took to find out counts
            pass
    elif kind == "pdf":
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
        if len(out.stdout.strip()) < 50:  # image-only: the pictures through tesseract, as ours does
            pics = work / f"{path.stem}-pics"
            pics.mkdir(exist_ok=True)
            subprocess.run(["pdfimages", "-png", str(path), str(pics / "p")], capture_output=True, check=False)
            for picture in sorted(pics.iterdir()):
                subprocess.run(["tesseract", str(picture), "-", "-l", "vie+eng", "--psm", "3"],
                               capture_output=True, check=False, env=OCR_ENV)
    elif kind == "picture":
        subprocess.run(["tesseract", str(path), "-", "-l", "vie+eng", "--psm", "3"],
                       capture_output=True, check=False, env=OCR_ENV)
    elif kind == "xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(str(path), read_only=True)
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    len(row)
            book.close()
        except Exception:  # noqa: BLE001 - as above
            pass
    elif kind == "legacy office":  # what ours does: LibreOffice converts, its own profile per run
        target = LEGACY[path.suffix.lower()]
        with tempfile.TemporaryDirectory(prefix="soffice-ref-") as tmp:
            subprocess.run(["soffice", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                            "--norestore", "--convert-to", target, "--outdir", tmp, str(path)],
                           capture_output=True, check=False, timeout=300, env={**os.environ, "HOME": tmp})
    else:
        return 0.0
    return time.perf_counter() - started


def service_for(work: Path):
    from config import parse_settings
    from store import open_service

    text = (f'[database]\nurl = "sqlite:///{work / "db.sqlite"}"\n[storage]\ndir = "{work / "archive"}"\n'
            '[[mailboxes]]\nname = "bench"\nhost = "127.0.0.1"\nport = 1143\nsecurity = "none"\n'
            'username = "bench"\npassword_env = "BENCH_IMAP_PASSWORD"\n')
    (work / "dienhinh.toml").write_text(text)
    os.environ.setdefault("BENCH_IMAP_PASSWORD", "unused")
    return open_service(parse_settings(text, work / "dienhinh.toml"))


def store_all(service, raws: list[bytes], first_uid: int = 1) -> list[int]:
    from ingest.headers import summarise_headers
    from store import Message, session

    ids = []
    with session(service.engine) as db:
        for uid, raw in enumerate(raws, start=first_uid):
            head = summarise_headers(raw)
            row = Message(mailbox="bench", folder="INBOX", uid=uid, uidvalidity=1, sha256=service.archive.put(raw),
                          size=len(raw), message_id=head.message_id, sender=head.sender, sender_name=head.sender_name,
                          subject=head.subject, in_reply_to=head.in_reply_to, sent_at=head.sent_at)
            db.add(row)
            db.flush()
            ids.append(row.id)
        db.commit()
    return ids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="run ours under cProfile and print the top functions")
    ap.add_argument("--only", choices=["docx", "pdf", "picture", "xlsx"],
                    help="only submissions whose files are all of this kind")
    args = ap.parse_args()
    for tool in ("pdftotext", "pdfimages", "tesseract"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed", file=sys.stderr)
            return 2
    from pipeline import process_pending
    from store import session

    work = Path(tempfile.mkdtemp(prefix="dienhinh-overhead-bench-"))
    service = None
    try:
        started = time.perf_counter()
        raws = submissions(args.messages, args.seed, args.only)
        print(f"{args.messages} submissions (+1 warm-up) generated in {time.perf_counter() - started:.1f} s")
        files = work / "files"
        files.mkdir()
        per_message: list[tuple[str, float]] = []
        raw_by_kind: dict[str, float] = defaultdict(float)
        for n, raw in enumerate(raws[1:]):
            total, kinds = 0.0, defaultdict(float)
            for i, (name, data) in enumerate(attachments(raw)):
                path = files / f"{n:03d}-{i:02d}{Path(name).suffix.lower() or '.bin'}"
                path.write_bytes(data)
                seconds = reference(path, files)
                total += seconds
                kinds[kind_of(name)] += seconds
            main_kind = max(kinds, key=kinds.get) if kinds else "body only"
            per_message.append((main_kind, total))
            raw_by_kind[main_kind] += total
        raw_total = sum(t for _, t in per_message)

        service = service_for(work)
        store_all(service, raws[:1])
        process_pending(service)  # warm-up: sandbox workers started, parsers imported
        store_all(service, raws[1:], first_uid=2)
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        outcomes = process_pending(service)
        if profiler:
            profiler.disable()
        ours_total = time.perf_counter() - started
        with session(service.engine) as db:
            from sqlalchemy import text

            durations = dict(db.execute(text(
                "SELECT message_id, (julianday(finished_at) - julianday(started_at)) * 86400 FROM parse_attempt "
                "WHERE message_id > 1 ORDER BY message_id")).all())
        statuses: dict[str, int] = defaultdict(int)
        for outcome in outcomes:
            statuses[outcome.status] += 1
        print(f"outcomes: { {str(k): v for k, v in statuses.items()} }")
        ours_by_kind: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        for (kind, _), seconds in zip(per_message, durations.values()):
            ours_by_kind[kind] += seconds
            counts[kind] += 1
        print(f"\n{'main attachment kind':22} {'msgs':>5} {'raw tools s':>12} {'ours s':>9} {'ratio':>7}")
        for kind in sorted(counts):
            ratio = ours_by_kind[kind] / raw_by_kind[kind] if raw_by_kind[kind] else float("inf")
            print(f"{kind:22} {counts[kind]:5d} {raw_by_kind[kind]:12.2f} {ours_by_kind[kind]:9.2f} {ratio:7.2f}")
        print("(per kind: ours from each attempt's start to finish, without the claim)")
        with_tool = [(kind, seconds) for (kind, raw_s), seconds in zip(per_message, durations.values()) if raw_s > 0]
        raw_with_tool = sum(raw_s for _, raw_s in per_message if raw_s > 0)
        if raw_with_tool:
            print(f"submissions whose files a raw tool reads ({len(with_tool)}): ours (attempts) "
                  f"{sum(s for _, s in with_tool):.2f} s / raw {raw_with_tool:.2f} s = "
                  f"{sum(s for _, s in with_tool) / raw_with_tool:.2f}")
        ratio = ours_total / raw_total
        print(f"\nraw tools on the attachments: {raw_total:7.2f} s ({raw_total / args.messages * 1000:.0f} ms a submission)")
        print(f"ours, end to end:             {ours_total:7.2f} s ({ours_total / args.messages * 1000:.0f} ms a submission)")
        print(f"fixed cost beyond the raw tools: {(ours_total - raw_total) / args.messages * 1000:.0f} ms a submission")
        print(f"submission overhead ratio ours/raw tools: {ratio:.2f}  target <= {TARGET}: "
              f"{'PASS' if ratio <= TARGET else 'FAIL'}")
        if profiler:
            print("\nmain process, by cumulative time:")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            print("main process, by own time:")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    finally:
        if service is not None:
            service.close()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
