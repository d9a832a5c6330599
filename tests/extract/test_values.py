import pytest

from extract.values import (
    find_links,
    is_empty_value,
    normalise_email,
    normalise_phone,
    strip_honorifics,
    unit_case,
    vietnamese_name_case,
)


@pytest.mark.parametrize("text,expected", [
    ("0912 345 678", "+84912345678"),
    ("0912.345.678", "+84912345678"),
    ("0912-345-678", "+84912345678"),
    ("+84 912345678", "+84912345678"),
    ("84912345678", "+84912345678"),
    ("+84 (0) 912 345 678", "+84912345678"),
    ("(0239) 3812 345", "+842393812345"),
    ("0239.3812.345", "+842393812345"),
    ("024 3869 4884", "+842438694884"),
    ("ĐT: 098.277.9995 (Zalo)", "+84982779995"),
])
def test_phone_formats(text, expected):
    assert normalise_phone(text) == expected


def test_two_numbers_prefers_first_mobile():
    assert normalise_phone("CQ: (0239) 3812 345 - DĐ: 0912.345.678") == "+84912345678"
    assert normalise_phone("0912345678 / 0983111222") == "+84912345678"


def test_two_landlines_gives_first():
    assert normalise_phone("(0239) 3812 345; (0236) 3553 910") == "+842393812345"


@pytest.mark.parametrize("text", ["", "0123", "không có", "năm học 2021-2022, 2022-2023", "Số 41, ngõ 66", "12345678901234"])
def test_invalid_phones(text):
    assert normalise_phone(text) is None


@pytest.mark.parametrize("text,expected", [
    ("Hoa.NT@Example.edu.vn", "hoa.nt@example.edu.vn"),
    ("Email: abc.def@gmail.com.", "abc.def@gmail.com"),
    ("mailto:tuan.cd95@gmail.com", "tuan.cd95@gmail.com"),
    ("<c2nguyendu@hatinh.edu.vn> (email trường)", "c2nguyendu@hatinh.edu.vn"),
])
def test_emails(text, expected):
    assert normalise_email(text) == expected


@pytest.mark.parametrize("text", ["", "không có", "xxx@gmail.com", "email@domain.com", "....@gmail.com", "abc@", "@gmail.com"])
def test_email_placeholders_rejected(text):
    assert normalise_email(text) is None


@pytest.mark.parametrize("text,expected", [
    ("NGUYỄN THỊ HOA", "Nguyễn Thị Hoa"),
    ("nguyễn thị hoa", "Nguyễn Thị Hoa"),
    ("ĐẶNG ĐỨC TUẤN", "Đặng Đức Tuấn"),
    ("Nguyễn thị Hoa", "Nguyễn thị Hoa"),  # mixed case is left alone
    ("Lê Văn A", "Lê Văn A"),
])
def test_name_case(text, expected):
    assert vietnamese_name_case(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("cô giáo Nguyễn Thị Hoa", "Nguyễn Thị Hoa"),
    ("Thầy giáo Đào Minh Hải", "Đào Minh Hải"),
    ("Thầy Lê Văn Nam", "Lê Văn Nam"),
    ("Cô Trần Thị Lan", "Trần Thị Lan"),
    ("đồng chí Phạm Văn Bình", "Phạm Văn Bình"),
    ("Đ/c Phạm Văn Bình", "Phạm Văn Bình"),
    ("TS. Trần Văn An", "Trần Văn An"),
    ("ThS. Đỗ Thu Hà", "Đỗ Thu Hà"),
    ("PGS.TS. Hoàng Văn Cường", "Hoàng Văn Cường"),
    ("NGƯT. Phạm Thị Mai", "Phạm Thị Mai"),
    ("Nhà giáo ưu tú Vũ Văn Hùng", "Vũ Văn Hùng"),
    ("Ông Nguyễn Văn Tùng", "Nguyễn Văn Tùng"),
    ("Ông Văn Tùng", "Ông Văn Tùng"),  # "Ông" is also a surname
    ("Nguyễn Thị Hoa", "Nguyễn Thị Hoa"),
])
def test_strip_honorifics(text, expected):
    assert strip_honorifics(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "......", "…", "-", "—", "___", "không có", "Không", "(đang cập nhật)",
                                  "chưa có", "Chưa cập nhật", "N/A", "n/a", "(không có)"])
def test_empty_values(text):
    assert is_empty_value(text)


@pytest.mark.parametrize("text", ["Nguyễn Văn A", "0912345678", "Tổ 6, quận Hải Châu", "Không gian đọc xanh"])
def test_real_values_are_not_empty(text):
    assert not is_empty_value(text)


def test_find_links_hosts_and_punctuation():
    text = ("Minh chứng: https://drive.google.com/file/d/1OW/view?usp=drive_link. "
            "Xem thêm (https://1drv.ms/f/s!AzC?e=HM), docs.google.com/document/d/abc; "
            "https://truong.sharepoint.com/:f:/s/tdkt/Eab và https://youtu.be/xyz!")
    assert find_links(text) == [
        "https://drive.google.com/file/d/1OW/view?usp=drive_link",
        "https://1drv.ms/f/s!AzC?e=HM",
        "docs.google.com/document/d/abc",
        "https://truong.sharepoint.com/:f:/s/tdkt/Eab",
        "https://youtu.be/xyz",
    ]


def test_find_links_keeps_balanced_parentheses_and_other_urls():
    assert find_links("https://vi.wikipedia.org/wiki/A_(B)") == ["https://vi.wikipedia.org/wiki/A_(B)"]
    assert find_links("www.dropbox.com/s/abc/file.pdf?dl=0,") == ["www.dropbox.com/s/abc/file.pdf?dl=0"]
    assert find_links("không có link") == []


def test_unit_case_keeps_acronyms():
    assert unit_case("TRƯỜNG THCS HƯƠNG MINH") == "Trường THCS Hương Minh"
    assert unit_case("PHÒNG GD&ĐT VŨ QUANG") == "Phòng GD&ĐT Vũ Quang"
    assert unit_case("Trường Tiểu học Ân Phú") == "Trường Tiểu học Ân Phú"
