"""Reading each file of a mail: its role and the nominee data it holds.

Roles decide what becomes evidence: the profile, the article, the cover
letter and the registration list are paperwork; certificates, decisions,
products and unknown documents are evidence; pictures are decided later,
once the nominees' names are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain import DRAFT_TEXT_FIELDS
from extract.fields import (
    Entry,
    entries_from_lines,
    entries_from_prefixed,
    entries_from_table,
    only_told,
)
from extract.files import (
    ARTICLE_WORDS,
    EVIDENCE_WORDS,
    PROFILE_WORDS,
    evidence_by_content,
    is_archive,
    is_article,
    is_cover_letter,
    is_picture,
    paperwork_by_name,
    stem,
)
from extract.labels import label_is_collective, match_label
from extract.model import FileInfo
from extract.prose import achievement_paragraphs, name_in_title
from extract.records import Partial, clean_name, looks_collective, split_parent, split_records, summary_text
from extract.registration import is_registration_table
from extract.sections import is_cv, report_name, report_results
from extract.text import any_phrase, fold, nfc, nfc_lines
from parsers import Document

PROFILE, ARTICLE, EVIDENCE, PAPERWORK, PICTURE = "profile", "article", "evidence", "paperwork", "picture"


@dataclass
class SourceFile:
    """One attachment with its role and, for profiles and articles, its partial records."""

    index: int
    file: FileInfo
    role: str
    partials: list[Partial] = field(default_factory=list)


def document_lines(doc: Document) -> list[str]:
    out: list[str] = []
    for p in doc.paragraphs:
        out.extend(nfc_lines(p.text))
    return out


def document_entries(doc: Document, source: str) -> list[Entry]:
    """Entries from paragraphs, form tables and parser key/values of one document."""
    lines = document_lines(doc)
    scanned = bool(doc.ocr_pages) or doc.format == "image"  # OCR loses the columns' separators
    entries = only_told(entries_from_lines(lines, source, loose=scanned), achievement_paragraphs(lines) is not None)
    for table in doc.tables:
        if not is_registration_table(table) and award_header(table.rows) is None:
            found = entries_from_table(table.rows, source)
            opener = _another_sheet(entries, found)  # "Tên đơn vị | Trường …" opening a whole second sheet
            if opener is not None:
                entries.append(Entry("section", opener.label, [], 1.0, opener.collective or opener.field == "unit",
                                     source))
            entries.extend(found)
    if len({e.field for e in entries if e.field in DRAFT_TEXT_FIELDS}) < 3:
        prefixed = entries_from_prefixed(lines, source)
        if prefixed:
            entries = prefixed + [e for e in entries if e.field not in {p.field for p in prefixed}]
    return entries


_SHEET_DATA = {"address", "phone", "email", "achievement_summary"}


def _another_sheet(before: list[Entry], table: list[Entry]) -> Entry | None:
    """The entry opening a table that names a nominee (a person or a collective) and holds its own contacts or
    achievements, after entries that already named someone: one document, one sheet per nominee."""
    table = [e for e in table if e.field != "other"]  # "NỘI DUNG | NỘI DUNG": a heading row first
    if not table or not any(e.field == "name" for e in before):
        return None
    first = table[0]
    # "Đơn vị | Trường …" opening a sheet that names no person: the unit's own sheet
    unit_sheet = first.field == "unit" and not any(e.field == "name" for e in table)
    opens = first.field == "name" or unit_sheet
    return first if opens and len({e.field for e in table} & _SHEET_DATA) >= 2 else None


def key_value_entries(doc: Document, source: str) -> list[Entry]:
    out = []
    for key, value in doc.key_values:
        hit = match_label(key)
        if hit:
            out.append(Entry(hit[0], key, nfc_lines(value), hit[1], label_is_collective(key), source))
    return out


AWARD_COLUMNS = ("tt", "stt", "nam", "thoi gian", "so", "ngay", "co quan", "quyet dinh", "hinh thuc", "ghi chu", "cap")


def award_header(rows: list[list[str]]) -> int | None:
    """Row index of a header like "Năm học | Danh hiệu thi đua | Số, ngày quyết định" (achievements table)."""
    for r, row in enumerate(rows[:3]):
        cells = [nfc(c) for c in row if c and c.strip()]
        if len(cells) < 3 or any(len(c) > 40 for c in cells):
            continue
        hits = [match_label(c) for c in cells]
        if any(h and h[0] == "name" for h in hits) or not any(h and h[0] == "achievement_summary" for h in hits):
            continue
        others = [fold(c) for c, h in zip(cells, hits) if not (h and h[0] == "achievement_summary")]
        if any(len(o.split()) <= 4 and o.startswith(AWARD_COLUMNS) for o in others):
            return r
    return None


def achievement_table(doc: Document) -> str | None:
    """Achievements kept as a table: one line per row, its cells joined."""
    for table in doc.tables:
        r = award_header(table.rows)
        if r is None:
            continue
        lines = []
        for data in table.rows[r + 1:]:
            cells = list(dict.fromkeys(nfc(c) for c in data if c and not re.fullmatch(r"\s*\d{1,3}\.?\s*", c)))
            if cells:
                lines.append(" - ".join(cells))
        return "\n".join(lines) or None
    return None


def report_sections(doc: Document, partials: list[Partial], source: str, role: str) -> tuple[list[Partial], bool]:
    """A statutory report's summary is its section II results item, and a collective's name its title line.

    ND98-M03/ND91-M02 (II.2), ND98-M02/ND91-M01 (II.1): duties, measures, Party
    work and section III never count; a report whose section II has no results
    has no summary. One report describes one nominee. The flag says the summary
    is settled: no award table may stand in for it.
    """
    lines = document_lines(doc)
    if len(partials) == 1 and is_cv(lines + [x for t in doc.tables for row in t.rows for c in row for x in nfc_lines(c)]):
        partials[0].values.pop("achievement_summary", None)  # HS02-VC/CV-2C: "Khen thưởng" lists titles only
        return partials, True  # not summary_settled: the school may write the summary in the mail or an article
    results = report_results(lines)
    if results is None or len(partials) > 1:
        return partials, False
    part = partials[0] if partials else Partial(source=source, role=role)
    part.summary_settled = True
    summary = summary_text(results)
    if summary:
        part.values["achievement_summary"] = summary
    else:
        part.values.pop("achievement_summary", None)
    if "name" not in part.values and (title := report_name(lines)) and looks_collective(title):
        own, parent = split_parent(clean_name(title, collective=True))
        part.values["name"], part.collective = own, True
        if parent:
            part.values.setdefault("unit", parent)
    return ([part] if part.has_data() else []), True


def document_partials(doc: Document, source: str, role: str = "profile") -> list[Partial]:
    partials = [p for p in split_records(document_entries(doc, source), source, role) if p.has_data()]
    partials, settled = report_sections(doc, partials, source, role)
    if len(partials) == 1 and "achievement_summary" not in partials[0].values and not settled:
        table_summary = achievement_table(doc)
        if table_summary:
            partials[0].values["achievement_summary"] = table_summary
    kv = [p for p in split_records(key_value_entries(doc, source), source, role) if p.has_data()]
    if not partials:
        return kv
    if len(partials) == 1 and len(kv) == 1:
        for k, v in kv[0].values.items():
            if not (settled and k == "achievement_summary"):  # a CV's "Khen thưởng" item stays out
                partials[0].values.setdefault(k, v)
        partials[0].links.extend(x for x in kv[0].links if x not in partials[0].links)
    return partials


def article_partial(f: FileInfo) -> Partial:
    paragraphs = [nfc(p.text) for p in f.document.paragraphs if p.text and p.text.strip()]
    part = Partial(source=f.name, role="article")
    name = name_in_title(paragraphs) or name_in_filename(f.name)
    if name:
        part.values["name"] = name
    summary = achievement_paragraphs(paragraphs)
    if summary:
        part.values["achievement_summary"] = summary
    return part


def name_in_filename(filename: str) -> str | None:
    """"Bài viết - Đào Minh Hải.docx" → "Đào Minh Hải" when the tail looks like a person's name."""
    base = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.rsplit("/", 1)[-1])
    parts = re.split(r"\s+[-–_]\s+", base)
    if len(parts) < 2:
        return None
    tail = parts[-1].strip()
    words = tail.split()
    if 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words) and not looks_collective(tail):
        return tail
    return None


