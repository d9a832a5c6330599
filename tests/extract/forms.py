"""Builders for the statutory forms of docs/forms.md, filled with invented people.

Each builder returns the text lines of one form; ``report_docx`` renders lines
(and optional tables) into a real DOCX with python-docx.
"""

from __future__ import annotations

import io

import docx

AWARD_HEADER = ["Năm", "Danh hiệu thi đua",
                "Số, ngày, tháng, năm của quyết định công nhận danh hiệu thi đua; cơ quan ban hành quyết định"]
AWARD_ROWS = [AWARD_HEADER, ["2023", "Chiến sĩ thi đua cơ sở", "Quyết định số 512/QĐ-UBND ngày 20/8/2023 của UBND huyện"]]


def individual_report(*, address_label: str = "Trú quán", results_title: str = "2. Thành tích đạt được của cá nhân:",
                      measures: bool = True, contact: str | None = "- Điện thoại: 0912 345 678; Email: lanhtt@gmail.com",
                      results: list[str] | None = None, awards_heading: str = "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                      awards_line: str = "1. Danh hiệu thi đua:") -> str:
    """ND98-M03 / ND91-M02 as a school types it."""
    results = ["- Giáo viên dạy giỏi cấp tỉnh năm học 2022-2023;", "- Giải Nhì cuộc thi thiết kế bài giảng điện tử cấp huyện năm 2023;",
               "- Sáng kiến kinh nghiệm được công nhận cấp huyện, xếp loại A."] if results is None else results
    lines = [
        "Hà Lâm, ngày 12 tháng 4 năm 2025",
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ",
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ tên: Trịnh Thị Lan Hương",
        "- Sinh ngày, tháng, năm: 03/05/1986      Giới tính: Nữ",
        "- Quê quán: xã Yên Mỹ, huyện Ý Yên, tỉnh Nam Định",
        f"- {address_label}: Số 14 ngõ 8 phố Hòa Bình, phường Quang Trung, thành phố Hà Lâm",
        "- Đơn vị công tác: Trường THCS Quang Trung",
        "- Chức vụ (Đảng, chính quyền, đoàn thể): Tổ trưởng chuyên môn",
        "- Trình độ chuyên môn, nghiệp vụ: Đại học Sư phạm Toán",
        "- Học hàm, học vị, danh hiệu, giải thưởng: Không",
    ]
    if contact:
        lines.append(contact)
    lines += [
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận:",
        "- Giảng dạy môn Toán các lớp 8A, 8B; chủ nhiệm lớp 8A;",
        "- Phụ trách đội tuyển học sinh giỏi môn Toán của trường.",
        results_title,
        *results,
    ]
    if measures:
        lines += ["3. Các biện pháp, giải pháp công tác đã thực hiện:",
                  "- Đổi mới phương pháp dạy học, ứng dụng công nghệ thông tin;",
                  "- Tích cực tự học, tự bồi dưỡng nâng cao trình độ chuyên môn."]
    lines += [awards_heading, awards_line, "Tôi xin cam đoan những thông tin trên là đúng sự thật.",
              "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)"]
    return "\n".join(lines)


def collective_report(*, name_line: str = "Tổ Nuôi dưỡng, Trường Mầm non Hoa Sen",
                      contact: str = ("- Địa chỉ: Khu phố 25 - phường Minh Sơn - huyện Cẩm Xuyên - Hà Lâm; Điện thoại: 0239 3812 345; "
                                      "Fax: 0239 3812 346; Email: mnhoasen@halam.edu.vn; Website: mnhoasen.halam.edu.vn"),
                      results_title: str = "1. Kết quả thực hiện chức năng, nhiệm vụ được giao:",
                      results: list[str] | None = None) -> str:
    """ND98-M02 / ND91-M01 with the packed head-office line."""
    results = ["- Tỷ lệ trẻ suy dinh dưỡng giảm còn 1,2%;", "- Tập thể lao động xuất sắc năm học 2023-2024;",
               "- Bằng khen của Chủ tịch UBND tỉnh năm 2024."] if results is None else results
    return "\n".join([
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG DANH HIỆU TẬP THỂ LAO ĐỘNG XUẤT SẮC",
        name_line,
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "1. Đặc điểm, tình hình:",
        contact,
        "- Quá trình thành lập và phát triển: thành lập năm 1998; tổng số 12 cán bộ, nhân viên.",
        "2. Chức năng, nhiệm vụ:",
        "Tổ chức nuôi dưỡng, chăm sóc trẻ theo chương trình giáo dục mầm non.",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        results_title,
        *results,
        "2. Những biện pháp hoặc nguyên nhân đạt được thành tích; các phong trào thi đua đã được áp dụng:",
        "- Thực hiện tốt phong trào thi đua “Xây dựng trường học hạnh phúc”;",
        "- Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý.",
        "3. Việc thực hiện chủ trương, chính sách của Đảng, pháp luật của Nhà nước; công tác xây dựng Đảng, đoàn thể:",
        "Chi bộ nhiều năm liền hoàn thành tốt nhiệm vụ; Công đoàn hoạt động có hiệu quả.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "1. Danh hiệu thi đua:",
        "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN",
        "(Ký, đóng dấu)",
    ])


def report_docx(text: str, tables: list[list[list[str]]] = ()) -> bytes:
    """A real DOCX: one paragraph per line, then the tables (award history)."""
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
