"""Legacy and OpenDocument office files, via a headless LibreOffice.

Rather than parsing .doc/.xls/.rtf/.odt/.ods ourselves, LibreOffice converts
them to DOCX/XLSX and the OOXML parsers take over, so every format gets the
same table, merge and legacy-font handling. Each conversion runs in its own
temp dir with its own user profile (concurrent soffice processes sharing a
profile block each other) and is killed, process group and all, on timeout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from config import ParseLimits
from domain import error_line
from parsers.document import Document, LimitExceeded, Paragraph, ParseError, Table
from parsers.docx import parse_docx
from parsers.normalise import clean_text
from parsers.xlsx import parse_xlsx

TEXT_FORMATS = {"doc": "docx", "rtf": "docx", "odt": "docx"}
SHEET_FORMATS = {"xls": "xlsx", "ods": "xlsx"}
# Filter names pin the output format; a bare extension can pick a wrong export filter.
FILTERS = {
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "doc": "doc:MS Word 97",
    "xls": "xls:MS Excel 97",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"


def convert_with_libreoffice(data: bytes, name: str, target_ext: str, timeout: float, infilter: str | None = None) -> bytes:
    """Convert ``data`` (a file called ``name``) to ``target_ext`` and return the result's bytes.

    ``infilter`` pins LibreOffice's import filter (e.g. "MS Word 97") instead of letting it guess.
    """
    ext = _ext(name) or "bin"
    target_ext = target_ext.lstrip(".").lower()
    with tempfile.TemporaryDirectory(prefix="dienhinh-soffice-") as tmp:
        root = Path(tmp)
        src = root / f"input.{ext}"  # never trust the sender's file name on a command line
        src.write_bytes(data)
        outdir = root / "out"
        outdir.mkdir()
        cmd = [
            SOFFICE,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to", FILTERS.get(target_ext, target_ext),
            "--outdir", str(outdir), str(src),
        ]
        env = {**os.environ, "HOME": tmp, "SAL_USE_VCLPLUGIN": "svp"}
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp, env=env, start_new_session=True)
        except OSError as exc:
            raise ParseError(f"LibreOffice is not available to convert {name}: {error_line(exc, with_type=False, limit=200)}") from None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            for pipe in (proc.stdout, proc.stderr):
                pipe.close()
            raise LimitExceeded(f"{name}: LibreOffice conversion to {target_ext} took longer than {timeout:.0f}s") from None
        finally:
            _kill(proc)  # soffice can leave helpers behind in its session
        result = outdir / f"input.{target_ext}"
        if not result.is_file() or result.stat().st_size == 0:
            reason = err.decode("utf-8", "replace").strip().splitlines()
            detail = reason[-1] if reason else f"exit code {proc.returncode}"
            raise ParseError(f"LibreOffice could not convert {name} to {target_ext}: {detail}")
        return result.read_bytes()


def parse_legacy_office(data: bytes, name: str, limits: ParseLimits) -> Document:
    """Parse .doc/.rtf/.odt (via DOCX) or .xls/.ods (via XLSX), keeping the original format."""
    ext = _ext(name)
    if ext not in TEXT_FORMATS and ext not in SHEET_FORMATS:
        raise ParseError(f"{name}: not a legacy office format this parser knows (.{ext})")
    if len(data) > limits.attachment_bytes:
        raise LimitExceeded(f"{name}: {len(data)} bytes, over the {limits.attachment_bytes}-byte limit")
    sheet = ext in SHEET_FORMATS
    route, infilter = _sniff(data, name, sheet)
    timeout = limits.seconds_per_attachment
    try:
        if route == "ooxml":  # a .docx/.xlsx that was merely renamed
            doc = (parse_xlsx if sheet else parse_docx)(data, name, limits)
        elif sheet:
            doc = parse_xlsx(convert_with_libreoffice(data, name, "xlsx", timeout, infilter=infilter), name, limits)
        else:
            doc = parse_docx(convert_with_libreoffice(data, name, "docx", timeout, infilter=infilter), name, limits)
    except LimitExceeded:
        raise
    except ParseError as exc:
        if route != "ole" or sheet or not shutil.which("antiword"):
            raise
        doc = _antiword(data, name, timeout, first_error=str(exc))
    doc.format = ext
    doc.source = name
    return doc


def _sniff(data: bytes, name: str, sheet: bool) -> tuple[str, str | None]:
    """Decide how to open the bytes, and pin LibreOffice's import filter where we can.

    Left to guess, LibreOffice imports any unknown bytes as a plain-text
    document, turning a damaged file into pages of garbage instead of an error.
    Returns (route, infilter): route is "ooxml", "ole" or "other".
    """
    if data.startswith(OLE_MAGIC):
        streams = {s: s.encode("utf-16-le") in data for s in ("WordDocument", "Workbook", "Book", "EncryptedPackage")}
        if streams["EncryptedPackage"]:
            raise ParseError(f"{name}: password-protected Office file")
        if not sheet and streams["WordDocument"]:
            return "ole", "MS Word 97"  # the ww8 filter also reads Word 6/95
        if sheet and streams["Workbook"]:
            return "ole", "MS Excel 97"
        if sheet and streams["Book"]:
            return "ole", "MS Excel 95"
        raise ParseError(f"{name}: OLE file without a {'workbook' if sheet else 'Word document'} inside")
    if data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        if b"[Content_Types].xml" in data[:65536] or b"word/" in head or b"xl/" in head:
            return "ooxml", None
        if b"mimetype" in head and b"opendocument" in head:
            return "other", "calc8" if sheet else "writer8"
        raise ParseError(f"{name}: ZIP container that is not an office document")
    if data.lstrip()[:5] == b"{\\rtf":
        return "other", None if sheet else "Rich Text Format"
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith((b"<", b"mime-version")) or b"<html" in start:
        return "other", None  # HTML/XML/MHT saved with an office extension: let LibreOffice detect it
    raise ParseError(f"{name}: not a recognisable {'spreadsheet' if sheet else 'Word document'} (unknown content)")


def _antiword(data: bytes, name: str, timeout: float, first_error: str) -> Document:
    """Plain text of a Word 97-2003 file when LibreOffice failed: no tables, but the words."""
    with tempfile.TemporaryDirectory(prefix="dienhinh-antiword-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        try:
            done = subprocess.run(
                ["antiword", "-m", "UTF-8.txt", "-w", "0", str(src)],
                capture_output=True, timeout=timeout, cwd=tmp,
            )
        except subprocess.TimeoutExpired:
            raise LimitExceeded(f"{name}: antiword took longer than {timeout:.0f}s") from None
    text = done.stdout.decode("utf-8", "replace")
    if done.returncode != 0 or not text.strip():
        reason = done.stderr.decode("utf-8", "replace").replace(str(src), name).strip().splitlines()
        raise ParseError(f"{name}: unreadable .doc ({first_error}; antiword: {reason[-1] if reason else 'no text'})")
    doc = Document(source=name, format="doc")
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            rows.append([clean_text(c) for c in stripped[1:-1].split("|")])  # antiword draws tables with bars
            continue
        if rows:
            width = max(len(r) for r in rows)
            doc.tables.append(Table(rows=[r + [""] * (width - len(r)) for r in rows]))
            rows = []
        if (t := clean_text(line)) and t != "[pic]":
            doc.paragraphs.append(Paragraph(text=t))
    doc.notes.append(f"LibreOffice failed ({first_error}); text taken with antiword, merged cells and pictures lost")
    return doc


def _ext(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _kill(proc: subprocess.Popen) -> None:
    """Kill the whole process group of ``proc`` (soffice forks soffice.bin)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
