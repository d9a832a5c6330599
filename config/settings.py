"""The TOML config of SPEC.md, validated on load.

Validation is strict on purpose: an unknown key is an error (a typo must not
silently turn a feature off), and every error names the key and the file.
Secrets are never in the file: only the name of an environment variable or
of a file that holds them, read when needed and never logged.

Length: over 300 lines because it is one schema: every section of the TOML file
with its validators, so that one read of this file shows every key the service accepts.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from config.campaigns import CampaignConfig, check_campaigns
from config.limits import ParseLimits
from config.strict import Strict, known_items
from domain import PROFILE_ITEMS

DEFAULT_CONFIG_NAME = "dienhinh.toml"


class ConfigError(Exception):
    """The config cannot be used; the message names the file and the key."""




class Secret(Strict):
    """Where a secret lives: an environment variable or a file, never the config."""

    env: str | None = None
    file: Path | None = None
    keys: str = "password_env or password_file"  # named when neither is set

    def read(self, what: str) -> str:
        if self.env:
            value = os.environ.get(self.env)
            if value is None:
                raise ConfigError(f"{what}: environment variable {self.env} is not set")
            return value
        if self.file:
            try:
                return self.file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"{what}: cannot read {self.file}: {exc.strerror}") from exc
        raise ConfigError(f"{what}: no {self.keys} given")

    def __repr__(self) -> str:  # never show a value, only where it comes from
        return f"Secret(env={self.env!r}, file={str(self.file) if self.file else None!r})"


class _Server(Strict):
    host: str
    port: int = Field(ge=1, le=65535)
    security: Literal["ssl", "starttls", "none"] = "ssl"
    tls_verify: bool = True
    tls_ca_file: Path | None = None
    username: str | None = None
    password_env: str | None = None
    password_file: Path | None = None

    @model_validator(mode="after")
    def _one_password_source(self):
        if self.password_env and self.password_file:
            raise ValueError("give password_env or password_file, not both")
        return self

    @property
    def password(self) -> Secret | None:
        if not (self.password_env or self.password_file):
            return None
        return Secret(env=self.password_env, file=self.password_file)


class OAuth2Keys(Strict):
    """``auth = "oauth2"``: dienhinh keeps the refresh token (``dienhinh oauth login``) and refreshes itself.

    A mailbox and ``[smtp]`` on the same account may share one ``oauth2_store``.
    """

    oauth2_provider: Literal["google", "microsoft"] | None = None
    oauth2_client_id: str | None = None
    oauth2_client_secret_env: str | None = None  # Google's installed apps have one; Microsoft's need none
    oauth2_client_secret_file: Path | None = None
    oauth2_store: Path | None = None  # the refresh token file (0600)
    oauth2_token_uri: str | None = None  # default: the provider's token endpoint
    oauth2_auth_uri: str | None = None  # default: Google's consent page, or Microsoft's authority (a tenant's)

    def check_oauth2(self) -> None:
        if getattr(self, "auth", None) != "oauth2":
            return
        absent = [key for key in ("oauth2_provider", "oauth2_client_id", "oauth2_store", "username")
                  if not getattr(self, key)]
        if absent:
            raise ValueError(f"auth = 'oauth2' needs {', '.join(absent)}")

    @property
    def oauth2_client_secret(self) -> Secret | None:
        if not (self.oauth2_client_secret_env or self.oauth2_client_secret_file):
            return None
        return Secret(env=self.oauth2_client_secret_env, file=self.oauth2_client_secret_file,
                      keys="oauth2_client_secret_env or oauth2_client_secret_file")


class MailboxConfig(_Server, OAuth2Keys):
    """One watched IMAP mailbox."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    port: int = Field(default=993, ge=1, le=65535)
    auth: Literal["password", "xoauth2", "oauth2"] = "password"
    oauth2_token_env: str | None = None  # xoauth2: an access token some other tool keeps fresh
    oauth2_token_file: Path | None = None
    folder: str = "INBOX"
    poll_seconds: int = Field(default=300, ge=5)
    after: str = "seen"
    batch_size: int = Field(default=25, ge=1, le=1000)
    max_message_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    address: str | None = None  # the mailbox's own e-mail address, if not username
    required: tuple[str, ...] = PROFILE_ITEMS
    acknowledge: bool = True
    reviewers: list[str] = []  # they get a digest of this mailbox alone (SPEC); [digest] reviewers get all

    @field_validator("after")
    @classmethod
    def _after_action(cls, value: str) -> str:
        if value in ("keep", "seen") or (value.startswith("move:") and len(value) > 5):
            return value
        raise ValueError("must be keep, seen or move:FOLDER")

    @field_validator("required")
    @classmethod
    def _known_items(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return known_items(value)

    @model_validator(mode="after")
    def _credentials(self):
        if self.auth == "xoauth2":
            if not (self.oauth2_token_env or self.oauth2_token_file):
                raise ValueError("auth = 'xoauth2' needs oauth2_token_env or oauth2_token_file")
            if not self.username:
                raise ValueError("auth = 'xoauth2' needs username")
        self.check_oauth2()
        return self

    @property
    def oauth2_token(self) -> Secret:
        return Secret(env=self.oauth2_token_env, file=self.oauth2_token_file)


class SmtpConfig(_Server, OAuth2Keys):
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["ssl", "starttls", "none"] = "starttls"
    auth: Literal["password", "oauth2"] = "password"  # oauth2: SASL XOAUTH2 (Gmail, Microsoft 365)
    from_: str = Field(alias="from")
    timeout_seconds: float = 30.0
    daily_cap_per_sender: int = Field(default=5, ge=1)

    @model_validator(mode="after")
    def _oauth2(self):
        self.check_oauth2()
        return self


class DigestConfig(Strict):
    reviewers: list[str] = []
    cron: str = "0 7 * * *"
    timezone: str = "Asia/Ho_Chi_Minh"
    send_when_empty: bool = True
    templates_dir: Path | None = None
    # The worker's cron run sends the digest of the previous local day (a 07:00
    # run would otherwise report an almost empty morning); `dienhinh digest`
    # without --date reports today, as SPEC.md says.
    covers: Literal["previous_day", "same_day"] = "previous_day"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(f"not a crontab expression: {exc}") from exc
        return value


class WebConfig(Strict):
    """The reviewers' workbench (``dienhinh web``)."""

    base_url: str | None = None  # where reviewers open it; digest links point here
    secret_env: str | None = None  # signs session cookies
    secret_file: Path | None = None
    session_hours: float = Field(default=12, gt=0, le=24 * 30)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _one_secret_source(self):
        if self.secret_env and self.secret_file:
            raise ValueError("give secret_env or secret_file, not both")
        return self

    @property
    def secret(self) -> Secret:
        return Secret(env=self.secret_env, file=self.secret_file, keys="secret_env or secret_file")

    @property
    def https(self) -> bool:
        return bool(self.base_url and self.base_url.startswith("https://"))

    def link(self, path: str) -> str | None:
        """An absolute workbench link, or None when ``base_url`` is not set."""
        return f"{self.base_url}{path}" if self.base_url else None


class DatabaseConfig(Strict):
    url: str = "sqlite:///var/dienhinh.db"


class StorageConfig(Strict):
    dir: Path = Path("var/archive")


class ParsingConfig(Strict):
    archive_depth: int = Field(default=ParseLimits.archive_depth, ge=0)
    archive_members: int = Field(default=ParseLimits.archive_members, ge=1)
    archive_total_bytes: int = Field(default=ParseLimits.archive_total_bytes, ge=1)
    archive_ratio: float = Field(default=ParseLimits.archive_ratio, gt=1)
    image_pixels: int = Field(default=ParseLimits.image_pixels, ge=1)
    pdf_pages: int = Field(default=ParseLimits.pdf_pages, ge=1)
    ocr_pages: int = Field(default=ParseLimits.ocr_pages, ge=0)
    seconds_per_attachment: float = Field(default=ParseLimits.seconds_per_attachment, gt=0)
    attachment_bytes: int = Field(default=ParseLimits.attachment_bytes, ge=1)
    memory_mb: int = Field(default=ParseLimits.memory_mb, ge=256)
    message_expanded_bytes: int = Field(default=ParseLimits.message_expanded_bytes, ge=1)
    message_stored_ratio: float = Field(default=ParseLimits.message_stored_ratio, gt=0)
    message_stored_floor: int = Field(default=ParseLimits.message_stored_floor, ge=0)
    message_parts: int = Field(default=ParseLimits.message_parts, ge=1)
    message_files: int = Field(default=ParseLimits.message_files, ge=1)
    forward_depth: int = Field(default=ParseLimits.forward_depth, ge=0)
    header_chars: int = Field(default=ParseLimits.header_chars, ge=200)
    body_bytes: int = Field(default=ParseLimits.body_bytes, ge=4096)
    seconds_per_message: float = Field(default=ParseLimits.seconds_per_message, gt=0)

    def limits(self) -> ParseLimits:
        return ParseLimits(**self.model_dump())


class Settings(Strict):
    """The whole config file."""

    database: DatabaseConfig = DatabaseConfig()
    storage: StorageConfig = StorageConfig()
    mailboxes: list[MailboxConfig] = []
    smtp: SmtpConfig | None = None
    digest: DigestConfig = DigestConfig()
    parsing: ParsingConfig = ParsingConfig()
    campaigns: list[CampaignConfig] = []
    web: WebConfig = WebConfig()
    source: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique_mailbox_names(self):
        names = [m.name for m in self.mailboxes]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"mailbox names must be unique: {', '.join(duplicated)} repeated")
        return self

    @field_validator("campaigns")
    @classmethod
    def _campaigns_fit_mailboxes(cls, value: list[CampaignConfig], info) -> list[CampaignConfig]:
        mailboxes = info.data.get("mailboxes")
        return value if mailboxes is None else check_campaigns(value, [m.name for m in mailboxes])

    def mailbox(self, name: str) -> MailboxConfig:
        for mailbox in self.mailboxes:
            if mailbox.name == name:
                return mailbox
        raise ConfigError(f"{self.source}: no mailbox named {name!r}")


