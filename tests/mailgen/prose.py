"""Prose about a nominee (article or mail body), with honorifics that are not part of the name."""

from __future__ import annotations

import random

from .nominee import Nominee
from .pools_people import PRONOUN
from .util import chance

FILLER = [
    "Trong suốt quá trình công tác, {p} luôn tận tụy với nghề, yêu thương học sinh và được đồng nghiệp tin yêu.",
    "{P} luôn gương mẫu, đi đầu trong các phong trào thi đua của nhà trường và địa phương.",
    "Không chỉ giỏi chuyên môn, {p} còn tích cực tham gia các hoạt động xã hội, từ thiện.",
    "Với phương châm “tất cả vì học sinh thân yêu”, {p} không ngừng học hỏi, đổi mới phương pháp giảng dạy.",
]
FILLER_C = [
    "Tập thể đoàn kết, thống nhất, luôn hoàn thành tốt nhiệm vụ được giao.",
    "Đơn vị luôn chú trọng xây dựng môi trường giáo dục an toàn, thân thiện.",
    "Cán bộ, giáo viên tâm huyết, tích cực đổi mới sáng tạo trong dạy và học.",
]


def contact_sentences(rng: random.Random, nom: Nominee, p: str) -> list[str]:
    out = []
    def spoken(item: str) -> str | None:
        value = nom.written(item)
        if value is not None and not nom.shown(item) and len(value.strip(" .…-")) < 3:
            return "(đang cập nhật)"    # prose does not write a bare '...' placeholder
        return value

    address, phone, email = spoken("address"), spoken("phone"), spoken("email")
    if address is not None:
        out.append(rng.choice([f"Hiện {p} đang sinh sống tại {address}.", f"Địa chỉ liên hệ của {p}: {address}.",
                               f"Nơi ở hiện nay: {address}."]) if nom.individual else f"Địa chỉ của đơn vị: {address}.")
    if phone is not None and email is not None and chance(rng, 0.5):
        out.append(f"Số điện thoại của {p} là {phone}, email: {email}.")
    else:
        if phone is not None:
            out.append(rng.choice([f"Số điện thoại của {p} là {phone}.", f"Điện thoại liên hệ: {phone}.",
                                   f"Mọi liên hệ xin gọi số {phone}."]))
        if email is not None:
            out.append(rng.choice([f"Email của {p}: {email}.", f"Thư điện tử: {email}.", f"Địa chỉ email: {email}."]))
    return out


def achievement_sentences(rng: random.Random, nom: Nominee, p: str) -> list[str]:
    summary = nom.written("summary")
    if summary is None:
        return []
    if not nom.shown("summary"):
        return [f"Thành tích nổi bật: {summary}."]
    lines = [a.text for a in nom.achievements]
    style = rng.randint(0, 2)
    if style == 0:
        return [f"Những thành tích tiêu biểu {p} đã đạt được: " + "; ".join(lines) + "."]
    if style == 1:
        return [f"{p[:1].upper() + p[1:]} đã đạt nhiều thành tích đáng ghi nhận:"] + [f"- {line}." for line in lines]
    return [f"{line}." for line in lines]


def prose(rng: random.Random, nom: Nominee, links: list[str]) -> tuple[list[str], list[str]]:
    """Paragraph lines and hard-case notes. The achievement sentences hold the summary lines verbatim."""
    notes = []
    if nom.individual:
        g = nom.person.gender if nom.person else "f"
        p = PRONOUN[g]
        honor = nom.honorific
        who = f"{honor} {nom.name}" if honor else nom.name
        if honor:
            notes.append(f"honorific '{honor}' before the name")
        intro = rng.choice([f"{who[:1].upper() + who[1:]} hiện là {nom.position.lower()} tại {nom.unit}.",
                            f"{who[:1].upper() + who[1:]} sinh năm {nom.birth[-4:]}, công tác tại {nom.unit} từ nhiều năm nay.",
                            f"Nhắc đến {nom.unit}, không thể không nhắc đến {who}, {nom.position.lower()} của trường."])
        filler = FILLER
    else:
        p = "đơn vị"
        intro = f"{nom.name}{' thuộc ' + nom.unit if nom.name != nom.unit else ''} là một trong những đơn vị tiêu biểu của {nom.region.district_full}."
        if nom.model_title:
            intro += f" Mô hình “{nom.model_title}” được đơn vị triển khai hiệu quả."
        filler = FILLER_C
    body = [intro, rng.choice(filler).format(p=p, P=p[:1].upper() + p[1:])]
    ach = achievement_sentences(rng, nom, p)
    contact = contact_sentences(rng, nom, p)
    if chance(rng, 0.5):
        body += ach + contact
    else:
        body += contact + ach
    if links:
        body.append("Minh chứng: " + " ; ".join(links))
    return body, notes
