"""What a submission holds a trace of, found by what things are rather than by their labels.

A school is told that an item is missing only when the submission holds no
trace of it at all (SPEC "missing"). The label readers find values; this
module looks everywhere else: every document's paragraphs and table cells,
the scans' OCR text, the mail body and the earlier mails it quotes, every
picture. What it finds and the readers did not settle (a phone number in
prose, an unlabelled address line, a picture that may be the portrait) puts
the item in the record's ``review`` list, for a person, never in a flag.

Never counted: the sender's own signature and From address, the addresses
the mail was sent to, the Ministry's own contacts, letterheads (docs/forms.md:
the issuing unit's phone printed above the form), and, when one mail names
several nominees, what is already another nominee's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain import fold
from extract.body import Body
from extract.model import Draft, FileInfo, Submission
from extract.person_names import person_names
from extract.sections import report_results
from extract.sources import EVIDENCE, classify
from extract.text import nfc_lines
from extract.values import find_links, find_phones, is_empty_value, normalise_email, possible_phones, strip_leaders

# E-mail written to dodge harvesters: "ten [at] truong.edu.vn", "ten(a)gmail.com", "ten @ gmail . com".
_OBFUSCATED_AT = re.compile(r"\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\s+at\s+|\(a\)|\[a\])\s*", re.IGNORECASE)
_OBFUSCATED_DOT = re.compile(r"\s*(?:\[\s*(?:dot|cham|chấm)\s*\]|\(\s*(?:dot|cham|chấm)\s*\))\s*", re.IGNORECASE)
_SPACED_AT = re.compile(r"(?<=[A-Za-z0-9._%+-])\s+@\s*|\s*@\s+(?=[A-Za-z0-9-])")
_SPACED_DOT = re.compile(r"(?<=\w)\s*\.\s+(?=(?:com|vn|edu|gov|net|org)\b)|(?<=\w)\s+\.\s*(?=(?:com|vn|edu|gov|net|org)\b)")
_WRAPPED_DOMAIN = re.compile(r"(\b[\w.+-]+@[A-Za-z0-9-]+)\s(?!com\b|vn\b)([A-Za-z0-9-]*\.(?:com|vn|net|org|edu)\b)")
_FILE_NAME = re.compile(r"\.(?:pdf|docx?|xlsx?|jpe?g|png|heic|zip|rar|7z|pptx?)\s*[;,.]?\s*$", re.IGNORECASE)

# The Ministry's (and its department's) own addresses are never a nominee's.
OFFICIAL_DOMAINS = ("moet.gov.vn", "moet.edu.vn")

# Administrative levels (Luật Tổ chức chính quyền địa phương), each followed by a place name; matched on
# folded words, so OCR'd text with broken diacritics still counts.
_LEVEL_OF = {"so nha": 0, "to dan pho": 0, "tdp": 0, "khu pho": 0, "khoi": 0, "thon": 0, "xom": 0, "ap": 0,
             "ban": 0, "duong": 0, "pho": 0, "ngo": 0, "hem": 0, "xa": 1, "phuong": 1, "thi tran": 1, "p.": 1,
             "huyen": 2, "quan": 2, "thi xa": 2, "tinh": 3, "thanh pho": 3, "tp": 3, "tp.": 3}
_ADDRESS_LABELS = ("dia chi", "noi o", "cho o", "tru quan", "thuong tru", "noi cu tru", "tru so", "dia diem")
_NOT_ADDRESS_LABELS = ("que quan", "nguyen quan", "noi sinh", "dia chi email", "dia chi thu", "dia chi trang")
# Accents matter here: "Sở" opens a unit, "Số" a house number.
_UNIT_FIRST_WORDS = frozenset({"Trường", "Phòng", "Sở", "Ubnd", "Ủy", "Uỷ", "Tổ", "Khoa", "Viện", "Đội", "Liên"})
_UNIT_FIRST_PAIRS = frozenset({"trung tam", "cong ty", "benh vien", "uy ban", "hoc vien", "dai hoc"})

# Achievement wording (the awards and titles of Luật Thi đua, Khen thưởng 2022; docs/forms.md section II).
_ACHIEVEMENT_WORDS = (
    "chien si thi dua", "lao dong tien tien", "lao dong xuat sac", "bang khen", "giay khen", "co thi dua",
    "huan chuong", "day gioi", "giao vien gioi", "sang kien", "giai nhat", "giai nhi", "giai ba",
    "giai khuyen khich", "hoan thanh xuat sac", "nha giao uu tu", "nha giao nhan dan",
    "de tai khoa hoc", "xep loai a", "xep loai b",
)
_PHONE_LABEL_WORDS = ("dt", "dien", "sdt", "so", "di", "dtdd", "mobile", "phone", "tel", "lien")
_NAME_LABELS = ("ho va ten", "ho ten", "ten ca nhan", "ten tap the", "ten don vi", "ten mo hinh")
_EVIDENCE_WORDS = (
    "giay khen", "bang khen", "quyet dinh", "minh chung", "sang kien", "chung nhan", "chung chi", "san pham",
    "hoat dong", "giai thuong", "bai giang", "ke hoach", "bao cao",
)


@dataclass
class Traces:
    """Candidate values for each required item, found anywhere in a submission."""

    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)  # folded address lines
    achievements: list[str] = field(default_factory=list)  # folded achievement lines
    names: list[str] = field(default_factory=list)  # folded labelled names
    photos: list[str] = field(default_factory=list)  # folded file names of pictures that may be the portrait
    evidence: list[str] = field(default_factory=list)  # folded file names and links that may be evidence
    not_nominee_phones: set[str] = field(default_factory=set)  # the sender's signature, letterheads
    letterhead_phones: set[str] = field(default_factory=set)  # a collective's own number when it is the unit
    labelled_phones: list[str] = field(default_factory=list)  # under a phone label ("ĐT", "Điện thoại", "SĐT")
    people: list[str] = field(default_factory=list)  # personal names in running text, the sender's excepted
    senders: list[str] = field(default_factory=list)  # the sender's own name and the signature's names

    @property
    def items(self) -> set[str]:
        """The items of which the submission holds any trace at all."""
        return {item for item, values in self._by_item().items() if values}

    def _by_item(self) -> dict[str, list[str]]:
        return {"phone": self.phones, "email": self.emails, "address": self.addresses,
                "achievement_summary": self.achievements, "name": self.names + [fold(p) for p in self.people],
                "photo": self.photos,
                "evidence": self.evidence}

    def items_for(self, draft: Draft, others: list[Draft]) -> list[str]:
        """The items with a trace that is not plainly another nominee's (several nominees in one mail)."""
        taken = _taken_by(others)
        own_names = {fold(draft.name)} if draft.name else set()
        # an address named after someone else the mail mentions (the sender, a signer) is theirs
        taken["email"] |= {e for e in self.emails if _named_after_other(e, self.people + self.senders, draft.name)}
        found = []
        by_item = self._by_item()
        if draft.kind == "collective":  # the school nominated as a collective: its letterhead number is its own
            by_item["phone"] = by_item["phone"] + sorted(self.letterhead_phones)
        for item, values in by_item.items():
            if any(not _belongs_to_other(value, item, taken, own_names) for value in values):
                found.append(item)
        return sorted(found)


