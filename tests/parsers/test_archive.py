"""iter_archive: paths, name repair, nesting and the zip-bomb limits."""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib

import pytest

from config.limits import ParseLimits
from parsers.archive import ArchiveMember, iter_archive, safe_member_path
from parsers.document import LimitExceeded, ParseError
from tests.rarfactory import rar4, rar5

LIMITS = ParseLimits()


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def paths(data: bytes, name: str = "hoso.zip", limits: ParseLimits = LIMITS) -> dict[str, bytes]:
    return {m.path: m.data for m in iter_archive(data, name, limits)}


def rename_raw(data: bytes, placeholder: bytes, real: bytes) -> bytes:
    """Swap a member name's bytes in both headers without touching the flag bits."""
    assert len(placeholder) == len(real) and data.count(placeholder) == 2
    return data.replace(placeholder, real)


def cp1258_bytes(text: str) -> bytes:
    """Vietnamese in cp1258: base letters precomposed, tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258")


def test_nested_folders_and_junk_skipped():
    data = make_zip({
        "Ho so/": b"",
        "Ho so/Thông tin ĐHTT.docx": b"docx bytes",
        "Ho so/Minh chung/Giấy khen 2023.jpg": b"jpeg bytes",
        "__MACOSX/Ho so/._Giấy khen 2023.jpg": b"junk",
        "Ho so/.DS_Store": b"junk",
        "Ho so/Minh chung/Thumbs.db": b"junk",
    })
    assert paths(data) == {
        "Ho so/Thông tin ĐHTT.docx": b"docx bytes",
        "Ho so/Minh chung/Giấy khen 2023.jpg": b"jpeg bytes",
    }


def test_members_are_dataclasses_with_bytes():
    (member,) = list(iter_archive(make_zip({"a.txt": b"x"}), "a.zip", LIMITS))
    assert member == ArchiveMember(path="a.txt", data=b"x")


def test_zip_inside_zip_is_expanded_with_prefix():
    inner = make_zip({"Minh chung/Bằng khen.pdf": b"%PDF-1.4"})
    outer = make_zip({"Hồ sơ.docx": b"d", "Minh chung.zip": inner})
    assert paths(outer) == {"Hồ sơ.docx": b"d", "Minh chung.zip/Minh chung/Bằng khen.pdf": b"%PDF-1.4"}


def test_unreadable_inner_archive_is_yielded_as_plain_member():
    broken = make_zip({"a.txt": b"hello world" * 100})[:60]
    assert paths(make_zip({"x.zip": broken, "b.txt": b"b"})) == {"x.zip": broken, "b.txt": b"b"}


def test_utf8_name_without_utf8_flag_is_repaired():
    real = "Minh chứng/Giấy khen.jpg".encode("utf-8")
    placeholder = b"Q" * len(real)
    data = rename_raw(make_zip({placeholder.decode(): b"img"}), placeholder, real)
    assert not zipfile.ZipFile(io.BytesIO(data)).infolist()[0].flag_bits & 0x800
    assert paths(data) == {"Minh chứng/Giấy khen.jpg": b"img"}


def test_cp1258_name_is_repaired():
    real = cp1258_bytes("Ảnh chân dung - Nguyễn Thị Hoa.jpg")
    placeholder = b"Q" * len(real)
    data = rename_raw(make_zip({placeholder.decode(): b"img"}), placeholder, real)
    assert paths(data) == {"Ảnh chân dung - Nguyễn Thị Hoa.jpg": b"img"}


def test_info_zip_unicode_path_extra_field_wins():
    raw = b"Giay khen.jpg"
    real = "Giấy khen.jpg".encode("utf-8")
    extra_body = b"\x01" + struct.pack("<I", zlib.crc32(raw)) + real
    info = zipfile.ZipInfo(raw.decode())
    info.extra = struct.pack("<HH", 0x7075, len(extra_body)) + extra_body
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(info, b"img")
    assert paths(buf.getvalue()) == {"Giấy khen.jpg": b"img"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/x.txt", "abs/x.txt"),
        ("C:\\win\\x", "win/x"),
        ("a\x00b.txt", "ab.txt"),
        ("dir\\..\\..\\evil.txt", "dir/evil.txt"),
        ("ok/./sub//f\x1b.txt", "ok/sub/f.txt"),
        ("..", "unnamed"),
        ("", "unnamed"),
        ("C:", "unnamed"),
        ("Minh chung/Giay khen.jpg", "Minh chung/Giay khen.jpg"),
    ],
)
def test_safe_member_path(raw, expected):
    assert safe_member_path(raw) == expected


def test_hostile_member_names_in_a_zip_stay_inside():
    data = make_zip({"../../etc/passwd": b"1", "/abs/x.txt": b"2", "C:\\win\\x": b"3", "a\x00b.txt": b"4"})
    got = paths(data)
    assert set(got) == {"etc/passwd", "abs/x.txt", "win/x", "a"}  # zipfile itself cuts names at NUL
    for path in got:
        assert not path.startswith("/") and ".." not in path.split("/") and "\\" not in path and "\x00" not in path


def test_colliding_sanitised_paths_are_kept_apart():
    got = paths(make_zip({"../b.txt": b"1", "b.txt": b"2"}))
    assert got == {"b.txt": b"1", "b (2).txt": b"2"}


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A 200 MB member of zeros, streamed so the test never holds it in memory."""
    buf = io.BytesIO()
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Ho so.docx", b"small")
        info = zipfile.ZipInfo("bomb.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            for _ in range(200):
                fh.write(chunk)
    return buf.getvalue()


def test_zip_bomb_total_size_limit(zip_bomb):
    assert len(zip_bomb) < 1_000_000
    with pytest.raises(LimitExceeded, match="bytes"):
        list(iter_archive(zip_bomb, "bomb.zip", ParseLimits(archive_total_bytes=20 * 1024 * 1024, attachment_bytes=10**12)))


def test_zip_bomb_ratio_limit(zip_bomb):
    with pytest.raises(LimitExceeded, match="compresses"):
        list(iter_archive(zip_bomb, "bomb.zip", ParseLimits(archive_total_bytes=10**12, attachment_bytes=10**12)))


def test_lying_header_cannot_smuggle_extra_bytes():
    data = bytearray(make_zip({"a.bin": bytes(5_000_000)}))
    # Declare 1000 bytes in both headers; the real stream inflates to 5 MB.
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)
    struct.pack_into("<I", data, central + 24, 1000)
    # Reading stops at the declared size, so the stream fails its CRC instead of inflating.
    with pytest.raises(ParseError, match="damaged"):
        list(iter_archive(bytes(data), "lie.zip", LIMITS))


