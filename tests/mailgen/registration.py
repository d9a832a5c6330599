"""Registration lists ('TT | TÊN ĐƠN VỊ | TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN | LĨNH VỰC | GHI CHÚ') and their truth."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .doc import Cell, Doc, P, Table
from .pools_people import draw_person
from .pools_places import Region, School
from .pools_work import draw_model
from .util import chance

UNIT_HEADS = ["TÊN ĐƠN VỊ", "Tên đơn vị", "ĐƠN VỊ ĐĂNG KÝ", "Đơn vị", "TÊN TẬP THỂ, ĐƠN VỊ"]
MODEL_HEADS = ["TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN", "Tên mô hình, điển hình tiên tiến", "TÊN MÔ HÌNH ĐĂNG KÝ",
               "Mô hình, điển hình tiên tiến", "TÊN MÔ HÌNH/ĐIỂN HÌNH"]
FIELD_HEADS = ["LĨNH VỰC", "Lĩnh vực", "LĨNH VỰC ĐĂNG KÝ", "Lĩnh vực thực hiện"]
NOTE_HEADS = ["GHI CHÚ", "Ghi chú"]
EXTRA_COLS = [("THỜI GIAN THỰC HIỆN", lambda r, y: f"Năm học {y - 1}-{y}"), ("ĐỊA BÀN TRIỂN KHAI", lambda r, y: "Toàn trường"),
              ("CẤP ĐĂNG KÝ", lambda r, y: r.choice(["Cấp huyện", "Cấp tỉnh", "Cấp Bộ"])),
              ("SỐ LƯỢNG THÀNH VIÊN", lambda r, y: str(r.randint(5, 60)))]
TITLES = ["DANH SÁCH ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN", "DANH SÁCH ĐĂNG KÝ XÂY DỰNG MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN",
          "ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN NĂM HỌC {y1}-{y}", "BẢNG TỔNG HỢP ĐĂNG KÝ ĐIỂN HÌNH TIÊN TIẾN"]
NOTES = ["", "", "", "Mô hình mới", "Đã triển khai từ năm học trước", "Nhân rộng", "Có sản phẩm kèm theo", "Duy trì"]


@dataclass
class RegList:
    """The grid of a registration list plus its truth records."""

    titles: list[str]
    grid: list[list[str]]
    merges: list[tuple[int, int, int, int]]
    header_rows: int
    widths: list[float]
    footer: list[str]
    records: list[dict] = field(default_factory=list)
    features: list[str] = field(default_factory=list)


def reg_record(unit: str | None, title: str | None, fld: str | None) -> dict:
    missing = [k for k, v in (("unit", unit), ("model_title", title), ("field", fld)) if not v]
    return {"form": "registration", "kind": "collective", "unit": unit, "name": None, "model_title": title, "field": fld,
            "achievement_summary": None, "address": None, "phone": None, "email": None, "photos": 0, "evidence": [],
            "missing": missing, "status": "incomplete" if missing else "complete", "review": []}


def draw_registration(rng: random.Random, region: Region, schools: list[School], year: int,
                      p_missing_field: float = 0.3) -> RegList:
    features = []
    multi_unit = len(schools) > 1
    cols = ["tt", "unit", "model", "field", "note"]
    if chance(rng, 0.2):
        cols[2], cols[3] = "field", "model"
        features.append("LĨNH VỰC column before the model column")
    extra = rng.choice(EXTRA_COLS) if chance(rng, 0.3) else None
    if extra:
        cols.insert(4, "extra")
        features.append(f"extra column '{extra[0]}'")
    heads = {"tt": rng.choice(["TT", "STT", "Số TT"]), "unit": rng.choice(UNIT_HEADS), "model": rng.choice(MODEL_HEADS),
             "field": rng.choice(FIELD_HEADS), "note": rng.choice(NOTE_HEADS), "extra": extra[0] if extra else ""}
    grid, merges = [], []
    two_level = chance(rng, 0.3)
    if two_level:
        features.append("two-level merged header")
        top = [heads[c] if c not in ("model", "field") else "MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN ĐĂNG KÝ" for c in cols]
        sub = ["" if c not in ("model", "field") else ("Tên mô hình" if c == "model" else "Lĩnh vực") for c in cols]
        grid += [top, sub]
        a, b = sorted((cols.index("model"), cols.index("field")))
        merges.append((0, a, 0, b))
        merges += [(0, i, 1, i) for i, c in enumerate(cols) if c not in ("model", "field")]
    else:
        grid.append([heads[c] for c in cols])
    if chance(rng, 0.35):
        grid.append([f"({i + 1})" for i in range(len(cols))])
        features.append("column-number row")
    header_rows = len(grid)
    n = 0
    records = []
    if chance(rng, 0.2):
        sample = {"tt": "1", "unit": rng.choice(["Trường.....", "Trường ……………", "Trường THCS ........"]),
                  "model": rng.choice(["Mô hình ......", "………………", "(ghi tên mô hình)"]), "field": "......", "note": "Ví dụ",
                  "extra": "..."}
        grid.append([sample[c] for c in cols])
        features.append("template sample row left in (no record)")
    units = schools if multi_unit else schools * rng.randint(1, 3)
    blank_repeats = not multi_unit and chance(rng, 0.5)
    ditto = rng.choice(['"', "nt", "-nt-", "Như trên"])   # written when the repeated unit cell is not merged
    for school in units:
        count = 1 if not multi_unit else rng.choice([1, 1, 2])
        first_row = len(grid)
        for _ in range(count):
            n += 1
            models = [draw_model(rng) for _ in range(2 if chance(rng, 0.15) else 1)]
            if len(models) == 2 and models[0][0] == models[1][0]:
                models = models[:1]
            fields = [None if chance(rng, p_missing_field / 3) else f for _, f in models]
            if len(models) == 1:
                model_cell, field_cell = models[0][0], fields[0] or ""
            else:
                features.append("one cell lists 'Mô hình 1: … Mô hình 2: …' (one record each)")
                model_cell = "\n".join(f"Mô hình {i + 1}: {t}" for i, (t, _) in enumerate(models))
                if all(fields) and chance(rng, 0.5):
                    field_cell = "\n".join(fields)          # one field per line, in model order
                else:
                    field_cell = "\n".join(f"{i + 1}. {f}" for i, f in enumerate(fields) if f)
            unit_cell = "" if blank_repeats and len(grid) > header_rows and records else school.name
            row = {"tt": str(n), "unit": unit_cell, "model": model_cell, "field": field_cell,
                   "note": rng.choice(NOTES), "extra": extra[1](rng, year) if extra else ""}
            grid.append([row[c] for c in cols])
            for (title, _), fld in zip(models, fields):
                records.append(reg_record(school.name, title, fld))
        if count > 1 and chance(rng, 0.6):
            ui = cols.index("unit")
            for r in range(first_row + 1, len(grid)):
                grid[r][ui] = ""
            merges.append((first_row, ui, len(grid) - 1, ui))
            features.append("TÊN ĐƠN VỊ merged over several rows")
    if not multi_unit:
        ui = cols.index("unit")
        blanks = [r for r in range(header_rows, len(grid)) if not grid[r][ui]]
        if blanks and chance(rng, 0.6):
            start = min(blanks) - 1
            merges.append((start, ui, len(grid) - 1, ui))
            features.append("TÊN ĐƠN VỊ merged over several rows")
        elif blanks:
            for r in blanks:
                grid[r][ui] = ditto
            features.append(f"unit written once, then '{ditto}' (như trên) in the following rows")
    if chance(rng, 0.25):
        grid.append([("Tổng cộng: " + str(len(records)) + " mô hình") if c == "unit" else "" for c in cols])
        features.append("total row (no record)")
    if any(r["field"] is None for r in records):
        features.append("a row without LĨNH VỰC (incomplete)")
    y = year
    titles = [rng.choice(TITLES).format(y=y, y1=y - 1)]
    if chance(rng, 0.6):
        titles.append(f"(Kèm theo Công văn số {rng.randint(10, 999)}/{rng.choice(['PGDĐT', 'SGDĐT-TĐKT', 'BGDĐT-TĐKT'])} "
                      f"ngày {rng.randint(1, 28)}/{rng.randint(1, 4)}/{y})")
    widths = {"tt": 0.6, "unit": 3, "model": 4.2, "field": 2.2, "note": 1.8, "extra": 1.8}
    footer = [f"NGƯỜI LẬP BIỂU{' ' * 20}THỦ TRƯỞNG ĐƠN VỊ", "", draw_person(rng).name] if chance(rng, 0.6) else []
    return RegList(titles, grid, merges, header_rows, [widths[c] for c in cols], footer, records, sorted(set(features)))


def reg_doc(rng: random.Random, reg: RegList, unit_name: str) -> Doc:
    doc = Doc(size=12)
    doc.add(P(unit_name.upper(), bold=True), P(""))
    for t in reg.titles:
        doc.add(P(t, bold=t.isupper(), align="center"))
    cells = [[Cell(v, bold=r < reg.header_rows, align="center" if r < reg.header_rows else "left") for v in row]
             for r, row in enumerate(reg.grid)]
    doc.add(Table(cells, reg.widths, reg.merges))
    for line in reg.footer:
        doc.add(P(line, bold=True, align="center"))
    return doc
