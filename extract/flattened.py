"""Table rows that a parser flattened into text lines.

HTML bodies join the cells of a row with " | " and PDF text layers often
do the same; a form table then arrives as "Họ tên | Nguyễn Văn A" or
"Điện thoại | 0912… | Email | a@b.vn". These lines are rewritten as the
"Label: value" lines the line reader understands.
"""

from __future__ import annotations

import re

from extract.labels import match_label


def unpipe(lines: list[str]) -> list[str]:
    """Table rows flattened as "Label | value (| Label | value)" (HTML bodies, PDF text) as "Label: value" lines."""
    out: list[str] = []
    for line in lines:
        cells = [c.strip() for c in re.split(r"\s+\|\s*|\s*\|\s+", line)] if "|" in line else []
        if len(cells) >= 3 and re.fullmatch(r"\d{1,2}\.?", cells[0]):
            cells = cells[1:]  # "1 | Họ và tên | …": a numbered row
        if len(cells) < 2 or ":" in cells[0] or match_label(cells[0]) is None:
            out.append(line)
            continue
        for k in range(0, len(cells), 2):
            label, value = cells[k], cells[k + 1] if k + 1 < len(cells) else ""
            if k == 0 or (label and match_label(label)):
                out.append(f"{label}: {value}")
            elif label or value:
                out[-1] += f" {label} {value}".rstrip()
    return out
