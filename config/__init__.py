"""Configuration: read once at start-up and passed down to every stage."""

from config.settings import ConfigError, MailboxConfig, Settings, SmtpConfig, load_settings, parse_settings

__all__ = ["ConfigError", "MailboxConfig", "Settings", "SmtpConfig", "load_settings", "parse_settings"]
