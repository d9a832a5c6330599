"""Only what is proven absent is flagged: traces found by what things are, and the review list."""

from __future__ import annotations

import pytest

from extract import FileInfo, extract_drafts
from extract.body import split_body
from extract.traces import find_traces, readable_emails
from tests.extract.helpers import docfile, image, mail, picture

FULL = ("Họ và tên: Đinh Thị Lan\nĐơn vị: Trường Tiểu học Sơn Kim\n"
        "Tóm tắt thành tích: Chiến sĩ thi đua cơ sở năm học 2022-2023\n")
SIGNATURE = "\nTrân trọng!\n--\nVăn thư Trường Tiểu học Sơn Kim\nĐT: 0912 000 111\nvanthu.sonkim@example.edu.vn"


def _one(sub):
    drafts = extract_drafts(sub)
    assert len(drafts) == 1
    return drafts[0]


@pytest.mark.parametrize("written, address", [
    ("lan.dt [at] sonkim.edu.vn", "lan.dt@sonkim.edu.vn"),
    ("lan.dt(at)sonkim.edu.vn", "lan.dt@sonkim.edu.vn"),
    ("lan.dt @ gmail . com", "lan.dt@gmail.com"),
    ("Lan.DT@Gmail.com", "lan.dt@gmail.com"),
    ("lan.dt [at] gmail [dot] com", "lan.dt@gmail.com"),
])
def test_readable_emails_undo_the_usual_disguises(written, address):
    assert readable_emails(f"Liên hệ: {written}.") == [address]


def test_a_phone_in_prose_is_a_trace_not_a_flag():
    body = FULL + "Mọi liên hệ xin gọi cô Lan theo số 0983 456 721 vào giờ hành chính." + SIGNATURE
    sub = mail(body, [picture("anh the.jpg")])
    traces = find_traces(sub, split_body(sub.body))
    assert traces.phones == ["+84983456721"]
    draft = _one(sub)
    assert "phone" not in draft.missing


def test_the_senders_signature_and_from_address_are_never_traces():
    sub = mail(FULL + SIGNATURE, [picture("anh the.jpg")], sender="vanthu.sonkim@example.edu.vn")
    traces = find_traces(sub, split_body(sub.body))
    assert traces.phones == [] and traces.emails == []
    draft = _one(sub)
    assert "phone" in draft.missing and "email" in draft.missing
    assert "phone" not in draft.review and "email" not in draft.review


def test_the_offices_own_addresses_are_never_traces():
    sub = mail(FULL + "Hồ sơ gửi về tdkt@moet.gov.vn và phonggd@example.gov.vn theo hướng dẫn.")
    sub.recipients = ["phonggd@example.gov.vn"]
    assert find_traces(sub, split_body(sub.body), set(sub.recipients)).emails == []


def test_which_pictures_could_be_the_nominees_photo():
    """Decoded pictures that are no logo, scan or named evidence, and pictures that could not be decoded."""
    def photo_trace(*files):
        sub = mail(FULL, [docfile("Ho so.docx", FULL), *files])
        return "photo" in find_traces(sub, split_body(sub.body)).items

    wide = FileInfo(name="IMG_2041.jpg", content_type="image/jpeg", image=image("IMG_2041.jpg", "unknown", 1600, 900))
    tiny = FileInfo(name="IMG_2042.jpg", content_type="image/jpeg", image=image("IMG_2042.jpg", "unknown", 60, 80))
    assert not photo_trace(wide)  # a landscape camera shot is an activity photo, no portrait
    assert photo_trace(FileInfo(name="IMG_2043.jpg", content_type="image/jpeg",
                                image=image("IMG_2043.jpg", "unknown", 900, 1200)))  # upright: it may be
    assert photo_trace(FileInfo(name="Anh chan dung.heic", content_type="image/heic"))  # not decoded
    assert not photo_trace(tiny)
    assert not photo_trace(picture("Anh hoat dong 1.jpg", "unknown"))
    assert not photo_trace(picture("Logo truong.png", "unknown"))
    assert not photo_trace(picture("Scan ho so.jpg", "document"))


def test_a_scan_of_paper_is_not_a_photo_trace():
    sub = mail(FULL, [docfile("Ho so.docx", FULL), picture("Giay khen.jpg", kind="document")])
    draft = _one(sub)
    assert "photo" in draft.missing


def test_empty_labels_are_no_trace_and_stay_flagged():
    form = "Họ và tên: Lê Minh Tâm\nĐịa chỉ: ............\nSĐT: (đang cập nhật)\nEmail: không có\nTóm tắt thành tích: -"
    draft = _one(mail("", [docfile("Ho so.docx", form)]))
    assert draft.review == []
    assert draft.missing == ["achievement_summary", "address", "phone", "email", "photo", "evidence"]


