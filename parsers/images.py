"""Picture attachments: photos of nominees and activities, scans of certificates.

A nomination carries both kinds and they count differently (a portrait is a
required "photo", a scanned "Giấy khen" is evidence), so every picture is
classified by :func:`classify_image`, and only "document" pictures are OCR'd.

Formats: whatever Pillow reads, plus HEIC/HEIF through pillow-heif.

Safety: the pixel count is checked from the header before anything is
decoded (``limits.image_pixels``), Pillow's own decompression-bomb check is
mapped to :class:`LimitExceeded`, and JPEGs are decoded at reduced scale
(``draft``) for classification, then in grey for OCR, so a large photo never
costs a full-colour decode.  Pillow's global ``MAX_IMAGE_PIXELS`` is left
alone: the explicit check above is the limit, and other parsers share Pillow.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import warnings

from PIL import Image as PILImage
from PIL import ImageChops, ImageFilter, UnidentifiedImageError
from pillow_heif import register_heif_opener

from config import ParseLimits
from parsers.document import Document, Image, LimitExceeded, Paragraph, ParseError
from parsers.normalise import clean_text
from parsers.ocr import ocr_image_result
from parsers.pdf_text import split_paragraphs

__all__ = ["classify_image", "parse_image"]

# HEIC/HEIF (iPhone photos) through libheif. One decoding thread, so that a
# picture never uses more CPU time than wall time (the sandbox's CPU limit
# relies on it); libheif applies the file's rotation and pillow-heif then
# reports EXIF orientation 1, so nothing is turned twice.
register_heif_opener(thumbnails=False, decode_threads=1)

_ANALYSIS_SIDE = 1024  # px; classification looks at a picture this size
_OCR_SIDE = 4200  # px; document pictures larger than this are scaled down for OCR
# EXIF orientation -> the transposition that shows the picture upright.
_ORIENT = {
    2: PILImage.Transpose.FLIP_LEFT_RIGHT, 3: PILImage.Transpose.ROTATE_180,
    4: PILImage.Transpose.FLIP_TOP_BOTTOM, 5: PILImage.Transpose.TRANSPOSE,
    6: PILImage.Transpose.ROTATE_270, 7: PILImage.Transpose.TRANSVERSE,
    8: PILImage.Transpose.ROTATE_90,
}


def _count(mask: PILImage.Image) -> int:
    return mask.histogram()[255]


def _features(img: PILImage.Image) -> dict[str, float]:
    """Numbers :func:`classify_image` decides on, from a copy at most 1024 px."""
    if img.mode not in ("L", "RGB"):  # 1-bit faxes, palettes, CMYK, 16-bit, alpha
        img = img.convert("L" if img.mode in ("1", "I", "I;16", "F") else "RGB")
    small = img
    if max(img.size) > _ANALYSIS_SIDE:  # shrink before any conversion: cheaper
        small = img.copy()
        small.thumbnail((_ANALYSIS_SIDE, _ANALYSIS_SIDE), PILImage.Resampling.BOX)  # area mean
    w, h = small.size
    n = max(w * h, 1)
    if small.mode == "L":  # grey scans: no colour to measure
        grey = small
        sat, val = PILImage.new("L", small.size, 0), grey
    else:
        rgb = small.convert("RGB")
        _, sat, val = rgb.convert("HSV").split()
        grey = rgb.convert("L")
    hist = grey.histogram()
    # The paper: the most common brightness in the upper part of the range.
    smooth = [sum(hist[max(0, i - 6): i + 7]) for i in range(256)]
    bg = max(range(96, 256), key=lambda i: smooth[i])
    near_bg = grey.point(lambda p: 255 if abs(p - bg) <= 32 else 0)
    low_sat = sat.point(lambda p: 255 if p <= 80 else 0)
    paper = _count(ImageChops.darker(near_bg, low_sat)) / n
    ink = grey.point(lambda p: 255 if p < bg - 70 else 0)
    colour = ImageChops.darker(
        sat.point(lambda p: 255 if p >= 90 else 0), val.point(lambda p: 255 if p >= 60 else 0)
    )
    # Thin dark strokes: ink that a 3x3 opening removes (text), unlike blobs (hair, clothes).
    opened = _dilate(_erode(ink))
    strokes = ImageChops.subtract(ink, opened)
    # Text lines: bands of stroke pixels in the middle 80 % (frames and edges left out).
    middle = strokes.crop((w // 10, h // 10, w - w // 10, h - h // 10))
    lines, inside = 0, False
    for level in _row_means(middle):
        if level > 2.5 and not inside:  # > 1 % of the row is stroke
            lines, inside = lines + 1, True
        elif level <= 0.8:
            inside = False
    return {
        "bg": float(bg), "paper": paper, "ink": _count(ink) / n, "colour": _count(colour) / n,
        "strokes": _count(strokes) / n, "lines": float(lines)
    }


def _erode(mask: PILImage.Image) -> PILImage.Image:
    """3x3 erosion of a 0/255 mask (a 3x3 mean is 255 only if all nine are set);
    the same as MinFilter(3), several times faster."""
    return mask.filter(ImageFilter.BoxBlur(1)).point(lambda p: 255 if p == 255 else 0)


def _dilate(mask: PILImage.Image) -> PILImage.Image:
    """3x3 dilation of a 0/255 mask (MaxFilter(3)), via the 3x3 mean as above."""
    return mask.filter(ImageFilter.BoxBlur(1)).point(lambda p: 255 if p > 0 else 0)


def _row_means(mask: PILImage.Image) -> list[int]:
    """Mean of each row of ``mask`` (0-255)."""
    col = mask.resize((1, max(mask.height, 1)), PILImage.Resampling.BOX)
    return [col.getpixel((0, y)) for y in range(col.height)]


def classify_image(img: PILImage.Image) -> str:
    """"document" for a scan or photo of paper, else "photo".

    Paper is a bright (most common grey level ``bg`` >= 130), unsaturated
    background covering much of the picture (``paper`` >= 40 %) with thin
    dark strokes on it: text, which a 3x3 morphological opening erases
    (``strokes`` >= 0.4 % of pixels, or >= 0.15 % arranged in at least three
    text-line bands).  Photos of people and
    activities fail one of these: their tones and colours are spread out
    (``colour`` > 35 % of saturated pixels also rules paper out), and their
    dark areas are blobs (hair, clothes, shadows) that survive the opening.
    A nearly blank white page (>= 95 % paper, bg >= 180, no colour, no dark
    blob of 1 % or more) is a document too; an evenly grey picture (noise,
    fog) is not, nor a person in a white shirt on a white background.
    On the sample mail and generated pages the two groups differ by a factor
    of about ten in ``strokes``, so the thresholds have room on both sides.
    """
    f = _features(img)
    if f["bg"] < 130:  # no bright background at all: not paper
        return "photo"
    if f["paper"] >= 0.95 and f["colour"] < 0.01 and f["bg"] >= 180 and (f["ink"] < 0.01 or f["strokes"] >= 0.3 * f["ink"]):
        return "document"  # a blank page; a dark blob on it (hair on a white ID-photo background) is a person
    texty = f["strokes"] >= 0.004 or (f["strokes"] >= 0.0015 and f["lines"] >= 3)
    if f["paper"] >= 0.4 and f["colour"] <= 0.35 and texty:
        return "document"
    return "photo"


def _bomb_pixels(exc: Exception) -> str:
    """The pixel count in Pillow's DecompressionBombError message (it gives no W x H)."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    return found.group(1) if found else "too many"


