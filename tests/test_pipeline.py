"""The whole pipeline on real servers: Dovecot in, records and mail out."""

from __future__ import annotations

import csv
import io
import json
from email.message import EmailMessage

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dienhinh.cli import app
from dienhinh.devservers.samples import _portrait_jpeg, profile_docx, registration_xlsx
from dienhinh.devservers.smtp import SmtpServer
from tests.conftest import mailbox_entry

runner = CliRunner()
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def _mail(subject, body, sender="c2nguyendu@example.edu.vn", message_id=None, attachments=(), **headers) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Trường THCS Nguyễn Du <{sender}>"
    msg["To"] = "vutdkt@moet.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = "Thu, 18 Apr 2024 09:12:00 +0700"
    msg["Message-ID"] = message_id or f"<{abs(hash((subject, body, sender)))}@example.edu.vn>"
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content(body)
    for name, data, (maintype, subtype) in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


PROFILE_BODY = (
    "Kính gửi: Vụ Thi đua - Khen thưởng.\nTrường THCS Nguyễn Du gửi thông tin điển hình tiên tiến.\n\n"
    "Họ và tên: Nguyễn Thị Hoa\nĐơn vị: Trường THCS Nguyễn Du\n"
    "Địa chỉ liên lạc: thị trấn Vũ Quang, huyện Vũ Quang, tỉnh Hà Tĩnh\n"
    "Số điện thoại: 0912.345.678\nEmail: Hoa.NT@Example.edu.vn\n"
    "Tóm tắt thành tích:\n- Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023\n- Chiến sĩ thi đua cơ sở năm 2023\n"
    "Minh chứng: https://drive.google.com/drive/folders/minh-chung-hoa\n\nTrân trọng!\n"
)


