"""Render the README's screenshots: the reviewers' digest and the XLSX export, as reviewers see them.

Usage: ``python scripts/screenshots.py [--out docs]``

A demo-like day (schools of Hà Tĩnh sending profiles, one incomplete, one
unreadable mail, a campaign with a deadline in two days) is written to a
throw-away SQLite database. The digest is rendered as it would be mailed and
photographed in headless Chromium; the records export is written as XLSX,
printed to PDF by LibreOffice and its first page turned into a PNG by
``pdftoppm``. The PNGs are reduced to a small palette so they stay small in
git. Everything runs locally; nothing is sent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from config import parse_settings  # noqa: E402
from digest.send import build_digest  # noqa: E402  (a script: it needs the fixed "lập lúc")
from records import record_dicts, write_xlsx  # noqa: E402
from store import Message, Nomination, NominationMessage, open_service, session  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DAY = dt.date(2024, 4, 18)
UTC = dt.UTC
COLOURS = 64  # palette size of the committed PNGs

ROSTER = """Tên đơn vị,Email,Cấp học,Huyện
Trường THCS Nguyễn Du,c2nguyendu@example.edu.vn,THCS,Vũ Quang
Trường Tiểu học Ân Phú,c1anphu@example.edu.vn,Tiểu học,Vũ Quang
Trường Mầm non Hoa Sen,mnhoasen@example.edu.vn,Mầm non,Hương Khê
Trường THCS Hương Minh,c2huongminh@example.edu.vn,THCS,Vũ Quang
Trường Mầm non Sơn Kim,,Mầm non,Hương Sơn
"""

# (sender, unit, name, model title, phone, missing, local hour)
RECORDS = [
    ("c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du", "Nguyễn Thị Hoa",
     "Giáo viên dạy giỏi gắn với đổi mới phương pháp", "+84912345678", [], 8),
    ("c1anphu@example.edu.vn", "Trường Tiểu học Ân Phú", "Trần Văn Nam",
     "Thư viện thân thiện cho học sinh vùng khó", "+84987654321", ["photo"], 10),
    ("co.lan.gv@gmail.com", "Trường THCS Hương Minh", "Lê Thị Lan",
     "Câu lạc bộ STEM nông thôn", "+84356789012", [], 14),
]
SUMMARY = ("Nhiều năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở; chủ trì sáng kiến được Hội đồng khoa học "
           "ngành công nhận; hướng dẫn học sinh đạt giải cấp tỉnh.")


def write_config(root: Path) -> Path:
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    text = (
        f'[database]\nurl = "sqlite:///{root / "demo.db"}"\n[storage]\ndir = "{root / "archive"}"\n'
        '[[mailboxes]]\nname = "vutdkt"\nhost = "127.0.0.1"\nusername = "vutdkt@moet.gov.vn"\n'
        'password_env = "DIENHINH_SCREENSHOT_UNUSED"\n'
        '[digest]\nreviewers = ["thamdinh@moet.gov.vn"]\n'
        '[[campaigns]]\nname = "tdkt-2024"\ntitle = "Điển hình tiên tiến ngành Giáo dục năm 2024"\n'
        'mailboxes = ["vutdkt"]\nstart = 2024-03-01\nend = 2024-06-30\nroster = "roster.csv"\n'
        '[[campaigns.batches]]\nname = "Đợt 1"\ndeadline = 2024-04-20\n'
    )
    path = root / "dienhinh.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _message(db, sender: str, subject: str, when: dt.datetime, status: str = "parsed",
             reason: str | None = None) -> Message:
    message = Message(mailbox="vutdkt", folder="INBOX", uid=uuid.uuid4().int % 1_000_000, uidvalidity=1,
                      sha256=uuid.uuid4().hex * 2, size=120_000, sender=sender, subject=subject, sent_at=when,
                      received_at=when + dt.timedelta(minutes=2), status=status, reason=reason,
                      message_id=f"<{uuid.uuid4().hex}@example.edu.vn>")
    db.add(message)
    db.flush()
    return message


def fill(service) -> None:
    """The demo day's messages and records."""
    with session(service.engine) as db:
        for sender, unit, name, title, phone, missing, hour in RECORDS:
            when = dt.datetime.combine(DAY, dt.time(hour), tzinfo=dt.timezone(dt.timedelta(hours=7))).astimezone(UTC)
            message = _message(db, sender, f"Hồ sơ điển hình tiên tiến - {name}", when)
            nomination = Nomination(
                form="profile", kind="individual", unit=unit, name=name, model_title=title,
                achievement_summary=SUMMARY, phone=phone, email=sender, photos=0 if "photo" in missing else 1,
                missing=missing, status="incomplete" if missing else "complete", mailbox="vutdkt", sender=sender,
                sources=[f"Ho so {name}.docx"], created_at=when, updated_at=when, received_at=when,
            )
            db.add(nomination)
            db.flush()
            db.add(NominationMessage(nomination_id=nomination.id, message_id=message.id, draft_index=0))
        when = dt.datetime(2024, 4, 18, 4, 0, tzinfo=UTC)
        _message(db, "mnhoasen@example.edu.vn", "Hồ sơ thi đua", when, status="failed",
                 reason="MalformedMessage: multipart/mixed boundary not found")
        db.commit()


