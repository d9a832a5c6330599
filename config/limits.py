"""Safety limits applied while parsing untrusted attachments."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseLimits:
    """Bounds that keep one hostile file from exhausting the worker.

    Defaults suit the Ministry's mail: dossiers of a few dozen files, scans of
    a few pages. Each can be overridden in the ``[parsing]`` config table.
    """

    archive_depth: int = 3  # ZIP inside ZIP inside ZIP
    archive_members: int = 500
    archive_total_bytes: int = 300 * 1024 * 1024  # uncompressed, whole archive
    archive_ratio: float = 100.0  # uncompressed / compressed, per member
    image_pixels: int = 80_000_000  # decompression bombs
    pdf_pages: int = 60
    ocr_pages: int = 20
    seconds_per_attachment: float = 120.0
    attachment_bytes: int = 50 * 1024 * 1024
    memory_mb: int = 1024  # address space of the parser process (parsers/sandbox.py)
