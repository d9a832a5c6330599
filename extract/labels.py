"""The label vocabulary of nomination forms and a fuzzy matcher for it.

Schools type their own forms, so the same item is labelled "Họ và tên",
"HỌ, TÊN NGƯỜI ĐƯỢC ĐỀ NGHỊ", "Ho ten", "1. Họ tên (viết hoa)" ... The table
below lists typical wordings per field; ``match_label`` generalises beyond it
by comparing folded word tokens (accent/case-insensitive, one typo per long
word tolerated) and only mildly penalising extra words such as "của",
"người được đề nghị" or a person's name. Long text and sentences score low,
so ordinary prose is not mistaken for a label.

Fuzzy scoring uses the standard library's ``difflib`` (no extra dependency).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from extract.person_names import SURNAMES
from extract.text import fold, strip_bullet

# field -> wordings. "other" holds labels we do not extract but must
# recognise, so that they end the previous multi-line value.
LABELS: dict[str, list[str]] = {
    "name": [
        "Họ và tên", "Họ tên", "Họ, tên", "Tên", "Tên cá nhân", "Tên tập thể",
        "Tên đơn vị được đề nghị", "Tên đơn vị/tập thể được đề nghị",
        "Tên tập thể được đề nghị", "Tên cá nhân được đề nghị",
        "Họ và tên người được đề nghị", "Tên người được đề nghị",
        "Cá nhân được đề nghị", "Tập thể được đề nghị", "Tên tổ chức", "Đơn vị được đề nghị",
        "Tên gọi tập thể",
        "Họ và tên cá nhân", "Tên tổ chuyên môn", "Tên tổ", "Tên nhóm", "Tên lớp", "Tên câu lạc bộ",
        "Tên liên đội",
    ],
    "unit": [
        "Đơn vị", "Đơn vị công tác", "Nơi công tác", "Cơ quan", "Cơ quan công tác",
        "Trường", "Tên trường", "Tên đơn vị", "Đơn vị trực thuộc",
        "Công tác tại", "Đơn vị quản lý", "Nơi làm việc", "Trường công tác",
        "Đơn vị sử dụng viên chức", "Đơn vị sử dụng", "Đơn vị cơ sở",  # HS02-VC, CV-2C-* header
    ],
    # the unit a collective belongs to (DISTRICT-INFO "Trực thuộc"); the unit when nothing else says it
    "parent": ["Trực thuộc", "Thuộc đơn vị", "Đơn vị chủ quản", "Đơn vị cấp trên", "Thuộc trường"],
    "position": ["Chức vụ", "Chức danh", "Nghề nghiệp", "Chức vụ hiện nay"],
    "model_title": [
        "Tên mô hình", "Mô hình", "Tên điển hình", "Tên mô hình điển hình tiên tiến",
        "Mô hình đăng ký", "Tên mô hình, điển hình tiên tiến", "Mô hình điển hình", "Mô hình điển hình tiên tiến",
    ],
    "field": ["Lĩnh vực", "Lĩnh vực hoạt động", "Lĩnh vực đăng ký", "Ngành, lĩnh vực", "Thuộc lĩnh vực"],
    "achievement_summary": [
        "Tóm tắt thành tích", "Thành tích nổi bật", "Thành tích đạt được",
        "Thành tích tiêu biểu", "Quá trình thành tích", "Thành tích",
        "Các thành tích", "Thành tích khen thưởng", "Khen thưởng",
        "Tóm tắt thành tích đạt được", "Kết quả đạt được", "Những thành tích",
        "Danh hiệu thi đua, hình thức khen thưởng", "Thành tích đã đạt",
        "Quá trình khen thưởng", "Tóm tắt thành tích nổi bật", "Danh hiệu thi đua", "Danh hiệu",
        "Kết quả nổi bật", "Thành tích chủ yếu", "Thành tích đã đạt được", "Những thành tích đã đạt được",
        "Các thành tích đã đạt được",
    ],
    "address": [
        "Địa chỉ", "Địa chỉ liên lạc", "Địa chỉ liên hệ", "Nơi ở", "Nơi ở hiện nay",
        "Chỗ ở hiện nay", "Địa chỉ thường trú", "Địa chỉ nhà riêng", "Trụ sở",
        "Địa chỉ đơn vị", "Nơi cư trú", "Địa chỉ trụ sở", "Địa chỉ cơ quan", "Địa chỉ nơi ở",
        # ND98-M03/ND91-M02 "Trú quán"; ND91-M07 "Nơi thường trú"; ND98-M02/ND91-M01 head office
        "Trú quán", "Nơi thường trú", "Địa điểm trụ sở chính", "Địa điểm trụ sở", "Nơi ở hiện tại",
    ],
    # HS02-VC item 8: the registered residence, a fallback for the address only (records)
    "residence": ["Nơi đăng ký hộ khẩu thường trú", "Hộ khẩu thường trú", "Nơi đăng ký thường trú", "Hộ khẩu"],
    "phone": [
        "ĐT", "SĐT", "Số ĐT", "Số điện thoại", "Điện thoại", "Điện thoại liên hệ",
        "Di động", "Tel", "Phone", "Mobile", "ĐTDĐ", "Điện thoại di động", "Zalo",
        "Hotline", "Số máy", "Điện thoại cơ quan",
    ],
    "email": [
        "Thư điện tử", "E-mail", "Email", "Gmail", "Hộp thư", "Mail", "Hộp thư điện tử",
        "Email cá nhân", "Địa chỉ email", "Địa chỉ thư điện tử", "Địa chỉ e-mail",  # DISTRICT-INFO
    ],
    "evidence": [
        "Minh chứng", "Sản phẩm", "Link minh chứng", "Đường link", "Link",
        "Minh chứng, sản phẩm", "Tài liệu minh chứng", "Hồ sơ minh chứng",
        "Đường dẫn", "Link sản phẩm", "Tài liệu kèm theo", "Minh chứng thành tích",
        "Ảnh hoạt động", "Hình ảnh hoạt động", "Đường link minh chứng", "Đường dẫn minh chứng", "Link hồ sơ minh chứng",
    ],
    "photo": [
        "Ảnh", "Hình ảnh", "Ảnh cá nhân", "Ảnh chân dung", "Ảnh đại diện",
        "Ảnh tập thể", "Ảnh thẻ", "Hình", "Ảnh màu",
    ],
    "other": [
        "Năm sinh", "Ngày sinh", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc",
        "Quê quán", "Trình độ", "Trình độ chuyên môn", "Số lượng thành viên",
        "Số thành viên", "Tổng số cán bộ", "Số năm công tác", "Năm vào ngành",
        "Ngày vào ngành", "Môn dạy", "Chuyên môn", "Nội dung", "Thông tin",
        "Ghi chú", "Số CCCD", "CMND", "Tác giả", "Kính gửi", "Nơi nhận",
        "Đồng kính gửi", "Ngày vào Đảng", "Tôn giáo", "Học hàm, học vị",
        "Biện pháp", "Vị trí việc làm", "Số lượng", "Hiệu trưởng", "Người khai",
        "Xác nhận của thủ trưởng đơn vị", "Tổ trưởng", "Người lập biểu", "Người liên hệ",
        "Họ tên người liên hệ", "Người đại diện", "Họ tên hiệu trưởng", "Thủ trưởng đơn vị",
        # identity and account numbers: digits that are no phone (HS02-VC item 9, bank and tax forms)
        "Số BHXH", "Mã số BHXH", "Số sổ BHXH", "Mã số thuế", "Số tài khoản", "Số CMND", "Số định danh",
        "Họ tên người đại diện", "Đầu mối liên hệ", "Đầu mối", "Cán bộ đầu mối", "Thời gian", "Địa điểm",
        # never a contact address (docs/forms.md, all forms): ancestral home, birthplace
        "Nguyên quán", "Nơi sinh", "Nơi đăng ký khai sinh",
        # ND98-M02/ND91-M01 head-office line: fax and web address are neither phone nor e-mail
        "Fax", "Số fax", "Website", "Trang web", "Trang tin điện tử", "Địa chỉ trang tin điện tử", "Web",
        # ND98-M02/M03 sections that are not achievements: duties, history
        "Chức năng, nhiệm vụ", "Quyền hạn, nhiệm vụ được giao", "Quá trình thành lập và phát triển",
        "Công việc chính được giao",  # HS02-VC item 13
        # HS02-VC header and items: the managing body is not the unit; discipline is not an achievement
        "Cơ quan quản lý viên chức", "Cơ quan quản lý", "Số hiệu viên chức", "Kỷ luật", "Tên gọi khác",
    ],
}

# Words that add no meaning to a label: extra ones cost little.
FILLER_WORDS = frozenset(
    "cua duoc de nghi nguoi ca nhan tap the hien nay lien he lac chinh cac nhung va hoac "
    "cu da la neu co kem theo gi ban thay giao dong chi ong ba anh em tai so ghi ro "
    "vui long xin quy truong don vi".split()
)

# Words that make a name label name a collective ("Tên tổ chuyên môn", "Tên nhóm").
COLLECTIVE_NAME_WORDS = frozenset({"to", "nhom", "lop", "clb", "doi", "khoa", "phong"})

# A name label qualified by a role names someone else than the nominee
# ("Họ tên tổ trưởng", "Họ tên người liên hệ"): such labels count as "other".
NAME_ROLES = ("truong", "pho", "chu nhiem", "dai dien", "lien he", "nguoi khai", "nguoi lap", "bi thu",
              "chu tich", "giam doc", "phu trach", "dung dau", "lanh dao", "xac nhan", "ky")

# Wordings whose first words are too generic to mark the head of a label
# ("Địa chỉ thư điện tử" is an e-mail, not an address).
GENERIC_HEADS = frozenset({"dia", "so", "ten", "thong"})
HEAD_BONUS = 0.1
# A bare generic wording yields to a more specific field named after it:
# "Địa chỉ email" / "Địa chỉ gmail" is an e-mail address, not a postal one.
YIELDS_TO = {("dia", "chi"): ("email", "other")}

ACCEPT = 0.75        # default score for a label to count
MAX_LABEL_WORDS = 10  # labels are short; longer text is prose


def _clean_label(text: str) -> str:
    """Label text without numbering, parenthetical remarks and punctuation."""
    text = strip_bullet(text or "")
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    return text


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


TYPO_RATIO = 0.8  # difflib similarity of two words that differ by a typo


@lru_cache(maxsize=None)
def _vocabulary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for field, wordings in LABELS.items():
        for w in wordings:
            out.append((field, tuple(_tokens(w))))
    return tuple(out)


@lru_cache(maxsize=None)
def _vocabulary_words() -> frozenset[str]:
    return frozenset(word for _, wording in _vocabulary() for word in wording)


@lru_cache(maxsize=4096)
def inside_label_wording(text: str) -> bool:
    """True when ``text`` is a run of words of some label wording: "đề nghị" of "Họ và tên người được đề nghị"."""
    words = tuple(_tokens(text))
    if not words:
        return False
    n = len(words)
    return any(wording[k:k + n] == words for _, wording in _vocabulary() for k in range(len(wording) - n + 1))


@lru_cache(maxsize=1 << 16)  # the same word pairs recur in every form; most calls are cache hits
def _token_sim(w: str, t: str) -> float:
    """1 for equal words; one typo tolerated when the label word has 4+ letters."""
    if w == t:
        return 1.0
    if len(w) < 4 or len(t) < 3 or w.isdigit() or t.isdigit():
        return 0.0
    if 2 * min(len(w), len(t)) < TYPO_RATIO * (len(w) + len(t)):  # the best ratio the lengths allow
        return 0.0
    matcher = SequenceMatcher(None, w, t)
    if matcher.quick_ratio() < TYPO_RATIO:  # an upper bound of ratio(), cheap to compute
        return 0.0
    r = matcher.ratio()
    return r if r >= TYPO_RATIO else 0.0


def _score(text_tokens: list[str], capitalised: set[int], wording: tuple[str, ...]) -> float:
    if "".join(text_tokens) == "".join(wording):
        return 1.2
    used: set[int] = set()
    total = 0.0
    for w in wording:
        best, best_i = 0.0, -1
        for i, t in enumerate(text_tokens):
            if i in used:
                continue
            s = _token_sim(w, t)
            if s > best:
                best, best_i = s, i
        if best_i >= 0:
            used.add(best_i)
            total += best
    coverage = total / len(wording)
    if coverage < 0.75:
        return 0.0
    extra = 0.0
    for i, t in enumerate(text_tokens):
        if i in used:
            continue
        extra += 0.25 if (t in FILLER_WORDS or i in capitalised) else 1.0
    precision = len(used) / (len(used) + extra)
    score = coverage * (0.55 + 0.45 * precision)
    # Vietnamese puts the head noun first: "Minh chứng thành tích" is evidence.
    if (0 in used and len(wording) >= 2 and wording[0] not in GENERIC_HEADS
            and _token_sim(wording[0], text_tokens[0]) > 0):
        score += HEAD_BONUS
    # uncapped, with longer matched wordings ahead on ties; callers see min(1, score)
    return score + 0.001 * len(used)


def score_label(text: str) -> list[tuple[str, float]]:
    """Every field with its best score for ``text``, best first (may be empty)."""
    return list(_scored(text))


@lru_cache(maxsize=1 << 15)  # a form's labels recur across its lines and the traces' second reading
def _scored(text: str) -> tuple[tuple[str, float], ...]:
    cleaned = _clean_label(text)
    raw_words = re.findall(r"\w+", cleaned)
    tokens = _tokens(cleaned)
    if not tokens or len(tokens) > MAX_LABEL_WORDS:
        return ()
    # Capitalised words after the first are probably a name ("SĐT của thầy Chu Đức Tuấn").
    capitalised: set[int] = set()
    if len(raw_words) == len(tokens):
        capitalised = {i for i, w in enumerate(raw_words)
                       if i > 0 and w[:1].isupper() and not w.isupper()}
    best: dict[str, float] = {}
    best_wording: dict[str, tuple[str, ...]] = {}
    # a wording scores only if 75 % of its words match some word of the text: words no text word
    # matches are found once per text, and wordings that cannot reach the bar are never scored
    matchable = {w for w in _vocabulary_words() if any(_token_sim(w, t) > 0 for t in tokens)}
    joined = "".join(tokens)
    for field, wording in _vocabulary():
        if joined != "".join(wording) and sum(1 for w in wording if w in matchable) < 0.75 * len(wording):
            continue
        s = _score(tokens, capitalised, wording)
        if s > best.get(field, 0.0):
            best[field], best_wording[field] = s, wording
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if ranked:
        top_field, top_score = ranked[0]
        for other in YIELDS_TO.get(best_wording[top_field], ()):
            if other in best and all(t in tokens for t in best_wording[other]):
                best[other] = top_score + 0.001
                ranked = sorted(best.items(), key=lambda kv: -kv[1])
    return tuple((f, min(1.0, s)) for f, s in ranked)


def _person_name(text: str) -> bool:
    """"Nguyễn Quang Mạnh" is a person, not a misspelt "Nguyên quán": three or four capitalised
    words opening with a family name, and no wording of the table word for word."""
    words = text.split()
    if not 3 <= len(words) <= 4 or not all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha()):
        return False
    return _tokens(words[0])[:1] and _tokens(words[0])[0] in SURNAMES and exact_label(text) is None


@lru_cache(maxsize=1 << 15)
def match_label(text: str, threshold: float = ACCEPT) -> tuple[str, float] | None:
    """The field a label (text before ":" or a form's left cell) stands for.

    Returns ``(field, score)`` with score in [0, 1], or None when nothing
    scores at least ``threshold``. Field "other" means a known label that
    carries nothing we extract (Năm sinh, Giới tính, ...).
    """
    if not text or len(text) > 120 or "@" in text or "://" in text or _person_name(text) \
            or re.search(r"\d{3}", text):  # a number in it: a sentence holding a value, not a label
        return None
    scored = score_label(text)
    if not scored or scored[0][1] < threshold:
        return None
    field, score = scored[0]
    if field == "name":
        words = " ".join(_tokens(_clean_label(text)))
        if any(re.search(r"(?<![a-z])" + r + r"(?![a-z])", words) for r in NAME_ROLES) and not label_is_collective(text):
            return "other", round(score, 3)
    return field, round(score, 3)


def exact_label(text: str) -> str | None:
    """The field whose table wording equals ``text`` word for word (accents and case aside)."""
    tokens = tuple(_tokens(_clean_label(text)))
    for field, wording in _vocabulary():
        if tokens == wording:
            return field
    return None


def label_is_collective(text: str) -> bool:
    """A name label that names a collective ("Tên tập thể", "Tên đơn vị ...")."""
    words = set(_tokens(_clean_label(text)))
    return bool({"tap", "the"} <= words or {"don", "vi"} <= words or {"to", "chuc"} <= words
                or (words & COLLECTIVE_NAME_WORDS and not words & {"ho"}))
