"""Readers for the trace detectors: what each line, cell or picture of a submission is.

Each reader looks at one line (or one file) and says what it holds, by its
shape rather than its label: an e-mail address however it is disguised, an
address by its administrative levels, an achievement by the awards' wording,
a labelled name, a picture that could be the portrait, a letterhead, the
people who sign a form. ``extract.traces`` puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain import fold
from extract.body import Body
from extract.fields import parse_label_line, split_pairs
from extract.files import activity_shot, signature_picture
from extract.labels import match_label
from extract.model import FileInfo, Submission
from extract.person_names import person_names
from extract.sections import report_results
from extract.sources import EVIDENCE, classify
from extract.text import nfc_lines
from extract.values import find_phones, is_empty_value, normalise_email, possible_phones, strip_leaders

# E-mail written to dodge harvesters: "ten [at] truong.edu.vn", "ten(a)gmail.com", "ten @ gmail . com".
_OBFUSCATED_AT = re.compile(r"\s*(?:[\[({]\s*(?:at|@|a|a còng|a cong)\s*[\])}]|\s+(?:at|a còng)\s+)\s*", re.IGNORECASE)
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
             "ban": 0, "duong": 0, "pho": 0, "ngo": 0, "hem": 0, "lang": 0, "buon": 0, "soc": 0, "khom": 0,
             "to": 0, "cum": 0, "xa": 1, "phuong": 1, "thi tran": 1, "p.": 1,
             "huyen": 2, "quan": 2, "thi xa": 2, "tinh": 3, "thanh pho": 3, "tp": 3, "tp.": 3}
_ADDRESS_LABELS = ("dia chi", "noi o", "cho o", "tru quan", "thuong tru", "noi cu tru", "tru so", "dia diem")
# HS02-VC item 8 (registered residence) is a fallback value only, never a trace that item 9 is filled in
_NOT_ADDRESS_LABELS = ("que quan", "nguyen quan", "noi sinh", "dia chi email", "dia chi thu", "dia chi trang",
                       "ho khau", "noi dang ky thuong tru")
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
PHONE_LABEL_WORDS = ("dt", "dien", "sdt", "so", "di", "dtdd", "mobile", "phone", "tel", "lien")
_NAME_LABELS = ("ho va ten", "ho ten", "ten ca nhan", "ten tap the", "ten don vi", "ten mo hinh")
EVIDENCE_WORDS = (
    "giay khen", "bang khen", "quyet dinh", "minh chung", "sang kien", "chung nhan", "chung chi", "san pham",
    "hoat dong", "giai thuong", "bai giang", "ke hoach", "bao cao",
)



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


def is_letterhead(cell_or_line: str) -> bool:
    """The issuing unit's block above a form: "PHÒNG GD&ĐT …\\nTRƯỜNG THCS …\\nĐT: …" (docs/forms.md)."""
    lines = [line for line in cell_or_line.split("\n") if line.strip()]
    heads = [line for line in lines if line.isupper() and fold(line).startswith(("truong", "phong", "so ", "ubnd"))]
    return bool(heads) and len(lines) <= 5


# How a form's title opens (folded; OCR may drop the accents): everything above it is the letterhead.
_FORM_TITLES = ("bao cao", "phieu", "so yeu", "ho so", "ban trich ngang", "danh sach", "to khai", "thong tin",
                "bai viet", "gioi thieu")


def _letterhead_zone(paragraphs) -> int:
    """How many paragraphs above a form's title belong to its letterhead (0 when no unit heads them)."""
    for i, p in enumerate(paragraphs[:12]):
        text = p.text.strip()
        if text.isupper() and fold(text).startswith(_FORM_TITLES):
            heads = [q.text for q in paragraphs[:i] if q.text.isupper() and fold(q.text).startswith(
                ("truong", "phong", "so ", "ubnd", "uy ban"))]
            return i if heads else 0
    return 0


def document_lines(sub: Submission) -> tuple[list[str], set[str], set[str]]:
    """Every line of every document; the numbers printed in letterheads; the numbers under a phone label."""
    lines: list[str] = []
    letterhead_phones: set[str] = set()
    labelled: set[str] = set()
    from_key_values: set[str] = set()
    for index, f in enumerate(sub.files):
        doc = f.document
        if doc is None:
            continue
        above_title = _letterhead_zone(doc.paragraphs)
        for i, p in enumerate(doc.paragraphs):
            if (i < 4 and is_letterhead(p.text)) or i < above_title:
                letterhead_phones.update(find_phones(p.text) + possible_phones(p.text))
                lines.extend(nfc_lines(p.text))
                continue
            lines.extend(nfc_lines(p.text))
            labelled.update(labelled_phones(nfc_lines(p.text)))
        for t, table in enumerate(doc.tables):
            for row in table.rows:
                # "5 | Nguyên quán | xã …": a value beside a known label is read with it only, so that a home
                # town is never taken for the contact address on its own (docs/forms.md, HS02-VC, ND98-M03)
                valued = {j + 1 for j in range(len(row) - 1) if row[j] and row[j + 1] and ":" not in row[j]
                          and "\n" not in row[j] and match_label(nfc_lines(row[j])[0], threshold=0.9)}
                for j, cell in enumerate(row):
                    cell = cell or ""
                    if t == 0 and is_letterhead(cell):
                        letterhead_phones.update(find_phones(cell) + possible_phones(cell))
                    else:
                        labelled.update(labelled_phones(nfc_lines(cell)))
                    if j not in valued:
                        lines.extend(nfc_lines(cell))
                starts = sorted({j - 1 for j in valued} | {i for i in range(0, len(row) - 1, 2)})
                for i in starts:  # label | value (| label | value) rows, read as "label: value"
                    if row[i] and row[i + 1] and ":" not in row[i] and "\n" not in row[i]:
                        pair = f"{nfc_lines(row[i])[0]}: {' '.join(nfc_lines(row[i + 1]))}"
                        lines.append(pair)
                        labelled.update(labelled_phones([pair]))
        lines.extend(f"{k}: {v}" for k, v in doc.key_values)
        from_key_values.update(labelled_phones([f"{k}: {v}" for k, v in doc.key_values]))
    # the key/value pairs repeat the letterhead's "ĐT:" line; a number labelled in the form's own lines stays
    return lines, letterhead_phones, labelled | (from_key_values - letterhead_phones)


