"""Text of a PDF page: characters into lines, lines into paragraphs, legacy text decoded.

Split from ``parsers.pdf``. LibreOffice draws Vietnamese letters that its main
font lacks as separate runs, so pdfium's plain text can read "TR NG ƯỜ"; lines
are rebuilt from character positions here instead.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.legacy_encodings import decode_legacy

PDFIUM_LOCK = threading.RLock()  # pdfium is not thread-safe: one lock for every module using it
MIN_LETTERS = 20

_MARKER = re.compile(
    r"^(?:[-+•*·●▪■◦–—∙➢►✓]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s|\(?[a-zđ][.)]\s|[IVXL]{1,5}[.)]\s"
    r"|(?:Điều|Mục|Phần|Chương|Khoản)\s+[\dIVXL]{1,4}[.:]\s)"
)
_LABEL = re.compile(r"^([^\W\d_][^:：]{0,48}?)\s*[:：]")
_END_PUNCT = (":", "：", ";")


def _starts_block(line: str) -> bool:
    """A bullet, a number, a short capitalised "Label:" or a rule ("____") opens a paragraph."""
    if _MARKER.match(line) or not any(c.isalnum() for c in line):
        return True
    m = _LABEL.match(line)
    return bool(m and line[0].isupper() and len(m.group(1).split()) <= 7)


def _all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def split_paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs.

    A line continues the previous one unless: a blank line separates them;
    it starts with a bullet ("-", "+", "•" ...), a number ("1.", "2)", "a)",
    "IV.", "Điều 2.") or a capitalised "Label:" of at most seven words; either
    line has no letter or digit (rules like "_____"); the previous line ends
    with ":" or ";" and this one does not start in lower case; the previous
    line is short (under 70 % of a typical full line, the 80th percentile of
    line lengths), so it ended its paragraph; or one of the two is all
    capitals and the other is not (headings).  Simple on purpose: extraction
    reads "Label: value" lines, and these rules keep each such line and each
    bullet whole.
    """
    stripped = [l.strip() for l in lines]
    lengths = sorted(len(l) for l in stripped if len(l) >= 20)
    full = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
    out: list[str] = []
    prev = ""
    for line in stripped:
        if not line:
            prev = ""
            continue
        joins = (
            prev
            and not _starts_block(line)
            and not (prev.endswith(_END_PUNCT) and not line[0].islower())
            and any(c.isalnum() for c in prev)
            and len(prev) >= 0.7 * full
            and _all_caps(prev) == _all_caps(line)
        )
        if joins:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        prev = line
    return out


# --- text layer -------------------------------------------------------------------


@dataclass(slots=True)
class Char:
    ch: str
    left: float  # loose box: the advance width and the font's ascent/descent
    right: float
    bottom: float
    top: float
    table: bool = False


@dataclass(slots=True)
class Line:
    text: str  # as pdfium gives it; used when ``chars`` is None
    chars: list[Char] | None = None


def page_lines(textpage: pdfium.PdfTextPage, geometry: bool) -> list[Line]:
    """pdfium's lines; with character boxes where reordering may be needed (or all)."""
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != n:  # characters outside the BMP: index by character (surrogates -> U+FFFD)
        codes = (pdfium_c.FPDFText_GetUnicode(tp, i) for i in range(n))
        text = "".join("\ufffd" if not c or 0xD800 <= c <= 0xDFFF or c > 0x10FFFF else chr(c) for c in codes)
    generated = pdfium_c.FPDFText_IsGenerated
    box = pdfium_c.FS_RECTF()
    lines: list[Line] = []
    start = 0
    for end in [m.start() for m in re.finditer(r"[\r\n]", text)] + [n]:
        a, start = start, end + 1
        if end <= a:
            continue
        spaces = [i for i in range(a, end) if text[i] == " "]
        if not geometry and not any(generated(tp, i) == 1 for i in spaces):
            lines.append(Line(text[a:end]))
            continue
        chars: list[Char] = []
        for i in range(a, end):
            ch = text[i]
            if ch == " " and generated(tp, i) == 1:
                continue
            if ch >= "\u0300" and unicodedata.combining(ch) and chars:
                chars[-1].ch += ch
                continue
            pdfium_c.FPDFText_GetLooseCharBox(tp, i, box)
            chars.append(Char(ch, box.left, box.right, box.bottom, box.top))
        lines.append(Line(text[a:end], chars))
    return lines


def chars_text(chars: list[Char]) -> str:
    """Text of characters on one line: left to right when horizontal, spaces from gaps."""
    heights = sorted(c.top - c.bottom for c in chars if c.top > c.bottom)
    em = heights[len(heights) // 2] / 1.15 if heights else 10.0  # loose box ~ 1.15 em
    bottoms = [c.bottom for c in chars if not c.ch.isspace()]
    if bottoms and max(bottoms) - min(bottoms) <= 0.5 * em:
        chars = sorted(chars, key=lambda c: c.left)
    out: list[str] = []
    last_right: float | None = None
    for c in chars:
        if c.ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if last_right is not None and out[-1] != " " and c.left - last_right > 0.12 * em:
            out.append(" ")
        out.append(c.ch)
        last_right = c.right
    return "".join(out).strip()


def line_text(line: Line) -> str:
    if line.chars is None:
        return line.text.strip()
    return chars_text([c for c in line.chars if not c.table])


def is_garbage(text: str) -> bool:
    """Too few letters, or mostly replacement / private-use / control characters."""
    letters = bad = 0
    for ch in text:
        o = ord(ch)
        if o == 0xFFFD or 0xE000 <= o <= 0xF8FF or (o < 0x20 and ch not in "\t\r\n"):
            bad += 1
        elif ch.isalpha():
            letters += 1
    return letters < MIN_LETTERS or bad > 0.4 * (letters + bad)



_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def decode_legacy_text(text: str, encoding: str) -> str:
    """Decode legacy text; TCVN3 words typed in capitals are decoded as capitals.

    TCVN3 has no codes for toned capitals: headings use a capital font
    (``.VnTimeH``) that draws the lower-case codes as capitals, and a PDF's
    text layer does not say which font a word came from.  A word whose ASCII
    letters are all capitals (at least two, or the whole line's, at least
    three) is taken to be such a heading word.
    """
    if encoding != "tcvn3":
        return decode_legacy(text, encoding)
    line_ascii = _ASCII_LETTERS.findall(text)
    line_caps = len(line_ascii) >= 3 and all(c.isupper() for c in line_ascii)

    def word(m: re.Match[str]) -> str:
        letters = _ASCII_LETTERS.findall(m.group())
        caps = bool(letters) and all(c.isupper() for c in letters) and (len(letters) >= 2 or line_caps)
        return decode_legacy(m.group(), encoding, caps=caps)

    return re.sub(r"\S+", word, text)


