"""parse_docx on documents built here with python-docx (and a little raw XML)."""

from __future__ import annotations

import hashlib
import io
import unicodedata

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from PIL import Image as PILImage

from config.limits import ParseLimits
from parsers.document import LimitExceeded, ParseError
from parsers.docx import parse_docx
from parsers.legacy_encodings import encode_tcvn3, encode_vni

LIMITS = ParseLimits()
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)


def png_bytes(size=(64, 48), color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def text_box_run(text: str):
    """A run holding one text box twice (DrawingML choice + VML fallback), as Word writes it."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        f"<w:r {NS}><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        f"</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        f"</mc:AlternateContent></w:r>"
    )


@pytest.fixture(scope="module")
def profile_docx() -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "PHÒNG GD&ĐT QUẬN HÀ ĐÔNG"
    d.sections[0].footer.paragraphs[0].text = "Trang 1"
    d.add_heading("THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN", level=1)
    d.add_paragraph("Họ và tên: Nguyễn Thị Hoa")
    d.add_paragraph("Điện thoại: 0912 345 678\tEmail: hoant@gmail.com")
    d.add_paragraph("Thành tích nổi bật:")
    d.add_paragraph("- Chiến sĩ thi đua cơ sở năm học 2022-2023.")
    d.add_paragraph("Xem thêm tại https://drive.google.com/x")
    d.add_picture(io.BytesIO(png_bytes()))
    boxed = d.add_paragraph("Trước hộp")
    boxed._p.append(text_box_run("Ghi chú trong hộp văn bản"))

    form = d.add_table(rows=3, cols=2)
    for row, (label, value) in zip(form.rows, [("Năm sinh:", "1990"), ("Đơn vị công tác", "Trường THCS Lê Lợi"), ("Chức vụ", "")]):
        row.cells[0].text, row.cells[1].text = label, value

    grid = d.add_table(rows=4, cols=3)
    for r, values in enumerate([["TT", "Họ tên", "Ghi chú"], ["1", "Lê Văn An", "x"], ["2", "Trần Bình", "y"], ["3", "Phạm Chi", "z"]]):
        for c, value in enumerate(values):
            grid.cell(r, c).text = value
    grid.cell(0, 1).merge(grid.cell(0, 2)).text = "THÔNG TIN"  # horizontal merge
    grid.cell(1, 2).merge(grid.cell(3, 2)).text = "Cùng tổ"  # vertical merge
    nested = grid.cell(1, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "Môn", "Toán"
    d.add_paragraph("Hà Đông, ngày 20 tháng 3 năm 2024")
    return save(d)


@pytest.fixture(scope="module")
def profile(profile_docx):
    return parse_docx(profile_docx, "Thông tin ĐHTT.docx", LIMITS)


def test_body_paragraphs_in_order(profile):
    texts = [p.text for p in profile.paragraphs if p.style not in ("header", "footer")]
    assert texts[:5] == [
        "THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN",
        "Họ và tên: Nguyễn Thị Hoa",
        "Điện thoại: 0912 345 678 Email: hoant@gmail.com",
        "Thành tích nổi bật:",
        "- Chiến sĩ thi đua cơ sở năm học 2022-2023.",
    ]
    assert texts[-1] == "Hà Đông, ngày 20 tháng 3 năm 2024"
    assert profile.paragraphs[1].style == "Heading 1"
    assert profile.format == "docx" and profile.source == "Thông tin ĐHTT.docx"
    assert profile.legacy_encoding is None


def test_header_and_footer(profile):
    assert profile.paragraphs[0].text == "PHÒNG GD&ĐT QUẬN HÀ ĐÔNG" and profile.paragraphs[0].style == "header"
    assert profile.paragraphs[-1].text == "Trang 1" and profile.paragraphs[-1].style == "footer"


def test_text_box_read_once(profile):
    texts = [p.text for p in profile.paragraphs]
    assert texts.count("Ghi chú trong hộp văn bản") == 1
    assert texts.index("Ghi chú trong hộp văn bản") == texts.index("Trước hộp") + 1


def test_table_text_stays_out_of_paragraphs(profile):
    assert not any("Lê Văn An" in p.text or "Trường THCS Lê Lợi" in p.text for p in profile.paragraphs)


def test_merged_cells_repeat_and_rows_are_padded(profile):
    grid = next(t for t in profile.tables if t.rows[0][0] == "TT")
    assert grid.rows[0] == ["TT", "THÔNG TIN", "THÔNG TIN"]
    assert [row[2] for row in grid.rows[1:]] == ["Cùng tổ", "Cùng tổ", "Cùng tổ"]
    assert [row[1] for row in grid.rows[1:]] == ["Lê Văn An", "Trần Bình", "Phạm Chi"]
    assert all(len(row) == t.width for t in profile.tables for row in t.rows)


def test_nested_table_is_its_own_table(profile):
    assert any(t.rows == [["Môn", "Toán"]] for t in profile.tables)


def test_key_values_from_paragraphs_and_two_column_rows(profile):
    kv = profile.key_values
    for pair in [
        ("Họ và tên", "Nguyễn Thị Hoa"),
        ("Điện thoại", "0912 345 678"),
        ("Email", "hoant@gmail.com"),
        ("Năm sinh", "1990"),
        ("Đơn vị công tác", "Trường THCS Lê Lợi"),
    ]:
        assert pair in kv
    labels = [label for label, _ in kv]
    assert "Thành tích nổi bật" not in labels  # no value on the line
    assert "Chức vụ" not in labels  # empty value cell
    assert not any(label.lower().startswith("xem thêm") or label == "https" for label in labels)


def test_embedded_picture(profile):
    (image,) = profile.images
    assert (image.width, image.height) == (64, 48)
    assert image.content_type == "image/png" and image.name.endswith(".png")
    assert image.sha256 == hashlib.sha256(png_bytes()).hexdigest()


def _scanned_page() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 34)
    for row in range(28):
        draw.text((110, 120 + row * 55), "Giấy khen tặng cô giáo đã có thành tích xuất sắc năm học", fill=20, font=font)
    buffer = io.BytesIO()
    page.save(buffer, "PNG")
    return buffer.getvalue()


def test_embedded_pictures_are_told_apart_portrait_from_scan():
    from docx.shared import Cm

    from dienhinh.devservers.samples import _portrait_jpeg

    d = docx.Document()
    d.add_paragraph("Ảnh chân dung:")
    d.add_picture(io.BytesIO(_portrait_jpeg()), width=Cm(3))
    d.add_paragraph("Giấy khen:")
    d.add_picture(io.BytesIO(_scanned_page()), width=Cm(10))
    kinds = [image.kind for image in parse_docx(save(d), "Hồ sơ.docx", LIMITS).images]
    assert kinds == ["photo", "document"]


def test_nfd_text_comes_out_nfc():
    d = docx.Document()
    d.add_paragraph(unicodedata.normalize("NFD", "Họ và tên:   Đặng   Ngọc Linh"))
    doc = parse_docx(save(d), "nfd.docx", LIMITS)
    assert doc.paragraphs[0].text == "Họ và tên: Đặng Ngọc Linh"
    assert doc.key_values == [("Họ và tên", "Đặng Ngọc Linh")]


def legacy_docx(font: str, runs: list[tuple[str, str | None]]) -> bytes:
    d = docx.Document()
    for text, run_font in runs:
        run = d.add_paragraph().add_run(text)
        run.font.name = run_font or font
    return save(d)


def test_tcvn3_runs_are_decoded():
    data = legacy_docx(".VnTime", [
        (encode_tcvn3("trường thcs hương minh"), ".VnTimeH"),
        (encode_tcvn3("Họ và tên: Nguyễn Thị Hoa"), None),
        (encode_tcvn3("Đơn vị: Trường THCS Hương Minh, Vũ Quang"), None),
    ])
    doc = parse_docx(data, "tcvn3.docx", LIMITS)
    assert [p.text for p in doc.paragraphs] == [
        "TRƯỜNG THCS HƯƠNG MINH",
        "Họ và tên: Nguyễn Thị Hoa",
        "Đơn vị: Trường THCS Hương Minh, Vũ Quang",
    ]
    assert doc.legacy_encoding == "tcvn3"
    assert ("Họ và tên", "Nguyễn Thị Hoa") in doc.key_values


def test_vni_runs_are_decoded():
    data = legacy_docx("VNI-Times", [(encode_vni("Họ và tên: Trần Thị Thủy"), None), (encode_vni("Đơn vị công tác: Trường THCS Lê Lợi"), None)])
    doc = parse_docx(data, "vni.docx", LIMITS)
    assert [p.text for p in doc.paragraphs] == ["Họ và tên: Trần Thị Thủy", "Đơn vị công tác: Trường THCS Lê Lợi"]
    assert doc.legacy_encoding == "vni"


def test_tcvn3_u_horn_stored_as_soft_hyphen_element():
    """Word saves the TCVN3 byte 0xAD ("ư") as <w:softHyphen/>, not as text."""
    d = docx.Document()
    run = d.add_paragraph().add_run()
    run.font.name = ".VnTime"
    word, tail = encode_tcvn3("Trường").split("\u00ad")
    run._r.append(parse_xml(f"<w:t {NS}>{word}</w:t>"))
    run._r.append(parse_xml(f"<w:softHyphen {NS}/>"))
    run._r.append(parse_xml(f"<w:t {NS}>{tail}</w:t>"))
    plain = d.add_paragraph().add_run()
    plain._r.append(parse_xml(f"<w:t {NS}>điển</w:t>"))
    plain._r.append(parse_xml(f"<w:softHyphen {NS}/>"))
    plain._r.append(parse_xml(f"<w:t {NS}>hình</w:t>"))
    doc = parse_docx(save(d), "hyphen.docx", LIMITS)
    assert [p.text for p in doc.paragraphs] == ["Trường", "điểnhình"]


def test_vni_tone_mark_split_into_the_next_run():
    d = docx.Document()
    paragraph = d.add_paragraph()
    encoded = encode_vni("Thủy")
    for piece in (encoded[:3], encoded[3:]):  # "Thu" | tone mark + "y"
        paragraph.add_run(piece).font.name = "VNI-Times"
    assert len(encoded) > 4
    doc = parse_docx(save(d), "split.docx", LIMITS)
    assert doc.paragraphs[0].text == "Thủy"


def test_legacy_font_inherited_from_paragraph_style_and_defaults():
    d = docx.Document()
    style = d.styles.add_style("Legacy", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = ".VnTime"
    d.add_paragraph(encode_tcvn3("Chức vụ: Giáo viên"), style="Legacy")
    doc = parse_docx(save(d), "style.docx", LIMITS)
    assert doc.paragraphs[0].text == "Chức vụ: Giáo viên"

    d = docx.Document()
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults.remove(defaults.find(qn("w:rFonts")))
    defaults.insert(0, parse_xml(f'<w:rFonts {NS} w:ascii="VNI-Times" w:hAnsi="VNI-Times"/>'))
    d.add_paragraph(encode_vni("Năm sinh: 1985"))
    doc = parse_docx(save(d), "defaults.docx", LIMITS)
    assert doc.paragraphs[0].text == "Năm sinh: 1985" and doc.legacy_encoding == "vni"


def test_unicode_text_in_a_legacy_font_is_left_alone():
    doc = parse_docx(legacy_docx(".VnTime", [("Họ và tên: Nguyễn Thị Hoa", None)]), "mixed.docx", LIMITS)
    assert doc.paragraphs[0].text == "Họ và tên: Nguyễn Thị Hoa"
    assert doc.legacy_encoding is None


def test_truncated_docx(profile_docx):
    with pytest.raises(ParseError, match=r"DOCX is damaged \(not a valid ZIP\): cut\.docx"):
        parse_docx(profile_docx[: len(profile_docx) // 2], "cut.docx", LIMITS)


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "x")
    with pytest.raises(ParseError, match="DOCX is damaged: fake.docx"):
        parse_docx(buf.getvalue(), "fake.docx", LIMITS)


def test_ole_file_named_docx():
    with pytest.raises(ParseError, match="legacy Word"):
        parse_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.docx", LIMITS)


def test_size_limit(profile_docx):
    with pytest.raises(LimitExceeded):
        parse_docx(profile_docx, "big.docx", ParseLimits(attachment_bytes=1000))
    with pytest.raises(LimitExceeded):
        parse_docx(profile_docx, "bomb.docx", ParseLimits(archive_total_bytes=1000))


def test_compressed_xml_bomb_is_refused(profile_docx):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(profile_docx)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p/>" * 2_000_000 + b"</w:body>")
            dst.writestr(info.filename, data)
    with pytest.raises(LimitExceeded, match="compresses"):
        parse_docx(buf.getvalue(), "bomb.docx", LIMITS)
