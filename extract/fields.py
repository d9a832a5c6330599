"""Label/value entries out of a Document, in reading order.

A form can be "Label: value" paragraphs (values running on over the next
lines, as achievement bullets do), a two-column table, a header row over
one row per nominee, or pairs the parser already split (``key_values``).
Everything is turned into ``Entry`` objects; building records from them is
left to ``extract.records``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain import DRAFT_TEXT_FIELDS
from extract.flattened import unpipe
from extract.labels import exact_label, label_is_collective, match_label, score_label
from extract.text import fold, has_bullet, is_upper_text, nfc, nfc_lines, strip_bullet
from extract.values import normalise_email, normalise_phone, readable_at

MULTILINE = {"achievement_summary", "evidence"}
WRAPPING = {"address", "residence", "unit", "name", "model_title", "field", "position"}
TYPED = {"phone": normalise_phone, "email": normalise_email}

# Lines that end any running value: closings, signature blocks, dates.
STOP_PREFIXES = (
    "tran trong", "xin tran trong", "xin cam on", "tran thanh cam on", "kinh gui", "noi nhan",
    "xac nhan cua", "nguoi khai", "hieu truong", "thu truong", "(ky", "ky ten", "thay mat", "tm.",
    "kt.", "nguoi lap", "best regards", "regards", "thanks", "than ai", "kinh thu", "tm ", "kt ",
    "chuc", "xin chan thanh", "kinh mong", "kinh de nghi", "rat mong", "mong quy", "em cam on", "xin gui loi",
)
# Phrases that mark a signature or pledge wherever they appear in a line.
STOP_PHRASES = ("cam doan", "(ky", "ky, ghi ro", "ky ten", "dong dau", "ghi ro ho ten")
# "Hà Nội, ngày 12 tháng 3 năm 2024": the place and date above a signature.
_DATE_LINE = re.compile(r"(?:^|,\s*)ngay\s*[\d.…]*\s*thang\s*[\d.…]*\s*nam\s*[\d.…]*\s*$")


@dataclass
class Entry:
    """A label with its value lines (the first is what followed the colon)."""

    field: str
    label: str
    lines: list[str] = field(default_factory=list)
    score: float = 1.0
    collective: bool = False
    source: str = ""
    told: bool = False  # read from a sentence ("số điện thoại của cô là …"), not under a label

    @property
    def text(self) -> str:
        return nfc(" ".join(line for line in self.lines if line))


# "II. CÁ NHÂN 2", "Tập thể thứ 2": the heading of the next nominee's section of one document
_NOMINEE_SECTION = re.compile(r"(?:(?:[ivxlc]+|\d{1,2}|[a-z])\s*[.)/]\s*)?(?:ca nhan|tap the|mo hinh|dien hinh)"
                              r"(?:\s*(?:thu|so)?\s*\d{1,2})?\s*:?")


def is_stop_line(line: str, upper: bool = True) -> bool:
    folded = fold(line)
    if folded in {"--", "-- ", "__", "---"} or folded.startswith(STOP_PREFIXES):
        return True
    if _NOMINEE_SECTION.fullmatch(folded.strip()):
        return True
    if any(p in folded for p in STOP_PHRASES):
        return True
    if _DATE_LINE.search(folded) and len(folded) < 80 and not has_bullet(line):
        return True
    return upper and is_upper_text(line) and not has_bullet(line) and len(line) >= 12 and ":" not in line


def _colon_split(line: str) -> tuple[str, str] | None:
    """Split "Label: value" at the first colon that is not part of a URL or a time."""
    for m in re.finditer(r"[:：]", line):
        i = m.start()
        before = line[:i]
        if re.search(r"(?i)https?$", before) or (i + 1 < len(line) and line[i - 1:i].isdigit() and line[i + 1:i + 2].isdigit()):
            continue
        return before.strip(), line[i + 1:].strip()
    return None


# Exactly these words before a colon name the next nominee of a list; inside a longer label
# ("Tập thể lao động tiên tiến") they are an award's words.
NOMINEE_HEADS = ("ca nhan", "tap the")
_DASH_SPLIT = re.compile(r"^(.{2,60}?)\s+[-–—]+\s*(.*)$")


def _dash_split(line: str) -> tuple[str, str] | None:
    """"TÊN ĐƠN VỊ - Trường …": a dash after a known label (a strong match only) separates like a colon."""
    m = _DASH_SPLIT.match(line)
    if not m or re.search(r"[_.…]{3,}", m.group(1)) or not match_label(m.group(1), threshold=0.9):
        return None  # "Tên tập thể ……Tổ Toán - Tin": the leaders end the label, the dash is the value's
    return m.group(1).strip(), m.group(2).strip()


def _gap_split(line: str) -> tuple[str, str] | None:
    """"Tel<TAB>0912 …", "Địa chỉ     xóm 4, …": a tab or a wide gap after a known label separates like a colon."""
    m = re.match(r"^(.{2,60}?)(?:\t+|\s{3,})(\S.*)$", line)
    if not m or not match_label(m.group(1).strip(), threshold=0.9):
        return None
    return m.group(1).strip(), m.group(2).strip()


def parse_label_line(line: str) -> tuple[str, str, str, float] | None:
    """(field, label, inline value, score) when ``line`` starts with a label and a colon (or a dash, a tab)."""
    split = _colon_split(line) or _dash_split(line) or _gap_split(line)
    if split is None:
        return None
    label, value = split
    if not label or len(label) > 80:
        return None
    if fold(strip_bullet(label)).strip() in NOMINEE_HEADS:
        return "name", label, value, 1.0  # "2. Cá nhân: Kiều Nguyễn Tất Toàn" in a list of nominees
    hit = match_label(label)
    if hit is None:
        # "SĐT của thầy Chu Đức Tuấn: 0912..." scores low, but the value proves it.
        scored = score_label(label)
        if scored and scored[0][0] in TYPED and scored[0][1] >= 0.55 and TYPED[scored[0][0]](value):
            hit = (scored[0][0], scored[0][1])
        else:
            return None
    return hit[0], label, value, hit[1]


# Values a bare label (no separator) may run into, by field: what proves the label ended there.
_BARE_VALUE = {
    "phone": lambda v: v[:1] in "+(0123456789" and normalise_phone(v) is not None,
    "email": lambda v: len(readable_at(v).split()) == 1 and normalise_email(readable_at(v)) is not None,
    "name": lambda v: v[:1].isupper() and not any(ch.isdigit() for ch in v) and len(v.split()) <= 8,
    "unit": lambda v: fold(v).startswith(UNIT_OPENERS) and len(v.split()) <= 14,
    "model_title": lambda v: v[:1].isupper() or v[:1] in "“\"'",
    "field": lambda v: v[:1].isupper() and len(v.split()) <= 10,
    "position": lambda v: v[:1].isupper() and len(v.split()) <= 10,
    "evidence": lambda v: v.lower().startswith(("http://", "https://", "www.")),  # "VIII. Hồ sơ minh chứng https://…"
    "address": lambda v: v[:1].isupper() or v[:1].isdigit() or fold(v).startswith(ADDRESS_OPENERS)
    or len(ADMIN_WORDS.findall(v)) >= 2,
}
# Bare labels whose typed value ends an achievement list rather than being one of its items.
_ENDS_A_LIST = {"phone", "email", "evidence"}
# Running values read without a separator only behind a form's dotted or underscored leaders.
_LEADERED = {"achievement_summary", "evidence"}
# Words that end a sentence's subject, never a label ("Đơn vị được …", "Trường đã …").
SENTENCE_GLUE = frozenset("cua duoc la va hoac da dang se tai cho voi nay do".split())
UNIT_OPENERS = ("truong ", "to ", "phong ", "trung tam ", "khoa ", "lop ", "lien doi ", "chi doan ", "cau lac bo ",
                "clb ", "nhom ", "so ", "ban ", "doi ", "cong doan ", "vien ", "hoc vien ", "dai hoc ")
ADDRESS_OPENERS = ("so ", "thon", "xom", "ap ", "ban ", "to ", "khu", "khoi", "duong", "pho ", "xa ", "phuong",
                   "thi tran", "huyen", "tdp", "kp", "lang ", "buon ", "soc ", "khom ", "cum ", "to dan pho")


_OWNER = r"(?:\s+(?:của|cho)\s+[^,.:;()]{1,40}?)?\s*(?:là|:|-)?\s*"
_PROSE_PHONE = re.compile(r"(?i)(?<!\w)(số điện thoại|số đt|sđt|điện thoại(?: liên hệ| di động)?|di động|zalo)"
                          + _OWNER + r"([(+]{0,3}\d[\d ().+-]{7,17}\d)")
_PROSE_EMAIL = re.compile(r"(?i)(?<!\w)(e-?mail|thư điện tử|gmail|hộp thư)" + _OWNER
                          + r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
_PROSE_ADDRESS = re.compile(r"(?i)(?<!\w)(sinh sống tại|đang sống tại|cư trú tại|thường trú tại|hiện ở tại|nhà ở tại)"
                            r"\s+(.+)$")
# Where the sentence of an address ends: ". " before a capitalised word that is no abbreviated level ("P. Vĩnh Đại").
_SENTENCE_END = re.compile(r"(?<!\b[PpQqXxTtHh])(?<!\bTP)(?<!\bTX)(?<!\bTT)(?<!\bTDP)[.;!?]\s+(?=[A-ZĐ])|[.;!?]*\s*$")
ADMIN_WORDS = re.compile(r"(?i)(?<!\w)(?:thôn|xóm|bản|ấp|tổ dân phố|tdp|khu phố|khối|xã|phường|thị trấn|huyện|quận|"
                          r"thị xã|tỉnh|thành phố|tp\.?|tổ(?=\s+\d)|làng|phố|đường|p\.|q\.)(?!\w)")


def prose_contacts(line: str) -> list[tuple[str, str, str]]:
    """(field, cue, value) of contact details told in a sentence, not under a label.

    "Số điện thoại của đơn vị là (0209) 3150 401, email: …", "Hiện thầy
    đang sinh sống tại bản 8, xã …, huyện …". A phone must be a valid number,
    an e-mail a valid address, an address must name two administrative
    levels; only sentences (a line longer than its label) are read here.
    """
    text = nfc(line)
    if len(text) < 25 or (split := _colon_split(text)) and match_label(split[0]):
        return []
    found = []
    for m in _PROSE_PHONE.finditer(text):
        if normalise_phone(m.group(2)):
            found.append(("phone", m.group(1), m.group(2)))
            break
    for m in _PROSE_EMAIL.finditer(readable_at(text)):  # "email: ten [@] yahoo.com.vn" as typed
        if normalise_email(m.group(2)):
            found.append(("email", m.group(1), m.group(2)))
            break
    m = _PROSE_ADDRESS.search(text)
    address = _SENTENCE_END.split(m.group(2), maxsplit=1)[0].strip() if m else ""
    if address and len(ADMIN_WORDS.findall(address)) >= 2:
        found.append(("address", m.group(1), address))
    return found


def split_midline_label(line: str) -> tuple[tuple[str, str, str, float], str] | None:
    """"Điện thoại liên hệ 0589 341 135 Thư điện tử: a@b.vn" → the bare phone pair and "Thư điện tử: a@b.vn".

    A typed value (a valid phone or e-mail) under a bare label, followed on
    the same line by a label with its colon.
    """
    split = _colon_split(line)
    if split is None:
        return None
    words = split[0].split()
    for n in range(1, min(5, len(words) - 1) + 1):
        tail = " ".join(words[-n:])
        hit = match_label(tail, threshold=0.95)
        if not hit or hit[0] == "other":
            continue
        head = bare_label_line(" ".join(words[:-n]), bulleted=False)
        if head and head[0] in TYPED:
            return head, f"{tail}: {split[1]}"
    return None


def bare_label_line(line: str, bulleted: bool = True) -> tuple[str, str, str, float] | None:
    """(field, label, value, score) of a list line whose label has no separator: "- Đơn vị Trường THCS …".

    Schools forget the colon. Only a line marked as a list item, a label
    that matches a known wording almost exactly, and a value of the
    field's shape (a valid number, an address, a capitalised name) count,
    so that sentences are never read as labels.
    """
    if (bulleted and not has_bullet(line)) or re.search(r"(?<!https)(?<!http):", line[:60]):
        return None
    words = strip_bullet(line).split()
    for n in range(1, min(7, len(words) - 1) + 1):  # shortest first: "Đơn vị | Trường THPT …"
        label, value = " ".join(words[:n]), " ".join(words[n:]).strip(" .;")
        value = re.sub(r"^[_.…\-–:\s]+", "", value)  # dotted or underscored leaders before the value
        value = re.sub(r"[_.…\s]{2,}$", "", value)  # and after it: "……Phạm Thu Bích Hồng…………"
        if re.search(r"_{3,}|…{2,}|\.{4,}", value):
            continue  # leaders further on: the label goes on up to them
        hit = match_label(label, threshold=0.97)
        if hit and hit[0] in _LEADERED and value and re.match(r"\s*[_.…]{3,}", " ".join(words[n:])):
            return hit[0], label, value, hit[1]  # "8. Những thành tích đã đạt được ......Chưa có": a form's line
        if not hit or hit[0] not in _BARE_VALUE or not value:
            continue
        if fold(words[n - 1]) in SENTENCE_GLUE and exact_label(label) != hit[0]:
            continue  # "Đơn vị được …": a sentence's subject, not a label
        if n == 1 and len(label) <= 4 and hit[0] not in ("phone", "email"):
            continue  # "Tên", "Hình": too short to be a label without its colon
        if _BARE_VALUE[hit[0]](value):
            return _longest_bare_label(words, n, hit) or (hit[0], label, value, hit[1])
    return None


def _longest_bare_label(words: list[str], n: int, hit: tuple[str, float]) -> tuple[str, str, str, float] | None:
    """"Nơi ở hiện nay | xóm 4 …", not "Nơi ở | hiện nay xóm 4 …": a longer wording of the same field wins."""
    best = None
    for m in range(n + 1, min(n + 4, len(words))):
        label = " ".join(words[:m])
        value = re.sub(r"^[_.…\-–:\s]+", "", " ".join(words[m:]).strip(" .;"))
        if exact_label(label) == hit[0] and value and _BARE_VALUE[hit[0]](value):
            best = (hit[0], label, value, 1.0)
    return best


def loose_pairs(line: str) -> list[tuple[str, str, str, float]]:
    """Every (field, label, value, score) of a line OCR made of a form table's row, labels with no separator:
    "Họ và tên cá nhân MAI PHAN THỊ TRANG Tóm tắt thành tích nổi 1. Chiến sĩ …" gives the name and the list.

    The line must open with a near-exact label; a later capitalised
    near-exact label starts the next pair only when the value before it and
    its own value have their fields' shapes, else it is part of the value.
    """
    words = strip_bullet(line).split()
    starts = []
    for k in range(len(words)):
        if k and not words[k][:1].isupper():
            continue
        best = None  # the longest exact wording, else the best near-exact one (the shorter on a tie)
        for m in range(1, min(7, len(words) - k - 1) + 1):
            label = " ".join(words[k:k + m])
            hit = match_label(label, threshold=0.97)
            exact = hit is not None and exact_label(label) == hit[0]
            if not hit or hit[0] == "other" or (not exact and fold(words[k + m - 1]) in SENTENCE_GLUE):
                continue
            rank = (exact, m if exact else 0, hit[1])
            if best is None or rank > best[0]:
                best = (rank, m, hit)
        if best:
            m, hit = best[1], best[2]
            # "Tóm tắt thành tích nổi | 1. …": a longer wording OCR cut or misread, whose value starts capitalised
            while (hit[0] in MULTILINE | {"name", "unit", "field", "position"} and k + m < len(words) - 1
                   and words[k + m][:1].islower()
                   and (longer := match_label(" ".join(words[k:k + m + 1]), threshold=0.97)) and longer[0] == hit[0]):
                m += 1
            starts.append((k, m, hit))
    if not starts or starts[0][0] != 0 or match_label(" ".join(words), threshold=0.97):
        return []  # no label first, or the whole line is one (its value is on the next line)
    kept: list[tuple[int, int, tuple[str, float]]] = []
    for k, m, hit in starts:
        if not kept or k > kept[-1][0] + kept[-1][1]:  # not inside a label nor the first word of its value
            kept.append((k, m, hit))
    pairs: list[list] = []
    for n, (k, m, hit) in enumerate(kept):
        end = kept[n + 1][0] if n + 1 < len(kept) else len(words)
        value = re.sub(r"^[_.…\-–:\s]+", "", " ".join(words[k + m:end])).strip(" .;")
        if pairs and not (value and _fits(hit[0], value)):
            pairs[-1][2] = f"{pairs[-1][2]} {' '.join(words[k:end])}".strip()  # no label after all
            continue
        pairs.append([hit[0], " ".join(words[k:k + m]), value, hit[1]])
    out = [(f, lab, v.strip(" ,;-–"), sc) for f, lab, v, sc in pairs if v and _fits(f, v.strip(" ,;-–"))]
    return out if len(out) == len(pairs) else out[:1] if out and pairs[0][0] == out[0][0] else []


# Verbs that make a run of words a sentence ("… đã tổ chức hội thi"), never a unit's or a person's name.
# Compared with their accents: "Đà" opens a place's name, "đã" only a sentence.
_VERBS = frozenset("đã được là đang sẽ xin gửi kính".split())


def _fits(field: str, value: str) -> bool:
    if field in ("unit", "name", "position", "field") and _VERBS & set(nfc(value).lower().split()):
        return False
    return field in MULTILINE or (field in _BARE_VALUE and _BARE_VALUE[field](value))


def _capital_label(line: str) -> bool:
    """A line opening with a word in capitals: "NƠI Ở HIỆN NAY Làng Kim Cát, …" may be a form's row."""
    first = strip_bullet(line).split(" ", 1)[0]
    return len(first) >= 2 and first.isupper()


