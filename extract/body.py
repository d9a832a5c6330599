"""The mail body: the sender's own text, the quoted thread and the signature.

A reply quotes the original mail, and a signature carries the *sender's*
phone and unit. Neither is nominee data, so the body is cut into the new
text (where nominee data may be typed) and the signature (used only to
guess the unit when the documents do not say it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.text import fold, is_upper_text, nfc, nfc_lines
from extract.values import unit_case
from parsers import Document

# Lines where a quoted earlier message starts (folded; regexes).
QUOTE_STARTS = (
    r"^-{2,}\s*original message\s*-{2,}$",
    r"^-{2,}\s*(?:thu|tin nhan) goc\s*-{2,}$",
    r"^(?:on|vao)\b.{5,200}\b(?:wrote|da viet|viet)\s*:?\s*$",
    r"^_{10,}$",
)
# A forwarded message is the submission itself: its header block is kept.
FORWARD_MARKERS = ("forwarded message", "chuyen tiep", "thu chuyen tiep", "tin nhan da chuyen tiep", "fwd")
# Closings after which a short block is the sender's signature.
CLOSINGS = ("tran trong", "than ai", "kinh thu", "best regards", "regards", "tran trong cam on", "xin cam on")
# Words that open a unit's name.
UNIT_STARTS = ("Trường", "TRƯỜNG", "Phòng", "PHÒNG", "Sở", "SỞ", "Khoa", "KHOA", "Trung tâm", "TRUNG TÂM",
               "Viện", "VIỆN", "Học viện", "HỌC VIỆN", "Đại học", "ĐẠI HỌC")
_UNIT_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(u) for u in UNIT_STARTS) + r")\s+[^\n,;:()]{2,80}")


@dataclass
class Body:
    lines: list[str] = field(default_factory=list)  # the sender's own text
    signature: list[str] = field(default_factory=list)
    quoted: list[str] = field(default_factory=list)
    tables: list = field(default_factory=list)  # tables of the body (HTML mail), read as forms

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def body_lines(doc: Document | None) -> list[str]:
    if doc is None:
        return []
    out: list[str] = []
    for p in doc.paragraphs:
        out.extend(nfc_lines(p.text))
    if not out and doc.key_values:
        out = [f"{k}: {v}" for k, v in doc.key_values]
    return out


def _header_quote(lines: list[str], i: int) -> bool:
    """An Outlook-style "From: ... / Sent: ..." block that quotes the earlier mail (not a forward)."""
    if not re.match(r"^(?:from|tu)\s*:\s*\S", fold(lines[i])):
        return False
    if not any(re.match(r"^(?:sent|date|da gui|ngay gui|ngay|gui luc)\s*:", fold(x)) for x in lines[i + 1:i + 4]):
        return False
    before = next((fold(x) for x in reversed(lines[:i]) if x.strip()), "")
    return not any(w in before for w in FORWARD_MARKERS)


def split_body(doc: Document | None) -> Body:
    """Cut the body into own text, signature and quoted thread."""
    lines = body_lines(doc)
    own: list[str] = []
    quoted: list[str] = []
    for i, line in enumerate(lines):
        folded = fold(line)
        if line.startswith(">") or any(re.match(p, folded) for p in QUOTE_STARTS) or _header_quote(lines, i):
            quoted = lines[i:]
            break
        own.append(line)
    signature: list[str] = []
    delim = max((i for i, line in enumerate(own) if line.strip() in ("--", "-- ", "—", "___")), default=None)
    if delim is not None:
        signature, own = own[delim + 1:], own[:delim]
    else:
        closing = max((i for i, line in enumerate(own) if fold(line).startswith(CLOSINGS)), default=None)
        if closing is not None and len([x for x in own[closing + 1:] if x]) <= 5:
            signature, own = own[closing + 1:], own[:closing + 1]
    tables = list(doc.tables) if doc is not None else []
    return Body([x for x in own], [x for x in signature if x], quoted, tables)


def find_unit(text: str) -> str | None:
    """The first unit name ("Trường THCS Nguyễn Du") in a line of text."""
    m = _UNIT_RE.search(nfc(text))
    if not m:
        return None
    unit = re.split(r"\s+(?:xin|gửi|kính|trân trọng|đã|về việc|V/v|-|–)\s", m.group(0))[0]
    unit = unit.strip(" .-–")
    return unit if len(unit.split()) >= 2 else None


def signature_unit(body: Body) -> str | None:
    """The unit named in the signature ("Văn thư - Trường THCS Hương Minh")."""
    for line in body.signature[:6]:  # the block right under "--"; later text may be another mail
        unit = find_unit(line)
        if unit:
            return unit
    return None


def intro_unit(body: Body) -> str | None:
    """The unit that introduces itself in the body ("..., Trường TH Ân Phú gửi hồ sơ ...")."""
    for line in body.lines:
        folded = fold(line)
        if "gui" not in folded:
            continue
        m = re.search(r"(?:^|,\s*)((?:" + "|".join(re.escape(u) for u in UNIT_STARTS) + r")\s[^,;:]{2,80}?)\s+(?:xin\s+|trân trọng\s+|kính\s+)?gửi", line)
        if m and len(m.group(1).split()) >= 2 and m.group(1).split()[1][:1].isupper():
            return m.group(1).strip()
    return None


def quoted_unit(body: Body) -> str | None:
    """The unit named in the quoted earlier mail of a reply (same sender, same school)."""
    quoted = Body([re.sub(r"^(?:>\s*)+", "", x) for x in body.quoted])
    sig_start = max((i for i, x in enumerate(quoted.lines) if x.strip() in ("--", "-- ")), default=None)
    if sig_start is not None:
        quoted.signature = [x for x in quoted.lines[sig_start + 1:] if x]
        quoted.lines = quoted.lines[:sig_start]
    return intro_unit(quoted) or signature_unit(quoted)


def document_unit(doc: Document) -> str | None:
    """The unit in a document's letterhead: the left cell beside "CỘNG HÒA ...", or a capitalised "TRƯỜNG ..." line."""
    for table in doc.tables[:2]:
        for row in table.rows[:2]:
            cells = [c or "" for c in row]
            if len(cells) >= 2 and "cong hoa" in fold(" ".join(cells[1:])):
                for line in reversed([x for x in cells[0].split("\n") if x.strip()]):
                    unit = find_unit(line)
                    if unit:
                        return unit_case(unit)
    for p in doc.paragraphs[:6]:
        text = (p.text or "").strip()
        if is_upper_text(text) and "cong hoa" not in fold(text) and "doc lap" not in fold(text):
            unit = find_unit(text)
            if unit and fold(unit).startswith("truong"):
                return unit_case(unit)
    return None
