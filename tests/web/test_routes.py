"""The workbench's routes through Starlette's TestClient, over records a real poll made."""

from __future__ import annotations

import time

from sqlmodel import select

from domain import Role
from store import OutgoingMail, session
from tests.mailfactory import submission
from tests.web.conftest import PASSWORD, csrf_of

BODY = ("Kính gửi: Phòng Giáo dục và Đào tạo\n\nHọ và tên: Lê Văn An\nĐơn vị: Trường Tiểu học Ân Phú\n"
        "Điện thoại: 0912 345 678\nThư điện tử: an.lv@example.edu.vn\n"
        "Địa chỉ: xã Ân Phú, huyện Vũ Quang, tỉnh Hà Tĩnh\n"
        "Tóm tắt thành tích: Giáo viên dạy giỏi cấp huyện năm học 2023-2024\n")


def _one_record(bench, mailbox="vuquang", **mail):
    bench.deliver(mailbox, submission(body=mail.pop("body", BODY), sender=mail.pop("sender", "c1anphu@example.edu.vn"),
                                      **mail))
    bench.poll()
    return bench.records()[-1]


def _supplement_mails(bench) -> list[OutgoingMail]:
    with session(bench.service.engine) as db:
        return list(db.exec(select(OutgoingMail).where(OutgoingMail.dedupe_key.like("supplement:%"))).all())


def test_correct_accept_reparse_keeps_the_reviewers_work(bench):
    record = _one_record(bench)
    assert record["review_state"] == "new" and record["corrected"] == []
    bench.account("lan")
    client = bench.signed_in("lan")
    queue = client.get("/")
    assert queue.status_code == 200 and "Lê Văn An" in queue.text and "Chưa thẩm định" in queue.text
    page = client.get(f"/records/{record['id']}")
    summary = "Chiến sĩ thi đua cơ sở hai năm liền; sáng kiến cấp tỉnh"
    saved = client.post(f"/records/{record['id']}/correct", data={
        "csrf": csrf_of(page.text), "phone": "0987 654 321", "achievement_summary": summary,
        "name": record["name"], "kind": record["kind"]}, follow_redirects=True)
    assert "Đã lưu 2 trường." in saved.text
    accepted = client.post(f"/records/{record['id']}/decide", data={"csrf": csrf_of(saved.text), "decision": "accept"},
                           follow_redirects=True)
    assert "Đã thẩm định" in accepted.text

    message_id = 1
    assert bench.cli("reparse", str(message_id)).exit_code == 0
    again = client.get(f"/records/{record['id']}")
    assert again.status_code == 200
    assert 'value="+84987654321"' in again.text and summary in again.text and "Đã thẩm định" in again.text
    assert "lan" in again.text and "0912345678" in again.text.replace("+84", "0")  # the audit log: before and after
    exported = bench.records()
    assert len(exported) == 1
    assert exported[0]["id"] == record["id"]
    assert exported[0]["phone"] == "+84987654321" and exported[0]["achievement_summary"] == summary
    assert exported[0]["corrected"] == ["achievement_summary", "phone"]
    assert exported[0]["review_state"] == "accepted"
    csv_text = client.get("/export.csv").content.decode("utf-8-sig")
    assert "+84987654321" in csv_text and "Đã thẩm định" in csv_text


def test_a_correction_that_clears_a_required_item_makes_the_record_incomplete(bench):
    record = _one_record(bench)
    bench.account("lan")
    client = bench.signed_in("lan")
    page = client.get(f"/records/{record['id']}")
    client.post(f"/records/{record['id']}/correct", data={"csrf": csrf_of(page.text), "email": ""})
    after = bench.records()[0]
    assert "email" in after["missing"] and after["status"] == "incomplete" and after["corrected"] == ["email"]


