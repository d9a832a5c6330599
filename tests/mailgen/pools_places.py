"""Vocabulary about places and schools: invented provinces/districts/communes, streets, schools."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .util import chance, slug

# Sino-Vietnamese syllables that place names are made of; pairs give plausible invented names.
PLACE_SYLLABLES = [
    "An", "Bình", "Phú", "Tân", "Hòa", "Thạnh", "Lộc", "Hưng", "Xuân", "Thanh", "Sơn", "Lâm", "Hà",
    "Trung", "Đông", "Tây", "Nam", "Bắc", "Quảng", "Vĩnh", "Long", "Phước", "Mỹ", "Thuận", "Hải",
    "Yên", "Cẩm", "Kim", "Ngọc", "Hồng", "Đức", "Minh", "Quang", "Thịnh", "Lạc", "Định", "Gia",
    "Cát", "Tiên", "Phong", "Nghĩa", "Hiệp", "Thủy", "Lương", "Khánh", "Châu", "Tường", "Vân",
    "Điền", "Thái", "Kỳ", "Diên", "Tuy", "Cao", "Hậu", "Lệ", "Liên", "Mai", "Sa", "Trà", "Ba",
    "Cửu", "Đại", "Bảo", "Thọ", "Khê", "Giang", "Hương", "Lĩnh", "Vạn", "Hội", "Lập",
]
STREET_NAMES = [
    "Trần Hưng Đạo", "Nguyễn Trãi", "Lý Thường Kiệt", "Hai Bà Trưng", "Phan Đình Phùng", "Hùng Vương",
    "Quang Trung", "Võ Thị Sáu", "Ngô Quyền", "Điện Biên Phủ", "Tôn Đức Thắng", "Bà Triệu",
    "Đinh Tiên Hoàng", "Lê Hồng Phong", "Phan Chu Trinh", "Nguyễn Thị Minh Khai", "Trần Phú",
    "Lê Thánh Tông", "Nguyễn Huệ", "Yết Kiêu", "Phạm Ngũ Lão", "Nguyễn Văn Linh", "Trường Chinh",
    "Lạc Long Quân", "Âu Cơ", "Mạc Đĩnh Chi", "Nguyễn Công Trứ", "Hoàng Hoa Thám", "Lê Lai",
    "Phan Bội Châu", "Cách Mạng Tháng Tám", "30 Tháng 4", "3 Tháng 2", "Nguyễn Chí Thanh", "Tố Hữu",
]
SCHOOL_PATRONS = [
    "Nguyễn Bỉnh Khiêm", "Lương Thế Vinh", "Chu Văn An", "Lê Quý Đôn", "Trần Đại Nghĩa", "Kim Đồng",
    "Võ Thị Sáu", "Nguyễn Đình Chiểu", "Trần Quốc Toản", "Lý Tự Trọng", "Nguyễn Văn Trỗi", "Phan Huy Chú",
    "Hoàng Văn Thụ", "Nguyễn Khuyến", "Tô Hiến Thành", "Lê Văn Tám", "Đoàn Thị Điểm", "Nguyễn Hiền",
    "Mạc Đĩnh Chi", "Trưng Vương", "Ngô Sĩ Liên", "Phan Đăng Lưu", "Huỳnh Thúc Kháng", "Bế Văn Đàn",
    "Cù Chính Lan", "Nguyễn Thái Học", "Hồ Tùng Mậu", "Trần Cao Vân", "Đặng Thai Mai", "Hà Huy Tập",
]
KINDERGARTEN_NAMES = ["Hoa Sen", "Sơn Ca", "Họa Mi", "Hoa Mai", "Tuổi Thơ", "Hoa Hồng", "Ánh Dương",
                      "Vành Khuyên", "Bình Minh", "Hoa Phượng", "Búp Sen Hồng", "Thỏ Ngọc", "Sao Mai"]
# Level -> (ways it is written, e-mail prefix).
LEVELS = {
    "mn": (["Trường Mầm non", "Trường MN", "Trường Mẫu giáo"], "mn"),
    "th": (["Trường Tiểu học", "Trường TH", "Trường Tiểu học"], "c1"),
    "thcs": (["Trường THCS", "Trường Trung học cơ sở", "Trường THCS"], "c2"),
    "thpt": (["Trường THPT", "Trường Trung học phổ thông", "Trường THPT"], "c3"),
    "ttc": (["Trường TH&THCS", "Trường Tiểu học và THCS", "Trường TH và THCS"], "c12"),
    "ptdtbt": (["Trường PTDTBT THCS", "Trường PTDTBT Tiểu học", "Trường PT Dân tộc nội trú THCS"], "dtnt"),
    "gdtx": (["Trung tâm GDNN-GDTX", "Trung tâm Giáo dục thường xuyên"], "gdtx"),
}
LEVEL_WEIGHTS = {"mn": 16, "th": 26, "thcs": 26, "thpt": 14, "ttc": 7, "ptdtbt": 5, "gdtx": 2}
RURAL_HAMLETS = ["thôn", "xóm", "ấp", "bản", "làng"]
URBAN_BLOCKS = ["Tổ dân phố", "tổ", "khối", "Khu phố", "TDP"]


@dataclass
class Region:
    """An invented province with one district and a few communes (all names NFC)."""

    province: str
    province_kind: str   # tỉnh | thành phố
    area_code: str       # without the leading 0: "239", "24"
    district: str
    district_kind: str   # huyện | quận | thị xã | thành phố
    communes: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)

    @property
    def domain(self) -> str:
        return slug(self.province) + ".edu.vn"

    @property
    def province_full(self) -> str:
        return f"{self.province_kind} {self.province}"

    @property
    def district_full(self) -> str:
        return f"{self.district_kind} {self.district}"


def place_name(rng: random.Random, avoid: set[str] | None = None) -> str:
    while True:
        a, b = rng.sample(PLACE_SYLLABLES, 2)
        name = f"{a} {b}"
        if not avoid or name not in avoid:
            if avoid is not None:
                avoid.add(name)
            return name


def draw_region(rng: random.Random, used: set[str]) -> Region:
    big_city = chance(rng, 0.15)
    province = place_name(rng, used)
    if big_city:
        area = rng.choice(["24", "28"]) if chance(rng, 0.5) else str(rng.randint(220, 299))
        pkind, dkind = "thành phố", rng.choice(["quận", "quận", "huyện", "thị xã"])
    else:
        area = str(rng.randint(203, 299))
        pkind, dkind = "tỉnh", rng.choice(["huyện", "huyện", "huyện", "thị xã", "thành phố"])
    district = place_name(rng, used)
    communes = []
    for _ in range(6):
        if dkind in ("quận", "thành phố", "thị xã"):
            kind = "phường" if chance(rng, 0.8) else "xã"
        else:
            kind = "xã" if chance(rng, 0.85) else "thị trấn"
        name = place_name(rng, used)
        if chance(rng, 0.2):
            name = name.split()[0] + " " + rng.choice([w for w in ["Thượng", "Hạ", "Trung", "Đông", "Tây"] if w != name.split()[0]])
        communes.append((kind, name))
    return Region(province, pkind, area, district, dkind, communes)


def draw_address(rng: random.Random, region: Region, commune: tuple[str, str] | None = None) -> str:
    """A postal/contact address written the many ways people write them (truth = as written)."""
    kind, name = commune or rng.choice(region.communes)
    prov = rng.choice([region.province_full, region.province, f"{region.province_kind} {region.province}"])
    if region.province_kind == "tỉnh" and chance(rng, 0.15):
        prov = f"T. {region.province}"
    dist = region.district_full if chance(rng, 0.8) else region.district
    if region.district_kind == "thành phố" and chance(rng, 0.4):
        dist = f"TP. {region.district}"
    urban = kind in ("phường", "thị trấn")
    comm = f"{kind} {name}"
    if kind == "phường" and chance(rng, 0.25):
        comm = f"P. {name}"
    style = rng.random()
    if urban and style < 0.45:
        number = rng.choice([str(rng.randint(2, 420)), f"{rng.randint(2, 150)}/{rng.randint(2, 40)}",
                             f"{rng.randint(2, 90)}{rng.choice('ABC')}"])
        street = rng.choice(["đường", "phố", "Đường", ""]).strip()
        head = f"Số {number} {street} {rng.choice(STREET_NAMES)}" if chance(rng, 0.7) else f"{number} {rng.choice(STREET_NAMES)}"
        parts = [" ".join(head.split()), comm, dist, prov]
    elif urban:
        block = rng.choice(URBAN_BLOCKS)
        parts = [f"{block} {rng.randint(1, 25)}", comm, dist, prov]
    else:
        hamlet = rng.choice(RURAL_HAMLETS)
        label = str(rng.randint(1, 12)) if chance(rng, 0.35) else place_name(rng)
        parts = [f"{hamlet} {label}", comm, dist, prov]
        if chance(rng, 0.5):
            parts[0] = parts[0][0].upper() + parts[0][1:]
    if chance(rng, 0.15):
        parts = parts[:-1]
    sep = ", " if chance(rng, 0.85) else " - "
    return sep.join(parts)


@dataclass
class School:
    """A school (or other unit) with its written name and its own contact data."""

    name: str        # as written: "Trường THCS Chu Văn An"
    level: str
    short: str       # the proper part: "Chu Văn An"
    commune: tuple[str, str]
    email_prefix: str


def draw_school(rng: random.Random, region: Region, level: str | None = None) -> School:
    from .util import weighted

    level = level or weighted(rng, LEVEL_WEIGHTS)
    forms, prefix = LEVELS[level]
    form = forms[0] if chance(rng, 0.6) else rng.choice(forms)
    commune = rng.choice(region.communes)
    if level == "mn" and chance(rng, 0.45):
        short = rng.choice(KINDERGARTEN_NAMES)
    elif chance(rng, 0.5) or level == "gdtx":
        short = commune[1] if level != "gdtx" else region.district
    else:
        short = rng.choice(SCHOOL_PATRONS)
    if level in ("th", "mn", "thcs") and chance(rng, 0.1):
        short = f"{short} số {rng.randint(1, 3)}"
    if form.startswith("Trung tâm") and level == "gdtx":
        name = f"{form} {region.district_kind} {short}" if chance(rng, 0.5) else f"{form} {short}"
    else:
        name = f"{form} {short}"
    return School(name, level, short, commune, prefix)
