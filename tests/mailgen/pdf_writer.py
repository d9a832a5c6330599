"""Render a ``Doc`` to a PDF with a text layer (reportlab + DejaVu), optionally password-protected."""

from __future__ import annotations

import html
import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable

from .doc import Doc, PageBreak, Para, Picture, Table, covered

rl_config.invariant = 1  # no timestamps or random document ids: byte-stable output

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
_FAMILIES = {"serif": ("DejaVuSerif", "DejaVuSerif-Bold"), "sans": ("DejaVuSans", "DejaVuSans-Bold")}
_registered = False
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def _register() -> None:
    global _registered
    if _registered:
        return
    for regular, bold in _FAMILIES.values():
        pdfmetrics.registerFont(TTFont(regular, FONT_DIR + regular + ".ttf"))
        pdfmetrics.registerFont(TTFont(bold, FONT_DIR + bold + ".ttf"))
        pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    _registered = True


def _markup(text: str, bold: bool) -> str:
    inner = html.escape(text).replace("\n", "<br/>")
    return f"<b>{inner}</b>" if bold else inner


def _style(family: str, size: float, align: str = "left", indent: float = 0.0) -> ParagraphStyle:
    regular = _FAMILIES[family][0]
    return ParagraphStyle("p", fontName=regular, fontSize=size, leading=size * 1.3, alignment=ALIGN[align],
                          leftIndent=indent * cm, spaceAfter=size * 0.25)


def _table(block: Table, family: str, size: float, width: float) -> RLTable:
    ncols = max(len(r) for r in block.rows)
    widths = block.widths or [1] * ncols
    col = [width * w / sum(widths) for w in widths]
    hidden = covered(block)
    data = []
    for ri, row in enumerate(block.rows):
        line = []
        for ci, cell in enumerate(row):
            if (ri, ci) in hidden:
                line.append("")
            elif cell.picture is not None:
                line.append(Image(io.BytesIO(cell.picture), width=2.4 * cm, height=3.2 * cm))
            else:
                line.append(Paragraph(_markup(cell.text, cell.bold), _style(family, size - 1, cell.align)))
        data.append(line)
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if block.borders:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for r0, c0, r1, c1 in block.merges:
        commands.append(("SPAN", (c0, r0), (c1, r1)))
    return RLTable(data, colWidths=col, style=TableStyle(commands))


def render_pdf(doc: Doc, family: str = "serif", password: str | None = None, title: str = "") -> bytes:
    """PDF bytes; lines wrap where reportlab wraps them (like an exported Word file)."""
    _register()
    buf = io.BytesIO()
    kwargs = {"encrypt": StandardEncryption(password, ownerPassword=password + "-owner", strength=128)} if password else {}
    template = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                                 bottomMargin=2 * cm, title=title, author="", creator="Microsoft Word", **kwargs)
    size = float(doc.size or 12)
    story = []
    for block in doc.blocks:
        if isinstance(block, Para):
            markup = "".join(_markup(r.text, r.bold) for r in block.runs) or "&nbsp;"
            story.append(Paragraph(markup, _style(family, block.size or size, block.align, block.indent)))
        elif isinstance(block, Table):
            story.append(_table(block, family, size, template.width))
            story.append(Spacer(1, 6))
        elif isinstance(block, Picture):
            height = block.height_cm or block.width_cm * 4 / 3
            img = Image(io.BytesIO(block.data), width=block.width_cm * cm, height=height * cm)
            img.hAlign = block.align.upper() if block.align != "justify" else "LEFT"
            story.append(img)
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
    template.build(story)
    return buf.getvalue()