def _taken_by(others: list[Draft]) -> dict[str, set[str]]:
    taken: dict[str, set[str]] = {"phone": set(), "email": set(), "text": set(), "names": set()}
    for other in others:
        taken["phone"].update([other.phone] if other.phone else [])
        taken["email"].update([other.email] if other.email else [])
        for value in (other.address, other.achievement_summary):
            taken["text"].update(fold(line) for line in (value or "").split("\n") if line.strip())
        if other.name:
            taken["names"].add(fold(other.name))
    return taken


def _belongs_to_other(value: str, item: str, taken: dict[str, set[str]], own_names: set[str]) -> bool:
    if item in ("phone", "email"):
        return value in taken[item]
    if item in ("address", "achievement_summary"):
        return any(value in text or text in value for text in taken["text"] if len(text) >= 8)
    if item == "name":
        return value in taken["names"]
    # a picture or file named after another nominee is that nominee's
    return any(name in value for name in taken["names"] if name) and not any(n in value for n in own_names if n)


def readable_emails(text: str) -> list[str]:
    """E-mail addresses in ``text``, also when written "ten [at] truong.edu.vn" or with spaces."""
    text = _OBFUSCATED_DOT.sub(".", _OBFUSCATED_AT.sub("@", text))
    text = _SPACED_DOT.sub(".", _SPACED_AT.sub("@", text))
    text = _WRAPPED_DOMAIN.sub(r"\1\2", text)  # "ten@gm ail.com": a table cell wrapped the domain
    found: list[str] = []
    for token in re.split(r"[\s,;<>()\[\]\"'…]+", text):
        address = normalise_email(token.strip("._-"))
        if address and address not in found:
            found.append(address)
    return found


