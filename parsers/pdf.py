"""PDF attachments: text layer, ruled tables, embedded pictures, OCR of scans.

Why this shape:

* **Text** comes from pypdfium2 (fast, C).  Its stream order is not always
  reading order: LibreOffice draws Vietnamese letters missing from the main
  font (Ư, Ờ, ặ ...) as a second run on the same baseline, and pdfium reads
  "TR NG ƯỜ" for "TRƯỜNG", marking the gaps with *generated* spaces.  So a
  line whose spaces include a generated one, and every line of a page with
  a table, is rebuilt from character boxes: sorted left to right when
  horizontal, word spaces from gaps wider than 0.12 em (letter gaps measured
  on sample files stay under 0.05 em, word spaces are 0.2 em or more).
  Other lines are taken as pdfium gives them.
* **Form fields**: pages with annotations are flattened in memory first, so
  the values typed into a fillable "phiếu thông tin" are read as text.
* **Paragraphs**: see :func:`split_paragraphs`.
* **Tables** use pdfplumber's table finder ("lines" strategy: merge edges,
  intersections, cells, tables) fed with ruling lines from pdfium's path
  objects, and cells are filled from the same character boxes.  This avoids
  pdfminer re-parsing the page (about 80 ms a page) and only runs on pages
  with at least three paths or one path of many segments.  Text inside a
  table is left out of the page's paragraphs, as in a DOCX.
* **Pictures**: every image object of 24 px or more becomes an ``Image``
  (once per document), classified like an attachment; its sha256 is over the
  raw stream, which for JPEG (DCTDecode) is a complete JPEG file and is the
  attached file itself when the producer embedded it unchanged.
* **Scans**: a page with no usable text layer (fewer than 20 letters, mostly
  U+FFFD / private-use / control characters, or a page-sized picture with
  only a stamp like "Scanned with CamScanner") is rendered in grey and read
  with :mod:`parsers.ocr`, at the scan's own resolution clamped to
  200-300 dpi, else 300 dpi; a page that is just one upright scanned
  picture is read from the picture's own pixels instead.  At most
  ``limits.ocr_pages`` pages are read.

pdfium is not thread-safe, so all pdfium work holds a module lock; OCR runs
outside it.
"""
from __future__ import annotations

import io
import math
import time
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image as PILImage

from config import ParseLimits
from parsers.document import (
    Document,
    Image,
    LimitExceeded,
    Paragraph,
    ParseError,
    Table,
)
from parsers.legacy_encodings import detect_legacy_encoding
from parsers.normalise import clean_text
from parsers.ocr import ocr_image_result
from parsers.pdf_objects import (
    PageObjects,
    classify_picture_object,
    find_tables,
    scan_objects,
)
from parsers.pdf_text import (
    PDFIUM_LOCK,
    decode_legacy_text,
    is_garbage,
    line_text,
    page_lines,
    split_paragraphs,
)

__all__ = ["parse_pdf", "split_paragraphs"]

_SCAN_MIN_LETTERS = 60  # a page-sized picture with less text than this is a scan with a stamp
_OCR_MAX_PIXELS = 40_000_000

# --- the parser ---------------------------------------------------------------------

_PDFIUM_ERRORS = {1: "unknown error", 2: "cannot be read", 3: "format error", 6: "page tree broken"}


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ParseError(f"PDF is password-protected: {name}") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ParseError(f"PDF uses an unsupported encryption: {name}") from exc
        if b"%PDF-" not in data[:1024]:
            raise ParseError(f"not a PDF (no %PDF header): {name}") from exc
        reason = _PDFIUM_ERRORS.get(code, str(exc))
        if b"%%EOF" not in data[-1024:]:
            reason += ", file truncated (no %%EOF)"
        raise ParseError(f"damaged PDF ({reason}): {name}") from exc


def _render(page: pdfium.PdfPage, dpi: float, max_pixels: int):
    """The page in grey at ``dpi`` (less if that would exceed ``max_pixels``), and the dpi used."""
    w, h = page.get_size()
    scale = dpi / 72
    if w * h * scale * scale > max_pixels:
        scale *= math.sqrt(max_pixels / (w * h * scale * scale))
    bitmap = page.render(scale=scale, grayscale=True)
    return bitmap.to_pil().copy(), max(1, round(72 * scale))


def _picture_is_page(page: pdfium.PdfPage, objs: PageObjects, scan, max_pixels: int):
    """The scanned picture itself, when it is the whole page: the only picture, upright,
    covering 90 % or more, 150-400 dpi.  Its own pixels are read sooner (no render, no
    resampling: about 0.15 s a page less in all) and no worse than a rendering."""
    img, cover, dpi, obj, raw = scan
    m = obj.get_matrix()
    if (len(objs.pictures) != 1 or cover < 0.9 or obj.level != 0 or page.get_rotation() != 0
            or not 150 <= dpi <= 400 or img.width * img.height > max_pixels
            or abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0):
        return None
    try:
        if raw:  # JPEG, decoded straight to grey
            pic = PILImage.open(io.BytesIO(raw))
            pic.draft("L", pic.size)
            pic = pic.convert("L")
        else:
            pic = obj.get_bitmap(render=False).to_pil().convert("L")
    except Exception:  # noqa: BLE001 - render the page instead
        return None
    return (pic, round(dpi)) if pic.size == (img.width, img.height) else None


@dataclass
class _Out:
    """What the page loop gathers before encodings are fixed and text is cleaned."""

    pages: list[tuple[list[str], int, bool]] = field(default_factory=list)  # lines, page, from OCR
    tables: list[Table] = field(default_factory=list)
    images: dict[str, Image] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    ocr_tried: int = 0


