"""The service's shared handles: settings, database engine, archive.

Built once per command from the config file and passed down to the stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from config import Settings, load_settings
from store.archive import Archive
from store.db import open_database


@dataclass
class Service:
    settings: Settings
    engine: Engine
    archive: Archive
    zone: ZoneInfo = field(init=False)

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.settings.digest.timezone)

    def local(self, when: datetime | None) -> datetime | None:
        """A stored time in the configured zone (SQLite hands back naive UTC)."""
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.astimezone(self.zone)

    def close(self) -> None:
        self.engine.dispose()


def open_service(settings: Settings) -> Service:
    return Service(settings=settings, engine=open_database(settings.database.url), archive=Archive(settings.storage.dir))


def open_service_from(path: Path | None) -> Service:
    return open_service(load_settings(path))