def _is_letterhead(cell_or_line: str) -> bool:
    """The issuing unit's block above a form: "PHÒNG GD&ĐT …\\nTRƯỜNG THCS …\\nĐT: …" (docs/forms.md)."""
    lines = [line for line in cell_or_line.split("\n") if line.strip()]
    heads = [line for line in lines if line.isupper() and fold(line).startswith(("truong", "phong", "so ", "ubnd"))]
    return bool(heads) and len(lines) <= 5


def _document_lines(sub: Submission) -> tuple[list[str], set[str], set[str]]:
    """Every line of every document; the numbers printed in letterheads; the numbers under a phone label."""
    lines: list[str] = []
    letterhead_phones: set[str] = set()
    labelled: set[str] = set()
    from_key_values: set[str] = set()
    for index, f in enumerate(sub.files):
        doc = f.document
        if doc is None:
            continue
        for i, p in enumerate(doc.paragraphs):
            if i < 4 and _is_letterhead(p.text):
                letterhead_phones.update(find_phones(p.text))
                lines.extend(nfc_lines(p.text))
                continue
            lines.extend(nfc_lines(p.text))
            labelled.update(_labelled_phones(nfc_lines(p.text)))
        for t, table in enumerate(doc.tables):
            for row in table.rows:
                for cell in row:
                    cell = cell or ""
                    if t == 0 and _is_letterhead(cell):
                        letterhead_phones.update(find_phones(cell))
                    else:
                        labelled.update(_labelled_phones(nfc_lines(cell)))
                    lines.extend(nfc_lines(cell))
                for i in range(0, len(row) - 1, 2):  # label | value (| label | value) rows, read as "label: value"
                    if row[i] and row[i + 1] and ":" not in row[i] and "\n" not in row[i]:
                        pair = f"{nfc_lines(row[i])[0]}: {' '.join(nfc_lines(row[i + 1]))}"
                        lines.append(pair)
                        labelled.update(_labelled_phones([pair]))
        lines.extend(f"{k}: {v}" for k, v in doc.key_values)
        from_key_values.update(_labelled_phones([f"{k}: {v}" for k, v in doc.key_values]))
    # the key/value pairs repeat the letterhead's "ĐT:" line; a number labelled in the form's own lines stays
    return lines, letterhead_phones, labelled | (from_key_values - letterhead_phones)


def _joined_documents(sub: Submission) -> list[str]:
    """Each document's text with its line breaks removed: an address or number a PDF wrapped is whole again."""
    joined = []
    for f in sub.files:
        if f.document is not None and f.document.paragraphs:
            joined.append("".join(p.text.replace("\n", "") for p in f.document.paragraphs))
    return joined


def _summary_lines(sub: Submission) -> list[str]:
    """The lines that may hold achievements: not certificates; in an official report, section II alone.

    ND98-M03/ND91-M02 and ND98-M02/ND91-M01 (docs/forms.md): the award tables of
    section III list titles, but they are the award history, not the summary.
    """
    lines: list[str] = []
    for index, f in enumerate(sub.files):
        if f.document is None or classify(index, f).role == EVIDENCE:
            continue
        own = _document_lines(Submission(sub.sender, sub.sender_name, sub.subject, None, [f]))[0]
        results = report_results([p.text for p in f.document.paragraphs])
        lines.extend(results if results is not None else own)
    return lines


def _labelled_phones(lines: list[str]) -> set[str]:
    found: set[str] = set()
    for line in lines:
        _, label = _value_part(line)
        if label and label.split(" ")[0] in _PHONE_LABEL_WORDS:
            found.update(find_phones(line))
    return found


def _body_lines(body: Body) -> list[str]:
    """The sender's own text and the earlier mails it quotes; never the signature."""
    lines = list(body.lines) + [line.lstrip("> ") for line in body.quoted]
    for table in body.tables:
        for row in table.rows:
            lines.extend(line for cell in row for line in nfc_lines(cell or ""))
    return lines


def _value_part(line: str) -> tuple[str, str | None]:
    """``(value, folded label)`` of a "Label: value" line; ``(line, None)`` for any other line."""
    label, sep, value = line.partition(":")
    if sep and len(label) <= 60 and len(label.split()) <= 7:
        # "III. Số điện thoại", "2) Email", "- ĐT": the numbering or bullet is no part of the label
        return value, re.sub(r"^(?:[ivxlc]+|\d+|[a-z])[.)]\s*", "", fold(label).strip(" -+•*."))
    return line, None


