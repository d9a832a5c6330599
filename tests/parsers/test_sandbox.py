"""Each attachment is parsed in a child process: a bad file fails alone, within its limits.

Real inputs where one exists (a DOCX too long to read in the time allowed, a
small PNG that decodes to more memory than allowed); otherwise a test-only
parser registered with ``Sandbox(parse=misbehaving_parser)``: the file name
says how it misbehaves, any other file goes to the real ``parse_document``.
"""

from __future__ import annotations

import io
import logging
import os
import random
import signal
import subprocess
import threading
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from config.limits import ParseLimits
from dienhinh.devservers.samples import profile_docx
from parsers import sandbox
from parsers.attachments import detect, parse_document
from parsers.document import ParseError
from parsers.message import parse_message
from parsers.sandbox import Sandbox, in_process, run_parser

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
GOOD = profile_docx("Nguyễn Thị Hoa", "Trường THCS Nguyễn Du", "0912 345 678", "hoa.nt@example.edu.vn",
                    ["Giáo viên dạy giỏi cấp tỉnh"], with_photo=False)
FAST = ParseLimits(seconds_per_attachment=0.5)
ROOMY = ParseLimits(seconds_per_attachment=10)  # for tests of other limits, even on a loaded machine


def misbehaving_parser(name, detected, data, limits):
    """A test-only parser run in the worker (it must be importable by module and name)."""
    if name.startswith("loop"):
        while True:
            pass
    if name.startswith("hog"):
        hoard = []
        while True:
            hoard.append(bytes(16 * 1024 * 1024))
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(10)
    if name.startswith("spawn"):  # like soffice: a child in its own session, and an orphaned grandchild
        child = subprocess.Popen(["sleep", "300"], start_new_session=True)
        shell = subprocess.run(["sh", "-c", "sleep 301 >/dev/null 2>&1 & echo $!"], capture_output=True, text=True, check=True)
        Path(data.decode()).write_text(f"{child.pid} {shell.stdout.strip()}")
        time.sleep(300)
    if name.startswith("nap"):
        time.sleep(float(data))
        return None
    if name.startswith("bug"):
        raise ValueError("parser bug on line 1\nand line 2")
    if name.startswith("warn"):
        logging.getLogger("pdfminer.pdfpage").warning("bad xref at %d", 512)
        return None
    return parse_document(name, detected, data, limits)


@pytest.fixture
def box():
    sb = Sandbox(parse=misbehaving_parser)
    yield sb
    sb.close()


def run(sb: Sandbox, name: str, data: bytes = b"x", limits: ParseLimits = FAST):
    started = time.monotonic()
    result = sb.run(name, detect(name, "application/octet-stream", data), data, limits)
    return result, time.monotonic() - started


def assert_next_file_parses(sb: Sandbox) -> None:
    result, _ = run(sb, "good.docx", GOOD, ROOMY)
    assert result.status == "parsed" and "Nguyễn Thị Hoa" in " ".join(c for t in result.document.tables for r in t.rows for c in r)