def _typed_in_capitals(pairs: list[tuple[str, str, str, float]]) -> bool:
    """Every label of the row is an exact wording typed in capitals: a form typed without separators,
    never a sentence (which no label in capitals opens)."""
    return all(lab.isupper() and exact_label(lab) == fld for fld, lab, _, _ in pairs)


def _leadered_line(line: str) -> tuple[str, str, str, float] | None:
    """"Tên tập thể ……Tổ Toán - Tin": a form's line, its label followed by dotted leaders, bullet or none."""
    hit = bare_label_line(line, bulleted=False)
    if hit is None:
        return None
    after = line.split(hit[1], 1)[1] if hit[1] in line else ""
    return hit if re.match(r"\s*[_.…]{3,}", after) else None


def split_pairs(fld: str, label: str, value: str, score: float) -> list[tuple[str, str, str, float]]:
    """Cut a value holding further pairs ("ĐT: 09.. Email: a@b") into one piece per label."""
    pieces = [(fld, label, value, score)]
    if fld in MULTILINE:
        return pieces
    cuts = []
    for m in re.finditer(r"[:：]\s*", value):
        before = value[:m.start()]
        if cuts and m.start() < cuts[-1][1]:
            continue
        tokens = list(re.finditer(r"\S+", before))
        best = None  # the best-scoring label ending at this colon; on a tie the longer ("Địa chỉ email")
        for n in range(min(5, len(tokens)), 0, -1):
            start = tokens[-n].start()
            cand = before[start:].strip()
            hit = match_label(cand, threshold=0.9)
            if hit and (hit[0] != "other" or hit[1] >= 0.95) and (best is None or hit[1] > best[4]):
                best = (start, m.end(), hit[0], cand, hit[1])
        if best:
            cuts.append(best)
    if not cuts:
        return pieces
    out = [(fld, label, value[:cuts[0][0]].strip(" ,;|-–"), score)]
    for k, (start, vstart, f, lab, sc) in enumerate(cuts):
        end = cuts[k + 1][0] if k + 1 < len(cuts) else len(value)
        out.append((f, lab, value[vstart:end].strip(" ,;|-–"), sc))
    return out


