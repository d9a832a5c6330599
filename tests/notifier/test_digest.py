"""The reviewers' digest: the day's records, once per day, rendered in a real browser."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata

import pytest

from digest.send import build_digest, send_digests
from notifier.outbox import outbox_rows, queue_mail
from pipeline.delivery import send_pending
from store.db import open_database, session
from tests.notifier.conftest import FAST, add_message, add_nomination, make_settings

DAY = dt.date(2024, 4, 18)  # in Asia/Ho_Chi_Minh: 2024-04-17 17:00 UTC to 2024-04-18 17:00 UTC
UTC = dt.timezone.utc
HOSTILE = "<script>alert('x')</script>"


def _fill(engine) -> dict:
    """A day: complete and incomplete nominations in two mailboxes, a flag, a failed message, one out of range."""
    at = dt.datetime(2024, 4, 18, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
    with session(engine) as db:
        m1 = add_message(db, received_at=at, subject="Hồ sơ cô Hoa")
        complete = add_nomination(db, m1, created_at=at, updated_at=at, received_at=at)
        early = dt.datetime(2024, 4, 17, 23, 30, tzinfo=UTC)  # 06:30 on the 18th in Hà Nội
        m2 = add_message(db, mailbox="vuquang", received_at=early, sender="c1vuquang@example.edu.vn")
        incomplete = add_nomination(db, m2, name="Trần Văn Nam", unit="Trường TH Vũ Quang", mailbox="vuquang",
                                    missing=["photo", "phone"], created_at=early, updated_at=early)
        registration = add_nomination(db, m2, form="registration", kind="collective", name=None,
                                      model_title="Thư viện xanh", unit="Trường TH Vũ Quang", mailbox="vuquang",
                                      missing=["field"], created_at=early, updated_at=early)
        flag = queue_mail(db, kind="flag", dedupe_key=f"flag:{m2.id}", recipient="c1vuquang@example.edu.vn",
                          subject="Re: x", body_text="x", message_id=m2.id, domain="moet.gov.vn")
        flag.state, flag.sent_at = "sent", early + dt.timedelta(minutes=5)
        failed = add_message(db, status="failed", received_at=at, subject=f"Hồ sơ {HOSTILE}",
                             reason="attachment 'Ho so.doc': not a Word document")
        late = dt.datetime(2024, 4, 18, 17, 30, tzinfo=UTC)  # 00:30 on the 19th in Hà Nội
        add_nomination(db, name="Ngày Hôm Sau", created_at=late, updated_at=late)
        db.commit()
        return {"complete": complete.id, "incomplete": incomplete.id, "registration": registration.id,
                "failed": failed.id}


def test_digest_lists_the_days_records_and_is_sent_once(engine, smtp_server, smtp):
    ids = _fill(engine)
    settings = make_settings(smtp, reviewers=["a@example.org", "b@example.org"])
    first = send_digests(engine, settings, DAY)
    second = send_digests(engine, settings, DAY)  # the job ran twice
    assert [r.queued for r in first] == [True, True] and [r.queued for r in second] == [False, False]
    assert send_pending(engine, smtp, retry=FAST).sent == [r.row_id for r in first]
    send_digests(engine, settings, DAY)
    assert send_pending(engine, smtp, retry=FAST).sent == []
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == ["a@example.org", "b@example.org"]

    msg = smtp_server.messages[0].message
    assert msg["Auto-Submitted"] == "auto-generated" and msg.get_content_type() == "multipart/alternative"
    assert msg["Subject"] == ("[dienhinh] Điển hình tiên tiến ngày 18/04/2024: 1 hồ sơ đầy đủ, "
                              "2 hồ sơ còn thiếu, 1 thư lỗi")
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert unicodedata.is_normalized("NFC", text)
    assert f"#{ids['complete']} Nguyễn Thị Hoa (cá nhân) - Trường THCS Nguyễn Du" in text
    assert f"#{ids['incomplete']} Trần Văn Nam (cá nhân) - Trường TH Vũ Quang" in text
    assert "Còn thiếu: Ảnh, Điện thoại" in text and "Báo đơn vị: Đã báo đơn vị" in text
    assert "Mô hình “Thư viện xanh”" in text and "Còn thiếu: Lĩnh vực" in text
    assert f"Chạy lại: dienhinh reparse {ids['failed']}" in text
    assert "not a Word document" in text
    assert "vuquang: 1 thư nhận, 0 đầy đủ, 2 còn thiếu, 0 lỗi, 1 thư báo bổ sung đã gửi" in text
    assert "vutdkt: 2 thư nhận, 1 đầy đủ, 0 còn thiếu, 1 lỗi, 0 thư báo bổ sung đã gửi" in text
    assert "Trường TH Vũ Quang: 0 đầy đủ, 2 còn thiếu" in text
    assert "Ngày Hôm Sau" not in text  # the next day in Hà Nội
    assert f"dienhinh reparse {ids['failed']}" in html and "Hồ sơ còn thiếu" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_empty_day_sends_a_short_note_unless_switched_off(engine, smtp):
    [result] = send_digests(engine, make_settings(smtp), DAY)
    assert result.queued and result.digest.empty
    assert "Không có hồ sơ mới" in result.digest.text and "không có hồ sơ mới" in result.digest.subject
    assert send_digests(engine, make_settings(smtp, send_when_empty=False), DAY + dt.timedelta(days=1)) == []
    assert len(outbox_rows(engine)) == 1


def test_preview_queues_nothing(engine, smtp):
    _fill(engine)
    [preview] = send_digests(engine, make_settings(smtp), DAY, preview=True)
    assert preview.reviewer is None and not preview.queued and "Trần Văn Nam" in preview.digest.text
    assert "<table" in preview.digest.html
    assert [r["kind"] for r in outbox_rows(engine)] == ["flag"]  # only the flag _fill queued


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium is not installed")
def test_digest_html_renders_in_a_browser(tmp_path, smtp):
    from PIL import Image

    engine = open_database(f"sqlite:///{tmp_path / 'digest.db'}")
    _fill(engine)
    digest = build_digest(engine, make_settings(smtp), DAY)
    page, png = tmp_path / "digest.html", tmp_path / "digest.png"
    page.write_text(digest.html, encoding="utf-8")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1000,1400",
         page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )
    image = Image.open(png).convert("RGB")
    assert image.size == (1000, 1400)
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 100  # text anti-aliasing, tiles, badges: not a blank page
    non_white = sum(count for count, rgb in colours if rgb != (255, 255, 255))
    assert non_white > 0.2 * image.size[0] * image.size[1]
    engine.dispose()
