"""Render a ``Doc`` to DOCX bytes with python-docx (optionally legacy-font encoded, NFD, split runs)."""

from __future__ import annotations

import io
import random
import unicodedata

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import legacy
from .doc import Doc, PageBreak, Para, Picture, Run, Table, covered
from .util import fix_core_dates, repack_zip

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


class _Writer:
    def __init__(self, doc: Doc, rng: random.Random, encoding: str | None, nfd: bool, split_runs: float):
        self.doc, self.rng, self.encoding, self.nfd, self.split = doc, rng, encoding, nfd, split_runs
        self.font = {"tcvn3": rng.choice(legacy.TCVN3_FONTS), "vni": rng.choice(legacy.VNI_FONTS)}.get(encoding, doc.font)

    def _set_font(self, run, name: str) -> None:
        run.font.name = name
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        fonts.set(qn("w:cs"), name)
        fonts.set(qn("w:eastAsia"), name)

    def _pieces(self, text: str) -> list[tuple[str, str]]:
        """(stored text, font) pieces for one logical run."""
        if self.encoding == "tcvn3":
            caps = text.isupper() and len(text) > 3
            return legacy.tcvn3_runs(text, self.font, all_caps=caps)
        if self.encoding == "vni":
            return [(legacy.vni(text), self.font)]
        if self.nfd:
            text = unicodedata.normalize("NFD", text)
        if self.split and len(text) > 12 and self.rng.random() < self.split:
            cut = self.rng.randint(3, len(text) - 3)
            return [(text[:cut], self.font), (text[cut:], self.font)]
        return [(text, self.font)]

    def runs(self, paragraph, para: Para) -> None:
        for r in para.runs:
            for li, line in enumerate(r.text.split("\n")):
                if li:
                    paragraph.add_run().add_break()
                for text, font in self._pieces(line):
                    run = paragraph.add_run(text)
                    run.bold, run.italic = r.bold or None, r.italic or None
                    if para.size:
                        run.font.size = Pt(para.size)
                    if font != self.doc.font or self.encoding:
                        self._set_font(run, font)

    def paragraph(self, container, para: Para, first: bool = False) -> None:
        p = container.paragraphs[0] if first else container.add_paragraph()
        p.alignment = ALIGN[para.align]
        if para.indent:
            p.paragraph_format.left_indent = Cm(para.indent)
        self.runs(p, para)

    def table(self, d, block: Table) -> None:
        ncols = max(len(r) for r in block.rows)
        t = d.add_table(rows=len(block.rows), cols=ncols)
        if block.borders:
            t.style = "Table Grid"
        hidden = covered(block)
        total = sum(block.widths) if block.widths else ncols
        for ri, row in enumerate(block.rows):
            for ci, cell in enumerate(row):
                target = t.cell(ri, ci)
                if block.widths:
                    target.width = Cm(16.5 * block.widths[ci] / total)
                if (ri, ci) in hidden:
                    continue
                if cell.picture is not None:
                    target.paragraphs[0].add_run().add_picture(io.BytesIO(cell.picture), width=Cm(2.6))
                    continue
                for li, line in enumerate(cell.text.split("\n")):
                    self.paragraph(target, Para([Run(line, cell.bold)], cell.align), first=li == 0)
        for r0, c0, r1, c1 in block.merges:
            t.cell(r0, c0).merge(t.cell(r1, c1))

    def render(self) -> bytes:
        d = docx.Document()
        normal = d.styles["Normal"]
        normal.font.name = self.font
        normal.font.size = Pt(self.doc.size)
        for block in self.doc.blocks:
            if isinstance(block, Para):
                self.paragraph(d, block)
            elif isinstance(block, Table):
                self.table(d, block)
            elif isinstance(block, Picture):
                d.add_picture(io.BytesIO(block.data), width=Cm(block.width_cm))
                d.paragraphs[-1].alignment = ALIGN[block.align]
            elif isinstance(block, PageBreak):
                d.add_page_break()
        d.core_properties.author = self.rng.choice(["Admin", "User", "Windows User", "HP", "Microsoft Office User", "PC"])
        buf = io.BytesIO()
        d.save(buf)
        return repack_zip(buf.getvalue(), patch=fix_core_dates("2024-03-01T08:00:00Z"))


def render_docx(doc: Doc, rng: random.Random, encoding: str | None = None, nfd: bool = False,
                split_runs: float = 0.0) -> bytes:
    """DOCX bytes for ``doc``; ``encoding`` 'tcvn3' or 'vni' stores text in a legacy font encoding."""
    return _Writer(doc, rng, encoding, nfd, split_runs).render()