def _address_line(line: str) -> str | None:
    """A labelled contact address with a value, or a line naming two administrative levels that is no unit."""
    value, label = _value_part(line)
    if label is not None and any(w in label for w in _NOT_ADDRESS_LABELS):
        return None  # Quê quán, Nơi sinh (docs/forms.md: never the contact address)
    if label is not None and any(label.startswith(w) or label.endswith(w) for w in _ADDRESS_LABELS):
        return None if is_empty_value(value) else fold(strip_leaders(value) or "")
    text = strip_leaders(value.strip(" -+•*")) or ""
    if fold(re.sub(r"^[\W\dIVXivx]*[.)]\s*", "", line)).startswith(_NOT_ADDRESS_LABELS):
        return None
    if _names_a_unit(text):
        return None  # "Trường THCS X, huyện Y": a unit's name
    return fold(text) if len(_place_levels(text)) >= 2 else None


def _names_a_unit(text: str) -> bool:
    words = text.split()
    if not words:
        return False
    return words[0].capitalize() in _UNIT_FIRST_WORDS or fold(" ".join(words[:2])) in _UNIT_FIRST_PAIRS


def _place_levels(text: str) -> set[int]:
    """The administrative levels named in ``text``: a level word followed by a capitalised name or a number."""
    tokens = re.findall(r"[^\s,;–-]+", text)
    levels: set[int] = set()
    for i, token in enumerate(tokens):
        for width in (3, 2, 1):
            words = tokens[i:i + width]
            if len(words) < width or i + width >= len(tokens):
                continue
            level = _LEVEL_OF.get(fold(" ".join(words)).rstrip(","))
            following = tokens[i + width]
            if level is not None and (following[0].isupper() or following[0].isdigit()):
                levels.add(level)
                break
    return levels


def _achievement_line(line: str) -> str | None:
    value, _ = _value_part(line)
    folded = fold(value).strip(" -+•*.;")
    if _FILE_NAME.search(folded) or len(folded.split()) < 4:
        return None  # a file listed in the body, or a certificate's title ("GIẤY KHEN")
    return folded if any(w in folded for w in _ACHIEVEMENT_WORDS) else None


def _name_line(line: str) -> str | None:
    value, label = _value_part(line)
    if label is None or not any(label.endswith(w) for w in _NAME_LABELS) or is_empty_value(value):
        return None
    return fold(value).strip(" .-_…") or None


def _picture_names(f: FileInfo) -> list[str]:
    """A picture that could be the nominee's photo, or one that could not be decoded at all.

    Not candidates: logos, scans of paper, and pictures named as evidence
    ("Ảnh hoạt động", "Giấy khen"): the truth rules count those as evidence.
    """
    pictures = list(f.document.images) if f.document is not None else []
    if f.image is not None:
        pictures.append(f.image)
    if f.content_type.startswith("image/") and not pictures:
        return [fold(f.name)]  # a picture file that could not be decoded: a person must look at it
    embedded = f.document is not None and f.document.format not in ("image", "pdf")
    found = []
    for image in pictures:
        name = fold(image.name or "") if embedded else fold(f"{f.name} {image.name or ''}")
        if "logo" in name or any(w in name for w in _EVIDENCE_WORDS):
            continue
        # a small picture inside a form is the portrait's box more often than a scan of paper
        if image.kind == "document" and not (embedded and max(image.width, image.height) < 1200):
            continue
        if min(image.width, image.height) >= 100:
            found.append(name)
    return found


