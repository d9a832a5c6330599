"""parse_pdf on PDFs made here: LibreOffice exports of generated DOCX, Pillow scans,
and hand-written PDF bytes for the broken cases."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.shared import Cm
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from config.limits import ParseLimits
from domain import fold
from parsers.document import LimitExceeded, ParseError
from parsers.legacy_encodings import encode_tcvn3
from parsers.ocr import tesseract_available
from parsers.pdf import parse_pdf
from parsers.pdf_text import is_garbage as _garbage
from parsers.pdf_text import split_paragraphs

LIMITS = ParseLimits()
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
needs_ocr = pytest.mark.skipif(not tesseract_available(), reason="tesseract with vie data not installed")
BULLET = (
    "- Chiến sĩ thi đua cơ sở ba năm liền, giáo viên dạy giỏi cấp tỉnh, tích cực đổi mới "
    "phương pháp dạy học và ứng dụng công nghệ thông tin trong mọi hoạt động của nhà trường."
)


def photo_jpeg() -> bytes:
    img = PILImage.linear_gradient("L").resize((320, 240)).convert("RGB")
    draw = ImageDraw.Draw(img)
    draw.ellipse((80, 40, 240, 200), fill=(200, 120, 60))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def profile_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN")
    for line in (
        "Họ và tên: Nguyễn Thị Hoa",
        "Đơn vị công tác: Trường Tiểu học Lê Lợi",
        "Số điện thoại: 0912 345 678",
        "Thư điện tử: hoa.nt@gmail.com",
        "Thành tích nổi bật:",
        BULLET,
        "- Giấy khen của Chủ tịch UBND huyện năm học 2022-2023.",
    ):
        d.add_paragraph(line)
    d.add_picture(io.BytesIO(photo_jpeg()), width=Cm(4))
    d.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)
    d.add_paragraph("Bảng tổng hợp")
    table = d.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for row, (a, b) in zip(table.rows, [("Nội dung", "Thông tin"), ("Họ tên", "Trần Văn Bình"), ("Năm sinh", "1980")]):
        row.cells[0].text, row.cells[1].text = a, b
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def tcvn3_docx() -> bytes:
    d = docx.Document()
    # No "ư": TCVN3 codes it as 0xAD, a soft hyphen to LibreOffice, which drops it on export.
    for line in ("Họ và tên: Nguyễn Thị Hoa", "Đơn vị công tác: Tiểu học Lê Lợi", "Chức vụ: Giáo viên dạy giỏi"):
        d.add_paragraph().add_run(encode_tcvn3(line)).font.name = ".VnTime"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="session")
def office_pdfs(tmp_path_factory) -> dict[str, bytes]:
    """Both DOCX exported by one soffice run (its own profile, so parallel runs don't clash)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    root = tmp_path_factory.mktemp("lo")
    (root / "profile.docx").write_bytes(profile_docx())
    (root / "tcvn3.docx").write_bytes(tcvn3_docx())
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(root / 'user').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(root), str(root / "profile.docx"), str(root / "tcvn3.docx")],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(root)},
    )
    return {n: (root / f"{n}.pdf").read_bytes() for n in ("profile", "tcvn3")}


def render_page(lines: list[str], size=(1240, 1754), font_size=34) -> PILImage.Image:
    """A page of text as a 150 dpi A4 scan would show it."""
    img = PILImage.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, font_size)
    for i, line in enumerate(lines):
        draw.text((90, 120 + i * int(font_size * 1.9)), line, font=font, fill=0)
    return img


SCAN_LINES = ["TRƯỜNG TIỂU HỌC LÊ LỢI", "Họ và tên: Nguyễn Thị Hoa", "Số điện thoại: 0912 345 678",
              "Địa chỉ: Số 12 đường Trần Phú"]


