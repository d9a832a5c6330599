"""What every archive reader shares: safe member paths and the limits that stop bombs.

One ``Budget`` is carried through an archive and every archive nested in it,
so inner archives cannot reset the member count or the bytes taken out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from config import ParseLimits
from parsers.document import LimitExceeded

JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
PLACEHOLDER = "unnamed"
# Tiny members compress absurdly well (a page of spaces); the ratio limit only
# matters once a member is big enough to hurt.
RATIO_FLOOR = 1 << 20


@dataclass
class Budget:
    """Counters shared across nesting levels so inner archives can't reset them."""

    members: int = 0
    total_bytes: int = 0
    seen_paths: set[str] = field(default_factory=set)
    byte_cap: int | None = None  # what the message's budget still allows, when less than the archive limit




def safe_member_path(raw_name: str) -> str:
    """Turn an archive member name into a harmless relative POSIX path.

    Strips drive letters, absolute roots, ``.``/``..`` components, NUL and
    control characters; backslashes count as separators (Windows zippers).
    """
    name = "".join(ch for ch in raw_name if ch >= " " and ch != "\x7f")
    name = unicodedata.normalize("NFC", name.replace("\\", "/"))
    parts = []
    for i, comp in enumerate(name.split("/")):
        comp = comp.strip()
        if i == 0 and len(comp) >= 2 and comp[1] == ":" and comp[0].isalpha():
            comp = comp[2:].strip()  # "C:" or "C:foo"
        if comp in ("", ".", ".."):
            continue
        parts.append(comp)
    return "/".join(parts) or PLACEHOLDER


def is_junk(path: str) -> bool:
    parts = path.split("/")
    base = parts[-1].lower()
    return "__MACOSX" in parts[:-1] or base in JUNK_NAMES or base.startswith("._")


def count(budget: Budget, limits: ParseLimits, name: str, members: int = 0, nbytes: int = 0) -> None:
    budget.members += members
    budget.total_bytes += nbytes
    if budget.members > limits.archive_members:
        raise LimitExceeded(f"{name}: more than {limits.archive_members} files in the archive")
    if budget.total_bytes > limits.archive_total_bytes:
        raise LimitExceeded(f"{name}: archive expands to more than {limits.archive_total_bytes} bytes (zip bomb?)")
    if budget.byte_cap is not None and budget.total_bytes > budget.byte_cap:
        raise LimitExceeded(f"{name}: the message's archives expand to more than "
                            f"{limits.message_expanded_bytes} bytes together (message_expanded_bytes)")


def check_ratio(name: str, path: str, size: int, compressed: int, limits: ParseLimits) -> None:
    if size > RATIO_FLOOR and size > limits.archive_ratio * max(compressed, 1):
        raise LimitExceeded(
            f"{name}: member {path} compresses {size / max(compressed, 1):.0f}:1, over the {limits.archive_ratio:.0f}:1 limit (zip bomb?)"
        )


class Refused(NamedTuple):
    """What a reader yields instead of the bytes of a member over the attachment limit."""

    reason: str
    size: int


def refuse(name: str, path: str, size: int, limits: ParseLimits, declared: bool = False) -> Refused:
    what = "declares" if declared else "expands to more than"
    return Refused(f"{name}: member {path} {what} {size} bytes, over the attachment limit of "
                   f"{limits.attachment_bytes} bytes: not extracted", size)
