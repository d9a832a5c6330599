"""Only nominations are answered: what makes a mail a nomination submission."""

from __future__ import annotations

from extract import Draft, extract_drafts, not_a_nomination, split_body
from tests.extract.helpers import blob, docfile, mail


def _verdict(sub):
    return not_a_nomination(sub, split_body(sub.body), extract_drafts(sub))


def test_a_dossier_announced_in_the_subject_is_a_submission_even_without_data():
    sub = mail("Kính gửi Vụ Thi đua - Khen thưởng.\nTrân trọng!", [docfile("To trinh.docx", "Tờ trình")],
               subject="Hồ sơ điển hình tiên tiến - Trường Tiểu học Yên Hồ")
    assert _verdict(sub) is None  # the pipeline then fails it: the school meant to submit something


def test_other_business_of_the_mailbox_is_not_a_submission():
    for subject, body in (
        ("Kế hoạch tổ chức Hội nghị biểu dương điển hình tiên tiến năm 2025",
         "Em xin gửi văn bản kế hoạch tổ chức hội nghị ạ."),
        ("V/v tổ chức kỳ thi tuyển sinh lớp 10", "Thực hiện công văn về việc báo cáo điển hình tiên tiến, "
                                                   "huyện gửi văn bản về kỳ thi tuyển sinh."),
        ("Gửi ảnh", "Anh ơi em gửi ảnh hôm liên hoan nhé."),
    ):
        sub = mail(body, [blob("van ban.docx")], subject=subject)
        assert _verdict(sub), subject


def test_english_mail_with_a_phone_and_an_address_is_not_a_nomination():
    body = ("Dear customer, your account statement is ready.\nCall us: +84 28 3823 4567\n"
            "Address: 5 Nguyen Hue, District 1, Ho Chi Minh City\nName: John Smith\nRegards, the bank")
    assert _verdict(mail(body, subject="Your monthly statement")) is not None


def test_nominee_data_under_the_forms_labels_is_a_submission_without_any_wording():
    form = ("Họ và tên: Lò Văn Páo\nĐơn vị: Trường PTDTBT THCS Mường Lống\nĐiện thoại: 0978 112 334\n"
            "Tóm tắt thành tích: Chiến sĩ thi đua cơ sở năm học 2023-2024")
    assert _verdict(mail("", [docfile("tai lieu.docx", form)], subject="gui anh chi")) is None


def test_a_registration_row_is_nominee_data():
    from extract.relevance import carries_nominee_data

    assert carries_nominee_data([Draft(form="registration", unit="Trường MN Hoa Sen", model_title="Góc đọc sách")])
    assert not carries_nominee_data([Draft(form="profile", name="Nguyễn Văn A", phone="+84912345678")])
