"""One file's parse outcome, and the call that never lets a parser's exception escape.

Shared by the sandbox's two sides: the worker runs ``parse_file`` and sends
the ``FileResult`` back; the caller builds failed results of its own.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Callable

from config import ParseLimits
from parsers.attachments import Detected, parse_document
from parsers.document import Document, ParseError

Parse = Callable[[str, Detected, bytes, ParseLimits], "Document | None"]


@dataclass
class FileResult:
    """What parsing one file gave: a ``ParsedFile``'s status fields."""

    status: str  # parsed | skipped | failed
    reason: str | None = None
    traceback: str | None = None
    document: Document | None = None
    out_of_memory: bool = False
    logs: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message) from the worker


def parse_file(name: str, detected: Detected, data: bytes, limits: ParseLimits,
               parse: Parse = parse_document) -> FileResult:
    """Run one parser, turning every exception into a ``failed`` result."""
    try:
        document = parse(name, detected, data, limits)
        return FileResult("parsed" if document is not None else "skipped", document=document)
    except ParseError as exc:
        return FileResult("failed", " ".join(str(exc).split()), out_of_memory=_memory_error(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug on one file must not lose the message; kept with traceback
        reason = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]
        return FileResult("failed", reason, traceback.format_exc(), out_of_memory=_memory_error(exc))


def _memory_error(exc: BaseException | None) -> bool:
    """True when ``MemoryError`` is anywhere in the chain (parsers wrap library errors)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
