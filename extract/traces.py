"""What a submission holds a trace of, found by what things are rather than by their labels.

A school is told that an item is missing only when the submission holds no
trace of it at all (SPEC "missing"; issue "flag only what is proven"). The
label readers find values; this module looks everywhere else: every
document's paragraphs and table cells, the scans' OCR text, the mail body
and the earlier mails it quotes, every picture. When it finds something the
readers did not settle (a phone number in prose, an address line with no
label, a picture that may be the portrait), the item goes to the record's
``review`` list for a person, never into a flag.

Never counted: the sender's own signature and From address, the addresses
the mail was sent to, and the Ministry's own contacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain import fold
from extract.body import Body
from extract.model import Submission
from extract.sources import EVIDENCE, classify
from extract.text import nfc_lines
from extract.values import find_phones, normalise_email

# E-mail written to dodge harvesters: "ten [at] truong.edu.vn", "ten(a)gmail.com", "ten @ gmail . com".
_OBFUSCATED_AT = re.compile(r"\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\s+at\s+|\(a\)|\[a\])\s*", re.IGNORECASE)
_OBFUSCATED_DOT = re.compile(r"\s*(?:\[\s*(?:dot|cham|chấm)\s*\]|\(\s*(?:dot|cham|chấm)\s*\))\s*", re.IGNORECASE)
_SPACED_AT = re.compile(r"(?<=[A-Za-z0-9._%+-])\s+@\s*|\s*@\s+(?=[A-Za-z0-9-])")
_SPACED_DOT = re.compile(r"(?<=\w)\s*\.\s+(?=(?:com|vn|edu|gov|net|org)\b)|(?<=\w)\s+\.\s*(?=(?:com|vn|edu|gov|net|org)\b)")
_URL = re.compile(r"https?://\S+|(?:drive|docs)\.google\.com/\S+|1drv\.ms/\S+|onedrive\.live\.com/\S+", re.IGNORECASE)

# The Ministry's (and its department's) own addresses are never a nominee's.
OFFICIAL_DOMAINS = ("moet.gov.vn", "moet.edu.vn")

# Administrative levels (Luật Tổ chức chính quyền địa phương): hamlet, commune, district, province.
_LEVELS = (
    ("thon", "xom", "ap", "ban", "to dan pho", "khu pho", "khoi", "to", "so nha", "duong", "pho", "ngo", "ngach", "hem"),
    ("xa", "phuong", "thi tran"),
    ("huyen", "quan", "thi xa", "thanh pho"),
    ("tinh", "thanh pho", "tp"),
)
_ADDRESS_LABELS = ("dia chi", "noi o", "cho o", "tru quan", "thuong tru", "noi cu tru", "tru so", "dia diem")
_UNIT_WORDS = ("truong", "phong", "so ", "ubnd", "uy ban", "trung tam", "cong ty", "benh vien")

# Achievement wording (the awards and titles of Luật Thi đua, Khen thưởng 2022 and the forms in docs/forms.md).
_ACHIEVEMENT_WORDS = (
    "chien si thi dua", "lao dong tien tien", "lao dong xuat sac", "bang khen", "giay khen", "co thi dua",
    "huan chuong", "day gioi", "giao vien gioi", "sang kien", "giai nhat", "giai nhi", "giai ba",
    "giai khuyen khich", "hoan thanh xuat sac", "nha giao uu tu", "nha giao nhan dan",
    "de tai khoa hoc", "xep loai a", "xep loai b",
)
_NAME_LABELS = ("ho va ten", "ho ten", "ten ca nhan", "ten tap the", "ten don vi", "ten mo hinh")
_EVIDENCE_WORDS = (
    "giay khen", "bang khen", "quyet dinh", "minh chung", "sang kien", "chung nhan", "chung chi", "san pham",
    "hoat dong", "giai thuong", "bai giang", "ke hoach", "bao cao",
)


@dataclass
class Traces:
    """The required items a submission holds some trace of, with the typed values found."""

    items: set[str] = field(default_factory=set)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


def readable_emails(text: str) -> list[str]:
    """E-mail addresses in ``text``, also when written "ten [at] truong.edu.vn" or with spaces."""
    text = _OBFUSCATED_DOT.sub(".", _OBFUSCATED_AT.sub("@", text))
    text = _SPACED_DOT.sub(".", _SPACED_AT.sub("@", text))
    found: list[str] = []
    for token in re.split(r"[\s,;<>()\[\]\"']+", text):
        address = normalise_email(token)
        if address and address not in found:
            found.append(address)
    return found


def _document_lines(sub: Submission, skip_evidence: bool = False) -> list[str]:
    """Every line of every document; with ``skip_evidence``, not of certificates, decisions and products."""
    lines: list[str] = []
    for index, f in enumerate(sub.files):
        doc = f.document
        if doc is None:
            continue
        if skip_evidence and classify(index, f).role == EVIDENCE:
            continue
        for p in doc.paragraphs:
            lines.extend(nfc_lines(p.text))
        for table in doc.tables:
            for row in table.rows:
                lines.extend(line for cell in row for line in nfc_lines(cell))
        lines.extend(f"{k}: {v}" for k, v in doc.key_values)
    return lines


def _body_lines(body: Body) -> list[str]:
    """The sender's own text and the earlier mails it quotes; never the signature."""
    lines = list(body.lines) + list(body.quoted)
    for table in body.tables:
        for row in table.rows:
            lines.extend(line for cell in row for line in nfc_lines(cell))
    return lines


