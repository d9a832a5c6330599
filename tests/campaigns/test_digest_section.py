"""The reviewers' digest carries each running campaign's progress, in Vietnamese."""

from __future__ import annotations

import datetime as dt
import unicodedata

from digest.send import build_digest
from tests.campaigns.conftest import CAMPAIGN, DEADLINE_1, TITLE, at, campaign_toml, load, submit, write_config


def _fill(engine) -> None:
    submit(engine, DEADLINE_1 - dt.timedelta(days=6), "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du")
    submit(engine, DEADLINE_1 - dt.timedelta(days=2), "c1anphu@example.edu.vn", "Trường Tiểu học Ân Phú",
           missing=["photo"])
    submit(engine, DEADLINE_1 - dt.timedelta(days=2), "la@gmail.com", "Trường THCS Ng. Du")


def test_digest_before_the_deadline_counts_and_days_left(engine, settings):
    _fill(engine)
    digest = build_digest(engine, settings, DEADLINE_1 - dt.timedelta(days=2))
    text, html = digest.text, digest.html
    assert unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", html)
    assert "TIẾN ĐỘ GỬI HỒ SƠ THEO KẾ HOẠCH (tính đến hết ngày 18/04/2024)" in text
    assert f"* {TITLE} [{CAMPAIGN}]" in text
    assert ("Đợt 1, hạn 20/04/2024 (còn 2 ngày): 2/5 đơn vị đã gửi (1 đủ, 1 còn thiếu), 3 chưa gửi") in text
    assert "Không gửi đúng hạn" not in text
    assert '- "Trường THCS Ng. Du" (la@gmail.com, ngày 18/04/2024, 1 hồ sơ), gần nhất: Trường THCS Nguyễn Du' in text
    assert "dienhinh campaign" not in text  # reviewers have no shell
    assert "Danh sách đơn vị có 2 dòng không dùng được" in text
    assert "Tiến độ gửi hồ sơ theo kế hoạch" in html and "còn 2 ngày" in html and "2/5" in html
    assert "Trường THCS Ng. Du" in html and "dienhinh campaign" not in html


def test_digest_after_the_deadline_lists_the_units_that_missed_it(engine, settings):
    _fill(engine)
    text = build_digest(engine, settings, DEADLINE_1).text  # the deadline day is over
    assert "Đợt 1, hạn 20/04/2024 (hết hạn hôm nay)" in text
    assert ("Không gửi đúng hạn: Trường Mầm non Hoa Sen, Trường THCS Hương Minh, Trường TH Nguyễn Du") in text
    assert "Không có hồ sơ mới" in text  # nothing new that day, the campaign shows all the same


def test_unreadable_roster_shows_as_a_line_and_campaigns_outside_their_period_do_not_show(
        engine, tmp_path, database_url):
    settings = load(write_config(tmp_path, database_url, campaigns=campaign_toml(roster="missing.csv")))
    text = build_digest(engine, settings, DEADLINE_1).text
    assert "Không đọc được danh sách đơn vị:" in text and "missing.csv: roster file not found" in text
    assert "TIẾN ĐỘ" not in build_digest(engine, settings, dt.date(2024, 7, 1)).text


def test_digest_before_the_deadline_names_who_has_not_sent_and_their_reminders(engine, tmp_path, database_url):
    from campaigns.reminders import dedupe_key
    from notifier.outbox import queue_mail
    from store.db import session
    from tests.campaigns.conftest import roster_rows, write_csv_roster
    from tests.campaigns.test_status_cases import NO_ADDRESS, fail_mail

    write_csv_roster(tmp_path / "roster.csv", [*roster_rows(bad=False), NO_ADDRESS])
    settings = load(write_config(tmp_path, database_url))
    day = DEADLINE_1 - dt.timedelta(days=2)
    _fill(engine)
    fail_mail(engine, day, "mnhoasen@example.edu.vn")
    submit(engine, day, "xa@gmail.com", "Công ty TNHH Hoà Bình")  # like no unit: nothing offered
    with session(engine) as db:
        row = queue_mail(db, kind="reminder", dedupe_key=dedupe_key(CAMPAIGN, "Đợt 1", "Trường TH Nguyễn Du"),
                         recipient="c1nguyendu@example.edu.vn", subject="Nhắc", body_text="x", domain="moet.gov.vn")
        row.created_at = at(day, hour=6)  # 06:00 in Hà Nội is 23:00 the day before in UTC
        db.commit()
    digest = build_digest(engine, settings, day)
    text, html = digest.text, digest.html
    assert "2/6 đơn vị đã gửi (1 đủ, 1 còn thiếu), 3 chưa gửi, 1 đã nhận nhưng không đọc được" in text
    assert "Đã nhận thư nhưng không đọc được (xem mục thư lỗi): Trường Mầm non Hoa Sen" in text
    assert "Chưa gửi (còn 2 ngày), 1 đơn vị không nhắc được:" in text
    assert "- Trường TH Nguyễn Du: đã nhắc ngày 18/04/2024" in text  # the local day, not UTC's 17/04
    assert "- Trường THCS Hương Minh: chưa nhắc" in text
    assert "- Trường Mầm non Sơn Kim: không nhắc được (không có địa chỉ thư)" in text
    assert "Trường Mầm non Hoa Sen: chưa nhắc" not in text  # it did send; it is not told nothing arrived
    assert "gần nhất: Trường THCS Nguyễn Du (khớp 61%)" in text
    assert '"Công ty TNHH Hoà Bình" (xa@gmail.com, ngày 18/04/2024, 1 hồ sơ)\n' in text  # no suggestion
    assert "Trường Mầm non Sơn Kim" in html and "không nhắc được (không có địa chỉ thư)" in html
    assert "khớp 61%" in html and "đã nhận nhưng không đọc được" in html
    assert unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", html)
    assert "Chưa gửi (còn 22 ngày)" not in text  # only the next deadline's units are listed
