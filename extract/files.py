"""What each attached file is: nominee data, a photo of the nominee, evidence, or paperwork.

The official letters ask for "ảnh" (a portrait or group photo) and "minh
chứng, sản phẩm" (certificates, decisions, products, activity photos).
Schools name files as they like, so the role is read from file-name words
first (accent-insensitive), then from the parsed content, then from the
picture heuristic the parser set (``Image.kind``).
"""

from __future__ import annotations

import re

from extract.model import FileInfo
from extract.prose import name_in_title
from extract.text import any_phrase, fold

# Roles of a file.
PHOTO, PHOTO_MAYBE, EVIDENCE, PAPERWORK, IGNORE = "photo", "photo?", "evidence", "paperwork", "ignore"

# File-name words, folded. Evidence wins over portrait words ("Ảnh hoạt động").
EVIDENCE_WORDS = (
    "hoat dong", "giay khen", "bang khen", "gk", "bk", "chung nhan", "giay chung nhan", "quyet dinh", "qd",
    "minh chung", "san pham", "skkn", "sang kien", "slide", "bai giang", "giao an", "ke hoach bai day",
    "cstd", "chien si thi dua", "huan chuong", "ky niem chuong", "co thi dua", "danh hieu", "giai",
    "chung chi", "video", "clip", "bai bao", "de tai", "giao trinh", "scan giay", "trai nghiem",
    "ngoai khoa", "hoi thi", "cuoc thi", "le trao", "trao giai", "tiet day", "tiet hoc", "buoi hoc",
    "hinh anh hoat dong", "anh minh hoa", "toa dam", "hoi thao", "khen thuong",
)
PORTRAIT_WORDS = (
    "anh dai dien", "chan dung", "anh the", "anh ca nhan", "anh tap the", "portrait", "avatar",
    "3x4", "4x6", "anh chup chung", "anh nhom", "anh toan truong", "anh tap the truong",
)
LOGO_WORDS = ("logo", "banner", "chu ky", "con dau", "icon", "signature")
# Paperwork that is never evidence: the profile itself, the article, the cover letter, lists.
PROFILE_WORDS = (
    "thong tin", "phieu", "ho so", "ly lich", "to khai", "tom tat thanh tich", "bao cao thanh tich",
    "so yeu", "trich ngang", "dhtt", "dien hinh",
)
ARTICLE_WORDS = ("bai viet", "gioi thieu", "tam guong", "guong dien hinh", "bai tuyen truyen", "phong su")
COVER_WORDS = ("cong van", "to trinh", "giay gioi thieu", "cv", "tt", "ttr", "de nghi", "van ban")
LIST_WORDS = ("danh sach", "ds dang ky", "dang ky", "ds")
# Content words marking a product or proof (first lines of a document).
EVIDENCE_TITLES = (
    "sang kien kinh nghiem", "quyet dinh", "giay khen", "bang khen", "giay chung nhan", "chung nhan",
    "bao cao sang kien", "ke hoach bai day", "giao an", "de tai", "bien ban",
)
ARTICLE_TITLES = ("bai viet", "guong sang", "tam guong", "dien hinh tien tien tieu bieu")

ARCHIVE_EXT = ("zip", "rar", "7z", "tar", "gz", "tgz")
PICTURE_EXT = ("jpg", "jpeg", "png", "gif", "bmp", "webp", "heic", "heif", "tif", "tiff")


