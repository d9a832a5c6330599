"""The mail generator: deterministic, schema-valid truth, parseable mail, values really present in documents."""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
import unicodedata
import zipfile

import docx
import openpyxl
import pypdfium2 as pdfium
import pytest

from tests.mailgen import legacy
from tests.mailgen.plan import generate, write
from tests.mailgen.truth import message_truth, validate

SEED, COUNT = 11, 40


@pytest.fixture(scope="module")
def items():
    return generate(SEED, COUNT)


def test_same_seed_same_bytes(items, tmp_path):
    again = generate(SEED, COUNT)
    assert [i.file for i in items] == [i.file for i in again]
    for a, b in zip(items, again):
        assert a.raw == b.raw, a.file
    write(items, tmp_path / "a", SEED)
    write(again, tmp_path / "b", SEED)
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_other_seed_differs(items):
    other = generate(SEED + 1, 8)
    assert other[0].raw != items[0].raw


def test_every_kind_is_covered(items):
    layouts = {i.draft.layout for i in items}
    for expected in ("docx_kv", "official_report", "cv_hs02", "pdf_scan", "xlsx_reg", "legacy_vni", "forward", "prose"):
        assert expected in layouts
    assert {i.draft.category for i in items} >= {"submission", "unrelated", "malformed", "auto_reply", "bounce"}


def test_truth_follows_the_schema_rules(items):
    for item in items:
        truth = message_truth(item.file, item.draft, "x")
        assert validate(truth) == [], (item.file, validate(truth))
        json.dumps(truth, ensure_ascii=False)
        for rec in truth["records"]:
            if rec["phone"]:
                assert re.fullmatch(r"\+84\d{8,10}", rec["phone"])
            if rec["email"]:
                assert rec["email"] == rec["email"].lower()


def test_validator_catches_errors(items):
    item = next(i for i in items if i.draft.records and i.draft.records[0]["form"] == "profile")
    truth = json.loads(json.dumps(message_truth(item.file, item.draft, "x")))
    truth["records"][0]["missing"] = ["phone"]
    truth["records"][0]["status"] = "complete"
    assert validate(truth)


def test_every_message_parses_with_the_stdlib(items):
    mailboxes = {}
    for item in items:
        msg = email.message_from_bytes(item.raw, policy=email.policy.default)
        assert msg["Message-ID"] == item.draft.message_id
        delivered = msg["Delivered-To"]
        mailboxes.setdefault(delivered, set()).add(item.draft.mailbox.name)
        if item.draft.category != "malformed":
            for part in msg.walk():
                if not part.is_multipart():
                    part.get_payload(decode=True)
    assert all(len(names) == 1 for names in mailboxes.values()), mailboxes


def _inverse_tables() -> tuple[dict, dict]:
    vn3 = {v: k for k, v in legacy.VN3.items()}
    vni_pairs = {}
    for ch in "".join(chr(c) for c in range(0xC0, 0x1EFA)) + "đĐ":
        if unicodedata.category(ch).startswith("L"):
            code = legacy.vni(ch)
            if code != ch:
                vni_pairs[code] = ch
    return vn3, vni_pairs


VN3_INV, VNI_INV = _inverse_tables()


def _decode_legacy(runs) -> str:
    """Inverse of the generator's encoders (so the spot checks read legacy DOCX too)."""
    vn3, vni_pairs = VN3_INV, VNI_INV
    out = []
    for text, font in runs:
        if font and font.startswith(".Vn"):
            decoded = "".join(vn3.get(c, c) for c in text)
            out.append(decoded.upper() if font.endswith("H") else decoded)
        elif font and font.startswith("VNI"):
            i, buf = 0, []
            while i < len(text):
                two, one = text[i:i + 2], text[i]
                if two in vni_pairs:
                    buf.append(vni_pairs[two])
                    i += 2
                else:
                    buf.append(vni_pairs.get(one, one))
                    i += 1
            out.append("".join(buf))
        else:
            out.append(text)
    return "".join(out)


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    paragraphs = list(d.paragraphs) + [p for t in d.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    lines = [_decode_legacy([(r.text, r.font.name) for r in p.runs]) for p in paragraphs]
    return unicodedata.normalize("NFC", "\n".join(lines))


def document_text(name: str, data: bytes) -> str | None:
    if name.endswith(".docx"):
        return docx_text(data)
    if name.endswith(".xlsx"):
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    if name.endswith(".pdf"):
        pdf = pdfium.PdfDocument(data)
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
        return text.strip() or None   # scans have no text layer
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(document_text(n, z.read(n)) or "" for n in z.namelist() if n.endswith((".docx", ".pdf")))
    return None


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_rendered_values_are_in_the_documents(items):
    checked = 0
    for item in items:
        d = item.draft
        if d.category != "submission" or d.layout in ("forward", "photo_scan", "pdf_scan"):
            continue
        texts = [d.text or "", d.html or ""]
        for att in d.attachments:
            if att.role == "profile":
                texts.append(document_text(att.filename, att.data) or "")
        if any(a.role == "profile" and a.filename.endswith((".pdf", ".zip")) for a in d.attachments):
            # a PDF text layer interleaves table columns and wraps lines: only the surname must be there
            corpus = _squash("\n".join(texts))
            for rec in d.records:
                assert _squash(rec["name"].split()[0]) in corpus, (item.file, rec["name"])
            continue
        corpus = _squash("\n".join(texts))
        digits = re.sub(r"\D", "", corpus)
        for rec in d.records:
            if rec["form"] == "registration":
                assert _squash(rec["model_title"]) in corpus, (item.file, rec["model_title"])
                continue
            assert _squash(rec["name"]) in corpus, (item.file, rec["name"])
            if rec["address"]:
                assert _squash(rec["address"]) in corpus, (item.file, rec["address"])
            if rec["phone"] and d.layout != "xlsx_profiles":
                national = rec["phone"][3:]
                assert national in digits, (item.file, rec["phone"])
            if rec["email"]:
                local = rec["email"].split("@")[0]
                assert local in corpus, (item.file, rec["email"])
            if rec["achievement_summary"]:
                first = rec["achievement_summary"].split("\n")[0]
                assert _squash(first) in corpus, (item.file, first)
            checked += 1
    assert checked >= 10
