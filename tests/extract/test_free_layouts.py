"""Layouts with no separator, contact details told in sentences, sign-offs with no "--", inline forwards."""

from __future__ import annotations

import pytest

from extract import extract_drafts
from extract.body import split_body
from extract.fields import bare_label_line, entries_from_lines, prose_contacts
from extract.prose import achievement_paragraphs
from tests.extract.helpers import doc, docfile, mail


def _one(sub):
    drafts = extract_drafts(sub)
    assert len(drafts) == 1, drafts
    return drafts[0]


@pytest.mark.parametrize("line, expected", [
    ("- Đơn vị Trường THCS Phú Lâm", ("unit", "Trường THCS Phú Lâm")),
    ("- Địa chỉ thôn Hạ, xã Phú Lâm, huyện Tân Yên", ("address", "thôn Hạ, xã Phú Lâm, huyện Tân Yên")),
    ("- Điện thoại cơ quan 0204 387 1234", ("phone", "0204 387 1234")),
    ("- Địa chỉ email thcsphulam@gmail.com", ("email", "thcsphulam@gmail.com")),
    ("+ Tên cá nhân PHAN THỊ NGỌC", ("name", "PHAN THỊ NGỌC")),
    ("- Mô hình điển hình tiên tiến Góc đọc sách cầu thang", ("model_title", "Góc đọc sách cầu thang")),
])
def test_a_list_line_without_separator_is_read_by_its_label(line, expected):
    field, _, value, _ = bare_label_line(line)
    assert (field, value) == expected


@pytest.mark.parametrize("line", [
    "- Giáo viên dạy giỏi cấp tỉnh năm 2022",
    "- Đơn vị được UBND tỉnh tặng Cờ thi đua năm 2023",
    "- Trường đạt chuẩn quốc gia mức độ 2",
    "- Điện thoại cơ quan chưa có",
    "Đơn vị Trường THCS Phú Lâm",  # not a list line: could be the start of a sentence
])
def test_sentences_and_list_items_are_not_bare_labels(line):
    assert bare_label_line(line) is None


def test_bare_labels_end_a_file_list_and_give_a_whole_record():
    body = ("Hồ sơ gồm:\n1. anh hoat dong 1.JPG\n2. IMG_0042.jpg\n- Đơn vị Trường THCS Phú Lâm\n"
            "- Địa chỉ thôn Hạ, xã Phú Lâm, huyện Tân Yên\n- Điện thoại cơ quan 0204 387 1234\n"
            "- Mô hình điển hình tiên tiến Góc đọc sách cầu thang\n- Lĩnh vực Văn hóa đọc\n")
    fields = {e.field: e.text for e in entries_from_lines(body.splitlines())}
    assert fields["unit"] == "Trường THCS Phú Lâm" and fields["model_title"] == "Góc đọc sách cầu thang"
    draft = _one(mail(body))
    assert (draft.kind, draft.name, draft.phone) == ("collective", "Trường THCS Phú Lâm", "+842043871234")


@pytest.mark.parametrize("sentence, expected", [
    ("Số điện thoại của đơn vị là (0204) 3871 234, email: c2phulam@gmail.com.",
     [("phone", "(0204) 3871 234"), ("email", "c2phulam@gmail.com")]),
    ("Hiện cô đang sinh sống tại xóm 3, xã Phú Lâm, huyện Tân Yên, tỉnh Bắc Giang.",
     [("address", "xóm 3, xã Phú Lâm, huyện Tân Yên, tỉnh Bắc Giang")]),
    ("Mọi thông tin xin gọi số điện thoại của cô là 0983 222 111 nhé.", [("phone", "0983 222 111")]),
    ("Cô sinh sống tại địa phương nhiều năm và gắn bó với học trò.", []),  # no administrative levels
    ("Điện thoại: 0983 222 111", []),  # a labelled line is the label readers' work
])
def test_contact_details_told_in_a_sentence(sentence, expected):
    assert [(f, v) for f, _, v in prose_contacts(sentence)] == expected


def test_a_sign_off_without_dashes_is_the_senders():
    body = split_body(doc("body", "Gửi Phòng hồ sơ điển hình.\nLink minh chứng: https://drive.google.com/x\n"
                                  "Văn thư - Trường TH Phú Lâm\nMobile: 0912 000 111"), "vt@example.edu.vn")
    assert body.signature == ["Văn thư - Trường TH Phú Lâm", "Mobile: 0912 000 111"]
    assert "Văn thư - Trường TH Phú Lâm" not in body.lines


def test_bare_contact_lines_are_the_senders_only_when_they_give_the_from_address():
    text = "Gửi Phòng hồ sơ điển hình.\nĐT: 0912 000 111\nEmail: vt@example.edu.vn"
    assert split_body(doc("body", text), "vt@example.edu.vn").signature == ["ĐT: 0912 000 111", "Email: vt@example.edu.vn"]
    assert split_body(doc("body", text), "other@example.edu.vn").signature == []
    typed = "Họ và tên: Phan Thị Ngọc\nĐT: 0912 000 111\nEmail: vt@example.edu.vn"
    assert split_body(doc("body", typed), "vt@example.edu.vn").signature == []  # a nominee writing for herself


def test_an_achievement_list_at_the_end_is_no_signature():
    text = "Thành tích:\n- Giáo viên dạy giỏi cấp tỉnh năm 2022\n- Giáo viên chủ nhiệm giỏi cấp huyện"
    assert split_body(doc("body", text), "vt@example.edu.vn").signature == []


def test_the_forwarders_note_above_an_inline_forward_is_not_the_submission():
    text = ("Em chuyển tiếp hồ sơ ạ.\nHiệu trưởng\nĐiện thoại: 0912 000 111\n"
            "---------- Forwarded message ---------\nFrom: Văn thư <vt@example.edu.vn>\n"
            "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nSố ĐT:\n0983 222 111\n")
    body = split_body(doc("body", text))
    assert "Điện thoại: 0912 000 111" in body.signature and "Điện thoại: 0912 000 111" not in body.lines
    assert _one(mail(text)).phone == "+84983222111"


def test_a_line_of_underscores_opens_a_signature_unless_a_quoted_header_follows():
    signed = split_body(doc("body", "Gửi hồ sơ.\n______________\nNGÔ HÀ\nĐT: 0912 000 111"))
    assert signed.signature == ["NGÔ HÀ", "ĐT: 0912 000 111"] and not signed.quoted
    quoted = split_body(doc("body", "Gửi lại ảnh.\n______________\nFrom: Phòng GD\nSent: Monday\nNội dung cũ"))
    assert quoted.quoted and not quoted.signature


def test_short_award_lines_of_an_article_make_its_summary():
    text = achievement_paragraphs([
        "Với phương châm tất cả vì học sinh, cô không ngừng học hỏi.",
        "Chiến sĩ thi đua cấp tỉnh năm 2022.",
        "Bằng khen của Chủ tịch UBND tỉnh năm 2021.",
        "Cô sinh năm 1985.",
    ])
    assert text == "Chiến sĩ thi đua cấp tỉnh năm 2022\nBằng khen của Chủ tịch UBND tỉnh năm 2021"


def test_a_cv_numbered_item_ends_the_list_before_it():
    """HS02-VC/CV-2C: "17) Khen thưởng" is followed by "18) Kỷ luật", which is not one of the awards."""
    lines = ["17) Khen thưởng: Lao động tiên tiến (2021)", "18) Kỷ luật: Không"]
    assert [e.text for e in entries_from_lines(lines) if e.field == "achievement_summary"] == [
        "Lao động tiên tiến (2021)"]


def test_the_school_of_a_cv_header_is_the_unit_not_its_district():
    cv = ("SƠ YẾU LÝ LỊCH\nĐơn vị trực thuộc: huyện Tân Yên\nĐơn vị cơ sở: Trường THCS Phú Lâm\n"
          "Họ và tên khai sinh: PHAN THỊ NGỌC\n17) Khen thưởng: Lao động tiên tiến (2021)\n18) Kỷ luật: Không")
    draft = _one(mail("", [docfile("SYLL Phan Thi Ngoc.docx", cv)]))
    assert draft.unit == "Trường THCS Phú Lâm"
    assert draft.achievement_summary is None  # a CV lists titles, not the achievements


def test_an_article_about_a_unit_with_no_person_names_the_unit():
    body = ("Trung tâm GDNN-GDTX huyện Tân Yên gửi hồ sơ điển hình tiên tiến.\n"
            "Trung tâm GDNN-GDTX huyện Tân Yên là một trong những đơn vị tiêu biểu của huyện.\n"
            "Tập thể lao động xuất sắc năm học 2021-2022.\n"
            "Địa chỉ của đơn vị: khối 2, thị trấn Cao Thượng, huyện Tân Yên, tỉnh Bắc Giang.")
    draft = _one(mail(body))
    assert (draft.kind, draft.name) == ("collective", "Trung tâm GDNN-GDTX huyện Tân Yên")


def test_contact_details_told_in_a_notice_make_no_nominee():
    notice = ("V/V RÀ SOÁT CƠ SỞ VẬT CHẤT\nThời gian: 8 giờ 00, ngày 6/4/2024\n"
              "Đầu mối liên hệ: Phan Văn Tú, điện thoại 0912 345 678, email tupv@example.edu.vn")
    table = [["TT", "Đơn vị", "Số lượng"], ["1", "Trường THCS Phú Lâm", "5"]]
    assert extract_drafts(mail("Gửi các đơn vị kế hoạch rà soát.", [docfile("Ke hoach.docx", notice, tables=[table])])) == []


