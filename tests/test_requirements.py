"""Required items: a campaign's list overrides the mailbox's for mail in its period."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from config.settings import parse_settings
from records.requirements import Requirements
from store.models import Message

CONFIG = """
[[mailboxes]]
name = "vutdkt"
host = "127.0.0.1"
username = "vutdkt"
password_env = "X"

[[mailboxes]]
name = "vuquang"
host = "127.0.0.1"
username = "vuquang"
password_env = "X"
required = ["name", "phone", "photo"]

[[campaigns]]
name = "tdkt-2024"
title = "Điển hình tiên tiến năm 2024"
mailboxes = ["vutdkt"]
start = 2024-03-01
end = 2024-06-30
roster = "roster.csv"
required = ["name", "achievement_summary", "evidence"]

[[campaigns.batches]]
name = "Đợt 1"
deadline = 2024-04-20
"""


def _message(mailbox: str, day: int, month: int) -> Message:
    return Message(mailbox=mailbox, folder="INBOX", uid=1, uidvalidity=1, sha256="a" * 64, size=1,
                   sent_at=datetime(2024, month, day, 3, 0, tzinfo=timezone.utc))


def test_campaign_then_mailbox_then_default():
    requirements = Requirements(parse_settings(CONFIG, Path("/etc/dienhinh/dienhinh.toml")))
    assert requirements.for_message(_message("vutdkt", 18, 4)) == ("name", "achievement_summary", "evidence")
    assert requirements.for_message(_message("vutdkt", 1, 8)) == (
        "name", "achievement_summary", "address", "phone", "email", "photo", "evidence")  # outside the period
    assert requirements.for_message(_message("vuquang", 18, 4)) == ("name", "phone", "photo")
