"""Photos and evidence of a nominee: portraits (attached or embedded), certificates, decisions, links, decoys."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import images
from .doc import Doc, P
from .docx_writer import render_docx
from .draft import Attachment
from .nominee import Nominee
from .pdf_writer import render_pdf
from .pools_work import skkn_topic
from .util import chance, fold, token

PORTRAIT_NAMES = ["Ảnh chân dung.jpg", "anh the.jpg", "IMG_{n}.JPG", "chan dung.png", "Ảnh 3x4 - {name}.jpg", "{name}.jpg",
                  "{ascii}.jpeg", "Ảnh {name}.jpg", "anh chan dung {ascii}.jpg", "Ảnh thẻ.jpg"]
GROUP_NAMES = ["Ảnh tập thể.jpg", "Anh tap the truong.jpg", "Ảnh tập thể cán bộ giáo viên.jpg", "Ảnh toàn trường.jpg"]
ACTIVITY_NAMES = ["Ảnh hoạt động {i}.jpg", "IMG_2023{m:02d}{d:02d}_{t}.jpg", "hoat dong ngoai khoa {i}.jpg",
                  "Hình ảnh hoạt động {i}.jpg", "anh hoat dong {i}.JPG"]
CERT_NAMES = ["Giấy khen {y}.jpg", "GK CSTĐ cơ sở.jpg", "Bằng khen UBND tỉnh.jpg", "Bang khen {y}.pdf", "GK UBND huyện.pdf",
              "Giay khen GVDG.jpg", "Bằng khen Bộ GD&ĐT.pdf", "Minh chứng - Giấy khen.jpg"]
DECISION_NAMES = ["QĐ công nhận CSTĐCS.pdf", "Quyết định công nhận GVDG cấp tỉnh.pdf", "QD khen thuong {y}.pdf"]


@dataclass
class Dossier:
    """What a nominee's mail carries besides the profile itself."""

    attachments: list[Attachment] = field(default_factory=list)
    portrait: bytes | None = None          # to embed in the profile document
    doc_links: list[str] = field(default_factory=list)   # links written in the document
    body_links: list[str] = field(default_factory=list)  # links written in the mail body
    notes: list[str] = field(default_factory=list)


def drive_link(rng: random.Random) -> str:
    kind = rng.randint(0, 5)
    if kind == 0:
        return f"https://drive.google.com/drive/folders/1{token(rng, 32)}?usp=sharing"
    if kind == 1:
        return f"https://drive.google.com/file/d/1{token(rng, 32)}/view?usp=drive_link"
    if kind == 2:
        return f"https://1drv.ms/f/s!{token(rng, 6)}-{token(rng, 20)}?e={token(rng, 6)}"
    if kind == 3:
        tenant = rng.choice(["moetvn", "sgddt", "edu365", "hcmuevn"])
        return f"https://{tenant}-my.sharepoint.com/:f:/g/personal/{token(rng, 8).lower()}_{tenant}_onmicrosoft_com/E{token(rng, 40)}?e={token(rng, 6)}"
    if kind == 4:
        return f"https://docs.google.com/presentation/d/1{token(rng, 40)}/edit?usp=sharing"
    return f"https://drive.google.com/drive/u/0/folders/1{token(rng, 30)}"


def _tagged(rng: random.Random, name: str, nom: Nominee, tag: bool, i: int) -> str:
    """In multi-nominee mail every file names its nominee ('1. Giấy khen 2023 - Lê Thị Hoa.jpg')."""
    if not tag:
        return name
    stem, _, ext = name.rpartition(".")
    return f"{i}. {stem} - {nom.name}.{ext}" if chance(rng, 0.5) else f"{stem} - {nom.name}.{ext}"


def portrait_attachment(rng: random.Random, nom: Nominee, tag: bool = False) -> Attachment:
    if nom.individual:
        name = rng.choice(PORTRAIT_NAMES).format(n=rng.randint(1000, 9999), name=nom.name, ascii=fold(nom.name))
        if tag and nom.name not in name and fold(nom.name) not in name:
            name = f"Ảnh chân dung - {nom.name}.jpg"
        data = images.portrait(rng, "PNG" if name.lower().endswith(".png") else "JPEG")
    else:
        name = rng.choice(GROUP_NAMES)
        if tag:
            name = f"Ảnh tập thể - {nom.name}.jpg"
        data = images.group_photo(rng)
    ctype = "image/png" if name.lower().endswith(".png") else "image/jpeg"
    return Attachment(name, data, ctype, role="photo")