def stack_bare_labels(lines: list[str]) -> list[str]:
    """"Tên tập thể" alone over "Trường THCS …": a two-column table flattened by OCR or a PDF.

    A line that is only a label (a near-exact wording, no colon) followed by
    a line that is no label gets the colon it lost.
    """
    out = list(lines)
    for i, line in enumerate(lines[:-1]):
        text = line.strip()
        nxt = next((x for x in lines[i + 1:i + 3] if x.strip()), "")
        if not text or ":" in text or len(text.split()) > 6 or not nxt or _bare_label(nxt.strip()):
            continue
        if _bare_label(text):
            wrapped = _wrapped_label(text, lines[i + 1].strip(), lines[i + 2:i + 4])
            if wrapped:
                out[i], out[i + 1] = wrapped + ":", ""
            else:
                out[i] = text + ":"
    return out


def _wrapped_label(text: str, nxt: str, after: list[str]) -> str | None:
    """"Họ và tên người được" over "đề nghị" over the value: a label cell wrapped onto two lines.

    The second line is the label's own tail when it is a few lower-case
    words, the joined text is still a near-exact wording of the same field,
    and a value follows it.
    """
    if not nxt or ":" in nxt or not nxt[:1].islower() or len(nxt.split()) > 4:
        return None
    if not any(x.strip() for x in after):
        return None
    alone, joined = match_label(text, threshold=0.95), match_label(f"{text} {nxt}", threshold=0.95)
    if not alone or not joined or alone[0] != joined[0]:
        return None
    return f"{text} {nxt}"


