"""Property tests: whatever layout a school types, what goes in comes out, and nothing given is flagged.

Hypothesis draws the nominee, the label wordings, the separators and dotted
leaders, the order of the lines and which items are left out; the reading
must not depend on any one of them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_drafts
from tests.extract.helpers import docfile, mail

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLES = ["Thị", "Văn", "Minh", "Thu", "Hữu", "Ngọc", "Đức", "Thanh", "Hải"]
GIVEN = ["Hoa", "Lan", "Hùng", "Tâm", "Nga", "Dũng", "Yến", "Phúc", "Thảo", "Khôi", "Trang"]
LABELS = {
    "name": ["Họ và tên", "Họ tên", "HỌ VÀ TÊN", "Tên cá nhân"],
    "unit": ["Đơn vị công tác", "Nơi công tác", "Đơn vị"],
    "address": ["Địa chỉ liên hệ", "Nơi ở hiện nay", "Địa chỉ liên lạc", "Chỗ ở hiện nay"],
    "phone": ["Điện thoại", "Số điện thoại", "SĐT", "ĐT di động"],
    "email": ["Email", "E-mail", "Thư điện tử"],
    "achievement_summary": ["Tóm tắt thành tích", "Thành tích nổi bật", "Thành tích đạt được"],
}
SEPARATORS = [": ", ":  ", " : ", ": ....", ":\t", ": ___"]
ACHIEVEMENTS = ["Chiến sĩ thi đua cơ sở năm học 2022-2023", "Giáo viên dạy giỏi cấp tỉnh năm học 2023-2024",
                "Bằng khen của Chủ tịch UBND tỉnh năm 2024"]

nominees = st.fixed_dictionaries({
    "name": st.tuples(st.sampled_from(SURNAMES), st.sampled_from(MIDDLES), st.sampled_from(GIVEN)).map(" ".join),
    "phone": st.tuples(st.sampled_from(["91", "98", "35", "70", "83"]), st.integers(1000000, 9999999)),
    "email_local": st.from_regex(r"[a-z]{3,8}\.[a-z]{2,6}", fullmatch=True),
    "unit": st.sampled_from(["Trường THCS Lê Lợi", "Trường Tiểu học Kim Đồng", "Trường Mầm non Hoa Sen"]),
    "address": st.sampled_from(["thôn Đông, xã Sơn Tây, huyện Hương Sơn, tỉnh Hà Tĩnh",
                                "Số 12 đường Trần Phú, phường Bắc Hà, thành phố Hà Tĩnh"]),
})
styles = st.fixed_dictionaries({
    "labels": st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LABELS.items()}),
    "sep": st.sampled_from(SEPARATORS),
    "phone_format": st.sampled_from(["0{a} {b} {c}", "0{a}.{b}.{c}", "+84 {a} {b} {c}", "0{a}{b}{c}"]),
    "order": st.permutations(["unit", "address", "phone", "email", "achievement_summary"]),
    "left_out": st.sets(st.sampled_from(["address", "phone", "email", "achievement_summary"]), max_size=2),
})


def _render(nominee: dict, style: dict) -> tuple[str, dict]:
    digits = f"{nominee['phone'][0]}{nominee['phone'][1]}"
    a, b, c = digits[:2], digits[2:5], digits[5:]
    values = {
        "unit": nominee["unit"], "address": nominee["address"],
        "phone": style["phone_format"].format(a=a, b=b, c=c),
        "email": f"{nominee['email_local']}@gmail.com",
        "achievement_summary": "\n".join(f"- {line}" for line in ACHIEVEMENTS),
    }
    lines = [f"{style['labels']['name']}{style['sep']}{nominee['name']}"]
    for item in style["order"]:
        if item in style["left_out"]:
            continue
        value = values[item]
        if item == "achievement_summary":
            lines.append(f"{style['labels'][item]}:")
            lines.extend(value.split("\n"))
        else:
            lines.append(f"{style['labels'][item]}{style['sep']}{value}")
    expected = {"phone": f"+84{digits}", "email": values["email"]}
    return "\n".join(lines), expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nominee=nominees, style=styles)
def test_what_goes_in_comes_out_and_nothing_given_is_flagged(nominee, style):
    text, expected = _render(nominee, style)
    [draft] = extract_drafts(mail("", [docfile("Thong tin dien hinh.docx", text)]))
    assert draft.name == nominee["name"]
    assert draft.unit == nominee["unit"]
    given_items = {"address", "phone", "email", "achievement_summary"} - style["left_out"]
    assert not (given_items & set(draft.missing)), (text, draft.missing)
    if "phone" in given_items:
        assert draft.phone == expected["phone"]
    if "email" in given_items:
        assert draft.email == expected["email"]
    for item in style["left_out"]:
        assert item in draft.missing  # nothing else in the mail holds a trace of it
