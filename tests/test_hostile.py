"""Hostile mail through the real pipeline (Dovecot in, SMTP out): every bound holds and is named.

The inputs are built in code and are small on the wire (dienhinh.devservers.hostile).
"""

from __future__ import annotations

import json
import time

import pytest
from sqlmodel import select

import pipeline.leases as leases
import pipeline.stages as stages
from config import ParseLimits
from dienhinh.devservers import hostile as h
from parsers import parse_message
from parsers.budget import MessageLimit
from store import Message, open_database, session
from tests.test_pipeline import env  # noqa: F401 - the fixture: two mailboxes, an SMTP server, a config

MiB = 1024 * 1024


def _storage_bytes(path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _show(env, message_id: int) -> dict:
    return json.loads(env.cli("show", str(message_id), "--json").stdout)


def test_zip_bombs_are_refused_member_by_member_and_not_stored(env, tmp_path):
    raw = h.zip_bomb_mail(members=1, member_mib=60, zips=2)  # 2 x 60 MiB members at 95:1, about 2.5 MB sent
    assert len(raw) < 3 * MiB
    before = _storage_bytes(tmp_path / "archive") if (tmp_path / "archive").exists() else 0
    env.deliver("vutdkt", raw)
    started = time.monotonic()
    env.poll()
    assert time.monotonic() - started < 60
    [message] = env.messages()
    assert message["status"] == "parsed"  # the body still gave the record
    assert "archive member over the attachment limit of 52428800 bytes was not extracted" in message["reason"]
    members = [a for a in _show(env, message["id"])["attachments"] if "/" in a["filename"]]
    assert [(a["status"], a["size"], a["summary"].get("stored")) for a in members] == [("skipped", 60 * MiB, False)] * 2
    assert all("over the attachment limit" in a["reason"] for a in members)
    assert _storage_bytes(tmp_path / "archive") - before <= 3 * len(raw)


def test_files_past_the_messages_storage_budget_are_listed_not_stored():
    limits = ParseLimits(message_stored_floor=0, message_stored_ratio=1.5)
    data = h.zip_of({f"Minh chứng {i}.pdf": (20 * MiB, 95) for i in range(4)})  # 80 MiB from about 0.9 MB
    parsed = parse_message(h.mail(attachments=[("Hồ sơ.zip", data, "application/zip")]).as_bytes(), limits)
    kept = [f for f in parsed.files if f.stored]
    assert sum(f.size for f in kept) <= 1.5 * len(data) * 4 / 3 + 1024 * 1024
    dropped = [f for f in parsed.files if not f.stored]
    assert dropped and all(f.data == b"" and f.size == 20 * MiB and f.reason.startswith("not stored") for f in dropped)
    assert "files over the message's storage limit were not stored" in parsed.limits_hit


def test_bombs_in_documents_and_pictures_fail_alone_in_bounded_time():
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    raw = h.mail(attachments=[("Hồ sơ.docx", h.xml_bomb_docx(), docx), ("Ảnh.png", h.png_bomb(), "image/png"),
                              ("Minh chứng.pdf", h.pdf_huge_stream(200), "application/pdf")]).as_bytes()
    assert len(raw) < 2 * MiB
    started = time.monotonic()
    parsed = parse_message(raw)
    assert time.monotonic() - started < 60
    xml, png, pdf = parsed.files
    assert xml.status == "failed" and "amplification" in xml.reason
    assert png.status == "failed" and "12000 x 12000 pixels (limit 80000000)" in png.reason
    assert pdf.status in ("parsed", "failed") and sum(len(p.text) for p in (pdf.document.paragraphs if pdf.document else [])) < 100_000


def test_too_many_parts_fails_the_message_naming_the_limit():
    with pytest.raises(MessageLimit, match="more than 1000 MIME parts in the message"):
        parse_message(h.many_parts_mail(1500))


def test_a_50_mb_body_is_read_up_to_its_limit_and_the_summary_capped(env, tmp_path):
    raw = h.huge_body_mail(mib=47)  # under the mailbox's 50 MiB message limit
    env.deliver("vutdkt", raw)
    started = time.monotonic()
    env.poll()
    assert time.monotonic() - started < 90
    [message] = env.messages()
    assert message["status"] == "parsed"
    assert "text body longer than 1048576 bytes: only the first 1048576 bytes were read" in message["reason"]
    assert "achievement_summary longer than 5000 characters" in message["reason"]
    [record] = env.records()
    assert record["name"] == "Nguyễn Thị Hoa" and len(record["achievement_summary"]) <= 5000
    assert record["achievement_summary"].endswith("…") and "achievement_summary" in record["review"]


def test_a_1_mib_subject_gets_a_short_reply(env):
    env.deliver("vutdkt", h.huge_subject_mail(1))
    env.poll()
    [message] = env.messages()
    assert len(message["subject"]) <= 1000
    [reply] = env.smtp.messages
    assert len(reply.data) < 100_000
    assert str(reply.message["Subject"]).startswith("Re: Hồ sơ điển hình") and len(str(reply.message["Subject"])) <= 210


def test_a_submission_forwarded_50_deep_fails_naming_the_depth(env):
    env.deliver("vutdkt", h.deep_forward_mail(50))
    env.poll()
    [message] = env.messages()
    assert message["status"] == "failed"
    assert "forwarded mail nested deeper than 10 levels" in message["reason"]
    assert env.smtp.messages == []


def test_names_shown_lose_bidi_controls_but_the_stored_name_keeps_them(env):
    env.deliver("vutdkt", h.rtl_name_mail())
    env.poll()
    [message] = env.messages()
    [record] = env.records()
    assert "Giấy khengpj.exe" in record["evidence"]
    assert not any("\u202e" in e for e in record["evidence"] + record["sources"])
    [spoofed] = [a for a in _show(env, message["id"])["attachments"] if "exe" in a["filename"]]
    assert spoofed["filename"] == "Giấy khen\u202egpj.exe" and spoofed["display_name"] == "Giấy khengpj.exe"
    assert "\u202e" not in env.cli("show", str(message["id"])).stdout


def test_an_undecodable_heic_named_as_the_portrait_is_not_the_photo(env):
    env.deliver("vutdkt", h.bad_heic_mail())
    env.poll()
    [message] = env.messages()
    [record] = env.records()
    assert record["photos"] == 0 and "photo" in record["review"] and "photo" not in record["missing"]
    assert "picture 'Ảnh chân dung.heic' not counted as the nominee's photo: it could not be decoded" in message["reason"]


def test_lease_renewals_go_through_while_a_message_is_being_extracted(env, tmp_path, monkeypatch):
    """Extraction holds no transaction: the heartbeat commits on SQLite meanwhile."""
    monkeypatch.setattr(leases, "HEARTBEAT_SECONDS", 0.2)
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    seen = []
    real = stages.extract_drafts

    def slow_extract(submission):
        with session(engine) as db:
            before = db.exec(select(Message.claim_expires_at)).one()
        time.sleep(1.5)
        with session(engine) as db:
            seen.append((before, db.exec(select(Message.claim_expires_at)).one()))
        return real(submission)

    monkeypatch.setattr(stages, "extract_drafts", slow_extract)
    env.deliver("vutdkt", h.mail().as_bytes())
    env.poll()
    [(before, after)] = seen
    assert after > before  # renewed during extraction, not blocked behind it
    assert env.messages()[0]["status"] == "parsed"
    engine.dispose()