def stem(name: str) -> str:
    """Folded file name without directory and extension, punctuation as spaces."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", base)
    return " ".join(re.findall(r"[a-z0-9]+", fold(base)))


def extension(name: str) -> str:
    m = re.search(r"\.([A-Za-z0-9]{1,5})$", name or "")
    return m.group(1).lower() if m else ""


def file_image(f: FileInfo):
    """The picture of a picture file: ``FileInfo.image``, else the one its image Document holds."""
    if f.image is not None:
        return f.image
    doc = f.document
    if doc is not None and doc.format == "image" and doc.images:
        return doc.images[0]
    return None


def is_picture(f: FileInfo) -> bool:
    return (file_image(f) is not None or (f.content_type or "").startswith("image/")
            or extension(f.name) in PICTURE_EXT)


def is_archive(f: FileInfo) -> bool:
    """A ZIP/RAR container: its members are listed separately, the container itself is nothing."""
    return extension(f.name) in ARCHIVE_EXT or (f.content_type or "") in (
        "application/zip", "application/x-zip-compressed", "application/x-rar-compressed", "application/x-7z-compressed")


SIGNATURE_PICTURE_SIDE = 300  # px: a logo or banner inside a signature; pasted photos are larger


def signature_picture(f: FileInfo) -> bool:
    """A small picture shown inside the body ("image001.png" under the signature): neither photo nor evidence."""
    img = file_image(f)
    return f.inline and img is not None and max(img.width or 0, img.height or 0) <= SIGNATURE_PICTURE_SIDE


LANDSCAPE = 1.15  # width/height above which an unnamed picture is a scene, not a portrait


def upright(img) -> bool:
    """Taller than wide, as ID photos (3x4, 4x6) are."""
    return img is not None and (img.height or 0) > 1.1 * (img.width or 0)


# A camera's or a chat app's own file name: "IMG_20230215_187958", "DSC01234", "z5633216173094_…", "PXL_…".
_CAMERA_NAME = re.compile(r"\b(?:img|dsc|dscn|dcim|pxl|photo|image|z\d{6,}|\d{8,})\b")


def landscape(img) -> bool:
    """Clearly wider than tall: a scene, never an ID photo (3x4, 4x6 stand upright)."""
    return img is not None and (img.width or 0) > LANDSCAPE * (img.height or 0)


def activity_shot(name: str, img) -> bool:
    """A landscape photo with a camera's file name ("2. IMG_20230215_187958 - Lê Thu Hà.jpg"): a scene from
    the nominee's work, which the school named after her; a portrait would be named as one or stand upright."""
    s = stem(name)
    return landscape(img) and bool(_CAMERA_NAME.search(s)) and not any_phrase(s, PORTRAIT_WORDS)


def picture_role(f: FileInfo, nominee_names: list[str]) -> str:
    """photo / photo? / evidence / ignore for an attached picture."""
    s = stem(f.name)
    if any_phrase(s, LOGO_WORDS) or signature_picture(f):
        return IGNORE
    if any_phrase(s, EVIDENCE_WORDS):
        return EVIDENCE
    if any_phrase(s, PORTRAIT_WORDS):
        return PHOTO
    if any_phrase(s, PROFILE_WORDS):
        return PAPERWORK  # a photo or scan of the filled-in form
    img = file_image(f)
    if any(n and fold_name(n) in s for n in nominee_names):
        return EVIDENCE if activity_shot(f.name, img) else PHOTO
    kind = img.kind if img is not None else "unknown"
    if kind == "document" and not (upright(img) and max(img.width or 0, img.height or 0) <= 800):
        return EVIDENCE  # a scan of paper: a certificate or a decision (a small upright one is an ID photo)
    if landscape(img):
        return EVIDENCE  # an unnamed landscape shot is an activity photo: portraits (3x4, 4x6) stand upright
    return PHOTO_MAYBE


def fold_name(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(name)))


def document_title(f: FileInfo) -> str:
    """Folded first meaningful lines of a parsed document (titles, headings)."""
    doc = f.document
    if doc is None:
        return ""
    lines = [p.text for p in doc.paragraphs if p.text and p.text.strip()][:3]
    return fold(" | ".join(x for x in lines if len(x) <= 120))


def paperwork_by_name(name: str) -> bool:
    s = stem(name)
    if any_phrase(s, EVIDENCE_WORDS):
        return False
    return any_phrase(s, PROFILE_WORDS + ARTICLE_WORDS + COVER_WORDS + LIST_WORDS)


def is_article(f: FileInfo) -> bool:
    """A prose article about the nominee (not evidence, not a form)."""
    if f.document is None:
        return False
    s = stem(f.name)
    if any_phrase(s, ARTICLE_WORDS):
        return True
    title = document_title(f)
    if any_phrase(title, ARTICLE_TITLES):
        return True
    if any_phrase(title, EVIDENCE_TITLES) or any_phrase(s, EVIDENCE_WORDS):
        return False
    # prose about a person: long paragraphs under a headline naming them ("Cô giáo ... – ...")
    paragraphs = [p.text for p in f.document.paragraphs if p.text and p.text.strip()]
    long_ones = [p for p in paragraphs if len(p) > 150]
    return len(long_ones) >= 2 and name_in_title(paragraphs) is not None


def is_cover_letter(f: FileInfo) -> bool:
    s = stem(f.name)
    if any_phrase(s, COVER_WORDS) and not any_phrase(s, EVIDENCE_WORDS):
        return True
    doc = f.document
    if doc is None:
        return False
    text = fold(doc.text[:3000])
    return ("kinh gui" in text and ("v/v" in text or "noi nhan" in text)) and "minh chung" not in s


def evidence_by_content(f: FileInfo) -> bool:
    return any_phrase(document_title(f), EVIDENCE_TITLES)

