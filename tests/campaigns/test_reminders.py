"""Reminders through the outbox to a real SMTP server: once per unit and batch, polite, capped."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlmodel import select

from campaigns.reminders import dedupe_key, run_reminders
from dienhinh.devservers.smtp import SmtpServer
from notifier.outbox import outbox_rows, queue_mail
from pipeline.delivery import send_pending
from store.db import session
from store.models import OutgoingMail
from tests.campaigns.conftest import CAMPAIGN, DEADLINE_1, TITLE, campaign_toml, load, submit, write_config
from tests.notifier.conftest import FAST

TODAY = DEADLINE_1 - dt.timedelta(days=2)  # inside the 3-day window of Đợt 1


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def settings(tmp_path, database_url, roster_file, smtp_server):
    return load(write_config(tmp_path, database_url, smtp_port=smtp_server.port))


def _sent_to(server) -> list[str]:
    return sorted(", ".join(m.rcpt_tos) for m in server.messages)


def test_one_reminder_per_unit_and_none_to_units_that_sent(engine, settings, smtp_server):
    submit(engine, TODAY - dt.timedelta(days=3), "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du")
    submit(engine, TODAY, "teacher@gmail.com", "Trường Mầm non Hoa Sen", missing=["photo"])  # by name; incomplete

    first = run_reminders(engine, settings, TODAY)
    send_pending(engine, settings.smtp, retry=FAST)
    again = run_reminders(engine, settings, TODAY)  # the daily job ran twice
    later = run_reminders(engine, settings, TODAY + dt.timedelta(days=1))  # and the next day
    send_pending(engine, settings.smtp, retry=FAST)

    assert [r.unit for r in first.reminders if r.state == "queued"] == [
        "Trường Tiểu học Ân Phú", "Trường THCS Hương Minh", "Trường TH Nguyễn Du"]
    assert {r.state for r in again.reminders} == {"already"} == {r.state for r in later.reminders}
    assert _sent_to(smtp_server) == [
        "c1anphu@example.edu.vn, hieutruong.anphu@example.edu.vn",  # both of the unit's addresses, one mail
        "c1nguyendu@example.edu.vn",
        "c2huongminh@example.edu.vn",  # its noreply@ address is left out (RFC 3834)
    ]
    rows = outbox_rows(engine)
    assert len(rows) == 3 and {r["kind"] for r in rows} == {"reminder"} and {r["state"] for r in rows} == {"sent"}
    with session(engine) as db:
        keys = set(db.exec(select(OutgoingMail.dedupe_key)).all())
    assert dedupe_key(CAMPAIGN, "Đợt 1", "Trường TH Nguyễn Du") == f"reminder:{CAMPAIGN}:Đợt 1:Trường TH Nguyễn Du"
    assert dedupe_key(CAMPAIGN, "Đợt 1", "Trường TH Nguyễn Du") in keys

    mail = next(m.message for m in smtp_server.messages if m.rcpt_tos == ["c1nguyendu@example.edu.vn"])
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Subject"] == f"Nhắc hạn gửi hồ sơ Đợt 1 (chậm nhất ngày 20/04/2024): {TITLE}"
    text = mail.get_body(("plain",)).get_content()
    assert unicodedata.is_normalized("NFC", text)
    assert text.startswith("Kính gửi Trường TH Nguyễn Du,")
    assert "hạn gửi hồ sơ Đợt 1 là ngày 20/04/2024 (còn 2 ngày)" in text
    assert "đến địa chỉ vutdkt@moet.gov.vn chậm nhất ngày 20/04/2024" in text
    assert "Ảnh chân dung" in text and "Tóm tắt thành tích" in text  # what to send
    assert "xin vui lòng bỏ qua thư này" in text
    assert "vutdkt@moet.gov.vn" in mail.get_body(("html",)).get_content()


def test_preview_queues_and_sends_nothing(engine, settings, smtp_server):
    run = run_reminders(engine, settings, TODAY, preview=True)
    assert len(run.reminders) == 5 and {r.state for r in run.reminders} == {"preview"}
    assert "Kính gửi Trường Mầm non Hoa Sen" in run.reminders[2].text
    send_pending(engine, settings.smtp, retry=FAST)
    assert outbox_rows(engine) == [] and smtp_server.messages == []


def test_only_inside_the_window_and_only_when_switched_on(engine, tmp_path, database_url, settings, smtp_server):
    assert run_reminders(engine, settings, DEADLINE_1 - dt.timedelta(days=4)).reminders == []  # too early
    assert run_reminders(engine, settings, DEADLINE_1 + dt.timedelta(days=1)).reminders == []  # Đợt 1 is over
    assert len(run_reminders(engine, settings, DEADLINE_1, preview=True).reminders) == 5  # the deadline itself
    off = load(write_config(tmp_path, database_url, smtp_port=smtp_server.port, campaigns=campaign_toml(remind="false")))
    assert run_reminders(engine, off, TODAY).reminders == []


def test_daily_cap_counts_flags_and_reminders(engine, settings, smtp_server):
    with session(engine) as db:
        for index in range(settings.smtp.daily_cap_per_sender):
            queue_mail(db, kind="flag", dedupe_key=f"flag:cap:{index}", recipient="c1nguyendu@example.edu.vn",
                       subject="Re: hồ sơ", body_text="x", domain="moet.gov.vn")
        db.commit()
    run = run_reminders(engine, settings, TODAY)
    capped = [r for r in run.reminders if r.unit == "Trường TH Nguyễn Du"]
    assert [r.state for r in capped] == ["capped"]
    reminded = {r["recipient"] for r in outbox_rows(engine) if r["kind"] == "reminder"}
    assert "c1nguyendu@example.edu.vn" not in reminded and len(reminded) == 4


def test_no_reminder_to_a_unit_whose_mail_could_not_be_read_and_none_possible_without_address(
        engine, tmp_path, database_url, smtp_server):
    from tests.campaigns.conftest import roster_rows, write_csv_roster
    from tests.campaigns.test_status_cases import NO_ADDRESS, fail_mail

    write_csv_roster(tmp_path / "roster.csv", [*roster_rows(bad=False), NO_ADDRESS])
    settings = load(write_config(tmp_path, database_url, smtp_port=smtp_server.port))
    fail_mail(engine, TODAY - dt.timedelta(days=1), "mnhoasen@example.edu.vn")  # arrived, failed to parse
    run = run_reminders(engine, settings, TODAY)
    states = {r.unit: r.state for r in run.reminders}
    assert "Trường Mầm non Hoa Sen" not in states
    assert states["Trường Mầm non Sơn Kim"] == "no_address"
    [kept] = [r for r in run.reminders if r.unit == "Trường Mầm non Sơn Kim"]
    assert kept.note == "cannot be reminded: no e-mail address on the roster"
    assert run.count("queued") == 4
