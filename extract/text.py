"""Small text helpers shared by the extraction modules.

Vietnamese documents arrive with every combination of accents, case and
Unicode form (NFD from Mac editors, legacy fonts already decoded by the
parsers). Matching is therefore always done on a *folded* form: no
diacritics, ``đ`` → ``d``, lower case, single spaces. Output values keep the
original text, only NFC-normalised and whitespace-collapsed.
"""

from __future__ import annotations

import re
import unicodedata

from domain import fold

_WS = re.compile(r"\s+")

# Leading list markers: bullets, "1.", "1.2.", "a)", "(3)", "IV.", "1/".
BULLET_RE = re.compile(
    r"^\s*(?:"
    r"[-–—−•●○◦▪■□♦◆►▶➢➤✓✔✗*+·«»]+"  # "«": how OCR reads a round bullet
    r"|\(?\d{1,2}(?:\.\d{1,2})*\s*[.)/](?!\d)"
    r"|\(?[a-zđ]\s*\)"
    r"|[a-zđ]\.(?=\s)"
    r"|\(?[IVX]{1,4}\s*[.)](?=\s)"
    r")\s*",
    re.IGNORECASE,
)

def nfc(text: str | None) -> str:
    """NFC form with whitespace (including NBSP and newlines) collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return _WS.sub(" ", text).strip()


def nfc_lines(text: str | None) -> list[str]:
    """Split into lines, each NFC and collapsed; empty lines kept as ''."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return [_WS.sub(" ", line.replace("\u00a0", " ")).strip() for line in text.split("\n")]




def fold_words(text: str | None) -> list[str]:
    """Folded text cut into alphanumeric words (punctuation dropped)."""
    return re.findall(r"[a-z0-9]+", fold(text))


def strip_bullet(text: str) -> str:
    """Remove one leading list marker ("- ", "1.", "a)", "•") and spaces."""
    return BULLET_RE.sub("", text, count=1).strip()


def has_bullet(text: str) -> bool:
    return bool(text) and BULLET_RE.match(text) is not None and strip_bullet(text) != text.strip()


def is_upper_text(text: str) -> bool:
    """True when every cased letter is upper case (and there are some)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(not c.islower() for c in letters)


def contains_phrase(folded_text: str, folded_phrase: str) -> bool:
    """Whole-word containment on folded text."""
    return re.search(r"(?<![a-z0-9])" + re.escape(folded_phrase) + r"(?![a-z0-9])", folded_text) is not None


def any_phrase(folded_text: str, phrases) -> bool:
    return any(contains_phrase(folded_text, p) for p in phrases)
