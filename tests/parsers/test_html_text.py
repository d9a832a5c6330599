"""html_to_text: HTML e-mail bodies to readable lines."""

from __future__ import annotations

import unicodedata

from parsers.html_text import html_to_text


def lines(html: str) -> list[str]:
    return html_to_text(html).split("\n")


def test_empty_input() -> None:
    assert html_to_text("") == ""
    assert html_to_text("   \n ") == ""
    assert html_to_text("<html><head><title>x</title></head><body></body></html>") == ""


def test_block_elements_break_lines() -> None:
    html = "<h1>Tiêu đề</h1><p>Đoạn một</p><div>Dòng hai<br>Dòng ba</div><ul><li>Mục A</li><li>Mục B</li></ul>"
    assert [ln for ln in lines(html) if ln] == ["Tiêu đề", "Đoạn một", "Dòng hai", "Dòng ba", "Mục A", "Mục B"]


def test_nested_blocks_make_no_empty_lines_but_br_div_does() -> None:
    html = "<div><div><div>Kính gửi</div></div></div><div><br></div><div>Trân trọng!</div>"
    assert lines(html) == ["Kính gửi", "", "Trân trọng!"]


def test_bold_label_stays_on_its_line() -> None:
    html = "<div><b>Họ và tên:</b> Nguyễn Văn A</div><div><strong>Chức vụ:</strong>  Giáo viên</div>"
    assert lines(html) == ["Họ và tên: Nguyễn Văn A", "Chức vụ: Giáo viên"]


def test_source_newlines_are_spaces() -> None:
    html = "<p>Tóm tắt\n   thành tích\tnăm 2023</p>"
    assert lines(html) == ["Tóm tắt thành tích năm 2023"]


def test_table_cells_joined_with_bar() -> None:
    html = (
        "<table><tr><th>STT</th><th>Họ tên</th><th>Đơn vị</th></tr>"
        "<tr><td><p>1</p></td><td><p>Lê Thị B</p></td><td>Trường TH Ân Phú</td></tr></table>"
    )
    assert lines(html) == ["STT | Họ tên | Đơn vị", "1 | Lê Thị B | Trường TH Ân Phú"]


def test_nested_table_rows() -> None:
    html = "<table><tr><td>Ngoài</td><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>"
    text = html_to_text(html)
    assert "Ngoài |" in text and "a | b" in text


def test_script_style_and_head_dropped() -> None:
    html = (
        "<html><head><style>p{color:red}</style><title>T</title></head>"
        "<body><script>var x = '<p>no</p>';</script><p>Có</p><!-- ẩn --></body></html>"
    )
    assert html_to_text(html) == "Có"


def test_entities_decoded() -> None:
    html = "<p>GD&amp;ĐT&nbsp;Vũ&#160;Quang &lt;tốt&gt; ti&#7871;n &eacute;</p>"
    assert html_to_text(html) == "GD&ĐT Vũ Quang <tốt> tiến é"


def test_link_keeps_href_when_different() -> None:
    url = "https://drive.google.com/drive/folders/1AbCdEf?usp=sharing"
    html = f'<p>Minh chứng: <a href="{url}">minh chứng</a></p>'
    assert html_to_text(html) == f"Minh chứng: minh chứng ({url})"


def test_link_text_equal_to_href_not_repeated() -> None:
    url = "https://1drv.ms/f/s!AzCQ2vMa5W6O"
    assert html_to_text(f'<a href="{url}">{url}</a>') == url
    assert html_to_text('<a href="mailto:a@b.vn">a@b.vn</a>') == "a@b.vn"
    assert html_to_text('<a href="#top">Lên đầu</a>') == "Lên đầu"


def test_link_without_text_keeps_href() -> None:
    url = "https://onedrive.live.com/?id=ABC"
    assert html_to_text(f'Xem: <a href="{url}"><img src="x.png"></a>') == f"Xem: {url}"


def test_pre_keeps_line_breaks() -> None:
    assert lines("<pre>a  b\nc</pre>")[:2] == ["a b", "c"]


def test_unclosed_markup_does_not_raise() -> None:
    assert "Họ tên" in html_to_text("<div><b>Họ tên: <i>Trần <a href='x'>Y")


def test_output_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    text = html_to_text(f"<p>{nfd}</p>")
    assert text == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", text)
