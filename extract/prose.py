"""Facts written as prose rather than as labelled values.

Articles ("bài viết") describe the nominee in sentences; the achievements
are the paragraphs that talk about awards, titles and prizes. Replies say
"hồ sơ của thầy Nguyễn Văn A". Registration lists and model profiles name a
model but not always its field. The word lists below carry that knowledge.
"""

from __future__ import annotations

import re

from extract.sections import heading
from extract.text import contains_phrase, fold, is_upper_text, nfc

# Folded phrases that mark an achievement sentence.
ACHIEVEMENT_TERMS = (
    "giai nhat", "giai nhi", "giai ba", "giai khuyen khich", "giai", "bang khen", "giay khen",
    "chien si thi dua", "danh hieu", "huan chuong", "huy chuong", "co thi dua", "lao dong tien tien",
    "lao dong xuat sac", "day gioi", "hoc sinh gioi", "sang kien", "xep loai", "cong nhan",
    "hoan thanh xuat sac", "nha giao uu tu", "giao vien gioi", "chuan quoc gia", "de tai", "bai bao",
    "giao trinh", "ky niem chuong", "khen thuong", "thanh tich", "tieu bieu", "xuat sac", "vinh danh",
    "trao tang", "ghi nhan", "dat chuan", "huong dan hoc sinh", "boi duong",
)
WEAK_TERMS = ("dat", "dat duoc", "nhieu nam", "lien tuc")

# Titles that precede a person's name in running text (folded, longest first).
TITLES = ("thay giao", "co giao", "nha giao", "dong chi", "d/c", "ngut", "ngnd", "ts", "ths", "thay", "co",
          "ong", "ba", "chi", "anh", "em", "ban")
# First words that make a capitalised run a unit, not a person.
NOT_PERSON = {"trường", "phòng", "sở", "bộ", "vụ", "khoa", "tổ", "ubnd", "ủy", "uỷ", "hội", "đoàn", "công",
              "ban", "trung", "liên", "chi", "thành", "tỉnh", "huyện", "quận", "xã", "phường", "thị", "giáo",
              "kính", "lớp", "câu", "nhà", "học", "đại", "mầm", "tiểu", "viện", "cục", "văn"}


def _is_name_word(word: str) -> bool:
    return word.isalpha() and word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _runs_after(text: str, anchors: tuple[str, ...]) -> list[str]:
    """Capitalised runs of 2-5 words right after an anchor word sequence (folded)."""
    words = re.findall(r"[\w/]+|[^\w\s]", nfc(text))  # punctuation kept: it ends a name
    folded = [fold(w) for w in words]
    out = []
    for i in range(len(words)):
        for a in anchors:
            parts = a.split()
            if folded[i:i + len(parts)] != parts:
                continue
            j = i + len(parts)
            while j < len(words) and folded[j] in TITLES and not _is_name_word_run(words, j):
                j += 1
            k = j
            while k < len(words) and k - j < 5 and _is_name_word(words[k]):
                k += 1
            if k - j >= 2 and words[j].lower() not in NOT_PERSON:
                out.append(" ".join(words[j:k]))
            break
    return out


def _is_name_word_run(words: list[str], j: int) -> bool:
    """True when words[j] starts a run of 3+ capitalised words (a name, not a title)."""
    return all(j + n < len(words) and _is_name_word(words[j + n]) for n in range(3)) and fold(words[j]) not in TITLES


# Model-title words → field, for models whose form has no "Lĩnh vực".
FIELD_HINTS: list[tuple[str, tuple[str, ...]]] = [
    ("Chuyển đổi số", ("chuyen doi so", "so hoa", "thong minh", "cong nghe", "truc tuyen", "e learning", "ai")),
    ("Y tế", ("y te", "suc khoe", "tu thuoc", "dinh duong", "ve sinh", "phong chong dich")),
    ("Thể thao", ("the thao", "the duc", "bong da", "boi loi", "vo thuat")),
    ("Môi trường", ("moi truong", "xanh sach dep", "rac thai", "tai che", "nhua")),
    ("Văn hóa", ("thu vien", "doc sach", "van hoa", "van nghe", "truyen thong", "le hoi", "di san")),
    ("Giáo dục", ("an toan giao thong", "ky nang", "giao duc", "hoc tap", "stem", "trai nghiem", "vuon",
                  "lop hoc", "day hoc", "hanh phuc", "an toan", "cong truong")),
]


