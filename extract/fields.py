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
from extract.text import fold, has_bullet, is_upper_text, nfc, nfc_lines
from extract.values import normalise_email, normalise_phone

MULTILINE = {"achievement_summary", "evidence"}
WRAPPING = {"address", "residence", "unit", "name", "model_title", "field", "position"}
TYPED = {"phone": normalise_phone, "email": normalise_email}

# Lines that end any running value: closings, signature blocks, dates.
STOP_PREFIXES = (
    "tran trong", "xin tran trong", "xin cam on", "tran thanh cam on", "kinh gui", "noi nhan",
    "xac nhan cua", "nguoi khai", "hieu truong", "thu truong", "(ky", "ky ten", "thay mat", "tm.",
    "kt.", "nguoi lap", "best regards", "regards", "thanks", "than ai", "kinh thu", "tm ", "kt ",
    "chuc", "xin chan thanh",
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

    @property
    def text(self) -> str:
        return nfc(" ".join(line for line in self.lines if line))


def is_stop_line(line: str, upper: bool = True) -> bool:
    folded = fold(line)
    if folded in {"--", "-- ", "__", "---"} or folded.startswith(STOP_PREFIXES):
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


def parse_label_line(line: str) -> tuple[str, str, str, float] | None:
    """(field, label, inline value, score) when ``line`` starts with a label and a colon."""
    split = _colon_split(line)
    if split is None:
        return None
    label, value = split
    if not label or len(label) > 80:
        return None
    hit = match_label(label)
    if hit is None:
        # "SĐT của thầy Chu Đức Tuấn: 0912..." scores low, but the value proves it.
        scored = score_label(label)
        if scored and scored[0][0] in TYPED and scored[0][1] >= 0.55 and TYPED[scored[0][0]](value):
            hit = (scored[0][0], scored[0][1])
        else:
            return None
    return hit[0], label, value, hit[1]


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


def entries_from_lines(lines: list[str], source: str = "") -> list[Entry]:
    """Entries from paragraph lines ("Label: value" with continuation lines)."""
    lines = unpipe(lines)
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
        hit = parse_label_line(line)
        if hit and cur and cur.field in MULTILINE and (
                hit[0] == cur.field or (has_bullet(line) and (hit[0] == "other" or hit[3] < 0.9))):
            hit = None  # "- Giải Nhất: ..." or "Danh hiệu: ..." inside an achievement list is an item
        if hit:
            for fld, label, value, score in split_pairs(*hit):
                cur = Entry(fld, label, [value], score, label_is_collective(label), source)
                entries.append(cur)
            bulleted = has_bullet(hit[2])
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
        elif cur.field in WRAPPING and len(cur.lines) < 3 and _wraps(cur.lines[-1], line):
            cur.lines.append(line)
        else:
            cur = None
    return entries


def _wraps(prev: str, line: str) -> bool:
    """A value line continues on the next when it was cut mid-phrase (PDF wraps)."""
    if has_bullet(line) or ":" in line[:40]:
        return False
    return prev.rstrip().endswith((",", "-", "–")) or (line[:1].islower())


def _standalone_label(line: str, following: list[str]) -> tuple[str, float] | None:
    """A heading like "THÀNH TÍCH ĐÃ ĐẠT ĐƯỢC" followed by bullet lines starts a list."""
    if ":" in line or len(line) > 60:
        return None
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
            if hit and i + 1 < len(row) and (row[i + 1] or "").strip():
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
