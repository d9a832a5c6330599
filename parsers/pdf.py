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

import ctypes
import hashlib
import io
import math
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image as PILImage

from parsers.document import (
    Document,
    Image,
    LimitExceeded,
    Paragraph,
    ParseError,
    Table,
)
from parsers.legacy_encodings import decode_legacy, detect_legacy_encoding
from parsers.limits import ParseLimits
from parsers.normalise import clean_text
from parsers.ocr import ocr_image_result

__all__ = ["parse_pdf", "split_paragraphs"]

_LOCK = threading.RLock()
_MIN_LETTERS = 20
_SCAN_MIN_LETTERS = 60  # a page-sized picture with less text than this is a scan with a stamp
_MIN_IMAGE_PX = 24
_MAX_EDGES = 3000  # more ruling segments than this is a drawing, not a table
_OCR_MAX_PIXELS = 40_000_000
_IMAGE_TYPES = {"DCTDecode": "image/jpeg", "JPXDecode": "image/jp2", "JBIG2Decode": "image/jbig2"}

# --- paragraphs -----------------------------------------------------------------

_MARKER = re.compile(
    r"^(?:[-+•*·●▪■◦–—∙➢►✓]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s|\(?[a-zđ][.)]\s|[IVXL]{1,5}[.)]\s"
    r"|(?:Điều|Mục|Phần|Chương|Khoản)\s+[\dIVXL]{1,4}[.:]\s)"
)
_LABEL = re.compile(r"^([^\W\d_][^:：]{0,48}?)\s*[:：]")
_END_PUNCT = (":", "：", ";")


def _starts_block(line: str) -> bool:
    """A bullet, a number, a short capitalised "Label:" or a rule ("____") opens a paragraph."""
    if _MARKER.match(line) or not any(c.isalnum() for c in line):
        return True
    m = _LABEL.match(line)
    return bool(m and line[0].isupper() and len(m.group(1).split()) <= 7)


def _all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def split_paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs.

    A line continues the previous one unless: a blank line separates them;
    it starts with a bullet ("-", "+", "•" ...), a number ("1.", "2)", "a)",
    "IV.", "Điều 2.") or a capitalised "Label:" of at most seven words; either
    line has no letter or digit (rules like "_____"); the previous line ends
    with ":" or ";" and this one does not start in lower case; the previous
    line is short (under 70 % of a typical full line, the 80th percentile of
    line lengths), so it ended its paragraph; or one of the two is all
    capitals and the other is not (headings).  Simple on purpose: extraction
    reads "Label: value" lines, and these rules keep each such line and each
    bullet whole.
    """
    stripped = [l.strip() for l in lines]
    lengths = sorted(len(l) for l in stripped if len(l) >= 20)
    full = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
    out: list[str] = []
    prev = ""
    for line in stripped:
        if not line:
            prev = ""
            continue
        joins = (
            prev
            and not _starts_block(line)
            and not (prev.endswith(_END_PUNCT) and not line[0].islower())
            and any(c.isalnum() for c in prev)
            and len(prev) >= 0.7 * full
            and _all_caps(prev) == _all_caps(line)
        )
        if joins:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev = line
    return out


# --- text layer -------------------------------------------------------------------


@dataclass(slots=True)
class _Char:
    ch: str
    left: float  # loose box: the advance width and the font's ascent/descent
    right: float
    bottom: float
    top: float
    table: bool = False


@dataclass(slots=True)
class _Line:
    text: str  # as pdfium gives it; used when ``chars`` is None
    chars: list[_Char] | None = None


def _page_lines(textpage: pdfium.PdfTextPage, geometry: bool) -> list[_Line]:
    """pdfium's lines; with character boxes where reordering may be needed (or all)."""
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != n:  # characters outside the BMP: index by character (surrogates -> U+FFFD)
        codes = (pdfium_c.FPDFText_GetUnicode(tp, i) for i in range(n))
        text = "".join("\ufffd" if not c or 0xD800 <= c <= 0xDFFF or c > 0x10FFFF else chr(c) for c in codes)
    generated = pdfium_c.FPDFText_IsGenerated
    box = pdfium_c.FS_RECTF()
    lines: list[_Line] = []
    start = 0
    for end in [m.start() for m in re.finditer(r"[\r\n]", text)] + [n]:
        a, start = start, end + 1
        if end <= a:
            continue
        spaces = [i for i in range(a, end) if text[i] == " "]
        if not geometry and not any(generated(tp, i) == 1 for i in spaces):
            lines.append(_Line(text[a:end]))
            continue
        chars: list[_Char] = []
        for i in range(a, end):
            ch = text[i]
            if ch == " " and generated(tp, i) == 1:
                continue
            if ch >= "\u0300" and unicodedata.combining(ch) and chars:
                chars[-1].ch += ch
                continue
            pdfium_c.FPDFText_GetLooseCharBox(tp, i, box)
            chars.append(_Char(ch, box.left, box.right, box.bottom, box.top))
        lines.append(_Line(text[a:end], chars))
    return lines


