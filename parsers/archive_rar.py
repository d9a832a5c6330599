"""RAR archives (RAR 4 and RAR 5), read in memory through libarchive.

WinRAR is the archiver of many Vietnamese offices, so dossiers come as RAR
as often as ZIP. No pure-Python RAR decoder exists; libarchive (Debian's
``libarchive13``, called through ``libarchive-c``) reads both RAR formats,
solid archives included, without writing anything to disk. Encrypted
members are refused by name; a multi-volume set cannot be read from one
part and is reported as damaged. The compressed size of a member is not
known before it is inflated, so the ratio limit is checked against the size
of the whole archive, and the byte budget is counted block by block.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

from config import ParseLimits
from domain import one_line
from parsers.archive_limits import Budget, check_ratio, count, is_junk, refuse, safe_member_path
from parsers.document import LimitExceeded, ParseError

try:
    import libarchive
    from libarchive import ffi as _ffi
    from libarchive.exception import ArchiveError

    # archive_entry_is_encrypted(3): libarchive-c does not wrap it.
    _is_encrypted = _ffi.ffi("entry_is_encrypted", [_ffi.c_archive_entry_p], ctypes.c_int)
except (ImportError, OSError, AttributeError):  # pragma: no cover - depends on the machine
    libarchive = None


def read_rar(data: bytes, name: str, limits: ParseLimits, budget: Budget) -> Iterator[tuple[str, bytes]]:
    """(sanitised path, bytes) of each file in the RAR archive ``data``; a ``Refused`` instead of
    the bytes of a member over the attachment limit."""
    if libarchive is None:
        raise ParseError(f"RAR archives are not supported here (libarchive missing): {name}")
    try:
        # the format named, not guessed: a stored ZIP inside would otherwise win libarchive's bidding
        with libarchive.memory_reader(data, format_name="rar5" if data[6:8] == b"\x01\x00" else "rar") as archive:
            for entry in archive:
                if entry.isdir:
                    continue
                path = safe_member_path(_entry_name(entry.pathname))
                if is_junk(path):
                    continue
                if _is_encrypted(entry._entry_p):
                    raise ParseError(f"{name}: member {path} is encrypted (password-protected RAR)")
                count(budget, limits, name, members=1)
                declared = entry.size or 0
                if declared > limits.attachment_bytes:
                    yield path, refuse(name, path, declared, limits, declared=True)
                    continue
                if budget.total_bytes + declared > limits.archive_total_bytes:
                    raise LimitExceeded(f"{name}: member {path} declares {declared} bytes, over the "
                                        f"{limits.archive_total_bytes}-byte limit (RAR bomb?)")
                buffer = bytearray()
                for block in entry.get_blocks():
                    count(budget, limits, name, nbytes=len(block))
                    if len(buffer) + len(block) > limits.attachment_bytes:  # the header lied about the size
                        buffer = None
                        break
                    buffer += block
                    check_ratio(name, path, len(buffer), len(data), limits)
                yield path, bytes(buffer) if buffer is not None else refuse(name, path, limits.attachment_bytes, limits)
    except ArchiveError as exc:
        raise ParseError(f"RAR is damaged: {name}: {one_line(_message(exc), 200)}") from None


def _entry_name(pathname: str | bytes | None) -> str:
    """A member name; names not in UTF-8 (old RAR 4 without the Unicode flag) are cp1258 or cp437."""
    if pathname is None:
        return ""
    if isinstance(pathname, str):
        return pathname
    for codec in ("utf-8", "cp1258"):
        try:
            return pathname.decode(codec)
        except UnicodeDecodeError:
            continue
    return pathname.decode("cp437")


def _message(exc: ArchiveError) -> str:
    """libarchive's own message, without libarchive-c's "(errno=…, retcode=…, archive_p=…)" tail."""
    text = str(getattr(exc, "msg", None) or exc)
    return text.split(" (errno=")[0]
