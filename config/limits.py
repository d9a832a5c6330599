"""Safety limits applied while parsing untrusted mail and attachments."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class ParseLimits:
    """Bounds that keep one hostile file or message from exhausting the worker.

    Defaults suit the Ministry's mail: dossiers of a few dozen files, scans of
    a few pages. Each can be overridden in the ``[parsing]`` config table.
    """

    archive_depth: int = 3  # ZIP inside ZIP inside ZIP
    archive_members: int = 500
    archive_total_bytes: int = 300 * MiB  # uncompressed, whole archive
    archive_ratio: float = 100.0  # uncompressed / compressed, per member
    image_pixels: int = 80_000_000  # decompression bombs
    pdf_pages: int = 60
    ocr_pages: int = 20
    seconds_per_attachment: float = 120.0
    attachment_bytes: int = 50 * MiB
    memory_mb: int = 1024  # address space of the parser process (parsers/sandbox.py)
    # -- per message (parsers/budget.py) --
    message_expanded_bytes: int = 400 * MiB  # everything inflated from the message's archives together
    message_stored_ratio: float = 1.5  # files stored per byte received ...
    message_stored_floor: int = 16 * MiB  # ... but always at least this much
    message_parts: int = 1000  # MIME parts, forwarded messages' included
    message_files: int = 600  # attachments and archive members together
    forward_depth: int = 10  # message/rfc822 inside message/rfc822 ...
    header_chars: int = 2000  # one header value, as read for extraction and replies
    body_bytes: int = 1 * MiB  # of each text body part, as read for extraction
    seconds_per_message: float = 60.0  # MIME structure and archives, before the files are parsed

    def stored_budget(self, message_bytes: int) -> int:
        """How many bytes of a message's files may be stored for a message of ``message_bytes``."""
        return max(self.message_stored_floor, int(self.message_stored_ratio * message_bytes))