def test_a_district_sheet_names_the_collective_under_unit_and_its_school_under_parent():
    sheet = [["Đơn vị", "Tổ Khoa học tự nhiên", "Trực thuộc", "Trường THCS Phú Lâm"],
             ["Điện thoại liên hệ", "0204 387 1234", "Hộp thư", "c2phulam@bac giang.edu.vn"],
             ["Thành tích đạt được", "+ Bằng khen của Chủ tịch UBND tỉnh năm 2023"]]
    draft = _one(mail("", [docfile("Thong tin DHTT.pdf", "PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN", tables=[sheet])]))
    assert (draft.kind, draft.name, draft.unit) == ("collective", "Tổ Khoa học tự nhiên", "Trường THCS Phú Lâm")
    assert draft.email == "c2phulam@bacgiang.edu.vn"


def test_unpunctuated_items_of_a_cell_stay_apart_and_wrapped_ones_join():
    from extract.records import summary_text
    assert summary_text(["Có 34 học sinh đạt giải cấp tỉnh", "Tập thể lao động xuất sắc năm học 2020-2021"]) == \
        "Có 34 học sinh đạt giải cấp tỉnh\nTập thể lao động xuất sắc năm học 2020-2021"
    assert summary_text(["Bằng khen của Chủ tịch UBND huyện", "Bắc Đông năm 2023"]) == \
        "Bằng khen của Chủ tịch UBND huyện Bắc Đông năm 2023"  # "huyện" is no place for an item to end


def test_a_models_sheet_beside_a_persons_profile_is_a_second_nominee():
    person = "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    sheet = [["Đơn vị", "Trường THCS Phú Lâm"], ["Mô hình", "Thư viện xanh"], ["Số điện thoại", "(0204) 3871234"]]
    drafts = extract_drafts(mail("", [docfile("Mau thong tin.docx", person),
                                      docfile("Phieu thong tin - truong.docx", "HỒ SƠ TẬP THỂ", tables=[sheet])]))
    assert sorted((d.kind, d.name) for d in drafts) == [("collective", "Trường THCS Phú Lâm"), ("individual", "Phan Thị Ngọc")]


def test_a_dash_after_a_known_label_separates_like_a_colon():
    sheet = ("PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN\na) TÊN ĐƠN VỊ - ____Trường THCS Phú Lâm\n"
             "b) TRỤ SỞ - ____Số 3 đường Lê Lợi, xã Phú Lâm, huyện Tân Yên\nc) ĐT - ____0204 387 1234\n"
             "d) THÀNH TÍCH NỔI BẬT -\n1) Bằng khen của Chủ tịch UBND tỉnh năm 2022.\n"
             "2) Giải Nhất - cuộc thi thiết kế bài giảng cấp huyện năm 2023.\n"
             "e) HỒ SƠ MINH CHỨNG - https://drive.google.com/drive/folders/abc")
    draft = _one(mail("", [docfile("HS_TruongPhuLam.docx", sheet)]))
    assert (draft.kind, draft.name, draft.phone) == ("collective", "Trường THCS Phú Lâm", "+842043871234")
    assert draft.achievement_summary == ("Bằng khen của Chủ tịch UBND tỉnh năm 2022\n"
                                         "Giải Nhất - cuộc thi thiết kế bài giảng cấp huyện năm 2023")


def test_a_reply_that_sends_the_missing_portrait_names_whose_it_is():
    from extract import extract_supplement
    from tests.extract.helpers import picture
    sub = mail("Đơn vị bổ sung ảnh chân dung của hồ sơ Phan Thị Ngọc.\nTrân trọng!",
               [picture("Phan Thị Ngọc.jpg"), picture("hoat dong 1.jpg")])
    draft = extract_supplement(sub)
    assert draft.photos == 1 and draft.name is None  # the record keeps its own name


def test_a_small_inline_picture_under_the_signature_is_neither_photo_nor_evidence():
    from extract import FileInfo
    from tests.extract.helpers import image
    logo = FileInfo(name="image001.png", content_type="image/png", image=image("image001.png", "document"), inline=True)
    logo.image.width = logo.image.height = 180
    form = "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    draft = _one(mail("Gửi hồ sơ.", [docfile("Ho so.docx", form), logo]))
    assert draft.evidence == [] and draft.photos == 0 and "photo" in draft.missing


def test_a_persons_name_in_a_value_cell_is_no_label():
    """"Nguyễn Quang Mạnh" is one typo from "Nguyên quán": it stays the value of "Họ, tên"."""
    from extract.fields import entries_from_table
    from extract.labels import match_label
    assert match_label("Nguyễn Quang Mạnh") is None and match_label("Nguyên quán") == ("other", 1.0)
    entries = entries_from_table([["1", "Họ, tên", "Nguyễn Quang Mạnh"], ["2", "Nguyên quán", "xã Phú Lâm"]])
    assert [(e.field, e.text) for e in entries] == [("name", "Nguyễn Quang Mạnh"), ("other", "xã Phú Lâm")]


def test_a_small_picture_named_as_a_portrait_is_the_photo_whatever_its_grain():
    from extract import FileInfo
    from tests.extract.helpers import image
    grainy = FileInfo(name="Ảnh chân dung - Phan Thị Ngọc.jpg", content_type="image/jpeg",
                      image=image("Ảnh chân dung - Phan Thị Ngọc.jpg", "document", w=300, h=400))
    page = FileInfo(name="Ảnh chân dung - Phan Thị Ngọc (2).jpg", content_type="image/jpeg",
                    image=image("Ảnh chân dung - Phan Thị Ngọc (2).jpg", "document", w=1240, h=1754))
    form = "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    assert _one(mail("", [docfile("Ho so.docx", form), grainy])).photos == 1
    assert _one(mail("", [docfile("Ho so.docx", form), page])).photos == 0


def test_a_link_given_for_another_nominee_is_no_trace_of_evidence():
    table = [["TT", "Họ và tên", "Đơn vị", "Thành tích"],
             ["1", "Phan Thị Ngọc", "Trường THCS Phú Lâm", "Chiến sĩ thi đua cơ sở năm 2023"],
             ["2", "Lê Văn Tùng", "Trường THCS Phú Lâm", "Lao động tiên tiến năm 2023"]]
    body = "Gửi danh sách.\nMinh chứng của Lê Văn Tùng: https://drive.google.com/drive/folders/abc"
    drafts = {d.name: d for d in extract_drafts(mail(body, [docfile("DS dien hinh.docx", "", tables=[table])]))}
    assert drafts["Lê Văn Tùng"].evidence == ["https://drive.google.com/drive/folders/abc"]
    assert "evidence" in drafts["Phan Thị Ngọc"].missing


def test_a_header_row_read_as_one_line_is_no_address_trace():
    from extract.traces import address_line
    assert address_line("Địa chỉ: Số điện thoại") is None
    assert address_line("Địa chỉ: thôn Hạ, xã Phú Lâm") == "thon ha, xa phu lam"


def test_a_picture_named_after_a_nominee_found_in_prose_is_her_photo():
    from extract import FileInfo
    from tests.extract.helpers import image
    article = ("GƯƠNG ĐIỂN HÌNH TIÊN TIẾN\nNhà giáo Hoàng Huyền Xuân công tác tại Trường TH&THCS Hồ Tùng Mậu.\n"
               "Chiến sĩ thi đua cơ sở năm học 2022-2023.\nĐiện thoại liên hệ: 0387 067 541.")
    portrait = FileInfo(name="Ảnh Hoàng Huyền Xuân.jpg", content_type="image/jpeg",
                        image=image("Ảnh Hoàng Huyền Xuân.jpg", "document", w=300, h=400))
    draft = _one(mail("Gửi hồ sơ.\n--\nLỤC THỊ PIỀNG\nVăn thư - Trường TH&THCS Hồ Tùng Mậu",
                      [docfile("Bài viết.docx", article), portrait]))
    assert (draft.kind, draft.name, draft.photos) == ("individual", "Hoàng Huyền Xuân", 1)
    assert "Ảnh Hoàng Huyền Xuân.jpg" not in draft.evidence


def test_a_bare_phone_then_a_labelled_email_on_one_line():
    lines = ["Điện thoại liên hệ 0589 341 135 Thư điện tử: c1phulam@example.edu.vn"]
    got = [(e.field, e.text) for e in entries_from_lines(lines)]
    assert got == [("phone", "0589 341 135"), ("email", "c1phulam@example.edu.vn")]
    assert lines == ["Điện thoại liên hệ 0589 341 135 Thư điện tử: c1phulam@example.edu.vn"]  # the caller's list untouched


@pytest.mark.parametrize("line, expected", [
    ("I. Họ và tên cá nhân ___PHAN THỊ NGỌC", ("name", "PHAN THỊ NGỌC")),
    ("IV. Điện thoại di động ____________+84923466308", ("phone", "+84923466308")),
    ("VI. Địa chỉ thường trú _______làng Thuận, xã Phú Lâm, huyện Tân Yên", ("address", "làng Thuận, xã Phú Lâm, huyện Tân Yên")),
])
def test_bare_labels_with_leaders_and_roman_numbers(line, expected):
    field, _, value, _ = bare_label_line(line)
    assert (field, value) == expected