def _chars_text(chars: list[_Char]) -> str:
    """Text of characters on one line: left to right when horizontal, spaces from gaps."""
    heights = sorted(c.top - c.bottom for c in chars if c.top > c.bottom)
    em = heights[len(heights) // 2] / 1.15 if heights else 10.0  # loose box ~ 1.15 em
    bottoms = [c.bottom for c in chars if not c.ch.isspace()]
    if bottoms and max(bottoms) - min(bottoms) <= 0.5 * em:
        chars = sorted(chars, key=lambda c: c.left)
    out: list[str] = []
    last_right: float | None = None
    for c in chars:
        if c.ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if last_right is not None and out[-1] != " " and c.left - last_right > 0.12 * em:
            out.append(" ")
        out.append(c.ch)
        last_right = c.right
    return "".join(out).strip()


def _line_text(line: _Line) -> str:
    if line.chars is None:
        return line.text.strip()
    return _chars_text([c for c in line.chars if not c.table])


def _garbage(text: str) -> bool:
    """Too few letters, or mostly replacement / private-use / control characters."""
    letters = bad = 0
    for ch in text:
        o = ord(ch)
        if o == 0xFFFD or 0xE000 <= o <= 0xF8FF or (o < 0x20 and ch not in "\t\r\n"):
            bad += 1
        elif ch.isalpha():
            letters += 1
    return letters < _MIN_LETTERS or bad > 0.4 * (letters + bad)


# --- page objects: ruling lines and pictures -----------------------------------------


@dataclass
class _Objects:
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # l, b, r, t
    paths: int = 0
    max_segments: int = 0
    pictures: list[tuple[Image, float, float, pdfium.PdfImage, bytes]] = field(default_factory=list)

    @property
    def ruled(self) -> bool:
        """Cheap test for drawn table borders, so tables are only looked for where they can be."""
        return self.paths >= 3 or self.max_segments >= 8


def _segment_rects(obj: pdfium.PdfObject, count: int) -> list[tuple[float, float, float, float]]:
    """Axis-parallel straight segments of a path, in page space, as thin rectangles."""
    m = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    rects, start, prev = [], None, None

    def add(p, q):
        if abs(p[0] - q[0]) < 1 or abs(p[1] - q[1]) < 1:
            rects.append((min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])))

    for i in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if prev is not None and kind == pdfium_c.FPDF_SEGMENT_LINETO:
            add(prev, point)
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            add(point, start)
            prev = start
    return rects


