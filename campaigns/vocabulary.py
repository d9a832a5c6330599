"""Vietnamese knowledge the campaigns need, as data: roster headings and unit names.

Every entry is written folded (``parsers.normalise.fold``: no diacritics,
``đ`` → ``d``, lower case), the form names are compared in.

Rosters are typed by hand, so the same column is headed "Tên đơn vị",
"TÊN TRƯỜNG", "Đơn vị" or "Tên cơ sở giáo dục"; units write their own name
as "Trường THCS Nguyễn Du", "THCS Nguyễn Du" or "Trường Trung học cơ sở
Nguyễn Du". School levels are expanded to their full words so an
abbreviation and its spelled-out form compare equal, and are then compared
apart from the proper name: "TH Nguyễn Du" and "THCS Nguyễn Du" are two
different schools even though most of their letters agree.
"""

from __future__ import annotations

# Roster column -> folded headings. A heading matches exactly, or starts with
# or contains one of these as whole words ("Địa chỉ email của trường").
ROSTER_HEADINGS: dict[str, tuple[str, ...]] = {
    "unit": (
        "ten don vi", "don vi", "ten truong", "truong", "ten co so giao duc", "co so giao duc", "ten co quan",
        "co quan", "ten to chuc", "unit", "unit name", "school", "ten",
    ),
    "emails": (
        "email", "e-mail", "e mail", "mail", "thu dien tu", "dia chi thu dien tu", "dia chi email", "hop thu",
        "dia chi mail", "gmail",
    ),
    "level": ("cap hoc", "cap", "bac hoc", "level", "loai hinh", "cap truong"),
    "district": (
        "huyen", "quan/huyen", "quan huyen", "huyen/thi xa", "huyen/thi xa/thanh pho", "huyen thi xa thanh pho",
        "dia ban", "quan", "thi xa", "district", "phong gd&dt", "phong gddt",
    ),
}
REQUIRED_COLUMNS = ("unit", "emails")

# Abbreviation (folded token) -> its words. Applied token by token.
ABBREVIATIONS: dict[str, str] = {
    "mn": "mam non",
    "mg": "mau giao",
    "th": "tieu hoc",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "ptcs": "pho thong co so",
    "pt": "pho thong",
    "ptdtnt": "pho thong dan toc noi tru",
    "ptdtbt": "pho thong dan toc ban tru",
    "ptdt": "pho thong dan toc",
    "dtnt": "dan toc noi tru",
    "dtbt": "dan toc ban tru",
    "gdtx": "giao duc thuong xuyen",
    "gdnn": "giao duc nghe nghiep",
    "ttgdtx": "trung tam giao duc thuong xuyen",
    "gddt": "giao duc va dao tao",
    "gd&dt": "giao duc va dao tao",
    "pgd": "phong giao duc",
    "sgd": "so giao duc",
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "tx": "thi xa",
}

# School levels, longest phrase first, -> a short key. A name may hold two
# ("Trường TH&THCS Xuân Hồng" is a combined primary and lower-secondary school).
LEVELS: tuple[tuple[str, str], ...] = (
    ("pho thong dan toc noi tru", "ptdtnt"),
    ("pho thong dan toc ban tru", "ptdtbt"),
    ("trung tam giao duc thuong xuyen", "gdtx"),
    ("giao duc thuong xuyen", "gdtx"),
    ("trung hoc pho thong", "thpt"),
    ("trung hoc co so", "thcs"),
    ("pho thong co so", "thcs"),
    ("tieu hoc", "th"),
    ("mam non", "mn"),
    ("mau giao", "mn"),
    ("nha tre", "mn"),
    ("lien cap", "lc"),
)

# Words that name the kind of unit and say nothing about which one it is.
GENERIC_WORDS: frozenset[str] = frozenset({"truong", "cong lap", "tu thuc", "dan lap", "huyen", "tinh"})

# Where a written name stops being the name and starts being its location:
# "Trường THCS Nguyễn Du, huyện Vũ Quang" or "Trường TH Ân Phú (Vũ Quang)".
NAME_SEPARATORS = (",", "(", " - ", " – ", " — ", ";")

# How a roster unit was recognised, as reviewers read it.
MATCHED_BY_WORDS: dict[str, str] = {
    "address": "địa chỉ thư",
    "address_alias": "địa chỉ thư (bí danh)",
    "alias": "tên đã xác nhận",
    "name": "tên đơn vị",
}