def test_another_mailbox_answers_404_by_typed_url(bench):
    photo = ("anh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 200, "image/jpeg")
    other = _one_record(bench, mailbox="vutdkt", attachments=[photo])
    bench.account("lan", mailboxes=("vuquang",))
    bench.account("admin", role=Role.ADMIN, mailboxes=())
    client = bench.signed_in("lan")
    from store import Attachment

    with session(bench.service.engine) as db:
        attachment_id = db.exec(select(Attachment.id)).first()
    assert client.get(f"/records/{other['id']}").status_code == 404
    assert client.get(f"/files/{attachment_id}").status_code == 404
    assert client.get(f"/files/{attachment_id}/view").status_code == 404
    assert client.get("/export.csv?mailbox=vutdkt").status_code == 404
    assert client.get("/?mailbox=vutdkt").status_code == 404
    assert other["name"] not in client.get("/export.csv").content.decode("utf-8-sig")
    assert client.post("/messages/1/rerun", data={"csrf": csrf_of(client.get("/").text)}).status_code == 404
    admin = bench.signed_in("admin")
    assert admin.get(f"/records/{other['id']}").status_code == 200
    download = admin.get(f"/files/{attachment_id}")
    assert download.status_code == 200
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["content-type"] == "application/octet-stream"


def test_a_post_without_the_csrf_token_is_refused(bench):
    record = _one_record(bench)
    bench.account("lan")
    client = bench.signed_in("lan")
    refused = client.post(f"/records/{record['id']}/correct", data={"phone": "0987 654 321"})
    assert refused.status_code == 403
    forged = client.post(f"/records/{record['id']}/decide", data={"decision": "accept", "csrf": "forged"})
    assert forged.status_code == 403
    after = bench.records()[0]
    assert after["phone"] == record["phone"] and after["review_state"] == "new"
    assert client.post("/login", data={"name": "lan", "password": PASSWORD}).status_code == 403


def test_script_and_img_onerror_in_a_mail_are_shown_as_text(bench):
    body = BODY + "Ghi chú: <img src=x onerror=alert(1)> <script>alert('x')</script>\n"
    record = _one_record(bench, subject="Hồ sơ <script>alert(1)</script>", body=body)
    bench.account("lan")
    page = bench.signed_in("lan").get(f"/records/{record['id']}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "<script>" not in page.text and "<img src=x" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_five_wrong_passwords_slow_the_next_attempt(bench):
    bench.account("lan")
    client = bench.client()
    csrf = csrf_of(client.get("/login").text)
    for _ in range(5):
        wrong = client.post("/login", data={"name": "lan", "password": "sai mật khẩu", "csrf": csrf})
        assert wrong.status_code == 401 and "không đúng" in wrong.text
    held = client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
    assert held.status_code == 429 and "Vui lòng chờ" in held.text
    other = bench.client()  # the delay is per account and address: another account is not held
    bench.account("mai")
    assert other.post("/login", data={"name": "mai", "password": PASSWORD, "csrf": csrf_of(other.get("/login").text)},
                      follow_redirects=False).status_code == 303
    time.sleep(bench.login_delay + 0.2)
    allowed = client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
    assert allowed.status_code == 303


def test_a_supplement_request_is_one_flag_and_none_for_an_automatic_sender(bench):
    record = _one_record(bench)
    bench.account("lan")
    client = bench.signed_in("lan")
    page = client.get(f"/records/{record['id']}")
    note = "Đề nghị gửi thêm bản scan Bằng khen của UBND tỉnh năm 2023."
    for _ in range(2):  # a double click
        done = client.post(f"/records/{record['id']}/supplement", data={"csrf": csrf_of(page.text), "note": note},
                           follow_redirects=True)
    mails = _supplement_mails(bench)
    assert len(mails) == 1
    assert mails[0].kind == "flag" and mails[0].recipient == "c1anphu@example.edu.vn" and note in mails[0].body_text
    assert mails[0].subject.startswith("Re: ")
    assert "Đã yêu cầu bổ sung" in done.text and "Yêu cầu bổ sung" in done.text

    robot = _one_record(bench, body=BODY.replace("Lê Văn An", "Trần Thị Bình"), sender="c1binh@example.edu.vn",
                        extra_headers={"Reply-To": "no-reply@example.edu.vn"})
    page = client.get(f"/records/{robot['id']}")
    refused = client.post(f"/records/{robot['id']}/supplement", data={"csrf": csrf_of(page.text), "note": note},
                          follow_redirects=True)
    assert "Không gửi" in refused.text
    assert len(_supplement_mails(bench)) == 1


def test_signed_out_pages_redirect_to_the_sign_in_page(bench):
    client = bench.client()
    response = client.get("/records/1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    cookie = client.get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_the_record_page_shows_the_text_each_document_gave_with_the_values_marked(bench):
    from dienhinh.devservers.samples import profile_docx

    docx = profile_docx("Trịnh Thị Mai", "Trường THCS Ân Phú", "0987 654 321", "mai.tt@example.edu.vn",
                        ["Chiến sĩ thi đua cơ sở năm học 2023-2024"], with_photo=False)
    record = _one_record(bench, body="Kính gửi Phòng GD&ĐT, trường gửi hồ sơ điển hình tiên tiến kèm theo.",
                         attachments=[("Ho so Trinh Thi Mai.docx", docx, "application/octet-stream")])
    bench.account("lan", mailboxes=("vuquang",))
    page = bench.signed_in("lan").get(f"/records/{record['id']}").text
    assert "Nội dung tệp Ho so Trinh Thi Mai.docx" in page
    assert "Chiến sĩ thi đua cơ sở năm học 2023-2024" in page
    marked = page.split("Nội dung tệp Ho so Trinh Thi Mai.docx", 1)[1]
    assert "<mark" in marked and "0987 654 321" in marked