def classify(index: int, f: FileInfo) -> SourceFile:
    """The role of one file, with partial records for profiles and articles (read once per file)."""
    known = f.__dict__.get("_classified")
    if known is not None and known.index == index:
        return known
    source = _classify(index, f)
    f.__dict__["_classified"] = source
    return source


def _classify(index: int, f: FileInfo) -> SourceFile:
    doc = f.document
    s = stem(f.name)
    has_text = doc is not None and (any(p.text.strip() for p in doc.paragraphs) or doc.tables or doc.key_values)
    if is_archive(f) or (doc is not None and any(is_registration_table(t) for t in doc.tables)):
        return SourceFile(index, f, PAPERWORK)
    if not has_text:
        if is_picture(f):
            return SourceFile(index, f, PICTURE)
        return SourceFile(index, f, PAPERWORK if paperwork_by_name(f.name) else EVIDENCE)
    evidence_name = any_phrase(s, EVIDENCE_WORDS) and not any_phrase(s, PROFILE_WORDS + ARTICLE_WORDS)
    partials = [] if evidence_name else document_partials(doc, f.name)
    # a decision listing names is not a profile: a profile also gives contacts or achievements
    strong = any(p.values.keys() & {"achievement_summary", "address", "phone", "email"} for p in partials)
    if partials and (strong or not evidence_by_content(f)):
        return SourceFile(index, f, PROFILE, partials)
    if not evidence_name and any_phrase(s, ARTICLE_WORDS) and is_article(f):
        return SourceFile(index, f, ARTICLE, [article_partial(f)])
    if evidence_name or evidence_by_content(f):
        return SourceFile(index, f, EVIDENCE)
    if is_picture(f):
        return SourceFile(index, f, PICTURE)
    if is_article(f):
        return SourceFile(index, f, ARTICLE, [article_partial(f)])
    if is_cover_letter(f) or paperwork_by_name(f.name):
        return SourceFile(index, f, PAPERWORK)
    return SourceFile(index, f, EVIDENCE)
