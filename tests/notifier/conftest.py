"""Fixtures for the notifier: a real SMTP server, SMTP settings, rows built in code."""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from config.settings import Settings, SmtpConfig
from dienhinh.devservers.smtp import SmtpServer
from notifier.retry import RetryPolicy
from parsers.mime import MailMessage, parse_mime
from store.db import open_database
from store.models import Message, Nomination, NominationMessage

FROM = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"
FAST = RetryPolicy(tries=2, wait_seconds=0, backoff_seconds=60, max_attempts=5)
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def smtp_server(tmp_path):
    with SmtpServer(mbox_path=tmp_path / "sent.mbox") as server:
        yield server


def smtp_config(server: SmtpServer, **overrides) -> SmtpConfig:
    values = {"host": server.host, "port": server.port, "security": "none", "from": FROM, "timeout_seconds": 5}
    values.update(overrides)
    return SmtpConfig.model_validate(values)


@pytest.fixture
def smtp(smtp_server) -> SmtpConfig:
    return smtp_config(smtp_server)


@pytest.fixture
def engine(database_url):
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def make_settings(smtp: SmtpConfig | None, **digest) -> Settings:
    data: dict = {"digest": {"reviewers": ["reviewer@example.org"], **digest}}
    if smtp is not None:
        data["smtp"] = smtp.model_dump(by_alias=True, exclude_none=True)
    return Settings.model_validate(data)


def school_mail(
    subject: str = "Gửi hồ sơ điển hình tiên tiến - Trường THCS Nguyễn Du",
    sender: str = "c2nguyendu@example.edu.vn",
    headers: dict[str, str] | None = None,
    references: str | None = None,
) -> tuple[bytes, MailMessage]:
    """A school's submission as raw bytes and as parsed by the real MIME parser."""
    msg = EmailMessage()
    msg["From"] = f"Trường THCS Nguyễn Du <{sender}>"
    msg["To"] = "vutdkt@moet.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime(2024, 4, 18, 9, 12, tzinfo=VN))
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@example.edu.vn>"
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content("Kính gửi Vụ Thi đua - Khen thưởng,\nĐơn vị gửi hồ sơ của cô Nguyễn Thị Hoa.\n")
    raw = msg.as_bytes()
    return raw, parse_mime(raw)


def add_message(db, mail: MailMessage | None = None, **overrides) -> Message:
    values = dict(
        mailbox="vutdkt", folder="INBOX", uid=uuid.uuid4().int % 1_000_000, uidvalidity=1,
        sha256=uuid.uuid4().hex + uuid.uuid4().hex, size=100, status="parsed",
        message_id=mail.message_id if mail else f"<{uuid.uuid4().hex}@example.edu.vn>",
        sender=mail.from_address if mail else "c2nguyendu@example.edu.vn",
        subject=mail.subject if mail else "Hồ sơ",
    )
    values.update(overrides)
    message = Message(**values)
    db.add(message)
    db.flush()
    return message


def add_nomination(db, message: Message | None = None, **overrides) -> Nomination:
    values = dict(
        form="profile", kind="individual", unit="Trường THCS Nguyễn Du", name="Nguyễn Thị Hoa",
        missing=[], status="complete", mailbox="vutdkt", sender="c2nguyendu@example.edu.vn",
        sources=["Hồ sơ Nguyễn Thị Hoa.docx"],
    )
    values.update(overrides)
    values["status"] = "incomplete" if values["missing"] else "complete"
    nomination = Nomination(**values)
    db.add(nomination)
    db.flush()
    if message is not None:
        db.add(NominationMessage(nomination_id=nomination.id, message_id=message.id))
        db.flush()
    return nomination


def record_dict(nomination: Nomination) -> dict:
    return {key: getattr(nomination, key) for key in
            ("id", "form", "kind", "unit", "name", "model_title", "field", "missing", "status", "sources")}


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, to test verified STARTTLS and TLS."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