def test_too_deep_nesting():
    data = make_zip({"leaf.txt": b"x"})
    for level in range(4):
        data = make_zip({f"level{level}.zip": data})
    assert "level3.zip/level2.zip/level1.zip/level0.zip/leaf.txt" in paths(data, limits=ParseLimits(archive_depth=5))
    with pytest.raises(LimitExceeded, match="nested"):
        list(iter_archive(data, "deep.zip", ParseLimits(archive_depth=3)))


def test_too_many_members():
    data = make_zip({f"f{i}.txt": b"x" for i in range(30)})
    assert len(paths(data, limits=ParseLimits(archive_members=30))) == 30
    with pytest.raises(LimitExceeded, match="files"):
        list(iter_archive(data, "many.zip", ParseLimits(archive_members=10)))


def test_member_limit_counts_nested_members_too():
    inner = make_zip({f"i{i}.txt": b"x" for i in range(8)})
    outer = make_zip({**{f"o{i}.txt": b"x" for i in range(5)}, "inner.zip": inner})
    with pytest.raises(LimitExceeded):
        list(iter_archive(outer, "nested.zip", ParseLimits(archive_members=10)))


def test_encrypted_member_is_refused():
    data = bytearray(make_zip({"secret.docx": b"payload"}))
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig) + offset
        struct.pack_into("<H", data, pos, struct.unpack_from("<H", data, pos)[0] | 0x1)
    with pytest.raises(ParseError, match="encrypted"):
        list(iter_archive(bytes(data), "locked.zip", LIMITS))