def parse_pdf(data: bytes, name: str, limits: ParseLimits) -> Document:
    """Text, tables and pictures of a PDF; scanned pages are OCR'd (see module doc).

    Raises :class:`ParseError` for password-protected or damaged files and
    :class:`LimitExceeded` for too many pages or too much time.
    """
    deadline = time.monotonic() + limits.seconds_per_attachment
    doc, out = Document(source=name, format="pdf"), _Out()
    with PDFIUM_LOCK:
        pdf = _open(data, name)
    try:
        with PDFIUM_LOCK:
            doc.pages = len(pdf)
        if doc.pages > limits.pdf_pages:
            raise LimitExceeded(f"PDF has {doc.pages} pages, limit {limits.pdf_pages}: {name}")
        for index in range(doc.pages):
            if time.monotonic() > deadline:
                raise LimitExceeded(f"PDF took longer than {limits.seconds_per_attachment:g} s (page {index + 1}): {name}")
            with PDFIUM_LOCK:
                picture = _read_page(pdf, index, name, limits, doc, out)
            if picture is not None:
                _ocr_page(picture, index + 1, deadline, limits, doc, out)
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    _finish(doc, out)
    return doc


def _read_page(pdf, index: int, name: str, limits: ParseLimits, doc: Document, out: _Out):
    """Text, tables and pictures of one page into ``out``; the rendering if it needs OCR."""
    pageno = index + 1
    try:
        page = pdf[index]
        # Filled-in form fields and stamps live in annotations, outside the text layer:
        # flattening draws their appearance into the page (in memory), then reload it.
        if pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0:
            flattened = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
            if flattened == pdfium_c.FLATTEN_SUCCESS:
                page.close()
                page = pdf[index]
    except pdfium.PdfiumError as exc:
        out.broken.append(f"page {pageno} cannot be read ({exc})")
        return None
    try:
        objs = scan_objects(page, pageno, name)
        lines = page_lines(page.get_textpage(), geometry=objs.ruled)
        text = "\n".join(line_text(l) for l in lines)
        scan = max(objs.pictures, key=lambda p: p[1], default=None)
        scan = scan if scan is not None and scan[1] >= 0.5 else None
        needs_ocr = is_garbage(text) or (scan is not None and sum(c.isalpha() for c in text) < _SCAN_MIN_LETTERS)
        for img, _cover, _dpi, obj, raw in objs.pictures:
            scanned = needs_ocr and scan is not None and img is scan[0]
            img.kind = "document" if scanned else classify_picture_object(raw, obj, img.width * img.height)
            out.images.setdefault(img.sha256, img)
        if needs_ocr:
            if out.ocr_tried >= limits.ocr_pages:
                doc.notes.append(f"page {pageno}: no text layer; OCR skipped (limit {limits.ocr_pages} pages)")
                return None
            out.ocr_tried += 1
            max_pixels = min(limits.image_pixels, _OCR_MAX_PIXELS)
            if scan is not None and (picture := _picture_is_page(page, objs, scan, max_pixels)):
                return picture
            dpi = min(300.0, max(200.0, scan[2])) if scan else 300.0
            return _render(page, dpi, max_pixels)
        if objs.ruled:
            out.tables.extend(find_tables(objs, lines, pageno))
        out.pages.append(([t for t in map(line_text, lines) if t], pageno, False))
        return None
    finally:
        page.close()


def _ocr_page(picture, pageno: int, deadline: float, limits: ParseLimits, doc: Document, out: _Out) -> None:
    """OCR one rendered page into ``out``; a missing tesseract is noted, not fatal here."""
    img, dpi = picture
    left = deadline - time.monotonic()
    try:
        if left <= 0:
            raise LimitExceeded(f"PDF took longer than {limits.seconds_per_attachment:g} s")
        result = ocr_image_result(img, timeout=left, dpi=dpi)
    except LimitExceeded as exc:
        raise LimitExceeded(f"{exc} (page {pageno}): {doc.source}") from exc
    except ParseError as exc:
        out.broken.append(f"page {pageno}: {exc}")
        return
    doc.ocr_pages.append(pageno)
    turned = f", turned {result.rotation}°" if result.rotation else ""
    doc.notes.append(f"page {pageno}: read by OCR (confidence {result.confidence:.0f}{turned})")
    out.pages.append((result.text.splitlines(), pageno, True))


def _finish(doc: Document, out: _Out) -> None:
    """Decode a legacy Vietnamese encoding if the text layer has one (before lines are
    joined: "Label:" detection needs real letters), join paragraphs, clean all text."""
    layer = [line for lines, _, ocr in out.pages if not ocr for line in lines]
    layer += [cell for t in out.tables for row in t.rows for cell in row]
    encoding = detect_legacy_encoding("\n".join(layer)) if layer else None
    doc.legacy_encoding = encoding

    def paragraphs(lines: list[str], from_ocr: bool = False) -> list[str]:
        if encoding and not from_ocr:
            lines = [decode_legacy_text(line, encoding) for line in lines]
        return [t for t in (clean_text(p) for p in split_paragraphs(lines)) if t]

    for lines, page, ocr in out.pages:
        doc.paragraphs.extend(Paragraph(text=t, page=page) for t in paragraphs(lines, ocr))
    for table in out.tables:
        table.rows = [["\n".join(paragraphs(cell.splitlines())) for cell in row] for row in table.rows]
        doc.tables.append(table)
    doc.images = list(out.images.values())
    if out.broken and not doc.paragraphs and not doc.tables:
        raise ParseError(f"{out.broken[0]}: {doc.source}")
    doc.notes.extend(out.broken)
