"""Vocabulary about people: surnames, middle and given names, honorifics, positions, degrees."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .util import chance

# Surname -> relative frequency (roughly the national distribution).
SURNAMES = {
    "Nguyễn": 30, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 4, "Huỳnh": 3, "Phan": 4, "Vũ": 3,
    "Võ": 3, "Đặng": 2, "Bùi": 2, "Đỗ": 2, "Hồ": 2, "Ngô": 2, "Dương": 1.5, "Lý": 1, "Đinh": 1.2,
    "Trịnh": 1, "Lương": 1, "Mai": 0.8, "Cao": 0.8, "Tạ": 0.5, "Đoàn": 0.9, "Lưu": 0.6, "Chu": 0.5,
    "Thái": 0.5, "Kiều": 0.3, "Văn": 0.3, "Hà": 0.8, "La": 0.3, "Quách": 0.3, "Tô": 0.4, "Châu": 0.4,
    "Lâm": 0.6, "Triệu": 0.4, "Khổng": 0.2, "Âu": 0.2, "Ông": 0.2, "Mạc": 0.2, "Nghiêm": 0.3,
    "Tống": 0.3, "Lại": 0.4, "Hứa": 0.3, "Từ": 0.3, "Giáp": 0.2, "Thân": 0.2, "Ninh": 0.2,
}

MIDDLE = {
    "m": ["Văn", "Đức", "Hữu", "Minh", "Quang", "Công", "Xuân", "Thanh", "Anh", "Ngọc", "Trọng",
          "Đình", "Bá", "Tiến", "Mạnh", "Quốc", "Thế", "Hoàng", "Duy", "Hải", "Nhật", "Gia", "Viết",
          "Khắc", "Sỹ", "Trung", "Phú", "Tất", "Kim", "Chí", "Đăng", "Thành", "Việt", "Huy"],
    "f": ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Thùy", "Kim", "Bảo", "Diệu", "Phương",
          "Mai", "Hải", "Khánh", "Quỳnh", "Như", "Tuyết", "Hoài", "Mỹ", "Thúy", "Lệ", "Bích",
          "Cẩm", "Hà", "Vân", "Xuân", "Huyền", "Ánh", "Tường", "Thiên", "Yến", "Hạnh"],
}

GIVEN = {
    "m": ["Hùng", "Dũng", "Tuấn", "Nam", "Long", "Quân", "Khoa", "Phúc", "Thắng", "Cường", "Hiếu",
          "Trung", "Sơn", "Hải", "Đạt", "Việt", "Bình", "Hòa", "Toàn", "Lợi", "Tâm", "Thành", "Vinh",
          "Khánh", "Kiên", "Nghĩa", "Lâm", "Phong", "Tùng", "Hưng", "Quý", "Chiến", "Tài", "Đông",
          "Huân", "Thuận", "Lộc", "Trí", "Hoàn", "Quyết", "Điệp", "Khải", "Mạnh", "Thịnh", "Hậu",
          "Tú", "Ước", "Ân", "Định", "Bảo", "Đức", "Sáng", "Thái", "Vượng", "Luân", "Quang"],
    "f": ["Hoa", "Lan", "Hương", "Mai", "Thảo", "Hà", "Trang", "Ngọc", "Linh", "Yến", "Nhung",
          "Huyền", "Thủy", "Vân", "Hạnh", "Loan", "Nga", "Phượng", "Oanh", "Giang", "Nhàn", "Dung",
          "Hằng", "Quyên", "Tuyết", "Xuân", "Hiền", "Liên", "Diệp", "Ánh", "Uyên", "Trâm", "Hồng",
          "Nguyệt", "Thoa", "Lụa", "Duyên", "Thắm", "Nhi", "Châu", "Quỳnh", "Ly", "Sương", "Thơ",
          "Ngân", "Hậu", "Tươi", "Thúy", "Phương", "Chi", "Vy", "Ước", "Lý", "Bình", "Mỹ", "Kiều"],
}

# Ethnic-minority names (whole names, used rarely): apostrophes and unusual syllables.
MINORITY = {
    "m": ["Lò Văn Pấng", "Giàng A Sử", "Vàng Seo Chứ", "Lường Văn Ơn", "Sùng A Lềnh", "Hà Văn Nhất",
          "Ksor Y Blum", "Đinh Văn Lực", "Bàn Văn Quẩy", "Triệu Tài Vần"],
    "f": ["Lò Thị Ọn", "Sùng Thị Mỷ", "Hà Thị Nọi", "H'Luyện Niê", "Vi Thị Lả", "Lục Thị Piềng",
          "Ksor H'Bia", "Mùa Thị Dế", "Cầm Thị Xuyến", "Nông Thị Thiêm"],
}

# Honorifics that may precede a name in prose or lists; they are never part of the name.
HONORIFICS = {
    "f": ["cô", "cô giáo", "đồng chí", "Cô giáo", "nhà giáo", "ThS.", "cô giáo, ThS."],
    "m": ["thầy", "thầy giáo", "đồng chí", "Thầy giáo", "nhà giáo", "ThS.", "TS.", "NGƯT."],
}
PRONOUN = {"f": "cô", "m": "thầy"}

POSITIONS_TEACHER = [
    "Giáo viên", "Giáo viên chủ nhiệm lớp {cls}", "Tổ trưởng chuyên môn", "Tổ phó tổ {subject}",
    "Phó Hiệu trưởng", "Hiệu trưởng", "Tổng phụ trách Đội", "Giáo viên, Bí thư Chi đoàn",
    "Nhân viên thư viện", "Nhân viên kế toán", "Giáo viên, Chủ tịch Công đoàn",
    "Giáo viên, Khối trưởng khối {grade}", "Nhân viên y tế học đường",
]
SUBJECTS = ["Toán", "Ngữ văn", "Tiếng Anh", "Vật lí", "Hóa học", "Sinh học", "Lịch sử", "Địa lí",
            "Tin học", "Công nghệ", "Âm nhạc", "Mĩ thuật", "Giáo dục thể chất", "Khoa học tự nhiên",
            "Tự nhiên và Xã hội", "Tiếng Việt", "Hoạt động trải nghiệm", "Giáo dục công dân"]
DEGREES = ["Đại học Sư phạm {subject}", "Cử nhân {subject}", "Thạc sĩ Lí luận và PPDH bộ môn {subject}",
           "Cao đẳng Sư phạm", "Đại học Giáo dục Tiểu học", "Đại học Giáo dục Mầm non",
           "Thạc sĩ Quản lý giáo dục", "Tiến sĩ Khoa học giáo dục"]
POLITICAL = ["Trung cấp", "Sơ cấp", "Cao cấp", "Trung cấp lý luận chính trị"]
ETHNIC = ["Kinh", "Kinh", "Kinh", "Kinh", "Tày", "Thái", "Mường", "Nùng", "H'Mông", "Dao", "Ê Đê"]


@dataclass
class Person:
    """A drawn person: full name, gender ('m'/'f'), name parts for e-mails."""

    name: str
    gender: str
    surname: str
    given: str


def draw_person(rng: random.Random, gender: str | None = None) -> Person:
    gender = gender or rng.choice("mf" if rng.random() < 0.4 else "ff")
    if chance(rng, 0.04):
        full = rng.choice(MINORITY[gender])
        parts = full.split()
        return Person(full, gender, parts[0], parts[-1])
    surname = rng.choices(list(SURNAMES), weights=list(SURNAMES.values()))[0]
    given = rng.choice(GIVEN[gender])
    middles = [rng.choice(MIDDLE[gender])]
    if chance(rng, 0.22):
        second = rng.choice(MIDDLE[gender])
        if second != middles[0]:
            middles.append(second)
    if chance(rng, 0.05):
        # Double surname from both parents ("Lê Nguyễn Bảo Ngọc").
        other = rng.choices(list(SURNAMES), weights=list(SURNAMES.values()))[0]
        if other != surname:
            middles.insert(0, other)
    while given in middles:
        given = rng.choice(GIVEN[gender])
    return Person(" ".join([surname, *middles, given]), gender, surname, given)


def draw_position(rng: random.Random) -> str:
    return rng.choice(POSITIONS_TEACHER).format(
        cls=f"{rng.randint(1, 12)}{rng.choice('ABCDE')}", subject=rng.choice(SUBJECTS),
        grade=rng.randint(1, 5))


def draw_degree(rng: random.Random) -> str:
    return rng.choice(DEGREES).format(subject=rng.choice(SUBJECTS))