def scan_pdf(pages: list[PILImage.Image]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    return buf.getvalue()


# --- text layer ------------------------------------------------------------------


@needs_soffice
def test_libreoffice_pdf_paragraphs_labels_and_pages(office_pdfs):
    doc = parse_pdf(office_pdfs["profile"], "hoso.pdf", LIMITS)
    texts = [p.text for p in doc.paragraphs]
    assert doc.format == "pdf" and doc.pages == 2 and doc.ocr_pages == []
    assert "Họ và tên: Nguyễn Thị Hoa" in texts
    assert "Thư điện tử: hoa.nt@gmail.com" in texts
    assert "Thành tích nổi bật:" in texts
    assert BULLET in texts  # the wrapped bullet is one paragraph again
    assert all(p.page == 1 for p in doc.paragraphs if "Nguyễn Thị Hoa" in p.text)
    assert any(p.page == 2 and p.text == "Bảng tổng hợp" for p in doc.paragraphs)


@needs_soffice
def test_ruled_table_is_a_table_not_paragraphs(office_pdfs):
    doc = parse_pdf(office_pdfs["profile"], "hoso.pdf", LIMITS)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.page == 2
    assert table.rows == [["Nội dung", "Thông tin"], ["Họ tên", "Trần Văn Bình"], ["Năm sinh", "1980"]]
    assert not any("Trần Văn Bình" in p.text for p in doc.paragraphs)


@needs_soffice
def test_embedded_picture_listed_with_page_and_hash(office_pdfs):
    doc = parse_pdf(office_pdfs["profile"], "hoso.pdf", LIMITS)
    assert len(doc.images) == 1
    img = doc.images[0]
    assert img.page == 1 and (img.width, img.height) == (320, 240)
    assert len(img.sha256) == 64 and img.kind == "photo"
    assert img.content_type == "image/jpeg" and img.name == "hoso.pdf#page1-image1"


@needs_soffice
def test_tcvn3_text_layer_is_decoded(office_pdfs):
    doc = parse_pdf(office_pdfs["tcvn3"], "tcvn3.pdf", LIMITS)
    assert doc.legacy_encoding == "tcvn3"
    assert [p.text for p in doc.paragraphs][:2] == ["Họ và tên: Nguyễn Thị Hoa", "Đơn vị công tác: Tiểu học Lê Lợi"]


def test_split_paragraphs_rules():
    lines = [
        "TRƯỜNG TIỂU HỌC", "LÊ LỢI", "",
        "Họ và tên: Lê Văn An", "Địa chỉ: thôn Trung, xã Ân Phú, huyện Vũ Quang, tỉnh",
        "Hà Tĩnh", "Thành tích:",
        "- Hoàn thành xuất sắc nhiệm vụ ba năm liên tục, từ năm học 2020-2021 đến năm học",
        "2022-2023.", "1. Giáo viên dạy giỏi cấp tỉnh.", "________",
    ]
    assert split_paragraphs(lines) == [
        "TRƯỜNG TIỂU HỌC", "LÊ LỢI",
        "Họ và tên: Lê Văn An", "Địa chỉ: thôn Trung, xã Ân Phú, huyện Vũ Quang, tỉnh Hà Tĩnh",
        "Thành tích:",
        "- Hoàn thành xuất sắc nhiệm vụ ba năm liên tục, từ năm học 2020-2021 đến năm học 2022-2023.",
        "1. Giáo viên dạy giỏi cấp tỉnh.", "________",
    ]


def test_garbage_text_layer_detection():
    assert _garbage("")
    assert _garbage("Scanned by X")  # too few letters
    assert _garbage("\ue001\ue002\ue003 " * 20 + "abc def ghi")  # private-use glyph codes
    assert not _garbage("Họ và tên: Nguyễn Thị Hoa, Trường Tiểu học Lê Lợi")


# --- scans -------------------------------------------------------------------------


@needs_ocr
def test_image_only_pdf_is_ocred():
    doc = parse_pdf(scan_pdf([render_page(SCAN_LINES)]), "scan.pdf", LIMITS)
    folded = fold(doc.text)
    assert doc.ocr_pages == [1]
    assert "truong tieu hoc" in folded and "dien thoai" in folded and "0912 345 678" in folded
    assert any(p.text.startswith("Họ và tên") for p in doc.paragraphs)
    assert len(doc.images) == 1 and doc.images[0].kind == "document" and doc.images[0].page == 1


@needs_ocr
def test_scan_with_a_second_picture_is_rendered_then_ocred():
    """A scan plus a small logo is not "just a picture": the page is rendered for OCR."""
    def jpeg(img: PILImage.Image) -> bytes:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        return buf.getvalue()

    scan, logo = jpeg(render_page(SCAN_LINES)), jpeg(PILImage.new("RGB", (60, 60), (200, 30, 30)))
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q q 40 0 0 40 20 20 cm /Im2 Do Q"
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /Device%s "
             b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream")
    data = minimal_pdf(objects=[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         b"/Resources << /XObject << /Im1 5 0 R /Im2 6 0 R >> >> >>"),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        image % (1240, 1754, b"Gray", len(scan), scan),
        image % (60, 60, b"RGB", len(logo), logo),
    ])
    doc = parse_pdf(data, "scan+logo.pdf", LIMITS)
    assert doc.ocr_pages == [1] and "dien thoai" in fold(doc.text)
    assert sorted((i.width, i.kind) for i in doc.images) == [(60, "photo"), (1240, "document")]