def _bare_label(text: str) -> bool:
    """Only a label: a near-exact wording; a capitalised word after the first ("Họ tên Mai Xuân Thành")
    is a value, so then the wording must be exact."""
    bare = strip_bullet(text)
    if ":" in text or len(text) > 50 or bare != text.strip(" ."):
        return False
    if any(w[:1].isupper() for w in bare.split()[1:]) and not bare.isupper():
        return exact_label(bare) is not None
    return match_label(bare, threshold=0.95) is not None


def entries_from_lines(lines: list[str], source: str = "", loose: bool = False) -> list[Entry]:
    """Entries from paragraph lines ("Label: value" with continuation lines).

    ``loose`` is for text read by OCR, where a form table's columns become
    "Trú quán bản 10, xã … Số điện thoại 0843…" with no separator at all:
    a line opening with a near-exact label is then read even when it is no
    list item, and a typed pair at its end is cut off as a line of its own.
    """
    if loose:  # a table's ruling read as "|" by OCR
        lines = [re.sub(r"\s*\|\s*", " ", line).strip() for line in lines]
    lines = stack_bare_labels(list(unpipe(lines)))  # a copy: a line holding two pairs is split in place
    entries: list[Entry] = []
    cur: Entry | None = None
    bulleted = False
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            if cur and cur.field in MULTILINE and any(cur.lines):
                nxt = next((x for x in lines[i:] if x), "")
                if not (nxt and has_bullet(nxt) and bulleted and parse_label_line(nxt) is None):
                    cur = None
            elif cur and cur.field not in MULTILINE and any(cur.lines):
                cur = None
            continue
        if cur and cur.field == "address" and cur.lines and line[:1].isupper() \
                and (tail := re.match(r"^([^:;,]{1,40}?)\s*[;,]\s*(\S.*:.*)$", line)) \
                and (_OPEN_LEVEL.search(cur.lines[-1])
                     or (_OPEN_NAME.search(cur.lines[-1]) and len(tail.group(1).split()) <= 2)):
            cur.lines.append(tail.group(1))  # "…, tỉnh" / "Vân Lộc; ĐT: 0969 …": the address's end, then a pair
            lines.insert(i, tail.group(2))
            cur = None
            continue
        if _NOMINEE_SECTION.fullmatch(fold(line).strip()):  # "III. TẬP THỂ 3": the next nominee's section
            entries.append(Entry("section", line, [], 1.0, "tap the" in fold(line), source))
            cur = None
            continue
        hit = parse_label_line(line)
        if hit and cur and cur.field in MULTILINE and (
                hit[0] == cur.field or (has_bullet(line) and (hit[0] == "other" or hit[3] < 0.9))) \
                and not _next_form_item(line, hit, cur):
            hit = None  # "- Giải Nhất: ..." or "Danh hiệu: ..." inside an achievement list is an item
        midline = split_midline_label(line) if hit is None or re.search(r"\d", hit[1]) else None
        if midline:
            (fld, label, value, score), rest = midline
            entries.append(Entry(fld, label, [value], score, False, source))
            lines.insert(i, rest)  # the labelled pair after it is read as a line of its own
            cur = None
            continue
        if hit:
            for fld, label, value, score in split_pairs(*hit):
                cur = Entry(fld, label, [value], score, label_is_collective(label), source)
                entries.append(cur)
            bulleted = has_bullet(hit[2])
            continue
        opens_with_label = loose and hit is None and bare_label_line(line, bulleted=False) is not None
        told = prose_contacts(line) if hit is None and not opens_with_label else []
        if told:
            for fld, label, value in told:
                entries.append(Entry(fld, label, [value], 0.9, False, source, told=True))
            cur = None
            continue
        bare = bare_label_line(line) or _leadered_line(line)
        in_list = cur is not None and cur.field in MULTILINE and has_bullet(line)  # "- Hướng dẫn học sinh …" is an item
        row = False  # a form table's row read by OCR: its labels are structure, never a list's item
        if (loose or _capital_label(line)) and not in_list and (pairs := loose_pairs(line)) \
                and (loose or _typed_in_capitals(pairs)) and (bare is None or len(pairs) > 1):
            bare, row = pairs[0], not has_bullet(line)
            lines[i:i] = [f"{lab}: {value}" for _, lab, value, _ in pairs[1:]]  # the row's further pairs
        if bare and not row and cur and cur.field == "achievement_summary" and any(cur.lines) and bare[0] not in _ENDS_A_LIST \
                and not re.search(r"_{3,}|\.{4,}|…{2,}", line):
            bare = None  # "- Đơn vị …" inside an achievement list may be an item; "a) Tên ____X" is a form's
        if bare:
            cur = Entry(bare[0], bare[1], [bare[2]], bare[3], label_is_collective(bare[1]), source)
            entries.append(cur)
            bulleted = False
            continue
        standalone = None if (cur and cur.field in MULTILINE) else _standalone_label(line, lines[i:])
        if standalone:
            cur = Entry(standalone[0], line, [""], standalone[1], False, source)
            entries.append(cur)
            bulleted = False
            continue
        if cur is not None and not any(cur.lines) and cur.field != "other" and not is_stop_line(line, upper=False):
            cur.lines.append(line)  # "Họ và tên:" alone, the value on the next line
            continue
        if is_stop_line(line) or cur is None:
            cur = None
            continue
        if cur.field in MULTILINE:
            cur.lines.append(line)
            bulleted = bulleted or has_bullet(line)
        elif cur.field in WRAPPING and len(cur.lines) < 3 and _wraps(cur.lines[-1], line, cur.field):
            pieces = split_pairs(cur.field, cur.label, line, cur.score)
            cur.lines.append(pieces[0][2])
            if len(pieces) > 1:  # "Vân Lộc; ĐT: 0969 …": the wrapped tail, then the row's next pair
                lines.insert(i, " ".join(f"{lab}: {value}" for _, lab, value, _ in pieces[1:]))
                cur = None
        else:
            cur = None
    return entries


