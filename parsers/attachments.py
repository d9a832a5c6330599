"""Route one attachment to the parser for its format.

The format is decided by the leading bytes first and the file name second:
schools rename files, mail clients send ``application/octet-stream``, and a
``.doc`` is sometimes really a DOCX. Formats we do not read (slides, video)
are kept as ``skipped`` files: they still count as evidence.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from config import ParseLimits
from parsers.document import Document, LimitExceeded, ParseError

HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"})
IMAGE_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_EXTS = {".txt", ".csv"}
LEGACY_OFFICE_EXTS = {".doc", ".xls", ".rtf", ".odt", ".ods"}


@dataclass
class Detected:
    format: str  # docx, xlsx, pdf, image, legacy, archive, text, eml, other
    content_type: str


def _ext(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot != -1 else ""


def _ooxml_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names and "content.xml" in names:
        return "odf"
    return None


def detect(name: str, content_type: str, data: bytes) -> Detected:
    ext = _ext(name)
    if data.startswith(b"%PDF") or (ext == ".pdf" and b"%PDF" in data[:1024]):
        return Detected("pdf", "application/pdf")
    for magic, ctype in IMAGE_MAGIC:
        if data.startswith(magic):
            return Detected("image", ctype)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Detected("image", "image/webp")
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:  # ISO base media file, HEIF brand
        return Detected("image", "image/heic" if data[8:12].startswith(b"he") else "image/heif")
    if data.startswith(b"PK"):
        kind = _ooxml_kind(data)
        if kind in ("docx", "xlsx"):
            return Detected(kind, content_type)
        if kind == "odf" or ext in (".odt", ".ods"):
            return Detected("legacy", content_type)
        if kind == "pptx" or ext in (".pptx", ".ppsx"):
            return Detected("other", content_type)
        if ext in (".docx", ".xlsx"):  # damaged OOXML: let its parser say why
            return Detected(ext[1:], content_type)
        return Detected("archive", "application/zip")
    if data.startswith((b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07")):
        return Detected("archive", content_type)
    if data.startswith(OLE2_MAGIC) or data.startswith(b"{\\rtf"):
        if ext in (".ppt", ".pps", ".msg"):
            return Detected("other", content_type)
        return Detected("legacy", content_type)
    if ext == ".docx" or ext == ".xlsx":
        return Detected(ext[1:], content_type)  # not a ZIP at all: the parser reports the damage
    if ext in LEGACY_OFFICE_EXTS:
        return Detected("legacy", content_type)
    if ext == ".eml" or content_type == "message/rfc822":
        return Detected("eml", "message/rfc822")
    if ext in TEXT_EXTS or content_type.startswith("text/plain"):
        return Detected("text", content_type or "text/plain")
    if content_type.startswith("image/") or ext in (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp"):
        return Detected("image", content_type or "image/jpeg")
    if ext == ".pdf":
        return Detected("pdf", "application/pdf")
    return Detected("other", content_type or "application/octet-stream")


def parse_document(name: str, detected: Detected, data: bytes, limits: ParseLimits) -> Document | None:
    """Parse one non-archive file; ``None`` for formats we keep but do not read."""
    if len(data) > limits.attachment_bytes:
        raise LimitExceeded(
            f"{name}: {len(data)} bytes, over the attachment limit of {limits.attachment_bytes} bytes"
        )
    if detected.format == "docx":
        from parsers.docx import parse_docx

        return parse_docx(data, name, limits)
    if detected.format == "xlsx":
        from parsers.xlsx import parse_xlsx

        return parse_xlsx(data, name, limits)
    if detected.format == "pdf":
        from parsers.pdf import parse_pdf

        return parse_pdf(data, name, limits)
    if detected.format == "image":
        from parsers.images import parse_image

        return parse_image(data, name, detected.content_type, limits)
    if detected.format == "legacy":
        from parsers.office_convert import parse_legacy_office

        return parse_legacy_office(data, name, limits)
    if detected.format == "text":
        from parsers.document import Paragraph
        from parsers.normalise import clean_text
        from parsers.text_repair import decode_bytes

        text = clean_text(decode_bytes(data, None))
        return Document(source=name, format="text", paragraphs=[Paragraph(line) for line in text.splitlines() if line])
    if detected.format in ("other", "eml"):
        return None
    raise ParseError(f"{name}: no parser for format {detected.format}")
