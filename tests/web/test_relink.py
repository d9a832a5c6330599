"""Merge two records of one nominee, split a wrongly merged one: records, reparse, routes."""

from __future__ import annotations

from sqlmodel import select

from domain import Role
from notifier import queue_mail, withdraw_unsent
from records import RelinkError, Requirements, merge_records, rebuild, set_override
from store import AuditEntry, LinkDecision, Message, Nomination, OutgoingMail, session
from tests.mailfactory import submission
from tests.web.conftest import csrf_of

BODY = ("Họ và tên: Lê Văn An\nĐơn vị: Trường Tiểu học Ân Phú\nĐiện thoại: 0912 345 678\n"
        "Thư điện tử: an.lv@example.edu.vn\nĐịa chỉ: xã Ân Phú, huyện Vũ Quang, tỉnh Hà Tĩnh\n"
        "Tóm tắt thành tích: Giáo viên dạy giỏi cấp huyện năm học 2023-2024\n")
# the same teacher, the school's name abbreviated: the matcher keeps the two apart
ABBREVIATED = ("Họ và tên: Lê Văn An\nĐơn vị: Trường TH Ân Phú\nĐiện thoại: 0911 222 333\n"
               "Tóm tắt thành tích: Chiến sĩ thi đua cơ sở\n")
NO_EMAIL = BODY.replace("Thư điện tử: an.lv@example.edu.vn\n", "")


def _deliver(bench, *bodies, mailbox="vuquang"):
    for number, body in enumerate(bodies, 1):
        bench.deliver(mailbox, submission(body=body, sender="c1anphu@example.edu.vn",
                                          message_id=f"<m{number}-{mailbox}@example.edu.vn>"))
    bench.poll()
    return bench.records()


def _by_message(records) -> dict[tuple, dict]:
    return {tuple(sorted(r["message_ids"])): r for r in records}


def _two_records(bench):
    records = _deliver(bench, BODY, ABBREVIATED)
    assert len(records) == 2, "the abbreviated unit must make a second record"
    return records[0]["id"], records[1]["id"]


def test_merge_moves_sources_keeps_overrides_withdraws_mail_and_survives_reparse(bench):
    keep, gone = _two_records(bench)
    requirements = Requirements(bench.service.settings)
    with session(bench.service.engine) as db:
        set_override(db, db.get(Nomination, keep), "phone", "0987 654 321", "lan")
        set_override(db, db.get(Nomination, gone), "phone", "0900 000 000", "lan")
        set_override(db, db.get(Nomination, gone), "field", "Giáo dục tiểu học", "lan")
        rebuild(db, keep, requirements)
        rebuild(db, gone, requirements)
        queue_mail(db, kind="flag", dedupe_key=f"test:{gone}", recipient="c1anphu@example.edu.vn",
                   subject="Re: hồ sơ", body_text="x", nomination_id=gone, domain="moet.gov.vn")
        db.commit()
    with session(bench.service.engine) as db:
        merge_records(db, keep, gone, "lan", requirements,
                      on_removed=lambda db_, nid: withdraw_unsent(db_, nomination_id=nid))
        db.commit()

    def check():
        [record] = bench.records()
        assert record["id"] == keep
        assert sorted(record["message_ids"]) == ["<m1-vuquang@example.edu.vn>", "<m2-vuquang@example.edu.vn>"]
        assert record["phone"] == "+84987654321"  # the record that stays wins
        assert record["field"] == "Giáo dục tiểu học"  # the other's override where this one had none
        assert record["unit"] == "Trường Tiểu học Ân Phú"
        assert record["corrected"] == ["field", "phone"]

    check()
    with session(bench.service.engine) as db:
        assert db.exec(select(OutgoingMail).where(OutgoingMail.dedupe_key == f"test:{gone}")).first() is None
        actions = {(e.nomination_id, e.action) for e in db.exec(select(AuditEntry)).all()}
        assert {(keep, "merge"), (gone, "merge")} <= actions
        assert db.get(Nomination, gone) is None
    assert bench.cli("reparse", "--all").exit_code == 0
    check()  # without the decision, message 2 would make its own record again


