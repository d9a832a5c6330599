"""ocr_image with the real tesseract CLI on pictures rendered here."""

from __future__ import annotations

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from domain import fold
from parsers.document import LimitExceeded, ParseError
from parsers.ocr import _parse_tsv, ocr_image, ocr_image_result, tesseract_available

pytestmark = pytest.mark.skipif(not tesseract_available(), reason="tesseract with vie data not installed")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN",
    "Họ và tên: Phạm Thị Mai",
    "Đơn vị: Trường Mầm non Hoa Sen",
    "Số điện thoại: 0987 654 321",
    "Thư điện tử: mai.pt@gmail.com",
    "Thành tích: Giáo viên dạy giỏi cấp huyện",
]


def page(lines=LINES, size=(1500, 900), mode="L", background=255) -> PILImage.Image:
    img = PILImage.new(mode, size, background)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 38)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * 70), line, font=font, fill=0 if mode == "L" else (0, 0, 0, 255))
    return img


def test_reads_vietnamese_text():
    text = ocr_image(page(), timeout=60)
    folded = fold(text)
    assert "ho va ten: pham thi mai" in folded
    assert "dien thoai" in folded and "0987 654 321" in folded
    assert "truong mam non" in folded


@pytest.mark.parametrize("angle", [90, 180])
def test_rotated_picture_is_turned(angle):
    result = ocr_image_result(page(LINES * 2, size=(1500, 1000)).rotate(angle, expand=True), timeout=60)
    assert result.rotation == angle  # PIL turned it anticlockwise; OCR turns it back clockwise
    assert "dien thoai" in fold(result.text) and result.confidence > 70


def test_transparent_background_reads_as_white():
    img = page(mode="RGBA", background=(0, 0, 0, 0))  # black text on nothing
    assert "pham thi mai" in fold(ocr_image(img, timeout=60))


def test_blank_and_tiny_pictures_give_no_text():
    assert ocr_image(PILImage.new("L", (400, 300), 255), timeout=60) == ""
    assert ocr_image(PILImage.new("RGB", (8, 8), "white"), timeout=60) == ""


def test_timeout_kills_tesseract():
    with pytest.raises(LimitExceeded, match="OCR took longer"):
        ocr_image(page(size=(3000, 2000)), timeout=0.05)


def test_missing_language_data_is_a_clear_error():
    with pytest.raises(ParseError, match="language data .*xyz.* not installed"):
        ocr_image(page(), timeout=10, langs="vie+xyz")


def test_tsv_to_text_keeps_lines_and_paragraphs():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\tHọ",
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t90\ttên:",
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t80\tAn",
        "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t-1\t ",
        "5\t1\t2\t1\t1\t2\t0\t0\t1\t1\t50\tKý",
    ]
    result = _parse_tsv("\n".join([header, *rows]))
    assert result.text == "Họ tên:\nAn\n\nKý"
    assert result.words == 4 and result.confidence == pytest.approx((96.5 + 90 + 80 + 50) / 4)
