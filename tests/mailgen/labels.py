"""Label wordings per item and the 'label: value' line styles schools type."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .nominee import Nominee
from .util import chance

LABELS = {
    "name_i": ["Họ và tên", "Họ tên", "Tên cá nhân", "Họ và tên cá nhân", "Họ, tên", "Họ và tên người được đề nghị"],
    "name_c": ["Tên tập thể", "Tên đơn vị", "Tên tập thể đề nghị", "Đơn vị", "Tên tập thể, đơn vị"],
    "unit": ["Đơn vị công tác", "Nơi công tác", "Cơ quan công tác", "Đơn vị", "Trường", "Công tác tại"],
    "unit_c": ["Thuộc đơn vị", "Trực thuộc", "Đơn vị chủ quản", "Thuộc trường"],
    "position": ["Chức vụ", "Chức vụ, nhiệm vụ", "Chức danh", "Vị trí việc làm"],
    "birth": ["Ngày sinh", "Sinh ngày", "Ngày, tháng, năm sinh", "Năm sinh"],
    "hometown": ["Quê quán", "Nguyên quán"],
    "address_i": ["Địa chỉ liên hệ", "Nơi ở hiện nay", "Trú quán", "Địa chỉ", "Địa chỉ liên lạc", "Chỗ ở hiện nay",
                  "Địa chỉ thường trú"],
    "address_c": ["Địa chỉ", "Địa chỉ trụ sở", "Trụ sở", "Địa chỉ liên hệ", "Địa chỉ đơn vị"],
    "phone": ["Điện thoại", "ĐT", "SĐT", "Số điện thoại", "Điện thoại di động", "Điện thoại liên hệ", "ĐTDĐ", "Số ĐT",
              "Di động", "Tel"],
    "phone_c": ["Điện thoại", "Điện thoại cơ quan", "ĐT", "Số điện thoại", "Điện thoại liên hệ"],
    "email": ["Email", "E-mail", "Thư điện tử", "Hộp thư", "Địa chỉ email", "Mail", "Gmail", "Địa chỉ thư điện tử"],
    "summary": ["Tóm tắt thành tích", "Thành tích đạt được", "Thành tích nổi bật", "Các thành tích",
                "Thành tích tiêu biểu", "Tóm tắt thành tích nổi bật", "Thành tích khen thưởng", "Những thành tích đã đạt được"],
    "model": ["Tên mô hình", "Mô hình", "Tên mô hình, điển hình", "Mô hình điển hình tiên tiến"],
    "field": ["Lĩnh vực", "Lĩnh vực hoạt động", "Thuộc lĩnh vực"],
    "evidence": ["Minh chứng", "Link minh chứng", "Hồ sơ minh chứng", "Sản phẩm, minh chứng", "Đường link minh chứng"],
}
BULLETS = ["- ", "+ ", "• ", "* ", "– ", "{n}. ", "{a}) ", "{n}) ", "", "- "]
SEPARATORS = [": ", ": ", ":  ", " : ", " - ", "\t", "    ", ":\t"]


@dataclass
class KVStyle:
    """How one document writes its 'label: value' lines."""

    sep: str
    leader: str | None      # "....." or "____" filling around values
    caps: bool
    numbered: str | None    # None | "1." | "a)" | "-"
    next_line: float        # probability a value goes on the line below its label
    pair_contacts: bool     # "Điện thoại: ...    Email: ..." on one line
    bullet: str
    period: str             # "" | "." | ";"
    labels: dict


def draw_style(rng: random.Random) -> KVStyle:
    labels = {k: rng.choice(v) for k, v in LABELS.items()}
    return KVStyle(
        sep=rng.choice(SEPARATORS), leader=rng.choice([None, None, None, ".", "…", "_"]),
        caps=chance(rng, 0.15), numbered=rng.choice([None, None, "1.", "a)", "-", "I"]),
        next_line=rng.choice([0.0, 0.0, 0.0, 0.3, 1.0]), pair_contacts=chance(rng, 0.25),
        bullet=rng.choice(BULLETS), period=rng.choice(["", "", ".", ".", ";"]), labels=labels,
    )


def bullet(style: KVStyle, i: int) -> str:
    return style.bullet.format(n=i + 1, a="abcdefghij"[i])


def entries(rng: random.Random, nom: Nominee, style: KVStyle, links: list[str] | None = None,
            extras: bool = True) -> list[tuple[str, str, object]]:
    """Ordered (item, label, value) for a profile; value is str, list[str] (summary lines) or None (dropped)."""
    L = style.labels
    ind = nom.individual
    name = nom.name.upper() if chance(rng, 0.2) else nom.name
    out = [("name", L["name_i"] if ind else L["name_c"], name)]
    if ind and extras and chance(rng, 0.5):
        out.append(("birth", L["birth"], nom.birth))
    if ind and extras and chance(rng, 0.6):
        out.append(("position", L["position"], nom.position))
    if ind or nom.name != nom.unit:
        out.append(("unit", L["unit"] if ind else L["unit_c"], nom.unit))
    if ind and extras and chance(rng, 0.2):
        out.append(("hometown", L["hometown"], nom.hometown))
    contact = [("address", L["address_i"] if ind else L["address_c"], nom.written("address")),
               ("phone", L["phone"] if ind else L["phone_c"], nom.written("phone")),
               ("email", L["email"], nom.written("email"))]
    if chance(rng, 0.3):
        rng.shuffle(contact)
    out.extend(contact)
    if nom.model_title:
        out.append(("model", L["model"], nom.model_title))
    if nom.show_field and nom.field:
        out.append(("field", L["field"], nom.field))
    summary = nom.written("summary")
    if summary is not None and nom.shown("summary"):
        summary = [a.text for a in nom.achievements]
    out.append(("summary", L["summary"], summary))
    if links:
        out.append(("evidence", L["evidence"], links if len(links) > 1 else links[0]))
    if chance(rng, 0.2):
        head, tail = out[:1], out[1:]
        i, j = rng.sample(range(len(tail)), 2)
        tail[i], tail[j] = tail[j], tail[i]
        out = head + tail
    return [e for e in out if e[2] is not None]


def label_text(style: KVStyle, label: str, index: int) -> str:
    text = label.upper() if style.caps else label
    if style.numbered == "1.":
        return f"{index + 1}. {text}"
    if style.numbered == "a)":
        return f"{'abcdefghijklmnop'[index]}) {text}"
    if style.numbered == "-":
        return f"- {text}"
    if style.numbered == "I":
        return f"{['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII'][index]}. {text}"
    return text


def fill(style: KVStyle, value: str, rng: random.Random) -> str:
    if not style.leader:
        return value
    pad = style.leader * rng.randint(3, 12)
    if style.leader == "_":
        return f"{pad}{value}"
    return f"{pad}{value}{style.leader * rng.randint(0, 8)}" if value else pad * 3


def summary_lines(style: KVStyle, lines: list[str]) -> list[str]:
    return [f"{bullet(style, i)}{line}{style.period}" for i, line in enumerate(lines)]


def kv_lines(rng: random.Random, style: KVStyle, items: list[tuple[str, str, object]]) -> list[tuple[str, str]]:
    """Text lines (label_part, value_part) for a key/value block; value_part may be empty."""
    lines: list[tuple[str, str]] = []
    i = 0
    index = 0
    while i < len(items):
        item, label, value = items[i]
        lab = label_text(style, label, index)
        index += 1
        if isinstance(value, list):
            sep = style.sep if style.sep.strip() else ":"
            lines.append((f"{lab}{sep.rstrip()}", ""))
            lines.extend(("", line) for line in (summary_lines(style, value) if item == "summary" else value))
        elif (style.pair_contacts and item == "phone" and i + 1 < len(items) and items[i + 1][0] == "email"
              and not isinstance(items[i + 1][2], list)):
            nxt = items[i + 1]
            lines.append((f"{lab}{style.sep}", f"{fill(style, value, rng)}{' ' * rng.randint(4, 10)}"
                          f"{label_text(style, nxt[1], index) if not style.numbered else nxt[1]}: {nxt[2]}"))
            index += 1
            i += 1
        elif style.next_line and chance(rng, style.next_line) and value:
            lines.append((f"{lab}:", ""))
            lines.append(("", value))
        else:
            lines.append((f"{lab}{style.sep}", fill(style, value, rng)))
        i += 1
    return lines
