"""The Vietnamese words the service's mail uses, as data.

Schools read these, so each missing item is named as the official letters
name it and says what to send, in words a school office understands. Every
string is NFC (precomposed diacritics, as Vietnamese keyboards type them).
"""

from __future__ import annotations

from typing import NamedTuple

from domain import one_line

ORGANISATION = "Vụ Thi đua - Khen thưởng"
DEFAULT_SUBJECT = "Hồ sơ đề nghị điển hình tiên tiến"


class Item(NamedTuple):
    label: str  # the item as the official letters name it
    how: str  # what to send
    short: str  # a column-width name for the reviewers' digest


MISSING_ITEMS: dict[str, Item] = {
    "name": Item(
        "Họ và tên người/tập thể được đề nghị",
        "ghi rõ họ và tên đầy đủ (hoặc tên tập thể) trong hồ sơ hoặc ngay trong nội dung thư",
        "Họ và tên",
    ),
    "achievement_summary": Item(
        "Tóm tắt thành tích",
        "bản tóm tắt thành tích nổi bật (tệp Word hoặc PDF, hoặc ghi trong nội dung thư)",
        "Tóm tắt thành tích",
    ),
    "address": Item(
        "Địa chỉ liên lạc",
        "địa chỉ liên lạc của cá nhân/tập thể (xã/phường, huyện/quận, tỉnh/thành phố)",
        "Địa chỉ",
    ),
    "phone": Item(
        "Số điện thoại liên hệ",
        "số điện thoại di động hoặc cố định để liên hệ khi cần",
        "Điện thoại",
    ),
    "email": Item(
        "Địa chỉ thư điện tử",
        "địa chỉ thư điện tử (e-mail) của cá nhân/tập thể",
        "Thư điện tử",
    ),
    "photo": Item(
        "Ảnh chân dung (ảnh cá nhân hoặc ảnh tập thể)",
        "tệp ảnh rõ nét (JPG hoặc PNG) gửi kèm thư",
        "Ảnh",
    ),
    "evidence": Item(
        "Minh chứng và sản phẩm (giấy khen, bằng khen, quyết định, sản phẩm hoặc đường link Google Drive/OneDrive)",
        "bản chụp hoặc bản scan gửi kèm thư, hoặc đường link Google Drive/OneDrive đã mở quyền xem",
        "Minh chứng",
    ),
    "unit": Item(
        "Tên đơn vị",
        "ghi tên đơn vị vào cột TÊN ĐƠN VỊ của danh sách đăng ký",
        "Tên đơn vị",
    ),
    "model_title": Item(
        "Tên mô hình, điển hình tiên tiến",
        "ghi tên mô hình vào cột TÊN MÔ HÌNH, ĐIỂN HÌNH TIÊN TIẾN của danh sách đăng ký",
        "Tên mô hình",
    ),
    "field": Item(
        "Lĩnh vực",
        "ghi lĩnh vực của mô hình (ví dụ: Giáo dục) vào cột LĨNH VỰC của danh sách đăng ký",
        "Lĩnh vực",
    ),
}

KIND_LABELS = {"individual": "cá nhân", "collective": "tập thể"}
FORM_LABELS = {"profile": "Hồ sơ", "registration": "Đăng ký mô hình"}
NO_NAME = "(chưa có họ và tên)"
NO_MODEL_TITLE = "(chưa có tên mô hình)"
NO_UNIT = "(chưa rõ đơn vị)"

# Whether the school was told what is missing: the state of its flag mail.
FLAG_STATES = {
    None: "Chưa báo đơn vị",
    "queued": "Đang chờ gửi thư báo",
    "sending": "Đang gửi thư báo",
    "sent": "Đã báo đơn vị",
    "failed": "Gửi thư báo bị lỗi",
}






def item(key: str) -> Item:
    """The wording for a missing item; an unknown key is shown as it is."""
    return MISSING_ITEMS.get(key) or Item(key, "", key)


def nominee_label(record: dict) -> str:
    """How a record is named to a school: the nominee, or the model and its unit."""
    if record.get("form") == "registration":
        title = one_line(record.get("model_title")) or NO_MODEL_TITLE
        return f"Mô hình “{title}”"
    name = one_line(record.get("name")) or NO_NAME
    kind = KIND_LABELS.get(record.get("kind") or "")
    return f"{name} ({kind})" if kind else name


def flag_state_label(state: str | None) -> str:
    return FLAG_STATES.get(state, state or FLAG_STATES[None])