def find_traces(sub: Submission, body: Body, excluded_addresses: set[str] = frozenset()) -> Traces:
    """Everything in ``sub`` that bears on a required item, outside the sender's own contact lines."""
    lines, letterhead_phones, document_phones = _document_lines(sub)
    lines += _body_lines(body)
    signature = "\n".join(body.signature)
    not_nominee_phones = set(find_phones(signature)) | letterhead_phones
    own_emails = set(readable_emails(signature)) | {sub.sender.lower()} | {a.lower() for a in excluded_addresses}
    traces = Traces(not_nominee_phones=not_nominee_phones - document_phones,
                    letterhead_phones=letterhead_phones - set(find_phones(signature)))
    for line in lines:
        _, label = _value_part(line)
        for phone in dict.fromkeys(find_phones(line) + possible_phones(line)):
            if phone in not_nominee_phones:
                continue
            if phone not in traces.phones:
                traces.phones.append(phone)
            if label and label.split(" ")[0] in _PHONE_LABEL_WORDS and phone not in traces.labelled_phones:
                traces.labelled_phones.append(phone)
        for email in readable_emails(line):
            if email in own_emails or email.endswith(OFFICIAL_DOMAINS) or email in traces.emails:
                continue
            traces.emails.append(email)
        for found, bucket in ((_address_line(line), traces.addresses), (_name_line(line), traces.names)):
            if found and found not in bucket:
                bucket.append(found)
        traces.evidence.extend(link for link in find_links(line) if "moet.gov.vn" not in link)
    for text in _joined_documents(sub):  # what a PDF wrapped over two lines
        traces.phones.extend(p for p in find_phones(text) if p not in not_nominee_phones and p not in traces.phones)
        traces.emails.extend(e for e in readable_emails(text)
                             if e not in own_emails and not e.endswith(OFFICIAL_DOMAINS) and e not in traces.emails)
    # the sender signs at the end of the own text even where no "--" or closing marks a signature
    tail = [line for line in body.lines if line.strip()][-4:]
    signed = [n for line in tail for n in person_names(line) if len(n) >= 0.8 * len(line.strip(" .,"))]
    senders = {fold(sub.sender_name)} | {fold(n) for n in person_names(signature) + signed}
    traces.senders = sorted(n for n in senders if n)
    signers = _signers(lines)
    traces.names.extend(fold(n) for n in signers if fold(n) not in traces.names)
    for line in lines:
        for person in person_names(line):
            if fold(person) in {fold(s) for s in signers}:
                continue  # who signs a form (the head of the unit) is no nominee for that alone
            same = [i for i, p in enumerate(traces.people) if fold(p) == fold(person)]
            if fold(person) in senders:
                continue
            if not same:
                traces.people.append(person)
            elif _accents(person) > _accents(traces.people[same[0]]):
                traces.people[same[0]] = person  # "Văn Bảo Tường Nga" over a file name's "Van Bảo Tường Nga"
    # a certificate names one award: it is evidence, not a summary of the nominee's achievements
    for line in _summary_lines(sub) + _body_lines(body):
        found = _achievement_line(line)
        if found and found not in traces.achievements:
            traces.achievements.append(found)
    for index, f in enumerate(sub.files):
        traces.photos.extend(_picture_names(f))
        if any(w in fold(f.name) for w in _EVIDENCE_WORDS) or classify(index, f).role == EVIDENCE:
            traces.evidence.append(fold(f.name))
    return traces


_SIGNING = ("ky ten", "ky, ghi ro", "ky va ghi ro", "ky, dong dau", "hieu truong", "thu truong", "xac nhan",
            "nguoi lap", "nguoi khai", "giam doc", "truong phong", "chu tich")


def _signers(lines: list[str]) -> list[str]:
    """The people named in the few lines under a signature block ("HIỆU TRƯỞNG / (Ký tên) / Lâm Như Yến")."""
    found: list[str] = []
    for i, line in enumerate(lines):
        if any(w in fold(line) for w in _SIGNING) and len(line) <= 80:
            for below in lines[i + 1:i + 4]:
                found.extend(n for n in person_names(below) if n not in found)
    return found


def _named_after_other(email: str, people: list[str], nominee: str | None) -> bool:
    """"diep_tran91@…" is Trần Hạnh Diệp's when the mail names her and the nominee is someone else."""
    local = re.sub(r"[^a-z]", " ", email.partition("@")[0].lower())
    def fits(name: str) -> bool:
        words = fold(name).split()
        return len(words) >= 2 and words[-1] in local.split() + [local.replace(" ", "")] and (
            any(w in local for w in words[:-1]))
    if nominee and fits(nominee):
        return False
    return any(fits(person) for person in people if not nominee or fold(person) != fold(nominee))


def _accents(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 127)


def reconcile(draft: Draft, traces: Traces, others: list[Draft] = ()) -> None:
    """Drop what the label readers took from a letterhead or the sender's signature; strip form leaders."""
    for name in ("unit", "name", "model_title", "field", "achievement_summary", "address", "phone", "email"):
        value = getattr(draft, name)
        if isinstance(value, str):
            setattr(draft, name, strip_leaders(value))
    own_letterhead = draft.kind == "collective" and draft.phone in traces.letterhead_phones
    if draft.phone and draft.phone in traces.not_nominee_phones and not own_letterhead:
        # the issuing unit's or the sender's number, never the nominee's; a lone labelled number elsewhere is
        free = [p for p in traces.labelled_phones if p not in {o.phone for o in others}]
        draft.phone = free[0] if len(free) == 1 and len(traces.labelled_phones) == 1 else None
    if draft.form == "profile" and not draft.name and draft.model_title and draft.unit:
        draft.kind, draft.name = "collective", draft.unit  # a model nominated by its unit: the unit is the nominee
    if draft.form == "profile" and draft.kind == "individual" and not draft.name:
        named = {fold(o.name) for o in others if o.name}
        people = [p for p in traces.people if fold(p) not in named]
        if len(people) == 1:
            draft.name = people[0]  # the one person the mail talks about