def _open(data: bytes, name: str, limits: ParseLimits) -> PILImage.Image:
    """Open lazily and check the declared size; nothing is decoded yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            img = PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError as exc:
        raise LimitExceeded(f"image too large: {_bomb_pixels(exc)} pixels (decompression bomb): {name}") from exc
    except UnidentifiedImageError as exc:
        raise ParseError(f"not a supported image: {name}") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ParseError(f"damaged image ({exc}): {name}") from exc
    w, h = img.size
    if w * h > limits.image_pixels:
        raise LimitExceeded(f"image too large: {w} x {h} pixels (limit {limits.image_pixels}): {name}")
    if w < 1 or h < 1:
        raise ParseError(f"empty image: {name}")
    return img


def _decoded(data: bytes, name: str, limits: ParseLimits, mode: str, side: int) -> PILImage.Image:
    """The picture decoded, upright by EXIF, at most ``side`` px long; a JPEG is decoded
    straight into ``mode`` at reduced scale, other formats are only made grey for "L"."""
    img = _open(data, name, limits)
    try:
        orientation = img.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - broken EXIF must not lose the picture
        orientation = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            if img.format == "JPEG":
                img.draft(mode, (side, side))  # decoder scales down by 1/2, 1/4 or 1/8
            img.load()
            if img.mode == "P" or img.mode.startswith("I"):
                img = img.convert("RGBA" if "transparency" in img.info else "RGB")
            if max(img.size) > side:
                img.thumbnail((side, side), PILImage.Resampling.BILINEAR)
            if mode == "L" and img.mode not in ("L", "LA", "RGBA"):
                img = img.convert("L")
    except PILImage.DecompressionBombError as exc:
        raise LimitExceeded(f"image too large: {_bomb_pixels(exc)} pixels (decompression bomb): {name}") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ParseError(f"damaged image ({exc}): {name}") from exc
    if orientation in _ORIENT:
        img = img.transpose(_ORIENT[orientation])
    return img


def classify_picture(data: bytes, name: str, limits: ParseLimits) -> str:
    """``photo`` or ``document`` for picture bytes (e.g. embedded in a DOCX); ``unknown`` if unreadable."""
    try:
        return classify_image(_decoded(data, name, limits, "RGB", _ANALYSIS_SIDE))
    except ParseError:
        return "unknown"


def parse_image(data: bytes, name: str, content_type: str, limits: ParseLimits) -> Document:
    """One ``Image`` with its kind; for a "document" picture, its OCR text too.

    Raises :class:`ParseError` for an unsupported or damaged picture and
    :class:`LimitExceeded` for too many pixels or OCR that runs too long.  A
    missing tesseract leaves a note instead: the picture itself still counts.
    """
    probe = _open(data, name, limits)
    mime = PILImage.MIME.get(probe.format or "", "") or content_type or "application/octet-stream"
    try:
        orientation = probe.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - broken EXIF must not lose the picture
        orientation = None
    w, h = probe.size
    if orientation in (5, 6, 7, 8):  # shown turned by a quarter
        w, h = h, w
    # JPEG decodes cheaply at reduced scale for a look, and in grey for OCR; other
    # formats decode whole once (at most _OCR_SIDE px) and serve both.
    jpeg = probe.format == "JPEG"
    full = None if jpeg else _decoded(data, name, limits, "RGB", _OCR_SIDE)
    kind = classify_image(_decoded(data, name, limits, "RGB", _ANALYSIS_SIDE) if jpeg else full)
    frames = max(1, getattr(probe, "n_frames", 1))
    doc = Document(source=name, format="image", pages=frames)
    doc.images.append(
        Image(name=name, content_type=mime, width=w, height=h,
              sha256=hashlib.sha256(data).hexdigest(), kind=kind)
    )
    if kind != "document":
        if frames > 1:
            doc.notes.append(f"{frames} frames; only the first was looked at")
        return doc
    deadline = time.monotonic() + limits.seconds_per_attachment
    for index in range(min(frames, limits.ocr_pages)):  # multi-page TIFF scans
        if index == 0:
            page = _decoded(data, name, limits, "L", _OCR_SIDE) if full is None else full
        else:
            page = _frame(data, name, limits, index)
        try:  # a scanner's resolution, scaled like the picture; cameras' 72 dpi means unknown
            dpi = float(probe.info["dpi"][0]) * max(page.size) / max(w, h)
            dpi = round(dpi) if 100 <= dpi <= 1200 else None
        except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError):
            dpi = None
        try:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LimitExceeded(f"OCR took longer than {limits.seconds_per_attachment:g} s")
            result = ocr_image_result(page, timeout=left, dpi=dpi)
        except LimitExceeded as exc:
            raise LimitExceeded(f"{exc} (page {index + 1}): {name}") from exc
        except ParseError as exc:
            doc.notes.append(str(exc))
            return doc
        for text in split_paragraphs(result.text.splitlines()):
            cleaned = clean_text(text)
            if cleaned:
                doc.paragraphs.append(Paragraph(text=cleaned, page=index + 1))
        doc.ocr_pages.append(index + 1)
        turned = f", turned {result.rotation}°" if result.rotation else ""
        doc.notes.append(f"page {index + 1}: read by OCR (confidence {result.confidence:.0f}{turned})")
    if frames > limits.ocr_pages:
        doc.notes.append(f"{frames} pages; OCR stopped after {limits.ocr_pages}")
    return doc


def _frame(data: bytes, name: str, limits: ParseLimits, index: int) -> PILImage.Image:
    """Page ``index`` of a multi-page picture (TIFF), in grey, size-checked like the first."""
    img = _open(data, name, limits)
    try:
        img.seek(index)
        if img.width * img.height > limits.image_pixels:
            raise LimitExceeded(f"image too large: {img.width} x {img.height} pixels (page {index + 1}): {name}")
        img.load()
        page = img.convert("L")
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ParseError(f"damaged image ({exc}, page {index + 1}): {name}") from exc
    if max(page.size) > _OCR_SIDE:
        page.thumbnail((_OCR_SIDE, _OCR_SIDE), PILImage.Resampling.BILINEAR)
    return page
