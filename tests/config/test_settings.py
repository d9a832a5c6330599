"""Config validation: every error names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import ConfigError, load_settings, parse_settings

SOURCE = Path("/etc/dienhinh/dienhinh.toml")

VALID = """
[database]
url = "sqlite:///var/dienhinh.db"

[storage]
dir = "var/archive"

[[mailboxes]]
name = "vutdkt"
host = "imap.example.org"
username = "vutdkt"
password_env = "VUTDKT_PASSWORD"
after = "move:Da-xu-ly"

[[mailboxes]]
name = "vuquang"
host = "imap.gmail.com"
username = "quanghaigdvquang@gmail.com"
auth = "xoauth2"
oauth2_token_file = "/run/secrets/vuquang-token"

[smtp]
host = "smtp.example.org"
port = 587
security = "starttls"
username = "vutdkt"
password_env = "SMTP_PASSWORD"
from = "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"

[digest]
reviewers = ["reviewer@example.org"]
cron = "0 7 * * *"
timezone = "Asia/Ho_Chi_Minh"
"""


def test_spec_example_loads_with_defaults():
    settings = parse_settings(VALID, SOURCE)
    vutdkt, vuquang = settings.mailboxes
    assert (vutdkt.port, vutdkt.security, vutdkt.folder, vutdkt.poll_seconds) == (993, "ssl", "INBOX", 300)
    assert vutdkt.tls_verify is True
    assert vutdkt.max_message_bytes == 50 * 1024 * 1024
    assert vuquang.auth == "xoauth2"
    assert settings.smtp.from_ == "Vụ Thi đua - Khen thưởng <vutdkt@moet.gov.vn>"
    # relative paths are relative to the config file
    assert settings.storage.dir == Path("/etc/dienhinh/var/archive")
    assert settings.database.url == "sqlite:////etc/dienhinh/var/dienhinh.db"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("[digest]", "[digest]\nreviewer = 1"), "digest.reviewer: unknown key"),
        (('security = "starttls"', 'security = "tls"'), "smtp.security: Input should be 'ssl', 'starttls' or 'none'"),
        (('after = "move:Da-xu-ly"', 'after = "delete"'), "mailboxes[0].after: Value error, must be keep, seen or move:FOLDER"),
        (('cron = "0 7 * * *"', 'cron = "every morning"'), "digest.cron: Value error, not a crontab expression"),
        (('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Asia/Hanoi_City"'), "digest.timezone: Value error, unknown time zone"),
        (('name = "vuquang"', 'name = "vutdkt"'), "mailbox names must be unique: vutdkt repeated"),
        (('oauth2_token_file = "/run/secrets/vuquang-token"', ""), "needs oauth2_token_env or oauth2_token_file"),
        (('host = "imap.example.org"', ""), "mailboxes[0].host: required key is missing"),
        (('port = 587', "port = 70000"), "smtp.port: Input should be less than or equal to 65535"),
    ],
)
def test_errors_name_the_file_and_the_key(change, expected):
    old, new = change
    with pytest.raises(ConfigError) as caught:
        parse_settings(VALID.replace(old, new, 1), SOURCE)
    message = str(caught.value)
    assert message.startswith(f"{SOURCE}: ")
    assert expected in message
    assert "\n" not in message


def test_password_in_the_file_is_rejected():
    with pytest.raises(ConfigError, match=r"mailboxes\[0\]\.password: unknown key"):
        parse_settings(VALID.replace('password_env = "VUTDKT_PASSWORD"', 'password = "secret"'), SOURCE)


def test_broken_toml_names_the_file():
    with pytest.raises(ConfigError, match=r"^/etc/dienhinh/dienhinh.toml: not valid TOML"):
        parse_settings("[database\nurl=", SOURCE)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_secret_read_from_env_and_file_and_never_shown(tmp_path, monkeypatch):
    secret_file = tmp_path / "pw"
    secret_file.write_text("s3cret-from-file\n")
    text = VALID.replace('password_env = "VUTDKT_PASSWORD"', f'password_file = "{secret_file}"')
    settings = parse_settings(text, SOURCE)
    assert settings.mailboxes[0].password.read("x") == "s3cret-from-file"
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret-from-env")
    assert settings.smtp.password.read("x") == "s3cret-from-env"
    assert "s3cret" not in repr(settings) and "s3cret" not in repr(settings.smtp.password)


def test_unset_env_secret_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("VUTDKT_PASSWORD", raising=False)
    settings = parse_settings(VALID, SOURCE)
    with pytest.raises(ConfigError, match="environment variable VUTDKT_PASSWORD is not set"):
        settings.mailboxes[0].password.read("mailbox vutdkt password")


def test_parsing_limits_from_config():
    settings = parse_settings(VALID + "\n[parsing]\narchive_depth = 1\npdf_pages = 5\n", SOURCE)
    limits = settings.parsing.limits()
    assert (limits.archive_depth, limits.pdf_pages) == (1, 5)
