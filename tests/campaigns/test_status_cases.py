"""Issue 15 cases of a campaign's status: unreadable mail, units with no address, counts_for, suggestions."""

from __future__ import annotations

import datetime as dt

from campaigns.status import campaign_status
from store.db import session
from tests.campaigns.conftest import (
    DEADLINE_1,
    DEADLINE_2,
    at,
    campaign_toml,
    load,
    roster_rows,
    submit,
    write_config,
    write_csv_roster,
)
from tests.notifier.conftest import add_message

BEFORE = DEADLINE_1 - dt.timedelta(days=5)
NO_ADDRESS = ["8", "Trường Mầm non Sơn Kim", "", "Mầm non", "Hương Sơn"]


def _cells(status, batch: str) -> dict[str, object]:
    return {cell.unit.name: cell for cell in status.batch(batch).units}


def fail_mail(engine, day: dt.date, sender: str, sender_name: str | None = None) -> int:
    """A message that arrived on ``day`` and failed to parse (no record)."""
    with session(engine) as db:
        message = add_message(db, sender=sender, sender_name=sender_name, sent_at=at(day),
                              received_at=at(day) + dt.timedelta(minutes=2), status="failed",
                              last_error="MalformedMessage: multipart/mixed boundary not found")
        db.commit()
        return message.id


def test_mail_that_failed_to_parse_counts_as_received_not_read(engine, settings):
    fail_mail(engine, BEFORE, "mnhoasen@example.edu.vn")
    fail_mail(engine, BEFORE, "stranger@gmail.com")  # no unit: left to the digest's failed list
    status = campaign_status(engine, settings, settings.campaigns[0], DEADLINE_1 + dt.timedelta(days=1))
    batch = status.batch("Đợt 1")
    hoa_sen = _cells(status, "Đợt 1")["Trường Mầm non Hoa Sen"]
    assert hoa_sen.state == "unreadable" and hoa_sen.records == 0 and len(hoa_sen.unreadable) == 1
    assert [u.unit.name for u in batch.unreadable] == ["Trường Mầm non Hoa Sen"]
    assert "Trường Mầm non Hoa Sen" not in [u.unit.name for u in batch.waiting]
    assert "Trường Mầm non Hoa Sen" not in [u.unit.name for u in batch.missed]
    assert batch.count("not_submitted") == 4 and batch.count("unreadable") == 1
    assert _cells(status, "Đợt 2")["Trường Mầm non Hoa Sen"].state == "not_submitted"  # its own batch only
    assert status.unmatched == []


def test_roster_unit_without_address_is_kept_and_matched_by_name(engine, tmp_path, database_url):
    write_csv_roster(tmp_path / "roster.csv", [*roster_rows(bad=False), NO_ADDRESS])
    settings = load(write_config(tmp_path, database_url))
    submit(engine, BEFORE, "gv.sonkim@gmail.com", "Trường MN Sơn Kim")
    status = campaign_status(engine, settings, settings.campaigns[0], BEFORE)
    assert status.roster_problems == []
    cell = _cells(status, "Đợt 1")["Trường Mầm non Sơn Kim"]
    assert cell.unit.no_address and cell.unit.emails == ()
    assert (cell.state, cell.matched_by) == ("complete", "name")
    assert _cells(status, "Đợt 2")["Trường Mầm non Sơn Kim"].state == "not_submitted"


def test_counts_for_later_batches_makes_batches_alternative_windows(engine, tmp_path, database_url, roster_file):
    settings = load(write_config(tmp_path, database_url, campaigns=campaign_toml(counts_for='"later_batches"')))
    submit(engine, BEFORE, "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du")
    submit(engine, DEADLINE_1 + dt.timedelta(days=3), "c1anphu@example.edu.vn", "Trường Tiểu học Ân Phú")
    status = campaign_status(engine, settings, settings.campaigns[0], DEADLINE_2 + dt.timedelta(days=1))
    first, second = _cells(status, "Đợt 1"), _cells(status, "Đợt 2")
    assert first["Trường THCS Nguyễn Du"].state == "complete" == second["Trường THCS Nguyễn Du"].state
    assert second["Trường THCS Nguyễn Du"].submitted_on == BEFORE and not second["Trường THCS Nguyễn Du"].late
    assert first["Trường Tiểu học Ân Phú"].state == "not_submitted"  # never counts for an earlier batch
    assert second["Trường Tiểu học Ân Phú"].state == "complete"
    plain = load(write_config(tmp_path, database_url))
    default = campaign_status(engine, plain, plain.campaigns[0], DEADLINE_2 + dt.timedelta(days=1))
    assert _cells(default, "Đợt 2")["Trường THCS Nguyễn Du"].state == "not_submitted"  # as before


def test_unmatched_sender_shows_its_score_and_no_suggestion_below_the_threshold(engine, settings):
    submit(engine, BEFORE, "la@gmail.com", "Trường THCS Ng. Du")  # 61 % like Trường THCS Nguyễn Du
    submit(engine, BEFORE, "xa@gmail.com", "Công ty TNHH Hoà Bình")  # like nothing
    status = campaign_status(engine, settings, settings.campaigns[0], BEFORE)
    close, far = sorted(status.unmatched, key=lambda u: u.sender)
    assert close.suggestion == "Trường THCS Nguyễn Du" and 0.6 <= close.confidence < 0.85
    assert far.suggestion is None and far.confidence < 0.6
