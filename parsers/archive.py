"""Walk ZIP, 7z and RAR archives in memory, safely.

Schools often send a whole dossier as one ZIP ("Ho so/Minh chung/..."). The
archive is hostile input: members are read in memory only (never extracted to
disk), paths are sanitised, and size/depth/count/ratio limits stop zip bombs.
Archives nested inside archives are expanded recursively, their members'
paths prefixed with the inner archive's path. RAR is read through libarchive
(``parsers.archive_rar``).

Length: just over 300 lines: the ZIP and 7z walkers share one budget and one
member loop; RAR and the limits are already in their own modules.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from config import ParseLimits
from domain import error_line
from parsers.archive_limits import Budget, Refused, check_ratio, count, is_junk, refuse, safe_member_path
from parsers.document import LimitExceeded, ParseError

try:  # optional: 7z support only when py7zr is installed
    import py7zr
    from py7zr.io import Py7zIO, WriterFactory
except ImportError:  # pragma: no cover - depends on the environment
    py7zr = None
    Py7zIO = WriterFactory = object  # type: ignore[assignment,misc]

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # local header; empty archive
SEVENZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
RAR_MAGIC = b"Rar!\x1a\x07"
ARCHIVE_EXTS = (".zip", ".7z", ".rar")
CHUNK = 1 << 16
# What zipfile raises on hostile or damaged input (NotImplementedError: odd "version needed").
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError, RuntimeError, struct.error)


@dataclass
class ArchiveMember:
    """One file taken out of an archive: sanitised relative path and its bytes.

    A member over the attachment limit is ``refused`` (the reason) with no
    bytes: it was not inflated past the limit and must not be stored.
    """

    path: str
    data: bytes
    refused: str | None = None
    size: int | None = None  # the member's size when refused (declared, or inflated so far)


def archive_kind(data: bytes) -> str | None:
    """``zip``/``7z``/``rar`` when the leading bytes say archive, else None."""
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data.startswith(SEVENZIP_MAGIC):
        return "7z"
    if data.startswith(RAR_MAGIC):
        return "rar"
    return None


def check_ooxml_zip(data: bytes, name: str, kind: str, limits: ParseLimits) -> None:
    """Refuse a damaged or bomb-sized OOXML container before a library inflates it.

    python-docx/openpyxl read whole parts into memory, so the declared sizes are
    checked first; ``kind`` ("DOCX", "XLSX") only shapes the message.
    """
    if len(data) > limits.attachment_bytes:
        raise LimitExceeded(f"{name}: {kind} is {len(data)} bytes, over the {limits.attachment_bytes}-byte limit")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise ParseError(f"{kind} is damaged (not a valid ZIP): {name}: {error_line(exc, with_type=False, limit=200)}") from None
    total = sum(i.file_size for i in infos)
    if total > limits.archive_total_bytes:
        raise LimitExceeded(f"{name}: {kind} expands to {total} bytes, over the {limits.archive_total_bytes}-byte limit")
    for info in infos:
        check_ratio(name, info.filename, info.file_size, info.compress_size, limits)
    if any(i.flag_bits & 0x1 for i in infos):
        raise ParseError(f"{kind} is password-protected: {name}")


def iter_archive(data: bytes, name: str, limits: ParseLimits, depth: int = 1,
                 byte_cap: int | None = None) -> Iterator[ArchiveMember]:
    """Yield the files of a ZIP/7z/RAR archive, expanding nested archives.

    Raises ``LimitExceeded`` (depth, member count, total size, ratio) or
    ``ParseError`` (damaged, encrypted). Being a generator, it may raise
    after some members were yielded: treat that as failing the whole archive.
    A nested archive that cannot even be opened is yielded as a plain member so
    the caller can report that one file.
    """
    yield from _iter(data, name, limits, depth, Budget(byte_cap=byte_cap), prefix="")


def _iter(data: bytes, name: str, limits: ParseLimits, depth: int, budget: Budget, prefix: str) -> Iterator[ArchiveMember]:
    if depth > limits.archive_depth:
        raise LimitExceeded(f"{name}: archives nested more than {limits.archive_depth} deep")
    kind = archive_kind(data)
    if kind == "7z":
        members = _read_7z(data, name, limits, budget)
    elif kind == "zip":
        members = _read_zip(data, name, limits, budget)
    elif kind == "rar":
        from parsers.archive_rar import read_rar

        members = read_rar(data, name, limits, budget)
    else:
        raise ParseError(f"{name}: not a ZIP, 7z or RAR archive")
    for path, payload in members:
        full = _unique(prefix + path, budget)
        if isinstance(payload, Refused):
            yield ArchiveMember(full, b"", refused=payload.reason, size=payload.size)
        elif full.lower().endswith(ARCHIVE_EXTS) and archive_kind(payload) is not None:
            inner = _iter(payload, f"{name}/{path}", limits, depth + 1, budget, prefix=full + "/")
            try:
                first = next(inner)
            except StopIteration:
                continue
            except LimitExceeded:
                raise
            except ParseError:
                yield ArchiveMember(full, payload)  # unreadable inner archive: let the caller fail it alone
                continue
            yield first
            yield from inner
        else:
            yield ArchiveMember(full, payload)


def _unique(path: str, budget: Budget) -> str:
    """Disambiguate paths that sanitising made equal ("a/../b" and "b")."""
    candidate, n = path, 2
    while candidate in budget.seen_paths:
        stem, dot, ext = path.rpartition(".")
        candidate = f"{stem} ({n}).{ext}" if dot and "/" not in ext else f"{path} ({n})"
        n += 1
    budget.seen_paths.add(candidate)
    return candidate


# ---------------------------------------------------------------- ZIP


def repair_zip_name(info: zipfile.ZipInfo) -> str:
    """Recover the real member name from a ZIP written by a non-UTF-8 zipper.

    Without the UTF-8 flag (0x800) Python decodes names as cp437, but
    Vietnamese names are really UTF-8 (Windows' zipper, 7-Zip) or cp1258.
    The Info-ZIP Unicode Path extra field wins when present and consistent.
    """
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    unicode_path = _unicode_path_extra(info.extra, raw)
    if unicode_path is not None:
        return unicode_path
    if raw.isascii():
        return info.filename
    for codec in ("utf-8", "cp1258"):
        try:
            return unicodedata.normalize("NFC", raw.decode(codec))
        except UnicodeDecodeError:
            continue
    return info.filename


def _unicode_path_extra(extra: bytes, raw: bytes) -> str | None:
    """Parse the 0x7075 extra field: version, CRC-32 of the raw name, UTF-8 name."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if tag == 0x7075 and len(body) > 5 and body[0] == 1:
            if struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
    return None


def _read_zip(data: bytes, name: str, limits: ParseLimits, budget: Budget) -> Iterator[tuple[str, bytes]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise ParseError(f"ZIP is damaged: {name}: {error_line(exc, with_type=False, limit=200)}") from None
    files = [(i, safe_member_path(repair_zip_name(i))) for i in infos if not i.is_dir()]
    files = [(i, p) for i, p in files if not is_junk(p)]
    # Declared sizes first: cheap, and refuses most bombs before inflating a byte.
    if budget.members + len(files) > limits.archive_members:
        raise LimitExceeded(f"{name}: {len(files)} files in the archive, over the limit of {limits.archive_members}")
    kept = [i for i, _ in files if i.file_size <= limits.attachment_bytes]  # larger ones are refused unread
    declared = sum(i.file_size for i in kept)
    if budget.total_bytes + declared > limits.archive_total_bytes:
        raise LimitExceeded(f"{name}: archive declares {declared} bytes uncompressed, over the {limits.archive_total_bytes}-byte limit (zip bomb?)")
    count(budget, limits, name, nbytes=0)
    if budget.byte_cap is not None and budget.total_bytes + declared > budget.byte_cap:
        raise LimitExceeded(f"{name}: archive declares {declared} bytes uncompressed, more than the message may still "
                            f"expand ({limits.message_expanded_bytes} bytes for all its archives: message_expanded_bytes)")
    for info, path in files:
        if info.file_size <= limits.attachment_bytes:
            check_ratio(name, path, info.file_size, info.compress_size, limits)
    return _read_zip_members(zf, files, name, limits, budget)


def _read_zip_members(zf: zipfile.ZipFile, files: list, name: str, limits: ParseLimits,
                      budget: Budget) -> Iterator[tuple[str, bytes | Refused]]:
    with zf:
        for info, path in files:
            if info.flag_bits & 0x1:
                raise ParseError(f"{name}: member {path} is encrypted (password-protected ZIP)")
            count(budget, limits, name, members=1)
            if info.file_size > limits.attachment_bytes:
                yield path, refuse(name, path, info.file_size, limits, declared=True)
                continue
            buf = bytearray()
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(CHUNK):
                        if len(buf) + len(chunk) > limits.attachment_bytes:  # the directory lied about its size
                            buf = None
                            break
                        buf += chunk
                        # Count as we go: local headers and data can disagree with the directory.
                        count(budget, limits, name, nbytes=len(chunk))
                        check_ratio(name, path, len(buf), info.compress_size, limits)
            except ParseError:
                raise
            except NotImplementedError as exc:
                raise ParseError(f"{name}: member {path} uses an unsupported compression method: {error_line(exc, with_type=False, limit=200)}") from None
            except (*ZIP_ERRORS, zlib.error) as exc:
                raise ParseError(f"ZIP is damaged: {name}: member {path}: {error_line(exc, with_type=False, limit=200)}") from None
            yield path, bytes(buf) if buf is not None else refuse(name, path, limits.attachment_bytes, limits)


# ---------------------------------------------------------------- 7z


class _CountingIO(Py7zIO):
    """In-memory sink for py7zr that enforces the byte budget while inflating."""

    def __init__(self, owner: "_CountingFactory") -> None:
        self.owner = owner
        self.buf = io.BytesIO()
        self.inflated = 0

    def write(self, s: bytes | bytearray) -> int:
        count(self.owner.budget, self.owner.limits, self.owner.name, nbytes=len(s))
        self.inflated += len(s)
        if self.inflated > self.owner.limits.attachment_bytes:  # over the limit: counted, not kept
            self.buf = io.BytesIO()
            return len(s)
        return self.buf.write(s)

    def read(self, size: int | None = None) -> bytes:
        return self.buf.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.buf.seek(offset, whence)

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self.buf.getbuffer().nbytes


class _CountingFactory(WriterFactory):
    def __init__(self, name: str, limits: ParseLimits, budget: Budget) -> None:
        self.name, self.limits, self.budget = name, limits, budget
        self.products: dict[str, _CountingIO] = {}

    def create(self, filename: str) -> Py7zIO:
        product = _CountingIO(self)
        self.products[filename] = product
        return product


def _read_7z(data: bytes, name: str, limits: ParseLimits, budget: Budget) -> Iterator[tuple[str, bytes]]:
    if py7zr is None:
        raise ParseError(f"7z archives are not supported here (py7zr missing): {name}")
    try:
        with py7zr.SevenZipFile(io.BytesIO(data), mode="r") as sz:
            if sz.needs_password():
                raise ParseError(f"{name}: 7z archive is encrypted (password-protected)")
            entries = [e for e in sz.list() if not e.is_directory]
            paths = {e.filename: safe_member_path(e.filename) for e in entries}
            entries = [e for e in entries if not is_junk(paths[e.filename])]
            if budget.members + len(entries) > limits.archive_members:
                raise LimitExceeded(f"{name}: {len(entries)} files in the archive, over the limit of {limits.archive_members}")
            declared = sum(e.uncompressed or 0 for e in entries)
            if budget.total_bytes + declared > limits.archive_total_bytes:
                raise LimitExceeded(f"{name}: archive declares {declared} bytes uncompressed, over the {limits.archive_total_bytes}-byte limit (zip bomb?)")
            # Solid archives share compressed blocks, so judge the ratio archive-wide.
            check_ratio(name, "(all)", declared, len(data), limits)
            factory = _CountingFactory(name, limits, budget)
            sz.extract(targets=[e.filename for e in entries], factory=factory)
    except ParseError:
        raise
    except Exception as exc:  # py7zr raises many unrelated types on hostile input
        raise ParseError(f"7z archive is damaged: {name}: {type(exc).__name__}: {error_line(exc, with_type=False, limit=200)}") from None
    out = []
    for e in entries:
        count(budget, limits, name, members=1)
        product = factory.products.get(e.filename)
        path = paths[e.filename]
        if product is not None and product.inflated > limits.attachment_bytes:
            out.append((path, refuse(name, path, product.inflated, limits)))
        else:
            out.append((path, product.buf.getvalue() if product else b""))
    return iter(out)
