"""Mail bodies: senders and signatures, subjects, cover letters, plain-text to HTML."""

from __future__ import annotations

import html
import random

from . import contacts
from .draft import Mailbox, Sender
from .envelope import CLIENTS
from .pools_people import draw_person
from .util import chance, fold, slug, weighted

SENDER_ROLES = ["Văn thư", "Phó Hiệu trưởng", "Hiệu trưởng", "Kế toán - Văn thư", "Thư ký Hội đồng", "Tổng phụ trách Đội",
                "Giáo viên - Thư ký hội đồng thi đua", "Nhân viên văn phòng"]
OFFICE_ROLES = ["Chuyên viên", "Phó Trưởng phòng", "Văn thư", "Chuyên viên phụ trách thi đua"]


def make_sender(rng: random.Random, org: str, org_slug: str, domain: str, role_pool=None) -> Sender:
    """Someone at ``org`` who sends the mail; signature holds their own phone/e-mail."""
    person = draw_person(rng)
    client = weighted(rng, CLIENTS)
    own_mail = contacts.personal_email(rng, person.name, person.given, org_slug).lower()
    if client in ("zimbra", "outlook") or chance(rng, 0.35):
        address = f"{org_slug}@{domain}" if chance(rng, 0.6) else f"{slug(person.given)}{slug(person.surname)}.{org_slug}@{domain}"
    else:
        address = own_mail
    if client == "gmail" and not address.endswith("gmail.com"):
        address = address.split("@")[0] + "@gmail.com"
    display = org if chance(rng, 0.5) else person.name
    role = rng.choice(role_pool or SENDER_ROLES)
    phone = contacts.mobile(rng)
    sig = [person.name if chance(rng, 0.6) else person.name.upper(), f"{role} - {org}" if chance(rng, 0.6) else role]
    if chance(rng, 0.85):
        sig.append(f"{rng.choice(['ĐT', 'SĐT', 'Mobile', 'ĐTDĐ', 'Điện thoại'])}: {phone.written}")
    if chance(rng, 0.4):
        sig.append(f"Email: {own_mail}")
    return Sender(display, address, sig, client, org)


GREETINGS_EXTRA = ["", "", "Đồng kính gửi: Bộ phận Thi đua - Khen thưởng."]
OPENERS = [
    "Thực hiện Công văn số {n}/{code} ngày {d}/{m}/{y} về việc báo cáo điển hình tiên tiến, {org} xin gửi {what}.",
    "Căn cứ Kế hoạch số {n}/KH-{code2} ngày {d}/{m}/{y}, {org} trân trọng gửi {what}.",
    "{org} gửi {what} theo yêu cầu tại Công văn số {n}/{code}.",
    "Em là cán bộ văn thư của {org}. Em xin gửi {what} ạ.",
    "Theo hướng dẫn của cấp trên, đơn vị {org} gửi {what}, kính mong quý cơ quan tiếp nhận.",
    "{org} kính gửi {what}. Hồ sơ gồm các tệp đính kèm dưới đây.",
    "Thực hiện hướng dẫn số {n}/HD-{code2} về công tác thi đua, khen thưởng năm học {y1}-{y}, {org} báo cáo {what} như sau:",
    "Nhà trường gửi {what}. Kính đề nghị Phòng tổng hợp giúp.",
    "Dạ em chào anh/chị, em gửi {what} ạ. Có gì thiếu anh/chị báo giúp em với ạ.",
    "Kính gửi quý cơ quan {what} của {org} để xét chọn, biểu dương.",
]
BRIEF = ["Em gửi {what} ạ.", "Gửi Phòng {what}.", "Trường em gửi {what}, mong Phòng tiếp nhận ạ.", "Đính kèm {what}."]
CLOSINGS = ["Trân trọng!", "Trân trọng cảm ơn!", "Trân trọng./.", "Kính mong quý cơ quan xem xét. Trân trọng!",
            "Em cảm ơn ạ!", "Xin cảm ơn!", "Trân trọng kính chào."]


