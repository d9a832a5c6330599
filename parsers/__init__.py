"""Bytes to text and tables. In the order a message meets them:

* ``mime`` / ``mime_words``: the MIME tree, charsets repaired, forwarded mail unwrapped;
* ``automatic_mail``: auto-replies, bounces and bulk mail (RFC 3834, 3464, 2369);
* ``mail_head``: the header block and text bodies alone, no attachment opened
  (the pipeline's cheap path for mail that is not a submission);
* ``message``: the message opened in the ``sandbox`` by ``unpack`` (MIME,
  forwarded mail, archives, under one ``budget`` per message), then every
  file through ``attachments`` (detection by magic bytes), each in the
  ``sandbox`` (``sandbox_worker``, ``process_tree``, ``file_result``);
  ``message_model``: the parsed message and its files;
* one reader per format: ``docx`` (``docx_fonts``, ``key_values``), ``pdf``
  (``pdf_text``, ``pdf_objects``), ``images`` and ``ocr``, ``xlsx``,
  ``html_text``, ``office_convert`` (legacy .doc/.xls/.rtf/.odt), ``archive``
  (``archive_limits``, ``archive_rar``);
* text clean-up: ``legacy_encodings`` (TCVN3, VNI), ``text_repair``
  (``mojibake``, ``vietnamese_syllables``), ``normalise``;
* ``document``: the Document model every reader returns.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# The entry points other packages may use, and the module each lives in. They are imported on first use:
# the sandbox's worker processes start with only what their job needs (a PDF job never loads python-docx).
_EXPORTS = {
    "automatic_reason": "automatic_mail",
    "Document": "document", "Image": "document", "LimitExceeded": "document", "Paragraph": "document",
    "ParseError": "document", "Table": "document",
    "parse_docx": "docx",
    "parse_image": "images",
    "BODY_SOURCE": "message", "ParsedFile": "message", "ParsedMessage": "message", "body_document": "message",
    "parse_message": "message",
    "MailHead": "mail_head", "other_parts": "mail_head", "read_head": "mail_head", "read_headers": "mail_head",
    "MailMessage": "mime", "parse_mime": "mime",
    "parse_pdf": "pdf",
    "is_vietnamese_syllable": "vietnamese_syllables",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from parsers.automatic_mail import automatic_reason
    from parsers.document import Document, Image, LimitExceeded, Paragraph, ParseError, Table
    from parsers.docx import parse_docx
    from parsers.images import parse_image
    from parsers.mail_head import MailHead, other_parts, read_head, read_headers
    from parsers.message import BODY_SOURCE, ParsedFile, ParsedMessage, body_document, parse_message
    from parsers.mime import MailMessage, parse_mime
    from parsers.pdf import parse_pdf
    from parsers.vietnamese_syllables import is_vietnamese_syllable


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'parsers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"parsers.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value
