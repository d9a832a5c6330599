"""Vocabulary about the work: achievement lines (with key phrases), fields, model titles, duties, measures."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .pools_people import SUBJECTS
from .util import chance

FIELDS = ["Giáo dục", "Chuyển đổi số", "Văn hóa", "Thể thao", "An toàn giao thông", "Giáo dục STEM",
          "Giáo dục đạo đức, lối sống", "Y tế trường học", "Công tác Đội", "Xây dựng trường học hạnh phúc",
          "Giáo dục kỹ năng sống", "Khuyến học, khuyến tài", "Bảo vệ môi trường", "Giáo dục hòa nhập",
          "Đổi mới phương pháp dạy học", "Ngoại ngữ", "Thư viện, văn hóa đọc", "Giáo dục thể chất"]

MODEL_TITLES = [
    ("Thư viện xanh - góc đọc thân thiện", "Thư viện, văn hóa đọc"),
    ("Trường học không khói thuốc", "Y tế trường học"),
    ("Cổng trường an toàn giao thông", "An toàn giao thông"),
    ("Lớp học số - học liệu mở", "Chuyển đổi số"),
    ("Câu lạc bộ Robotics và lập trình", "Giáo dục STEM"),
    ("Vườn rau dinh dưỡng của bé", "Giáo dục kỹ năng sống"),
    ("Mỗi tuần một việc tốt", "Giáo dục đạo đức, lối sống"),
    ("Nuôi heo đất giúp bạn đến trường", "Khuyến học, khuyến tài"),
    ("Sân chơi dân gian giờ ra chơi", "Văn hóa"),
    ("Ngày hội STEM toàn trường", "Giáo dục STEM"),
    ("Trường học hạnh phúc - mỗi thầy cô là một tấm gương", "Xây dựng trường học hạnh phúc"),
    ("Phân loại rác tại nguồn trong trường học", "Bảo vệ môi trường"),
    ("Học sinh khuyết tật hòa nhập cộng đồng", "Giáo dục hòa nhập"),
    ("Tiếng Anh cho em - câu lạc bộ giao tiếp", "Ngoại ngữ"),
    ("Sổ điểm điện tử và học bạ số", "Chuyển đổi số"),
    ("Bơi an toàn phòng chống đuối nước", "Giáo dục thể chất"),
    ("Thầy cô đỡ đầu học sinh có hoàn cảnh khó khăn", "Khuyến học, khuyến tài"),
    ("Bếp ăn bán trú an toàn", "Y tế trường học"),
    ("Tuyến đường tự quản an toàn, sạch đẹp", "An toàn giao thông"),
    ("Giờ ra chơi tiếng Anh", "Ngoại ngữ"),
    ("Góc học tập Bác Hồ", "Giáo dục đạo đức, lối sống"),
    ("Dạy học theo dự án gắn với di sản địa phương", "Đổi mới phương pháp dạy học"),
    ("Câu lạc bộ bóng đá thiếu niên", "Thể thao"),
    ("Phòng học thông minh ứng dụng AI", "Chuyển đổi số"),
    ("Tủ sách lớp học do phụ huynh đóng góp", "Thư viện, văn hóa đọc"),
    ("Chi đội tự quản - nói lời hay, làm việc tốt", "Công tác Đội"),
]

SKKN_TOPICS = [
    "Một số biện pháp rèn kỹ năng đọc hiểu cho học sinh lớp {g}",
    "Ứng dụng phần mềm {sw} trong dạy học môn {s}",
    "Tổ chức hoạt động trải nghiệm gắn với di sản địa phương",
    "Nâng cao chất lượng bồi dưỡng học sinh giỏi môn {s}",
    "Giúp trẻ 5 tuổi làm quen với chữ cái qua trò chơi",
    "Xây dựng môi trường học tập thân thiện cho học sinh dân tộc thiểu số",
    "Vận dụng phương pháp bàn tay nặn bột trong dạy học {s}",
    "Đổi mới sinh hoạt tổ chuyên môn theo nghiên cứu bài học",
    "Dạy học tích hợp giáo dục STEM trong môn {s} lớp {g}",
    "Công tác chủ nhiệm lớp theo hướng phát triển phẩm chất học sinh",
]
SOFTWARE = ["GeoGebra", "Canva", "Quizizz", "PowerPoint", "Padlet", "Kahoot", "Scratch", "Microsoft Teams"]
PRIZES = ["Nhất", "Nhì", "Ba", "Khuyến khích"]


@dataclass
class Achievement:
    """One achievement line as written (no bullet, no final period) and its key phrase."""

    text: str
    keyword: str


def school_year(rng: random.Random, year: int, back: int | None = None) -> str:
    # the campaign runs in spring: the last finished school year is (year-2)-(year-1)
    start = year - 1 - (back if back is not None else rng.randint(1, 4))
    dash = rng.choices(["-", " - ", "–"], weights=[8, 3, 1])[0]
    return f"{start}{dash}{start + 1}"


def skkn_topic(rng: random.Random) -> str:
    return rng.choice(SKKN_TOPICS).format(g=rng.randint(1, 9), s=rng.choice(SUBJECTS), sw=rng.choice(SOFTWARE))


def _individual(rng, ctx) -> Achievement:
    y, prov = ctx["year"], ctx["province"]
    lvl_local = rng.choice(["huyện", "tỉnh", "thành phố", "thị xã", "quận"]) if ctx["city"] else rng.choice(["huyện", "tỉnh"])
    pick = rng.randint(0, 13)
    if pick == 0:
        return Achievement(f"Chiến sĩ thi đua cơ sở năm học {school_year(rng, y)}", "Chiến sĩ thi đua cơ sở")
    if pick == 1:
        a, b = school_year(rng, y, 3), school_year(rng, y, 2)
        return Achievement(f"Chiến sĩ thi đua cơ sở các năm học {a}, {b}", "Chiến sĩ thi đua cơ sở")
    if pick == 2:
        return Achievement(f"Giáo viên dạy giỏi cấp {lvl_local} năm học {school_year(rng, y)}", f"Giáo viên dạy giỏi cấp {lvl_local}")
    if pick == 3:
        return Achievement(f"Bằng khen của Chủ tịch UBND tỉnh {prov} năm {y - rng.randint(1, 3)}", "Bằng khen của Chủ tịch UBND")
    if pick == 4:
        return Achievement(f"Giấy khen của Chủ tịch UBND {ctx['district_full']} năm học {school_year(rng, y)}", "Giấy khen")
    if pick == 5:
        level = rng.choice(["cơ sở", "huyện", "tỉnh", "ngành"])
        return Achievement(f"Sáng kiến kinh nghiệm \u201c{skkn_topic(rng)}\u201d được công nhận cấp {level}, xếp loại {rng.choice('AB')}",
                           "Sáng kiến kinh nghiệm")
    if pick == 6:
        n = rng.randint(2, 5)
        return Achievement(f"Lao động tiên tiến {n} năm liên tục (từ năm học {school_year(rng, y, n)} đến năm học {school_year(rng, y, 1)})",
                           "Lao động tiên tiến")
    if pick == 7:
        return Achievement(f"Hoàn thành xuất sắc nhiệm vụ năm học {school_year(rng, y)}", "Hoàn thành xuất sắc nhiệm vụ")
    if pick == 8:
        return Achievement(f"Hướng dẫn học sinh đạt giải {rng.choice(PRIZES)} cuộc thi Khoa học kỹ thuật cấp tỉnh năm học {school_year(rng, y)}",
                           "Khoa học kỹ thuật")
    if pick == 9:
        n = rng.randint(3, 14)
        return Achievement(f"Bồi dưỡng đội tuyển học sinh giỏi môn {rng.choice(SUBJECTS)} cấp tỉnh đạt {n} giải",
                           "học sinh giỏi")
    if pick == 10:
        return Achievement(f"Giải {rng.choice(PRIZES)} Hội thi giáo viên chủ nhiệm lớp giỏi cấp {lvl_local} năm học {school_year(rng, y)}",
                           "chủ nhiệm lớp giỏi")
    if pick == 11:
        return Achievement(f"Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo năm {y - rng.randint(1, 4)}", "Bằng khen của Bộ trưởng")
    if pick == 12:
        return Achievement(f"Giải {rng.choice(PRIZES)} cuộc thi thiết kế bài giảng e-Learning cấp {lvl_local} năm {y - 1}",
                           "bài giảng e-Learning")
    return Achievement(f"Chiến sĩ thi đua cấp tỉnh năm {y - rng.randint(1, 3)}", "Chiến sĩ thi đua cấp tỉnh")


def _collective(rng, ctx) -> Achievement:
    y, prov = ctx["year"], ctx["province"]
    pick = rng.randint(0, 10)
    if pick == 0:
        return Achievement(f"Tập thể lao động xuất sắc năm học {school_year(rng, y)}", "Tập thể lao động xuất sắc")
    if pick == 1:
        return Achievement(f"Cờ thi đua của UBND tỉnh {prov} năm học {school_year(rng, y)}", "Cờ thi đua")
    if pick == 2:
        return Achievement(f"Bằng khen của Thủ tướng Chính phủ năm {y - rng.randint(1, 4)}", "Bằng khen của Thủ tướng")
    if pick == 3:
        return Achievement(f"Đạt kiểm định chất lượng giáo dục cấp độ {rng.randint(2, 3)} và chuẩn quốc gia mức độ {rng.randint(1, 2)}",
                           "kiểm định chất lượng giáo dục")
    if pick == 4:
        rate = f"{rng.randint(96, 99)},{rng.randint(1, 9)}"
        return Achievement(f"Tỷ lệ học sinh hoàn thành chương trình lớp học đạt {rate}%", "hoàn thành chương trình")
    if pick == 5:
        return Achievement(f"Liên đội mạnh xuất sắc cấp tỉnh năm học {school_year(rng, y)}", "Liên đội mạnh")
    if pick == 6:
        return Achievement(f"Công đoàn cơ sở vững mạnh xuất sắc năm {y - 1}", "Công đoàn cơ sở vững mạnh")
    if pick == 7:
        return Achievement(f"Bằng khen của Chủ tịch UBND tỉnh {prov} năm {y - rng.randint(1, 3)}", "Bằng khen của Chủ tịch UBND")
    if pick == 8:
        n = rng.randint(5, 40)
        return Achievement(f"Có {n} học sinh đạt giải trong các kỳ thi học sinh giỏi cấp huyện, cấp tỉnh", "học sinh đạt giải")
    if pick == 9:
        return Achievement(f"Đơn vị dẫn đầu phong trào thi đua khối {rng.choice(['mầm non', 'tiểu học', 'THCS', 'THPT'])} năm học {school_year(rng, y)}",
                           "dẫn đầu phong trào thi đua")
    return Achievement(f"Giấy khen của Chủ tịch UBND {ctx['district_full']} về thành tích xuất sắc năm học {school_year(rng, y)}", "Giấy khen")


def draw_achievements(rng: random.Random, ctx: dict, collective: bool, n: int | None = None) -> list[Achievement]:
    """2-5 distinct achievement lines (distinct key phrases)."""
    n = n or rng.choice([2, 3, 3, 4, 4, 5])
    out, seen = [], set()
    for _ in range(40):
        a = _collective(rng, ctx) if collective else _individual(rng, ctx)
        if a.keyword.lower() in seen:
            continue
        seen.add(a.keyword.lower())
        out.append(a)
        if len(out) == n:
            break
    return out


DUTIES = [
    "Giảng dạy môn {s} các lớp {g}A, {g}B; chủ nhiệm lớp {g}C",
    "Phụ trách công tác chuyên môn của tổ {s}",
    "Bồi dưỡng học sinh giỏi và phụ đạo học sinh chưa hoàn thành",
    "Quản lý hồ sơ chuyên môn, kiểm tra nội bộ",
    "Phụ trách thư viện, thiết bị dạy học",
    "Tham mưu xây dựng kế hoạch giáo dục nhà trường",
]
MEASURES = [
    "Thường xuyên đổi mới phương pháp dạy học, ứng dụng công nghệ thông tin trong soạn giảng",
    "Tích cực tự học, tự bồi dưỡng nâng cao trình độ chuyên môn",
    "Phối hợp chặt chẽ với cha mẹ học sinh trong công tác giáo dục",
    "Xây dựng kế hoạch dạy học phân hóa theo năng lực học sinh",
    "Tổ chức các hoạt động trải nghiệm, câu lạc bộ cho học sinh",
    "Chia sẻ kinh nghiệm qua các chuyên đề, hội thảo cấp trường, cấp cụm",
]


def draw_lines(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return [line.format(s=rng.choice(SUBJECTS), g=rng.randint(1, 9)) for line in rng.sample(pool, k)]


def draw_model(rng: random.Random) -> tuple[str, str]:
    title, field = rng.choice(MODEL_TITLES)
    if chance(rng, 0.25):
        field = rng.choice(FIELDS)
    return title, field