def opener(rng: random.Random, org: str, what: str, year: int) -> str:
    return rng.choice(OPENERS).format(n=rng.randint(12, 1500), code=rng.choice(["PGDĐT-TĐKT", "SGDĐT-VP", "BGDĐT-TĐKT", "UBND-GDĐT"]),
                                      code2=rng.choice(["PGDĐT", "SGDĐT", "BGDĐT"]), d=rng.randint(1, 28), m=rng.randint(1, 4),
                                      y=year, y1=year - 1, org=org, what=what)


def cover_text(rng: random.Random, mailbox: Mailbox, sender: Sender, what: str, year: int, middle: list[str] | None = None,
               files: list[str] | None = None) -> str:
    """A cover e-mail: greeting, opener, optional data block, file list, closing, signature.

    A few are terse one-liners, typed without diacritics, or (with nothing to carry) empty.
    """
    style = rng.random()
    if not middle and style < 0.05:
        return ""
    if style < 0.22:
        line = rng.choice(BRIEF).format(what=what)
        if style < 0.1:
            line = fold(line).lower()
        return "\n".join([line] + ([""] + middle if middle else []) + [""] + signature(rng, sender)[-2:])
    lines = []
    if chance(rng, 0.85):
        lines += [mailbox.greeting, rng.choice(GREETINGS_EXTRA), ""]
    lines.append(opener(rng, sender.org, what, year))
    if files and chance(rng, 0.5):
        lines += ["Hồ sơ gồm:"] + [f"{i + 1}. {f}" for i, f in enumerate(files)]
    if middle:
        lines += [""] + middle
    lines += ["", rng.choice(CLOSINGS), ""]
    lines += signature(rng, sender)
    text = "\n".join(line for line in lines if line is not None)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def signature(rng: random.Random, sender: Sender) -> list[str]:
    dash = rng.choice(["--", "-- ", "______________", "", "--"])
    return ([dash] if dash else []) + sender.signature


def text_to_html(text: str, rng: random.Random | None = None) -> str:
    font = "Times New Roman" if rng is None or rng.random() < 0.5 else "Arial"
    body = "".join(f"<div>{html.escape(line) if line else '<br>'}</div>" for line in text.split("\n"))
    return f'<div dir="ltr" style="font-family:{font}">{body}</div>'


SUBJECTS_PROFILE = [
    "V/v gửi hồ sơ điển hình tiên tiến - {org}", "Hồ sơ điển hình tiên tiến - {who}", "Gửi thông tin ĐHTT {who}",
    "{org} gửi hồ sơ điển hình tiên tiến", "[{org}] Thông tin điển hình tiên tiến năm học {y1}-{y}",
    "Báo cáo điển hình tiên tiến - {who} ({org})", "gửi hồ sơ điển hình", "HS ĐHTT {who}",
    "Hồ sơ đề xuất gương điển hình tiên tiến", "V/v báo cáo thành tích cá nhân điển hình tiên tiến",
]
SUBJECTS_REG = ["Đăng ký mô hình, điển hình tiên tiến - {org}", "V/v đăng ký mô hình điển hình tiên tiến năm học {y1}-{y}",
                "{org} gửi danh sách đăng ký mô hình", "Danh sách đăng ký ĐHTT - {org}", "Gửi bảng đăng ký điển hình tiên tiến"]


def subject(rng: random.Random, kind: str, org: str, who: str, year: int) -> str:
    pool = SUBJECTS_REG if kind == "registration" else SUBJECTS_PROFILE
    text = rng.choice(pool).format(org=org, who=who, y=year, y1=year - 1)
    if chance(rng, 0.07):
        text = fold(text).lower()  # typed without diacritics
    return text


def rng_closing(rng: random.Random) -> str:
    return rng.choice(CLOSINGS)