def test_a_report_whose_results_item_is_blank_has_no_summary():
    """ND98-M02: "1. Thành tích đạt được:" left blank; the measures under item 2 are no summary."""
    report = ("BÁO CÁO THÀNH TÍCH\nĐỀ NGHỊ CÔNG NHẬN TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN\nTrường Tiểu học Phú Lâm\n"
              "Tên mô hình: Tuyến đường tự quản\nI. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH\n- Trụ sở: xã Phú Lâm, huyện Tân Yên\n"
              "II. THÀNH TÍCH ĐẠT ĐƯỢC\n1. Thành tích đạt được:\n"
              "2. Những biện pháp hoặc nguyên nhân đạt được thành tích:\n– Làm tốt công tác tham mưu.\n"
              "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG\n1. Danh hiệu thi đua:")
    draft = _one(mail("", [docfile("Bao cao thanh tich.docx", report)]))
    assert draft.achievement_summary is None and "achievement_summary" in draft.missing


def test_contact_lines_above_a_sign_off_are_the_nominees():
    form = ("BÁO CÁO THÀNH TÍCH\nĐỀ NGHỊ CÔNG NHẬN TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN\nTrường Tiểu học Phú Lâm\n"
            "II. THÀNH TÍCH ĐẠT ĐƯỢC\n1. Kết quả thực hiện chức năng, nhiệm vụ được giao:\n+ Tập thể lao động xuất sắc năm 2023")
    body = ("Gửi Phòng thông tin điển hình.\nSố điện thoại: 0204-3871234\n"
            "Địa chỉ email của Trường Tiểu học Phú Lâm: c1phulam@gmail.com\nTRẦN QUỐC HƯNG\nThư ký Hội đồng")
    draft = _one(mail(body, [docfile("Bao cao thanh tich.docx", form)], sender="hungtq@gmail.com"))
    assert (draft.phone, draft.email) == ("+842043871234", "c1phulam@gmail.com")


def test_one_administrative_level_is_no_address():
    from extract.trace_readers import address_line, place_levels
    assert len(place_levels("Giấy khen của Chủ tịch UBND thị xã Hồng Thủy năm học 2021-2022")) == 1
    assert address_line("Đơn vị trực thuộc: thị xã Hồng Thủy") is None
    assert address_line("8) Nơi ở hiện nay: chưa cập nhật Điện thoại: 0911-127-261") is None  # a blank, then a phone


@pytest.mark.parametrize("text, names", [
    ("1) Họ và tên khai sinh (viết chữ in hoa): LÊ YẾN SƯƠNG Giới tính: Nữ", ["Lê Yến Sương"]),
    ("TÓM TẮT QUÁ TRÌNH CÔNG TÁC", []),
    ("THẦY GIÁO TRẦN VĂN BA", ["Trần Văn Ba"]),
    ("Nhà giáo Hoàng Huyền Xuân công tác tại Trường TH&THCS Hồ Tùng Mậu", ["Hoàng Huyền Xuân"]),
])
def test_person_names_keep_one_letter_case_and_leave_headings_and_schools(text, names):
    from extract.person_names import person_names
    assert person_names(text) == names


def test_an_unnamed_landscape_picture_is_an_activity_photo():
    from extract import FileInfo
    from tests.extract.helpers import image
    scene = FileInfo(name="IMG_20230116_154453.jpg", content_type="image/jpeg",
                     image=image("IMG_20230116_154453.jpg", "photo", w=800, h=600))
    form = "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    draft = _one(mail("", [docfile("Ho so.docx", form), scene]))
    assert draft.photos == 0 and draft.evidence == ["IMG_20230116_154453.jpg"]
    assert "photo" in draft.missing and "photo" not in draft.review  # a scene of her work is no portrait


def test_a_landscape_camera_shot_named_after_the_nominee_is_evidence_beside_her_portrait():
    from extract import FileInfo
    from tests.extract.helpers import image
    name = "2. IMG_20230116_154453 - Phan Thị Ngọc.jpg"
    scene = FileInfo(name=name, content_type="image/jpeg", image=image(name, "photo", w=800, h=600))
    portrait = FileInfo(name="Ảnh chân dung - Phan Thị Ngọc.jpg", content_type="image/jpeg",
                        image=image("Ảnh chân dung - Phan Thị Ngọc.jpg", "photo", w=300, h=400))
    form = "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    draft = _one(mail("", [docfile("Ho so.docx", form), scene, portrait]))
    assert draft.photos == 1 and draft.evidence == [name]


def test_a_wide_camera_shot_may_be_a_collectives_group_photo():
    from extract import FileInfo
    from tests.extract.helpers import image
    scene = FileInfo(name="IMG_20230116_154453.jpg", content_type="image/jpeg",
                     image=image("IMG_20230116_154453.jpg", "photo", w=800, h=600))
    form = ("Tên tập thể: Tổ Toán - Tin, Trường THCS Phú Lâm\nĐịa chỉ: xã Phú Lâm, huyện Tân Yên\n"
            "Thành tích: Tập thể lao động xuất sắc năm 2023")
    draft = _one(mail("", [docfile("Ho so.docx", form), scene]))
    assert draft.kind == "collective" and "photo" in draft.review and "photo" not in draft.missing


def test_a_two_column_table_flattened_by_ocr_reads_label_over_value():
    scan = ("PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN\nTên tập thể\nTrường PTDTBT THCS Phú Lâm\nĐịa chỉ\n"
            "Làng Giang, xã Phú Lâm, huyện Tân Yên\nSố điện thoại\n0204.387.1234\nTên mô hình\nGóc học tập Bác Hồ\n"
            "Thuộc lĩnh vực\nGiáo dục hòa nhập\nThành tích nổi bật\n1) Cờ thi đua của UBND tỉnh năm 2023.")
    draft = _one(mail("", [docfile("scan0001.pdf", scan, fmt="pdf")]))
    assert (draft.kind, draft.name, draft.model_title, draft.field) == (
        "collective", "Trường PTDTBT THCS Phú Lâm", "Góc học tập Bác Hồ", "Giáo dục hòa nhập")
    assert draft.phone == "+842043871234" and draft.achievement_summary == "Cờ thi đua của UBND tỉnh năm 2023"


def test_a_list_of_nominees_in_one_document_gives_each_their_record():
    text = ("DANH SÁCH CÁC ĐIỂN HÌNH TIÊN TIẾN\n1. Cá nhân: Phan Thị Ngọc\n- Đơn vị công tác:\nTrường THCS Phú Lâm\n"
            "- Tóm tắt thành tích -\n– Chiến sĩ thi đua cơ sở năm học 2022-2023.\n2. Cá nhân: Lê Văn Tùng\n"
            "a) Tên cá nhân ______Lê Văn Tùng\nb) Nơi công tác ____Trường THCS Phú Lâm\n"
            "f) Thành tích khen thưởng:\n– Giáo viên dạy giỏi cấp tỉnh năm học 2023-2024.")
    drafts = {d.name: d for d in extract_drafts(mail("", [docfile("Danh sach dien hinh.docx", text)]))}
    assert set(drafts) == {"Phan Thị Ngọc", "Lê Văn Tùng"}
    assert drafts["Lê Văn Tùng"].achievement_summary == "Giáo viên dạy giỏi cấp tỉnh năm học 2023-2024"


def test_items_not_found_in_a_scan_of_noise_go_to_review_not_to_the_school():
    from extract.legibility import garbled_line
    assert garbled_line("Sam mm ———") and garbled_line("Sein [Nin sind")
    assert not garbled_line("Email: nhi_dinh91@gmail.com") and not garbled_line("khối 19, P. Hồng Thượng, thị xã Hồng Khánh")
    scan = ("BẢN TRÍCH NGANG THÔNG TIN CÁ NHÂN\nHọ và tên: Đinh Hải Nhi\nĐơn vị: Trường THCS Phú Lâm\n"
            "Sein [Nin sind\na Tammemalsn —— ———\nSam mm ———\nTóm tắt thành tích: Chiến sĩ thi đua cấp tỉnh năm 2022")
    noisy = docfile("Ảnh chụp hồ sơ 1.jpg", scan, fmt="image")
    draft = _one(mail("", [noisy]))
    assert "email" in draft.review and "email" not in draft.missing
    clean = docfile("Ảnh chụp hồ sơ 1.jpg", "\n".join(x for x in scan.split("\n") if "mm" not in x and "[" not in x), fmt="image")
    assert "email" in _one(mail("", [clean])).missing  # a clean scan proves the absence


def test_the_report_itself_is_no_trace_of_evidence():
    report = "Họ và tên: Huỳnh Yến Lý\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    draft = _one(mail("", [docfile("Báo cáo thành tích - Huỳnh Yến Lý.docx", report)]))
    assert "evidence" in draft.missing


def test_outlooks_original_message_in_a_forward_opens_the_submission():
    from extract.body import forwarded_subject
    text = ("Kính chuyển Phòng hồ sơ.\nTrân trọng!\n--\nHoàng Xuân Hằng\nĐiện thoại: 092.920.8629\n"
            "-----Original Message-----\nFrom: Trường Mầm non Sơn Ca <mnsonca@gmail.com>\nSent: Fri, 14 Mar 2025\n"
            "TÊN CÁ NHÂN - Nguyễn Xuân Mạnh\nĐƠN VỊ CÔNG TÁC - Trường Mầm non Sơn Ca\nDI ĐỘNG - 082.976.8301")
    assert forwarded_subject("FW: Trường Mầm non Sơn Ca gửi hồ sơ") and not forwarded_subject("Re: hồ sơ")
    draft = _one(mail(text, subject="FW: Trường Mầm non Sơn Ca gửi hồ sơ"))
    assert (draft.name, draft.phone) == ("Nguyễn Xuân Mạnh", "+84829768301")
    assert extract_drafts(mail(text, subject="Re: Trường Mầm non Sơn Ca gửi hồ sơ")) == []  # a reply quotes it


