"""The statutory forms of docs/forms.md: report sections, contact lines, collective names, table shapes."""

from __future__ import annotations

import pytest

from config.limits import ParseLimits
from extract import extract_drafts
from extract.model import FileInfo
from extract.sections import heading, report_results
from parsers.docx import parse_docx
from tests.extract.forms import AWARD_ROWS, collective_report, individual_report, report_docx
from tests.extract.helpers import docfile, mail

RESULTS = ("Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023\n"
           "Giải Nhì cuộc thi thiết kế bài giảng điện tử cấp huyện năm 2023\n"
           "Sáng kiến kinh nghiệm được công nhận cấp huyện, xếp loại A")
ADDRESS = "Số 14 ngõ 8 phố Hòa Bình, phường Quang Trung, thành phố Hà Lâm"


def one(sub):
    drafts = extract_drafts(sub)
    assert len(drafts) == 1, drafts
    return drafts[0]


# ---------------------------------------------------------------- ND98-M03 / ND91-M02


def test_individual_report_summary_is_only_the_results_item():
    d = one(mail("", [docfile("Bao cao thanh tich.docx", individual_report(), tables=[AWARD_ROWS])]))
    assert d.name == "Trịnh Thị Lan Hương"
    assert d.achievement_summary == RESULTS
    assert d.address == ADDRESS  # "Trú quán", never "Quê quán"
    assert (d.phone, d.email) == ("+84912345678", "lanhtt@gmail.com")
    assert d.unit == "Trường THCS Quang Trung"


@pytest.mark.parametrize("title", ["2. Thành tích đạt được:", "b) thành tích đạt được của cá nhân:",
                                   "2. THÀNH TÍCH ĐẠT ĐƯỢC CỦA CÁ NHÂN", "2.Thanh tich dat duoc cua ca nhan:"])
def test_results_heading_wordings_numbering_and_case(title):
    d = one(mail("", [docfile("BCTT.docx", individual_report(results_title=title))]))
    assert d.achievement_summary == RESULTS


def test_results_written_on_the_heading_line():
    text = individual_report(results_title="2. Thành tích đạt được của cá nhân: Chiến sĩ thi đua cấp tỉnh năm 2024",
                             results=[], measures=True)
    d = one(mail("", [docfile("BCTT.docx", text)]))
    assert d.achievement_summary == "Chiến sĩ thi đua cấp tỉnh năm 2024"


@pytest.mark.parametrize("awards", ["Ill. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THUONG", "III. Các hình thức đã được khen thưởng",
                                    "3. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"])
def test_ocr_and_retyped_section_three_headings_end_the_summary(awards):
    text = individual_report(measures=False, awards_heading=awards,
                             awards_line="Danh hiéu thi dua: Nam Danh hiéu thi dua Số, ngày, thang, năm của quyết định")
    d = one(mail("", [docfile("scan.pdf", text, fmt="pdf")]))
    assert d.achievement_summary == RESULTS


def test_report_without_results_has_no_summary_not_its_duties_or_measures():
    text = individual_report(results_title="2. Thành tích đạt được của cá nhân:", results=["(đang cập nhật)"])
    d = one(mail("", [docfile("BCTT.docx", text, tables=[AWARD_ROWS])]))
    assert d.achievement_summary is None


def test_section_two_without_sub_items_is_kept_whole():
    lines = ["BÁO CÁO THÀNH TÍCH", "I. SƠ LƯỢC LÝ LỊCH", "- Họ tên: Lê Văn Tâm", "II. THÀNH TÍCH ĐẠT ĐƯỢC",
             "- Chiến sĩ thi đua cơ sở năm học 2023-2024;", "- Giấy khen của Chủ tịch UBND huyện năm 2024.",
             "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"]
    assert report_results(lines) == ["- Chiến sĩ thi đua cơ sở năm học 2023-2024;", "- Giấy khen của Chủ tịch UBND huyện năm 2024."]


def test_headings_are_recognised_and_ordinary_lines_are_not():
    assert heading("II. THÀNH TÍCH ĐẠT ĐƯỢC")[0] == "section2"
    assert heading("1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận:")[0] == "duties"
    assert heading("Danh hiéu thi dua:")[0] == "awards"
    assert heading("- Danh hiệu thi đua: Chiến sĩ thi đua cơ sở năm 2023") is None  # a listed award
    assert heading("- Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023;") is None
    assert report_results(["Họ tên: A", "Thành tích đạt được:", "- Giải Nhất"]) is None  # no section II: no report


def test_real_docx_report_through_the_parser():
    data = report_docx(individual_report(address_label="Nơi ở hiện nay"), [AWARD_ROWS])
    document = parse_docx(data, "Báo cáo thành tích.docx", ParseLimits())
    sub = mail("", [FileInfo(name="Báo cáo thành tích.docx", content_type="application/octet-stream", document=document)])
    d = one(sub)
    assert (d.name, d.address, d.email) == ("Trịnh Thị Lan Hương", ADDRESS, "lanhtt@gmail.com")
    assert d.achievement_summary == RESULTS