_NUMBERED = re.compile(r"^\s*\(?(\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s")


def _next_form_item(line: str, hit: tuple[str, str, str, float], cur: Entry) -> bool:
    """"18) Kỷ luật: Không" after "17) Khen thưởng: …": the form's next numbered item, not a list item.

    HS02-VC and CV-2C number every item; a known non-achievement label with
    the numbering style of the current entry's own label ends the list.
    """
    if hit[0] != "other" or hit[3] < 0.95:
        return False
    mine, own = _NUMBERED.match(line), _NUMBERED.match(cur.label)
    return bool(mine and own and mine.group(1).isdigit() == own.group(1).isdigit())


# An address cut right after a level's word: its name is on the next line ("…, tỉnh" / "Vân Lộc").
_LEVEL_WORDS = r"(?:thôn|xóm|bản|ấp|tổ|xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|tp\.?|t\.|p\.|q\.|h\.)"
_OPEN_LEVEL = re.compile(r"(?i)(?:^|[\s,;-])" + _LEVEL_WORDS + r"\s*$")
# "…, thành phố An" / "Khánh; ĐT: …": a province's or city's name of two syllables cut after the first
_OPEN_NAME = re.compile(r"(?i)(?:^|[\s,;-])(?:tỉnh|thành phố|tp\.?|t\.)\s+\S+\s*$")