@pytest.fixture
def env(tmp_path, dovecot):
    """Two mailboxes (a district and the Ministry), an SMTP server, a config."""
    users = {}
    for name in ("vuquang", "vutdkt"):
        user = f"{name}{tmp_path.name[-6:]}".replace("_", "")
        dovecot.add_user(user, "pw-" + user)
        users[name] = user
    with SmtpServer() as smtp:
        entries = [mailbox_entry(dovecot, users[n], name=n, after="keep") for n in users]
        lines = [f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite"}"\n', f'[storage]\ndir = "{tmp_path / "archive"}"\n']
        for entry in entries:
            lines.append("[[mailboxes]]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in entry.items()))
        lines.append(f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
                     'from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"\n')
        lines.append('[digest]\nreviewers = ["reviewer@moet.gov.vn"]\n')
        config = tmp_path / "dienhinh.toml"
        config.write_text("\n".join(lines))

        class Env:
            def deliver(self, mailbox, *raws):
                dovecot.append(users[mailbox], list(raws))

            def cli(self, *args):
                result = runner.invoke(app, [*args, "--config", str(config)])
                return result

            def poll(self):
                result = self.cli("poll")
                assert result.exit_code in (0, 1), result.output
                return result

            def records(self):
                return [json.loads(line) for line in self.cli("export").stdout.splitlines()]

            def messages(self):
                return [json.loads(line) for line in self.cli("messages", "--json").stdout.splitlines()]

        e = Env()
        e.smtp = smtp
        yield e


def test_body_profile_becomes_a_complete_record_only_missing_the_photo(env):
    env.deliver("vutdkt", _mail("Hồ sơ điển hình tiên tiến", PROFILE_BODY))
    env.poll()
    [record] = env.records()
    assert record["name"] == "Nguyễn Thị Hoa" and record["unit"] == "Trường THCS Nguyễn Du"
    assert record["phone"] == "+84912345678" and record["email"] == "hoa.nt@example.edu.vn"
    assert record["evidence"] == ["https://drive.google.com/drive/folders/minh-chung-hoa"]
    assert record["missing"] == ["photo"] and record["status"] == "incomplete"
    assert record["mailbox"] == "vutdkt" and record["received_at"] == "2024-04-18T09:12:00+07:00"
    [flag] = env.smtp.messages
    assert flag.rcpt_tos == ["c2nguyendu@example.edu.vn"]
    assert "Ảnh chân dung" in flag.message.get_body(("plain",)).get_content()


def test_reply_with_the_photo_completes_the_record_and_is_acknowledged(env):
    original = _mail("Hồ sơ điển hình tiên tiến", PROFILE_BODY, message_id="<goc@example.edu.vn>")
    env.deliver("vutdkt", original)
    env.poll()
    reply = _mail("Re: Hồ sơ điển hình tiên tiến", "Trường gửi bổ sung ảnh chân dung của cô Hoa.",
                  message_id="<traloi@example.edu.vn>", In_Reply_To="<goc@example.edu.vn>",
                  References="<goc@example.edu.vn>",
                  attachments=[("Ảnh chân dung - Nguyễn Thị Hoa.jpg", _portrait_jpeg(), ("image", "jpeg"))])
    env.deliver("vutdkt", reply)
    env.poll()
    [record] = env.records()
    assert record["status"] == "complete" and record["photos"] == 1 and record["missing"] == []
    assert record["message_ids"] == ["<goc@example.edu.vn>", "<traloi@example.edu.vn>"]
    kinds = [m.message["Subject"] for m in env.smtp.messages]
    assert len(kinds) == 2  # one flag for the original, one acknowledgement for the completing reply
    ack = env.smtp.messages[1].message
    assert ack["In-Reply-To"] == "<traloi@example.edu.vn>" and ack["Auto-Submitted"] == "auto-replied"


def test_an_iphone_heic_portrait_counts_as_the_photo(env):
    import io

    from PIL import Image

    import parsers.images  # noqa: F401 - registers the HEIC opener used to write the fixture

    buffer = io.BytesIO()
    Image.open(io.BytesIO(_portrait_jpeg())).save(buffer, "HEIF", quality=85)
    env.deliver("vutdkt", _mail("Hồ sơ điển hình tiên tiến", PROFILE_BODY,
                                attachments=[("IMG_2031.HEIC", buffer.getvalue(), ("application", "octet-stream"))]))
    env.poll()
    [record] = env.records()
    assert record["photos"] == 1 and record["missing"] == [] and record["status"] == "complete"
    [message] = env.messages()
    detail = json.loads(env.cli("show", str(message["id"]), "--json").stdout)
    [photo] = [a for a in detail["attachments"] if a["filename"] == "IMG_2031.HEIC"]
    assert photo["status"] == "parsed"  # decoded and seen to be a photo, not counted as an unread picture
    assert [i["kind"] for i in photo["summary"]["images"]] == ["photo"]
    [ack] = env.smtp.messages  # acknowledged, not asked for a photo
    assert ack.message["Auto-Submitted"] == "auto-replied"


def test_a_winrar_dossier_is_opened_like_a_zip(env):
    from tests.rarfactory import rar5

    profile = profile_docx("Nguyễn Thị Hoa", "Trường THCS Nguyễn Du", "0912 345 678", "hoa.nt@example.edu.vn",
                           ["Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023"], with_photo=True)
    dossier = rar5([("Hồ sơ điển hình/Hồ sơ Nguyễn Thị Hoa.docx", profile)])
    env.deliver("vutdkt", _mail("Hồ sơ điển hình tiên tiến", "Kính gửi Vụ TĐKT, trường gửi hồ sơ (tệp nén).",
                                attachments=[("Ho so.rar", dossier, ("application", "x-rar-compressed"))]))
    env.poll()
    [record] = env.records()
    assert record["name"] == "Nguyễn Thị Hoa" and record["phone"] == "+84912345678" and record["photos"] == 1
    [message] = env.messages()
    detail = json.loads(env.cli("show", str(message["id"]), "--json").stdout)
    statuses = {a["filename"]: a["status"] for a in detail["attachments"]}
    assert statuses["Ho so.rar/Hồ sơ điển hình/Hồ sơ Nguyễn Thị Hoa.docx"] == "parsed", statuses


def test_each_kind_of_duplicate(env):
    dossier = [("Hồ sơ Nguyễn Thị Hoa.docx",
                profile_docx("Nguyễn Thị Hoa", "Trường THCS Nguyễn Du", "0912 345 678", "hoa.nt@example.edu.vn",
                             ["Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023"], with_photo=True), DOCX_TYPE),
               ("Giấy khen 2023.pdf", b"%PDF-1.4\n%%EOF\n", ("application", "pdf"))]
    first = _mail("Hồ sơ điển hình tiên tiến", "Kính gửi Phòng GD&ĐT, trường gửi hồ sơ.", message_id="<a@x>",
                  attachments=dossier)
    env.deliver("vuquang", first)
    env.deliver("vuquang", first)  # the same message delivered again
    env.deliver("vuquang", _mail("Gửi lại: Hồ sơ điển hình tiên tiến", "Kính gửi Phòng GD&ĐT, trường gửi lại hồ sơ.",
                                 message_id="<b@x>", attachments=dossier))  # re-sent with a new Message-ID
    env.deliver("vutdkt", _mail("Hồ sơ điển hình tiên tiến", "Kính gửi Vụ TĐKT, trường gửi hồ sơ.",
                                message_id="<c@x>", attachments=dossier))  # also sent to the Ministry
    env.poll()
    statuses = [m["status"] for m in env.messages()]
    assert statuses.count("duplicate") == 3, env.messages()
    [record] = env.records()
    assert record["mailbox"] == "vuquang"
    assert set(record["message_ids"]) == {"<a@x>", "<b@x>", "<c@x>"}
    assert len(env.smtp.messages) == 1  # only the first submission is answered


def test_registration_list_rows_become_records_and_a_missing_field_is_flagged(env):
    xlsx = registration_xlsx("Phòng GD&ĐT Vũ Quang", [
        ("Trường Mầm non Vũ Quang", "Thư viện thân thiện", "Giáo dục mầm non"),
        ("Trường THCS Đức Lĩnh", "Câu lạc bộ STEM", ""),
    ])
    env.deliver("vuquang", _mail("Danh sách đăng ký mô hình, điển hình tiên tiến", "Phòng gửi danh sách kèm theo.",
                                 attachments=[("Danh sách đăng ký.xlsx", xlsx, ("application", "octet-stream"))]))
    env.poll()
    records = env.records()
    assert [(r["form"], r["unit"], r["model_title"], r["field"]) for r in records] == [
        ("registration", "Trường Mầm non Vũ Quang", "Thư viện thân thiện", "Giáo dục mầm non"),
        ("registration", "Trường THCS Đức Lĩnh", "Câu lạc bộ STEM", None),
    ]
    assert [r["missing"] for r in records] == [[], ["field"]]
    assert len(env.smtp.messages) == 1  # one flag for the submission, not one per row


def test_non_submissions_are_ignored_without_records_or_replies(env):
    env.deliver(
        "vutdkt",
        _mail("Trả lời tự động: Vắng mặt", "Tôi đi công tác. Liên hệ 0912 000 111.", Auto_Submitted="auto-replied"),
        _mail("Bản tin tuần", "Tin giáo dục", sender="bantin@moet.edu.vn", List_Id="<bantin.moet.edu.vn>", Precedence="bulk"),
        _mail("Cảnh báo bảo mật", "Đăng nhập mới", sender="no-reply@accounts.google.com"),
        _mail("Cảm ơn", "Cảm ơn Vụ đã hướng dẫn."),
    )
    env.poll()
    assert [m["status"] for m in env.messages()] == ["ignored"] * 4
    assert env.records() == [] and env.smtp.messages == []


def test_other_business_with_a_broken_attachment_is_ignored_not_failed(env):
    """Only nominations are answered: a meeting invitation or a personal mail makes no record, reply or failure."""
    broken_docx = ("Giay moi.docx", b"PK\x03\x04 not really a docx", DOCX_TYPE)
    env.deliver(
        "vutdkt",
        _mail("Giấy mời họp giao ban tháng 5", "Kính mời đồng chí dự họp giao ban lúc 8h ngày 12/5.",
              attachments=[broken_docx]),
        _mail("Your account statement", "Dear customer, call +84 28 3823 4567 or visit 5 Nguyen Hue, District 1.",
              sender="statements@bank.example.com"),
    )
    env.poll()
    messages = env.messages()
    assert [m["status"] for m in messages] == ["ignored", "ignored"], messages
    assert all("not a submission" in m["reason"] or "not about nominations" in m["reason"] for m in messages)
    assert env.records() == [] and env.smtp.messages == []


def test_a_gap_with_a_trace_goes_to_review_and_is_never_flagged(env):
    """The phone is in prose, not under a label the readers settle: a reviewer decides, the school is not told."""
    body = PROFILE_BODY.replace("Số điện thoại: 0912.345.678\n", "").replace(
        "Trân trọng!", "Nếu cần trao đổi thêm, Vụ có thể gọi số 0912.345.678 (cô Hoa) trong giờ hành chính.\nTrân trọng!")
    photo = ("Ảnh chân dung.jpg", _portrait_jpeg(), ("image", "jpeg"))
    env.deliver("vutdkt", _mail("Hồ sơ điển hình tiên tiến", body, attachments=[photo]))
    env.poll()
    [record] = env.records()
    assert "phone" not in record["missing"]
    assert record["phone"] == "+84912345678" or "phone" in record["review"]
    outbox = json.loads(env.cli("outbox", "--json").stdout)
    assert [row["kind"] for row in outbox] == ["ack"]  # acknowledged, never flagged
    [ack] = env.smtp.messages
    assert "kiểm tra lại" in ack.message.get_body(("plain",)).get_content()  # no claim that it is complete


def test_a_cover_letter_alone_fails_with_a_reason(env):
    from docx import Document

    letter = Document()
    letter.add_paragraph("TỜ TRÌNH về việc đề nghị công nhận điển hình tiên tiến")
    letter.add_paragraph("Trường THCS Nguyễn Du kính trình hồ sơ kèm theo.")
    buffer = io.BytesIO()
    letter.save(buffer)
    env.deliver("vutdkt", _mail("Hồ sơ điển hình", "Kính gửi Vụ.", attachments=[("To trinh.docx", buffer.getvalue(), DOCX_TYPE)]))
    result = env.poll()
    assert result.exit_code == 1
    [message] = env.messages()
    assert message["status"] == "failed" and "no nominee information" in message["reason"]
    assert env.records() == [] and env.smtp.messages == []


def test_a_nominee_whose_unit_cannot_be_read_fails_for_a_person_not_ignored(env):
    body = ("Nhà trường gửi hồ sơ điển hình tiên tiến của Trần Viết Đức Hưng.\n"
            "Họ và tên: Trần Viết Đức Hưng\nTóm tắt thành tích: Chiến sĩ thi đua cơ sở năm 2023")
    env.deliver("vutdkt", _mail("hs dhtt tran viet duc hung", body, sender="gv.hung@gmail.com"))
    env.poll()
    [message] = env.messages()
    assert message["status"] == "failed" and "no unit could be read (Trần Viết Đức Hưng)" in message["reason"]
    assert env.records() == [] and env.smtp.messages == []


def test_second_poll_sends_nothing_more_and_export_formats(env, tmp_path):
    env.deliver("vutdkt", _mail("Hồ sơ điển hình tiên tiến", PROFILE_BODY))
    env.poll()
    env.poll()
    assert len(env.smtp.messages) == 1
    outbox = json.loads(env.cli("outbox", "--json").stdout)
    assert [(r["kind"], r["state"]) for r in outbox] == [("flag", "sent")]

    csv_path, xlsx_path = tmp_path / "r.csv", tmp_path / "r.xlsx"
    assert env.cli("export", "--format", "csv", "--out", str(csv_path)).exit_code == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert rows[0][4] == "Họ và tên / Tên tập thể" and rows[1][4] == "Nguyễn Thị Hoa"
    assert env.cli("export", "--format", "xlsx", "--out", str(xlsx_path)).exit_code == 0
    sheet = load_workbook(xlsx_path).active
    assert sheet["A1"].value == "DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN"
    assert sheet.cell(row=5, column=6).value == "Nguyễn Thị Hoa"
    assert env.cli("export", "--status", "complete").stdout == ""
    assert env.cli("export", "--format", "pdf").exit_code == 2
