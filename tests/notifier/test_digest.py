"""The reviewers' digest: the day's records, once per day, rendered in a real browser."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from html import escape

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
    assert "Lý do: Tệp đính kèm bị hỏng hoặc không mở được.\r\n       Đơn vị cần gửi lại thư." in text
    assert "not a Word document" not in text and "dienhinh " not in text.replace("từ dienhinh.", "")
    assert "vuquang: 1 thư nhận, 0 đầy đủ, 2 còn thiếu, 0 lỗi, 1 thư báo bổ sung đã gửi" in text
    assert "vutdkt: 2 thư nhận, 1 đầy đủ, 0 còn thiếu, 1 lỗi, 0 thư báo bổ sung đã gửi" in text
    assert "Trường TH Vũ Quang: 0 đầy đủ, 2 còn thiếu" in text
    assert "Ngày Hôm Sau" not in text  # the next day in Hà Nội
    assert "dienhinh reparse" not in html and "<code" not in html and "Hồ sơ còn thiếu" in html
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
    assert "<table" in preview.digest.html and "<style" not in preview.digest.html
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


def _page_width(tmp_path, html: str, width: int) -> int:
    """The digest's scrollWidth when shown ``width`` px wide in a real headless Chromium.

    Headless windows are at least 500 px wide, so the mail is shown in an
    iframe of the phone's width (``srcdoc``: same origin, so its document
    can be measured); the script is only in the test's wrapper page.
    """
    wrapper = (f'<html><body style="margin:0"><iframe id="f" style="width:{width}px;height:900px;border:0" '
               f'srcdoc="{escape(html, quote=True)}"></iframe><script>'
               "document.getElementById('f').onload = function () {"
               "  document.title = 'W' + this.contentDocument.documentElement.scrollWidth; };"
               "</script></body></html>")
    page = tmp_path / f"probe-{width}.html"
    page.write_text(wrapper, encoding="utf-8")
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         f"--window-size={max(width, 500) + 40},1000", "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout
    return int(dom.split("<title>W", 1)[1].split("<", 1)[0])


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="chromium is not installed")
def test_digest_fits_a_phone_and_a_desktop_without_sideways_scrolling(tmp_path, smtp):
    engine = open_database(f"sqlite:///{tmp_path / 'digest.db'}")
    _fill(engine)
    html = build_digest(engine, make_settings(smtp), DAY).html
    engine.dispose()
    assert _page_width(tmp_path, html, 900) <= 900
    assert _page_width(tmp_path, html, 400) <= 400  # the cards stack; "Còn thiếu" is on screen
    assert "<style" not in html and "max-width:600px" in html
    assert all(int(w) <= 600 for w in __import__("re").findall(r'<table[^>]* width="(\d+)"', html))


def test_a_large_day_stays_under_gmails_clip_and_says_how_many_more(tmp_path, smtp):
    engine = open_database(f"sqlite:///{tmp_path / 'digest.db'}")
    at = dt.datetime(2024, 4, 18, 2, 0, tzinfo=UTC)
    with session(engine) as db:
        for i in range(300):
            message = add_message(db, received_at=at, sender=f"s{i}@example.edu.vn", uid=2 * i + 1)
            add_nomination(db, message, name=f"Nguyễn Văn Số {i}", unit=f"Trường số {i}", missing=["photo"],
                           created_at=at, updated_at=at)
            add_message(db, status="failed", received_at=at, reason="MalformedMessage: multipart/mixed boundary",
                        uid=2 * i + 2)
        db.commit()
    digest = build_digest(engine, make_settings(smtp), DAY)
    engine.dispose()
    assert len(digest.html.encode("utf-8")) < 102 * 1024
    assert "… và 260 hồ sơ khác" in digest.html and "… và 260 thư khác" in digest.html
    assert "Thư bị lỗi cấu trúc, không đọc được nội dung." in digest.html
    assert "MalformedMessage" not in digest.html and "MalformedMessage" not in digest.text


def test_times_are_receipt_times_in_the_configured_zone(tmp_path, smtp):
    engine = open_database(f"sqlite:///{tmp_path / 'digest.db'}")
    arrived = dt.datetime(2024, 4, 18, 3, 5, tzinfo=UTC)  # 10:05 in Hà Nội
    with session(engine) as db:
        message = add_message(db, received_at=arrived)
        add_nomination(db, message, created_at=arrived, updated_at=arrived,
                       received_at=dt.datetime(2024, 4, 16, 1, 0, tzinfo=UTC))  # the sender's Date header
        db.commit()
    digest = build_digest(engine, make_settings(smtp), DAY)
    engine.dispose()
    assert "nhận lúc 10:05" in digest.html and "16/04/2024" not in digest.html


def test_mailbox_reviewers_get_that_mailbox_alone(tmp_path, smtp):
    from config.settings import Settings

    engine = open_database(f"sqlite:///{tmp_path / 'digest.db'}")
    _fill(engine)
    data = {"digest": {"reviewers": ["all@example.org"]}, "smtp": smtp.model_dump(by_alias=True, exclude_none=True),
            "mailboxes": [{"name": "vuquang", "host": "127.0.0.1", "reviewers": ["district@example.org"]}]}
    results = send_digests(engine, Settings.model_validate(data), DAY)
    engine.dispose()
    by = {r.reviewer: r.digest for r in results}
    assert set(by) == {"all@example.org", "district@example.org"}
    assert "Nguyễn Thị Hoa" in by["all@example.org"].text and "Trần Văn Nam" in by["all@example.org"].text
    assert "Trần Văn Nam" in by["district@example.org"].text
    assert "Nguyễn Thị Hoa" not in by["district@example.org"].text  # another mailbox's record
    assert "hộp thư vuquang" in by["district@example.org"].subject


def _with_web(settings, base_url: str):
    from config.settings import Settings

    data = settings.model_dump(by_alias=True, exclude_none=True)
    data["web"] = {"base_url": base_url}
    return Settings.model_validate(data)


def test_with_base_url_every_item_links_to_its_workbench_page(engine, smtp):
    ids = _fill(engine)
    base = "https://hoso.example.gov.vn/dienhinh"
    digest = build_digest(engine, _with_web(make_settings(smtp), base + "/"), DAY)
    text, html = digest.text, digest.html
    for key in ("complete", "incomplete", "registration"):
        url = f"{base}/records/{ids[key]}"
        assert f"Mở hồ sơ: {url}" in text
        assert f'<a href="{url}"' in html
    failed = f"{base}/messages/failed#message-{ids['failed']}"
    # the unit resends this one: reviewers are told so, and the message's page is linked
    assert f"Đơn vị cần gửi lại thư.\n       Xem thư: {failed}" in text.replace("\r\n", "\n")
    assert f'<a href="{failed}"' in html and ">Xem thư</a>" in html
    # no line sends reviewers to the operator any more: the workbench has the list and the export
    assert "người vận hành" not in text and "người vận hành" not in html
    assert f"Danh sách đầy đủ (tệp Excel): {base}/export.xlsx" in text
    assert f'<a href="{base}/export.xlsx"' in html and f'<a href="{base}/messages/failed"' in html
    assert unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", html)


def test_a_failure_the_operator_would_rerun_links_to_the_rerun_button(engine, smtp):
    at = dt.datetime(2024, 4, 18, 2, 0, tzinfo=UTC)
    with session(engine) as db:
        failed = add_message(db, status="failed", received_at=at, subject="Hồ sơ", reason="extraction timed out")
        db.commit()
        failed_id = failed.id
    base = "http://127.0.0.1:8080"
    with_web = build_digest(engine, _with_web(make_settings(smtp), base), DAY)
    url = f"{base}/messages/failed#message-{failed_id}"
    assert f'Xử lý lại thư này (nút "Xử lý lại"): {url}' in with_web.text
    assert "Người vận hành sẽ kiểm tra" not in with_web.text and "Người vận hành sẽ kiểm tra" not in with_web.html
    assert f'<a href="{url}"' in with_web.html and ">Xử lý lại thư</a>" in with_web.html
    without = build_digest(engine, make_settings(smtp), DAY)
    assert "Người vận hành sẽ kiểm tra và chạy lại." in without.text


def test_without_base_url_the_digest_has_no_links_and_todays_wording(engine, smtp):
    _fill(engine)
    digest = build_digest(engine, make_settings(smtp), DAY)
    assert "http://" not in digest.text and "https://" not in digest.text
    assert "<a " not in digest.html and "href=" not in digest.html
    assert "Danh sách đầy đủ: đề nghị người vận hành gửi tệp Excel." in digest.text
    assert "xin báo người vận hành" in digest.html


def test_a_mailbox_digest_links_to_that_mailbox_export(tmp_path, smtp):
    from config.settings import Settings

    engine = open_database(f"sqlite:///{tmp_path / 'digest.db'}")
    _fill(engine)
    data = {"digest": {"reviewers": ["all@example.org"]}, "smtp": smtp.model_dump(by_alias=True, exclude_none=True),
            "web": {"base_url": "https://hoso.example.gov.vn"},
            "mailboxes": [{"name": "vuquang", "host": "127.0.0.1", "reviewers": ["district@example.org"]}]}
    digest = build_digest(engine, Settings.model_validate(data), DAY, mailbox="vuquang")
    engine.dispose()
    assert "https://hoso.example.gov.vn/export.xlsx?mailbox=vuquang" in digest.text