def test_merge_refuses_itself(bench):
    keep, _ = _two_records(bench)
    with session(bench.service.engine) as db:
        try:
            merge_records(db, keep, keep, "lan", Requirements(bench.service.settings))
        except RelinkError as exc:
            assert "chính nó" in str(exc)
        else:
            raise AssertionError("a record merged with itself")


def test_split_makes_a_new_record_and_survives_reparse(bench):
    [joined] = _deliver(bench, NO_EMAIL, BODY)  # the second mail completes the first record
    assert len(joined["message_ids"]) == 2
    bench.account("lan")
    client = bench.signed_in("lan")
    page = client.get(f"/records/{joined['id']}")
    assert "Tách thư này thành hồ sơ riêng" in page.text
    with session(bench.service.engine) as db:
        second = db.exec(select(Nomination)).first()
        message = db.exec(select(Message).where(Message.message_id == "<m2-vuquang@example.edu.vn>")).one()
    done = client.post(f"/records/{joined['id']}/split", data={"csrf": csrf_of(page.text), "message": message.id})
    assert done.status_code == 200 and "thành hồ sơ mới này" in done.text
    new_id = int(str(done.url).rsplit("/", 1)[-1].split("?")[0])
    assert new_id != second.id

    def check():
        records = _by_message(bench.records())
        assert set(records) == {("<m1-vuquang@example.edu.vn>",), ("<m2-vuquang@example.edu.vn>",)}
        assert records[("<m1-vuquang@example.edu.vn>",)]["id"] == joined["id"]
        assert records[("<m1-vuquang@example.edu.vn>",)]["email"] is None
        assert records[("<m2-vuquang@example.edu.vn>",)]["id"] == new_id

    check()
    assert "tách sang hồ sơ #" in client.get(f"/records/{joined['id']}").text  # the history
    assert bench.cli("reparse", "--all").exit_code == 0
    check()  # without the decision, the second mail would join the first record again
    with session(bench.service.engine) as db:
        assert {d.nomination_id for d in db.exec(select(LinkDecision)).all()} == {joined["id"], new_id}


def test_merge_route_csrf_and_another_mailbox(bench):
    keep, gone = _two_records(bench)
    elsewhere = BODY.replace("Lê Văn An", "Trần Thị Bình")
    [other] = [r for r in _deliver(bench, elsewhere, mailbox="vutdkt") if r["mailbox"] == "vutdkt"]
    bench.account("lan", mailboxes=("vuquang",))
    client = bench.signed_in("lan")
    page = client.get(f"/records/{keep}")
    assert "Gộp vào hồ sơ này" in page.text
    token = csrf_of(page.text)
    refused = client.post(f"/records/{keep}/merge", data={"other": str(gone)})
    assert refused.status_code == 403 and len(bench.records()) == 3
    assert client.post(f"/records/{keep}/merge", data={"csrf": token, "other": str(other["id"])}).status_code == 404
    assert client.post(f"/records/{other['id']}/merge", data={"csrf": token, "other": str(gone)}).status_code == 404
    assert client.post(f"/records/{other['id']}/split", data={"csrf": token, "message": "1"}).status_code == 404
    assert len(bench.records()) == 3
    merged = client.post(f"/records/{keep}/merge", data={"csrf": token, "other": f"#{gone}"})
    assert merged.status_code == 200 and f"Đã gộp hồ sơ #{gone} vào hồ sơ này." in merged.text
    assert "Gộp hồ sơ" in merged.text  # the history names the action
    assert client.get(f"/records/{gone}").status_code == 404
    assert len(bench.records()) == 2

    bench.account("admin", role=Role.ADMIN, mailboxes=())
    admin = bench.signed_in("admin")
    page = admin.get(f"/records/{keep}")
    across = admin.post(f"/records/{keep}/merge", data={"csrf": csrf_of(page.text), "other": str(other["id"])})
    assert across.status_code == 200 and len(bench.records()) == 1


def test_split_of_a_single_source_record_is_refused_in_vietnamese(bench):
    keep, _ = _two_records(bench)
    bench.account("lan")
    client = bench.signed_in("lan")
    page = client.get(f"/records/{keep}")
    assert "Tách thư này thành hồ sơ riêng" not in page.text  # one source: no button
    refused = client.post(f"/records/{keep}/split", data={"csrf": csrf_of(page.text), "message": "1"})
    assert refused.status_code == 200 and "không có gì để tách" in refused.text
