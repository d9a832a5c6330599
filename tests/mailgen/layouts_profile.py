"""Single-nominee submissions: DOCX (key/value, tables, official forms, CV, legacy fonts), PDF, scans, bodies, prose, ZIP."""

from __future__ import annotations

from . import bodies, dossier, images, scan
from .ctx import Ctx
from .cv_forms import VARIANTS as CV_VARIANTS
from .cv_forms import cv
from .doc import Doc, P, to_html
from .docx_writer import render_docx
from .draft import Attachment, Draft
from .labels import draw_style, entries, kv_lines
from .nominee import Nominee, make_collective, make_individual, plan_missing
from .official import report_collective, report_individual
from .pdf_writer import render_pdf
from .profile_layouts import profile_doc, table_blocks
from .prose import prose
from .truth import profile_record
from .util import chance, fold, hex_token, make_zip, slug

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT = {"docx_kv": "kv", "docx_table2": "table2", "docx_table3": "table3", "docx_table4": "table4",
           "docx_table_below": "below", "official_report": "official", "official_collective": "official", "cv_hs02": "cv"}
DOC_NAMES = ["Thông tin ĐHTT - {name}.docx", "Ho so dien hinh {ascii}.docx", "Phiếu thông tin điển hình - {name}.docx",
             "{unit} - ĐHTT.docx", "Mau thong tin dien hinh.docx", "HS_{compact}.docx", "Hồ sơ điển hình tiên tiến - {name}.docx"]
LABELS_BODY = {"phone": ["Số điện thoại", "SĐT", "Điện thoại liên hệ"], "email": ["Email", "Địa chỉ email", "Thư điện tử"],
               "address": ["Địa chỉ liên hệ", "Nơi ở hiện nay"], "summary": ["Thành tích nổi bật", "Tóm tắt thành tích"]}


def doc_name(rng, nom: Nominee, ext: str, official: bool = False, cv: bool = False) -> str:
    if cv:
        name = rng.choice(["Sơ yếu lý lịch - {name}.docx", "SYLL {ascii}.docx", "So yeu ly lich.docx", "Lý lịch {name}.docx"])
    elif official:
        name = rng.choice(["Báo cáo thành tích - {name}.docx", "BCTT {ascii}.docx", "Bao cao thanh tich.docx"])
    else:
        name = rng.choice(DOC_NAMES)
    name = name.format(name=nom.name, ascii=fold(nom.name), unit=nom.unit, compact=fold(nom.name).replace(" ", ""))
    return name[:-5] + "." + ext


def setup(ctx: Ctx, kind: str | None = None):
    rng = ctx.rng
    mailbox = ctx.pick_mailbox()
    region = ctx.region_for(mailbox)
    school = ctx.school(region)
    collective = kind == "collective" or (kind is None and chance(rng, 0.25))
    nom = make_collective(rng, region, school, ctx.year) if collective else make_individual(rng, region, school, ctx.year)
    plan_missing(rng, nom, 0.4)
    sender = bodies.make_sender(rng, school.name, school.email_prefix + slug(school.short), region.domain)
    return mailbox, nom, sender


def body_lines(rng, nom: Nominee, items: list[str]) -> list[str]:
    """Items the document leaves to the mail body ('Số điện thoại của cô …: …')."""
    out = []
    for item in items:
        value = nom.written(item, ignore_hidden=True)
        if value is None:
            continue
        label = rng.choice(LABELS_BODY[item])
        if item == "summary" and nom.shown("summary"):
            out.append(f"{label}:")
            out += [f"- {a.text}" for a in nom.achievements]
        else:
            out.append(f"{label}{' của ' + nom.name if chance(rng, 0.3) else ''}: {value}")
    return out


def notes_for(nom: Nominee) -> list[str]:
    notes = []
    for item, state in nom.state.items():
        if state == "placeholder":
            notes.append(f"{item} written as '{nom.placeholder[item] or '(empty)'}' (missing)")
        elif state == "omit":
            notes.append(f"no {item} anywhere")
    if not nom.want_photo:
        notes.append("no photo")
    if not nom.want_evidence:
        notes.append("no evidence")
    return notes


def body_kv_text(rng, nom: Nominee, links: list[str]) -> list[str]:
    style = draw_style(rng)
    style.leader = None
    lines = []
    for label, value in kv_lines(rng, style, entries(rng, nom, style, links)):
        lines.append(f"{label}{value}" if label else value)
    return lines


