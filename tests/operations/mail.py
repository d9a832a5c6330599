"""Many small submissions built in code, and what the service should answer to each."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

VN = timezone(timedelta(hours=7))
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Thị Hoa", "Văn Bình", "Minh Châu", "Thu Hà", "Quốc Huy", "Ngọc Lan", "Đức Anh", "Thanh Tâm"]
REQUIRED = ["name", "achievement_summary", "address", "phone", "email"]  # body-only mail has no photo


@dataclass
class Sample:
    raw: bytes
    message_id: str
    kind: str  # complete (an acknowledgement), incomplete (a flag), automatic (no answer)


def samples(count: int, seed: int = 7, automatic_every: int = 10, incomplete_every: int = 3) -> list[Sample]:
    """``count`` body-only mails, each from its own school: complete, incomplete or automatic."""
    rng = random.Random(seed)
    start = datetime(2024, 4, 15, 8, 0, tzinfo=VN)
    out = []
    for i in range(count):
        sender = f"school{i:04d}@example.edu.vn"
        message_id = f"<s{seed}-{i:05d}@example.edu.vn>"
        msg = EmailMessage()
        msg["From"] = f"Trường số {i} <{sender}>"
        msg["To"] = "vutdkt@moet.gov.vn"
        msg["Date"] = format_datetime(start + timedelta(minutes=i))
        msg["Message-ID"] = message_id
        if i % automatic_every == automatic_every - 1:
            msg["Subject"] = "Trả lời tự động: Vắng mặt"
            msg["Auto-Submitted"] = "auto-replied"
            msg.set_content("Tôi đang đi công tác đến hết tuần. Xin liên hệ văn phòng nhà trường.")
            out.append(Sample(msg.as_bytes(), message_id, "automatic"))
            continue
        name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {i}"
        lines = [
            "Kính gửi: Vụ Thi đua - Khen thưởng",
            "",
            f"Họ và tên: {name}",
            f"Đơn vị: Trường Tiểu học số {i}",
            f"Địa chỉ: xã số {i}, huyện Vũ Quang, tỉnh Hà Tĩnh",
            f"Thư điện tử: gv{i}@example.edu.vn",
            "Tóm tắt thành tích: Giáo viên dạy giỏi cấp huyện năm học 2023-2024",
        ]
        incomplete = i % incomplete_every == 0
        if not incomplete:
            lines.insert(5, f"Điện thoại: 0912 {i % 1000:03d} {rng.randrange(1000):03d}")
        msg["Subject"] = f"Gửi thông tin điển hình tiên tiến - Trường Tiểu học số {i}"
        msg.set_content("\n".join(lines) + "\n")
        out.append(Sample(msg.as_bytes(), message_id, "incomplete" if incomplete else "complete"))
    return out