# ---------------------------------------------------------------- contact address


@pytest.mark.parametrize("label", ["Trú quán", "Nơi ở hiện nay", "Chỗ ở hiện nay", "Địa chỉ thường trú", "Nơi cư trú",
                                   "Nơi thường trú", "Địa chỉ liên hệ", "Địa chỉ liên lạc"])
def test_residence_labels_are_the_address(label):
    d = one(mail("", [docfile("BCTT.docx", individual_report(address_label=label))]))
    assert d.address == ADDRESS


@pytest.mark.parametrize("label", ["Quê quán", "Nguyên quán", "Nơi sinh"])
def test_home_town_and_birthplace_are_never_the_address(label):
    text = f"Họ và tên: Đỗ Minh Khoa\n{label}: xã Hải An, huyện Hải Hậu, tỉnh Nam Định\nĐiện thoại: 0988 111 222\n"
    d = one(mail("", [docfile("Phieu thong tin.docx", text)]))
    assert d.address is None


def test_cv_current_residence_as_above_falls_back_to_registered_one():
    text = ("SƠ YẾU LÝ LỊCH VIÊN CHỨC\n1) Họ và tên khai sinh (viết chữ in hoa): PHAN VĂN LỘC      Giới tính: Nam\n"
            "4) Nơi sinh: xã Kim Sơn, huyện Kim Động, tỉnh Hưng Yên\n5) Quê quán: xã Kim Sơn, huyện Kim Động, tỉnh Hưng Yên\n"
            "8) Nơi đăng ký hộ khẩu thường trú: Tổ 5, phường Hiến Nam, thành phố Hưng Yên\n9) Nơi ở hiện nay: Như trên\n"
            "21) Khen thưởng: Chiến sĩ thi đua cơ sở (2023)\n22) Kỷ luật: Không\n")
    head = [["Cơ quan quản lý viên chức: UBND huyện Kim Động\nĐơn vị sử dụng viên chức: Trường THCS Hiến Nam", ""]]
    d = one(mail("", [docfile("SYLL.docx", text, tables=[head])]))
    assert (d.name, d.address) == ("Phan Văn Lộc", "Tổ 5, phường Hiến Nam, thành phố Hưng Yên")
    assert d.unit == "Trường THCS Hiến Nam"
    assert d.achievement_summary is None  # HS02-VC item 21 lists titles, not achievements


# ---------------------------------------------------------------- ND98-M02 / ND91-M01


def test_collective_report_packed_contact_line_name_and_parent():
    d = one(mail("", [docfile("BCTT tap the.docx", collective_report(), tables=[AWARD_ROWS])]))
    assert d.kind == "collective"
    assert (d.name, d.unit) == ("Tổ Nuôi dưỡng", "Trường Mầm non Hoa Sen")
    assert d.address == "Khu phố 25 - phường Minh Sơn - huyện Cẩm Xuyên - Hà Lâm"
    assert d.email == "mnhoasen@halam.edu.vn"
    assert d.phone == "+842393812345"  # "Fax" is not the phone
    assert d.achievement_summary == ("Tỷ lệ trẻ suy dinh dưỡng giảm còn 1,2%\nTập thể lao động xuất sắc năm học 2023-2024\n"
                                     "Bằng khen của Chủ tịch UBND tỉnh năm 2024")


def test_collective_labelled_name_with_dash_parent_and_head_office_label():
    text = collective_report(name_line="Tên tập thể đề nghị: Tổ Toán - Tin - Trường THPT Nguyễn Du",
                             contact="- Địa điểm trụ sở chính: Số 3 đường Lê Lợi, phường Bắc Hà, thành phố Hà Lâm",
                             results_title="1. Thành tích đạt được:")
    d = one(mail("", [docfile("BCTT.docx", text)]))
    assert (d.name, d.unit) == ("Tổ Toán - Tin", "Trường THPT Nguyễn Du")
    assert d.address == "Số 3 đường Lê Lợi, phường Bắc Hà, thành phố Hà Lâm"
    assert "biện pháp" not in d.achievement_summary and "Chi bộ" not in d.achievement_summary


def test_school_named_under_the_title_is_its_own_unit():
    d = one(mail("", [docfile("BCTT.docx", collective_report(name_line="Trường Mầm non Hoa Sen"))]))
    assert (d.kind, d.name, d.unit) == ("collective", "Trường Mầm non Hoa Sen", "Trường Mầm non Hoa Sen")


# ---------------------------------------------------------------- e-mail labels


@pytest.mark.parametrize("line", ["Thư điện tử: hoa.nt@gmail.com", "Hộp thư: hoa.nt@gmail.com", "E-mail: hoa.nt@gmail.com",
                                  "Email cá nhân: hoa.nt@gmail.com", "Địa chỉ email: hoa.nt@gmail.com",
                                  "Điện thoại: 0912 345 678   Email: hoa.nt@gmail.com",
                                  "Điện thoại: 0912 345 678  Địa chỉ thư điện tử: hoa.nt@gmail.com",
                                  "Email: Hoa.NT @ gmail.com", "Email: hoa.nt[at]gmail.com"])