def _small_png(source: Path, target: Path, width: int | None = None, share: float = 1.0,
               footer: bool = False) -> None:
    """Crop to the content (the page's own background colour around it), keep the left ``share`` of it,
    scale to at most ``width`` and keep a small palette."""
    from PIL import Image, ImageChops

    image = Image.open(source).convert("RGB")
    background = image.getpixel((image.size[0] - 1, image.size[1] - 1))
    if footer:  # the page number at the foot of a printed page is left out of the picture
        image = image.crop((0, 0, image.size[0], round(image.size[1] * 0.9)))
    box = ImageChops.difference(image, Image.new("RGB", image.size, background)).getbbox()
    if box:
        margin = 12
        image = image.crop((max(box[0] - margin, 0), max(box[1] - margin, 0),
                            min(box[2] + margin, image.size[0]), min(box[3] + margin, image.size[1])))
    if share < 1.0:
        image = image.crop((0, 0, round(image.size[0] * share), image.size[1]))
    if width and image.size[0] > width:
        image = image.resize((width, round(image.size[1] * width / image.size[0])), Image.LANCZOS)
    image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def digest_png(html: str, work: Path, target: Path, width: int = 760, height: int = 2200) -> None:
    """The digest as headless Chromium shows it ``width`` px wide."""
    page, shot = work / "digest.html", work / "digest-raw.png"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={work / 'chromium'}",
         f"--screenshot={shot}", f"--window-size={width},{height}", "--hide-scrollbars", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    _small_png(shot, target)


def xlsx_png(xlsx: Path, work: Path, target: Path, width: int = 1200, share: float = 0.5) -> None:
    """The XLSX's first printed page: LibreOffice to PDF, then ``pdftoppm`` to PNG.

    The page holds every column at once, too small to read in a README: the
    picture keeps the left ``share`` of the printed table (TT to the
    achievements) at a readable size.
    """
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work / 'libreoffice'}",
                    "--convert-to", "pdf", "--outdir", str(work), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    pdf = work / (xlsx.stem + ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(work / "xlsx-raw")], check=True, capture_output=True, timeout=120)
    _small_png(work / "xlsx-raw.png", target, width, share, footer=True)


def render(out: Path, work: Path) -> list[Path]:
    """Write ``digest.png`` and ``export-xlsx.png`` into ``out``; returns their paths."""
    config = write_config(work)
    settings = parse_settings(config.read_text(encoding="utf-8"), config)
    service = open_service(settings)
    try:
        fill(service)
        digest = build_digest(service.engine, settings, DAY, now=dt.datetime(2024, 4, 19, 0, 5, tzinfo=UTC))
        out.mkdir(parents=True, exist_ok=True)
        digest_target, xlsx_target = out / "digest.png", out / "export-xlsx.png"
        digest_png(digest.html, work, digest_target)
        xlsx = work / "ho-so.xlsx"
        with open(xlsx, "wb") as handle:
            write_xlsx(record_dicts(service), handle, generated_at=dt.datetime(2024, 4, 18, 17, 0))
        xlsx_png(xlsx, work, xlsx_target)
    finally:
        service.engine.dispose()
    return [digest_target, xlsx_target]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where the PNGs go (default: docs/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dienhinh-screenshots-") as work:
        for path in render(args.out, Path(work)):
            print(f"{path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
