"""Shared fixtures: a real Dovecot, real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from config.settings import parse_settings
from dienhinh.devservers.dovecot import DovecotServer

POSTGRES_ADMIN_URL = os.environ.get("DIENHINH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def dovecot() -> DovecotServer:
    # Not under pytest's tmp dir: that is mode 0700, and as root Dovecot's
    # auth process runs as the unprivileged `dovecot` user.
    root = Path(tempfile.mkdtemp(prefix="dienhinh-dovecot-"))
    server = DovecotServer(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap_user(dovecot) -> str:
    """A fresh IMAP account (own Maildir) for one test."""
    name = "u" + uuid.uuid4().hex[:10]
    dovecot.add_user(name, "pw-" + name)
    return name


def _postgres_available() -> bool:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False


@pytest.fixture
def postgres_url():
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    if not _postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}")
        pytest.skip("PostgreSQL is not reachable")
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{POSTGRES_ADMIN_URL}?options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """Each store test runs on SQLite and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dienhinh.db'}"
    return request.getfixturevalue("postgres_url")


def make_settings(tmp_path: Path, database_url: str, mailboxes: list[dict], extra: str = "") -> object:
    """Settings for tests, written as TOML so they go through the real validation."""
    lines = [f'[database]\nurl = "{database_url}"\n', f'[storage]\ndir = "{tmp_path / "archive"}"\n']
    for mailbox in mailboxes:
        lines.append("[[mailboxes]]")
        for key, value in mailbox.items():
            lines.append(f"{key} = {value!r}" if not isinstance(value, bool) else f"{key} = {str(value).lower()}")
    toml = "\n".join(lines).replace("'", '"') + "\n" + extra
    path = tmp_path / "dienhinh.toml"
    path.write_text(toml)
    return parse_settings(toml, path)


def mailbox_entry(dovecot: DovecotServer, user: str, name: str = "school", **overrides) -> dict:
    os.environ[f"PW_{user.upper()}"] = "pw-" + user
    entry = {
        "name": name,
        "host": "127.0.0.1",
        "port": dovecot.port,
        "security": "none",
        "username": user,
        "password_env": f"PW_{user.upper()}",
        "poll_seconds": 5,
    }
    entry.update(overrides)
    return entry