@needs_ocr
@pytest.mark.slow
def test_rotated_scan_is_turned_before_ocr():
    page = render_page(SCAN_LINES * 3).rotate(90, expand=True)
    doc = parse_pdf(scan_pdf([page]), "xoay.pdf", LIMITS)
    assert "dien thoai" in fold(doc.text)
    assert any("turned" in n for n in doc.notes)


@needs_ocr
def test_ocr_page_limit_and_time_limit():
    blank = PILImage.new("L", (620, 877), 255)
    doc = parse_pdf(scan_pdf([blank, blank, blank]), "blank.pdf", ParseLimits(ocr_pages=1))
    assert doc.ocr_pages == [1]
    assert sum("OCR skipped" in n for n in doc.notes) == 2
    with pytest.raises(LimitExceeded):
        parse_pdf(scan_pdf([render_page(SCAN_LINES)]), "slow.pdf", ParseLimits(seconds_per_attachment=0.05))


# --- refusals ----------------------------------------------------------------------


def minimal_pdf(extra_trailer: bytes = b"", extra_objects: bytes = b"", objects: list[bytes] | None = None) -> bytes:
    """A PDF with a correct xref table, written by hand (default: one empty page)."""
    objects = objects or [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ] + ([extra_objects] if extra_objects else [])
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra_trailer, xref)
    return bytes(out)


def test_filled_form_field_values_are_read():
    value = b"Nguyen Van An, Truong Tieu hoc Le Loi"
    appearance = b"/Tx BMC BT /Helv 12 Tf 0 g 2 8 Td (%s) Tj ET EMC" % value
    page_text = b"BT /Helv 12 Tf 20 110 Td (Ho va ten:) Tj ET"
    data = minimal_pdf(objects=[
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Annots [4 0 R] "
         b"/Resources << /Font << /Helv 6 0 R >> >> /Contents 7 0 R >>"),
        (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (%s) /Rect [100 100 380 130] /P 3 0 R "
         b"/F 4 /AP << /N 5 0 R >> >>" % value),
        (b"<< /Type /XObject /Subtype /Form /BBox [0 0 280 30] /Resources << /Font << /Helv 6 0 R >> >> "
         b"/Length %d >>\nstream\n%s\nendstream" % (len(appearance), appearance)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page_text), page_text),
    ])
    doc = parse_pdf(data, "phieu.pdf", LIMITS)
    assert [p.text for p in doc.paragraphs] == ["Ho va ten:", "Nguyen Van An, Truong Tieu hoc Le Loi"]
    assert doc.ocr_pages == []  # read from the form, not by OCR


def test_password_protected_pdf_is_refused():
    # Standard security handler, RC4 40-bit; the /U entry matches no password we know,
    # so opening with the empty user password fails exactly as with a real protected file.
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <%s> /U <%s> >>" % (b"11" * 32, b"22" * 32)
    data = minimal_pdf(b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ", encrypt)
    assert parse_pdf(minimal_pdf(), "ok.pdf", LIMITS).pages == 1
    with pytest.raises(ParseError, match="password-protected"):
        parse_pdf(data, "matkhau.pdf", LIMITS)


def test_truncated_and_non_pdf_are_parse_errors():
    data = scan_pdf([PILImage.new("L", (100, 100), 255)] * 2)
    with pytest.raises(ParseError, match="truncated.*cut.pdf"):
        parse_pdf(data[: len(data) // 2], "cut.pdf", LIMITS)
    with pytest.raises(ParseError, match="not a PDF"):
        parse_pdf(b"PK\x03\x04 not a pdf", "fake.pdf", LIMITS)
    with pytest.raises(ParseError):
        parse_pdf(b"", "empty.pdf", LIMITS)


def test_too_many_pages():
    data = scan_pdf([PILImage.new("L", (50, 50), 255)] * 3)
    with pytest.raises(LimitExceeded, match="3 pages"):
        parse_pdf(data, "dai.pdf", ParseLimits(pdf_pages=2))
