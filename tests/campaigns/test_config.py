"""[[campaigns]] in the config: strict like the rest, errors name the file and the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import ConfigError, parse_settings
from tests.campaigns.conftest import CAMPAIGN, campaign_toml

SOURCE = Path("/etc/dienhinh/dienhinh.toml")
BASE = """
[[mailboxes]]
name = "vutdkt"
host = "imap.example.org"
username = "vutdkt"
password_env = "VUTDKT_PASSWORD"

[[mailboxes]]
name = "vuquang"
host = "imap.example.org"
username = "vuquang"
password_env = "VUQUANG_PASSWORD"
"""


def _error(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_settings(BASE + text, SOURCE)
    return str(caught.value)


def test_campaign_loads_with_defaults_and_roster_relative_to_the_config_file():
    settings = parse_settings(BASE + campaign_toml(), SOURCE)
    [campaign] = settings.campaigns
    assert campaign.name == CAMPAIGN and campaign.mailboxes == ["vutdkt"]
    assert [(b.name, b.deadline) for b in campaign.batches] == [("Đợt 1", dt.date(2024, 4, 20)),
                                                                ("Đợt 2", dt.date(2024, 5, 10))]
    assert (campaign.remind, campaign.remind_days_before, campaign.required) == (True, 3, None)
    assert campaign.roster_path(settings.source) == Path("/etc/dienhinh/roster.csv")


def test_required_items_override_and_are_checked():
    settings = parse_settings(BASE + campaign_toml(required='["name", "photo"]'), SOURCE)
    assert settings.campaigns[0].required == ("name", "photo")
    assert "campaigns[0].required" in _error(campaign_toml(required='["name", "chu_ky"]'))


@pytest.mark.parametrize("text, key, words", [
    (campaign_toml().replace('mailboxes = ["vutdkt"]', 'mailboxes = ["khong-co"]'), "campaigns", "khong-co"),
    (campaign_toml(remind_days="3"), "campaigns[0].remind_days", "unknown key"),
    (campaign_toml().replace("deadline = 2024-05-10", "deadline = 2024-04-01"), "campaigns[0]", "increasing"),
    (campaign_toml().replace("deadline = 2024-05-10", "deadline = 2024-12-01"), "campaigns[0]", "outside the period"),
    (campaign_toml().replace(f'name = "{CAMPAIGN}"', 'name = "Điển hình"'), "campaigns[0].name", "pattern"),
])
def test_bad_campaign_names_the_key(text, key, words):
    message = _error(text)
    assert message.startswith(f"{SOURCE}: {key}") and words in message


def test_two_campaigns_on_one_mailbox_must_not_overlap():
    second = campaign_toml().replace(f'name = "{CAMPAIGN}"', 'name = "bao-cao-quy-2"')
    assert "overlapping periods" in _error(campaign_toml() + second)
    elsewhere = second.replace('mailboxes = ["vutdkt"]', 'mailboxes = ["vuquang"]')
    assert len(parse_settings(BASE + campaign_toml() + elsewhere, SOURCE).campaigns) == 2


def test_counts_for_and_suggest_threshold_default_and_are_validated():
    [campaign] = parse_settings(BASE + campaign_toml(), SOURCE).campaigns
    assert (campaign.counts_for, campaign.suggest_threshold) == ("its_batch", 0.6)
    later = parse_settings(BASE + campaign_toml(counts_for='"later_batches"'), SOURCE).campaigns[0]
    assert later.counts_for == "later_batches"
    message = _error(campaign_toml(counts_for='"every_batch"'))
    assert message.startswith(f"{SOURCE}: campaigns[0].counts_for") and "later_batches" in message
    message = _error(campaign_toml(suggest_threshold="0.9"))
    assert message.startswith(f"{SOURCE}: campaigns[0]") and "above match_threshold" in message


def test_readme_config_reference_documents_the_campaign_settings():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert 'counts_for = "its_batch"' in readme and "later_batches" in readme
    assert "suggest_threshold = 0.6" in readme
