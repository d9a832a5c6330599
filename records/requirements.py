"""Which items a profile must have: the campaign's list, else the mailbox's, else the Ministry's letter."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from config import Settings
from store import Message


class Requirements:
    """Resolves the required items for the message a record first came in."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.mailboxes = {m.name: m for m in settings.mailboxes}
        self.zone = ZoneInfo(settings.digest.timezone)

    def for_message(self, message: Message) -> tuple[str, ...] | None:
        when: datetime | None = message.sent_at or message.received_at
        day = when.astimezone(self.zone).date() if when else None
        for campaign in self.settings.campaigns:
            if (campaign.required and message.mailbox in campaign.mailboxes and day is not None
                    and campaign.start <= day <= campaign.end):
                return tuple(campaign.required)
        mailbox = self.mailboxes.get(message.mailbox)
        return tuple(mailbox.required) if mailbox else None
