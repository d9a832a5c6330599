"""The Vietnamese words of the workbench, as data (NFC)."""

from __future__ import annotations

FIELD_LABELS = {
    "form": "Loại hồ sơ", "kind": "Cá nhân/Tập thể", "unit": "Tên đơn vị", "name": "Họ và tên / Tên tập thể",
    "model_title": "Tên mô hình, điển hình tiên tiến", "field": "Lĩnh vực",
    "achievement_summary": "Tóm tắt thành tích", "address": "Địa chỉ liên lạc", "phone": "Điện thoại",
    "email": "Thư điện tử", "photo": "Ảnh", "photos": "Số ảnh", "evidence": "Minh chứng, sản phẩm",
    "review_state": "Thẩm định",
}
FORM_WORDS = {"profile": "Hồ sơ cá nhân/tập thể", "registration": "Đăng ký mô hình"}
KIND_WORDS = {"individual": "Cá nhân", "collective": "Tập thể"}
STATUS_WORDS = {"complete": "Đủ hồ sơ", "incomplete": "Còn thiếu"}
REVIEW_WORDS = {"new": "Chưa thẩm định", "accepted": "Đã thẩm định", "rejected": "Không chấp nhận",
                "supplement_requested": "Đã yêu cầu bổ sung"}
MESSAGE_WORDS = {"received": "Chờ xử lý", "parsed": "Đã xử lý", "ignored": "Bỏ qua", "duplicate": "Trùng lặp",
                 "failed": "Lỗi"}
OUTBOX_WORDS = {"queued": "Chờ gửi", "sending": "Đang gửi", "sent": "Đã gửi", "failed": "Gửi lỗi"}
MAIL_KINDS = {"flag": "Đề nghị bổ sung", "ack": "Xác nhận đã nhận", "digest": "Bản tin hằng ngày",
              "reminder": "Nhắc nộp hồ sơ"}
ACTION_WORDS = {"correct": "Sửa", "review": "Thẩm định", "supplement": "Yêu cầu bổ sung", "rerun": "Xử lý lại",
                "requeue": "Gửi lại thư", "user": "Tài khoản", "merge": "Gộp hồ sơ", "split": "Tách hồ sơ"}

# Why a message failed, in words a reviewer understands; the English reason is shown beside it.
FAILURE_HINTS = (
    ("password", "Tệp đính kèm có mật khẩu, không mở được."),
    ("encrypted", "Tệp đính kèm có mật khẩu, không mở được."),
    ("damaged", "Tệp đính kèm bị hỏng, không đọc được."),
    ("corrupt", "Tệp đính kèm bị hỏng, không đọc được."),
    ("no nominee", "Không tìm thấy thông tin người/tập thể được đề nghị trong thư."),
    ("too large", "Thư hoặc tệp đính kèm quá lớn."),
    ("too slow", "Tệp đính kèm xử lý quá lâu."),
    ("limit", "Tệp đính kèm vượt giới hạn cho phép."),
)
FAILURE_DEFAULT = "Không xử lý được thư này."


def failure_words(reason: str | None) -> str:
    lowered = (reason or "").lower()
    for needle, words in FAILURE_HINTS:
        if needle in lowered:
            return words
    return FAILURE_DEFAULT


def outcome_words(reason: str) -> str:
    """A supplement request's outcome for the page."""
    if reason.startswith("supplement request queued"):
        return "Đã đưa thư đề nghị bổ sung vào hàng đợi gửi."
    if reason.startswith("no reply to this sender"):
        return "Không gửi: người gửi là địa chỉ tự động, danh sách thư hoặc không nhận thư trả lời."
    if reason.startswith("daily cap"):
        return "Không gửi: đã đủ số thư tự động gửi cho địa chỉ này trong ngày."
    if reason.startswith("this request is already"):
        return "Yêu cầu này đã có trong hàng đợi gửi."
    if reason.startswith("no [smtp]"):
        return "Không gửi: chưa cấu hình máy chủ gửi thư."
    return "Không gửi được yêu cầu bổ sung."
