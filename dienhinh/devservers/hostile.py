"""Hostile submissions built in code, small on the wire: bombs, huge headers and bodies, spoofed names.

Each builder returns the raw bytes of one plausible Vietnamese submission
carrying one attack. Used by the tests (tests/test_hostile.py) and by
``bench/hostile.py``, which delivers a set of them to a private Dovecot and
runs a real ``dienhinh poll``.
"""

from __future__ import annotations

import io
import os
import uuid
import zipfile
import zlib
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

from dienhinh.devservers.samples import _portrait_jpeg, profile_docx

MiB = 1024 * 1024
VN = timezone(timedelta(hours=7))
BODY = ("Kính gửi: Vụ Thi đua - Khen thưởng.\nTrường THCS Nguyễn Du gửi hồ sơ điển hình tiên tiến.\n\n"
        "Họ và tên: Nguyễn Thị Hoa\nĐơn vị: Trường THCS Nguyễn Du\n"
        "Địa chỉ liên lạc: thị trấn Vũ Quang, huyện Vũ Quang, tỉnh Hà Tĩnh\n"
        "Số điện thoại: 0912.345.678\nEmail: hoa.nt@example.edu.vn\n"
        "Tóm tắt thành tích: Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023\n"
        "Minh chứng: https://drive.google.com/drive/folders/minh-chung-hoa\n\nTrân trọng!\n")


def mail(subject: str = "Hồ sơ điển hình tiên tiến - Trường THCS Nguyễn Du", body: str = BODY,
         attachments: list[tuple[str, bytes, str]] = (), sender: str | None = None, **headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Trường THCS Nguyễn Du <{sender or 'c2nguyendu-' + uuid.uuid4().hex[:6] + '@example.edu.vn'}>"
    msg["To"] = "vutdkt@moet.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2024, 4, 18, 9, 12, tzinfo=VN))
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@example.edu.vn>"
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content(body)
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


def compressible(ratio: int = 95) -> bytes:
    """64 KiB that deflate about ``ratio``:1 (a few random bytes in each KiB of zeros)."""
    take = max(1, 1024 // ratio)
    return b"".join(os.urandom(take) + bytes(1024 - take) for _ in range(64))


def zip_of(members: dict[str, tuple[int, int] | bytes]) -> bytes:
    """A ZIP whose members are bytes, or (size, ratio) generated block by block (never held whole)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, spec in members.items():
            if isinstance(spec, bytes):
                zf.writestr(name, spec)
                continue
            size, ratio = spec
            block = compressible(ratio)
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as fh:
                for _ in range(size // len(block)):
                    fh.write(block)
    return buf.getvalue()


def zip_bomb_mail(members: int = 1, member_mib: int = 290, zips: int = 3) -> bytes:
    """The issue's case: ZIPs of one 290 MiB member each, about 95:1, under the ratio and total limits."""
    atts = [(f"Minh chứng {i + 1}.zip", zip_of({f"video {j + 1}.mp4": (member_mib * MiB, 95) for j in range(members)}),
             "application/zip") for i in range(zips)]
    return mail(attachments=atts).as_bytes()


def xml_bomb_docx() -> bytes:
    """A DOCX whose document.xml is a billion-laughs entity bomb."""
    lol = '<!ENTITY l0 "hahahahahahahahahaha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{lol}]><w:document '
           'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           '<w:t>&l9;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(profile_docx("Nguyễn Thị Hoa", "Trường THCS Nguyễn Du", "0912345678",
                                                 "hoa@example.edu.vn", ["Giáo viên giỏi"], False))) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, xml if item.filename == "word/document.xml" else src.read(item))
    return buf.getvalue()


def png_bomb(side: int = 12000) -> bytes:
    """A PNG declaring side x side grey pixels, all zero: a few hundred kB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    compressor, row = zlib.compressobj(1), bytes(side + 1)
    idat = b"".join(compressor.compress(row * 100) for _ in range(side // 100)) + compressor.flush()
    header = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf_huge_stream(mib: int = 200) -> bytes:
    """A one-page PDF whose content stream inflates to ``mib`` MiB of spaces."""
    compressor = zlib.compressobj(9)
    block = b" " * MiB
    data = b"".join(compressor.compress(block) for _ in range(mib)) + compressor.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def huge_body_mail(mib: int = 50) -> bytes:
    """A single-line text body of ``mib`` MiB (8-bit, no line breaks), built without a parser."""
    line = ("Tóm tắt thành tích: " + "Giáo viên dạy giỏi cấp tỉnh " * (mib * MiB // 32)).encode("utf-8")[: mib * MiB]
    head = mail(body="x").as_bytes().split(b"\n\n", 1)[0]
    head = head.replace(b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: 8bit")
    before, after = BODY.split("Tóm tắt thành tích: Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023\n")
    return head + b"\n\n" + before.encode("utf-8") + line + b"\n" + after.encode("utf-8")


def huge_subject_mail(mib: int = 1) -> bytes:
    """A folded Subject of ``mib`` MiB: "Hồ sơ điển hình ..." repeated."""
    raw = mail(subject="PLACEHOLDER").as_bytes()
    words = b"\n ".join([b"=?utf-8?q?H=E1=BB=93_s=C6=A1_=C4=91i=E1=BB=83n_h=C3=ACnh?="] * (mib * MiB // 50))
    return raw.replace(b"Subject: PLACEHOLDER", b"Subject: " + words, 1)


def deep_forward_mail(depth: int = 50) -> bytes:
    """The submission forwarded ``depth`` times, each forward a message/rfc822 part of the next."""
    inner = mail()
    for level in range(depth):
        outer = mail(subject=f"Fwd: chuyển tiếp lần {level + 1}", body="Chuyển tiếp hồ sơ.",
                     sender=f"chuyentiep{level}@example.edu.vn")
        outer.add_attachment(inner)
        inner = outer
    return inner.as_bytes()


def rtl_name_mail() -> bytes:
    """Evidence whose name hides its real extension behind a right-to-left override."""
    return mail(attachments=[("Giấy khen\u202egpj.exe", b"MZ not really a program", "application/octet-stream"),
                             ("Ảnh chân dung.jpg", _portrait_jpeg(), "image/jpeg")]).as_bytes()


def bad_heic_mail() -> bytes:
    """A HEIC that cannot be decoded, named as the portrait."""
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + os.urandom(4000)
    return mail(attachments=[("Ảnh chân dung.heic", heic, "image/heic")]).as_bytes()


def many_parts_mail(parts: int = 3000) -> bytes:
    return mail(attachments=[(f"minh-chung-{i}.txt", b"x", "text/plain") for i in range(parts)]).as_bytes()


def long_summary_mail(chars: int = 100_000) -> bytes:
    return mail(body=BODY.replace("Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023",
                                  ("Giáo viên dạy giỏi cấp tỉnh; " * (chars // 28 + 1))[:chars])).as_bytes()