def _wraps(prev: str, line: str, field: str = "") -> bool:
    """A value line continues on the next when it was cut mid-phrase (PDF wraps)."""
    if has_bullet(line):
        return False
    if field == "address" and _OPEN_LEVEL.search(prev) and line[:1].isupper() and parse_label_line(line) is None:
        return True
    if ":" in line[:40]:
        return False
    return prev.rstrip().endswith((",", "-", "–")) or (line[:1].islower())


def _standalone_label(line: str, following: list[str]) -> tuple[str, float] | None:
    """A heading like "THÀNH TÍCH ĐÃ ĐẠT ĐƯỢC" followed by bullet lines starts a list."""
    if ":" in line or len(line) > 60 or re.search(r"\.[A-Za-z0-9]{2,4}$", line.strip()):
        return None  # a file listed by name ("1. anh hoat dong 1.JPG") is no heading
    hit = match_label(line, threshold=0.85)
    if not hit or hit[0] not in MULTILINE:
        return None
    nxt = next((x for x in following if x), "")
    if not nxt or not has_bullet(nxt) or parse_label_line(nxt):
        return None
    return hit


def _dedupe_cells(row: list[str]) -> list[str]:
    """Merged cells are repeated by the parsers; keep one copy of each run."""
    out: list[str] = []
    for cell in row:
        cell = cell or ""
        if out and cell == out[-1] and cell:
            continue
        out.append(cell)
    return out