def joined_documents(sub: Submission) -> list[str]:
    """Each document's text with its line breaks removed: an address or number a PDF wrapped is whole again."""
    joined = []
    for f in sub.files:
        if f.document is not None and f.document.paragraphs:
            joined.append("".join(p.text.replace("\n", "") for p in f.document.paragraphs))
    return joined


def summary_lines(sub: Submission) -> list[str]:
    """The lines that may hold achievements: not certificates; in an official report, section II alone.

    ND98-M03/ND91-M02 and ND98-M02/ND91-M01 (docs/forms.md): the award tables of
    section III list titles, but they are the award history, not the summary.
    """
    lines: list[str] = []
    for index, f in enumerate(sub.files):
        if f.document is None or classify(index, f).role == EVIDENCE:
            continue
        own = document_lines(Submission(sub.sender, sub.sender_name, sub.subject, None, [f]))[0]
        results = report_results([p.text for p in f.document.paragraphs])
        lines.extend(results if results is not None else own)
    return lines


def labelled_phones(lines: list[str]) -> set[str]:
    found: set[str] = set()
    for line in lines:
        _, label = value_part(line)
        if label and label.split(" ")[0] in PHONE_LABEL_WORDS:
            found.update(find_phones(line) + possible_phones(line))
    return found


def body_lines(body: Body) -> list[str]:
    """The sender's own text and the earlier mails it quotes; never the signature."""
    lines = list(body.lines) + [line.lstrip("> ") for line in body.quoted]
    for table in body.tables:
        for row in table.rows:
            lines.extend(line for cell in row for line in nfc_lines(cell or ""))
    return lines


def value_part(line: str) -> tuple[str, str | None]:
    """``(value, folded label)`` of a "Label: value" line; ``(line, None)`` for any other line."""
    label, sep, value = line.partition(":")
    # "III. Số điện thoại", "2) Email", "- ĐT": the numbering or bullet is no part of the label
    bare = re.sub(r"^(?:[ivxlc]+|\d+|[a-z])[.)]\s*", "", fold(label).strip(" -+•*."))
    if sep and len(label) <= 60 and len(bare.split()) <= 7:  # "Nơi đăng ký hộ khẩu thường trú" has seven
        return value, bare
    return line, None


def _own_value(line: str) -> str | None:
    """The value of a line's first label, cut where a second label starts ("chưa cập nhật Điện thoại: …")."""
    hit = parse_label_line(line)
    if hit is None:
        return None
    return split_pairs(*hit)[0][2]


def address_line(line: str) -> str | None:
    """A labelled contact address with a value, or a line naming two administrative levels that is no unit."""
    value, label = value_part(line)
    if label is not None and any(re.search(rf"(?<![a-z]){w}(?![a-z])", label) for w in _NOT_ADDRESS_LABELS):
        return None  # Quê quán, Nơi sinh (docs/forms.md: never the contact address)
    if label is not None and any(label.startswith(w) or label.endswith(w) for w in _ADDRESS_LABELS):
        value = _own_value(line) or value
        if is_empty_value(value) or match_label(value.strip(" :"), threshold=0.95):
            return None  # "Địa chỉ: Số điện thoại": a header row read as one line, not an address
        return fold(strip_leaders(value) or "")
    text = strip_leaders(value.strip(" -+•*")) or ""
    if re.match(rf"(?:{'|'.join(_NOT_ADDRESS_LABELS)})(?![a-z])", fold(re.sub(r"^[\W\dIVXivx]*[.)]\s*", "", line))):
        return None
    if names_a_unit(text):
        return None  # "Trường THCS X, huyện Y": a unit's name
    if achievement_line(text) or re.search(r"\b(?:ubnd|uy ban|chu tich|nam hoc|cap (?:huyen|tinh|tp))\b", fold(text)):
        return None  # "Giấy khen của Chủ tịch UBND huyện X … tỉnh Y": an award names its issuer's places
    return fold(text) if len(place_levels(text)) >= 2 else None


