"""Fixtures for the operations tests: an SMTP server and a Dovecot of the test's own."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from dienhinh.devservers.dovecot import DovecotServer
from dienhinh.devservers.smtp import SmtpServer


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def own_dovecot():
    """A Dovecot of the test's own, so it can be stopped and started without touching the others."""
    root = Path(tempfile.mkdtemp(prefix="dienhinh-dovecot-"))
    server = DovecotServer(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)
