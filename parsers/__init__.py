"""Bytes to text and tables. In the order a message meets them:

* ``mime`` / ``mime_words``: the MIME tree, charsets repaired, forwarded mail unwrapped;
* ``automatic_mail``: auto-replies, bounces and bulk mail (RFC 3834, 3464, 2369);
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

from parsers.automatic_mail import automatic_reason
from parsers.document import Document, Image, LimitExceeded, Paragraph, ParseError, Table
from parsers.docx import parse_docx
from parsers.images import parse_image
from parsers.message import BODY_SOURCE, ParsedFile, ParsedMessage, parse_message
from parsers.mime import MailMessage, parse_mime
from parsers.pdf import parse_pdf

__all__ = [
    "BODY_SOURCE", "Document", "Image", "LimitExceeded", "MailMessage", "Paragraph", "ParseError", "ParsedFile",
    "ParsedMessage", "Table", "automatic_reason", "parse_docx", "parse_mime", "parse_image", "parse_message", "parse_pdf",
]
