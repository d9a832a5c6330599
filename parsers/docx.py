"""DOCX → Document, walking the WordprocessingML tree ourselves.

python-docx opens the package, but text is read from the XML directly: we
need per-run fonts (schools still type in TCVN3/VNI fonts, so a run's text
is mojibake until decoded by its font), text boxes, merged/nested tables and
header/footer parts, none of which python-docx's convenience API exposes
faithfully. Table cell text goes only into ``Document.tables``.

Length: about 300 lines; fonts (``docx_fonts``) and label splitting
(``key_values``) are already out.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections import Counter
from itertools import groupby

import docx
from docx.styles import BabelFish
from PIL import Image as PILImage

from config import ParseLimits
from domain import error_line
from parsers.archive import check_ooxml_zip
from parsers.document import Document, Image, Paragraph, ParseError, Table
from parsers.docx_fonts import StyleFonts, is_bold
from parsers.docx_fonts import W as _W
from parsers.images import classify_picture
from parsers.key_values import form_label, paragraph_key_values
from parsers.legacy_encodings import decode_legacy, legacy_encoding_for_font
from parsers.normalise import clean_text

_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, R = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
TXBX, ALT = _W + "txbxContent", _MC + "AlternateContent"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
# Elements whose children are blocks (p/tbl) or inline runs we should read through.
BLOCK_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
INLINE_WRAPPERS = {_W + t for t in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "moveTo", "dir", "bdo")}
# w:softHyphen matters: Word stores the TCVN3 letter "ư" (0xAD) as an optional hyphen.
RUN_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-", _W + "softHyphen": "\u00ad"}
OBJECTS = {_W + "drawing", _W + "pict", _W + "object", ALT}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Any of these means the text is already Unicode Vietnamese, whatever the font says.
_UNICODE_VI = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u0323]")


def parse_docx(data: bytes, name: str, limits: ParseLimits) -> Document:
    """Parse a DOCX into paragraphs, tables, pictures and obvious key/values."""
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ParseError(f"DOCX is password-protected: {name}")
        raise ParseError(f"DOCX is really a legacy Word (.doc) file: {name}; convert it with parse_legacy_office")
    check_ooxml_zip(data, name, "DOCX", limits)
    try:
        document = docx.Document(io.BytesIO(data))
        styles = document.styles.element
    except Exception as exc:  # python-docx/lxml/zipfile raise many types on damaged files
        raise ParseError(f"DOCX is damaged: {name}: {type(exc).__name__}: {error_line(exc, with_type=False, limit=200)}") from None
    return _Builder(document, styles, name, limits).build()


def _find_boxes(el, out: list) -> None:
    """Collect w:txbxContent under ``el``, reading only one branch of mc:AlternateContent."""
    if el.tag == TXBX:
        out.append(el)
        return
    if el.tag == ALT:  # Choice (DrawingML) and Fallback (VML) repeat the same box
        for branch in el:
            before = len(out)
            for child in branch:
                _find_boxes(child, out)
            if len(out) > before:
                return
        return
    for child in el:
        _find_boxes(child, out)


class _Builder:
    def __init__(self, document, styles_el, name: str, limits: ParseLimits) -> None:
        self.docx, self.name, self.limits = document, name, limits
        self.fonts = StyleFonts(styles_el)
        self.out = Document(source=name, format="docx")
        self.legacy: Counter[str] = Counter()
        self.image_parts: set[str] = set()

    def build(self) -> Document:
        main = self.docx.part
        headers, footers = self._header_footer_parts(main)
        for part in headers:
            self._blocks(part.element, region="header")
        self._blocks(main.element.body, region=None)
        for part in footers:
            self._blocks(part.element, region="footer")
        for part in [*headers, main, *footers]:
            self._images(part)
        if self.legacy:
            self.out.legacy_encoding = self.legacy.most_common(1)[0][0]
            self.out.notes.append(f"converted {sum(self.legacy.values())} stretches of text from legacy {self.out.legacy_encoding.upper()} fonts")
        return self.out

    def _header_footer_parts(self, main):
        headers, footers, seen = [], [], set()
        for sect in main.element.iter(_W + "sectPr"):
            for ref in sect:
                if ref.tag not in (_W + "headerReference", _W + "footerReference"):
                    continue
                part = main.related_parts.get(ref.get(_R + "id"))
                if part is None or part.partname in seen or not hasattr(part, "element"):
                    continue
                seen.add(part.partname)
                (headers if ref.tag == _W + "headerReference" else footers).append(part)
        return headers, footers

    # ------------------------------------------------------------ blocks
    def _blocks(self, parent, region: str | None) -> None:
        for child in parent:
            if child.tag == P:
                self._paragraph(child, region)
            elif child.tag == TBL:
                self._table(child, region)
            elif child.tag in BLOCK_WRAPPERS:
                self._blocks(child, region)

    def _paragraph(self, p, region: str | None) -> None:
        raw, boxes, bold = self._text(p)
        style = region or self._style(p, bold)
        for line in raw.split("\n"):
            text = clean_text(line)
            if text:
                self.out.paragraphs.append(Paragraph(text=text, style=style))
                self.out.key_values.extend(paragraph_key_values(line))
        for box in boxes:
            self._blocks(box, region)

    def _style(self, p, bold: bool) -> str | None:
        ps = p.find(f"{_W}pPr/{_W}pStyle")
        name = self.fonts.style_name(ps.get(_W + "val")) if ps is not None else None
        if name and name.lower() not in ("normal", "default paragraph font"):
            return BabelFish.internal2ui(name)  # "heading 1" in XML is "Heading 1" in Word's UI
        return "bold" if bold else None

    def _text(self, p) -> tuple[str, list, bool]:
        """A paragraph's text with legacy runs decoded, its text boxes, and whether all text is bold."""
        ps = p.find(f"{_W}pPr/{_W}pStyle")
        pstyle = ps.get(_W + "val") if ps is not None else None
        pieces: list[tuple[str, tuple[str, bool] | None]] = []
        boxes: list = []
        bold = [True, False]  # all runs bold, any text seen
        self._inline(p, pstyle, pieces, boxes, bold)
        # Decode neighbouring runs of one legacy font together: Word splits runs
        # anywhere, even between a VNI vowel and its tone-mark code point.
        out = []
        for legacy, group in groupby(pieces, key=lambda piece: piece[1]):
            out.append(self._decode("".join(text for text, _ in group), legacy))
        return "".join(out), boxes, bold[0] and bold[1]

    def _inline(self, el, pstyle, pieces, boxes, bold) -> None:
        for child in el:
            if child.tag == R:
                self._run(child, pstyle, pieces, boxes, bold)
            elif child.tag in INLINE_WRAPPERS:
                self._inline(child, pstyle, pieces, boxes, bold)

    def _run(self, r, pstyle, pieces, boxes, bold) -> None:
        buf = []
        for child in r:
            if child.tag in RUN_TEXT:
                buf.append(RUN_TEXT[child.tag] or child.text or "")
            elif child.tag in OBJECTS:
                _find_boxes(child, boxes)
        text = "".join(buf)
        if not text:
            return
        if text.strip():
            bold[1] = True
            bold[0] = bold[0] and is_bold(r)
        legacy = None
        if not _UNICODE_VI.search(text):  # Unicode typed in a legacy font stays as it is
            legacy = next(filter(None, map(legacy_encoding_for_font, self.fonts.run_font(r, pstyle))), None)
        pieces.append((text, legacy))

    def _decode(self, text: str, legacy: tuple[str, bool] | None) -> str:
        if legacy is None:
            return text
        encoding, caps = legacy
        decoded = decode_legacy(text, encoding, caps=caps)
        if decoded != text:  # digits and punctuation read the same in every encoding
            self.legacy[encoding] += 1
        return decoded

    # ------------------------------------------------------------ tables
    def _table(self, tbl, region: str | None) -> None:
        """Resolve the layout grid: spans repeat their value, vMerge copies the cell above."""
        rows: list[list[str]] = []
        nested: list = []
        prev: list[str] = []
        for tr in _children(tbl, TR):
            before = tr.find(f"{_W}trPr/{_W}gridBefore")
            row = [""] * _int(before)
            for tc in _children(tr, TC):
                pr = tc.find(_W + "tcPr")
                span = _int(pr.find(_W + "gridSpan") if pr is not None else None, 1)
                vmerge = pr.find(_W + "vMerge") if pr is not None else None
                hmerge = pr.find(_W + "hMerge") if pr is not None else None
                if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                    col = len(row)
                    row.extend(prev[col + i] if col + i < len(prev) else "" for i in range(span))
                    continue
                if hmerge is not None and hmerge.get(_W + "val") in (None, "continue") and row:
                    row.extend([row[-1]] * span)
                    continue
                row.extend([self._cell(tc, nested, region)] * span)
            rows.append(row)
            prev = row
        width = max((len(r) for r in rows), default=0)
        rows = [r + [""] * (width - len(r)) for r in rows]
        if any(any(c for c in r) for r in rows):
            self.out.tables.append(Table(rows=rows))
            self._table_key_values(rows, width)
        for inner in nested:
            self._table(inner, region)

    def _cell(self, tc, nested: list, region: str | None) -> str:
        lines: list[str] = []
        self._cell_blocks(tc, lines, nested, region)
        return "\n".join(lines)

    def _cell_blocks(self, parent, lines: list[str], nested: list, region: str | None) -> None:
        for child in parent:
            if child.tag == P:
                raw, boxes, _bold = self._text(child)
                lines.extend(t for t in (clean_text(x) for x in raw.split("\n")) if t)
                for box in boxes:
                    self._blocks(box, region)
            elif child.tag == TBL:
                nested.append(child)
            elif child.tag in BLOCK_WRAPPERS:
                self._cell_blocks(child, lines, nested, region)

    def _table_key_values(self, rows: list[list[str]], width: int) -> None:
        """2-column tables are label/value forms; in narrow layout tables read "Label: value" lines too."""
        if width > 2:
            return
        for row in rows:
            if width == 2 and row[0] != row[1] and row[1] and "\n" not in row[0]:
                label = form_label(row[0])
                if label:
                    self.out.key_values.append((label, row[1]))
                    continue
            for cell in dict.fromkeys(row):
                for line in cell.split("\n"):
                    self.out.key_values.extend(paragraph_key_values(line))

    # ------------------------------------------------------------ images
    def _images(self, part) -> None:
        for el in part.element.iter(BLIP, VML_IMAGE):
            rid = el.get(_R + "embed") or el.get(_R + "id")
            target = part.related_parts.get(rid) if rid else None
            if target is None or str(target.partname) in self.image_parts:
                continue
            self.image_parts.add(str(target.partname))
            image = self._image(str(target.partname).rsplit("/", 1)[-1], target.content_type, target.blob)
            if image:
                self.out.images.append(image)

    def _image(self, name: str, content_type: str, blob: bytes) -> Image | None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                with PILImage.open(io.BytesIO(blob)) as im:
                    width, height = im.size
        except PILImage.DecompressionBombError:
            self.out.notes.append(f"embedded picture {name} skipped: too many pixels")
            return None
        except Exception as exc:  # not a raster Pillow knows (EMF variants, broken data)
            self.out.notes.append(f"embedded picture {name}: size unreadable ({type(exc).__name__})")
            width = height = 0
        if width * height > self.limits.image_pixels:
            self.out.notes.append(f"embedded picture {name} skipped: {width}x{height} exceeds the pixel limit")
            return None
        kind = classify_picture(blob, name, self.limits) if width and height else "unknown"
        return Image(name=name, content_type=content_type, width=width, height=height,
                     sha256=hashlib.sha256(blob).hexdigest(), kind=kind)


def _children(el, tag: str):
    """Direct children with ``tag``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in BLOCK_WRAPPERS or child.tag == _W + "sdtContent":
            yield from _children(child, tag)


def _int(el, default: int = 0) -> int:
    try:
        return max(0, min(int(el.get(_W + "val")), 1000)) if el is not None else default
    except (TypeError, ValueError):
        return default
