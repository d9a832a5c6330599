"""CV forms (docs/forms.md HS02-VC, CV-2C-2023, CV-2C-TCTW98): numbered lines, no achievement text.

Contact address = 'Nơi ở hiện nay' (or, when it says 'Như trên', the registered residence line).
Nơi sinh / Quê quán are never the address; 'Khen thưởng' lists titles, never the summary.
HS02-VC has no phone; 2C-2023 packs the phone with the ID number; TCTW-98 puts it after the address.
"""

from __future__ import annotations

import random

from .doc import PL, Cell, Doc, P, T
from .nominee import Nominee
from .pools_places import place_name
from .util import chance

VARIANTS = ["HS02-VC", "2C-2023", "2C-TCTW98"]


def cv(rng: random.Random, nom: Nominee, year: int, variant: str, portrait: bytes | None = None) -> Doc:
    doc = Doc(size=12)
    if variant == "2C-TCTW98":
        head = f"Tỉnh: {nom.region.province}\nĐơn vị trực thuộc: {nom.region.district_full}\nĐơn vị cơ sở: {nom.unit}"
    else:
        vc = " viên chức" if variant == "HS02-VC" else ""
        head = (f"Cơ quan quản lý{vc}: UBND {nom.region.district_full}\n"
                f"Đơn vị sử dụng{vc}: {nom.unit}\nSố hiệu{vc}: {rng.randint(10000, 99999)}")
    doc.add(T([[Cell(head), Cell("")]], widths=[7, 3], borders=False))
    photo_cell = Cell("", picture=portrait) if portrait is not None else Cell("Ảnh màu\n(4 x 6 cm)", align="center")
    title = "SƠ YẾU LÝ LỊCH VIÊN CHỨC" if variant == "HS02-VC" else "SƠ YẾU LÝ LỊCH"
    doc.add(T([[photo_cell, Cell(title, bold=True, align="center")]], widths=[3, 7], borders=portrait is None))
    gender = "Nữ" if nom.person and nom.person.gender == "f" else "Nam"
    birthplace = f"xã {place_name(rng)}, huyện {place_name(rng)}, tỉnh {place_name(rng)}"
    address, phone = nom.written("address"), nom.written("phone")
    same_as_above = variant == "HS02-VC" and nom.shown("address") and chance(rng, 0.3)
    items = [("Họ và tên khai sinh (viết chữ in hoa)", f"{nom.name.upper()}{' ' * 6}Giới tính: {gender}"),
             ("Tên gọi khác" if variant == "HS02-VC" else "Các tên gọi khác", rng.choice(["Không", "không"])),
             ("Sinh ngày", nom.birth), ("Nơi sinh", birthplace), ("Quê quán", nom.hometown),
             ("Dân tộc", nom.ethnic), ("Tôn giáo", "Không")]
    if variant == "2C-2023":
        cccd = "0" + "".join(str(rng.randint(0, 9)) for _ in range(11))
        line = f"{cccd}{' ' * 4}Ngày cấp: {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year - rng.randint(1, 3)}"
        if phone is not None:
            line += f"{' ' * 4}SĐT liên hệ: {phone}"
        items.append(("Số CCCD", line))
        items.append(("Số BHXH", "".join(str(rng.randint(0, 9)) for _ in range(10))))
    if variant == "HS02-VC" and (address is not None or same_as_above):
        items.append(("Nơi đăng ký hộ khẩu thường trú", nom.address if same_as_above else nom.hometown))
    if address is not None:
        value = "Như trên" if same_as_above else address
        if variant == "2C-TCTW98" and phone is not None:
            value += f"{' ' * 4}Điện thoại: {phone}"
        items.append(("Nơi ở hiện nay", value))
    elif variant == "2C-TCTW98" and phone is not None:
        items.append(("Nơi ở hiện nay", f"{' ' * 10}Điện thoại: {phone}"))
    items += [("Nghề nghiệp khi được tuyển dụng", "Giáo viên"),
              ("Ngày tuyển dụng", f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year - rng.randint(3, 25)}"),
              ("Chức vụ (chức danh) hiện tại", nom.position), ("Công việc chính được giao", nom.duties[0]),
              ("Trình độ giáo dục phổ thông", "12/12"), ("Trình độ chuyên môn cao nhất", nom.degree),
              ("Lý luận chính trị", nom.political), ("Ngoại ngữ", rng.choice(["Tiếng Anh B1", "Tiếng Anh bậc 3"]))]
    if nom.shown("summary") and chance(rng, 0.5):
        # award titles only (not the summary); left out when the summary is missing, so it is never a 'trace'
        items.append(("Khen thưởng", f"Chiến sĩ thi đua cơ sở ({year - 2}); Lao động tiên tiến ({year - 3})"))
    items.append(("Kỷ luật", "Không"))
    for i, (label, value) in enumerate(items):
        doc.add(PL(f"{i + 1}) {label}: ", value, False))
    doc.add(P("TÓM TẮT QUÁ TRÌNH CÔNG TÁC", bold=True, align="center"))
    start = year - rng.randint(6, 20)
    doc.add(T([["Từ tháng, năm đến tháng, năm", "Chức danh, chức vụ, đơn vị công tác"],
               [f"09/{start} - 08/{start + 3}", f"Giáo viên, Trường {rng.choice(['Tiểu học', 'THCS'])} {place_name(rng)}"],
               [f"09/{start + 3} - nay", f"{nom.position}, {nom.unit}"]], widths=[3, 7], bold_first_row=True))
    doc.add(P("Tôi xin cam đoan những lời khai trên đây là đúng sự thật.", italic=True),
            P(f"{nom.region.district}, ngày {rng.randint(1, 28)} tháng {rng.randint(2, 4)} năm {year}", italic=True, align="right"),
            P("Người khai", bold=True, align="right"), P("(Ký, ghi rõ họ tên)", italic=True, align="right"),
            P(nom.name, bold=True, align="right"))
    return doc
