"""Profile documents as key/value text, 2/3/4-column tables and 'value below label' tables."""

from __future__ import annotations

import random

from .doc import PL, Cell, Doc, P, Para, Picture, Run, T, Table
from .labels import KVStyle, draw_style, entries, kv_lines, label_text, summary_lines
from .nominee import Nominee
from .pools_people import draw_person
from .util import chance

TITLES_I = ["THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN", "PHIẾU THÔNG TIN CÁ NHÂN ĐIỂN HÌNH TIÊN TIẾN", "HỒ SƠ ĐIỂN HÌNH TIÊN TIẾN",
            "BẢN TRÍCH NGANG THÔNG TIN CÁ NHÂN", "THÔNG TIN GƯƠNG ĐIỂN HÌNH TIÊN TIẾN", "PHIẾU ĐĂNG KÝ ĐIỂN HÌNH"]
TITLES_C = ["THÔNG TIN TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN", "HỒ SƠ TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN", "PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN",
            "THÔNG TIN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN"]


def letterhead(rng: random.Random, nom: Nominee, year: int, phone_ok: bool = True) -> list:
    """Two-column header: the unit (with its switchboard number when allowed) and the national motto."""
    r = nom.region
    parent = rng.choice([f"UBND {r.district_full.upper()}", f"PHÒNG GD&ĐT {r.district.upper()}",
                         f"SỞ GD&ĐT {r.province.upper()}", f"UBND {r.district_full.upper()}"])
    left = f"{parent}\n{nom.unit.upper()}"
    if phone_ok and chance(rng, 0.6):
        left += f"\nĐT: {nom.unit_phone.written}"
    right = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table = T([[Cell(left, bold=True, align="center"), Cell(right, bold=True, align="center")]], widths=[4, 6], borders=False)
    d, m = rng.randint(1, 28), rng.randint(2, 5)
    place = P(f"{r.district}, ngày {d} tháng {m} năm {year}", italic=True, align="right")
    return [table, place] if chance(rng, 0.7) else [table]


def signature(rng: random.Random, nom: Nominee) -> list:
    if nom.individual and chance(rng, 0.5):
        head, name = "NGƯỜI KHAI", nom.name
    else:
        head, name = rng.choice(["HIỆU TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ"]), draw_person(rng).name
    note = rng.choice(["(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", "(Ký, đóng dấu)"])
    return [P(head, bold=True, align="right"), P(note, italic=True, align="right"), P(""), P(name, bold=True, align="right")]


def title_block(rng: random.Random, nom: Nominee) -> list:
    title = rng.choice(TITLES_I if nom.individual else TITLES_C)
    blocks = [P(title, bold=True, align="center", size=14)]
    if chance(rng, 0.4):
        blocks.append(P(rng.choice(["(Kèm theo Công văn số {n}/PGDĐT ngày {d}/{m})", "(Dùng cho cá nhân, tập thể được đề xuất)",
                                    "Năm học {y}"]).format(n=rng.randint(12, 980), d=rng.randint(1, 28), m=rng.randint(1, 4),
                                                           y="2023-2024"), italic=True, align="center"))
    return blocks


def kv_blocks(rng: random.Random, nom: Nominee, links: list[str], style: KVStyle | None = None) -> list:
    style = style or draw_style(rng)
    out = []
    for label, value in kv_lines(rng, style, entries(rng, nom, style, links)):
        if label and value:
            out.append(PL(label, value, bold_label=chance(rng, 0.7)))
        elif label:
            out.append(P(label, bold=True))
        else:
            out.append(P(value, indent=0.5))
    return out


def _value_text(style: KVStyle, item: str, value) -> str:
    if isinstance(value, list):
        return "\n".join(summary_lines(style, value) if item == "summary" else value)
    return value


