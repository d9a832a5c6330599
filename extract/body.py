"""The mail body: the sender's own text, the quoted thread and the signature.

A reply quotes the original mail, and a signature carries the *sender's*
phone and unit. Neither is nominee data, so the body is cut into the new
text (where nominee data may be typed) and the signature (used only to
guess the unit when the documents do not say it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.person_names import person_names
from extract.text import fold, is_upper_text, nfc, nfc_lines
from extract.values import LOWER_TAILS, find_phones, normalise_email, unit_case
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
# "---------- Tin nhắn đã chuyển tiếp ---------": an inline forward; above it the forwarder's own note.
_FORWARD_LINE = re.compile(r"^[-=_ ]{3,}.*(?:forwarded message|chuyen tiep).*[-=_ ]{3,}$")
# A line of underscores opens a quoted mail only when a header block follows; otherwise it opens a signature.
_RULE = re.compile(r"^_{10,}$")
# Positions a sender signs with ("Văn thư - Trường THCS …", "Giáo viên", "Hiệu trưởng").
SIGNING_ROLES = (
    "giao vien", "van thu", "hieu truong", "pho hieu truong", "ke toan", "tong phu trach", "thu ky", "to truong",
    "to pho", "nhan vien", "can bo", "chuyen vien", "truong phong", "pho truong phong", "bi thu", "chu tich",
    "giam doc", "thu vien", "y te", "quan tri", "phu trach",
)
# Labels of a contact line in a signature.
_CONTACT_LABEL = re.compile(r"^(?:mobile|mob|tel|phone|dt|dtdd|sdt|so dt|dien thoai|di dong|zalo|hotline|e-?mail|"
                            r"mail|gmail|thu dien tu|skype|website|web)\b")
# Labels that say a nominee's data is typed in the body: then a contact line is no signature alone.
_NOMINEE_LABEL = re.compile(r"^(?:[-+•*]\s*)?(?:\(?\w{1,2}[.)]\s*)?(?:ho va ten|ho ten|ho, ten|ten ca nhan|"
                            r"ten tap the|ten don vi|ten mo hinh)")
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


def _quote_rule(lines: list[str], i: int) -> bool:
    """A line of underscores over "From:/Từ:/Sent:" (Outlook's quoted mail), not over a signature."""
    following = [fold(x) for x in lines[i + 1:i + 5] if x.strip()]
    return any(re.match(r"^(?:from|tu|sent|da gui|gui)\s*:", x) for x in following[:3])


_ORIGINAL_MESSAGE = re.compile(r"^-{2,}\s*original message\s*-{2,}$")


def forwarded_subject(subject: str) -> bool:
    """"FW: …", "Fwd: …", "TV: …" (Outlook's Vietnamese "Chuyển tiếp"): the mail forwards another."""
    return bool(re.match(r"^\s*(?:fw|fwd|tv|chuyen tiep)\s*:", fold(subject or "")))


def split_body(doc: Document | None, sender: str = "", forward: bool = False) -> Body:
    """Cut the body into own text, signature and quoted thread.

    ``sender`` (the From address) helps to tell a bare block of contact lines
    at the end of the text for the sender's own. In a ``forward`` (by its
    subject), Outlook's "-----Original Message-----" opens the forwarded
    mail, which is the submission, not a quote.
    """
    lines = body_lines(doc)
    own: list[str] = []
    quoted: list[str] = []
    forwarder: list[str] = []
    forward_at = -10
    for i, line in enumerate(lines):
        folded = fold(line)
        forward_line = _FORWARD_LINE.match(folded.strip()) or (forward and _ORIGINAL_MESSAGE.match(folded.strip()))
        if forward_line and any(x.strip() for x in lines[i + 1:]):
            forwarder, own = own + forwarder, []  # the forwarder's note and signature: not the submission
            forward_at = i
            continue
        if _RULE.match(line.strip()) and not _quote_rule(lines, i):
            own.append("--")
            continue
        header_quote = _header_quote(lines, i) and i - forward_at > 2  # the forwarded mail's own header block
        if line.startswith(">") or any(re.match(p, folded) for p in QUOTE_STARTS) or header_quote:
            quoted = lines[i:]
            break
        own.append(line)
    signature: list[str] = []
    delims = [i for i, line in enumerate(own) if line.strip() in ("--", "-- ", "—", "___")]
    delim = max(delims, default=None)
    if delim is not None:
        signature, own = own[delim + 1:], own[:delim]
        for d in reversed(delims[:-1]):  # an earlier sign-off: a forwarded mail's sender, above the forwarder's note
            end = d + 1
            while end < len(own) and own[end].strip() and _line_kind(own[end]) is not None:
                end += 1
            if end > d + 1:
                signature = own[d + 1:end] + signature
                own = own[:d] + own[end:]
    else:
        closing = max((i for i, line in enumerate(own) if fold(line).startswith(CLOSINGS)), default=None)
        if closing is not None and len([x for x in own[closing + 1:] if x]) <= 5:
            signature, own = own[closing + 1:], own[:closing + 1]
        else:
            start = _signed_block(own, sender)
            if start is not None:
                signature, own = own[start:], own[:start]
    for i in range(len(own) - 1, 0, -1):  # a forwarded mail's own sign-off just above the forwarder's note
        if any(cue in fold(own[i]) for cue in _FORWARD_NOTES):
            start = _signed_block(own[:i], "")
            if start is not None and start > 0:
                signature = own[start:i] + signature
                own = own[:start] + own[i:]
            break
    tables = list(doc.tables) if doc is not None else []
    return Body([x for x in own], [x for x in signature + forwarder if x], quoted, tables)


def _line_kind(line: str) -> str | None:
    """What a line of a sign-off block is: "contact", "role", "person", or None for any other line."""
    text = line.strip(" .,;")
    folded = fold(text)
    if not text or len(text) > 100:
        return None
    if _CONTACT_LABEL.match(folded) and (find_phones(text) or "@" in text or folded.startswith(("web", "skype"))):
        label = folded.split(":", 1)[0] if ":" in folded else ""
        if re.search(r"\b(?:cua|cho)\b", label):
            return None  # "Thư điện tử của Trường Mầm non Thỏ Ngọc: …" gives the nominee's, not the sender's
        return "contact"
    if folded.startswith(SIGNING_ROLES) and len(text) <= 90 and ":" not in text:
        return "role"
    names = person_names(text)
    if names and len(names[0]) >= 0.8 * len(text) and not any(ch.isdigit() for ch in text):
        return "person"
    return None


def _sender_words(sender: str) -> set[str]:
    return {w for w in re.split(r"[^a-z]+", sender.partition("@")[0].lower()) if len(w) >= 3}


def _senders_address(line: str, sender: str) -> bool:
    """The line gives the From address, or an address named like it ("uyennguyen" → "nguyenminhthuuyen")."""
    words = _sender_words(sender)
    for token in re.split(r"[\s,;:<>()]+", line):
        address = normalise_email(token)
        if not address:
            continue
        if address == sender.lower():
            return True
        local = address.partition("@")[0]
        if len(words) >= 2 and sum(1 for w in words if w in local) >= 2:
            return True
        # "quyen.mnhoaphuong@gmail" beside "quyenvo.mnhoaphuong@…": both parts shared, one shortened
        tokens = {t for t in re.split(r"[^a-z]+", local) if len(t) >= 4}
        shared = {w for w in words for t in tokens if len(w) >= 4 and (w.startswith(t) or t.startswith(w))}
        if len(words) >= 2 and len(shared) >= 2:
            return True
    return False


# What a forwarder writes above or below the mail passed on ("Nhà trường chuyển tiếp hồ sơ của cá nhân").
_FORWARD_NOTES = ("chuyen tiep", "chuyen ho so", "chuyen thong tin", "forward")


def _signed_block(own: list[str], sender: str) -> int | None:
    """Where a sign-off with no "--" and no closing starts at the end of the own text, if there is one.

    A name or a position with contact lines ("Văn thư - Trường …" / "Mobile: …")
    is a signature; so is a bare block of contact lines that gives the
    sender's own address, unless the text above types a nominee's data
    ("Họ và tên: …"), where the contact lines may be the nominee's.
    """
    kinds: list[str] = []
    start = None
    for i in range(len(own) - 1, -1, -1):
        if not own[i].strip():
            continue
        kind = _line_kind(own[i])
        if kind is None or len(kinds) >= 6:
            break
        if kind == "contact" and {"person", "role"} & set(kinds):
            break  # a signature's contact lines stand under its name and position: these above are typed data
        if _NOMINEE_LABEL.match(fold(own[i])):
            break  # "HỌ TÊN: …" heads the nominee's own lines
        kinds.append(kind)
        start = i
    if start is None:
        return None
    if ("person" in kinds or "role" in kinds) and "contact" in kinds or {"person", "role"} <= set(kinds):
        return start
    if set(kinds) == {"contact"} and any(_senders_address(x, sender) for x in own[start:]) and sender:
        if not any(_NOMINEE_LABEL.match(fold(x)) for x in own[:start]):
            return start
    return None


def find_unit(text: str) -> str | None:
    """The first unit name ("Trường THCS Nguyễn Du") in a line of text."""
    m = _UNIT_RE.search(nfc(text))
    if not m:
        return None
    unit = re.split(r"\s+(?:xin|gửi|kính|trân trọng|đã|về việc|V/v|-|–)\s", m.group(0))[0]
    unit = _name_part(unit.strip(" .-–"))
    return unit if len(unit.split()) >= 2 else None


_PLACE_WORDS = frozenset({"huyen", "tinh", "xa", "phuong", "quan", "cum", "chuyen", "tp"})
_PLACE_PAIRS = frozenset({"thanh pho", "thi xa", "thi tran"})


def _name_part(unit: str) -> str:
    """"Trường Tiểu học Hiệp Tây từ nhiều năm nay" → "Trường Tiểu học Hiệp Tây": the name ends at the
    first lowercase word that is no part of a school level ("Tiểu học", "Mầm non", "Trung học cơ sở")."""
    words = unit.split()
    folded_tails = [fold(t).split() for t in LOWER_TAILS]
    opener = next((u for u in sorted(UNIT_STARTS, key=len, reverse=True) if unit.startswith(u + " ")), "")
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        after = words[i + 2] if i + 2 < len(words) else ""
        if fold(f"{w} {nxt}") in _PLACE_PAIRS and after[:1].isupper():
            out.extend([w, nxt])  # "thành phố Hà Nội" inside the name
            i += 2
            continue
        if out and fold(w) == "so" and re.fullmatch(r"\d{1,2}[.,;:]?", nxt):
            out.extend([w, nxt.rstrip(".,;:")])  # "Trường THCS Lê Quý Đôn số 3": the number is the name's
            i += 2
            continue
        if i < len(opener.split()) or not w[:1].islower() or (fold(w) in _PLACE_WORDS and nxt[:1].isupper()):
            out.append(w)  # the opener, a capitalised word, or "huyện Bắc Đông", "chuyên Lê Quý Đôn"
            i += 1
            continue
        tail = next((t for t in folded_tails if [fold(x) for x in words[i - 1:i - 1 + len(t)]] == t), None)
        if tail is None:
            break
        out.extend(words[i:i - 1 + len(tail)])
        i += len(tail) - 1
    return " ".join(out)


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
        if m and _named_unit(m.group(1)):
            return m.group(1).strip()
    return None


def _named_unit(text: str) -> bool:
    """"Trung tâm GDNN-GDTX huyện …", "Trường THCS Kỳ Cửu": the word after the opener is capitalised."""
    opener = next((u for u in sorted(UNIT_STARTS, key=len, reverse=True) if text.startswith(u + " ")), None)
    rest = text[len(opener):].split() if opener else []
    return bool(rest) and rest[0][:1].isupper()


def mentioned_unit(lines: list[str]) -> str | None:
    """The first school or unit named in running text ("Nhắc đến Trường THCS Kỳ Cửu, …").

    The addressee ("Kính gửi: Phòng Giáo dục và Đào tạo …") is the office the
    mail goes to, never the nominee's unit; a school named later wins over an
    office named first.
    """
    found = []
    for line in lines:
        if re.match(r"^\s*(?:đồng\s+)?(?:kính\s+)?gửi\s*:", line, re.IGNORECASE):
            continue
        unit = find_unit(line)
        if unit and _named_unit(unit):
            found.append(unit)
    return next((u for u in found if fold(u).startswith(("truong", "trung tam"))), found[0] if found else None)


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
