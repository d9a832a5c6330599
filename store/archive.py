"""Content-addressed archive of raw messages and attachment files on disk.

A file's name is the SHA-256 of its bytes, so writing the same bytes twice is
harmless and a crash between writing and committing the database row leaves
at most an orphan file that the next attempt reuses. Each write goes to a
temporary file that is fsynced, renamed into place, and its directory fsynced,
so the bytes are durable before the row that points to them commits.
File names from mail are never used as paths.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


class Archive:
    """Raw bytes under ``root/<kind>/<aa>/<bb>/<sha256>``."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, digest: str, kind: str = "raw") -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"not a sha256 hex digest: {digest!r}")
        return self.root / kind / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes, kind: str = "raw") -> str:
        """Store ``data`` durably and return its sha256 hex digest."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest, kind)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        return digest

    def get(self, digest: str, kind: str = "raw") -> bytes:
        return self.path_for(digest, kind).read_bytes()

    def exists(self, digest: str, kind: str = "raw") -> bool:
        return self.path_for(digest, kind).exists()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
