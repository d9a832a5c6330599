"""Submissions that must end as *failed* with a reason: corrupt or empty DOCX, password PDF, cut base64, bad boundary."""

from __future__ import annotations

from . import bodies
from .ctx import Ctx
from .docx_writer import render_docx
from .draft import Attachment, Draft
from .layouts_profile import DOCX, doc_name, setup
from .pdf_writer import render_pdf
from .profile_layouts import profile_doc

KINDS = ["corrupt_docx", "truncated_base64", "pdf_password", "broken_boundary", "empty_docx"]


def _truncate_in_attachment(marker: bytes):
    """Cut the message in the middle of the base64 body that follows ``marker`` (no closing boundary)."""

    def mangle(raw: bytes) -> bytes:
        start = raw.find(marker)
        body = raw.find(b"\n\n", start) + 2
        end = raw.find(b"\n--", body)
        cut = body + max(200, (end - body) // 2)
        return raw[:cut - (cut - body) % 77 + 40]

    return mangle


def _wrong_boundary(raw: bytes) -> bytes:
    head, sep, body = raw.partition(b"\n\n")
    import re

    m = re.search(rb'boundary="([^"]+)"', head)
    if not m:
        return raw
    return head.replace(m.group(1), m.group(1)[::-1] + b"X", 1) + sep + body


def build(ctx: Ctx, kind: str) -> Draft:
    rng, year = ctx.rng, ctx.year
    mailbox, nom, sender = setup(ctx, "individual")
    doc = profile_doc(rng, nom, year, rng.choice(["kv", "table2"]), [])
    name = doc_name(rng, nom, "docx")
    data = render_docx(doc, rng)
    mangle = None
    if kind == "corrupt_docx":
        data = data[: len(data) // 3] + bytes(rng.randint(0, 255) for _ in range(500))
        reason = f"the only profile document ({name}) is not a readable DOCX (damaged ZIP container)"
        hard = "the only dossier is a DOCX whose ZIP container is cut and padded with garbage"
    elif kind == "empty_docx":
        data = b""
        reason = f"the only profile document ({name}) is empty (0 bytes)"
        hard = "the only dossier is a zero-byte DOCX"
    elif kind == "pdf_password":
        name = name[:-5] + ".pdf"
        data = render_pdf(doc, password=str(rng.randint(1000, 9999)))
        reason = "the only profile document is a password-protected PDF"
        hard = "the only dossier is an encrypted PDF (user password)"
    elif kind == "truncated_base64":
        mangle = _truncate_in_attachment(b"Content-Type: " + DOCX.encode())
        reason = "message truncated inside the base64 DOCX attachment"
        hard = "message cut off inside the base64 of the DOCX, no closing boundary"
    else:
        mangle = _wrong_boundary
        reason = "the multipart boundary declared in Content-Type never occurs: no readable part"
        hard = "multipart/mixed whose declared boundary differs from the one used by the parts"
    ctype = "application/pdf" if name.endswith(".pdf") else DOCX
    att = Attachment(name, data, ctype, "profile")
    text = bodies.cover_text(rng, mailbox, sender, "hồ sơ điển hình tiên tiến", year, None, [name])
    return Draft(mailbox, sender, bodies.subject(rng, "profile", nom.unit, nom.name, year), text,
                 None, [att], category="malformed", layout=f"malformed_{kind}", case=kind, hard=[hard], mangle=mangle,
                 truth_extra={"failure_reason": reason})