def long_docx(paragraphs: int) -> bytes:
    """A real DOCX of ``paragraphs`` varied paragraphs (so it does not look like a zip bomb)."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    rnd = random.Random(1)
    words = ["giáo", "viên", "dạy", "giỏi", "cấp", "tỉnh", "năm", "học", "thành", "tích", "xuất", "sắc", "trường"]
    body = "".join(f"<w:p><w:r><w:t>{' '.join(rnd.choice(words) for _ in range(12))} {rnd.random()}</w:t></w:r></w:p>"
                   for _ in range(paragraphs))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            dst.writestr(item, data)
    return out.getvalue()


def test_a_parser_that_never_returns_is_killed_at_the_time_limit(box):
    result, took = run(box, "loop.docx")
    assert result.status == "failed" and result.reason == "parsing took longer than 0.5 s"
    assert 0.5 <= took < 2.0
    assert_next_file_parses(box)
    assert box.started == 2


def test_a_memory_hog_fails_at_the_memory_limit():
    sb = Sandbox(memory_mb=300, parse=misbehaving_parser)
    try:
        result, took = run(sb, "hog.pdf", limits=ROOMY)
        assert result.status == "failed" and result.reason == "parser ran out of memory (limit 300 MB)"
        assert took < 5
        assert_next_file_parses(sb)
    finally:
        sb.close()


def test_a_small_png_that_decodes_to_too_much_memory_fails_alone():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (6000, 6000), (200, 10, 10)).save(buffer, "PNG")  # 36 Mpx, under image_pixels; ~120 kB
    sb = Sandbox(memory_mb=256)
    try:
        result, _ = run(sb, "Ảnh chân dung.png", buffer.getvalue(), ROOMY)
        assert result.status == "failed" and result.reason == "parser ran out of memory (limit 256 MB)"
        assert_next_file_parses(sb)
    finally:
        sb.close()


def test_a_crash_fails_with_the_signal(box):
    result, took = run(box, "crash.xlsx")
    assert result.status == "failed" and result.reason == "parser crashed (signal 11)"
    assert took < 5
    assert_next_file_parses(box)


def test_cpu_time_is_limited_apart_from_wall_time():
    sb = Sandbox(cpu_seconds=1, parse=misbehaving_parser)
    try:
        result, took = run(sb, "loop.pdf", limits=ParseLimits(seconds_per_attachment=30))
        assert result.status == "failed" and result.reason == "parser used more than 1 s of CPU time"
        assert took < 5
        assert_next_file_parses(sb)
    finally:
        sb.close()


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # killed; waiting for an init that may never reap it


def test_programs_the_parser_started_die_with_it(box, tmp_path):
    pids_file = tmp_path / "pids"
    result, _ = run(box, "spawn.doc", str(pids_file).encode())
    assert result.reason == "parsing took longer than 0.5 s"
    pids = [int(p) for p in pids_file.read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 3
    while not all(_gone(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(p) for p in pids), pids


def test_parser_exceptions_come_back_with_reason_and_traceback(box):
    result, _ = run(box, "bug.docx", limits=ROOMY)
    assert result.status == "failed" and result.reason == "ValueError: parser bug on line 1 and line 2"
    assert "misbehaving_parser" in result.traceback
    broken, _ = run(box, "hong.docx", GOOD[: len(GOOD) // 2], ROOMY)
    assert broken.status == "failed" and broken.traceback is None and "\n" not in broken.reason
    assert box.started == 1  # ordinary failures keep the worker


def test_warnings_logged_in_the_worker_are_logged_here(box, caplog):
    with caplog.at_level(logging.WARNING):
        result, _ = run(box, "warn.pdf", limits=ROOMY)
    assert result.status == "skipped"
    assert ("pdfminer.pdfpage", logging.WARNING, "bad xref at 512 file=warn.pdf") in caplog.record_tuples


def test_sigterm_to_a_busy_worker_lets_it_finish_the_file(box):
    run(box, "good.docx", GOOD)  # start the worker
    pid = box._worker.process.pid
    threading.Timer(0.3, os.kill, (pid, signal.SIGTERM)).start()
    result, took = run(box, "nap.jpg", b"0.8", ParseLimits(seconds_per_attachment=5))
    assert result.status == "skipped" and took >= 0.8
    assert box._worker is not None and box._worker.process.pid == pid
    assert_next_file_parses(box)


def test_the_worker_is_reused_then_replaced_after_max_jobs():
    sb = Sandbox(max_jobs=3)
    try:
        for _ in range(7):
            assert_next_file_parses(sb)
        assert sb.started == 3
    finally:
        sb.close()


def test_a_too_slow_real_docx_fails_and_the_rest_of_the_message_parses():
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "truong@example.edu.vn", "vutdkt@moet.gov.vn", "Hồ sơ"
    msg.set_content("Kính gửi Vụ.")
    msg.add_attachment(GOOD, maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename="Hồ sơ.docx")
    msg.add_attachment(long_docx(60_000), maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename="Minh chứng dài.docx")
    msg.add_attachment(GOOD, maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename="Hồ sơ bản 2.docx")
    parsed = parse_message(msg.as_bytes(), FAST)  # the long one needs about 1.4 s
    good, slow, again = parsed.files
    assert (slow.status, slow.reason) == ("failed", "parsing took longer than 0.5 s")
    assert 500 <= slow.duration_ms < 2000
    assert good.status == "parsed" and good.document.tables
    assert again.status == "parsed" and again.document.tables


def test_one_message_with_every_kind_of_bad_file(monkeypatch):
    sb = Sandbox(memory_mb=300, parse=misbehaving_parser)
    monkeypatch.setattr(sandbox, "_default", sb)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "truong@example.edu.vn", "vutdkt@moet.gov.vn", "Hồ sơ"
    msg.set_content("Kính gửi Vụ.")
    for name in ("loop.docx", "hog.docx", "crash.docx", "Hồ sơ.docx"):
        msg.add_attachment(GOOD, maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1], filename=name)
    try:
        parsed = parse_message(msg.as_bytes(), ParseLimits(seconds_per_attachment=1, memory_mb=300))
    finally:
        sb.close()
    assert [(f.name, f.status, f.reason) for f in parsed.files] == [
        ("loop.docx", "failed", "parsing took longer than 1 s"),
        ("hog.docx", "failed", "parser ran out of memory (limit 300 MB)"),
        ("crash.docx", "failed", "parser crashed (signal 11)"),
        ("Hồ sơ.docx", "parsed", None),
    ]


def test_in_process_mode_runs_the_parser_here(monkeypatch):
    monkeypatch.setattr(sandbox, "_default", None)
    data = GOOD[:100]
    with in_process():
        result = run_parser("hong.docx", detect("hong.docx", "", data), data, FAST)
    assert sandbox._default is None  # no worker was started
    assert result.status == "failed"
    with pytest.raises(ParseError):
        parse_document("hong.docx", detect("hong.docx", "", data), data, FAST)