def _scan_objects(page: pdfium.PdfPage, pageno: int, name: str) -> _Objects:
    """Ruling rectangles and pictures of one page (pictures not classified yet)."""
    found = _Objects()
    pw, ph = page.get_size()
    types = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]
    for obj in page.get_objects(filter=types, max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            segments = pdfium_c.FPDFPath_CountSegments(obj.raw)
            found.paths += 1
            found.max_segments = max(found.max_segments, segments)
            if segments <= 5 or obj.level > 0:  # a line or a rectangle (forms: bounds only)
                found.rects.append(tuple(obj.get_bounds()))
            elif len(found.rects) < _MAX_EDGES:
                found.rects.extend(_segment_rects(obj, segments))
            continue
        try:
            w, h = obj.get_px_size()
            left, bottom, right, top = obj.get_bounds()
            filters = obj.get_filters()
        except pdfium.PdfiumError:
            continue
        if min(w, h) < _MIN_IMAGE_PX:
            continue
        raw = bytes(obj.get_data(decode_simple=False))
        ctype = _IMAGE_TYPES.get(filters[-1], "image/x-pdf-raster") if filters else "image/x-pdf-raster"
        bw, bh = max(right - left, 1e-3), max(top - bottom, 1e-3)
        img = Image(
            name=f"{name}#page{pageno}-image{len(found.pictures) + 1}", content_type=ctype,
            width=w, height=h, sha256=hashlib.sha256(raw).hexdigest(), page=pageno,
        )
        cover = min(bw * bh / max(pw * ph, 1.0), 1.0)
        found.pictures.append((img, cover, 72.0 * w / bw, obj, raw if ctype == "image/jpeg" else b""))
    return found


def _classify(raw: bytes, obj: pdfium.PdfImage, pixels: int) -> str:
    """photo / document for an embedded picture, decoded small; unknown if it cannot be."""
    from parsers.images import classify_image  # images imports this module

    try:
        if raw:  # JPEG: the decoder scales down by itself
            pic = PILImage.open(io.BytesIO(raw))
            pic.draft("RGB", (512, 512))
        elif pixels <= 16_000_000:
            pic = obj.get_bitmap(render=False).to_pil()
        else:
            return "unknown"
        pic.thumbnail((768, 768))
        return classify_image(pic)
    except Exception:  # noqa: BLE001 - a picture we cannot decode is still listed
        return "unknown"


# --- tables -------------------------------------------------------------------------


def _edges(rects: list[tuple[float, float, float, float]]) -> list[dict]:
    """pdfplumber edge dicts for rectangle sides; y is flipped (top = -y) as it expects."""
    edges = []
    for l, b, r, t in rects:
        for y in (-t, -b):
            edges.append({"x0": l, "x1": r, "top": y, "bottom": y, "doctop": y, "width": r - l,
                          "height": 0, "orientation": "h", "object_type": "rect_edge"})
        for x in (l, r):
            edges.append({"x0": x, "x1": x, "top": -t, "bottom": -b, "doctop": -t, "width": 0,
                          "height": t - b, "orientation": "v", "object_type": "rect_edge"})
    return [e for e in edges if max(e["width"], e["height"]) >= 1]


def _locate(rows, cx: float, cy: float) -> tuple[int, int] | None:
    for ri, row in enumerate(rows):
        _, top, _, bottom = row.bbox
        if top <= cy < bottom:
            for ci, cell in enumerate(row.cells):
                if cell is not None and cell[0] <= cx < cell[2] and cell[1] <= cy < cell[3]:
                    return ri, ci
            return None
    return None


def _tables(objs: _Objects, lines: list[_Line], pageno: int) -> list[Table]:
    """Ruled tables of a page (pdfplumber's finder on pdfium geometry); marks their chars."""
    from pdfplumber.table import Table as Grid
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    edges = _edges(objs.rects)
    if not edges or len(edges) > 4 * _MAX_EDGES:
        return []
    edges = [e for e in merge_edges(edges, 3, 3, 3, 3) if max(e["width"], e["height"]) >= 3]
    grids = []
    for cells in cells_to_tables(intersections_to_cells(edges_to_intersections(edges, 3, 3))):
        rows = Grid(None, cells).rows
        if len(rows) >= 2 and len(rows[0].cells) >= 2:  # a frame around text is not a table
            grids.append(rows)
    if not grids:
        return []
    content: list[list[list[dict[int, list[_Char]]]]] = [
        [[{} for _ in row.cells] for row in rows] for rows in grids
    ]
    for li, line in enumerate(lines):
        for c in line.chars or ():
            cx, cy = (c.left + c.right) / 2, -(c.bottom + c.top) / 2
            for ti, rows in enumerate(grids):
                spot = _locate(rows, cx, cy)
                if spot is not None:
                    content[ti][spot[0]][spot[1]].setdefault(li, []).append(c)
                    c.table = True
                    break
    tables = []
    for rows, cells in zip(grids, content):
        raw = [
            [None if cell is None else "\n".join(_chars_text(chars) for _, chars in sorted(text.items()))
             for cell, text in zip(row.cells, row_text)]
            for row, row_text in zip(rows, cells)
        ]
        tables.append(Table(rows=_table_rows(raw), page=pageno))
    return tables


def _table_rows(raw_rows: list[list[str | None]]) -> list[list[str]]:
    """Rectangular rows; a cell covered by a merge (None) repeats its left neighbour,
    or in the first column the cell above."""
    width = max((len(r) for r in raw_rows), default=0)
    rows: list[list[str]] = []
    for raw in raw_rows:
        row: list[str] = []
        for j in range(width):
            cell = raw[j] if j < len(raw) else None
            if cell is None:
                cell = row[j - 1] if j else (rows[-1][0] if rows else "")
            row.append(cell)
        rows.append(row)
    return rows


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


def _picture_is_page(page: pdfium.PdfPage, objs: _Objects, scan, max_pixels: int):
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
    with _LOCK:
        pdf = _open(data, name)
    try:
        with _LOCK:
            doc.pages = len(pdf)
        if doc.pages > limits.pdf_pages:
            raise LimitExceeded(f"PDF has {doc.pages} pages, limit {limits.pdf_pages}: {name}")
        for index in range(doc.pages):
            if time.monotonic() > deadline:
                raise LimitExceeded(f"PDF took longer than {limits.seconds_per_attachment:g} s (page {index + 1}): {name}")
            with _LOCK:
                picture = _read_page(pdf, index, name, limits, doc, out)
            if picture is not None:
                _ocr_page(picture, index + 1, deadline, limits, doc, out)
    finally:
        with _LOCK:
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
        objs = _scan_objects(page, pageno, name)
        lines = _page_lines(page.get_textpage(), geometry=objs.ruled)
        text = "\n".join(_line_text(l) for l in lines)
        scan = max(objs.pictures, key=lambda p: p[1], default=None)
        scan = scan if scan is not None and scan[1] >= 0.5 else None
        needs_ocr = _garbage(text) or (scan is not None and sum(c.isalpha() for c in text) < _SCAN_MIN_LETTERS)
        for img, _cover, _dpi, obj, raw in objs.pictures:
            scanned = needs_ocr and scan is not None and img is scan[0]
            img.kind = "document" if scanned else _classify(raw, obj, img.width * img.height)
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
            out.tables.extend(_tables(objs, lines, pageno))
        out.pages.append(([t for t in map(_line_text, lines) if t], pageno, False))
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


_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def _decode(text: str, encoding: str) -> str:
    """Decode legacy text; TCVN3 words typed in capitals are decoded as capitals.

    TCVN3 has no codes for toned capitals: headings use a capital font
    (``.VnTimeH``) that draws the lower-case codes as capitals, and a PDF's
    text layer does not say which font a word came from.  A word whose ASCII
    letters are all capitals (at least two, or the whole line's, at least
    three) is taken to be such a heading word.
    """
    if encoding != "tcvn3":
        return decode_legacy(text, encoding)
    line_ascii = _ASCII_LETTERS.findall(text)
    line_caps = len(line_ascii) >= 3 and all(c.isupper() for c in line_ascii)

    def word(m: re.Match[str]) -> str:
        letters = _ASCII_LETTERS.findall(m.group())
        caps = bool(letters) and all(c.isupper() for c in letters) and (len(letters) >= 2 or line_caps)
        return decode_legacy(m.group(), encoding, caps=caps)

    return re.sub(r"\S+", word, text)


def _finish(doc: Document, out: _Out) -> None:
    """Decode a legacy Vietnamese encoding if the text layer has one (before lines are
    joined: "Label:" detection needs real letters), join paragraphs, clean all text."""
    layer = [line for lines, _, ocr in out.pages if not ocr for line in lines]
    layer += [cell for t in out.tables for row in t.rows for cell in row]
    encoding = detect_legacy_encoding("\n".join(layer)) if layer else None
    doc.legacy_encoding = encoding

    def paragraphs(lines: list[str], from_ocr: bool = False) -> list[str]:
        if encoding and not from_ocr:
            lines = [_decode(line, encoding) for line in lines]
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
