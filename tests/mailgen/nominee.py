"""The nominee model: who is nominated, what is known about them, and which items the mail will lack."""

from __future__ import annotations

import random
from dataclasses import dataclass
from dataclasses import field as dc_field

from . import contacts
from .pools_people import ETHNIC, HONORIFICS, POLITICAL, Person, draw_degree, draw_person, draw_position
from .pools_places import Region, School, draw_address, place_name
from .pools_work import DUTIES, FIELDS, MEASURES, Achievement, draw_achievements, draw_lines, draw_model
from .util import chance, slug

TEXT_ITEMS = ("address", "phone", "email", "summary")
# Ways a missing value is written when the label is kept (truth: missing).
PLACEHOLDERS = ["đang cập nhật", "(đang cập nhật)", "không có", "...", "-", "…………", "Chưa có", "",
                "(bổ sung sau)", "chưa cập nhật", "Không", "......................"]
COLLECTIVE_SUBUNITS = ["Tổ Khoa học tự nhiên", "Tổ Ngữ văn - Lịch sử", "Tổ Toán - Tin", "Tổ chuyên môn khối 1",
                       "Tổ Ngoại ngữ", "Liên đội", "Chi đoàn giáo viên", "Tổ Nuôi dưỡng", "Tổ chuyên môn Mẫu giáo lớn",
                       "Công đoàn cơ sở", "Tổ Văn phòng"]


@dataclass
class Nominee:
    """One nominee (individual or collective) and the presentation decisions that drive the truth."""

    kind: str
    name: str
    school: School
    region: Region
    achievements: list[Achievement]
    address: str
    phone: contacts.Phone
    email: contacts.Email
    unit_phone: contacts.Phone               # the school's switchboard (letterheads)
    person: Person | None = None
    position: str = ""
    degree: str = ""
    birth: str = ""
    hometown: str = ""
    ethnic: str = "Kinh"
    political: str = ""
    duties: list[str] = dc_field(default_factory=list)
    measures: list[str] = dc_field(default_factory=list)
    model_title: str | None = None
    field: str | None = None
    show_field: bool = False
    honorific: str = ""
    state: dict = dc_field(default_factory=lambda: {k: "value" for k in TEXT_ITEMS})
    placeholder: dict = dc_field(default_factory=dict)
    want_photo: bool = True
    want_evidence: bool = True
    photos: int = 0                          # filled by the layout
    evidence: list[str] = dc_field(default_factory=list)
    review: list[str] = dc_field(default_factory=list)
    hidden: set = dc_field(default_factory=set)   # items a document leaves out because the mail body gives them

    @property
    def unit(self) -> str:
        return self.school.name

    @property
    def individual(self) -> bool:
        return self.kind == "individual"

    @property
    def summary(self) -> str:
        return "\n".join(a.text for a in self.achievements)

    def shown(self, item: str) -> bool:
        return self.state[item] == "value"

    def written(self, item: str, ignore_hidden: bool = False) -> str | None:
        """The value as written in the documents, its placeholder, or None when the line is dropped."""
        state = self.state[item]
        if state == "omit" or (item in self.hidden and not ignore_hidden):
            return None
        if state == "placeholder":
            return self.placeholder[item]
        return {"address": self.address, "phone": self.phone.written, "email": self.email.written,
                "summary": self.summary}[item]

    def missing_items(self) -> list[str]:
        missing = [item if item != "summary" else "achievement_summary" for item in TEXT_ITEMS if not self.shown(item)]
        if self.photos == 0:
            missing.append("photo")
        if not self.evidence:
            missing.append("evidence")
        order = ["name", "achievement_summary", "address", "phone", "email", "photo", "evidence"]
        return sorted(missing, key=order.index)


def _birth(rng: random.Random, year: int) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), year - rng.randint(24, 56)
    return rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{d:02d}-{m:02d}-{y}", f"ngày {d} tháng {m} năm {y}"])


def achievement_ctx(region: Region, year: int) -> dict:
    return {"year": year, "province": region.province, "district": region.district,
            "district_full": region.district_full, "city": region.district_kind != "huyện"}


def make_individual(rng: random.Random, region: Region, school: School, year: int, person: Person | None = None) -> Nominee:
    person = person or draw_person(rng)
    phone = contacts.mobile(rng) if chance(rng, 0.93) else contacts.landline(rng, region.area_code)
    email = contacts.personal_email(rng, person.name, person.given, slug(school.short))
    home_commune = rng.choice(region.communes) if chance(rng, 0.7) else None
    nom = Nominee(
        kind="individual", name=person.name, school=school, region=region,
        achievements=draw_achievements(rng, achievement_ctx(region, year), collective=False),
        address=draw_address(rng, region, home_commune), phone=phone,
        email=contacts.Email(email.lower(), contacts.write_email(rng, email)),
        unit_phone=contacts.landline(rng, region.area_code), person=person,
        position=draw_position(rng), degree=draw_degree(rng), birth=_birth(rng, year),
        hometown=f"xã {place_name(rng)}, huyện {place_name(rng)}, tỉnh {place_name(rng)}",
        ethnic=rng.choice(ETHNIC), political=rng.choice(POLITICAL),
        duties=draw_lines(rng, DUTIES, 2), measures=draw_lines(rng, MEASURES, rng.randint(2, 3)),
        honorific=rng.choice(HONORIFICS[person.gender]),
    )
    if chance(rng, 0.25):
        nom.field, nom.show_field = rng.choice(FIELDS), True
    return nom


def make_collective(rng: random.Random, region: Region, school: School, year: int) -> Nominee:
    sub = rng.choice(COLLECTIVE_SUBUNITS) if chance(rng, 0.3) else None
    phone = contacts.landline(rng, region.area_code) if chance(rng, 0.75) else contacts.mobile(rng)
    email = contacts.unit_email(rng, school.email_prefix, slug(school.short), region.domain)
    nom = Nominee(
        kind="collective", name=sub or school.name, school=school, region=region,
        achievements=draw_achievements(rng, achievement_ctx(region, year), collective=True),
        address=draw_address(rng, region, school.commune), phone=phone,
        email=contacts.Email(email.lower(), contacts.write_email(rng, email, 0.06)), unit_phone=phone,
    )
    if chance(rng, 0.55):
        nom.model_title, nom.field = draw_model(rng)
        nom.show_field = True
    return nom


def plan_missing(rng: random.Random, nom: Nominee, p_incomplete: float = 0.35, allow: tuple = TEXT_ITEMS) -> None:
    """Decide which items the submission will lack (dropped line or placeholder value)."""
    if not chance(rng, p_incomplete):
        return
    pool = [i for i in allow] + ["photo", "photo", "evidence"]
    for item in rng.sample(pool, rng.choice([1, 1, 1, 2, 2, 3])):
        if item == "photo":
            nom.want_photo = False
        elif item == "evidence":
            nom.want_evidence = False
        elif nom.state[item] == "value":
            nom.state[item] = "placeholder" if chance(rng, 0.45) else "omit"
            nom.placeholder[item] = rng.choice(PLACEHOLDERS)