def _is_address_line(line: str) -> bool:
    """A labelled address with a value, or a line naming two administrative levels that is no unit's name."""
    folded = fold(line)
    label, sep, value = folded.partition(":")
    if sep and len(label) <= 60 and any(label.strip().endswith(w) or label.strip().startswith(w)
                                        for w in _ADDRESS_LABELS):
        return len(value.strip(" .-_…")) >= 4
    text = fold(_value_part(line)).strip()
    if any(text.startswith(u) for u in _UNIT_WORDS):
        return False  # "Trường THCS X, huyện Y": a unit's name, not an address
    words = " " + re.sub(r"[^a-z0-9]+", " ", text) + " "
    levels = sum(1 for level in _LEVELS if any(f" {w} " in words for w in level))
    return levels >= 2


def _value_part(line: str) -> str:
    """The value of a "Label: value" line (a label's own words are no trace); the whole line otherwise."""
    label, sep, value = line.partition(":")
    if sep and len(label) <= 60 and len(label.split()) <= 7:
        return value
    return line


def _has_any(lines: list[str], words: tuple[str, ...]) -> bool:
    return any(any(w in fold(_value_part(line)) for w in words) for line in lines)


def _has_name(lines: list[str]) -> bool:
    for line in lines:
        label, sep, value = fold(line).partition(":")
        if sep and any(label.strip().endswith(w) for w in _NAME_LABELS) and len(value.strip(" .-_…")) >= 3:
            return True
    return False


def _photo_candidates(sub: Submission) -> bool:
    """A picture that could be the nominee's photo, or one that could not be decoded at all.

    Not candidates: logos, scans of paper, and pictures named as evidence
    ("Ảnh hoạt động", "Giấy khen"): the truth rules count those as evidence.
    """
    for f in sub.files:
        pictures = list(f.document.images) if f.document is not None else []
        if f.image is not None:
            pictures.append(f.image)
        if f.content_type.startswith("image/") and not pictures:
            return True  # a picture file that could not be decoded: a person must look at it
        for image in pictures:
            name = fold(f"{f.name} {image.name or ''}")
            if "logo" in name or any(w in name for w in _EVIDENCE_WORDS) or image.kind == "document":
                continue
            if min(image.width, image.height) >= 100:
                return True
    return False


def _evidence_candidates(sub: Submission, lines: list[str]) -> bool:
    if any(_URL.search(line) for line in lines):
        return True
    for index, f in enumerate(sub.files):
        if any(w in fold(f.name) for w in _EVIDENCE_WORDS) or classify(index, f).role == EVIDENCE:
            return True
    return False


def find_traces(sub: Submission, body: Body, excluded_addresses: set[str] = frozenset()) -> Traces:
    """Everything in ``sub`` that bears on a required item, outside the sender's own contact lines."""
    lines = _document_lines(sub) + _body_lines(body)
    signature = "\n".join(body.signature)
    own_phones = set(find_phones(signature))
    own_emails = set(readable_emails(signature)) | {sub.sender.lower()} | {a.lower() for a in excluded_addresses}
    traces = Traces()
    for line in lines:
        for phone in find_phones(line):
            if phone not in own_phones and phone not in traces.phones:
                traces.phones.append(phone)
        for email in readable_emails(line):
            if email in own_emails or email.endswith(OFFICIAL_DOMAINS) or email in traces.emails:
                continue
            traces.emails.append(email)
    if traces.phones:
        traces.items.add("phone")
    if traces.emails:
        traces.items.add("email")
    if _photo_candidates(sub):
        traces.items.add("photo")
    if _evidence_candidates(sub, lines):
        traces.items.add("evidence")
    if any(_is_address_line(line) for line in lines):
        traces.items.add("address")
    # a certificate names one award: it is evidence, not a summary of the nominee's achievements
    if _has_any(_document_lines(sub, skip_evidence=True) + _body_lines(body), _ACHIEVEMENT_WORDS):
        traces.items.add("achievement_summary")
    if _has_name(lines):
        traces.items.add("name")
    return traces
