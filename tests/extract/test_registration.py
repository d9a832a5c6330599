from extract import extract_drafts
from extract.registration import extract_registrations, find_header, split_models
from tests.extract.helpers import docfile, mail

TITLE = ["DANH SÁCH ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN NĂM 2025"] * 5
HEADER = ["TT", "TÊN ĐƠN VỊ", "TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN", "LĨNH VỰC", "GHI CHÚ"]


def reg_mail(rows, name="DS dang ky.docx"):
    return mail("Gửi danh sách đăng ký.", [docfile(name, "DANH SÁCH ĐĂNG KÝ", tables=[rows])])


def test_rows_title_rows_multi_model_template_and_footer():
    rows = [
        ["PHÒNG GD&ĐT HUYỆN X", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", ""],
        TITLE,
        HEADER,
        ["1", "Trường THCS Sơn Tây", "Câu lạc bộ Em yêu khoa học", "Giáo dục STEM", ""],
        ["2", "Trường THCS Sơn Tây", "Mô hình 1: Tủ sách lớp học\nMô hình 2: Sân chơi dân gian", "Văn hóa\nThể thao", "Mới"],
        ["3", "Trường THCS Sơn Tây", "Bếp ăn bán trú an toàn", "", ""],
        ["", "Trường.....", "...........", "..........", ""],
        ["", "", "", "Sơn Tây, ngày 10 tháng 4 năm 2025", ""],
        ["", "", "", "HIỆU TRƯỞNG", ""],
        ["", "", "", "Nguyễn Văn Ký", ""],
    ]
    drafts = extract_drafts(reg_mail(rows))
    assert [(d.unit, d.model_title, d.field) for d in drafts] == [
        ("Trường THCS Sơn Tây", "Câu lạc bộ Em yêu khoa học", "Giáo dục STEM"),
        ("Trường THCS Sơn Tây", "Tủ sách lớp học", "Văn hóa"),
        ("Trường THCS Sơn Tây", "Sân chơi dân gian", "Thể thao"),
        ("Trường THCS Sơn Tây", "Bếp ăn bán trú an toàn", None),
    ]
    assert all(d.form == "registration" and d.kind == "collective" and d.name is None for d in drafts)
    assert [d.status for d in drafts] == ["complete", "complete", "complete", "incomplete"]
    assert drafts[3].missing == ["field"]
    assert drafts[0].sources == ["DS dang ky.docx"]


def test_columns_in_other_order_with_merged_two_row_header():
    rows = [
        TITLE,
        ["Số TT", "Lĩnh vực", "Tên mô hình điển hình", "Đơn vị đăng ký", "Ghi chú"],
        ["Số TT", "Lĩnh vực", "Tên mô hình điển hình", "Đơn vị đăng ký", "Ghi chú"],  # merged row repeated
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1", "Y tế", "Góc sơ cứu ban đầu", "Trường Mầm non Sen Hồng", ""],
        ["2", "Môi trường", "Trường học xanh", "Trường Mầm non Sen Hồng", ""],
        ["", "", "", "", ""],
        ["", "Người lập biểu", "", "Thủ trưởng đơn vị", ""],
    ]
    drafts = extract_registrations(reg_mail(rows, "ds.xlsx"))
    assert [(d.unit, d.model_title, d.field) for d in drafts] == [
        ("Trường Mầm non Sen Hồng", "Góc sơ cứu ban đầu", "Y tế"),
        ("Trường Mầm non Sen Hồng", "Trường học xanh", "Môi trường"),
    ]


def test_multi_model_on_one_line_with_numbered_fields():
    models = split_models("Mô hình 1: Thư viện xanh; Mô hình 2: Vườn cổ tích")
    assert models == [("1", "Thư viện xanh"), ("2", "Vườn cổ tích")]
    rows = [HEADER, ["1", "Trường TH An Bình", "MH 1: Thư viện xanh. MH 2: Vườn cổ tích", "MH 2: Giáo dục\nMH 1: Văn hóa", ""]]
    drafts = extract_registrations(reg_mail(rows))
    assert [(d.model_title, d.field) for d in drafts] == [("Thư viện xanh", "Văn hóa"), ("Vườn cổ tích", "Giáo dục")]


def test_header_accent_insensitive_and_not_found_in_forms():
    assert find_header([["tt", "ten don vi", "ten mo hinh", "linh vuc"]]) == (0, {"tt": 0, "unit": 1, "model_title": 2, "field": 3})
    assert find_header([["Họ và tên", "Nguyễn Văn A"], ["Đơn vị", "Trường X"]]) is None


def test_profile_mail_has_no_registrations():
    sub = mail("", [docfile("Ho so.docx", "Họ và tên: Lê Văn A\nĐơn vị: Trường THCS B")])
    assert extract_registrations(sub) == []
    assert extract_drafts(sub)[0].form == "profile"


def test_registration_rows_without_unit_are_incomplete():
    rows = [HEADER, ["1", "", "Ngày hội đọc sách", "Văn hóa", ""]]
    (d,) = extract_drafts(reg_mail(rows))
    assert d.missing == ["unit"] and d.status == "incomplete"


def test_list_without_unit_column_takes_the_letterhead_unit_and_skips_totals():
    rows = [["TT", "TÊN MÔ HÌNH", "LĨNH VỰC"],
            ["I. KHỐI TIỂU HỌC", "I. KHỐI TIỂU HỌC", "I. KHỐI TIỂU HỌC"],
            ["1", "Thư viện xanh", "Văn hóa"],
            ["Tổng cộng: 1 mô hình", "", ""]]
    letterhead = [["PHÒNG GD&ĐT HUYỆN Y\nTRƯỜNG TIỂU HỌC HOA LƯ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]
    sub = mail("Gửi danh sách.", [docfile("DS.docx", "DANH SÁCH", tables=[letterhead, rows])])
    (d,) = extract_drafts(sub)
    assert (d.unit, d.model_title, d.field, d.status) == ("Trường Tiểu học Hoa Lư", "Thư viện xanh", "Văn hóa", "complete")


def test_ditto_units_and_fields_numbered_by_model():
    """"Như trên" repeats the unit above; "2. …" in the field cell is the field of model 2 only."""
    from extract.registration import rows_to_drafts
    from parsers import Table
    rows = [["TT", "TÊN ĐƠN VỊ", "TÊN MÔ HÌNH ĐĂNG KÝ", "Lĩnh vực", "GHI CHÚ"],
            ["1", "Trường TH Phú Lâm", "Mô hình 1: Góc đọc sách\nMô hình 2: Vườn rau của bé", "2. Giáo dục kỹ năng sống", ""],
            ["2", "Như trên", "Cổng trường an toàn", "An toàn giao thông", ""]]
    drafts = rows_to_drafts(Table(rows=rows), "ds.docx")
    assert [(d.unit, d.model_title, d.field) for d in drafts] == [
        ("Trường TH Phú Lâm", "Góc đọc sách", None),
        ("Trường TH Phú Lâm", "Vườn rau của bé", "Giáo dục kỹ năng sống"),
        ("Trường TH Phú Lâm", "Cổng trường an toàn", "An toàn giao thông"),
    ]


def test_a_two_level_header_whose_merged_cells_repeat_is_no_data_row():
    from extract.registration import rows_to_drafts
    from parsers import Table
    rows = [["Số TT", "TÊN ĐƠN VỊ", "MÔ HÌNH ĐĂNG KÝ", "MÔ HÌNH ĐĂNG KÝ", "ĐỊA BÀN TRIỂN KHAI"],
            ["Số TT", "TÊN ĐƠN VỊ", "Tên mô hình", "Lĩnh vực", "ĐỊA BÀN TRIỂN KHAI"],
            ["1", "Trường TH Phú Lâm", "Giờ ra chơi tiếng Anh", "Ngoại ngữ", "Toàn trường"]]
    drafts = rows_to_drafts(Table(rows=rows), "ds.docx")
    assert [(d.unit, d.model_title, d.field) for d in drafts] == [("Trường TH Phú Lâm", "Giờ ra chơi tiếng Anh", "Ngoại ngữ")]


def test_sub_columns_under_a_merged_header_cell_win_over_it():
    from extract.registration import rows_to_drafts
    from parsers import Table
    rows = [["STT", "Đơn vị", "MÔ HÌNH ĐĂNG KÝ", "MÔ HÌNH ĐĂNG KÝ", "GHI CHÚ"],
            ["STT", "Đơn vị", "Lĩnh vực", "Tên mô hình", "GHI CHÚ"],
            ["1", "Trường TH Phú Lâm", "Khuyến học, khuyến tài", "Thầy cô đỡ đầu học sinh", ""]]
    drafts = rows_to_drafts(Table(rows=rows), "ds.docx")
    assert [(d.model_title, d.field) for d in drafts] == [("Thầy cô đỡ đầu học sinh", "Khuyến học, khuyến tài")]


def test_a_note_saying_mo_hinh_moi_is_data_and_the_signers_row_ends_the_list():
    from extract.registration import rows_to_drafts
    from parsers import Table
    rows = [["TT", "Đơn vị", "TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN", "LĨNH VỰC", "GHI CHÚ"],
            ["1", "Trường TH Phú Lâm", "Bơi an toàn", "Giáo dục thể chất", "Mô hình mới"],
            ["", "NGƯỜI LẬP BIỂU THỦ TRƯỞNG ĐƠN VỊ", "", "", ""],
            ["", "Nguyễn Phương Hiền", "", "", ""]]
    drafts = rows_to_drafts(Table(rows=rows), "ds.xlsx")
    assert [(d.unit, d.model_title, d.field) for d in drafts] == [("Trường TH Phú Lâm", "Bơi an toàn", "Giáo dục thể chất")]
