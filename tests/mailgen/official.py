"""Statutory achievement reports (docs/forms.md ND98-M03 individual, ND98-M02 collective).

Truth follows the corpus rules: the address is the residence / head-office line (Trú quán, Nơi ở
hiện nay, Địa chỉ trụ sở), never Quê quán; the summary is II.2 "Thành tích đạt được của cá nhân"
for individuals and II.1 for collectives; duties, measures, Party work and the award tables of
section III are not the summary. Phone/e-mail are typed additions (absent ones are missing).
"""

from __future__ import annotations

import random

from .doc import PL, Cell, Doc, P, Picture, T
from .labels import BULLETS
from .nominee import Nominee
from .pools_people import draw_person
from .profile_layouts import letterhead
from .util import chance, slug

AWARD_TITLES = ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Giấy khen của Chủ tịch UBND {d}",
                "Giấy khen của Giám đốc Sở GD&ĐT", "Bằng khen của Chủ tịch UBND tỉnh", "Tập thể lao động tiên tiến",
                "Hoàn thành xuất sắc nhiệm vụ"]
AWARD_SOUGHT = ["ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA BỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO", "ĐỀ NGHỊ CÔNG NHẬN ĐIỂN HÌNH TIÊN TIẾN",
                "ĐỀ NGHỊ TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ", "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH"]


def bulleted(rng: random.Random, lines: list[str]) -> list:
    mark = rng.choice(BULLETS)
    period = rng.choice(["", ".", ";"])
    return [P(f"{mark.format(n=i + 1, a='abcdefgh'[i])}{line}{period}", indent=0.6) for i, line in enumerate(lines)]


def awards_tables(rng: random.Random, nom: Nominee, year: int) -> list:
    """Section III: '1. Danh hiệu thi đua' and '2. Hình thức khen thưởng' (3 columns each)."""
    out = []
    for n, kind in enumerate(["Danh hiệu thi đua", "Hình thức khen thưởng"]):
        if n == 1 and chance(rng, 0.3):
            break
        rows = [["Năm", kind, f"Số, ngày, tháng, năm của quyết định {'công nhận danh hiệu thi đua' if n == 0 else 'khen thưởng'};"
                              " cơ quan ban hành quyết định"]]
        for k in range(rng.randint(1, 3)):
            y = year - 1 - k
            title = rng.choice(AWARD_TITLES).format(d=nom.region.district_full)
            rows.append([f"{y - 1}-{y}" if chance(rng, 0.4) else str(y), title,
                         f"Quyết định số {rng.randint(100, 2999)}/QĐ-{rng.choice(['UBND', 'SGDĐT', 'PGDĐT'])} "
                         f"ngày {rng.randint(1, 28)}/{rng.randint(5, 9)}/{y} của {rng.choice(['UBND', 'Chủ tịch UBND'])} {nom.region.district_full}"])
        out += [P(f"{n + 1}. {kind}:", bold=True), T(rows, widths=[1.7, 4, 5], bold_first_row=True)]
    return out


def _contact_lines(rng: random.Random, nom: Nominee) -> list:
    phone, email = nom.written("phone"), nom.written("email")
    if phone is not None and email is not None and chance(rng, 0.5):
        return [P(f"- Điện thoại: {phone}; Email: {email}")]
    out = []
    if phone is not None:
        out.append(PL(f"- {rng.choice(['Điện thoại', 'Điện thoại di động', 'Số điện thoại'])}: ", phone, False))
    if email is not None:
        out.append(PL(f"- {rng.choice(['Email', 'Thư điện tử', 'E-mail'])}: ", email, False))
    return out


def _summary_part(rng: random.Random, nom: Nominee, number: str, title: str) -> list:
    summary = nom.written("summary")
    if summary is None:
        # the form's heading stays, with nothing under it (an empty value: missing, and no other text to take)
        return [P(f"{number} {title}:", bold=True)]
    if not nom.shown("summary"):
        return [P(f"{number} {title}: {summary}", bold=True)]
    return [P(f"{number} {title}:", bold=True), *bulleted(rng, [a.text for a in nom.achievements])]


