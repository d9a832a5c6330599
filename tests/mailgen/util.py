"""Small shared helpers: NFC, ASCII folding, weighted choice, deterministic ZIP re-packing."""

from __future__ import annotations

import io
import random
import re
import string
import unicodedata
import zipfile

FIXED_ZIP_TIME = (2024, 3, 1, 8, 0, 0)


def nfc(text: str) -> str:
    """Unicode NFC with runs of whitespace collapsed to one space (newlines kept)."""
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", text).split("\n")]
    return "\n".join(lines).strip()


def fold(text: str) -> str:
    """Vietnamese to plain ASCII: 'Đặng Thị Ánh' -> 'Dang Thi Anh'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str, sep: str = "") -> str:
    """ASCII lower-case identifier made of the letters/digits of ``text``."""
    words = re.findall(r"[a-z0-9]+", fold(text).lower())
    return sep.join(words)


def initials(text: str) -> str:
    """'Nguyễn Thị Hoa' -> 'nth' (ASCII, lower case)."""
    return "".join(fold(w)[0].lower() for w in text.split() if w)


def weighted(rng: random.Random, table: dict):
    """Pick a key of ``table`` with probability proportional to its value."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys], k=1)[0]


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def token(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def hex_token(rng: random.Random, n: int, upper: bool = False) -> str:
    value = "".join(rng.choice("0123456789abcdef") for _ in range(n))
    return value.upper() if upper else value


def repack_zip(data: bytes, date_time: tuple = FIXED_ZIP_TIME, patch=None) -> bytes:
    """Rewrite a ZIP (DOCX/XLSX) with fixed member timestamps so output is byte-stable.

    ``patch(name, bytes) -> bytes`` may rewrite member contents (e.g. core.xml dates).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if patch is not None:
                blob = patch(info.filename, blob)
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, blob)
    return out.getvalue()


_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def fix_core_dates(iso: str):
    """A ``repack_zip`` patch that pins docProps/core.xml dates to ``iso``."""

    def patch(name: str, blob: bytes) -> bytes:
        if name == "docProps/core.xml":
            return _CORE_DATE.sub(rb"\g<1>" + iso.encode() + rb"\g<2>", blob)
        return blob

    return patch


def make_zip(members: list[tuple[str, bytes]], date_time: tuple = FIXED_ZIP_TIME) -> bytes:
    """A ZIP archive of (name, bytes) with fixed timestamps (UTF-8 names flagged)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in members:
            member = zipfile.ZipInfo(name, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, blob)
    return out.getvalue()
