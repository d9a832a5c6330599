"""Content-addressed archive of raw messages and attachment files on disk.

A file's name is the SHA-256 of its bytes, so writing the same bytes twice is
harmless and a crash between writing and committing the database row leaves
at most an orphan file that the next attempt reuses. Each write goes to a
temporary file that is renamed into place.

An ``ArchiveBatch`` writes many files and makes them durable together with
``sync()``: on Linux a single ``syncfs(2)`` of the archive's file system
instead of fsyncs of each file and directory (the same idea as git's
``core.fsyncMethod=batch``); without ``syncfs``, each file and every
directory up to the root is fsynced. ``Archive.put`` is a batch of one. Either way the bytes are durable before the
row that points to them commits. File names from mail are never used as paths.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from store.fs_sync import SyncFs

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class Archive:
    """Raw bytes under ``root/<kind>/<aa>/<bb>/<sha256>``; safe to share between threads."""

    def __init__(self, root: Path, *, use_syncfs: bool = True):
        self.root = Path(root)
        self._known_dirs: set[Path] = set()
        self._syncfs = SyncFs.for_path_or_none(self.root) if use_syncfs else None

    def path_for(self, digest: str, kind: str = "raw") -> Path:
        if not _SHA256_HEX.fullmatch(digest):
            raise ValueError(f"not a sha256 hex digest: {digest!r}")
        return self.root / kind / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes, kind: str = "raw") -> str:
        """Store ``data`` durably and return its sha256 hex digest."""
        batch = self.batch()
        digest = batch.put(data, kind)
        batch.sync()
        return digest

    def batch(self) -> "ArchiveBatch":
        """A batch of writes made durable together by its ``sync()``."""
        return ArchiveBatch(self)

    def get(self, digest: str, kind: str = "raw") -> bytes:
        return self.path_for(digest, kind).read_bytes()

    def exists(self, digest: str, kind: str = "raw") -> bool:
        return self.path_for(digest, kind).exists()

    def _write(self, data: bytes, kind: str) -> tuple[str, Path]:
        """Write ``data`` into place (not yet durable) unless it is already there."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest, kind)
        try:
            if os.stat(target).st_size == len(data):
                return digest, target
        except FileNotFoundError:
            pass
        self._make_dirs(target.parent)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        try:
            handle = open(tmp, "wb")
        except FileNotFoundError:  # a directory removed behind our back since we cached it
            self._known_dirs.clear()
            self._make_dirs(target.parent)
            handle = open(tmp, "wb")
        with handle:
            handle.write(data)
        os.replace(tmp, target)
        return digest, target

    def _make_dirs(self, directory: Path) -> None:
        if directory not in self._known_dirs:
            directory.mkdir(parents=True, exist_ok=True)
            self._known_dirs.add(directory)


@dataclass
class ArchiveBatch:
    """Files written but not yet durable; one per thread of work, never shared."""

    archive: Archive
    _files: dict[Path, None] = field(default_factory=dict)

    def put(self, data: bytes, kind: str = "raw") -> str:
        """Write ``data`` and return its digest; durable only after ``sync()``.

        Bytes already in the archive count too: another batch may have
        written them and not be synced yet.
        """
        digest, path = self.archive._write(data, kind)
        self._files[path] = None
        return digest

    def sync(self) -> None:
        """Make every file of the batch durable; call it before committing rows that point to them."""
        if not self._files:
            return
        if self.archive._syncfs is not None:
            self.archive._syncfs.sync()
        else:  # no syncfs(2): fsync each file, then every directory from it up to the archive root
            directories: dict[Path, None] = {}
            for path in self._files:
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
                directories.update(dict.fromkeys(path.parents[:4]))  # <bb>, <aa>, <kind>, root
            for directory in directories:
                _fsync_dir(directory)
        self._files.clear()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