def report_individual(rng: random.Random, nom: Nominee, year: int, portrait: bytes | None = None) -> Doc:
    doc = Doc(size=13)
    doc.add(*letterhead(rng, nom, year, phone_ok=True))
    doc.add(P("BÁO CÁO THÀNH TÍCH", bold=True, align="center", size=14), P(rng.choice(AWARD_SOUGHT), bold=True, align="center"))
    if chance(rng, 0.5):
        doc.add(P(f"Năm học {year - 1}-{year}" if chance(rng, 0.5) else "(Dùng cho cá nhân)", italic=True, align="center"))
    if portrait is not None:
        doc.add(Picture(portrait, 3.0, align="right"))
    gender = "Nữ" if nom.person and nom.person.gender == "f" else "Nam"
    doc.add(P("I. SƠ LƯỢC LÝ LỊCH", bold=True))
    name = nom.name.upper() if chance(rng, 0.25) else nom.name
    doc.add(PL(f"- {rng.choice(['Họ tên', 'Họ và tên', 'Họ tên'])}: ", name, False))
    doc.add(P(f"- Sinh ngày, tháng, năm: {nom.birth}{' ' * rng.randint(4, 10)}Giới tính: {gender}"))
    doc.add(PL("- Quê quán: ", nom.hometown, False))
    address = nom.written("address")
    packed_phone = chance(rng, 0.25) and nom.written("phone") is not None and address is not None and nom.shown("address")
    if address is not None:
        tail = f"; ĐT: {nom.written('phone')}" if packed_phone else ""
        doc.add(PL(f"- {rng.choice(['Trú quán', 'Trú quán', 'Nơi ở hiện nay', 'Chỗ ở hiện nay', 'Nơi thường trú'])}: ", address + tail, False))
    doc.add(PL("- Đơn vị công tác: ", nom.unit + (f", {nom.region.district_full}" if chance(rng, 0.0) else ""), False))
    doc.add(PL("- Chức vụ (Đảng, chính quyền, đoàn thể): ", nom.position, False))
    doc.add(PL("- Trình độ chuyên môn, nghiệp vụ: ", nom.degree, False))
    doc.add(PL("- Học hàm, học vị, danh hiệu, giải thưởng: ", rng.choice(["Không", "Không có", "Thạc sĩ"]), False))
    if not packed_phone:
        doc.add(*_contact_lines(rng, nom))
    elif nom.written("email") is not None:
        doc.add(PL("- Email: ", nom.written("email"), False))
    doc.add(P("II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True))
    doc.add(P("1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận:", bold=True), *bulleted(rng, nom.duties))
    doc.add(*_summary_part(rng, nom, "2.", rng.choice(["Thành tích đạt được của cá nhân", "Thành tích đạt được"])))
    if chance(rng, 0.6):
        doc.add(P(f"3. {rng.choice(['Các biện pháp, giải pháp công tác đã thực hiện', 'Các giải pháp, biện pháp đã áp dụng'])}:",
                  bold=True), *bulleted(rng, nom.measures))
    doc.add(P("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True), *awards_tables(rng, nom, year))
    if chance(rng, 0.4):
        doc.add(P("Tôi xin cam đoan những thông tin trên là đúng sự thật.", italic=True))
    doc.add(P(""), T([[Cell("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ\n(Ký, đóng dấu)\n\n\n" + draw_person(rng).name, bold=True, align="center"),
                       Cell("NGƯỜI BÁO CÁO THÀNH TÍCH\n(Ký, ghi rõ họ và tên)\n\n\n" + nom.name, bold=True, align="center")]],
                     widths=[5, 5], borders=False))
    if chance(rng, 0.3):
        doc.add(P("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", bold=True, align="center"), P("(Ký, đóng dấu)", italic=True, align="center"))
    return doc


def report_collective(rng: random.Random, nom: Nominee, year: int) -> Doc:
    doc = Doc(size=13)
    doc.add(*letterhead(rng, nom, year, phone_ok=nom.shown("phone")))
    doc.add(P("BÁO CÁO THÀNH TÍCH", bold=True, align="center", size=14),
            P(rng.choice(["ĐỀ NGHỊ CÔNG NHẬN TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN", "ĐỀ NGHỊ TẶNG DANH HIỆU TẬP THỂ LAO ĐỘNG XUẤT SẮC",
                          "ĐỀ NGHỊ TẶNG CỜ THI ĐUA"]), bold=True, align="center"))
    own = nom.name if nom.name == nom.unit else f"{nom.name}{rng.choice([', ', ' - '])}{nom.unit}"
    doc.add(P(own, bold=True, align="center") if chance(rng, 0.5) else PL("Tên tập thể đề nghị: ", own, True))
    if nom.model_title:
        doc.add(PL("Tên mô hình: ", nom.model_title, True))
        if nom.show_field and nom.field:
            doc.add(PL("Lĩnh vực: ", nom.field, True))
    doc.add(P("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", bold=True), P("1. Đặc điểm, tình hình:", bold=True))
    address = nom.written("address")
    packed = []
    if nom.written("phone") is not None:
        packed.append(f"Điện thoại: {nom.written('phone')}")
    if nom.shown("phone") and chance(rng, 0.7):   # a fax beside a missing phone would be an ambiguous trace
        digits = [c for c in nom.unit_phone.written if c.isdigit()]
        packed.append(f"Fax: 0{nom.region.area_code} {''.join(digits[-7:-3])}{rng.randint(100, 999)}")
    if nom.written("email") is not None:
        packed.append(f"Email: {nom.written('email')}")
    if chance(rng, 0.6):
        packed.append(f"Website: {nom.school.email_prefix}{slug(nom.school.short)}.{nom.region.domain}")
    label = rng.choice(["Địa chỉ trụ sở", "Địa điểm trụ sở chính", "Trụ sở", "Địa chỉ"])
    if address is not None and chance(rng, 0.5):
        doc.add(P(f"- {label}: {address}" + ("; " + "; ".join(packed) if packed else "")))
    else:
        if address is not None:
            doc.add(PL(f"- {label}: ", address, False))
        if packed:
            doc.add(P("- " + "; ".join(packed)))
    doc.add(P(f"- Quá trình thành lập và phát triển: đơn vị được thành lập năm {year - rng.randint(15, 60)}; hiện có "
              f"{rng.randint(8, 45)} lớp, {rng.randint(200, 1600)} học sinh, tổng số {rng.randint(20, 95)} cán bộ, giáo viên, nhân viên."))
    doc.add(P("2. Chức năng, nhiệm vụ:", bold=True),
            P("Tổ chức giảng dạy, học tập và các hoạt động giáo dục theo mục tiêu, chương trình giáo dục phổ thông.", indent=0.6))
    doc.add(P("II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True))
    doc.add(*_summary_part(rng, nom, "1.", rng.choice(["Kết quả thực hiện chức năng, nhiệm vụ được giao", "Thành tích đạt được"])))
    doc.add(P("2. Những biện pháp hoặc nguyên nhân đạt được thành tích; các phong trào thi đua đã được áp dụng:", bold=True),
            *bulleted(rng, ["Làm tốt công tác tham mưu với cấp ủy, chính quyền địa phương",
                            "Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý và dạy học",
                            "Xây dựng đội ngũ cán bộ, giáo viên đoàn kết, đủ về số lượng"][: rng.randint(2, 3)]))
    if chance(rng, 0.5):
        doc.add(P("3. Việc thực hiện chủ trương, chính sách của Đảng, pháp luật của Nhà nước; công tác xây dựng Đảng, đoàn thể:", bold=True),
                P("Chi bộ nhiều năm liền hoàn thành tốt nhiệm vụ; Công đoàn, Đoàn Thanh niên hoạt động có hiệu quả.", indent=0.6))
    doc.add(P("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True), *awards_tables(rng, nom, year))
    doc.add(T([[Cell("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP\nNHẬN XÉT, XÁC NHẬN\n(Ký, đóng dấu)", bold=True, align="center"),
                Cell("THỦ TRƯỞNG ĐƠN VỊ\n(Ký, đóng dấu)\n\n\n" + draw_person(rng).name, bold=True, align="center")]],
              widths=[5, 5], borders=False))
    return doc
