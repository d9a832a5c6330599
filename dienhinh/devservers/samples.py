"""Sample submissions for the demo and the benchmarks, generated in code.

They imitate what schools really send: a DOCX profile with a two-column
table and a portrait, an XLSX registration list with title rows, a profile
typed in the mail body, an incomplete one, and mail that is not a submission
(an out-of-office reply, a newsletter) plus one broken message.
"""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

VN = timezone(timedelta(hours=7))


def _portrait_jpeg() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 400), (70, 120, 170))
    draw = ImageDraw.Draw(image)
    for y in range(400):
        draw.line([(0, y), (300, y)], fill=(70 + y // 8, 120 - y // 10, 170 - y // 6))
    draw.ellipse([90, 60, 210, 200], fill=(236, 200, 170))
    draw.rectangle([60, 220, 240, 400], fill=(30, 40, 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def profile_docx(name: str, unit: str, phone: str, email: str, achievements: list[str], with_photo: bool) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.add_heading("THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN", level=1)
    table = document.add_table(rows=0, cols=2)
    for label, value in [
        ("Họ và tên", name),
        ("Đơn vị công tác", unit),
        ("Địa chỉ liên lạc", "Thị trấn Vũ Quang, huyện Vũ Quang, tỉnh Hà Tĩnh"),
        ("Điện thoại", phone),
        ("Thư điện tử", email),
        ("Tóm tắt thành tích", "\n".join(f"- {a}" for a in achievements)),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    if with_photo:
        document.add_paragraph("Ảnh chân dung:")
        document.add_picture(io.BytesIO(_portrait_jpeg()), width=Cm(3))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def certificate_pdf(name: str) -> bytes:
    """A one-page image-only PDF: a scanned certificate, as schools send them."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1240, 877), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
    except OSError:
        font = ImageFont.load_default()
    for y, line in enumerate(["GIẤY KHEN", f"Tặng bà {name}", "Đã có thành tích xuất sắc năm học 2022-2023"]):
        draw.text((120, 200 + 120 * y), line, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def registration_xlsx(unit: str, rows: list[tuple[str, str, str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đăng ký"
    sheet["A1"] = "DANH SÁCH ĐĂNG KÝ MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = f"(Kèm theo công văn của {unit})"
    sheet.merge_cells("A2:E2")
    sheet.append(["TT", "TÊN ĐƠN VỊ", "TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN", "LĨNH VỰC", "GHI CHÚ"])
    for index, (school, model, field) in enumerate(rows, start=1):
        sheet.append([index, school, model, field, ""])
    sheet.append([])
    sheet.append(["", "", "", "NGƯỜI LẬP BIỂU", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _mail(sender: str, sender_name: str, to: str, subject: str, body: str, when: datetime, **headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender}>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@{sender.split('@')[1]}>"
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def sample_messages(to: str, start: datetime | None = None) -> list[bytes]:
    """A small, varied batch of mail for one mailbox, oldest first."""
    when = start or datetime(2024, 4, 15, 8, 0, tzinfo=VN)
    step = timedelta(hours=3)
    greeting = "Kính gửi: Vụ Thi đua - Khen thưởng, Bộ Giáo dục và Đào tạo.\n\n"
    messages: list[bytes] = []

    full = _mail("c2nguyendu@example.edu.vn", "Trường THCS Nguyễn Du", to,
                 "Gửi hồ sơ điển hình tiên tiến - Trường THCS Nguyễn Du", greeting +
                 "Nhà trường gửi thông tin cô Nguyễn Thị Hoa và minh chứng kèm theo.\n\nTrân trọng!", when)
    full.add_attachment(profile_docx("Nguyễn Thị Hoa", "Trường THCS Nguyễn Du", "0912 345 678", "hoa.nt@example.edu.vn",
                                     ["Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023",
                                      "Chiến sĩ thi đua cơ sở năm học 2022-2023"], with_photo=True),
                        maintype="application", subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                        filename="Hồ sơ Nguyễn Thị Hoa.docx")
    full.add_attachment(certificate_pdf("Nguyễn Thị Hoa"), maintype="application", subtype="pdf", filename="Giấy khen 2023.pdf")
    messages.append(full.as_bytes())

    body_only = _mail("c1huongminh@example.edu.vn", "Trường Tiểu học Hương Minh", to,
                      "Thông tin điển hình tiên tiến đợt 1", greeting +
                      "Họ và tên: Trần Văn Bình\nĐơn vị: Trường Tiểu học Hương Minh\n"
                      "Địa chỉ: xã Hương Minh, huyện Vũ Quang, tỉnh Hà Tĩnh\nĐiện thoại: 0239 3812 345\n"
                      "Tóm tắt thành tích: Giáo viên chủ nhiệm giỏi cấp huyện năm học 2023-2024\n"
                      "Minh chứng: https://drive.google.com/drive/folders/demo-minh-chung\n", when + step)
    messages.append(body_only.as_bytes())

    registration = _mail("pgdvuquang@example.edu.vn", "Phòng GD&ĐT Vũ Quang", to,
                         "Danh sách đăng ký mô hình, điển hình tiên tiến", greeting + "Phòng gửi danh sách đăng ký kèm theo.", when + 2 * step)
    registration.add_attachment(
        registration_xlsx("Phòng GD&ĐT Vũ Quang", [
            ("Trường Mầm non Vũ Quang", "Thư viện thân thiện", "Giáo dục mầm non"),
            ("Trường THCS Đức Lĩnh", "Câu lạc bộ STEM", "Giáo dục trung học"),
            ("Trường Tiểu học Ân Phú", "Trường học hạnh phúc", ""),
        ]),
        maintype="application", subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="Danh sách đăng ký.xlsx")
    messages.append(registration.as_bytes())

    messages.append(_mail("hieutruong@example.edu.vn", "Hiệu trưởng", to, "Trả lời tự động: Vắng mặt",
                          "Tôi đang đi công tác đến hết ngày 20/4. Liên hệ 0912 000 111.", when + 3 * step,
                          Auto_Submitted="auto-replied").as_bytes())
    messages.append(_mail("news@bantin.example.org", "Bản tin Giáo dục", to, "Bản tin tuần", "Tin tức giáo dục trong tuần.",
                          when + 4 * step, List_Id="<bantin.example.org>", Precedence="bulk").as_bytes())
    messages.append(b"From: broken@example.edu.vn\r\nSubject: =?utf-8?b?SOG7kyBzxqE=?=\r\nContent-Type: multipart/mixed; boundary=\"AAA\"\r\n\r\n--BBB\r\nContent-Type: text/plain\r\n\r\nno parts here\r\n")
    return messages
