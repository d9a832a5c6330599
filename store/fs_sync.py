"""``syncfs(2)``: flush one file system's dirty data and metadata in one call.

Python's ``os`` module has ``fsync`` and ``sync`` but not ``syncfs``, so it is
called through ctypes from the C library. Linux only; since Linux 5.8 it
reports writeback errors, which is what makes it usable for durability.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
from pathlib import Path


class SyncFs:
    """Calls ``syncfs`` on the file system that holds ``path``."""

    def __init__(self, path: Path, function):
        self.path = Path(path)
        self._function = function

    @classmethod
    def for_path_or_none(cls, path: Path) -> "SyncFs | None":
        """A ``SyncFs`` when the C library has ``syncfs`` and the kernel reports its errors, else None."""
        if platform.system() != "Linux" or not _kernel_at_least(5, 8):
            return None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        except OSError:
            return None
        function = getattr(libc, "syncfs", None)
        if function is None:
            return None
        function.argtypes = [ctypes.c_int]
        function.restype = ctypes.c_int
        return cls(path, function)

    def sync(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            if self._function(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, f"syncfs failed: {os.strerror(code)}", str(self.path))
        finally:
            os.close(fd)


def _kernel_at_least(major: int, minor: int) -> bool:
    release = platform.release().split("-")[0].split(".")
    try:
        return (int(release[0]), int(release[1])) >= (major, minor)
    except (IndexError, ValueError):
        return False
