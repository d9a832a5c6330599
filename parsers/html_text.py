"""Readable plain text from an HTML e-mail body, with the stdlib ``html.parser``.

Mail clients (Gmail, Outlook, Zimbra) send the nominee's details as HTML
only often enough that the body must be read from markup.  The conversion
keeps the layout that carries meaning:

* block elements (``p``, ``div``, ``br``, ``li``, ``h1``-``h6``, table rows
  ...) end a line, so one "Label: value" pair stays one line;
* inline markup such as ``<b>Label:</b> value`` stays on that line;
* table cells in a row are joined with ``" | "``;
* ``script``, ``style`` and ``head`` content is dropped, entities (HTML5,
  WHATWG named and numeric character references) are decoded;
* a link keeps its text and, when the target differs from it, the target in
  parentheses: ``minh chứng (https://drive.google.com/...)`` so Drive and
  OneDrive URLs hidden behind anchor text survive.

The result goes through :func:`parsers.normalise.clean_text`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from parsers.normalise import clean_text

__all__ = ["html_to_text"]

# Elements whose start and end break the line (HTML Living Standard, "flow"
# content rendered as blocks by default).
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li "
    "main menu nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_CELL = frozenset({"td", "th"})
# Elements whose text is never shown.
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "svg", "object"})
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_BREAK = "\n"


def _same_target(text: str, href: str) -> bool:
    """True when the link text already shows the target (ignoring scheme)."""
    norm = lambda s: re.sub(r"^(mailto:|tel:|https?://)", "", s.strip().lower()).rstrip("/")
    return not href or norm(text) == norm(href) or norm(href) in norm(text)


class _Extractor(HTMLParser):
    """Collects text pieces; line structure is rebuilt in :meth:`text`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0
        self.rows: list[int] = []  # cells seen in the current row, per open table
        self.cell_empty = False  # no text yet in the current cell
        self.line_open = False  # visible text since the last line break
        self.links: list[tuple[str, int]] = []  # (href, index in out where text starts)

    # -- output helpers -------------------------------------------------
    def _break(self, hard: bool = False) -> None:
        """End the line. A block boundary (soft) never makes an empty line;
        ``<br>`` (hard) always breaks, so ``<div><br></div>`` is a blank line."""
        if self.cell_empty:
            return  # a block opening a cell must not split "label | value"
        if hard or self.line_open:
            self.out.append(_BREAK)
        self.line_open = False

    def _text(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.pre_depth:
            data = _SPACE.sub(" ", data)
        if data.strip():
            self.cell_empty = False
            self.line_open = True
        self.out.append(data)

    # -- HTMLParser callbacks -------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag in _VOID:
            if tag == "br":
                self._break(hard=True)
            elif tag == "hr":
                self._break()
            return
        if tag == "pre":
            self.pre_depth += 1
        if tag == "table":
            self.rows.append(0)
        elif tag == "tr":
            if self.rows:
                self.rows[-1] = 0
        elif tag in _CELL:
            if self.rows:
                if self.rows[-1]:
                    self.out.append(" | ")
                    self.line_open = True
                self.rows[-1] += 1
            self.cell_empty = True
            return
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self.links.append((href, len(self.out)))
            return
        if tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag == "a":
            self._close_link()
            return
        if tag in _CELL:
            while self.out and not self.out[-1].strip():
                self.out.pop()  # trailing breaks and blanks inside the cell
            self.cell_empty = False
            self.line_open = True
            return
        if tag == "table" and self.rows:
            self.rows.pop()
        if tag in _BLOCK:
            self.cell_empty = False
            self._break()

    def handle_data(self, data: str) -> None:
        self._text(data)

    def _close_link(self) -> None:
        if not self.links:
            return
        href, start = self.links.pop()
        if href.startswith(("#", "javascript:", "cid:")):
            return
        shown = "".join(self.out[start:]).strip()
        if not _same_target(shown, href):
            self.out.append(f" ({href})" if shown else href)

    def text(self) -> str:
        while self.links:
            self._close_link()
        lines = [_SPACE.sub(" ", ln).strip() for ln in "".join(self.out).split(_BREAK)]
        kept: list[str] = []
        for line in lines:
            if line or (kept and kept[-1]):
                kept.append(line)  # at most one empty line between paragraphs
        return "\n".join(kept).strip()


def html_to_text(html: str) -> str:
    """Convert an HTML body to readable text (see the module docstring).

    Never raises on malformed markup: ``html.parser`` is lenient and
    unclosed elements are simply flushed at the end.
    """
    if not html or not html.strip():
        return ""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    return clean_text(parser.text())