def test_a_sentence_with_a_number_is_no_label_and_an_article_tells_its_contacts():
    from extract.labels import match_label
    assert match_label("Số điện thoại của cô là 0932 241984, email") is None
    article = ("BÀI VIẾT GIỚI THIỆU ĐIỂN HÌNH\nNhắc đến Trường THPT Phú Lâm, không thể không nhắc đến cô Phạm Ánh Lụa.\n"
               "- Chiến sĩ thi đua cấp tỉnh năm 2024.\nHiện cô đang sinh sống tại Ấp 7, xã Diên Cát, huyện Tân Đại.\n"
               "Số điện thoại của cô là 0932 241984, email: gv.luapa@gmail.com.")
    draft = _one(mail("", [docfile("Bài viết - Phạm Ánh Lụa.docx", article)]))
    assert (draft.phone, draft.email, draft.address) == ("+84932241984", "gv.luapa@gmail.com",
                                                         "Ấp 7, xã Diên Cát, huyện Tân Đại")


@pytest.mark.parametrize("typed, shown", [
    ("TỔ NGỮ VĂN - LỊCH SỬ", "Tổ Ngữ văn - Lịch sử"), ("TỔ KHOA HỌC TỰ NHIÊN", "Tổ Khoa học tự nhiên"),
    ("TRƯỜNG THCS NGUYỄN DU", "Trường THCS Nguyễn Du"),
])
def test_a_team_typed_in_capitals_is_shown_in_sentence_case(typed, shown):
    from extract.values import unit_case
    assert unit_case(typed) == shown


def test_a_square_logo_inside_a_form_is_no_trace_of_a_portrait():
    form = "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    from tests.extract.helpers import image
    logo = docfile("Ho so.docx", form, images=[image("image1.png", "document", w=180, h=180)])
    box = docfile("Ho so.docx", form, images=[image("image1.png", "document", w=180, h=240)])
    assert "photo" in _one(mail("", [logo])).missing
    assert _one(mail("", [box])).photos == 1  # an upright picture in the form's photo box is the portrait


def test_identity_numbers_and_date_ranges_are_no_trace_of_a_phone():
    cv = ("SƠ YẾU LÝ LỊCH\nHọ và tên khai sinh: TRẦN KIM OANH\nĐơn vị cơ sở: Trường THPT Phú Lâm\n"
          "9) Số BHXH: 8981630863\nQuá trình công tác: 09/2018 - 08/2021 Giáo viên")
    draft = _one(mail("", [docfile("SYLL Tran Kim Oanh.docx", cv)]))
    assert "phone" in draft.missing


def test_a_number_above_an_ocr_form_title_is_the_letterheads():
    scan = ("UBND HUYỆN TÂN YÊN\nTRƯỜNG TIỂU HỌC PHÚ LÂM\nDT: 024.2718.1993\nBAO CAO THÀNH TÍCH\n"
            "- Họ tên: Nguyễn Hải Hiền\n- Đơn vị công tác: Trường Tiểu học Phú Lâm\n"
            "II. THÀNH TÍCH ĐẠT ĐƯỢC\n2. Thành tích đạt được của cá nhân:\n+ Chiến sĩ thi đua cơ sở năm học 2020 - 2021.")
    draft = _one(mail("", [docfile("Ho so (ban scan).pdf", scan, fmt="pdf")]))
    assert draft.phone is None


def test_an_award_named_tap_the_in_a_table_is_no_second_nominee():
    report = ("BÁO CÁO THÀNH TÍCH\n- Họ và tên: LÊ HẠNH ƯỚC\n- Đơn vị công tác: Trường Tiểu học Phú Lâm\n"
              "II. THÀNH TÍCH ĐẠT ĐƯỢC\n2. Thành tích đạt được của cá nhân:\n+ Chiến sĩ thi đua cơ sở năm học 2021-2022")
    awards = [["Năm", "Hình thức khen thưởng", "Số, ngày, tháng, năm của quyết định khen thưởng"],
              ["2023", "Tập thể lao động tiên tiến", "Quyết định số 2945/QĐ-PGDĐT ngày 24/7/2023"]]
    drafts = extract_drafts(mail("", [docfile("Bao cao.docx", report, tables=[awards])]))
    assert [d.name for d in drafts] == ["Lê Hạnh Ước"]


def test_contact_lines_naming_the_nominee_are_no_part_of_a_sign_off():
    text = ("Em gửi hồ sơ điển hình tiên tiến ạ.\nĐiện thoại liên hệ của Trường Mầm non Phú Lâm: 0204.387.1234\n"
            "Thư điện tử của Trường Mầm non Phú Lâm: mnphulam@gmail.com\nKế toán - Văn thư\nĐTDĐ: 034 758 4696")
    body = split_body(doc("body", text), "lethuyyen@hotmail.com")
    assert body.signature == ["Kế toán - Văn thư", "ĐTDĐ: 034 758 4696"]


def test_a_reply_sending_items_without_a_name_is_no_new_collective():
    body = ("Em gửi bổ sung theo yêu cầu ạ.\nThành tích nổi bật:\n- Bằng khen của Bộ trưởng năm 2024\n"
            "Thư điện tử: hanhnt@gmail.com\nTrân trọng./.\n--\nNguyễn Thúy Phương\nVăn thư - Trường THCS Phú Lâm\n"
            "Vào 08/03/2025 10:52, Nguyễn Thúy Phương <c2phulam@gmail.com> đã viết:\n> Kính gửi hồ sơ.")
    drafts = extract_drafts(mail(body, subject="TL: Hồ sơ điển hình tiên tiến - Nguyễn Thiên Hạnh"))
    assert all(d.kind != "collective" for d in drafts)


def test_a_small_upright_picture_is_an_id_photo_whatever_the_classifier_says():
    from extract import FileInfo
    from tests.extract.helpers import image
    grainy = FileInfo(name="IMG_6600.JPG", content_type="image/jpeg", image=image("IMG_6600.JPG", "document", w=300, h=400))
    form = "Họ và tên: Phan Thị Ngọc\nĐơn vị: Trường THCS Phú Lâm\nThành tích: Chiến sĩ thi đua cơ sở năm 2023"
    draft = _one(mail("", [docfile("Ho so.docx", form), grainy]))
    assert draft.photos == 1 and draft.evidence == []


def test_a_body_article_keeps_the_contacts_it_tells():
    body = ("Cô Tống Nguyễn Bích Trang công tác tại Trường Tiểu học Hiệp Tây từ nhiều năm nay.\n"
            "Chiến sĩ thi đua cấp tỉnh năm 2022.\nHiện cô đang sinh sống tại tổ 4, phường Kim Long, Phú Quang.\n"
            "Số điện thoại của cô là 0912 647 948, email: trangtnb@outlook.com.")
    draft = _one(mail(body))
    assert (draft.name, draft.unit) == ("Tống Nguyễn Bích Trang", "Trường Tiểu học Hiệp Tây")
    assert (draft.address, draft.phone, draft.email) == ("tổ 4, phường Kim Long, Phú Quang", "+84912647948",
                                                         "trangtnb@outlook.com")


@pytest.mark.parametrize("text, unit", [
    ("công tác tại Trường Tiểu học Hiệp Tây từ nhiều năm nay.", "Trường Tiểu học Hiệp Tây"),
    ("Trung tâm GDNN-GDTX huyện Châu Bắc là một đơn vị", "Trung tâm GDNN-GDTX huyện Châu Bắc"),
    ("Trường THPT chuyên Lê Quý Đôn gửi hồ sơ", "Trường THPT chuyên Lê Quý Đôn"),
    ("Sở Giáo dục và Đào tạo thành phố Hà Nội", "Sở Giáo dục và Đào tạo thành phố Hà Nội"),
])
def test_a_units_name_ends_at_the_first_word_of_the_sentence(text, unit):
    from extract.body import find_unit
    assert find_unit(text) == unit


# ---------------------------------------------------------------- a form table read by OCR

_OCR_TABLE = """PHIẾU THÔNG TIN CÁ NHÂN
Họ và tên người được
đề nghị
Đinh Quỳnh Trâm
Đơn vị công tác Trường Tiểu học Sơn Vy
Nơi ở hiện nay xóm 4, xã Sơn Vy, huyện Lâm Thao, Phú Thọ Điện thoại di động 0977-312-458
Hộp thư tram.dq[at]gmail.com
Những thành tích đã
đạt được
- Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023.
- Chiến sĩ thi đua cơ sở năm 2023.
"""


def test_a_label_cell_wrapped_onto_two_lines_is_one_label():
    fields = {e.field: e.text for e in entries_from_lines(_OCR_TABLE.splitlines(), loose=True)}
    assert fields["name"] == "Đinh Quỳnh Trâm"  # not "đề nghị", the label's own tail
    assert fields["achievement_summary"].startswith("- Giáo viên dạy giỏi")


