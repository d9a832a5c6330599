"""Pairs of "Label: value" in one line of a form, as schools type them.

"Họ và tên: Nguyễn Thị Hoa", "1. Điện thoại: 0912 345 678", and several on
one line separated by tabs or wide gaps ("Năm sinh: 1980<tab>Giới tính: Nữ").
"""

from __future__ import annotations

import re

from parsers.normalise import clean_text

_KV = re.compile(r"^\s*(?:[-+•*]\s*)?(?:\(?(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s+)?([^:]{1,60}?)\s*:\s*(.*?)\s*$")
_SEGMENTS = re.compile(r"\t+| {3,}")


def form_label(raw: str) -> str | None:
    """``raw`` cleaned, when it is short enough and wordy enough to be a form's label; else None."""
    label = clean_text(raw).rstrip(":").strip()
    if not label or len(label) > 60 or len(label.split()) > 8 or ":" in label or not any(c.isalpha() for c in label):
        return None
    return label


def paragraph_key_values(raw: str) -> list[tuple[str, str]]:
    """"Label: value" pairs in one line; tabs or wide gaps may separate several."""
    segments: list[str] = []
    for piece in _SEGMENTS.split(raw):
        m = _KV.match(piece)
        if segments and not (m and form_label(m.group(1))):
            segments[-1] += " " + piece  # "Label:<tab>value": the gap was not a separator
        else:
            segments.append(piece)
    pairs = []
    for segment in segments:
        m = _KV.match(segment)
        if not m or not m.group(2) or m.group(2).startswith("//"):
            continue
        label, value = form_label(m.group(1)), clean_text(m.group(2))
        if label and value and label.lower() not in ("http", "https", "mailto"):
            pairs.append((label, value))
    return pairs
