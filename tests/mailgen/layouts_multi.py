"""Submissions with several records: multi-nominee DOCX, one DOCX per nominee, XLSX profiles, registration lists."""

from __future__ import annotations

from . import bodies, dossier
from .ctx import Ctx
from .docx_writer import render_docx
from .draft import Attachment, Draft
from .layouts_profile import DOCX, doc_name, notes_for
from .nominee import make_collective, make_individual, plan_missing
from .profile_layouts import multi_doc, profile_doc
from .registration import draw_registration, reg_doc
from .truth import profile_record
from .util import chance, fold, slug
from .xlsx_writer import profiles_xlsx, registration_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _nominees(ctx: Ctx, n: int):
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    region = ctx.region_for(mailbox)
    school = ctx.school(region)
    noms = []
    for i in range(n):
        nom = make_collective(rng, region, school, ctx.year) if i == n - 1 and chance(rng, 0.3) else \
            make_individual(rng, region, school, ctx.year)
        plan_missing(rng, nom, 0.3)
        noms.append(nom)
    sender = bodies.make_sender(rng, school.name, school.email_prefix + slug(school.short), region.domain)
    return mailbox, school, noms, sender


def build_multi(ctx: Ctx, layout: str) -> Draft:
    """multi_docx (one document, several nominees), multi_files (one DOCX each) or xlsx_profiles."""
    rng, year = ctx.rng, ctx.year
    mailbox, school, noms, sender = _nominees(ctx, rng.choice([2, 2, 3]))
    hard = [f"{len(noms)} nominees in one mail; photos/evidence files carry the nominee's name"]
    atts, links, body_links = [], {}, []
    for nom in noms:
        if layout == "xlsx_profiles":
            nom.show_field, nom.model_title = False, None
        dos = dossier.build(rng, nom, year, embed_ok=False, doc_links_ok=True, tag=True)
        links[nom.name] = dos.doc_links
        body_links += [f"Minh chứng của {nom.name}: {link}" for link in dos.body_links]
        atts += [a for a in dos.attachments if a.role != "other"]
    profile = []
    if layout == "multi_docx":
        content = rng.choice(["kv", "table2"])
        doc = multi_doc(rng, noms, year, content, links)
        name = rng.choice([f"Thông tin ĐHTT - {school.name}.docx", "Danh sach dien hinh tien tien.docx", "Hồ sơ ĐHTT đợt 1.docx"])
        profile.append(Attachment(name, render_docx(doc, rng, split_runs=0.2), DOCX, "profile", doc=doc))
        hard.append(f"one DOCX ({content}) holds every nominee in sections")
    elif layout == "multi_files":
        for nom in noms:
            doc = profile_doc(rng, nom, year, rng.choice(["kv", "table2", "table3"]), links[nom.name])
            profile.append(Attachment(doc_name(rng, nom, "docx"), render_docx(doc, rng), DOCX, "profile", doc=doc))
        hard.append("one profile DOCX per nominee")
    else:
        for nom in noms:
            nom.hidden = set()
        data, features = profiles_xlsx(rng, noms, links, rng.choice(["DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN", "TỔNG HỢP THÔNG TIN ĐHTT"]))
        profile.append(Attachment(rng.choice(["DS dien hinh tien tien.xlsx", f"Tổng hợp ĐHTT - {school.short}.xlsx"]), data, XLSX, "profile"))
        hard += ["profiles as XLSX rows (one row per nominee)"] + features
    atts = profile + atts
    what = f"hồ sơ của {len(noms)} điển hình tiên tiến"
    text = bodies.cover_text(rng, mailbox, sender, what, year, body_links, [a.filename for a in atts])
    html = bodies.text_to_html(text, rng) if chance(rng, 0.8) else None
    for nom in noms:
        hard += [f"{nom.name}: {n}" for n in notes_for(nom)]
    return Draft(mailbox, sender, bodies.subject(rng, "profile", school.name, f"{len(noms)} hồ sơ", year), text, html, atts,
                 [profile_record(nom) for nom in noms], layout=layout, case=layout, hard=hard, nominees=noms)


def build_registration(ctx: Ctx, layout: str) -> Draft:
    """docx_reg / xlsx_reg: a registration list from a school (one unit) or a district office (several)."""
    rng, year = ctx.rng, ctx.year
    mailbox = ctx.pick_mailbox()
    region = ctx.region_for(mailbox)
    from_office = chance(rng, 0.4)
    schools = [ctx.school(region) for _ in range(rng.randint(3, 6))] if from_office else [ctx.school(region)]
    names = set()
    schools = [s for s in schools if not (s.name in names or names.add(s.name))]
    org = f"Phòng GD&ĐT {region.district}" if from_office else schools[0].name
    if from_office and mailbox.region is not None:
        mailbox = ctx.bo   # a district office sends its list up to the Ministry
    sender = bodies.make_sender(rng, org, f"pgd{slug(region.district)}" if from_office else schools[0].email_prefix + slug(schools[0].short),
                                region.domain, bodies.OFFICE_ROLES if from_office else None)
    hard = []
    if layout == "xlsx_reg":
        sheets, records = [], []
        mode = rng.choice(["one", "one", "guide", "split"])
        if mode == "split" and len(schools) > 1:
            half = len(schools) // 2
            for title, group in (("Cấp trường", schools[:half]), ("Cấp huyện", schools[half:])):
                reg = draw_registration(rng, region, group, year)
                sheets.append((title, reg))
                records += reg.records
                hard += reg.features
            hard.append("two data sheets")
        else:
            reg = draw_registration(rng, region, schools, year)
            sheets.append((rng.choice(["Danh sách", "DS đăng ký", "Sheet1", "Mô hình"]), reg))
            records, hard = reg.records, hard + reg.features
            if mode == "guide":
                sheets.insert(0 if chance(rng, 0.5) else 1, ("Hướng dẫn", ["Hướng dẫn điền biểu mẫu:", "- Mỗi dòng một mô hình",
                                                                          "- Cột Lĩnh vực: ghi một trong các lĩnh vực theo Công văn"]))
                hard.append("an instructions sheet besides the data sheet")
        data = registration_xlsx(rng, sheets, org)
        att = Attachment(rng.choice(["Dang ky mo hinh DHTT.xlsx", f"Danh sách đăng ký - {org}.xlsx", "Mau dang ky.xlsx"]), data, XLSX, "profile")
    else:
        reg = draw_registration(rng, region, schools, year)
        doc = reg_doc(rng, reg, org)
        records, hard = reg.records, hard + reg.features
        att = Attachment(rng.choice(["Dang ky mo hinh DHTT.docx", f"Danh sách đăng ký mô hình - {fold(org)}.docx", "DS dang ky.docx"]),
                         render_docx(doc, rng, split_runs=0.15), DOCX, "profile", doc=doc)
    hard.insert(0, f"registration list ({layout.split('_')[0].upper()}) from {'a district office: several units' if from_office else 'one school'}")
    text = bodies.cover_text(rng, mailbox, sender, "danh sách đăng ký mô hình, điển hình tiên tiến", year, None, [att.filename])
    html = bodies.text_to_html(text, rng) if chance(rng, 0.8) else None
    return Draft(mailbox, sender, bodies.subject(rng, "registration", org, org, year), text, html, [att], records,
                 layout=layout, case=layout + ("_office" if from_office else "_school"), hard=hard)
