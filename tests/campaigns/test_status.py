"""A campaign's status from rows in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from campaigns.aliases import set_alias
from campaigns.status import campaign_roster, campaign_status
from store.db import session
from store.models import NominationMessage
from tests.campaigns.conftest import DEADLINE_1, DEADLINE_2, at, campaign_toml, load, submit, write_config
from tests.notifier.conftest import add_message

BEFORE = DEADLINE_1 - dt.timedelta(days=5)
AFTER = DEADLINE_1 + dt.timedelta(days=2)


def _cells(status, batch: str) -> dict[str, object]:
    return {cell.unit.name: cell for cell in status.batch(batch).units}


def test_submissions_before_and_after_a_deadline(engine, settings):
    campaign = settings.campaigns[0]
    submit(engine, BEFORE, "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du", records=2)
    submit(engine, BEFORE, "c1anphu@example.edu.vn", "Trường Tiểu học Ân Phú", missing=["photo"])
    submit(engine, AFTER, "mnhoasen@example.edu.vn", "Trường Mầm non Hoa Sen")  # counts for Đợt 2
    submit(engine, DEADLINE_2 + dt.timedelta(days=3), "c2huongminh@example.edu.vn", "Trường THCS Hương Minh")
    submit(engine, BEFORE, "c1nguyendu@example.edu.vn", "Trường TH Nguyễn Du", mailbox="other")  # not ours
    submit(engine, dt.date(2024, 2, 1), "c1nguyendu@example.edu.vn", "Trường TH Nguyễn Du")  # before the period

    status = campaign_status(engine, settings, campaign, DEADLINE_2 + dt.timedelta(days=5))
    first, second = _cells(status, "Đợt 1"), _cells(status, "Đợt 2")
    assert first["Trường THCS Nguyễn Du"].state == "complete" and first["Trường THCS Nguyễn Du"].records == 2
    assert first["Trường Tiểu học Ân Phú"].state == "incomplete" and first["Trường Tiểu học Ân Phú"].missing == ["photo"]
    assert first["Trường Mầm non Hoa Sen"].state == "not_submitted"
    assert second["Trường Mầm non Hoa Sen"].submitted_on == AFTER and not second["Trường Mầm non Hoa Sen"].late
    assert second["Trường THCS Hương Minh"].late  # after the last deadline: late for the last batch
    assert first["Trường TH Nguyễn Du"].state == "not_submitted" == second["Trường TH Nguyễn Du"].state
    batch_1 = status.batch("Đợt 1")
    assert (batch_1.submitted, batch_1.count("complete"), batch_1.count("incomplete"),
            batch_1.count("not_submitted")) == (2, 1, 1, 3)
    assert batch_1.passed and [u.unit.name for u in batch_1.missed] == [
        "Trường Mầm non Hoa Sen", "Trường THCS Hương Minh", "Trường TH Nguyễn Du"]
    assert [u.unit.name for u in status.batch("Đợt 2").missed] == [
        "Trường THCS Nguyễn Du", "Trường Tiểu học Ân Phú", "Trường THCS Hương Minh", "Trường TH Nguyễn Du"]

    earlier = campaign_status(engine, settings, campaign, BEFORE)  # as of an earlier day: later mail left out
    assert earlier.batch("Đợt 1").days_left == 5 and not earlier.batch("Đợt 1").passed
    assert earlier.batch("Đợt 2").submitted == 0


def test_duplicate_and_completing_reply_count_once_on_the_first_date(engine, settings):
    [nomination] = submit(engine, BEFORE, "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du")
    with session(engine) as db:  # the photo arrives after the deadline, merged into the same record
        reply = add_message(db, sender="c2nguyendu@example.edu.vn", sent_at=at(AFTER))
        db.add(NominationMessage(nomination_id=nomination, message_id=reply.id, draft_index=0))
        db.commit()
    submit(engine, BEFORE, "c2huongminh@example.edu.vn", "Trường THCS Hương Minh", status="duplicate")
    status = campaign_status(engine, settings, settings.campaigns[0], AFTER)
    first, second = _cells(status, "Đợt 1"), _cells(status, "Đợt 2")
    assert first["Trường THCS Nguyễn Du"].records == 1 and second["Trường THCS Nguyễn Du"].records == 0
    assert first["Trường THCS Hương Minh"].state == "complete"


def test_unit_from_an_unknown_address_matched_by_name_or_left_for_an_alias(engine, settings):
    campaign = settings.campaigns[0]
    submit(engine, BEFORE, "co.hoa.gv@gmail.com", "TRƯỜNG TIỂU HỌC ÂN PHÚ")
    submit(engine, BEFORE, "vanthu.xyz@gmail.com", "Trường THCS Ng. Du", records=2)
    status = campaign_status(engine, settings, campaign, BEFORE)
    an_phu = _cells(status, "Đợt 1")["Trường Tiểu học Ân Phú"]
    assert (an_phu.state, an_phu.matched_by, an_phu.confidence) == ("complete", "name", 1.0)
    [unmatched] = status.unmatched
    assert (unmatched.written, unmatched.sender, unmatched.records) == (
        "Trường THCS Ng. Du", "vanthu.xyz@gmail.com", 2)
    assert _cells(status, "Đợt 1")["Trường THCS Nguyễn Du"].state == "not_submitted"

    set_alias(engine, campaign.name, campaign_roster(settings, campaign), "THCS Ng. Du", "trường thcs nguyễn du")
    resolved = campaign_status(engine, settings, campaign, BEFORE)
    assert resolved.unmatched == []
    cell = _cells(resolved, "Đợt 1")["Trường THCS Nguyễn Du"]
    assert (cell.state, cell.records, cell.matched_by) == ("complete", 2, "alias")


def test_campaign_required_items_override_the_records_own(engine, tmp_path, database_url, roster_file):
    settings = load(write_config(tmp_path, database_url, campaigns=campaign_toml(required='["name", "phone"]')))
    submit(engine, BEFORE, "c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du", missing=["photo"])
    cell = _cells(campaign_status(engine, settings, settings.campaigns[0], BEFORE), "Đợt 1")["Trường THCS Nguyễn Du"]
    assert cell.missing == ["phone"] and cell.state == "incomplete"  # photo not asked for; no phone on the row
