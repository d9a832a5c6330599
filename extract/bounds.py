"""Bounds on what a record may hold, and names made safe to show.

Hostile or broken mail can put anything in a field: a 40-million-character
"summary", a name hundreds of characters long, a file name whose right-to-left
override makes "gpj.exe" read as "exe.jpg". A human value is never that long,
so each field keeps its head up to a cap and the cut is noted for reviewers;
text shown to people loses its invisible format characters (Unicode category
Cf: bidi controls, zero-width characters, soft hyphens). The stored files keep
their original names for download.
"""

from __future__ import annotations

from domain import visible
from extract.model import Draft

# Characters kept of each text field; past it the head is kept and the record noted.
FIELD_CHARS = {
    "name": 200,
    "unit": 500,
    "model_title": 500,
    "field": 300,
    "achievement_summary": 5000,
    "address": 500,
    "phone": 32,
    "email": 320,
}
NAME_CHARS = 255  # an evidence file name or link as shown
MAX_EVIDENCE = 200  # evidence entries kept per record
MAX_SOURCES = 100
FIELD_LABELS = {
    "name": "họ và tên", "unit": "đơn vị", "model_title": "tên mô hình", "field": "lĩnh vực",
    "achievement_summary": "tóm tắt thành tích", "address": "địa chỉ", "phone": "điện thoại", "email": "e-mail",
}


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bound_draft(draft: Draft) -> Draft:
    """Strip invisible characters from what people see, cap every field, note each cut in ``draft.notes``."""
    for name, limit in FIELD_CHARS.items():
        value = getattr(draft, name)
        if not isinstance(value, str):
            continue
        value = visible(value)
        if len(value) > limit:
            draft.notes.append(f"{name} longer than {limit} characters ({len(value)}): only its start was kept; "
                               "to review")
            if name not in draft.unsettled:
                draft.unsettled.append(name)
            value = cut(value, limit)
        setattr(draft, name, value)
    evidence = list(dict.fromkeys(cut(visible(e), NAME_CHARS) for e in draft.evidence))
    if len(evidence) > MAX_EVIDENCE:
        draft.notes.append(f"more than {MAX_EVIDENCE} evidence items ({len(evidence)}): only the first were kept")
        evidence = evidence[:MAX_EVIDENCE]
    draft.evidence = evidence
    draft.sources = [cut(visible(s), NAME_CHARS) for s in draft.sources][:MAX_SOURCES]
    return draft
