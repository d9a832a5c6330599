"""parse_image / classify_image on pictures generated here."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont

from config.limits import ParseLimits
from domain import fold
from parsers.document import LimitExceeded, ParseError
from parsers.images import classify_image, parse_image
from parsers.ocr import tesseract_available

LIMITS = ParseLimits()
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_ocr = pytest.mark.skipif(not tesseract_available(), reason="tesseract with vie data not installed")
LINES = [
    "GIẤY KHEN", "Tặng bà Lê Thị Thu Hà", "Giáo viên Trường Tiểu học Kim Đồng",
    "Đã có thành tích xuất sắc trong năm học 2022-2023", "Số điện thoại liên hệ: 0912 000 111",
]


def text_page(size=(1240, 1754), paper=(255, 255, 255), ink=(20, 20, 20), lines=LINES * 3) -> PILImage.Image:
    img = PILImage.new("RGB", size, paper)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 32)
    for i, line in enumerate(lines):
        draw.text((90, 110 + i * 58), line, font=font, fill=ink)
    return img


def phone_shot_of_paper() -> PILImage.Image:
    """Warm-tinted paper, uneven light, sensor noise, slightly turned on a dark desk."""
    img = text_page(paper=(232, 224, 206))
    light = PILImage.linear_gradient("L").resize(img.size).point(lambda v: 185 + v // 4)
    img = PILImage.composite(img, PILImage.new("RGB", img.size, "black"), light)
    img = PILImage.blend(img, PILImage.effect_noise(img.size, 30).convert("RGB"), 0.07)
    return img.rotate(4, expand=True, fillcolor=(70, 55, 45))


def photo_like(size=(1200, 900), seed=3) -> PILImage.Image:
    """Gradients, noise and coloured shapes: wide tones and colours, no text strokes."""
    rnd = random.Random(seed)
    ramp = PILImage.linear_gradient("L").resize(size)
    img = PILImage.merge("RGB", (ramp, ramp.transpose(PILImage.Transpose.ROTATE_90).resize(size), PILImage.new("L", size, 110)))
    draw = ImageDraw.Draw(img)
    for _ in range(35):
        x, y, r = rnd.randrange(size[0]), rnd.randrange(size[1]), rnd.randrange(20, 180)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    img = PILImage.blend(img, PILImage.effect_noise(size, 40).convert("RGB"), 0.15)
    return img.filter(ImageFilter.GaussianBlur(1.2))


def portrait(background=(70, 130, 200)) -> PILImage.Image:
    """An ID-style portrait: flat background, face, dark hair, clothes."""
    img = PILImage.new("RGB", (600, 800), background)
    draw = ImageDraw.Draw(img)
    draw.ellipse((150, 120, 450, 560), fill=(25, 20, 18))  # hair
    draw.ellipse((200, 200, 400, 460), fill=(228, 190, 160))  # face
    draw.ellipse((250, 290, 270, 305), fill=(30, 30, 30))
    draw.ellipse((330, 290, 350, 305), fill=(30, 30, 30))
    draw.rectangle((100, 600, 500, 800), fill=(180, 30, 40))  # clothes
    return img.filter(ImageFilter.GaussianBlur(2))


def portrait_white_shirt() -> PILImage.Image:
    """A light-grey ID background and a white shirt: only the hair and the face stand out."""
    img = PILImage.new("RGB", (270, 360), (222, 222, 226))
    draw = ImageDraw.Draw(img)
    draw.ellipse((85, 70, 190, 150), fill=(30, 24, 20))  # hair
    draw.ellipse((95, 90, 180, 190), fill=(225, 185, 150))  # face
    draw.rectangle((60, 210, 210, 360), fill=(230, 230, 236))  # shirt
    return PILImage.blend(img, PILImage.effect_noise(img.size, 25).convert("RGB"), 0.1)


def encode(img: PILImage.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG declaring ``width`` x ``height`` grey pixels, with almost no data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


# --- classification -------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [text_page, phone_shot_of_paper, lambda: text_page(paper=(250, 250, 245), ink=(170, 20, 30)),
     lambda: text_page().convert("1"), lambda: text_page().convert("P")],
    ids=["scan", "phone-shot", "red-ink-certificate", "1-bit-fax", "palette"],
)
def test_paper_is_document(make):
    assert classify_image(make()) == "document"


def test_a_blank_page_is_a_document():
    assert classify_image(PILImage.new("RGB", (1240, 1754), (250, 250, 250))) == "document"


@pytest.mark.parametrize(
    "make",
    [photo_like, portrait, lambda: portrait((245, 245, 245)), lambda: PILImage.new("RGB", (300, 200), (30, 120, 40)),
     lambda: PILImage.merge("RGB", [PILImage.effect_noise((800, 600), 50 + 10 * i) for i in range(3)]),
     portrait_white_shirt],
    ids=["photo", "portrait-blue", "portrait-white", "flat-green", "grey-noise", "portrait-white-shirt"],
)
def test_pictures_of_people_and_things_are_photos(make):
    assert classify_image(make()) == "photo"


# --- parse_image ----------------------------------------------------------------


@needs_ocr
def test_document_picture_is_ocred():
    data = encode(text_page(), "PNG", dpi=(150, 150))
    doc = parse_image(data, "giay khen.png", "image/png", LIMITS)
    assert doc.format == "image" and doc.ocr_pages == [1]
    [img] = doc.images
    assert (img.kind, img.width, img.height, img.content_type) == ("document", 1240, 1754, "image/png")
    assert img.sha256 == hashlib.sha256(data).hexdigest()
    folded = fold(doc.text)
    assert "giay khen" in folded and "truong tieu hoc kim dong" in folded and "0912 000 111" in folded


@needs_ocr
def test_multipage_tiff_scan_reads_every_page_within_the_limit():
    pages = [text_page(lines=[f"Trang số {n}: Trường Tiểu học Kim Đồng"] * 3).convert("1") for n in (1, 2, 3)]
    buf = io.BytesIO()  # 1-bit, as office scanners write (Pillow cannot write multi-page G4 here)
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="packbits")
    doc = parse_image(buf.getvalue(), "hoso.tif", "image/tiff", ParseLimits(ocr_pages=2))
    assert doc.pages == 3 and doc.ocr_pages == [1, 2]
    assert {p.page for p in doc.paragraphs} == {1, 2}
    assert "kim dong" in fold(doc.paragraphs[-1].text) and any("stopped after 2" in n for n in doc.notes)
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", compression="group4")  # CCITT G4 fax compression
    assert "kim dong" in fold(parse_image(buf.getvalue(), "g4.tif", "image/tiff", LIMITS).text)


def test_photo_jpeg_with_exif_orientation():
    exif = PILImage.Exif()
    exif[0x0112] = 6  # shown turned 90 degrees clockwise
    data = encode(photo_like((800, 600)), "JPEG", quality=85, exif=exif.tobytes())
    doc = parse_image(data, "anh.jpg", "application/octet-stream", LIMITS)
    [img] = doc.images
    assert (img.kind, img.width, img.height, img.content_type) == ("photo", 600, 800, "image/jpeg")
    assert doc.paragraphs == [] and doc.ocr_pages == []


@needs_ocr
def test_sideways_document_jpeg_is_read_upright_by_exif():
    exif = PILImage.Exif()
    exif[0x0112] = 6
    stored = text_page().transpose(PILImage.Transpose.ROTATE_90)  # the camera's sensor orientation
    doc = parse_image(encode(stored, "JPEG", quality=90, exif=exif.tobytes()), "scan.jpg", "image/jpeg", LIMITS)
    assert doc.images[0].kind == "document" and (doc.images[0].width, doc.images[0].height) == (1240, 1754)
    assert "kim dong" in fold(doc.text)
    assert not any("turned" in n for n in doc.notes)  # EXIF did it; OCR did not have to


def test_too_many_pixels_refused_before_decoding():
    with pytest.raises(LimitExceeded, match=r"image too large: 10000 x 9000 pixels"):
        parse_image(png_header_only(10000, 9000), "big.png", "image/png", LIMITS)
    with pytest.raises(LimitExceeded, match="image too large"):  # Pillow's own bomb check fires first
        parse_image(png_header_only(100_000, 100_000), "bomb.png", "image/png", LIMITS)
    with pytest.raises(LimitExceeded, match="image too large"):
        parse_image(encode(photo_like((400, 300))), "x.png", "image/png", ParseLimits(image_pixels=100_000))


def test_corrupt_and_unsupported_pictures_are_parse_errors():
    jpeg = encode(photo_like((800, 600)), "JPEG")
    with pytest.raises(ParseError, match="damaged image"):
        parse_image(jpeg[: len(jpeg) // 3], "cut.jpg", "image/jpeg", LIMITS)
    with pytest.raises(ParseError, match="not a supported image"):
        parse_image(b"\x00\x01 definitely not an image" * 10, "x.heic", "image/heic", LIMITS)
    with pytest.raises(ParseError):
        parse_image(b"", "empty.png", "image/png", LIMITS)


# --- HEIC (iPhone photos) ---------------------------------------------------------


def heic(img: PILImage.Image, **kw) -> bytes:
    import pillow_heif  # noqa: F401 - importing parsers.images registered its Pillow opener

    return encode(img, "HEIF", quality=90, **kw)


def test_heic_portrait_is_detected_by_content_and_counts_as_a_photo():
    from parsers.attachments import detect

    data = heic(portrait())
    assert detect("IMG_0412.HEIC", "application/octet-stream", data).content_type == "image/heic"
    assert detect("anh-chan-dung", "", data).format == "image"  # no extension, no type: the bytes say it
    doc = parse_image(data, "IMG_0412.HEIC", "application/octet-stream", LIMITS)
    [img] = doc.images
    assert (img.kind, img.width, img.height, img.content_type) == ("photo", 600, 800, "image/heif")
    assert img.sha256 == hashlib.sha256(data).hexdigest() and doc.ocr_pages == []


@needs_ocr
def test_heic_photo_of_a_certificate_is_read_upright():
    exif = PILImage.Exif()
    exif[0x0112] = 6  # taken with the phone on its side
    stored = text_page().transpose(PILImage.Transpose.ROTATE_90)
    doc = parse_image(heic(stored, exif=exif.tobytes()), "giay-khen.heic", "image/heic", LIMITS)
    [img] = doc.images
    assert img.kind == "document" and (img.width, img.height) == (1240, 1754)
    assert "kim dong" in fold(doc.text) and "0912 000 111" in fold(doc.text)


def test_a_damaged_heic_is_a_parse_error():
    data = heic(portrait())
    with pytest.raises(ParseError):
        parse_image(data[: len(data) // 2], "cut.heic", "image/heic", LIMITS)