def _first_line(text: str) -> str:
    return next((x for x in nfc_lines(text) if x), "")


def header_fields(row: list[str]) -> dict[int, str] | None:
    """Column → field when ``row`` is a header over one row per nominee."""
    cols: dict[int, str] = {}
    for i, cell in enumerate(row):
        hit = match_label(_first_line(cell)) if cell and ":" not in cell else None
        if hit and hit[0] not in cols.values() and hit[0] != "other":
            cols[i] = hit[0]
    if "name" in cols.values() and len(cols) >= 3:
        return cols
    return None


def entries_from_table(rows: list[list[str]], source: str = "") -> list[Entry]:
    """Entries from a form table: label cell then value cell, or a header row of labels."""
    entries: list[Entry] = []
    header: dict[int, str] | None = None
    stacked: list[str] = []  # lines of consecutive one-cell rows: a label row over its value row
    for raw in rows:
        cells = [c for c in _dedupe_cells(raw) if (c or "").strip()]
        if header is None and len(cells) == 1:
            for x in (x for x in nfc_lines(cells[0]) if x):
                after_label = bool(stacked) and stacked[-1].endswith(":")
                bare = ":" not in x and not after_label and len(x) <= 60 and match_label(x, threshold=0.9)
                stacked.append(x + ":" if bare else x)  # "Email" over its value, in one cell or two rows
            continue
        if stacked:
            entries.extend(entries_from_lines(stacked, source))
            stacked = []
        if header is not None:
            if all(not (c or "").strip() for c in raw):
                continue
            for i, fld in header.items():
                if i < len(raw) and (raw[i] or "").strip():
                    entries.append(Entry(fld, "", nfc_lines(raw[i]), 1.0, False, source))
            continue
        header = header_fields(raw)
        if header is not None:
            continue
        row = _dedupe_cells(raw)
        i = 0
        while i < len(row):
            cell = row[i]
            label = _first_line(cell).rstrip(" :：")
            lines = [x for x in nfc_lines(cell) if x]
            hit = match_label(label) if label and len(lines) <= 2 and ":" not in label else None
            if hit and i + 1 < len(row) and (row[i + 1] or "").strip() and not _is_label_cell(row[i + 1]):
                entries.append(Entry(hit[0], label, nfc_lines(row[i + 1]), hit[1], label_is_collective(label), source))
                i += 2
                continue
            if hit and len(lines) == 2:  # label and value stacked in one cell
                entries.append(Entry(hit[0], label, [lines[1]], hit[1], label_is_collective(label), source))
                i += 1
                continue
            if ":" in cell:
                entries.extend(entries_from_lines(nfc_lines(cell), source))
            i += 1
    if stacked:
        entries.extend(entries_from_lines(stacked, source))
    return entries