def test_an_unlabelled_address_line_is_a_trace():
    text = FULL + "Thôn Trung Thành, xã Sơn Kim 1, huyện Hương Sơn, tỉnh Hà Tĩnh"
    draft = _one(mail("", [docfile("Ho so.docx", text)]))
    assert "address" not in draft.missing


def test_a_units_own_name_is_not_an_address_trace():
    text = FULL.replace("Trường Tiểu học Sơn Kim", "Trường Tiểu học Sơn Kim, xã Sơn Kim 1, huyện Hương Sơn")
    draft = _one(mail("", [docfile("Ho so.docx", text)]))
    assert "address" in draft.missing


def test_a_certificate_scan_is_no_summary_trace():
    form = "Họ và tên: Lê Minh Tâm\nĐơn vị: Trường THCS Sơn Tây\nĐiện thoại: 0912 345 678"
    cert = docfile("Giay khen 2023.pdf", "GIẤY KHEN\nChủ tịch UBND huyện tặng bà Lê Minh Tâm", fmt="pdf")
    draft = _one(mail("", [docfile("Ho so.docx", form), cert]))
    assert "achievement_summary" in draft.missing


def test_review_items_never_reach_the_flag(tmp_path):
    """The flag lists ``missing`` only; a record whose gaps all have traces is complete and not flagged."""
    body = FULL + "Địa chỉ liên hệ: thôn 3, xã Kỳ Phong, huyện Kỳ Anh\nCó việc cần, xin liên lạc qua số 0983 456 721."
    sub = mail(body, [picture("IMG_1.jpg", kind="unknown"), picture("Giay khen.jpg", kind="document")])
    draft = _one(sub)
    assert draft.review and set(draft.review).isdisjoint(draft.missing)


LETTERHEAD = [["PHÒNG GD&ĐT HƯƠNG SƠN\nTRƯỜNG TIỂU HỌC SƠN KIM\nĐT: (0239) 3875 111", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]


def test_a_letterhead_number_is_never_an_individuals_phone():
    form = [["Họ và tên", "Đinh Thị Lan"], ["Đơn vị", "Trường Tiểu học Sơn Kim"], ["Điện thoại", "đang cập nhật"],
            ["Tóm tắt thành tích", "Chiến sĩ thi đua cơ sở năm học 2022-2023"]]
    draft = _one(mail("", [docfile("Ho so.docx", "THÔNG TIN ĐIỂN HÌNH", tables=[LETTERHEAD, form])]))
    assert draft.phone is None and "phone" in draft.missing


def test_a_labelled_number_below_a_letterhead_is_the_individuals():
    form = [["Họ và tên", "Đinh Thị Lan"], ["Đơn vị", "Trường Tiểu học Sơn Kim"], ["ĐT", "0983 456 721"],
            ["Tóm tắt thành tích", "Chiến sĩ thi đua cơ sở năm học 2022-2023"]]
    draft = _one(mail("", [docfile("Ho so.docx", "THÔNG TIN ĐIỂN HÌNH", tables=[LETTERHEAD, form])]))
    assert draft.phone == "+84983456721"


def test_another_nominees_values_are_no_trace_for_this_one():
    text = ("Họ và tên: Đinh Thị Lan\nĐơn vị: Trường Tiểu học Sơn Kim\nĐiện thoại: 0983 456 721\n"
            "Tóm tắt thành tích: Chiến sĩ thi đua cơ sở năm học 2022-2023\n\n"
            "Họ và tên: Phan Văn Hùng\nĐơn vị: Trường Tiểu học Sơn Kim\nĐiện thoại: chưa có\n"
            "Tóm tắt thành tích: Giáo viên dạy giỏi cấp huyện năm học 2023-2024")
    drafts = {d.name: d for d in extract_drafts(mail("", [docfile("Ho so.docx", text)]))}
    assert drafts["Đinh Thị Lan"].phone == "+84983456721"
    assert "phone" in drafts["Phan Văn Hùng"].missing  # Lan's number is no trace of Hùng's


def test_a_person_named_in_prose_is_the_nominee():
    body = ("Trường Tiểu học Sơn Kim trân trọng giới thiệu cô giáo Đinh Thị Ngọc Lan, giáo viên lớp 4.\n"
            "Cô đạt danh hiệu Chiến sĩ thi đua cơ sở năm học 2022-2023.\nĐiện thoại: 0983 456 721" + SIGNATURE)
    draft = _one(mail(body, subject="Hồ sơ điển hình tiên tiến"))
    assert draft.name == "Đinh Thị Ngọc Lan"
