"""Generation context: the seeded RNG, campaign year, mailboxes, regions, and the history of messages."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .draft import Draft, Mailbox
from .pools_places import Region, School, draw_region, draw_school
from .util import slug


@dataclass
class Item:
    """One generated message in arrival order."""

    file: str
    draft: Draft
    raw: bytes = b""
    replied: bool = False
    duplicated: bool = False


@dataclass
class Ctx:
    rng: random.Random
    seed: int
    year: int
    bo: Mailbox
    districts: list[Mailbox]
    provinces: list[Region]
    used: set = field(default_factory=set)
    history: list[Item] = field(default_factory=list)

    @property
    def mailboxes(self) -> list[Mailbox]:
        return [self.bo, *self.districts]

    def pick_mailbox(self) -> Mailbox:
        return self.rng.choices(self.mailboxes, weights=[4, 3, 3])[0]

    def region_for(self, mailbox: Mailbox) -> Region:
        """District mailboxes get mail from their district; the Ministry from anywhere."""
        if mailbox.region is not None:
            return mailbox.region
        if self.rng.random() < 0.3:
            return self.rng.choice([m.region for m in self.districts])
        return self.rng.choice(self.provinces)

    def school(self, region: Region, level: str | None = None) -> School:
        return draw_school(self.rng, region, level)


def new_ctx(seed: int) -> Ctx:
    rng = random.Random(seed)
    used: set = set()
    year = rng.choice([2024, 2025])
    districts = []
    for i in range(2):
        region = draw_region(rng, used)
        region.district_kind = rng.choice(["huyện", "huyện", "quận", "thị xã"]) if region.province_kind == "thành phố" else \
            rng.choice(["huyện", "huyện", "thị xã"])
        key = slug(region.district)
        address = [f"phonggd.{key}@gmail.example", f"pgddt.{key}@{slug(region.province)}.edu.example"][i]
        districts.append(Mailbox(key, address, f"Phòng GD&ĐT {region.district}",
                                 f"Kính gửi: Phòng Giáo dục và Đào tạo {region.district_full}.", region))
    bo = Mailbox("bo", "tdkt@bogd.example.vn", "Vụ Thi đua - Khen thưởng",
                 rng.choice(["Kính gửi: Vụ Thi đua - Khen thưởng, Bộ Giáo dục và Đào tạo.",
                             "Kính gửi: Vụ Thi đua - Khen thưởng (Bộ GD&ĐT)"]))
    provinces = [draw_region(rng, used) for _ in range(6)]
    return Ctx(rng, seed, year, bo, districts, provinces, used)