def test_email_labels(line):
    text = f"Họ và tên: Nguyễn Thị Hoa\nĐịa chỉ liên hệ: Xóm 2, xã Nghi Phú, TP. Vinh\n{line}\n"
    d = one(mail("", [docfile("Phieu.docx", text)]))
    assert d.email == "hoa.nt@gmail.com"
    assert d.address == "Xóm 2, xã Nghi Phú, TP. Vinh"


def test_two_labels_on_one_line_do_not_eat_the_first_value():
    text = "Họ và tên khai sinh: NGUYỄN HỮU LONG      Giới tính: Nam\nĐiện thoại: 0912 345 678\n"
    assert one(mail("", [docfile("SYLL.docx", text)])).name == "Nguyễn Hữu Long"


def test_body_contact_label_that_names_the_nominee_joins_the_profile():
    body = "Kính gửi Phòng GD&ĐT.\nĐịa chỉ email của Trịnh Thị Lan Hương: huong.tt@gmail.com\nTrân trọng!"
    text = individual_report(contact=None)
    d = one(mail(body, [docfile("BCTT.docx", text)]))
    assert (d.name, d.email) == ("Trịnh Thị Lan Hương", "huong.tt@gmail.com")


# ---------------------------------------------------------------- table shapes


def test_one_column_table_value_below_its_label():
    rows = [["a) Họ và tên:"], ["Đặng Hoàng Kim Vân"], ["b) Địa chỉ thường trú:"], ["tổ 23 - phường Thọ Đông - tỉnh Kỳ Lộc"],
            ["c) Địa chỉ email:"], ["kimvan79@yahoo.com"], ["d) Thành tích đạt được:"],
            ["- Bằng khen của Chủ tịch UBND tỉnh năm 2023\n- Chiến sĩ thi đua cấp tỉnh năm 2022"], ["Số điện thoại"], ["0904 136 686"]]
    d = one(mail("", [docfile("Mau thong tin.docx", "HỒ SƠ ĐIỂN HÌNH TIÊN TIẾN", tables=[rows])]))
    assert (d.name, d.address, d.email, d.phone) == ("Đặng Hoàng Kim Vân", "tổ 23 - phường Thọ Đông - tỉnh Kỳ Lộc",
                                                     "kimvan79@yahoo.com", "+84904136686")
    assert d.achievement_summary == "Bằng khen của Chủ tịch UBND tỉnh năm 2023\nChiến sĩ thi đua cấp tỉnh năm 2022"


def test_three_and_four_column_tables():
    three = [["1", "Họ và tên", "Lê Thu Trang"], ["2", "Trú quán", "Thôn 3, xã An Bình, huyện Văn Yên"],
             ["3", "Thư điện tử", "trang.lt@gmail.com"], ["4", "Tóm tắt thành tích", "- Giáo viên dạy giỏi cấp huyện năm 2023"]]
    four = [["Họ và tên", "Lê Thu Trang", "Điện thoại", "0912 000 111"],
            ["Đơn vị", "Trường TH An Bình", "Hộp thư", "trang.lt@gmail.com"],
            ["Nơi ở hiện nay", "Thôn 3, xã An Bình, huyện Văn Yên", "", ""]]
    for rows in (three, four):
        d = one(mail("", [docfile("Phieu.docx", "PHIẾU THÔNG TIN", tables=[rows])]))
        assert (d.name, d.address, d.email) == ("Lê Thu Trang", "Thôn 3, xã An Bình, huyện Văn Yên", "trang.lt@gmail.com")


def test_table_flattened_with_pipes_in_an_html_body():
    body = ("Kính gửi Phòng GD&ĐT.\nTHÔNG TIN ĐIỂN HÌNH TIÊN TIẾN\nHọ tên | Nguyễn Lê Mỹ Vy\n"
            "Địa chỉ | 5/7 Yết Kiêu, phường Khê Tây, thành phố Sơn Sa\nĐiện thoại di động | 0708 463 584\n"
            "E-mail | vy.lm@yahoo.com.vn\nTóm tắt thành tích | - Chiến sĩ thi đua cơ sở năm học 2023-2024\n"
            "- Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo năm 2022\nTrân trọng kính chào.")
    d = one(mail(body, fmt="html"))
    assert (d.name, d.address, d.phone, d.email) == ("Nguyễn Lê Mỹ Vy", "5/7 Yết Kiêu, phường Khê Tây, thành phố Sơn Sa",
                                                     "+84708463584", "vy.lm@yahoo.com.vn")
    assert d.achievement_summary == ("Chiến sĩ thi đua cơ sở năm học 2023-2024\n"
                                     "Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo năm 2022")
