"""The sections of the statutory achievement reports (docs/forms.md).

A "BÁO CÁO THÀNH TÍCH" has a profile part (I), the achievements (II) and
the award history (III). Section II mixes the achievements with duties,
measures and Party work under numbered sub-headings; only the results
item is the achievement summary. Headings are typed by hand or come from
OCR ("Ill. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THUONG"), so they are matched on
folded text, numbering stripped, with a fuzzy comparison of the opening words.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from extract.fields import is_stop_line
from extract.text import fold, is_upper_text, nfc

# kind -> folded opening words of the heading (longest first within a kind).
HEADINGS: dict[str, tuple[str, ...]] = {
    # section I: ND98-M03/ND91-M02, ND98-M02/ND91-M01, ND91-M07
    "profile": ("so luoc ly lich", "so luoc dac diem tinh hinh", "dac diem tinh hinh", "thong tin chung"),
    # II.1 of ND98-M03/ND91-M02, I.2 of ND98-M02/ND91-M01, HS02-VC item 13: duties, not achievements
    "duties": ("quyen han nhiem vu duoc giao hoac dam nhan", "quyen han nhiem vu duoc giao", "quyen han nhiem vu",
               "chuc nang nhiem vu", "nhiem vu duoc giao", "cong viec chinh duoc giao"),
    # II.2 of ND98-M03/ND91-M02, II.1 of ND98-M02/ND91-M01: the achievements
    "results": ("thanh tich dat duoc cua ca nhan", "thanh tich dat duoc cua tap the", "thanh tich cua ca nhan",
                "thanh tich cua tap the", "ket qua thuc hien chuc nang nhiem vu duoc giao",
                "ket qua thuc hien chuc nang nhiem vu", "ket qua thuc hien nhiem vu", "ket qua dat duoc",
                "thanh tich dat duoc", "thanh tich da dat duoc"),
    # II.2 of ND98-M02/ND91-M01 (and typed "3." items of ND98-M03): measures, causes, movements
    "measures": ("nhung bien phap hoac nguyen nhan dat duoc thanh tich", "cac bien phap giai phap",
                 "cac giai phap bien phap", "bien phap giai phap", "giai phap bien phap", "nhung bien phap",
                 "cac bien phap", "cac giai phap", "cac phong trao thi dua", "nguyen nhan dat duoc thanh tich"),
    # II.3 of ND98-M02/ND91-M01: Party and mass-organisation work
    "party": ("viec thuc hien chu truong chinh sach cua dang", "thuc hien chu truong chinh sach cua dang",
              "viec thuc hien chu truong chinh sach", "cong tac xay dung dang doan the"),
    # III of ND98-M02/M03, ND91-M01/M02: the award history tables
    "awards": ("cac hinh thuc da duoc khen thuong", "hinh thuc da duoc khen thuong", "danh hieu thi dua",
               "hinh thuc khen thuong", "khen thuong ky luat"),
}
SECTION_TWO = "thanh tich dat duoc"  # "II. THÀNH TÍCH ĐẠT ĐƯỢC" (all reports)
SIMILAR = 0.86  # fuzzy ratio of a heading's opening words to a known wording (OCR slips)

# Numbering before a heading: "II.", "Ill." (OCR), "2.", "2.1.", "b)", "-", "." (a lost digit).
_NUMBER = re.compile(r"^[\s\-–—•*+.]*(?:((?:[ivxl|]{1,5}))\s*[.)/]\s*|(\d{1,2}(?:\.\d{1,2})*|[a-z])\s*[.)/]\s*)?")


def _split(line: str) -> tuple[str, bool, str]:
    """(folded heading words without numbering, roman-numbered, text after the first colon)."""
    head, _, after = nfc(line).partition(":")
    folded = fold(head)
    m = _NUMBER.match(folded)
    roman = bool(m and m.group(1))
    words = " ".join(re.findall(r"[a-z0-9]+", folded[m.end():] if m else folded))
    return words, roman, after.strip()


def _starts_like(words: str, phrase: str) -> bool:
    if words.startswith(phrase) and (len(words) == len(phrase) or words[len(phrase)] == " "):
        return True
    head = words[: len(phrase) + 2]
    if len(head) < len(phrase) - 2:
        return False
    matcher = SequenceMatcher(None, head[: len(phrase)], phrase)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR  # quick_ratio() bounds ratio() above


def heading(line: str) -> tuple[str, str] | None:
    """``(kind, inline text)`` when ``line`` is a report heading; kind "section2" for "II. THÀNH TÍCH ĐẠT ĐƯỢC"."""
    if not line or len(line) > 200:
        return None
    words, roman, after = _split(line)
    if not words or len(words.split()) > 24:
        return None
    head = nfc(line).partition(":")[0]
    item = after and re.match(r"\s*[-–—•*+]", line) is not None  # "- Danh hiệu thi đua: …" is a listed award
    for kind, phrases in HEADINGS.items():
        if item and kind == "awards":
            continue
        for phrase in phrases:
            if not _starts_like(words, phrase):
                continue
            if kind == "results" and phrase == SECTION_TWO and len(words.split()) <= 4 and (roman or is_upper_text(head)):
                return "section2", after
            # a sub-heading is a line of its own or ends in a colon, not a sentence that happens to start alike
            if ":" in line or is_upper_text(head) or len(words.split()) <= len(phrase.split()) + 1:
                return kind, after
    if roman and is_upper_text(head):
        return "roman", after  # another top-level section ("IV. ...")
    return None


def _is_end(line: str) -> bool:
    return is_stop_line(line, upper=False) or fold(line).startswith(("xac nhan", "nguoi bao cao", "thu truong"))


def report_results(lines: list[str]) -> list[str] | None:
    """The achievement lines of a report's section II, or None when ``lines`` are no report.

    ND98-M03/ND91-M02: item "Thành tích đạt được (của cá nhân)"; ND98-M02/ND91-M01:
    item 1 "Kết quả thực hiện chức năng, nhiệm vụ được giao". Duties, measures and
    Party work are left out; section III, award tables and the closing end it. When
    section II has no results item, what it holds outside the other items is kept.
    """
    kinds = [heading(x) for x in lines]
    start = next((i for i, k in enumerate(kinds) if k and k[0] == "section2"), None)
    if start is None:
        return None
    buckets: dict[str | None, list[str]] = {None: [], "results": []}
    current: str | None = None
    seen_results = False
    if kinds[start][1]:
        buckets[None].append(kinds[start][1])
    for line, kind in zip(lines[start + 1:], kinds[start + 1:]):
        if not line:
            continue
        if kind and kind[0] in ("awards", "profile", "roman", "section2"):
            break
        if kind is None and _is_end(line):
            break
        if kind:
            current = kind[0]
            seen_results = seen_results or current == "results"
            if kind[1]:
                buckets.setdefault(current, []).append(kind[1])
            continue
        buckets.setdefault(current, []).append(line)
    found = buckets["results"] if seen_results else buckets[None]
    return found  # empty: the report's results item is blank, and no other text stands in for it


_TITLE_TAIL = ("de nghi", "nam hoc", "dung cho", "cua ", "giai doan", "tu nam", "ve thanh tich", "(", "tang ", "cong nhan")


def report_name(lines: list[str]) -> str | None:
    """The line under "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ …" that names the nominee (ND98-M02, ND91-M01: the collective).

    The caller decides whether it names a collective; the award-sought and year
    lines of the title are skipped, a label line or section I ends the search.
    """
    start = next((i for i, x in enumerate(lines) if fold(x).startswith("bao cao thanh tich")), None)
    if start is None:
        return None
    for line in lines[start + 1: start + 6]:
        if not line:
            continue
        if heading(line) or ":" in line:
            return None
        if fold(line).strip(" -–").startswith(_TITLE_TAIL):
            continue
        return line.strip(" -–")
    return None

def is_cv(lines: list[str]) -> bool:
    """A "SƠ YẾU LÝ LỊCH (VIÊN CHỨC)" form (HS02-VC, CV-2C-*): it holds no achievement text."""
    return any(fold(x).strip().startswith("so yeu ly lich") and len(x) < 60 for x in lines[:80])
