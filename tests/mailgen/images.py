"""Pillow-drawn pictures: portraits (3:4), group photos, activity photos, certificates, logos."""

from __future__ import annotations

import io
import random
import time

from PIL import Image, ImageDraw, ImageFilter, ImageFont

EPOCH = time.gmtime(1709280000)  # fixed PDF dates: byte-stable output

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
_fonts: dict = {}


def font(size: int, bold: bool = False, serif: bool = True) -> ImageFont.FreeTypeFont:
    name = ("DejaVuSerif" if serif else "DejaVuSans") + ("-Bold" if bold else "") + ".ttf"
    key = (name, size)
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(FONT_DIR + name, size)
    return _fonts[key]


def _noise(img: Image.Image, rng: random.Random, amount: float = 0.12) -> Image.Image:
    """Blend a seeded speckle layer so JPEGs are not trivially small and not all alike."""
    w, h = img.size
    speck = Image.frombytes("L", (w // 4, h // 4), rng.randbytes((w // 4) * (h // 4)))
    speck = speck.resize((w, h), Image.BILINEAR).convert(img.mode)
    return Image.blend(img, speck, amount)


def _jpeg(img: Image.Image, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _figure(draw: ImageDraw.ImageDraw, cx: int, top: int, scale: float, rng: random.Random) -> None:
    skin = rng.choice([(236, 200, 170), (224, 182, 150), (206, 160, 125), (240, 210, 185)])
    hair = rng.choice([(20, 15, 10), (40, 30, 20), (60, 40, 30)])
    shirt = rng.choice([(255, 255, 255), (30, 60, 140), (180, 30, 40), (230, 230, 240), (90, 90, 100), (200, 170, 60)])
    hw, hh = int(60 * scale), int(78 * scale)
    draw.ellipse([cx - int(95 * scale), top + int(118 * scale), cx + int(95 * scale), top + int(330 * scale)], fill=shirt)
    draw.rectangle([cx - int(22 * scale), top + int(70 * scale), cx + int(22 * scale), top + int(130 * scale)], fill=skin)
    draw.ellipse([cx - hw, top - int(8 * scale), cx + hw, top + hh + int(4 * scale)], fill=hair)
    draw.ellipse([cx - hw + int(6 * scale), top + int(10 * scale), cx + hw - int(6 * scale), top + hh + int(20 * scale)], fill=skin)


def portrait(rng: random.Random, fmt: str = "JPEG") -> bytes:
    """A head-and-shoulders ID photo, 3:4."""
    w, h = rng.choice([(300, 400), (270, 360), (330, 440)])
    bg = rng.choice([(40, 110, 200), (235, 235, 240), (70, 140, 220), (200, 210, 225)])
    img = Image.new("RGB", (w, h), bg)
    draw = ImageDraw.Draw(img)
    _figure(draw, w // 2, int(h * 0.22), w / 300, rng)
    img = _noise(img.filter(ImageFilter.GaussianBlur(1.2)), rng, 0.14)
    if fmt == "PNG":
        buf = io.BytesIO()
        img.quantize(64).save(buf, "PNG", optimize=True)
        return buf.getvalue()
    return _jpeg(img, rng.randint(75, 88))


def group_photo(rng: random.Random) -> bytes:
    """Staff lined up in two rows under a banner (a collective's photo)."""
    w, h = 720, 460
    img = Image.new("RGB", (w, h), (190, 200, 180))
    draw = ImageDraw.Draw(img)
    draw.rectangle([60, 20, w - 60, 80], fill=(200, 20, 30))
    draw.text((w // 2, 50), "CHÀO MỪNG NĂM HỌC MỚI", font=font(24, True, False), fill=(255, 230, 0), anchor="mm")
    for row, y in enumerate((120, 210)):
        for i in range(7 - row):
            _figure(draw, 80 + row * 45 + i * 95, y, 0.45, rng)
    return _jpeg(_noise(img.filter(ImageFilter.GaussianBlur(1.0)), rng, 0.08), 72)


def activity_photo(rng: random.Random) -> bytes:
    """A classroom/yard scene: board or banner, desks, several small figures (landscape)."""
    w, h = rng.choice([(800, 600), (720, 540), (640, 480)])
    img = Image.new("RGB", (w, h), rng.choice([(220, 215, 200), (150, 190, 120), (210, 220, 230)]))
    draw = ImageDraw.Draw(img)
    draw.rectangle([w * 0.2, h * 0.06, w * 0.8, h * 0.32], fill=rng.choice([(30, 80, 50), (20, 40, 90), (240, 240, 240)]))
    for i in range(rng.randint(4, 9)):
        x = int(w * (0.1 + 0.8 * rng.random()))
        _figure(draw, x, int(h * (0.4 + 0.25 * rng.random())), 0.35 + 0.2 * rng.random(), rng)
    for i in range(4):
        draw.rectangle([40 + i * (w // 4), int(h * 0.82), (i + 1) * (w // 4), int(h * 0.9)], fill=(140, 90, 50))
    return _jpeg(_noise(img.filter(ImageFilter.GaussianBlur(1.0)), rng, 0.1), 72)


def certificate(rng: random.Random, title: str, lines: list[str]) -> Image.Image:
    """A landscape certificate (Giấy khen / Bằng khen) as a Pillow image."""
    w, h = 1000, 707
    img = Image.new("RGB", (w, h), (250, 244, 220))
    draw = ImageDraw.Draw(img)
    draw.rectangle([18, 18, w - 18, h - 18], outline=(190, 30, 30), width=12)
    draw.rectangle([40, 40, w - 40, h - 40], outline=(210, 170, 60), width=3)
    draw.text((w // 2, 80), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font(22, True), fill=(20, 20, 20), anchor="mm")
    draw.text((w // 2, 110), "Độc lập - Tự do - Hạnh phúc", font=font(20), fill=(20, 20, 20), anchor="mm")
    draw.text((w // 2, 200), title, font=font(64, True), fill=(200, 20, 20), anchor="mm")
    y = 290
    for line in lines:
        draw.text((w // 2, y), line, font=font(26), fill=(30, 30, 30), anchor="mm")
        y += 48
    draw.ellipse([w - 300, h - 220, w - 160, h - 80], outline=(210, 30, 30), width=6)
    return _noise(img.rotate(rng.uniform(-1.2, 1.2), fillcolor=(255, 255, 255)), rng, 0.05)


def certificate_jpeg(rng: random.Random, title: str, lines: list[str]) -> bytes:
    return _jpeg(certificate(rng, title, lines).resize((800, 566)), 70)


def certificate_pdf(rng: random.Random, title: str, lines: list[str]) -> bytes:
    buf = io.BytesIO()
    certificate(rng, title, lines).resize((900, 636)).save(buf, "PDF", resolution=100.0, quality=60,
                                                           creationDate=EPOCH, modDate=EPOCH)
    return buf.getvalue()


def logo(rng: random.Random, text: str) -> bytes:
    """A round school logo (PNG); never a photo, never evidence."""
    img = Image.new("RGB", (180, 180), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    color = rng.choice([(20, 80, 160), (200, 30, 40), (20, 120, 60)])
    draw.ellipse([6, 6, 174, 174], outline=color, width=8)
    draw.polygon([(90, 40), (130, 120), (50, 120)], fill=color)
    draw.text((90, 145), text[:10], font=font(16, True, False), fill=color, anchor="mm")
    buf = io.BytesIO()
    img.quantize(16).save(buf, "PNG")
    return buf.getvalue()