def test_damaged_zip():
    with pytest.raises(ParseError, match="damaged"):
        list(iter_archive(make_zip({"a.txt": b"x" * 1000})[:50], "broken.zip", LIMITS))


@pytest.mark.parametrize("make", [rar4, rar5], ids=["rar4", "rar5"])
def test_rar_members_with_vietnamese_names_in_folders(make):
    docx = make_zip({"word/document.xml": b"<w:document/>"})
    data = make([("Hồ sơ/Nguyễn Thị Hoa.docx", docx), ("Hồ sơ/Minh chứng/Giấy khen.pdf", b"%PDF-1.4 giay khen"),
                 ("Thumbs.db", b"junk")])
    assert paths(data, "Hồ sơ điển hình.rar") == {
        unicodedata.normalize("NFC", "Hồ sơ/Nguyễn Thị Hoa.docx"): docx,
        unicodedata.normalize("NFC", "Hồ sơ/Minh chứng/Giấy khen.pdf"): b"%PDF-1.4 giay khen",
    }


def test_zip_inside_rar_is_expanded_and_hostile_names_stay_inside():
    inner = make_zip({"a.txt": b"A"})
    data = rar5([("../../etc/passwd", b"x"), ("C:\\Windows\\b.txt", b"B"), ("ben trong.zip", inner)])
    assert paths(data, "hoso.rar") == {"etc/passwd": b"x", "Windows/b.txt": b"B", "ben trong.zip/a.txt": b"A"}


def test_encrypted_rar_member_is_refused():
    with pytest.raises(ParseError, match=r"member bi-mat.docx is encrypted \(password-protected RAR\)"):
        paths(rar4([("bi-mat.docx", b"secret")], encrypted=True), "hoso.rar")


def test_damaged_rar_and_rar_bomb():
    data = rar5([("ho-so.docx", bytes(5000))])
    with pytest.raises(ParseError, match="RAR is damaged: cut.rar: "):
        paths(data[:200], "cut.rar")
    with pytest.raises(LimitExceeded, match="over the 4096-byte limit"):
        paths(data, "big.rar", ParseLimits(archive_total_bytes=4096))
    with pytest.raises(LimitExceeded, match="more than 1 files"):
        paths(rar4([("a.txt", b"a"), ("b.txt", b"b")]), "many.rar", ParseLimits(archive_members=1))


def test_not_an_archive():
    with pytest.raises(ParseError, match="not a ZIP"):
        list(iter_archive(b"hello", "x.zip", LIMITS))


def test_7z_members_and_limits():
    py7zr = pytest.importorskip("py7zr")
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as sz:
        sz.writestr("Họ và tên: Nguyễn Thị Hoa".encode(), "Hồ sơ/Thông tin.txt")
        sz.writestr(b"img", "Hồ sơ/Minh chứng/Ảnh.jpg")
        sz.writestr(bytes(3_000_000), "zeros.bin")
    data = buf.getvalue()
    got = paths(data, "hoso.7z", ParseLimits(archive_ratio=10**9))
    assert got["Hồ sơ/Thông tin.txt"].decode() == "Họ và tên: Nguyễn Thị Hoa"
    assert got["Hồ sơ/Minh chứng/Ảnh.jpg"] == b"img"
    with pytest.raises(LimitExceeded):
        list(iter_archive(data, "hoso.7z", ParseLimits(archive_total_bytes=1_000_000, archive_ratio=10**9)))
    with pytest.raises(LimitExceeded, match="compresses"):
        list(iter_archive(data, "hoso.7z", LIMITS))