def achievement_score(text: str) -> int:
    folded = fold(text)
    strong = sum(1 for t in ACHIEVEMENT_TERMS if contains_phrase(folded, t))
    weak = sum(1 for t in WEAK_TERMS if contains_phrase(folded, t))
    return strong * 2 + weak


# The header of the award tables of section III (ND98-M02/M03, ND91-M01/M02): titles held, not a summary.
_AWARD_HEADER = ("so ngay thang nam cua quyet dinh", "co quan ban hanh quyet dinh")


def not_achievement(paragraph: str) -> bool:
    """A report heading ("2. Những biện pháp …:") or an award-table header is never an achievement sentence."""
    words = " ".join(re.findall(r"[a-z0-9]+", fold(paragraph)))
    return heading(paragraph) is not None or any(h in words for h in _AWARD_HEADER)


# How a one-line award title opens ("Chiến sĩ thi đua cấp tỉnh năm 2022."): the titles of the
# Luật Thi đua, khen thưởng 2022 (Điều 23-27, 71-75) and the usual school results.
AWARD_OPENERS = (
    "chien si thi dua", "bang khen", "giay khen", "lao dong tien tien", "lao dong xuat sac", "tap the lao dong",
    "hoan thanh xuat sac", "giai nhat", "giai nhi", "giai ba", "giai khuyen khich", "co thi dua",
    "cong doan co so vung manh", "lien doi manh", "chi bo trong sach", "huan chuong", "ky niem chuong",
    "nha giao uu tu", "nha giao nhan dan", "giao vien day gioi", "giao vien chu nhiem gioi", "danh hieu",
    "sang kien kinh nghiem", "huong dan hoc sinh", "truong dat chuan", "don vi tien tien", "tap the tien tien",
)
_YEAR_OR_LEVEL = re.compile(r"\b(?:19|20)\d\d\b|\bcap (?:tinh|huyen|quan|thanh pho|bo|quoc gia|truong|co so)\b")


def award_title(text: str) -> bool:
    """A short line that names one award or title with its year or level."""
    folded = fold(text).strip(" -+•*.;")
    return (len(folded.split()) <= 25 and folded.startswith(AWARD_OPENERS)
            and _YEAR_OR_LEVEL.search(folded) is not None)


def achievement_paragraphs(paragraphs: list[str]) -> str | None:
    """The paragraphs of an article that state achievements, joined by newlines."""
    chosen = []
    for p in paragraphs:
        p = nfc(p)
        if len(p) < 12 or is_upper_text(p) or not_achievement(p):
            continue
        if (len(p) >= 40 and achievement_score(p) >= 4) or award_title(p):
            chosen.append(p.strip().rstrip(".;"))
    return "\n".join(chosen) if chosen else None


def name_in_title(paragraphs: list[str]) -> str | None:
    """"Thầy giáo Đào Minh Hải – người thắp lửa ..." → "Đào Minh Hải" (first lines only)."""
    for p in paragraphs[:4]:
        runs = _runs_after(p, TITLES)
        if runs:
            return runs[0]
    return None


def name_mention(text: str) -> str | None:
    """A person named after "của"/"cho" (+ title): "hồ sơ của cô Vũ Hải Trang"."""
    runs = _runs_after(text, ("cua", "cho", "ve"))
    return runs[0] if runs else None


def infer_field(model_title: str | None) -> str | None:
    """The usual field of a model from words in its title, or None."""
    folded = fold(model_title)
    if not folded:
        return None
    for field_name, words in FIELD_HINTS:
        if any(contains_phrase(folded, w) for w in words):
            return field_name
    return None