def test_an_ocr_table_row_without_separators_is_read_by_its_labels():
    fields = {e.field: e.text for e in entries_from_lines(_OCR_TABLE.splitlines(), loose=True)}
    assert fields["unit"] == "Trường Tiểu học Sơn Vy"
    assert fields["address"] == "xóm 4, xã Sơn Vy, huyện Lâm Thao, Phú Thọ"
    assert fields["phone"] == "0977-312-458"
    assert fields["email"] == "tram.dq[at]gmail.com"


def test_scanned_form_gives_the_whole_record():
    scan = docfile("Phieu - scan.pdf", _OCR_TABLE)
    scan.document.format, scan.document.ocr_pages = "pdf", [1]
    draft = _one(mail("Trường Tiểu học Sơn Vy gửi hồ sơ điển hình tiên tiến.", [scan]))
    assert (draft.name, draft.unit) == ("Đinh Quỳnh Trâm", "Trường Tiểu học Sơn Vy")
    assert (draft.phone, draft.email) == ("+84977312458", "tram.dq@gmail.com")
    assert draft.address == "xóm 4, xã Sơn Vy, huyện Lâm Thao, Phú Thọ"


def test_text_typed_by_hand_is_not_read_loosely():
    fields = {e.field for e in entries_from_lines(["Đơn vị Trường Tiểu học Sơn Vy đã tổ chức hội thi."])}
    assert "unit" not in fields


def test_a_label_tail_is_never_a_name():
    from extract.records import clean_name
    assert clean_name("đề nghị") is None and clean_name("Đề Nghị") is None
    assert clean_name("Nguyễn Văn Nghị") == "Nguyễn Văn Nghị"


# ---------------------------------------------------------------- numbers, blanks and whose address it is

@pytest.mark.parametrize("text, expected", [
    ("(+84) 895 770 400", "+84895770400"),  # a mobile block the numbering metadata does not know yet
    ("02402.380.811", "+842402380811"),  # an area code it does not know: eleven digits from 02
    ("năm học 2022-2023 2) Giải Nhì", None),  # a school year and a list number are no phone
    ("0123 456 7890", None),  # the old eleven-digit mobiles are gone: no shape fits
])
def test_a_labelled_number_of_the_right_shape_is_kept(text, expected):
    from extract.values import normalise_phone
    assert normalise_phone(text) == expected


def test_school_years_in_a_list_are_no_phone_traces():
    from extract.values import find_phones, possible_phones
    line = "1) Giải Ba cấp thành phố năm học 2022-2023 2) Sáng kiến cấp huyện năm học 2022 - 2023 4) Lao động"
    assert find_phones(line) == [] and possible_phones(line) == []


def test_a_summary_written_as_none_is_missing_not_taken_from_the_label_line():
    form = ("1. Họ tên ............Lương Bảo Ngọc\n2. Đơn vị .........Trường Tiểu học Hòa Phú.......\n"
            "3. Số điện thoại ....0912 480 317........\n4. Những thành tích đã đạt được ..........Chưa có.......\n"
            "5. Đường link minh chứng:\nhttps://drive.google.com/drive/folders/1AbCdEf?usp=sharing\n")
    draft = _one(mail("", [docfile("Ho so.docx", form)]))
    assert draft.achievement_summary is None and "achievement_summary" in draft.missing
    assert draft.evidence == ["https://drive.google.com/drive/folders/1AbCdEf?usp=sharing"]


def test_a_numbered_evidence_link_ends_the_achievement_list():
    lines = ["VII. Thành tích tiêu biểu:", "Bằng khen của Chủ tịch UBND tỉnh năm 2021",
             "VIII. Hồ sơ minh chứng https://drive.google.com/drive/folders/1XyZ?usp=sharing", "NGƯỜI KHAI"]
    fields = {e.field: e.lines for e in entries_from_lines(lines)}
    assert fields["achievement_summary"] == ["", "Bằng khen của Chủ tịch UBND tỉnh năm 2021"]
    assert fields["evidence"] == ["https://drive.google.com/drive/folders/1XyZ?usp=sharing"]


def test_a_forwarded_headers_addresses_and_the_senders_own_are_no_email_trace():
    body = ("ĐT: 0923 596 474\nEmail: dangthimaihuong88@gmail.com\n"
            "---------- Forwarded message ---------\nTừ: Trường THCS Hòa Phú <c2hoaphu@gmail.com>\n"
            "To: Vụ Thi đua - Khen thưởng <tdkt@bogd.example.vn>\n")
    form = "Tên tập thể: Trường THCS Hòa Phú\nĐịa chỉ: xã Hòa Phú, huyện Tân Yên\nThành tích: Cờ thi đua năm 2023"
    sub = mail(body, [docfile("Bao cao.docx", form)], sender="c2hoaphu@gmail.com")
    sub.sender_name = "Đặng Thị Mai Hương"
    draft = _one(sub)
    assert "email" in draft.missing and "email" not in draft.review


def test_a_home_town_written_under_its_label_is_no_contact_address():
    form = ("HỌ VÀ TÊN CÁ NHÂN: Lương Bảo Ngọc\nCÔNG TÁC TẠI:\nTrường Tiểu học Hòa Phú\nQUÊ QUÁN:\n"
            "xã Thủy Lương, huyện Tường Vạn, tỉnh Cát Bảo\nĐỊA CHỈ: chưa cập nhật\nĐIỆN THOẠI: 0912 480 317\n")
    draft = _one(mail("", [docfile("Ho so.docx", form)]))
    assert "address" in draft.missing and "address" not in draft.review


def test_a_four_column_row_read_by_ocr_gives_each_pair():
    from extract.fields import loose_pairs
    row = ("Đơn vị công tác Trường Tiểu học Sơn Vy Địa chỉ TDP 3 - P. Hòa Phú - huyện Tân Yên "
           "Mail gv.tramdq@yahoo.com.vn")
    assert loose_pairs(row) == [("unit", "Đơn vị công tác", "Trường Tiểu học Sơn Vy", 1.0),
                                ("address", "Địa chỉ", "TDP 3 - P. Hòa Phú - huyện Tân Yên", 1.0),
                                ("email", "Mail", "gv.tramdq@yahoo.com.vn", 1.0)]
    lines = ["Họ và tên cá nhân ĐINH QUỲNH TRÂM Tóm tắt thành tích nổi |1. Chiến sĩ thi đua cơ sở năm 2023;",
             "2. Giáo viên dạy giỏi cấp tỉnh năm 2022;", row, "- Hướng dẫn học sinh giỏi"]
    fields = {e.field: e.lines for e in entries_from_lines(lines, loose=True)}
    assert fields["name"] == ["ĐINH QUỲNH TRÂM"]
    assert fields["achievement_summary"][:2] == ["1. Chiến sĩ thi đua cơ sở năm 2023", "2. Giáo viên dạy giỏi cấp tỉnh năm 2022;"]
    assert fields["unit"] == ["Trường Tiểu học Sơn Vy"] and fields["email"] == ["gv.tramdq@yahoo.com.vn"]
    assert loose_pairs("Đơn vị Trường Tiểu học Sơn Vy đã tổ chức hội thi cấp huyện") == []


def test_an_address_cut_after_its_level_word_goes_on_to_the_next_line():
    lines = ["- Trú quán: Làng Mai Lạc, xã Đông Nghĩa, huyện Lập Thạnh, tỉnh", "Vân Lộc; ĐT: +84 969 770 705",
             "- Đơn vị công tác: Trường THPT Trung Đức"]
    fields = {e.field: e.text for e in entries_from_lines(lines)}
    assert fields["address"] == "Làng Mai Lạc, xã Đông Nghĩa, huyện Lập Thạnh, tỉnh Vân Lộc"
    assert fields["phone"] == "+84 969 770 705" and fields["unit"] == "Trường THPT Trung Đức"
    lines = ["Địa chỉ: Xóm Hòa Định - xã Lạc Đông - huyện Lập Thạnh - T.", "Vân Lộc", "Điện thoại: 0912 345 678"]
    assert {e.field: e.text for e in entries_from_lines(lines)}["address"].endswith("T. Vân Lộc")


def test_an_abbreviated_level_does_not_end_a_told_address():
    told = prose_contacts("Hiện cô đang sinh sống tại Xóm Hòa Định - xã Lạc Đông - Lập Thạnh - T. Vân Lộc.")
    assert told == [("address", "sinh sống tại", "Xóm Hòa Định - xã Lạc Đông - Lập Thạnh - T. Vân Lộc")]


def test_hs02_current_residence_written_as_none_is_missing_not_the_registered_one():
    """HS02-VC: item 8 stands in for item 9 only when item 9 is left out or says "như trên"."""
    head = ("SƠ YẾU LÝ LỊCH\n1) Họ và tên khai sinh: Huỳnh Huyền Nguyệt\n4) Nơi sinh: xã Hậu Lộc, huyện Hải Điền\n"
            "5) Quê quán: xã Tiên Khê, huyện Phú Ba, tỉnh Thuận Sa\n"
            "8) Nơi đăng ký hộ khẩu thường trú: thôn 3, xã Tiên Khê, huyện Phú Ba, tỉnh Thuận Sa\n")
    tail = "10) Nghề nghiệp khi được tuyển dụng: Giáo viên\n11) Cơ quan, đơn vị công tác: Trường THCS Tiên Khê\n"
    blank = _one(mail("", [docfile("SYLL.docx", head + "9) Nơi ở hiện nay: không có\n" + tail)]))
    assert blank.address is None and "address" in blank.missing and "address" not in blank.review
    same = _one(mail("", [docfile("SYLL.docx", head + "9) Nơi ở hiện nay: như trên\n" + tail)]))
    assert same.address == "thôn 3, xã Tiên Khê, huyện Phú Ba, tỉnh Thuận Sa"