def _is_label_cell(cell: str) -> bool:
    """A cell that is itself a label ("TT | Đơn vị | Số lượng"): the row is a header, not label and value."""
    text = _first_line(cell).rstrip(" :：")
    return bool(text) and len(text) <= 40 and exact_label(text) is not None and len(nfc_lines(cell)) == 1


def only_told(entries: list[Entry], about_achievements: bool = False) -> list[Entry]:
    """Entries without those read from sentences when nothing else in the text is labelled.

    A sentence's phone or address belongs to a record only beside labelled
    nominee data or in a text about someone's achievements (an article);
    alone ("Đầu mối liên hệ: …, điện thoại …" in a meeting notice) it makes
    no nominee.
    """
    if about_achievements or any(not e.told for e in entries if e.field not in ("other", "evidence", "photo")):
        return entries
    return [e for e in entries if not e.told]


def entries_from_prefixed(lines: list[str], source: str = "") -> list[Entry]:
    """Label and value on one line without a colon ("Họ tên Nguyễn Văn A"), as PDF tables flatten.

    Only exact label wordings are taken, and only when at least three data
    fields are found, so prose lines are not misread.
    """
    entries: list[Entry] = []
    cur: Entry | None = None
    for line in lines:
        if not line:
            continue
        words = line.split()
        hit = None
        for n in range(min(6, len(words) - 1), 0, -1):
            fld = exact_label(" ".join(words[:n]))
            if fld:
                hit = (fld, " ".join(words[:n]), " ".join(words[n:]))
                break
        if hit:
            fld, label, value = hit
            cur = Entry(fld, label, [value], 1.0, label_is_collective(label), source)
            entries.append(cur)
        elif is_stop_line(line):
            cur = None
        elif cur and (cur.field in MULTILINE or (cur.field in WRAPPING and _wraps(cur.lines[-1], line))):
            cur.lines.append(line)
        else:
            cur = None
    found = {e.field for e in entries if e.field in DRAFT_TEXT_FIELDS}
    return entries if len(found) >= 3 else []
