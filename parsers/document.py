"""The one document model every parser produces.

Parsers turn bytes (a DOCX, a PDF page, a spreadsheet, an e-mail body) into
``Document`` objects; extraction reads only this model, never file formats.
All text in a ``Document`` is Unicode NFC with legacy encodings (TCVN3, VNI)
already decoded, so later stages never see mojibake.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """One paragraph or text line, in reading order."""

    text: str
    page: int | None = None
    style: str | None = None  # e.g. "Heading 1", "bold" where the format tells


@dataclass
class Table:
    """A table as rows of cell strings.

    Merged cells are resolved: a value spanning several cells is repeated in
    each cell it covers, so every row of a table has the same length.
    """

    rows: list[list[str]]
    page: int | None = None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Image:
    """A picture: embedded in a document, attached, or found in an archive.

    ``kind`` is a heuristic: ``photo`` (a photograph, perhaps of a person),
    ``document`` (a scan or phone photo of paper), or ``unknown``.
    """

    name: str
    content_type: str
    width: int
    height: int
    sha256: str
    kind: str = "unknown"
    page: int | None = None


@dataclass
class Document:
    """Text, tables and pictures taken out of one file or body part."""

    source: str  # file name as sent (ZIP members: "archive.zip/dir/member.docx")
    format: str  # docx, pdf, xlsx, image, text, html, doc, xls, rtf, odt ...
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    key_values: list[tuple[str, str]] = field(default_factory=list)
    pages: int | None = None
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text came from OCR
    legacy_encoding: str | None = None  # "tcvn3" / "vni" when text was converted
    notes: list[str] = field(default_factory=list)  # non-fatal remarks for operators

    @property
    def text(self) -> str:
        """All paragraphs, one per line (tables not included)."""
        return "\n".join(p.text for p in self.paragraphs)


class ParseError(Exception):
    """A file could not be parsed; ``str(exc)`` is a one-line reason for operators."""


class LimitExceeded(ParseError):
    """A safety limit (size, depth, pixels, pages, time) was hit."""
