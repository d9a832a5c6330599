import pytest

from extract.labels import LABELS, match_label, score_label


def field_of(text):
    hit = match_label(text)
    return hit[0] if hit else None


@pytest.mark.parametrize("text,field", [
    ("Họ và tên", "name"),
    ("Họ tên", "name"),
    ("Tên tập thể", "name"),
    ("Tên đơn vị/tập thể được đề nghị", "name"),
    ("Đơn vị công tác", "unit"),
    ("Nơi công tác", "unit"),
    ("Chức vụ", "position"),
    ("Tên mô hình", "model_title"),
    ("Lĩnh vực", "field"),
    ("Tóm tắt thành tích", "achievement_summary"),
    ("Thành tích nổi bật", "achievement_summary"),
    ("Địa chỉ liên lạc", "address"),
    ("SĐT", "phone"),
    ("Số điện thoại", "phone"),
    ("Thư điện tử", "email"),
    ("E-mail", "email"),
    ("Minh chứng", "evidence"),
    ("Ảnh", "photo"),
])
def test_table_wordings(text, field):
    assert field_of(text) == field


@pytest.mark.parametrize("text,field", [
    # wordings that are not in the table
    ("Số ĐT liên hệ", "phone"),
    ("Địa chỉ thư điện tử", "email"),
    ("Họ, tên người được đề nghị", "name"),
    ("THÀNH TÍCH ĐÃ ĐẠT ĐƯỢC", "achievement_summary"),
    ("Nơi công tác hiện nay", "unit"),
    ("Địa chỉ mail cá nhân", "email"),
    ("Địa chỉ email", "email"),
    ("Thư điện tử của tập thể", "email"),
    ("Thành tích đạt được trong 3 năm gần đây", "achievement_summary"),
    ("Minh chứng thành tích", "evidence"),
    ("Link sản phẩm, minh chứng", "evidence"),
    ("SĐT của thầy Chu Đức Tuấn", "phone"),
])
def test_unseen_wordings(text, field):
    assert field_of(text) == field


@pytest.mark.parametrize("text,field", [
    ("HỌ VÀ TÊN", "name"),
    ("ĐỊA CHỈ LIÊN LẠC", "address"),
    ("Ho va ten", "name"),            # no accents
    ("Đia chi lien lac", "address"),  # partly accented
    ("Thanh tic noi bat", "achievement_summary"),  # typo
    ("So dien thaoi", "phone"),       # typo
    ("Tóm tắt thành tich", "achievement_summary"),
])
def test_case_accents_typos(text, field):
    assert field_of(text) == field


@pytest.mark.parametrize("text,field", [
    ("1. Họ và tên", "name"),
    ("a) Địa chỉ liên lạc", "address"),
    ("- Email", "email"),
    ("IV. Tóm tắt thành tích", "achievement_summary"),
    ("Điện thoại (di động)", "phone"),
    ("Họ và tên (viết chữ in hoa)", "name"),
    ("• Số điện thoại:", "phone"),
])
def test_numbering_bullets_parentheses(text, field):
    assert field_of(text) == field


@pytest.mark.parametrize("text", [
    "Thực hiện Công văn số 44/PGDĐT-TĐKT ngày 28/02/2024 về việc báo cáo điển hình tiên tiến, Trường gửi hồ sơ gồm",
    "Trường xin gửi bổ sung các nội dung còn thiếu trong hồ sơ của Vũ Hải Trang",
    "Vào Th 4, 27 thg 3, 2024 vào lúc 17",
    "Hồ sơ gồm",
    "Sáng kiến kinh nghiệm",
    "Hoàn thành xuất sắc nhiệm vụ",
    "THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN",
    "Điều 1",
    "https",
    "",
])
def test_ordinary_text_is_not_a_data_label(text):
    hit = match_label(text)
    assert hit is None or hit[0] == "other"


def test_known_but_ignored_labels_are_other():
    assert field_of("Năm sinh") == "other"
    assert field_of("Số lượng thành viên") == "other"


def test_scores_rank_specific_over_generic():
    ranked = dict(score_label("Địa chỉ thư điện tử"))
    assert ranked["email"] > ranked["address"]
    assert match_label("Họ và tên")[1] == 1.0


def test_every_table_wording_matches_its_field():
    for field, wordings in LABELS.items():
        for w in wordings:
            assert field_of(w) == field, w