def evidence_files(rng: random.Random, nom: Nominee, year: int, n: int, tag: bool = False) -> list[Attachment]:
    out, used = [], set()
    who = f"{'Cô' if nom.person and nom.person.gender == 'f' else 'Thầy'} {nom.name}" if nom.individual else nom.name
    for i in range(n):
        kind = rng.choice(["cert", "cert", "activity", "decision", "skkn"] if nom.individual else ["cert", "activity", "activity"])
        if kind == "cert":
            name = rng.choice(CERT_NAMES).format(y=year - rng.randint(1, 3))
            title = "BẰNG KHEN" if fold(name).lower().startswith("bang") else "GIẤY KHEN"
            lines = [f"Tặng: {who}", nom.unit, "Đã có thành tích xuất sắc trong năm học"]
            data = images.certificate_pdf(rng, title, lines) if name.endswith(".pdf") else images.certificate_jpeg(rng, title, lines)
        elif kind == "activity":
            name = rng.choice(ACTIVITY_NAMES).format(i=i + 1, m=rng.randint(1, 12), d=rng.randint(1, 28), t=rng.randint(100000, 235959))
            data = images.activity_photo(rng)
        elif kind == "decision":
            name = rng.choice(DECISION_NAMES).format(y=year - 1)
            doc = Doc(size=12).add(P("ỦY BAN NHÂN DÂN", bold=True), P("QUYẾT ĐỊNH", bold=True, align="center"),
                                   P(f"Về việc công nhận danh hiệu thi đua năm học {year - 2}-{year - 1}", align="center"),
                                   P(f"Điều 1. Công nhận danh hiệu cho {rng.randint(5, 40)} cá nhân có tên trong danh sách kèm theo."),
                                   P("Điều 2. Quyết định có hiệu lực kể từ ngày ký."), P(f"Danh sách: 1. {nom.name} - {nom.unit}"))
            data = render_pdf(doc, "sans")
        else:
            topic = skkn_topic(rng)
            name = f"SKKN - {topic if len(topic) <= 55 else topic[:55].rsplit(' ', 1)[0]}.docx"
            doc = Doc().add(P("SÁNG KIẾN KINH NGHIỆM", bold=True, align="center"), P(name[7:-5], bold=True, align="center"),
                            P(f"Tác giả: {nom.name}"), P("I. ĐẶT VẤN ĐỀ", bold=True),
                            P("Trong những năm gần đây, việc đổi mới phương pháp dạy học được quan tâm ..."))
            data = render_docx(doc, rng)
        if name in used:
            stem, _, ext = name.rpartition(".")
            name = f"{stem} ({i + 1}).{ext}"
        used.add(name)
        name = _tagged(rng, name, nom, tag, i + 1)
        ctype = {"jpg": "image/jpeg", "JPG": "image/jpeg", "pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[name.rpartition(".")[2]]
        out.append(Attachment(name, data, ctype, role="evidence"))
    return out


def build(rng: random.Random, nom: Nominee, year: int, embed_ok: bool = False, doc_links_ok: bool = True,
          tag: bool = False) -> Dossier:
    """Decide and build the photo/evidence of one nominee and set ``nom.photos``/``nom.evidence`` (the truth)."""
    d = Dossier()
    if nom.want_photo:
        if embed_ok and chance(rng, 0.35):
            d.portrait = images.portrait(rng)
            d.notes.append("portrait embedded in the document")
        else:
            d.attachments.append(portrait_attachment(rng, nom, tag))
            if d.attachments[-1].filename.startswith("IMG_"):
                d.notes.append("portrait has a camera file name (IMG_…)")
        nom.photos = 1
    if nom.want_evidence:
        mode = rng.choice(["files", "files", "links", "both"])
        if mode in ("files", "both"):
            d.attachments += evidence_files(rng, nom, year, rng.randint(1, 3), tag)
        if mode in ("links", "both"):
            links = [drive_link(rng) for _ in range(rng.randint(1, 2))]
            if doc_links_ok and chance(rng, 0.5):
                d.doc_links = links
            else:
                d.body_links = links
            d.notes.append("evidence as a cloud link")
        nom.evidence = [a.filename for a in d.attachments if a.role == "evidence"] + d.doc_links + d.body_links
    if chance(rng, 0.1):
        d.attachments.append(Attachment("logo truong.png", images.logo(rng, nom.school.short), "image/png", role="other"))
        d.notes.append("a school logo attached (neither photo nor evidence)")
    rng.shuffle(d.attachments)
    return d
