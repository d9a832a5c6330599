"""Later mail about earlier submissions: replies that complete a record, and the four kinds of duplicates."""

from __future__ import annotations

import copy
import dataclasses

from . import bodies, dossier
from .ctx import Ctx, Item
from .draft import Attachment, Draft
from .layouts_profile import DOCX
from .pdf_writer import render_pdf
from .truth import profile_record
from .util import chance, fold

SUPPLIABLE = {"achievement_summary", "address", "phone", "email", "photo", "evidence"}


def reply_candidates(ctx: Ctx) -> list[Item]:
    out = []
    for item in ctx.history:
        d = item.draft
        if (d.category == "submission" and not item.replied and len(d.records) == 1 and d.records[0]["form"] == "profile"
                and d.records[0]["missing"] and set(d.records[0]["missing"]) <= SUPPLIABLE and d.nominees
                and d.layout != "forward" and d.text is not None):
            out.append(item)
    return out


def quote(original: Draft) -> str:
    when = original.date.strftime("%d/%m/%Y %H:%M")
    head = f"Vào {when}, {original.sender.name} <{original.sender.address}> đã viết:"
    return head + "\n" + "\n".join("> " + line for line in (original.text or "").split("\n"))


def build_reply(ctx: Ctx, item: Item) -> Draft:
    rng, year = ctx.rng, ctx.year
    item.replied = True
    orig = item.draft
    nom = copy.deepcopy(orig.nominees[0])
    nom.hidden = set()
    missing = list(orig.records[0]["missing"])
    supply = missing if len(missing) == 1 or chance(rng, 0.7) else rng.sample(missing, len(missing) - 1)
    lines, atts = [], []
    names = {"achievement_summary": "thành tích", "address": "địa chỉ", "phone": "số điện thoại", "email": "email",
             "photo": "ảnh chân dung", "evidence": "minh chứng"}
    for m in supply:
        if m in ("address", "phone", "email", "achievement_summary"):
            key = "summary" if m == "achievement_summary" else m
            nom.state[key] = "value"
            if key == "summary":
                lines += ["Thành tích nổi bật:"] + [f"- {a.text}" for a in nom.achievements]
            else:
                value = {"address": nom.address, "phone": nom.phone.written, "email": nom.email.written}[key]
                lines.append(f"{rng.choice({'address': ['Địa chỉ liên hệ', 'Địa chỉ'], 'phone': ['Số điện thoại', 'SĐT'], 'email': ['Email', 'Thư điện tử']}[key])}: {value}")
        elif m == "photo":
            atts.append(dossier.portrait_attachment(rng, nom))
            nom.photos = 1
        else:
            if chance(rng, 0.5):
                link = dossier.drive_link(rng)
                lines.append(f"Link minh chứng: {link}")
                nom.evidence.append(link)
            else:
                files = dossier.evidence_files(rng, nom, year, rng.randint(1, 2))
                atts += files
                nom.evidence += [f.filename for f in files]
    intro = rng.choice([f"Em xin gửi bổ sung {', '.join(names[m] for m in supply)} cho hồ sơ của {nom.name} ạ.",
                        f"Đơn vị bổ sung thông tin còn thiếu ({', '.join(names[m] for m in supply)}) của hồ sơ {nom.name}.",
                        "Em gửi bổ sung theo yêu cầu ạ."])
    text = "\n".join([intro, ""] + lines + ["", bodies.rng_closing(rng), ""] + bodies.signature(rng, orig.sender) + ["", quote(orig)])
    subject = ("Re: " if chance(rng, 0.75) else "TL: ") + orig.subject
    draft = Draft(orig.mailbox, orig.sender, subject, text, bodies.text_to_html(text, rng) if chance(rng, 0.6) else None, atts,
                  [profile_record(nom)], category="reply_completion", layout="reply_" + ("attach" if atts else "body"),
                  case="reply_supplies_" + "_".join(sorted(supply)),
                  hard=[f"reply in the thread of {item.file} supplies {', '.join(supply)}; truth is the merged record"]
                  + ([f"still missing: {', '.join(sorted(set(missing) - set(supply)))}"] if set(missing) - set(supply) else []),
                  in_reply_to=orig.message_id, references=[orig.message_id], nominees=[nom],
                  truth_extra={"thread_of": orig.message_id, "thread_of_file": item.file})
    return draft


def dup_candidates(ctx: Ctx, kind: str) -> list[Item]:
    out = []
    for item in ctx.history:
        d = item.draft
        if d.category != "submission" or item.duplicated:
            continue
        if kind == "pdf_of_docx" and not (d.layout.startswith("docx_") and d.meta.get("doc") is not None):
            continue
        if kind == "district_bo" and (d.mailbox.name == "bo" or d.layout == "forward"):
            continue
        if kind == "resent" and d.inner is not None:
            continue
        out.append(item)
    return out


def build_duplicate(ctx: Ctx, item: Item, kind: str) -> Draft:
    rng = ctx.rng
    item.duplicated = True
    orig = item.draft
    extra = {"duplicate_of": orig.message_id, "duplicate_of_file": item.file}
    common = dict(records=[], category="duplicate", truth_extra=extra, nominees=[], mangle=None, custom=None)
    if kind == "same_id":
        return dataclasses.replace(orig, raw=item.raw, layout="dup_same_id", case="dup_same_message_id",
                                   hard=["the same message delivered again (same Message-ID and bytes)"], **common)
    atts = list(orig.attachments)
    if kind == "resent":
        def rename(a: Attachment) -> Attachment:
            stem, _, ext = a.filename.rpartition(".")
            new = rng.choice([f"{stem} (1).{ext}", f"{fold(stem)}.{ext}", f"Gui lai - {stem}.{ext}", f"{stem}_moi.{ext}"])
            return dataclasses.replace(a, filename=new)
        atts = [rename(a) for a in atts]
        note = rng.choice(["Em gửi lại hồ sơ do lần trước chưa thấy phản hồi ạ.", "Đơn vị gửi lại hồ sơ (lần 2).",
                           "Gửi lại để Phòng tiện tổng hợp."])
        hard = ["the same submission re-sent with a new Message-ID and renamed files"]
        case = "dup_resent_new_id"
    elif kind == "pdf_of_docx":
        doc = orig.meta["doc"]
        atts = [dataclasses.replace(a, filename=a.filename.rpartition(".")[0] + ".pdf", data=render_pdf(doc), ctype="application/pdf")
                if a.ctype == DOCX and a.role == "profile" else a for a in atts]
        note = rng.choice(["Em gửi lại bản PDF của hồ sơ ạ.", "Gửi bản PDF để tránh lỗi phông chữ."])
        hard = ["the PDF of a DOCX profile sent earlier (same nominee)"]
        case = "dup_pdf_of_docx"
    else:
        note = rng.choice(["Đơn vị gửi đồng thời hồ sơ về Bộ để tổng hợp.", "Trường gửi hồ sơ về Vụ theo hướng dẫn."])
        hard = [f"the same nominee already sent to the district mailbox ({item.file}) now sent to the Ministry"]
        case = "dup_district_and_ministry"
    mailbox = ctx.bo if kind == "district_bo" else orig.mailbox
    text = f"{note}\n\n{orig.text}" if orig.text is not None else None
    html = None
    if orig.html is not None:
        html = bodies.text_to_html(note, rng) + orig.html
    return dataclasses.replace(orig, mailbox=mailbox, attachments=atts, text=text, inner=orig.inner, html=html, message_id="",
                               raw=None, layout=f"dup_{kind}", case=case, hard=hard, to=None, in_reply_to=None, references=[],
                               **common)
