"""A tiny abstract document model (paragraphs, tables, pictures) rendered later to DOCX, PDF, scans, text, HTML."""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """A paragraph; '\\n' inside a run is a line break within the paragraph."""

    runs: list[Run]
    align: str = "left"          # left | center | right | justify
    size: float | None = None    # points
    indent: float = 0.0          # cm

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Cell:
    text: str = ""
    bold: bool = False
    align: str = "left"
    picture: bytes | None = None


@dataclass
class Table:
    rows: list[list[Cell]]
    widths: list[float] | None = None                 # relative column widths
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1) inclusive
    borders: bool = True
    size: float | None = None


@dataclass
class Picture:
    data: bytes
    width_cm: float = 3.0
    align: str = "left"
    height_cm: float | None = None   # None: a 3:4 portrait


@dataclass
class PageBreak:
    pass


Block = Para | Table | Picture | PageBreak


@dataclass
class Doc:
    blocks: list = field(default_factory=list)
    font: str = "Times New Roman"
    size: float = 13.0

    def add(self, *blocks) -> "Doc":
        self.blocks.extend(blocks)
        return self


def P(text: str = "", bold: bool = False, align: str = "left", size: float | None = None, italic: bool = False,
      indent: float = 0.0) -> Para:
    return Para([Run(text, bold, italic)], align, size, indent)


def PL(label: str, value: str, bold_label: bool = True, indent: float = 0.0) -> Para:
    """'Label' in bold followed by a plain value run."""
    return Para([Run(label, bold_label), Run(value)], indent=indent)


def T(rows: list[list], widths=None, merges=None, borders=True, bold_first_row=False) -> Table:
    cells = []
    for r, row in enumerate(rows):
        cells.append([c if isinstance(c, Cell) else Cell(str(c), bold=bold_first_row and r == 0,
                                                         align="center" if bold_first_row and r == 0 else "left")
                      for c in row])
    return Table(cells, widths, list(merges or []), borders)


def covered(table: Table) -> set[tuple[int, int]]:
    """Cells hidden by a merge (every cell of a merge but its top-left one)."""
    hidden = set()
    for r0, c0, r1, c1 in table.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    hidden.add((r, c))
    return hidden


def to_text(doc: Doc, cell_sep: str = "\t") -> str:
    """Plain text (for mail bodies and test spot checks)."""
    out = []
    for block in doc.blocks:
        if isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Table):
            hidden = covered(block)
            for r, row in enumerate(block.rows):
                out.append(cell_sep.join(c.text.replace("\n", " ") for i, c in enumerate(row) if (r, i) not in hidden))
        elif isinstance(block, PageBreak):
            out.append("")
    return "\n".join(out)


def to_html(doc: Doc) -> str:
    """An HTML fragment like mail clients produce (divs, <br>, bordered tables)."""
    out = []
    for block in doc.blocks:
        if isinstance(block, Para):
            inner = "".join(("<b>%s</b>" if r.bold else "%s") % html.escape(r.text).replace("\n", "<br>") for r in block.runs)
            style = f' style="text-align:{block.align}"' if block.align != "left" else ""
            out.append(f"<div{style}>{inner or '<br>'}</div>")
        elif isinstance(block, Table):
            hidden = covered(block)
            spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in block.merges}
            rows = []
            for r, row in enumerate(block.rows):
                tds = []
                for c, cell in enumerate(row):
                    if (r, c) in hidden:
                        continue
                    rs, cs = spans.get((r, c), (1, 1))
                    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                    text = html.escape(cell.text).replace("\n", "<br>")
                    tds.append(f'<td{attrs} style="border:1px solid #999;padding:4px">{"<b>" + text + "</b>" if cell.bold else text}</td>')
                rows.append("<tr>" + "".join(tds) + "</tr>")
            out.append('<table style="border-collapse:collapse" cellspacing="0">' + "".join(rows) + "</table>")
    return "\n".join(out)
