"""One message's budget: what parsing it may take in parts, files, bytes and text.

A single ``MessageBudget`` is carried through the MIME walk (forwarded
messages included), the archives and the files of one message, so nothing
nested can reset it. Past a count limit (parts, files) the message fails
with ``MessageLimit``; past a byte limit the part is cut or not stored, and
each limit hit is kept in ``hits`` as one line that names it, for the
message's reason and the digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.document import LimitExceeded
from config import ParseLimits


class MessageLimit(LimitExceeded):
    """A per-message limit that fails the whole message; ``str(exc)`` names it."""


@dataclass
class MessageBudget:
    limits: ParseLimits
    received: int  # bytes of the raw message
    parts: int = 0
    files: int = 0
    expanded: int = 0  # bytes inflated from the message's archives
    stored: int = 0  # bytes of the message's files kept for storage
    hits: list[str] = field(default_factory=list)

    def hit(self, text: str) -> None:
        if text not in self.hits:
            self.hits.append(text)

    def count_part(self) -> None:
        self.parts += 1
        if self.parts > self.limits.message_parts:
            raise MessageLimit(f"more than {self.limits.message_parts} MIME parts in the message")

    def count_file(self) -> None:
        self.files += 1
        if self.files > self.limits.message_files:
            raise MessageLimit(f"more than {self.limits.message_files} files (attachments and archive members) "
                               "in the message")

    @property
    def expandable(self) -> int:
        """Bytes the message's archives may still inflate."""
        return max(0, self.limits.message_expanded_bytes - self.expanded)

    @property
    def store_limit(self) -> int:
        return self.limits.stored_budget(self.received)

    def take_storage(self, size: int) -> str | None:
        """Reserve ``size`` stored bytes; the reason it is refused, or None when it fits."""
        if self.stored + size > self.store_limit:
            reason = (f"not stored: the message's files would pass {self.store_limit} bytes "
                      f"({self.limits.message_stored_ratio:g}x the message's {self.received} bytes, "
                      f"at least {self.limits.message_stored_floor})")
            self.hit("files over the message's storage limit were not stored")
            return reason
        self.stored += size
        return None

    def header(self, name: str, value: str) -> str:
        """A header value cut to ``header_chars``, the cut noted."""
        limit = self.limits.header_chars
        if len(value) <= limit:
            return value
        self.hit(f"{name} header longer than {limit} characters: only its start was read")
        return value[: limit - 1] + "…"

    def body(self, data: bytes, what: str) -> bytes:
        """At most ``body_bytes`` of a text part, cut at a line end or a character boundary."""
        limit = self.limits.body_bytes
        if len(data) <= limit:
            return data
        self.hit(f"{what} longer than {limit} bytes: only the first {limit} bytes were read")
        head = data[:limit]
        line_end = head.rfind(b"\n", limit - 4096)
        if line_end > 0:
            return head[: line_end + 1]
        end = len(head)
        while end > len(head) - 4 and end > 0 and 0x80 <= head[end - 1] < 0xC0:
            end -= 1  # UTF-8 continuation bytes: drop the character they belong to
        if end > 0 and head[end - 1] >= 0xC0:
            end -= 1
        return head[:end]