def _key_path(location: tuple) -> str:
    parts: list[str] = []
    for item in location:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item}]" if parts else f"[{item}]"
        else:
            parts.append(str(item))
    return ".".join(parts) or "(top level)"


def _resolve_relative_paths(data: dict, base: Path) -> dict:
    """Paths in the config are relative to the config file, not to the cwd."""
    storage = data.get("storage")
    if isinstance(storage, dict) and isinstance(storage.get("dir"), str):
        if not Path(storage["dir"]).is_absolute():
            storage["dir"] = str(base / storage["dir"])
    web = data.get("web")
    if isinstance(web, dict) and isinstance(web.get("secret_file"), str) and not Path(web["secret_file"]).is_absolute():
        web["secret_file"] = str(base / web["secret_file"])
    database = data.get("database")
    if isinstance(database, dict) and isinstance(database.get("url"), str):
        url = database["url"]
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite://":
            database["url"] = prefix + str(base / url[len(prefix):])
    return data


def parse_settings(text: str, source: Path) -> Settings:
    """Validate config text; ``source`` is named in every error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    data = _resolve_relative_paths(data, source.resolve().parent)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_path(first["loc"])
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        elif first["type"] == "missing":
            message = "required key is missing"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{source}: {key}: {message}{more}") from None
    return settings.model_copy(update={"source": source})


def default_config_path() -> Path:
    return Path(os.environ.get("DIENHINH_CONFIG") or DEFAULT_CONFIG_NAME)


def load_settings(path: Path | None = None) -> Settings:
    """Read and validate the config file (``--config``, ``$DIENHINH_CONFIG``, ``./dienhinh.toml``)."""
    path = Path(path) if path else default_config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror}") from None
    return parse_settings(text, path)
