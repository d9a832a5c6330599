"""Store: migrations, archive durability, constraints — on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from store.archive import Archive
from store.db import migrate, open_database, session
from store.models import Message, Nomination, NominationMessage, OutgoingMail


def test_migrations_create_every_table_and_are_idempotent(database_url):
    engine = open_database(database_url)
    migrate(engine)  # a second upgrade is a no-op
    tables = set(inspect(engine).get_table_names())
    assert {"mailbox_state", "message", "attachment", "parse_attempt", "nomination",
            "nomination_message", "evidence", "outgoing_mail", "alembic_version"} <= tables


def _message(**overrides) -> Message:
    values = dict(mailbox="vutdkt", folder="INBOX", uid=1, uidvalidity=4_000_000_000, sha256="a" * 64, size=10)
    values.update(overrides)
    return Message(**values)


def test_same_uid_cannot_be_stored_twice(database_url):
    engine = open_database(database_url)
    with session(engine) as db:
        db.add(_message())
        db.commit()
    with session(engine) as db:
        db.add(_message(sha256="b" * 64))
        with pytest.raises(IntegrityError):
            db.commit()


def test_uidvalidity_above_2_to_the_31_fits(database_url):
    engine = open_database(database_url)
    with session(engine) as db:
        db.add(_message(uid=3_000_000_000))
        db.commit()
        assert db.get(Message, 1).uidvalidity == 4_000_000_000


def test_nomination_and_outbox_rows_roundtrip_json_and_vietnamese(database_url):
    engine = open_database(database_url)
    with session(engine) as db:
        message = _message()
        db.add(message)
        db.commit()
        record = Nomination(form="profile", kind="individual", name="Nguyễn Thị Hoa", unit="Trường THCS Nguyễn Du",
                            missing=["photo"], status="incomplete", mailbox="vutdkt", sources=["Hồ sơ.docx"])
        db.add(record)
        db.commit()
        db.add(NominationMessage(nomination_id=record.id, message_id=message.id))
        db.add(OutgoingMail(kind="flag", dedupe_key=f"flag:{message.id}", recipient="a@b.vn", subject="Đề nghị bổ sung",
                            body_text="Kính gửi", header_message_id="<x@dienhinh>"))
        db.commit()
    with session(engine) as db:
        stored = db.get(Nomination, record.id)
        assert stored.missing == ["photo"] and stored.sources == ["Hồ sơ.docx"] and stored.name == "Nguyễn Thị Hoa"
        db.add(OutgoingMail(kind="flag", dedupe_key=f"flag:{message.id}", recipient="a@b.vn", subject="again",
                            body_text="x", header_message_id="<y@dienhinh>"))
        with pytest.raises(IntegrityError):  # one mail per decision
            db.commit()


def test_archive_is_content_addressed_and_idempotent(tmp_path):
    archive = Archive(tmp_path)
    data = "Nội dung thư".encode()
    digest = archive.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert archive.put(data) == digest
    path = archive.path_for(digest)
    assert path.read_bytes() == data and path.parent.parent.parent.name == "raw"
    assert not list(path.parent.glob(".*.tmp"))
    with pytest.raises(ValueError):
        archive.path_for("../../etc/passwd")
