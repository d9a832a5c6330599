"""Objects on a PDF page: embedded pictures and the ruling lines of tables.

Split from ``parsers.pdf``. Tables are looked for only on pages with ruling
lines, by pdfplumber's table finder fed pdfium's lines and characters.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image as PILImage

from parsers.document import (
    Image,
    Table,
)
from parsers.pdf_text import Char, Line, chars_text

_MIN_IMAGE_PX = 24
_MAX_EDGES = 3000  # more ruling segments than this is a drawing, not a table
_IMAGE_TYPES = {"DCTDecode": "image/jpeg", "JPXDecode": "image/jp2", "JBIG2Decode": "image/jbig2"}

# --- page objects: ruling lines and pictures -----------------------------------------


@dataclass
class PageObjects:
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


def scan_objects(page: pdfium.PdfPage, pageno: int, name: str) -> PageObjects:
    """Ruling rectangles and pictures of one page (pictures not classified yet)."""
    found = PageObjects()
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


def classify_picture_object(raw: bytes, obj: pdfium.PdfImage, pixels: int) -> str:
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


def find_tables(objs: PageObjects, lines: list[Line], pageno: int) -> list[Table]:
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
    content: list[list[list[dict[int, list[Char]]]]] = [
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
            [None if cell is None else "\n".join(chars_text(chars) for _, chars in sorted(text.items()))
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


