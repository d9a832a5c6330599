"""Forwarded submissions: a district office (or a principal) forwards a school's mail, inline or as message/rfc822."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

from . import bodies, envelope, layouts_profile
from .ctx import Ctx
from .draft import Draft
from .util import chance, slug

INNER_LAYOUTS = ["docx_kv", "docx_table2", "official_report", "pdf_text", "body_plain", "docx_table4"]
MARKERS = {
    "gmail": ("---------- Forwarded message ---------", "From", "Date", "Subject", "To"),
    "gmail_vi": ("---------- Tin nhắn đã chuyển tiếp ---------", "Từ", "Date", "Subject", "To"),
    "outlook": ("-----Original Message-----", "From", "Sent", "Subject", "To"),
    "zimbra": ("----- Thư đã chuyển tiếp -----", "Từ", "Gửi", "Chủ đề", "Tới"),
}


def build(ctx: Ctx, when: dt.datetime) -> Draft:
    rng = ctx.rng
    inner = layouts_profile.build(ctx, rng.choice(INNER_LAYOUTS))
    envelope.stamp(inner, rng, when - dt.timedelta(hours=rng.randint(3, 120)))
    nom = inner.nominees[0]
    region = nom.region
    district_box = next((m for m in ctx.districts if m.region is region), None)
    if district_box is not None and chance(rng, 0.7):
        # the district office passes the school's mail on to the Ministry
        outer_box = ctx.bo
        inner.mailbox = district_box
        forwarder = bodies.make_sender(rng, f"Phòng GD&ĐT {region.district}", f"pgd{slug(region.district)}", region.domain,
                                       ["Chuyên viên", "Phó Trưởng phòng", "Văn thư"])
        forwarder.address = district_box.address
        note = rng.choice([f"Phòng GD&ĐT {region.district} chuyển hồ sơ điển hình tiên tiến của {nom.unit}.",
                           "Chuyển tiếp hồ sơ của đơn vị trực thuộc để Vụ tổng hợp.", "Em chuyển tiếp hồ sơ ạ."])
    else:
        outer_box = district_box or rng.choice(ctx.districts)
        forwarder = bodies.make_sender(rng, nom.unit, nom.school.email_prefix + slug(nom.school.short), region.domain,
                                       ["Hiệu trưởng", "Phó Hiệu trưởng"])
        note = rng.choice(["Em chuyển tiếp hồ sơ của giáo viên trường em ạ.", "Nhà trường chuyển tiếp hồ sơ của cá nhân.",
                           "Kính chuyển Phòng hồ sơ đồng chí gửi về trường."])
    hard = ["the submission is forwarded: the data is in the forwarded mail, the forwarder's signature is not nominee data"]
    text = "\n".join([note, "", bodies.rng_closing(rng), ""] + bodies.signature(rng, forwarder))
    mode = "rfc822" if chance(rng, 0.45) or inner.text is None else "inline"
    draft = Draft(outer_box, forwarder, "", None, None, category="submission", layout="forward",
                  case=f"forward_{mode}", records=inner.records, nominees=inner.nominees)
    prefix = {"outlook": "FW: ", "zimbra": "Fwd: "}.get(forwarder.client, rng.choice(["Fwd: ", "Fw: ", "TL: Fwd: ", "Chuyển tiếp: "]))
    draft.subject = prefix + inner.subject
    if mode == "rfc822":
        draft.inner = inner
        hard.append("forwarded as a message/rfc822 attachment")
    else:
        key = {"outlook": "outlook", "zimbra": "zimbra"}.get(forwarder.client, rng.choice(["gmail", "gmail_vi"]))
        marker, f, d, s, t = MARKERS[key]
        quoted = [marker, f"{f}: {inner.sender.name} <{inner.sender.address}>", f"{d}: {format_datetime(inner.date)}",
                  f"{s}: {inner.subject}", f"{t}: {inner.mailbox.display} <{inner.mailbox.address}>", "", inner.text]
        text = text + "\n\n" + "\n".join(quoted)
        draft.attachments = inner.attachments
        hard.append(f"inline forward ('{marker}'), original attachments re-attached")
    draft.text = text
    draft.html = bodies.text_to_html(text, rng) if chance(rng, 0.7) else None
    draft.hard = hard + inner.hard
    return draft
