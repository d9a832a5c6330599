"""From entries to one partial record per nominee, with clean values.

A document may hold one nominee or several in a row (a new "Họ và tên"
starts the next one). Values are cleaned here: bullets stripped and
wrapped lines re-joined in achievement lists, honorifics removed from
names, capitals turned to normal case, placeholders treated as absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.fields import ADMIN_WORDS, UNIT_OPENERS, Entry
from extract.labels import inside_label_wording
from extract.person_names import SURNAMES
from extract.prose import name_mention
from extract.text import fold, has_bullet, nfc, strip_bullet
from extract.values import (
    find_links,
    is_empty_value,
    normalise_email,
    normalise_phone,
    readable_at,
    strip_honorifics,
    strip_leaders,
    unit_case,
    vietnamese_name_case,
)

# Words that open the name of a collective (lower-case, with accents: "Tô" is a surname, "Tổ" a unit).
UNIT_WORDS = (
    "trường", "tổ", "khoa", "phòng", "liên đội", "chi đoàn", "công đoàn", "đoàn thanh niên", "đoàn trường",
    "lớp", "ban", "nhóm", "câu lạc bộ", "clb", "đội", "trung tâm", "viện", "bộ môn", "chi bộ", "hội", "sở",
    "tập thể", "điểm trường", "nhà trường", "ký túc xá", "thư viện", "văn phòng", "phân hiệu", "cơ sở",
    "học viện", "đại học", "thcs", "thpt", "mầm non", "tiểu học", "hội đồng",
)
# Collectives that are themselves a unit (their name is also the unit of the record).
SCHOOL_WORDS = ("trường", "sở", "phòng", "trung tâm", "học viện", "đại học", "viện", "phân hiệu")
# A sub-unit names its parent after a comma or dash: "Tổ Toán - Tin, Trường THPT X" (ND98-M02, ND91-M01).
_PARENT = re.compile(r"\s*(?:,|\s[-–]\s|\()\s*(?=(?:" + "|".join(SCHOOL_WORDS) + r")\b)", re.IGNORECASE)
# A current residence that refers back to the registered one (HS02-VC items 8 and 9).
SAME_AS_ABOVE = ("nhu tren", "nhu dia chi tren", "nhu tren da ghi", "nhu ho khau thuong tru")


@dataclass
class Partial:
    """What one source (a document or the mail body) says about one nominee."""

    values: dict[str, str] = field(default_factory=dict)
    collective: bool = False
    links: list[str] = field(default_factory=list)
    source: str = ""  # file name; "" for the mail body
    role: str = "profile"  # profile | body | article
    summary_settled: bool = False  # a statutory report's section II decided the summary, empty or not
    blank: set[str] = field(default_factory=set)  # items whose label is there with nothing, "-" or "không có"
    headed_collective: bool = False  # opened by a "TẬP THỂ 2" section heading or a unit's own sheet

    @property
    def name(self) -> str | None:
        return self.values.get("name")

    def has_data(self) -> bool:
        return any(k in self.values for k in ("name", "achievement_summary", "address", "phone", "email", "model_title"))


def _starts_with(name: str | None, words: tuple[str, ...]) -> bool:
    low = nfc(name).lower()
    return any(low == w or low.startswith(w + " ") for w in words)


def looks_collective(name: str | None) -> bool:
    return _starts_with(name, UNIT_WORDS)


def is_school(name: str | None) -> bool:
    return _starts_with(name, SCHOOL_WORDS)


def clean_name(text: str, collective: bool = False) -> str | None:
    text = nfc(text).strip(" .,;:-–\"“”'")
    if is_empty_value(text):
        return None
    if collective or looks_collective(text):
        return unit_case(text)
    # a person's name has no punctuation: cut "Nguyễn Văn A, sinh năm 1980", "... (Nam)", "... - Giáo viên"
    text = re.split(r"\s*[,;(]|\s+[-–]\s+", text)[0]
    name = _without_label_words(strip_honorifics(text))
    if name and fold(name.split()[0]) not in SURNAMES and inside_label_wording(name):
        return None  # "đề nghị": the tail of a label wrapped onto the value's line
    return vietnamese_name_case(name) or None


def _without_label_words(name: str) -> str:
    """"NGƯỜI ĐƯỢC ĐỀ NGHỊ LÊ TUYẾT HOA" → "LÊ TUYẾT HOA": the tail of "Họ và tên người được đề nghị" cut off."""
    words = name.split()
    bare = [re.sub(r"[\W\d_]+", "", fold(w)) for w in words]
    for k in range(len(words) - 2, 1, -1):  # two words at least: one may be a surname's homograph
        if bare[0] not in SURNAMES and inside_label_wording(" ".join(words[:k])) and bare[k] in SURNAMES:
            return " ".join(words[k:])
    return name


def split_parent(name: str | None) -> tuple[str | None, str | None]:
    """("Tổ Nuôi dưỡng", "Trường Mầm non Hoa Sen") from "Tổ Nuôi dưỡng, Trường Mầm non Hoa Sen".

    Only a sub-unit is split (ND98-M02, ND91-M01: no "Đơn vị cấp trên" label, the
    parent follows the own name); a school's name is kept whole.
    """
    if not name or is_school(name) or not looks_collective(name):
        return name, None
    m = _PARENT.search(name)
    if not m or m.start() == 0:
        return name, None
    own, parent = name[:m.start()].strip(" ,-–"), name[m.end():].strip(" ,-–()")
    return (own, parent) if own and parent else (name, None)


def clean_text(text: str) -> str | None:
    text = nfc(text).strip(" ;,")
    text = text.strip("\"“”")
    return None if is_empty_value(text) else text


# Words an item cannot end with: the line after them continues it ("… của Chủ tịch UBND huyện / Bắc Đông").
_OPEN_ENDINGS = frozenset("cua va tai cap nam hoc mon cho ve o voi tu den trong theo duoc dat la cac nhung mot "
                          "uy ban nhan dan chu tich bo truong so".split())


_PLACE_LEVELS = frozenset("tinh huyen xa phuong quan thanh thi".split())


def _complete_item(previous: str, line: str) -> bool:
    """An unpunctuated line followed by a capitalised one, no word left hanging: two items, not a wrap."""
    words = fold(previous).split()
    if not words or not line[:1].isupper() or previous.endswith((",", "-", "–", "(", "&")):
        return False
    if words[-1] in _PLACE_LEVELS and (len(words) < 2 or words[-2] != "cap"):
        return False  # "UBND huyện" wants its name on the next line; "cấp huyện" is complete
    return words[-1] not in _OPEN_ENDINGS


def summary_text(lines: list[str]) -> str | None:
    """Achievement lines without bullets; wrapped lines joined back to their item."""
    items: list[str] = []
    any_bullets = any(has_bullet(x) for x in lines if x)
    for raw in lines:
        line = nfc(raw)
        if not line:
            continue
        ended = items and (items[-1].endswith((".", ";", "!", "?")) or _complete_item(items[-1], line))
        if items and not has_bullet(line) and (not ended or (any_bullets and line[:1].islower())):
            items[-1] = items[-1] + " " + line  # a wrapped line of the previous item
        else:
            items.append(strip_bullet(line) if has_bullet(line) else line)
    items = [re.sub(r"[.;,]+$", "", i).strip() for i in items]
    items = [i for i in items if i and not is_empty_value(i)]
    return "\n".join(items) if items else None


# "ten@kyq uang.edu.vn": a narrow table cell wrapped the domain (the line break became a space)
_WRAPPED_DOMAIN = re.compile(r"^([\w.+-]+@[A-Za-z0-9-]+)\s([A-Za-z0-9-]*\.(?:com|vn|net|org|edu)\b.*)$")


def entry_value(entry: Entry) -> str | None:
    """The clean value of one entry, or None when it is empty or invalid."""
    if entry.field == "achievement_summary":
        return summary_text(entry.lines)
    joined = strip_leaders(entry.text) or ""  # "Tên đơn vị: ……… Tổ Toán - Tin.": the form's dots are no value
    if entry.field == "phone":
        return normalise_phone(joined)
    if entry.field == "email":
        return (normalise_email(joined) or normalise_email(readable_at(joined))
                or normalise_email(_WRAPPED_DOMAIN.sub(r"\1\2", joined)))
    if entry.field == "name":
        return clean_name(joined, entry.collective)
    if entry.field in ("unit",):
        v = clean_text(joined)
        opens_unit = fold(v or "").startswith(UNIT_OPENERS) and not nfc(v).lower().startswith("số ")  # not "Sở"
        if v and not opens_unit and len(ADMIN_WORDS.findall(v)) >= 2:
            return None  # "Số 137 phố …, P. …, thành phố …": an address that OCR slid under the unit's label
        return unit_case(v) if v else None
    if entry.field in ("address", "residence", "model_title", "field", "position"):
        v = clean_text(joined)
        return re.sub(r"[.]+$", "", v) if v else None
    return clean_text(joined)


def _written_blank(lines: list[str]) -> bool:
    """The value was written as a blank ("Chưa có", "-", "……", "không có"), not merely left out."""
    written = [line for line in lines if line and line.strip()]
    return bool(written) and all(is_empty_value(line) for line in written)


def split_records(entries: list[Entry], source: str = "", role: str = "profile") -> list[Partial]:
    """One Partial per nominee: a second, different name starts a new record.

    A later name that brings no data of its own ("Họ tên hiệu trưởng: ...")
    is a person mentioned in the form, not a second nominee, and is dropped.
    A contact label that names its person ("Email của Nguyễn Văn A: …") names
    the record when nothing else does.
    """
    records: list[Partial] = []
    cur = Partial(source=source, role=role)
    early: set[str] = set()  # contact values met before the nominee's name: a letterhead's, if the form gives its own
    for e in entries:
        if e.field == "other":
            continue
        if e.field == "section":  # "II. CÁ NHÂN 2", "III. TẬP THỂ 3": a new nominee, whatever its first label
            if cur.has_data():
                records.append(cur)
            cur = Partial(source=source, role=role, headed_collective=e.collective)
            continue
        value = entry_value(e) if e.field not in ("evidence", "photo") else None
        if value and e.field in ("phone", "email") and e.field in early and "name" in cur.values:
            cur.values[e.field] = value  # "ĐT: (024) …" under the school's name, then the form's "Số điện thoại"
            early.discard(e.field)
            continue
        if value and e.field in ("phone", "email") and "name" not in cur.values and e.field not in cur.values:
            early.add(e.field)
        named_unit = e.field == "unit" and e.collective and fold(strip_bullet(e.label)).startswith("ten ")
        if named_unit and value and cur.name and cur.values.get("unit") and fold(value) != fold(cur.values["unit"]):
            records.append(cur)  # "TÊN ĐƠN VỊ: Công đoàn cơ sở" after a person's sheet: the next nominee, a collective
            cur = Partial(source=source, role=role)
        if e.field == "name" and value and cur.name and fold(value) != fold(cur.name):
            records.append(cur)
            cur = Partial(source=source, role=role)
        if e.field == "address" and not value:
            cur.blank.add("address")
        if e.field == "achievement_summary" and not value and _written_blank(e.lines):
            cur.summary_settled = True  # "Những thành tích đã đạt được ……Chưa có": the form says there is none
        if e.field in ("evidence", "photo"):
            cur.links.extend(x for x in find_links("\n".join(e.lines)) if x not in cur.links)
            continue
        if e.field == "parent" and value:
            cur.values.setdefault("parent", unit_case(value))
            continue
        if e.field == "name" and e.collective:
            cur.collective = True
        if e.field == "name" and value and (e.collective or looks_collective(value)):
            value, parent = split_parent(value)
            if parent:
                cur.values.setdefault("parent", unit_case(parent))
        if value and e.field in ("phone", "email", "address") and "name" not in cur.values:
            mention = label_owner(e.label)
            if mention:
                cur.values["mentioned"] = mention
        if value and e.field not in cur.values:
            cur.values[e.field] = value
        elif value and e.field == "unit" and is_school(value) and not is_school(cur.values.get("unit")):
            # CV-2C-TCTW98 header "Đơn vị trực thuộc: huyện …" over "Đơn vị cơ sở: Trường …": the school is the unit
            cur.values["unit"] = value
    records.append(cur)
    for r in records:
        _settle_values(r)
        if r.headed_collective and "name" not in r.values and r.values.get("unit"):
            r.values["name"], r.collective = r.values["unit"], True  # a collective's section naming only its unit
    for r in records:
        if "name" not in r.values and r.values.get("model_title") and r.values.get("unit"):
            r.values["name"], r.collective = r.values["unit"], True  # a model nominated by its unit
    kept = [r for r in records if r.values or r.links]
    return kept[:1] + [r for r in kept[1:] if set(r.values) - {"name", "position", "unit"} or r.links]


def label_owner(label: str) -> str | None:
    """Whom a contact label names: "Email của cô Vũ Hải Trang" → the person, "ĐT của Tổ Toán" → the collective."""
    m = re.search(r"(?i)\b(?:của|cho)\s+(.+)$", nfc(label))
    rest = m.group(1).strip(" .:-") if m else ""
    if rest and looks_collective(rest) and not fold(rest).startswith(("truong", "phong", "so ")):
        return split_parent(unit_case(rest))[0]  # a sub-unit named in the label; a school is no nominee's own name
    return name_mention(label)


def _settle_values(part: Partial) -> None:
    """Fold the helper keys back: parent unit, registered residence, a name given in a label."""
    values = part.values
    parent, residence, mentioned = values.pop("parent", None), values.pop("residence", None), values.pop("mentioned", None)
    unit = values.get("unit")
    if parent and unit and "name" not in values and looks_collective(unit) and not is_school(unit):
        # DISTRICT-INFO sheet: "Đơn vị: Tổ Khoa học tự nhiên | Trực thuộc: Trường THCS …" names the collective
        values["name"], values["unit"] = unit, parent
        part.collective = True
    if parent:
        values.setdefault("unit", parent)
    address = values.get("address")
    if address and fold(address).strip(" .") in SAME_AS_ABOVE:
        del values["address"]
        address = None
    if residence and not address and "address" not in part.blank and fold(residence).strip(" .") not in SAME_AS_ABOVE:
        values["address"] = residence  # HS02-VC item 8, only when item 9 is left out or says "như trên"
    if mentioned and "name" not in values:
        values["name"] = mentioned
