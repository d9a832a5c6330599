"""Can the text of a scan be trusted to show what the paper holds?

OCR of a phone photo of a form often turns whole lines into noise ("Sam mm
———", "ee [en DT TCS Pan Hav"). An item the service did not find in such a
text may still be on the paper, so it is no proven absence: the caller sends
it to a reviewer instead of the school (issue 13, part 4).
"""

from __future__ import annotations

import re

from extract.files import EVIDENCE_WORDS, LOGO_WORDS, stem
from extract.model import Submission
from extract.text import any_phrase, fold
from extract.trace_readers import is_address_label, place_levels
from parsers import Document, is_vietnamese_syllable

_TOKEN = re.compile(r"[^\W\d_]+")
GARBLED_SHARE = 0.5  # a line is noise when fewer than half its words are Vietnamese syllables
NOISY_LINES = 1  # one line of noise may be a whole row of the form: no absence read there is proven


# Loan words a form's text holds besides Vietnamese syllables.
LOAN_WORDS = frozenset("""
email gmail mail mobile zalo website web facebook online learning stem robotics tel fax phone video clip slide
youtube google drive link word excel powerpoint canva teams zoom ok internet wifi smart ai code scratch
""".split())
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


def garbled_line(line: str) -> bool:
    """At most half the words of ``line`` are Vietnamese syllables, short capitals (THCS, ĐT) or loan words."""
    words = _TOKEN.findall(_ADDRESSES.sub(" ", line))
    if len(words) < 2 and not (words and len(words[0]) >= 6):
        return False
    good = sum(1 for w in words if is_vietnamese_syllable(w.lower()) or (w.isupper() and len(w) <= 6)
               or w.lower() in LOAN_WORDS)
    return good <= GARBLED_SHARE * len(words)


def partly_illegible(doc: Document | None) -> bool:
    """A document whose text came from OCR and holds lines of noise, or rows that lost their label."""
    if doc is None or not (doc.ocr_pages or doc.format == "image"):
        return False
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    return sum(1 for line in lines if garbled_line(line)) >= NOISY_LINES or orphan_address(lines)


# Lines naming places that are no contact address.
_NOT_ADDRESSES = ("cong hoa", "ubnd", "uy ban", "quyet dinh", "bang khen", "giay khen", "chu tich", "doc lap")
_LABELLED = re.compile(r"^\W*(?:que quan|nguyen quan|noi sinh|ho khau|noi dang ky|don vi|noi cong tac|co quan|"
                       r"truong|ten)\b")


def orphan_address(lines: list[str]) -> bool:
    """A whole address on a line of its own with no address label on it or above it: OCR read a form
    table's value without its label ("Nơi công tác" / "Số 137 phố …, P. …"), so rows may be lost."""
    for i, line in enumerate(lines):
        if ":" in line or is_address_label(line) or len(place_levels(line)) < 2:
            continue
        if any(w in fold(line) for w in _NOT_ADDRESSES) or _LABELLED.match(fold(line)):
            continue  # a letterhead, an award's issuer, or a line with its own label ("Nguyên quán xã …")
        above = lines[i - 1] if i else ""
        if not is_address_label(above) and not re.search(r"[,;-]\s*$", above):
            return True
    return False


# Items read from a document's text (photos and evidence are files: a scan's noise hides none of them).
READ_ITEMS = ("name", "achievement_summary", "address", "phone", "email")


# A picture no longer than this on its longest side holds no page of a form: a logo, a stamp, an icon.
PAGE_MIN_SIDE = 400


def illegible_files(sub: Submission) -> list[str]:
    """Names of the submission's scans that are noise in part; certificates, decisions and logos aside."""
    return [f.name for f in sub.files
            if partly_illegible(f.document) and not any_phrase(stem(f.name), EVIDENCE_WORDS + LOGO_WORDS)
            and not _too_small_for_a_page(f)]


def _too_small_for_a_page(f) -> bool:
    images = list(f.document.images) if f.document is not None else []
    return f.document is not None and f.document.format == "image" and bool(images) and all(
        max(i.width or 0, i.height or 0) <= PAGE_MIN_SIDE for i in images)