def build(ctx: Ctx, layout: str) -> Draft:
    rng, year = ctx.rng, ctx.year
    kind = {"official_collective": "collective", "cv_hs02": "individual", "prose": None if chance(rng, 0.2) else "individual"}.get(layout)
    mailbox, nom, sender = setup(ctx, kind)
    hard: list[str] = []
    content = CONTENT.get(layout)
    container = "docx"
    encoding = None
    if layout in ("legacy_tcvn3", "legacy_vni"):
        content, encoding = rng.choice(["kv", "table2", "official"]), layout.split("_")[1]
        hard.append(f"DOCX typed in {encoding.upper()} legacy font encoding")
    elif layout in ("pdf_text", "pdf_scan", "photo_scan", "zip"):
        content = rng.choice(["kv", "table2", "table4", "official"] if layout == "pdf_text" else ["kv", "table2", "official"])
        container = {"pdf_text": "pdf", "pdf_scan": "scan", "photo_scan": "photo", "zip": "zip"}[layout]
    elif layout in ("body_plain", "body_html_table", "prose"):
        container = "body"
    middle: list[str] = []
    if content == "cv":
        variant = rng.choice(CV_VARIANTS)
        nom.hidden = {"email", "summary"} | ({"phone"} if variant == "HS02-VC" else set())
        hard.append(f"CV form {variant}: Nơi sinh/Quê quán are not the address; no e-mail/achievements on the form")
    elif content == "official" and chance(rng, 0.3):
        nom.hidden = {"phone", "email"}
        hard.append("phone/e-mail given in the mail body, not in the report")
    if layout == "prose" or (content in ("official", "cv") and nom.individual):
        nom.show_field = False
    embed_ok = container in ("docx", "pdf", "zip") and content != "table4" and (nom.individual or content != "official")
    dos = dossier.build(rng, nom, year, embed_ok=embed_ok, doc_links_ok=content in ("kv", "table2", "table3", "below"))
    hard += dos.notes
    # the profile document(s)
    atts: list[Attachment] = []
    doc: Doc | None = None
    if content == "official":
        doc = report_individual(rng, nom, year, dos.portrait) if nom.individual else report_collective(rng, nom, year)
        hard.append("statutory BÁO CÁO THÀNH TÍCH: summary is section II only; Quê quán / duties / award tables are distractors")
    elif content == "cv":
        doc = cv(rng, nom, year, variant, dos.portrait)
        middle += body_lines(rng, nom, ["phone", "email", "summary"] if "phone" in nom.hidden else ["email", "summary"])
    elif content is not None:
        doc = profile_doc(rng, nom, year, content, dos.doc_links, dos.portrait)
    if content == "official" and "phone" in nom.hidden:
        middle += body_lines(rng, nom, ["phone", "email"])
    if doc is not None and container == "body":
        doc = None
    if layout == "docx_kv" and nom.shown("phone") and not nom.hidden and chance(rng, 0.12):
        from .contacts import mobile
        other = mobile(rng)
        middle.append(f"SĐT liên hệ của {nom.name}: {other.written}")
        nom.review = ["phone"]
        hard.append("body gives a second, different phone for the nominee (review)")
    # containers
    what = rng.choice(["hồ sơ điển hình tiên tiến", "thông tin điển hình tiên tiến", "hồ sơ đề nghị công nhận điển hình tiên tiến"])
    what += f" của {nom.name}" if nom.individual and chance(rng, 0.6) else ""
    text = html = None
    if container == "docx":
        nfd = encoding is None and chance(rng, 0.08)
        if nfd:
            hard.append("all DOCX text is Unicode NFD")
        atts.append(Attachment(doc_name(rng, nom, "docx", content == "official", content == "cv"),
                               render_docx(doc, rng, encoding, nfd, split_runs=0.25), DOCX, "profile", doc=doc))
    elif container == "pdf":
        atts.append(Attachment(doc_name(rng, nom, "pdf", content == "official"), render_pdf(doc, rng.choice(["serif", "sans"])),
                               "application/pdf", "profile", doc=doc))
        hard.append("profile is a PDF with a text layer; long lines wrap")
    elif container == "scan":
        pages = scan.render_pages(doc, rng)
        name = rng.choice(["scan0001.pdf", "Ho so (ban scan).pdf", f"{nom.name} - scan.pdf", f"SCAN_{hex_token(rng, 6)}.pdf"])
        atts.append(Attachment(name, scan.scan_pdf(pages, rng), "application/pdf", "profile", doc=doc))
        hard.append(f"scanned PDF ({len(pages)} page(s)) without a text layer: needs OCR")
    elif container == "photo":
        pages = scan.render_pages(doc, rng)
        for i, page in enumerate(pages):
            name = rng.choice([f"z{rng.randint(10**12, 10**13)}_{hex_token(rng, 32)}.jpg", f"IMG_{rng.randint(1000, 9999)}.JPG",
                               f"Ảnh chụp hồ sơ {i + 1}.jpg"])
            atts.append(Attachment(name, scan.photo_jpeg(page, rng), "image/jpeg", "profile"))
        hard.append("profile sent as phone photos of the printed page(s) (OCR; these photos are neither portrait nor evidence)")
    elif container == "zip":
        inner = doc_name(rng, nom, "docx" if chance(rng, 0.7) else "pdf", content == "official")
        data = render_docx(doc, rng) if inner.endswith(".docx") else render_pdf(doc)
        folder = rng.choice(["", "", "Ho so/", f"{fold(nom.name)}/"])
        members = [(folder + inner, data)] + [(folder + a.filename, a.data) for a in dos.attachments]
        zname = rng.choice([f"Ho so DHTT - {fold(nom.unit)}.zip", f"{nom.name}.zip", "HOSO.zip", f"Hồ sơ {nom.name}.zip"])
        atts.append(Attachment(zname, make_zip(members), "application/zip", "profile"))
        dos.attachments = []
        hard.append("the whole dossier is inside a ZIP (evidence = member base names)" + (f" in folder '{folder}'" if folder else ""))
    elif layout == "body_plain":
        middle += body_kv_text(rng, nom, dos.doc_links)
        hard.append("nominee data typed in the mail body")
    elif layout == "body_html_table":
        table_doc = Doc().add(P(rng.choice(["THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN", "Thông tin điển hình"]), bold=True),
                              *table_blocks(rng, nom, dos.doc_links, 2))
        middle.append("[[TABLE]]")
        html_table = to_html(table_doc)
        hard.append("HTML-only body with the data in an HTML table")
    elif layout == "prose":
        lines, notes = prose(rng, nom, dos.doc_links)
        hard += notes
        if chance(rng, 0.55):
            middle += lines
            hard.append("prose in the mail body; achievements are sentences")
        else:
            article = Doc().add(P(rng.choice(["GƯƠNG ĐIỂN HÌNH TIÊN TIẾN", "BÀI VIẾT GIỚI THIỆU ĐIỂN HÌNH"]), bold=True, align="center"),
                                *[P(line, align="justify") for line in lines])
            atts.append(Attachment(f"Bài viết - {nom.name}.docx", render_docx(article, rng), DOCX, "profile", doc=article))
            hard.append("prose article in a DOCX (the article is not evidence)")
    middle += [f"Link minh chứng: {link}" for link in dos.body_links]
    atts += dos.attachments
    text = bodies.cover_text(rng, mailbox, sender, what, year, middle, [a.filename for a in atts] if atts else None)
    if layout == "body_html_table":
        html = bodies.text_to_html(text, rng).replace("<div>[[TABLE]]</div>", html_table)
        text = None
    elif chance(rng, 0.85):
        html = bodies.text_to_html(text, rng)
        if sender.client in ("outlook", "zimbra", "gmail") and chance(rng, 0.15):
            cid = f"image001.png@01DA{hex_token(rng, 4, True)}.{hex_token(rng, 8, True)}"
            html = html[:-6] + f'<div><img src="cid:{cid}" width="96" height="96"></div></div>'
            atts.append(Attachment("image001.png", images.logo(rng, nom.school.short), "image/png", "other", inline_cid=cid))
            hard.append("signature logo as an inline cid: image (not a photo, not evidence)")
    if chance(rng, 0.06) and text:
        # Windows-1258 body: combining tone marks after the base letter
        draft_charset = "windows-1258"
        hard.append("mail body in windows-1258 (tones as combining marks)")
    else:
        draft_charset = "utf-8"
    who = nom.name if nom.individual else nom.unit
    draft = Draft(mailbox, sender, bodies.subject(rng, "profile", nom.unit, who, year), text, html, atts,
                  [profile_record(nom)], layout=layout, case=f"{layout}_{nom.kind}", hard=hard + notes_for(nom),
                  charset=draft_charset, nominees=[nom])
    draft.meta["doc"] = doc
    return draft
