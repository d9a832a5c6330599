"""Render a ``Doc`` as scanned pages: Pillow text on A4 at ~150 dpi, slightly rotated, noisy, JPEG/PDF."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

from .doc import Doc, PageBreak, Para, Picture, Table, covered
from .images import EPOCH, font

W, H, MARGIN = 1240, 1754, 110


class _Pages:
    def __init__(self, size_px: int):
        self.size = size_px
        self.pages: list[Image.Image] = []
        self.new()

    def new(self) -> None:
        self.img = Image.new("L", (W, H), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.pages.append(self.img)
        self.y = MARGIN

    def ensure(self, height: int) -> None:
        if self.y + height > H - MARGIN:
            self.new()

    def wrap(self, text: str, width: int, f) -> list[str]:
        lines = []
        for raw in text.split("\n"):
            words, line = raw.split(" "), ""
            for word in words:
                trial = f"{line} {word}" if line else word
                if f.getlength(trial) <= width or not line:
                    line = trial
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        return lines

    def para(self, para: Para) -> None:
        bold = any(r.bold for r in para.runs) and all(r.bold or not r.text.strip() for r in para.runs)
        f = font(int(self.size * (para.size or 13) / 13), bold)
        indent = int(para.indent * 59)
        lines = self.wrap(para.text, W - 2 * MARGIN - indent, f)
        lh = int(f.size * 1.45)
        for line in lines:
            self.ensure(lh)
            x = MARGIN + indent
            if para.align == "center":
                x = (W - f.getlength(line)) / 2
            elif para.align == "right":
                x = W - MARGIN - f.getlength(line)
            self.draw.text((x, self.y), line, font=f, fill=20)
            self.y += lh
        if not lines or not para.text:
            self.y += lh // 2

    def table(self, t: Table) -> None:
        ncols = max(len(r) for r in t.rows)
        widths = t.widths or [1] * ncols
        total_w = W - 2 * MARGIN
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + int(total_w * w / sum(widths)))
        hidden = covered(t)
        hspan = {(r0, c0): c1 for r0, c0, r1, c1 in t.merges}
        f, fb = font(self.size - 2), font(self.size - 2, True)
        lh = int(f.size * 1.4)
        for ri, row in enumerate(t.rows):
            cells = []
            for ci, cell in enumerate(row):
                if (ri, ci) in hidden or cell.picture is not None:
                    cells.append([])
                    continue
                right = xs[hspan.get((ri, ci), ci) + 1]
                cells.append(self.wrap(cell.text, right - xs[ci] - 16, fb if cell.bold else f))
            height = max(1, max(len(c) for c in cells)) * lh + 12
            self.ensure(height)
            for ci, lines in enumerate(cells):
                if (ri, ci) in hidden:
                    continue
                right = xs[hspan.get((ri, ci), ci) + 1]
                if t.borders:
                    self.draw.rectangle([xs[ci], self.y, right, self.y + height], outline=40, width=2)
                for li, line in enumerate(lines):
                    cf = fb if row[ci].bold else f
                    x = xs[ci] + 8 if row[ci].align != "center" else (xs[ci] + right - cf.getlength(line)) / 2
                    self.draw.text((x, self.y + 6 + li * lh), line, font=cf, fill=20)
            self.y += height
        self.y += lh // 2


def render_pages(doc: Doc, rng: random.Random) -> list[Image.Image]:
    """Scanned-looking grayscale pages (pictures are left out: a scan's photo is not a nominee photo)."""
    pages = _Pages(rng.choice([26, 27, 28]))
    for block in doc.blocks:
        if isinstance(block, Para):
            pages.para(block)
        elif isinstance(block, Table):
            pages.table(block)
        elif isinstance(block, PageBreak):
            pages.new()
        elif isinstance(block, Picture):
            continue
    out = []
    for page in pages.pages:
        angle = rng.uniform(-1.3, 1.3)
        img = page.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
        draw = ImageDraw.Draw(img)
        for _ in range(rng.randint(80, 300)):
            x, y = rng.randint(0, W - 1), rng.randint(0, H - 1)
            draw.point((x, y), fill=rng.randint(60, 180))
        if rng.random() < 0.5:
            draw.rectangle([0, 0, rng.randint(8, 30), H], fill=rng.randint(150, 210))
        out.append(img.filter(ImageFilter.GaussianBlur(rng.choice([0.4, 0.6, 0.8]))))
    return out


def scan_pdf(pages: list[Image.Image], rng: random.Random) -> bytes:
    buf = io.BytesIO()
    first, rest = pages[0], pages[1:]
    first.save(buf, "PDF", save_all=True, append_images=rest, resolution=150.0, quality=rng.randint(40, 55),
               creationDate=EPOCH, modDate=EPOCH, producer="Canon iR-ADV C3525 PDF")
    return buf.getvalue()


def photo_jpeg(page: Image.Image, rng: random.Random) -> bytes:
    """A phone photo of a page: warm tint, a bit more rotation, JPEG."""
    img = page.rotate(rng.uniform(-2.5, 2.5), resample=Image.BILINEAR, fillcolor=120).convert("RGB")
    tint = Image.new("RGB", img.size, (255, 236, 200))
    img = Image.blend(img, tint, 0.15).resize((W * 9 // 10, H * 9 // 10))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(55, 70))
    return buf.getvalue()