def is_address_label(text: str) -> bool:
    """"Địa chỉ liên hệ", "III. Nơi ở hiện nay", "Trụ sở": a contact address's label opens ``text``."""
    return fold(re.sub(r"^[\W\dIVXivx]*[.)]?\s*", "", text)).startswith(_ADDRESS_LABELS)


def names_a_unit(text: str) -> bool:
    words = text.split()
    if not words:
        return False
    return words[0].capitalize() in _UNIT_FIRST_WORDS or fold(" ".join(words[:2])) in _UNIT_FIRST_PAIRS


def place_levels(text: str) -> set[int]:
    """The administrative levels named in ``text``: a level word followed by a capitalised name or a number."""
    tokens = re.findall(r"[^\s,;–-]+", text)
    levels: set[int] = set()
    i = 0
    while i < len(tokens):
        step = 1
        for width in (3, 2, 1):
            words = tokens[i:i + width]
            if len(words) < width or i + width >= len(tokens):
                continue
            level = _LEVEL_OF.get(fold(" ".join(words)).rstrip(","))
            following = tokens[i + width]
            if level is not None and (following[0].isupper() or following[0].isdigit()):
                levels.add(level)
                step = width  # "thị xã Hồng Thủy" is one level, not a "thị xã" and a "xã"
                break
        i += step
    return levels


def achievement_line(line: str) -> str | None:
    value, _ = value_part(line)
    folded = fold(value).strip(" -+•*.;")
    if _FILE_NAME.search(folded) or len(folded.split()) < 4:
        return None  # a file listed in the body, or a certificate's title ("GIẤY KHEN")
    return folded if any(w in folded for w in _ACHIEVEMENT_WORDS) else None


def name_line(line: str) -> str | None:
    value, label = value_part(line)
    if label is None or not any(label.endswith(w) for w in _NAME_LABELS) or is_empty_value(value):
        return None
    return fold(value).strip(" .-_…") or None


def picture_names(f: FileInfo, scenes: list[str] | None = None) -> list[str]:
    """A picture that could be the nominee's photo, or one that could not be decoded at all.

    With ``scenes``, landscape camera shots go there instead: no person's
    portrait (the corpus README: activity photos are not nominee photos), but
    possibly a collective's group photo.

    Not candidates: logos, scans of paper, and pictures named as evidence
    ("Ảnh hoạt động", "Giấy khen"): the truth rules count those as evidence.
    """
    if signature_picture(f):
        return []  # a logo under the signature, shown inline
    pictures = list(f.document.images) if f.document is not None else []
    if f.image is not None:
        pictures.append(f.image)
    if f.content_type.startswith("image/") and not pictures:
        return [fold(f.name)]  # a picture file that could not be decoded: a person must look at it
    embedded = f.document is not None and f.document.format not in ("image", "pdf")
    found = []
    for image in pictures:
        name = fold(image.name or "") if embedded else fold(f"{f.name} {image.name or ''}")
        if "logo" in name or any(w in name for w in EVIDENCE_WORDS):
            continue
        # a small picture inside a form is the portrait's box more often than a scan of paper
        small_upright = image.height > image.width and max(image.width, image.height) < (1200 if embedded else 800)
        if image.kind == "document" and not small_upright:
            continue  # a small upright picture may be the portrait (an ID photo); a square one is a logo or a stamp
        if scenes is not None and activity_shot(f.name if not embedded else (image.name or ""), image):
            scenes.append(name)  # "IMG_20230215_187958.jpg" 4:3 landscape: a scene, or a collective's group
            continue
        if min(image.width, image.height) >= 100:
            found.append(name)
    return found


_SIGNING = ("ky ten", "ky, ghi ro", "ky va ghi ro", "ky, dong dau", "hieu truong", "thu truong", "xac nhan",
            "nguoi lap", "nguoi khai", "giam doc", "truong phong", "chu tich")


# Who signs as the declarant signs their own form (HS02-VC "Người khai", ND98-M03 "Người báo cáo thành tích").
_SELF_SIGNING = ("nguoi khai", "nguoi bao cao", "nguoi viet bao cao", "nguoi dang ky")


def self_signers(lines: list[str]) -> list[str]:
    """The people named under "NGƯỜI KHAI" / "NGƯỜI BÁO CÁO": the nominee of a personal form, not a head."""
    return _named_below(lines, lambda line: fold(line).strip(" .:").startswith(_SELF_SIGNING) and len(line) <= 60)


def signers(lines: list[str]) -> list[str]:
    """The people named in the few lines under a signature block ("HIỆU TRƯỞNG / (Ký tên) / Lâm Như Yến")."""
    return _named_below(lines, lambda line: any(w in fold(line) for w in _SIGNING) and len(line) <= 80)


def _named_below(lines: list[str], heads: Callable[[str], bool]) -> list[str]:
    """The people named in the three lines under each line that ``heads`` a signature."""
    found: list[str] = []
    for i, line in enumerate(lines):
        if heads(line):
            for below in lines[i + 1:i + 4]:
                found.extend(n for n in person_names(below) if n not in found)
    return found