def test_a_home_town_beside_its_label_in_a_table_is_no_address_trace():
    rows = [["1", "Họ, tên", "Lê Hải Hồng"], ["2", "Đơn vị", "Trường MN Định Sơn"],
            ["3", "Nguyên quán", "xã Cửu Giang, huyện Phong Hồng, tỉnh Tân Định"], ["4", "Chỗ ở hiện nay", ""],
            ["5", "Tóm tắt thành tích", "Chiến sĩ thi đua cơ sở năm học 2022-2023"]]
    draft = _one(mail("", [docfile("Ho so.docx", tables=[rows])]))
    assert "address" in draft.missing and "address" not in draft.review
    rows[3][2] = "Làng Hòa Bình - xã Bắc Trung - huyện Lập Thạnh"
    assert _one(mail("", [docfile("Ho so.docx", tables=[rows])])).address == rows[3][2]


def test_a_hamlet_named_like_a_person_is_no_person():
    from extract.person_names import person_names
    assert person_names("Địa chỉ liên hệ của cô: Bản Mai Hưng, xã Hải Vân. Cô giáo, ThS. Chu Tường Tuyết Nhàn") == [
        "Chu Tường Tuyết Nhàn"]


def test_another_nominees_link_is_no_evidence_trace():
    rows = [["STT", "Họ và tên", "Đơn vị", "Điện thoại", "Thành tích", "Minh chứng"],
            ["1", "Nguyễn Tiến Quang", "Trường THCS Cẩm Hạ", "0912 345 678", "Chiến sĩ thi đua cơ sở năm 2023",
             "https://drive.google.com/drive/folders/1QuangAbc?usp=sharing"],
            ["2", "Đặng Yến Duyên", "Trường THCS Cẩm Hạ", "0913 456 789", "Giáo viên dạy giỏi cấp tỉnh năm 2022", ""]]
    drafts = extract_drafts(mail("", [docfile("Tong hop.xlsx", tables=[rows], fmt="xlsx")]))
    duyen = next(d for d in drafts if d.name == "Đặng Yến Duyên")
    assert "evidence" in duyen.missing and "evidence" not in duyen.review


def test_a_name_ocr_read_without_accents_takes_them_from_where_it_is_written_whole():
    scan = docfile("scan.pdf", "- Ho tên: Dang Thanh Thu Ngoc\n- Đơn vị: Trường THCS Lập Thạnh\n"
                               "2. Thành tích đạt được của cá nhân:\n« Bằng khen của Bộ trưởng năm 2021\n"
                               "« Giấy khen của Chủ tịch UBND huyện năm 2020\nNGƯỜI BÁO CÁO\nĐặng Thanh Thu Ngọc\n")
    scan.document.format, scan.document.ocr_pages = "pdf", [1]
    draft = _one(mail("", [scan]))
    assert draft.name == "Đặng Thanh Thu Ngọc"
    assert draft.achievement_summary == "Bằng khen của Bộ trưởng năm 2021\nGiấy khen của Chủ tịch UBND huyện năm 2020"


def test_a_numbered_label_value_form_naming_a_model_is_no_registration_list():
    rows = [["1", "TÊN ĐƠN VỊ", "Trường Mầm non Quảng Thọ"],
            ["2", "ĐỊA CHỈ TRỤ SỞ", "Bản Thủy Cát, xã Quảng Thọ, huyện Vĩnh Cao"],
            ["3", "SỐ ĐIỆN THOẠI", "0898 917 298"], ["4", "MÔ HÌNH", "Nuôi heo đất giúp bạn đến trường"],
            ["5", "LĨNH VỰC HOẠT ĐỘNG", "Khuyến học, khuyến tài"],
            ["6", "THÀNH TÍCH NỔI BẬT", "• Bằng khen của Chủ tịch UBND tỉnh năm 2022"]]
    draft = _one(mail("", [docfile("HS tap the.docx", tables=[rows])]))
    assert (draft.form, draft.kind, draft.name) == ("profile", "collective", "Trường Mầm non Quảng Thọ")
    assert (draft.model_title, draft.field) == ("Nuôi heo đất giúp bạn đến trường", "Khuyến học, khuyến tài")


def test_an_email_typed_with_a_bracketed_at_is_read_and_is_a_trace():
    body = ("Cô giáo Lê Phạm Kim Hải Vy công tác tại Trường Tiểu học Nguyễn Thái Học.\n"
            "Cô đã đạt nhiều thành tích: Chiến sĩ thi đua cấp tỉnh năm 2022.\n"
            "Số điện thoại của cô là 028.3140.0574, email: kimhaivy89 [@] yahoo.com.vn.\n")
    draft = _one(mail(body))
    assert draft.email == "kimhaivy89@yahoo.com.vn" and "email" not in draft.missing
    from extract.trace_readers import readable_emails
    assert readable_emails("kimhaivy89 {at} yahoo.com.vn; hv.le (@) gmail.com") == [
        "kimhaivy89@yahoo.com.vn", "hv.le@gmail.com"]


def test_contact_lines_above_a_position_line_are_the_nominees_typed_data():
    body = ("Trường em gửi thông tin điển hình tiên tiến của Bùi Đình Hiếu, mong Phòng tiếp nhận ạ.\n"
            "HỌ TÊN: BÙI ĐÌNH HIẾU\nTRƯỜNG: Trường Tiểu học Hương Lộc\n"
            "ĐỊA CHỈ LIÊN LẠC: làng Hậu Lệ, xã Hương Lộc, huyện Giang Diên\nĐIỆN THOẠI: 0912 974 238\n"
            "E-MAIL: buidinhhieu71@outlook.com\nGiáo viên - Thư ký hội đồng thi đua\nĐiện thoại: 0363 905 735\n")
    draft = _one(mail(body))
    assert (draft.phone, draft.email) == ("+84912974238", "buidinhhieu71@outlook.com")


def test_one_document_with_a_section_per_nominee_gives_each_nominee():
    form = ("DANH SÁCH VÀ THÔNG TIN CÁC ĐIỂN HÌNH TIÊN TIẾN\nI. CÁ NHÂN 1\nTên cá nhân:\nNguyễn Tường Hoa\n"
            "Cơ quan công tác:\nTrường TH&THCS Huỳnh Thúc Kháng\nĐiện thoại:\n0823 612 632\nThành tích tiêu biểu:\n"
            "- Bằng khen của Chủ tịch UBND tỉnh năm 2022;\nII. CÁ NHÂN 2\n"
            "- Tên cá nhân ………………Phạm Thu Bích Hồng…………\n- Đơn vị ……………Trường TH&THCS Huỳnh Thúc Kháng……………\n"
            "- Địa chỉ thư điện tử ……………hongptb@gmail.com………\n- Thành tích tiêu biểu:\n"
            "+ Giáo viên dạy giỏi cấp tỉnh năm học 2020-2021\n")
    drafts = extract_drafts(mail("", [docfile("Danh sach.docx", form)]))
    assert [d.name for d in drafts] == ["Nguyễn Tường Hoa", "Phạm Thu Bích Hồng"]
    assert drafts[0].achievement_summary == "Bằng khen của Chủ tịch UBND tỉnh năm 2022"
    assert drafts[1].email == "hongptb@gmail.com"


def test_a_units_sheet_after_a_persons_sheet_is_the_next_nominee():
    person = [["Họ và tên", "Phạm Cẩm Thơ"], ["Đơn vị công tác", "Trường THCS Chu Văn An"],
              ["Số ĐT", "0931 228 562"], ["Thành tích tiêu biểu", "Giáo viên dạy giỏi cấp huyện năm 2023"]]
    unit = [["TÊN ĐƠN VỊ", "Công đoàn cơ sở"], ["THUỘC ĐƠN VỊ", "Trường THCS Chu Văn An"],
            ["ĐỊA CHỈ", "làng Bình Lộc - xã Nam Lập - huyện Hội Định"], ["ĐT", "0276 2163 542"],
            ["TÓM TẮT THÀNH TÍCH", "Giấy khen của Chủ tịch UBND huyện năm học 2022-2023"]]
    drafts = extract_drafts(mail("", [docfile("Thong tin.docx", tables=[person, unit])]))
    assert [(d.kind, d.name, d.unit) for d in drafts] == [
        ("individual", "Phạm Cẩm Thơ", "Trường THCS Chu Văn An"),
        ("collective", "Công đoàn cơ sở", "Trường THCS Chu Văn An")]
    assert drafts[0].address is None and drafts[1].address.startswith("làng Bình Lộc")


def test_bare_contact_lines_named_like_the_from_address_are_the_senders():
    report = docfile("BCTT Duong Bich Van.docx", "BÁO CÁO THÀNH TÍCH\nHọ và tên: Dương Bích Vân\n"
                     "Đơn vị công tác: Trường Mầm non Hoa Phượng\nĐiện thoại: 0912 345 670\n")
    sub = mail("Gửi Phòng hồ sơ điển hình tiên tiến.\nĐTDĐ: +84 364 889 819\nEmail: quyen.mnhoaphuong@gmail.com\n",
               [report], sender="quyenvo.mnhoaphuong@hoaphuong.edu.vn")
    draft = _one(sub)
    assert draft.email is None and "email" in draft.missing and "email" not in draft.review


