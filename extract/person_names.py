"""Vietnamese personal names found in running text, by what they are.

A name is a family name from the list below followed by one to three
capitalised syllables ("Văn Bảo Tường Nga", "Lê Thị Hoa"); a title before it
("cô giáo", "thầy", "đồng chí", "ThS.") is no part of it. Used where no label
says "Họ và tên": prose articles and mails that tell about the nominee.
"""

from __future__ import annotations

import re

from domain import fold, nfc
from extract.values import strip_honorifics

# The common Vietnamese family names (folded), which cover nearly every person in school staff lists.
SURNAMES = frozenset("""
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh dao doan lam luong trinh mai
cao truong ta ha kieu quach thai tang lai tong van chu khuat giang thach nghiem ung phung
mac dam kha trieu tham chung dieu au vuong ninh bach chau cu hua khong
cam lo vi mong sung thao vang lu sa nong hau
""".split())
# Capitalised words that open a unit's name, never a person's ("Trường", "Vụ", "Sở" fold like surnames).
UNIT_OPENERS = frozenset("Trường Vụ Phòng Sở Bộ Ban Hội Khối Tổ Lớp Đội Chi Đoàn Công Liên Thành Tỉnh Huyện".split())
# Words that, written just before a name, say a person follows.
_TITLES = re.compile(r"(?:co|thay|co giao|thay giao|dong chi|d/c|ong|ba|anh|chi|em|giao vien|nha giao|cua|"
                     r"ts\.?|ths\.?|cn\.?|ngut|ngnd)\s*[.:]?\s*$")
_WORD = re.compile(r"[^\W\d_]+")
# Compared with their accents: "huyện" is no given name, "Huyền" is a common one.
_NOT_GIVEN_NAMES = frozenset(
    "trường phòng sở tỉnh huyện xã phường giáo dục đào tạo ủy uỷ ban nhân dân việt đọc kính gửi trân trọng "
    "thông tin bằng khen giấy thcs thpt".split())
# Words of posts and signing lines, compared with their accents: no syllable of a person's name.
_TITLE_WORDS = frozenset("trưởng phó thủ đơn vị hiệu giám đốc chủ tịch xác nhận biểu ký".split())
# School levels and unit words: a run opening with them ("THCS Hồ Tùng Mậu") is a school's name.
_UNIT_WORDS = frozenset("th thcs thpt mn mg ptdtbt ptdtnt gdtx gdnn trường truong tiểu học mầm non".split())


# Capitalised place words that open a hamlet's, a street's or a commune's name ("Bản Mai Hưng", "Thôn Lê Xá").
_PLACE_WORDS = frozenset("ban thon xom ap lang buon soc khu khom xa phuong huyen tinh duong pho ngo hem".split())
# Words after which a name is a school's, a street's or a place's ("Trường THCS Trần Phú", "đường Lê Lợi").
_PLACE_BEFORE = re.compile(
    r"(?:truong|thcs|thpt|tieu hoc|mam non|th|mn|ptdtbt|ptdtnt|pho thong|trung hoc|co so|mau giao|nha tre|gdtx|"
    r"noi tru|ban tru|lien cap|duong|pho|phuong|xa|huyen|quan|tinh|thon|ap|ban|"
    r"khu|le|giai|cuoc thi|hoi thi|quyet dinh|(?<!ho )so|\d+[a-z]?)\s*[-:,./]?\s*$")  # "số", not "hồ sơ"


def person_names(text: str) -> list[str]:
    """Every plausible personal name in ``text`` (NFC, titles removed), first seen first."""
    found: list[str] = []
    text = nfc(text)
    for start, words in _capitalised_runs(text):
        if _PLACE_BEFORE.search(fold(text[max(0, start - 24):start])):
            continue
        if words[0].capitalize() in UNIT_OPENERS:  # "TRƯỜNG MẦM NON NGÔ": a school, whatever the case
            continue
        titled = bool(_TITLES.search(fold(text[max(0, start - 14):start])))
        school = place = False
        stripped = False
        while words and fold(words[0]) not in SURNAMES:
            stripped = True
            titled = titled or bool(_TITLES.search(fold(words[0])))
            school = school or words[0].lower() in _UNIT_WORDS
            place = place or fold(words[0]) in _PLACE_WORDS
            words = words[1:]  # "Cô Lê Thị Hoa": the title is capitalised too
        if school or place:
            continue  # "THCS Hồ Tùng Mậu", "Bản Mai Hưng": a school or a place named after a person
        if stripped and all(w.isupper() for w in words) and not titled:
            continue  # "TÓM TẮT QUÁ TRÌNH CÔNG TÁC": a heading in capitals, not "TRÌNH CÔNG TÁC"
        if len(words) > 4 or len(words) < (2 if titled else 3):
            continue
        if any(nfc(w).lower() in _NOT_GIVEN_NAMES for w in words[1:]) or any(
                nfc(w).lower() in _TITLE_WORDS for w in words):
            continue  # "THỦ TRƯỞNG ĐƠN VỊ" under a form: "Trưởng" is a post, never "Trương" without its accent
        name = strip_honorifics(" ".join(w.capitalize() if w.isupper() else w for w in words))
        if len(name.split()) >= 2 and fold(name) not in {fold(f) for f in found}:
            found.append(name)
    return found


def _capitalised_runs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of capitalised syllables ("Lê Thị Hoa") separated by single spaces, with where each starts."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = end = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        capitalised = word[0].isupper() and (len(word) == 1 or word[1:].islower() or word.isupper()) and len(word) <= 7
        # one run keeps one style: "LÊ YẾN SƯƠNG Giới tính" stops before "Giới"
        same_style = current and (len(word) == 1 or len(current[-1]) == 1 or word.isupper() == current[-1].isupper())
        joined = current and text[end:match.start()] == " " and same_style
        if capitalised and joined:
            current.append(word)
        else:
            if len(current) >= 2:
                runs.append((start, current))
            current, start = ([word], match.start()) if capitalised else ([], 0)
        end = match.end()
    if len(current) >= 2:
        runs.append((start, current))
    return runs