def table_blocks(rng: random.Random, nom: Nominee, links: list[str], columns: int = 2, portrait: bytes | None = None) -> list:
    """2-col label|value, 3-col STT|label|value, or 4-col label|value|label|value; optional header and photo cell."""
    style = draw_style(rng)
    style.numbered, style.next_line, style.leader, style.pair_contacts = None, 0.0, None, False
    items = entries(rng, nom, style, links)
    rows, merges = [], []
    if chance(rng, 0.4):
        head = rng.choice(["THÔNG TIN CHUNG", "NỘI DUNG", "Thông tin điển hình"])
        rows.append([Cell(head, bold=True, align="center")] + [Cell("") for _ in range(columns - 1)])
        merges.append((0, 0, 0, columns - 1))
    if columns == 4:
        singles = [e for e in items if isinstance(e[2], list) or e[0] in ("address", "summary", "evidence", "model")]
        pairs = [e for e in items if e not in singles]
        for k in range(0, len(pairs), 2):
            a = pairs[k]
            b = pairs[k + 1] if k + 1 < len(pairs) else None
            rows.append([Cell(a[1], bold=True), Cell(_value_text(style, a[0], a[2])),
                         Cell(b[1] if b else "", bold=True), Cell(_value_text(style, b[0], b[2]) if b else "")])
        for item, label, value in singles:
            rows.append([Cell(label, bold=True), Cell(_value_text(style, item, value)), Cell(""), Cell("")])
            merges.append((len(rows) - 1, 1, len(rows) - 1, 3))
        widths = [2.2, 3.3, 1.8, 2.7]
    else:
        for n, (item, label, value) in enumerate(items):
            lab = label.upper() if style.caps else label
            row = [Cell(lab, bold=chance(rng, 0.8)), Cell(_value_text(style, item, value))]
            if columns == 3:
                row.insert(0, Cell(str(n + 1), align="center"))
            rows.append(row)
        widths = [0.6, 3, 6] if columns == 3 else [3, 6.5]
    if portrait is not None:
        for row in rows:
            row.append(Cell(""))
        rows[0][-1] = Cell("", picture=portrait)
        merges.append((0, len(rows[0]) - 1, min(len(rows) - 1, 4), len(rows[0]) - 1))
        widths = widths + [2.6]
    return [Table(rows, widths, merges)]


def below_blocks(rng: random.Random, nom: Nominee, links: list[str]) -> list:
    """One column: a bold label row, the value in the row below it."""
    style = draw_style(rng)
    rows = []
    for n, (item, label, value) in enumerate(entries(rng, nom, style, links)):
        rows.append([Cell(label_text(style, label, n) + ":", bold=True)])
        rows.append([Cell(_value_text(style, item, value))])
    return [Table(rows, [10])]


def profile_doc(rng: random.Random, nom: Nominee, year: int, content: str, links: list[str],
                portrait: bytes | None = None, head: bool = True) -> Doc:
    """A whole profile document of the given content style: kv | table2 | table3 | table4 | below."""
    doc = Doc(font=rng.choice(["Times New Roman", "Times New Roman", "Arial", "Calibri"]), size=rng.choice([12, 13, 13, 14]))
    if head and chance(rng, 0.55):
        if chance(rng, 0.2):
            from .images import logo
            doc.add(Picture(logo(rng, nom.school.short), 1.6, "left", 1.6))   # a logo is never a nominee photo
        phone_ok = nom.individual or nom.shown("phone")
        doc.add(*letterhead(rng, nom, year, phone_ok))
    doc.add(*title_block(rng, nom))
    if content == "kv":
        if portrait is not None:
            doc.add(Picture(portrait, 3.0, align=rng.choice(["right", "center"])))
        doc.add(*kv_blocks(rng, nom, links))
    elif content == "below":
        if portrait is not None:
            doc.add(Picture(portrait, 3.0, align="center"))
        doc.add(*below_blocks(rng, nom, links))
    else:
        doc.add(*table_blocks(rng, nom, links, int(content[-1]), portrait if content != "table4" else None))
        if portrait is not None and content == "table4":
            doc.add(Picture(portrait, 3.0))
    if chance(rng, 0.6):
        doc.add(P(""), *signature(rng, nom))
    return doc


def multi_doc(rng: random.Random, noms: list[Nominee], year: int, content: str, links: dict) -> Doc:
    """Several nominees in one document: numbered sections, page breaks or a heading per nominee."""
    from .doc import PageBreak

    doc = Doc()
    doc.add(P(rng.choice(["DANH SÁCH VÀ THÔNG TIN CÁC ĐIỂN HÌNH TIÊN TIẾN", "THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN ĐỀ XUẤT"]),
              bold=True, align="center"))
    doc.add(P(noms[0].unit, bold=True, align="center"))
    split = chance(rng, 0.4)
    named = chance(rng, 0.6)
    for i, nom in enumerate(noms):
        if i and split:
            doc.add(PageBreak())
        head = f"{i + 1}. {'Cá nhân' if nom.individual else 'Tập thể'}: {nom.name}" if named else \
            f"{['I', 'II', 'III', 'IV'][i]}. {'CÁ NHÂN' if nom.individual else 'TẬP THỂ'} {i + 1}"
        doc.add(Para([Run(head, bold=True)]))
        if content == "kv":
            doc.add(*kv_blocks(rng, nom, links.get(nom.name, [])))
        else:
            doc.add(*table_blocks(rng, nom, links.get(nom.name, []), int(content[-1])))
    return doc
