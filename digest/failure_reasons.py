"""Why a message failed, in one Vietnamese line for reviewers, and who acts next.

The English reason (the parser's words) stays in the logs and in
``dienhinh show``; reviewers have no shell and read Vietnamese, so the digest
names the kind of failure and who should act: the unit sends the mail again,
or the operator reruns it. The table is tried in order; the first rule whose
words occur in the English reason wins.
"""

from __future__ import annotations

from dataclasses import dataclass

UNIT = "Đơn vị cần gửi lại thư."
OPERATOR = "Người vận hành sẽ kiểm tra và chạy lại."


@dataclass(frozen=True)
class FailureKind:
    words: tuple[str, ...]
    reason: str
    who: str


KINDS = (
    FailureKind(("killed the process",), "Thư làm dừng chương trình xử lý.", OPERATOR),
    FailureKind(("password", "encrypted"), "Tệp đính kèm có đặt mật khẩu nên không mở được.", UNIT),
    FailureKind(("over the size limit", "too large", "message over"),
                "Thư vượt quá dung lượng cho phép.", UNIT),
    FailureKind(("no nominee information", "nothing to extract"),
                "Không tìm thấy thông tin hồ sơ trong thư và tệp đính kèm.", UNIT),
    FailureKind(("malformedmessage", "boundary", "mime", "header"),
                "Thư bị lỗi cấu trúc, không đọc được nội dung.", UNIT),
    FailureKind(("could not be read", "damaged", "corrupt", "not a ", "cannot open", "attachment '"),
                "Tệp đính kèm bị hỏng hoặc không mở được.", UNIT),
    FailureKind(("timed out", "time limit", "memory", "limit"),
                "Tệp đính kèm quá lớn hoặc quá phức tạp để đọc tự động.", OPERATOR),
)
OTHER = FailureKind((), "Có lỗi khi xử lý thư.", OPERATOR)


def failure_kind(english: str | None) -> FailureKind:
    """The Vietnamese reason and who acts, for a message's English one-line reason."""
    text = (english or "").lower()
    for kind in KINDS:
        if any(word in text for word in kind.words):
            return kind
    return OTHER