def test_section_headings_start_each_nominee_even_the_school_itself():
    form = ("THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN ĐỀ XUẤT\nI. CÁ NHÂN 1\nHọ và tên - Cầm Thị Xuyến\n"
            "Cơ quan công tác - Trường PTDTBT Tiểu học Trần Cao Vân\nĐiện thoại - (028) 3424 8952\n"
            "II. CÁ NHÂN 2\n1. HỌ VÀ TÊN NGƯỜI ĐƯỢC ĐỀ NGHỊ LÊ TUYẾT HOA\n"
            "3. NƠI CÔNG TÁC Trường PTDTBT Tiểu học Trần Cao Vân\n5. TEL 0861 772 769\n"
            "III. TẬP THỂ 3\nI. TÊN ĐƠN VỊ: Trường PTDTBT Tiểu học Trần Cao Vân\n"
            "II. ĐỊA CHỈ ĐƠN VỊ: khối 5, P. Lĩnh Tiên, thị xã Bình Đại\nIII. ĐIỆN THOẠI LIÊN HỆ: 0783 013 288\n")
    drafts = extract_drafts(mail("", [docfile("Thong tin DHTT.docx", form)]))
    assert [(d.kind, d.name) for d in drafts] == [("individual", "Cầm Thị Xuyến"), ("individual", "Lê Tuyết Hoa"),
                                                  ("collective", "Trường PTDTBT Tiểu học Trần Cao Vân")]
    assert drafts[2].phone == "+84783013288" and drafts[1].phone == "+84861772769"


def test_the_declarant_signing_a_personal_form_is_its_nominee_and_one_noise_line_proves_nothing():
    scan = docfile("Anh chup ho so 1.jpg", "PHIẾU ĐĂNG KÝ ĐIỂN HÌNH\n[NGUYÊNTHỦYQUYNHIAA |\n"
                   "Địa chỉ liên lạc Tổ dân phố 4, P. Hà Đại, huyện Định Cẩm\nNơi công tác Trường THCS Bình Kỳ\n"
                   "Thành tích nổi bật\n* Chiến sĩ thi đua cấp tỉnh năm 2022\n* Giải Ba cuộc thi cấp tỉnh năm 2023\n"
                   "NGƯỜI KHAI\n(Ký, ghi rõ họ tên)\nNguyễn Thùy Quỳnh Lan\n")
    scan.document.format, scan.document.ocr_pages = "image", [1]
    draft = _one(mail("Trường THCS Bình Kỳ gửi thông tin điển hình tiên tiến.", [scan]))
    assert (draft.kind, draft.name) == ("individual", "Nguyễn Thùy Quỳnh Lan")
    assert {"phone", "email"} <= set(draft.review) and not {"phone", "email"} & set(draft.missing)


def test_a_second_sheet_naming_the_school_itself_is_the_next_nominee():
    person = [["Họ và tên", "Trần Đình Hòa"], ["Cơ quan công tác", "Trường Tiểu học Lâm Thượng"],
              ["SĐT", "0560 189 480"], ["Địa chỉ email", "gv.hoatd@gmail.com"],
              ["Thành tích khen thưởng", "Giải Ba cuộc thi cấp huyện năm 2022"]]
    school = [["Tên đơn vị", "Trường Tiểu học Lâm Thượng"], ["Hộp thư", "c1lamthuong@locdong.edu.vn"],
              ["Số điện thoại", "0763 386 328"], ["Tóm tắt thành tích nổi bật", "Cờ thi đua của UBND tỉnh năm 2023"]]
    doc_file = docfile("Ho so DHTT dot 1.docx", "THÔNG TIN ĐIỂN HÌNH\nI. CÁ NHÂN 1\nII. TẬP THỂ 2",
                       tables=[person, school])
    drafts = extract_drafts(mail("", [doc_file]))
    assert [(d.kind, d.name) for d in drafts] == [("individual", "Trần Đình Hòa"),
                                                  ("collective", "Trường Tiểu học Lâm Thượng")]
    assert drafts[1].email == "c1lamthuong@locdong.edu.vn" and drafts[0].email == "gv.hoatd@gmail.com"


def test_a_form_line_with_leaders_needs_no_bullet_and_keeps_a_dash_in_its_value():
    lines = ["Tên tập thể ............Tổ Toán - Tin...", "Lĩnh vực ......Giáo dục thể chất..",
             "Mô hình điển hình tiên tiến ..........Bơi an toàn phòng chống đuối nước."]
    fields = {e.field: e.text for e in entries_from_lines(lines)}
    assert fields == {"name": "Tổ Toán - Tin", "field": "Giáo dục thể chất",
                      "model_title": "Bơi an toàn phòng chống đuối nước"}


def test_a_schools_own_sheet_keeps_the_number_its_letterhead_repeats():
    from extract.person_names import person_names
    assert person_names("TRƯỜNG MẦM NON NGÔ\nSĨ LIÊN") == [] and person_names("TRƯƠNG THỊ HOA") == ["Trương Thị Hoa"]
    sheet = ("PHÒNG GD&ĐT KHÁNH YÊN\nTRƯỜNG MẦM NON NGÔ\nSĨ LIÊN\nĐT: 0564 101 279\n"
             "PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN\nI. ĐƠN VỊ:\nTrường Mầm non Ngô Sĩ Liên\nII. MAIL:\n"
             "mnngosilien@gmail.com\nIII. ĐIỆN THOẠI CƠ QUAN:\n0564 101 279\nIV. ĐỊA CHỈ LIÊN HỆ:\n"
             "bản Quang Sơn, xã Hòa Châu, huyện Khánh Yên\nV. TÓM TẮT THÀNH TÍCH NỔI BẬT:\n"
             "1. Bằng khen của Thủ tướng Chính phủ năm 2021\nXÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ\n(Ký, đóng dấu)\n"
             "Nguyễn Khánh Hà Giang\n")
    draft = _one(mail("", [docfile("Truong MN Ngo Si Lien - DHTT.pdf", sheet, fmt="pdf")]))
    assert (draft.kind, draft.name) == ("collective", "Trường Mầm non Ngô Sĩ Liên")
    assert draft.phone == "+84564101279"


def test_every_sign_off_in_a_forwarded_body_is_a_signature_not_only_the_last():
    from extract.body import split_body
    from tests.extract.helpers import doc
    body = ("Kính gửi quý cơ quan thông tin điển hình tiên tiến của Huỳnh Quỳnh Ly.\nXin cảm ơn!\n--\n"
            "LƯỜNG VĂN ƠN\nVăn thư - Trường MN Trà Hải\nĐTDĐ: 0985 907 706\nEmail: onlv.mntrahai@gmail.com\n"
            "Em chuyển tiếp hồ sơ của giáo viên trường em ạ.\n--\nHồ Thiên Mỹ\nHiệu trưởng - Trường MN Trà Hải\n"
            "Email: hothienmy98@yahoo.com\n")
    parts = split_body(doc("body", body, fmt="text"), "mntrahai@vinhmai.edu.vn")
    assert "Email: onlv.mntrahai@gmail.com" in parts.signature and "Email: hothienmy98@yahoo.com" in parts.signature
    assert "Em chuyển tiếp hồ sơ của giáo viên trường em ạ." in parts.lines


def test_an_award_naming_its_issuers_places_is_no_address_trace():
    from extract.trace_readers import address_line
    assert address_line("- Giấy khen của Chủ tịch UBND huyện Định Cẩm năm học 2019-2020; Bằng khen của Chủ tịch "
                        "UBND tỉnh Tuy Trà năm 2021.") is None
    assert address_line("Thôn Trung Thành, xã Sơn Kim 1, huyện Hương Sơn, tỉnh Hà Tĩnh") is not None


def test_a_logos_ocr_noise_proves_nothing_either_way():
    from extract import FileInfo
    from extract.legibility import illegible_files
    from tests.extract.helpers import image
    logo = FileInfo(name="logo truong.png", content_type="image/png",
                    document=doc("logo truong.png", "Dxf Qzrt Wpl Mnq", fmt="image",
                                 images=[image("logo truong.png", "document", w=180, h=180)]))
    page = FileInfo(name="IMG_6657.JPG", content_type="image/jpeg",
                    document=doc("IMG_6657.JPG", "PHIẾU ĐĂNG KÝ\nDxf Qzrt Wpl Mnq", fmt="image",
                                 images=[image("IMG_6657.JPG", "document", w=1116, h=1578)]))
    assert illegible_files(mail("", [logo, page])) == ["IMG_6657.JPG"]


def test_a_body_typed_with_labels_in_capitals_and_no_separators():
    body = ("Trường Tiểu học Cù Chính Lan gửi hồ sơ điển hình tiên tiến của Nguyễn Ánh Hoa.\n"
            "HỌ TÊN NGUYỄN ÁNH HOA\nĐƠN VỊ CÔNG TÁC Trường Tiểu học Cù Chính Lan\n"
            "NƠI Ở HIỆN NAY Làng Kim Cát, xã Lâm Ngọc, huyện Diên Cẩm\nSỐ ĐT 0356.345.296\nGMAIL hoana@Outlook.com\n"
            "TÓM TẮT THÀNH TÍCH:\n* Chiến sĩ thi đua cấp tỉnh năm 2022\n")
    draft = _one(mail(body))
    assert (draft.address, draft.phone, draft.email) == (
        "Làng Kim Cát, xã Lâm Ngọc, huyện Diên Cẩm", "+84356345296", "hoana@outlook.com")
    from extract.trace_readers import address_line
    assert address_line("Làng Kim Cát, xã Lâm Ngọc, Diên Cẩm")  # "làng" is a village's level too


