"""Content-addressed archive of raw messages and attachment files on disk.

A file's name is the SHA-256 of its bytes, so writing the same bytes twice is
harmless and a crash between writing and committing the database row leaves
at most an orphan file that the next attempt reuses. Each write goes to a
temporary file that is renamed into place. ``put`` makes it durable at once
(fsync of the file and its directory); ``put(..., sync=False)`` leaves that to
one later ``sync()`` for a whole batch, which on Linux is a single
``syncfs(2)`` of the archive's file system instead of two fsyncs per file
(the same idea as git's ``core.fsyncMethod=batch``). Either way the bytes are
durable before the row that points to them commits.
File names from mail are never used as paths.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from store.fs_sync import SyncFs


class Archive:
    """Raw bytes under ``root/<kind>/<aa>/<bb>/<sha256>``."""

    def __init__(self, root: Path, *, use_syncfs: bool = True):
        self.root = Path(root)
        self._unsynced: list[Path] = []  # files written with sync=False, durable only after sync()
        self._unsynced_dirs: dict[Path, None] = {}  # directories whose entries those writes changed
        self._known_dirs: set[Path] = set()
        self._syncfs = SyncFs.for_path_or_none(self.root) if use_syncfs else None

    def path_for(self, digest: str, kind: str = "raw") -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"not a sha256 hex digest: {digest!r}")
        return self.root / kind / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes, kind: str = "raw", *, sync: bool = True) -> str:
        """Store ``data`` and return its sha256 hex digest.

        With ``sync=True`` (the default) the file is durable when this returns.
        With ``sync=False`` it is written but durable only after ``sync()``:
        the caller must call it before committing anything that points to it.
        """
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest, kind)
        if target.exists() and target.stat().st_size == len(data):
            if not sync:
                self._unsynced.append(target)  # it may be another batch's file, not yet synced either
            return digest
        created = self._make_dirs(target.parent)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        try:
            handle = open(tmp, "wb")
        except FileNotFoundError:  # a directory removed behind our back since we cached it
            self._known_dirs.clear()
            created = self._make_dirs(target.parent)
            handle = open(tmp, "wb")
        with handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, target)
        if sync:
            for directory in [target.parent, *created]:
                _fsync_dir(directory)
        else:
            self._unsynced.append(target)
            self._unsynced_dirs.update(dict.fromkeys([target.parent, *created]))
        return digest

    def sync(self) -> None:
        """Make every ``put(..., sync=False)`` since the last call durable."""
        if not self._unsynced:
            return
        if self._syncfs is not None:
            self._syncfs.sync()
        else:  # no syncfs(2): fsync each file, then each directory that gained an entry
            for path in self._unsynced:
                with open(path, "rb") as handle:
                    os.fsync(handle.fileno())
            for directory in self._unsynced_dirs:
                _fsync_dir(directory)
        self._unsynced.clear()
        self._unsynced_dirs.clear()

    def get(self, digest: str, kind: str = "raw") -> bytes:
        return self.path_for(digest, kind).read_bytes()

    def exists(self, digest: str, kind: str = "raw") -> bool:
        return self.path_for(digest, kind).exists()

    def _make_dirs(self, directory: Path) -> list[Path]:
        """Create ``directory`` and missing parents; return the parents whose entries changed."""
        if directory in self._known_dirs:
            return []
        changed = []
        missing = []
        probe = directory
        while not probe.exists():
            missing.append(probe)
            probe = probe.parent
        for path in reversed(missing):
            path.mkdir(exist_ok=True)
            changed.append(path.parent)
        self._known_dirs.add(directory)
        return changed


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
