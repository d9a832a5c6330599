"""RFC 3834 rules for automatic replies, and the daily cap."""

from __future__ import annotations

import datetime as dt

import pytest

from notifier.outbox import queue_mail
from notifier.policy import day_start_utc, may_auto_reply, reply_address, under_daily_cap
from store.db import session
from tests.notifier.conftest import school_mail

AUTOMATIC = {
    "auto-replied": dict(headers={"Auto-Submitted": "auto-replied"}),
    "auto-generated with parameter": dict(headers={"Auto-Submitted": "auto-generated; owner-email=x@y.vn"}),
    "auto-notified (not 'no')": dict(headers={"Auto-Submitted": "auto-notified"}),
    "precedence bulk": dict(headers={"Precedence": "bulk"}),
    "precedence list": dict(headers={"Precedence": "list"}),
    "precedence junk": dict(headers={"Precedence": "junk"}),
    "list-id": dict(headers={"List-Id": "Tin tức giáo dục <tintuc.example.vn>"}),
    "null return-path": dict(headers={"Return-Path": "<>"}),
    "mailer-daemon return-path": dict(headers={"Return-Path": "<MAILER-DAEMON@mx.example.vn>"}),
    "mailer-daemon sender": dict(sender="MAILER-DAEMON@mx.example.vn"),
    "no-reply": dict(sender="no-reply@example.edu.vn"),
    "noreply": dict(sender="noreply@example.edu.vn"),
    "do-not-reply": dict(sender="do-not-reply@example.edu.vn"),
    "list owner": dict(sender="owner-giaovien@lists.example.vn"),
    "list request address": dict(sender="giaovien-request@lists.example.vn"),
    "exchange asks for none": dict(headers={"X-Auto-Response-Suppress": "All"}),
    "out of office subject": dict(subject="Trả lời tự động: Gửi hồ sơ"),
    "no-reply reply-to": dict(headers={"Reply-To": "no-reply@example.edu.vn"}),
}


@pytest.mark.parametrize("case", AUTOMATIC.values(), ids=AUTOMATIC.keys())
def test_automatic_senders_are_never_answered(case):
    _raw, mail = school_mail(**case)
    allowed, reason = may_auto_reply(mail)
    assert allowed is False and reason


def test_a_person_at_a_school_is_answered_at_reply_to():
    _raw, mail = school_mail(headers={"Auto-Submitted": "no", "Reply-To": "Văn thư <VanThu@Example.edu.vn>"})
    assert may_auto_reply(mail) == (True, None)
    assert reply_address(mail) == "vanthu@example.edu.vn"


def test_mail_from_our_own_address_is_not_answered():
    _raw, mail = school_mail(sender="vutdkt@moet.gov.vn")
    allowed, reason = may_auto_reply(mail, own_addresses=("Vụ TĐKT <vutdkt@moet.gov.vn>",))
    assert not allowed and "own address" in reason


def test_day_start_is_local_midnight():
    assert day_start_utc(dt.date(2024, 4, 18), "Asia/Ho_Chi_Minh") == dt.datetime(2024, 4, 17, 17, tzinfo=dt.timezone.utc)


def test_daily_cap_counts_flags_and_acks_to_one_recipient(engine):
    start = day_start_utc(dt.datetime.now(dt.timezone.utc).date(), "UTC")
    with session(engine) as db:
        for i in range(3):
            queue_mail(db, kind="flag" if i % 2 else "ack", dedupe_key=f"k{i}", recipient="School@example.edu.vn",
                       subject="s", body_text="b", domain="moet.gov.vn")
        queue_mail(db, kind="digest", dedupe_key="d", recipient="school@example.edu.vn", subject="s", body_text="b",
                   domain="moet.gov.vn")
        db.commit()
        assert under_daily_cap(db, "school@example.edu.vn", start, cap=4)
        assert not under_daily_cap(db, "school@example.edu.vn", start, cap=3)  # digests do not count
        assert under_daily_cap(db, "other@example.edu.vn", start, cap=1)
        assert under_daily_cap(db, "school@example.edu.vn", start + dt.timedelta(days=1), cap=1)  # a new day
