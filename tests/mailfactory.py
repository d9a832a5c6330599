"""Build realistic submission e-mails in code (no corpus files in the tests)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

VN = timezone(timedelta(hours=7))


def submission(
    subject: str = "Gửi thông tin điển hình tiên tiến - Trường THCS Nguyễn Du",
    sender: str = "c2nguyendu@example.edu.vn",
    body: str | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
    message_id: str | None = None,
    extra_headers: dict[str, str] | None = None,
    when: datetime | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Trường THCS Nguyễn Du <{sender}>"
    msg["To"] = "vutdkt@moet.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when or datetime(2024, 4, 18, 9, 12, tzinfo=VN))
    msg["Message-ID"] = message_id or f"<{uuid.uuid4().hex}@example.edu.vn>"
    for key, value in (extra_headers or {}).items():
        msg[key] = value
    msg.set_content(
        body
        or (
            "Kính gửi: Vụ Thi đua - Khen thưởng\n\n"
            "Họ và tên: Nguyễn Thị Hoa\n"
            "Đơn vị: Trường THCS Nguyễn Du\n"
            "Điện thoại: 0912 345 678\n"
            "Thư điện tử: hoa.nt@example.edu.vn\n"
            "Tóm tắt thành tích: Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023\n"
        )
    )
    for filename, data, content_type in attachments:
        maintype, subtype = content_type.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()
