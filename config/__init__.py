"""Configuration: read once at start-up and passed down to every stage.

* ``settings`` (with ``campaigns``, ``limits``, ``strict``): the TOML file of
  SPEC.md, validated on load;
* ``secret_check``: every secret a command needs, read before it starts;
* ``tls``: the TLS context for a configured server;
* ``logging_setup``: log lines (logfmt or JSON) with secrets masked.
"""

from config.campaigns import BatchConfig, CampaignConfig
from config.limits import ParseLimits
from config.logging_setup import hide_secrets, quote, setup_logging
from config.secret_check import check_secrets
from config.settings import (
    ConfigError,
    DigestConfig,
    MailboxConfig,
    Settings,
    SmtpConfig,
    WebConfig,
    load_settings,
    parse_settings,
)
from config.tls import tls_context

__all__ = [
    "BatchConfig", "CampaignConfig", "ConfigError", "DigestConfig", "MailboxConfig", "ParseLimits", "Settings",
    "SmtpConfig", "WebConfig", "check_secrets", "hide_secrets", "load_settings", "parse_settings", "quote",
    "setup_logging", "tls_context",
]
