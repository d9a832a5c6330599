"""Registration lists: one record per registered model.

The official form is a table "TT | TÊN ĐƠN VỊ | TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN
TIẾN | LĨNH VỰC | GHI CHÚ", usually under letterhead and title rows, in a
DOCX or a spreadsheet (where the header may span two merged rows). Schools
reorder or rename columns, leave template rows ("Trường.....") in place and
put the signature below the data, so the header is found by loose matching
and rows are filtered rather than taken blindly.
"""

from __future__ import annotations

import re

from extract.body import document_unit, forwarded_subject, intro_unit, signature_unit, split_body
from extract.model import Draft, Submission
from extract.text import fold, fold_words, nfc, nfc_lines
from parsers import Document, Table

# Column role → header wordings (folded word sets; any one wording must be contained).
COLUMNS: dict[str, list[str]] = {
    "tt": ["tt", "stt", "so tt", "so thu tu"],
    "unit": ["ten don vi", "don vi", "ten truong", "truong", "co quan", "don vi dang ky", "ten tap the"],
    "model_title": ["ten mo hinh", "mo hinh", "ten mo hinh dien hinh tien tien", "dien hinh tien tien",
                    "ten dien hinh", "mo hinh dien hinh"],
    "field": ["linh vuc", "nganh linh vuc", "linh vuc hoat dong"],
    "note": ["ghi chu"],
    "name": ["ho va ten", "ho ten", "ten ca nhan", "ca nhan dien hinh"],
}
FOOTER_WORDS = ("hieu truong", "nguoi lap", "noi nhan", "ky ten", "ky, ghi ro", "xac nhan", "thu truong",
                "giam doc", "truong phong", "tm.", "kt.", "dong dau")
_DATE = re.compile(r"(?:^|,\s*)ngay\s*[\d.…]*\s*thang\s*[\d.…]*\s*nam")
_NUMBERED_LINE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(\S.*)$")
# "Như trên", "nt", a ditto mark: the unit of the row above
_DITTO = ("nhu tren", "nt", "-nt-", "\"", "〃", "-//-", "như trên")
_MODEL_ITEM = re.compile(r"(?i)(?<!\w)(?:m[oô]\s*h[iì]nh|mh)\s*(\d+)\s*[:.)\-–]\s*")


def _cell_role(text: str) -> str | None:
    words = fold_words(text)
    if not words or len(words) > 12:
        return None
    joined = " ".join(words)
    best, best_len = None, 0
    for role, wordings in COLUMNS.items():
        for w in wordings:
            if re.search(r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])", joined) and len(w) > best_len:
                best, best_len = role, len(w)
    # "TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN" also contains "ten"; the model wording is longer and wins.
    return best


_PLAIN_HEADS = {"tt", "stt", "so tt", "ghi chu", "ket qua", "nam", "so luong"}


def _header_like(row: list[str]) -> bool:
    """Most of the row's cells name columns and it is not a numbered data row."""
    cells = list(dict.fromkeys(c for c in row if c and c.strip()))
    if not cells or re.fullmatch(r"\d{1,3}\.?", nfc(row[0] or "").strip()):
        return False
    named = sum(1 for c in cells if _cell_role(nfc(c)) or fold(c).strip(" .") in _PLAIN_HEADS)
    return named * 2 > len(cells)


