"""Every secret a command will need, read once before it starts, so a missing one is a config error.

A password variable that is not set or a password file that cannot be read
is the config's fault, not the mailbox's: the command stops with exit
status 2 and one line naming the section and the key (SPEC.md), instead of
polling and reporting a failed mailbox.
"""

from __future__ import annotations

from config.settings import Secret, Settings


def _check(where: str, env_key: str, file_key: str, env: str | None, file) -> None:
    if not (env or file):
        return
    key = env_key if env else file_key
    Secret(env=env, file=file).read(f"{where}: {key}")


def check_secrets(settings: Settings, mailboxes: list[str] | None = None, smtp: bool = True) -> None:
    """Raise ConfigError naming the first secret that cannot be read (values are never shown)."""
    for mailbox in settings.mailboxes:
        if mailboxes is not None and mailbox.name not in mailboxes:
            continue
        where = f'mailbox "{mailbox.name}"'
        if mailbox.auth == "xoauth2":
            _check(where, "oauth2_token_env", "oauth2_token_file", mailbox.oauth2_token_env, mailbox.oauth2_token_file)
        elif mailbox.auth == "oauth2":
            _check(where, "oauth2_client_secret_env", "oauth2_client_secret_file", mailbox.oauth2_client_secret_env,
                   mailbox.oauth2_client_secret_file)
        else:
            _check(where, "password_env", "password_file", mailbox.password_env, mailbox.password_file)
    if smtp and settings.smtp is not None:
        _check("[smtp]", "password_env", "password_file", settings.smtp.password_env, settings.smtp.password_file)