def test_a_units_sheet_opening_with_a_heading_row_and_its_unit_is_the_next_nominee():
    person = [["Tên cá nhân", "Nguyễn Như Nhung"], ["Trường", "Trường PTDTBT THCS Nguyễn Bỉnh Khiêm"],
              ["Số điện thoại", "0389 864 886"], ["Thành tích nổi bật", "Lao động tiên tiến năm học 2022-2023"]]
    school = [["NỘI DUNG", "NỘI DUNG"], ["Đơn vị", "Trường PTDTBT THCS Nguyễn Bỉnh Khiêm"],
              ["Địa chỉ liên hệ", "khối 3, phường Trung Cẩm, huyện Hồng Vạn"], ["Số điện thoại", "0284 3278 477"],
              ["Mô hình điển hình tiên tiến", "Dạy học theo dự án gắn với di sản địa phương"],
              ["Tóm tắt thành tích nổi bật", "Bằng khen của Thủ tướng Chính phủ năm 2023"]]
    drafts = extract_drafts(mail("", [docfile("Thong tin DHTT.docx", tables=[person, school])]))
    assert [(d.kind, d.name, d.model_title) for d in drafts] == [
        ("individual", "Nguyễn Như Nhung", None),
        ("collective", "Trường PTDTBT THCS Nguyễn Bỉnh Khiêm", "Dạy học theo dự án gắn với di sản địa phương")]


def test_a_forwarded_mails_sign_off_above_the_forwarders_note_is_no_nominee_data():
    body = ("gui phong thong tin dien hinh tien tien.\nHỌ VÀ TÊN NGƯỜI ĐƯỢC ĐỀ NGHỊ: Nguyễn Thế Tuấn\n"
            "CÔNG TÁC TẠI: Trường Trung học phổ thông Điền Trung\nTEL: đang cập nhật\n"
            "NƠI Ở HIỆN NAY: Bản Cẩm Lộc, xã Thuận An, huyện Hồng Vạn, tỉnh Thọ Long\n"
            "Tổng phụ trách Đội\nĐTDĐ: 0813.516.152\nNhà trường chuyển tiếp hồ sơ của cá nhân.\n"
            "Kính mong quý cơ quan xem xét. Trân trọng!\nLê Lệ Thảo\nPhó Hiệu trưởng - Trường THPT Điền Trung\n"
            "Điện thoại: 0789-901-805\n")
    draft = _one(mail(body, subject="FW: gửi hồ sơ điển hình"))
    assert draft.phone is None and "phone" in draft.missing and "phone" not in draft.review


@pytest.mark.parametrize("line, expected", [
    ("- Chỗ ở hiện nay …………………xóm 1, xã Giang Yên, huyện Lĩnh Hiệp………………", "xóm 1, xã Giang Yên, huyện Lĩnh Hiệp"),
    ("III. Chỗ ở hiện nay Thôn Hòa Trung, xã Sa Đông, huyện Hậu Điền", "Thôn Hòa Trung, xã Sa Đông, huyện Hậu Điền"),
])
def test_an_exact_wording_ending_in_a_common_word_is_the_whole_label(line, expected):
    assert bare_label_line(line)[2] == expected  # "hiện nay" ends the label, the hamlet opens the value


def test_a_city_name_cut_after_its_first_syllable_goes_on_to_the_next_line():
    lines = ["- Nơi thường trú: bản Lâm Kim, xã Giang Gia, Lập Mỹ, thành phố An", "Khánh; ĐT: 0399-744-419"]
    fields = {e.field: e.text for e in entries_from_lines(lines)}
    assert fields == {"address": "bản Lâm Kim, xã Giang Gia, Lập Mỹ, thành phố An Khánh", "phone": "0399-744-419"}


def test_a_schools_number_is_part_of_its_name():
    from extract.body import find_unit
    assert find_unit("hiện là giáo viên tại Trường Trung học cơ sở Lê Quý Đôn số 3.") == \
        "Trường Trung học cơ sở Lê Quý Đôn số 3"
    assert find_unit("Trường THCS Hòa Phú số điện thoại 0912 345 678") == "Trường THCS Hòa Phú"


def test_the_office_addressed_is_never_the_nominees_unit():
    body = ("Kính gửi: Phòng Giáo dục và Đào tạo quận Lập Mỹ.\nDạ em gửi hồ sơ đề nghị công nhận điển hình tiên tiến "
            "của Trần Hoàng Gia Thịnh ạ.\nNhà giáo Trần Hoàng Gia Thịnh hiện là phó hiệu trưởng tại Trường Mầm non Kỳ Ba.\n"
            "Thầy đã đạt nhiều thành tích đáng ghi nhận:\n- Chiến sĩ thi đua cơ sở năm học 2020-2021.\n")
    draft = _one(mail(body))
    assert (draft.name, draft.unit) == ("Trần Hoàng Gia Thịnh", "Trường Mầm non Kỳ Ba")


def test_a_sub_units_sheet_with_leaders_names_the_collective_and_its_school():
    form = ("HỒ SƠ TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN\nTên đơn vị:............. Tổ Toán - Tin.\n"
            "Thuộc đơn vị: ..... Trường THPT Lương Thế Vinh........\nTrụ sở:...................\n"
            "Điện thoại cơ quan: ......... (0246) 3868 067.....\nTên mô hình: ....... Sổ điểm điện tử và học bạ số........\n"
            "Các thành tích:\n- Tỷ lệ học sinh hoàn thành chương trình lớp học đạt 97,8%\n")
    draft = _one(mail("", [docfile("Ho so.docx", form)]))
    assert (draft.kind, draft.name, draft.unit) == ("collective", "Tổ Toán - Tin", "Trường THPT Lương Thế Vinh")
    assert draft.model_title == "Sổ điểm điện tử và học bạ số" and "address" in draft.missing


def test_a_schools_own_contacts_in_the_body_from_its_own_mailbox_are_the_collectives():
    report = docfile("BCTT Truong THCS Mac Dinh Chi.pdf",
                     "BÁO CÁO THÀNH TÍCH\nĐỀ NGHỊ CÔNG NHẬN TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN\nTrường Trung học cơ sở Mạc Đĩnh Chi\n"
                     "II. THÀNH TÍCH ĐẠT ĐƯỢC\n1. Tập thể lao động xuất sắc năm học 2022-2023.\n", fmt="pdf")
    body = ("Trường Trung học cơ sở Mạc Đĩnh Chi kính gửi thông tin điển hình tiên tiến.\n"
            "Điện thoại liên hệ của Trường Trung học cơ sở Mạc Đĩnh Chi: 0292-3166980\n"
            "Thư điện tử: c2macdinhchi@Antrung.edu.vn\nXin cảm ơn!\n--\nNGUYỄN THỊ OANH\nThư ký Hội đồng\n")
    draft = _one(mail(body, [report], sender="c2macdinhchi@antrung.edu.vn"))
    assert draft.kind == "collective" and draft.email == "c2macdinhchi@antrung.edu.vn"
    assert draft.phone == "+842923166980"


def test_a_school_spelled_out_is_no_person_and_an_address_is_no_unit():
    from extract.person_names import person_names
    assert person_names("bổ sung địa chỉ cho hồ sơ của Trường Trung học phổ thông Hà Vĩnh ạ.") == []
    from extract.fields import Entry
    from extract.records import entry_value
    slid = Entry("unit", "Nơi công tác", ["", "Số 137 phố Phan Chu Trinh, P. Quảng Thượng, thành phố Hậu Liên"])
    assert entry_value(slid) is None
    assert entry_value(Entry("unit", "Đơn vị", ["Sở Giáo dục và Đào tạo tỉnh Phú Thọ"])) is not None


def test_an_address_with_no_label_in_a_scan_means_ocr_lost_rows():
    from extract.legibility import orphan_address
    assert orphan_address(["Nơi công tác", "Số 137 phố Phan Chu Trinh, P. Quảng Thượng, thành phố Hậu Liên"])
    assert not orphan_address(["Địa chỉ liên hệ", "Số 137 phố Phan Chu Trinh, P. Quảng Thượng, thành phố Hậu Liên"])


def test_a_tab_or_a_wide_gap_after_a_label_separates_like_a_colon():
    form = ("Họ và tên\tNguyễn Hữu Phước\nĐơn vị\tTrường THCS Yên Lạc\n"
            "Địa chỉ      số 12 ngõ 5, phường Yên Hòa, quận Cầu Giấy\nTel\t0912 000 111\nEmail\t\tphuocnh@gmail.com\n"
            "Thành tích\n- Chiến sĩ thi đua cơ sở năm 2023\n")
    draft = _one(mail("", [docfile("Ho so.docx", form)]))
    assert (draft.address, draft.phone, draft.email) == (
        "số 12 ngõ 5, phường Yên Hòa, quận Cầu Giấy", "+84912000111", "phuocnh@gmail.com")
    assert draft.review == [] and draft.missing == ["photo", "evidence"]