def find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(row index, role → column) of a registration header within the first rows."""
    for r, row in enumerate(rows[:15]):
        roles: dict[str, int] = {}
        for c, cell in enumerate(row):
            role = _cell_role(nfc(cell)) if len(cell or "") <= 60 else None  # a column name is short
            if role and role not in roles:
                roles[role] = c
        # a header row names its columns: most of its cells are column names (TT, GHI CHÚ included),
        # unlike a "label | value | label | value" row of a collective's info sheet
        filled = list(dict.fromkeys(fold(cell) for cell in row if cell and cell.strip()))  # merged cells once
        distinct = list(dict.fromkeys(cell for cell in row if cell and cell.strip()))
        named = sum(1 for cell in distinct if _cell_role(nfc(cell)) or fold(cell).strip(" .") in _PLAIN_HEADS)
        if len(distinct) < 3:
            continue  # "Mô hình | <the model>" (its value cells merged) is a label and its value, not a header
        if re.fullmatch(r"\d{1,3}\.?", nfc(row[0] or "").strip()):
            continue  # "5 | MÔ HÌNH | Nuôi heo đất …": a numbered row of a label | value form, not a header
        if "model_title" in roles and ("unit" in roles or "field" in roles) and named * 2 > len(filled):
            # a merged second header row names the sub-columns of a merged cell above
            # ("MÔ HÌNH … ĐĂNG KÝ" over "Lĩnh vực | Tên mô hình"): its roles win
            if r + 1 < len(rows) and _header_like(rows[r + 1]):
                for c, cell in enumerate(rows[r + 1]):
                    role = _cell_role(nfc(cell))
                    if role:
                        roles = {k: v for k, v in roles.items() if v != c}
                        roles[role] = c
            return r, roles
    return None


def is_registration_table(table: Table) -> bool:
    return find_header(table.rows) is not None


def document_has_registration(doc: Document | None) -> bool:
    return doc is not None and any(is_registration_table(t) for t in doc.tables)


def _is_template(text: str) -> bool:
    """"Trường.....", "……", "Mô hình: ......" are blanks left from the form."""
    t = nfc(text)
    return bool(re.search(r"(?:\.{3,}|…{1,}|_{3,})", t)) and len(re.sub(r"[.…_\s]", "", t)) <= 25


def _is_footer(cells: list[str]) -> bool:
    """A signature row under the table: a place and date, a title to sign, "Nơi nhận"."""
    for cell in cells:
        folded = fold(cell)
        if folded.startswith(FOOTER_WORDS) or _DATE.search(folded):
            return True
    return False


def split_models(cell: str) -> list[tuple[str | None, str]]:
    """"Mô hình 1: A / Mô hình 2: B" → [("1", "A"), ("2", "B")]; plain text → [(None, text)]."""
    text = "\n".join(nfc_lines(cell)).strip()
    marks = list(_MODEL_ITEM.finditer(text))
    if len(marks) < 1 or (len(marks) == 1 and marks[0].start() > 0):
        return [(None, nfc(text))] if text else []
    out = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        item = nfc(text[m.end():end]).strip(" ;,/.")
        if item:
            out.append((m.group(1), item))
    return out


def _field_for(field_cell: str, number: str | None, index: int, count: int) -> str | None:
    """The field on the line matching a model: by its number, else by position."""
    items = split_models(field_cell)
    if not items:
        return None
    numbered = [_NUMBERED_LINE.match(x) for x in nfc_lines(field_cell) if x]
    if numbered and all(numbered):  # "2. Giáo dục kỹ năng sống": the field of model 2 only
        by_number = {m.group(1): m.group(2).strip() for m in numbered}
        return by_number.get(number if number is not None else str(index + 1))
    if number is not None:
        for n, text in items:
            if n == number:
                return text
    lines = [x for x in nfc_lines(field_cell) if x]
    if count > 1 and len(lines) == 1:
        lines = [x.strip() for x in re.split(r"\s*[/;,]\s*", lines[0]) if x.strip()]
    if count > 1 and len(lines) == count:
        return re.sub(r"^(?:[-•+*]\s*)", "", lines[index]).strip() or None
    if len(items) == 1:
        return items[0][1]
    return items[index][1] if index < len(items) else None


def _clean(text: str | None) -> str | None:
    t = nfc(text)
    if not t or _is_template(t) or not re.search(r"\w", t):
        return None
    return t


def _skip_row(cells: list[str]) -> bool:
    """Section headings and totals: one merged text across the row, or "Tổng cộng ..."."""
    filled = [c for c in cells if c]
    if len(filled) >= 2 and len(set(filled)) == 1:
        return True
    return bool(filled) and fold(filled[0]).startswith(("tong cong", "tong so", "cong:", "cong "))


def rows_to_drafts(table: Table, source: str, default_unit: str | None = None) -> list[Draft]:
    found = find_header(table.rows)
    if found is None:
        return []
    start, cols = found
    drafts: list[Draft] = []
    header_texts = [fold(c) for c in table.rows[start]]
    for row in table.rows[start + 1:]:
        cells = [nfc(c) for c in row]
        if not any(cells) or [fold(c) for c in row] == header_texts:
            continue
        tt_cell = cells[cols["tt"]] if "tt" in cols and cols["tt"] < len(cells) else ""
        if _is_footer(cells) and not re.fullmatch(r"\d{1,3}\.?", tt_cell):
            break  # "NGƯỜI LẬP BIỂU | THỦ TRƯỞNG ĐƠN VỊ" under the list: its names are no units
        repeated = [i for i in (cols.get("unit"), cols.get("tt")) if i is not None and i < min(len(cells), len(header_texts))
                    and cells[i] and fold(cells[i]) == header_texts[i]]
        if all(_cell_role(c) or not c for c in cells) or _skip_row(cells) or repeated:
            continue  # second header row (its merged cells repeat the first), a section heading or a total
        tt = cells[cols["tt"]] if "tt" in cols and cols["tt"] < len(cells) else ""
        if _is_footer(cells) and not re.fullmatch(r"\d{1,3}\.?", tt):
            break

        def cell(role: str) -> str:
            i = cols.get(role)
            return row[i] if i is not None and i < len(row) else ""

        unit, model_cell, field_cell = cell("unit"), cell("model_title"), cell("field")
        if _is_template(unit) or _is_template(model_cell):
            continue
        if not _clean(model_cell) and not _clean(unit):
            continue
        if re.fullmatch(r"\(?\d+\)?", nfc(model_cell) or "") and re.fullmatch(r"\(?\d+\)?", nfc(unit) or "x"):
            continue  # "(1) (2) (3)" numbering row
        if fold(unit).strip(" .") in _DITTO and drafts:
            unit = drafts[-1].unit or unit
        models = split_models(model_cell) or [(None, "")]
        for k, (number, title) in enumerate(models):
            drafts.append(Draft(
                form="registration",
                kind="collective",
                unit=_clean(unit) if "unit" in cols else default_unit,
                name=_clean(cell("name")),
                model_title=_clean(title),
                field=_clean(_field_for(field_cell, number, k, len(models))),
                sources=[source] if source else [],
            ))
    return drafts


def extract_registrations(sub: Submission) -> list[Draft]:
    """One Draft per registered model in every registration table of the mail."""
    drafts: list[Draft] = []
    docs = [(f.name, f.document) for f in sub.files if f.document is not None]
    if sub.body is not None:
        docs.append(("", sub.body))
    body = split_body(sub.body, sub.sender, forwarded_subject(sub.subject))
    for name, doc in docs:
        for table in doc.tables:
            if not is_registration_table(table):
                continue
            # a list without a unit column is one unit's own list: its letterhead or the mail names it
            default = document_unit(doc) or intro_unit(body) or sub.signature_unit or signature_unit(body)
            drafts.extend(rows_to_drafts(table, name, default))
    return drafts
