"""The roster: the units a campaign expects to hear from, read from CSV or XLSX.

Rosters are kept by reviewers in Excel, so the loader is forgiving about
layout and strict about content. The header row may sit below a title; its
headings are matched loosely and accent-insensitively against
:data:`campaigns.vocabulary.ROSTER_HEADINGS` ("Tên đơn vị", "EMAIL",
"Cấp học", "Huyện"). A unit may list several addresses separated by ``;``
or ``,``. A row that cannot be used (no name, a malformed address, a name
given twice) is reported with its line number and left out; the good rows
still load, so one typo never hides a whole roster. A unit with no address at
all is kept: it is expected like the others, recognised by the name in its
mail, and listed as one that cannot be reminded.

A roster is read again when its file changes (modification time and size),
so an edit applies to the next digest, reminder run or report without a
restart.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from campaigns.names import name_key
from campaigns.vocabulary import REQUIRED_COLUMNS, ROSTER_HEADINGS
from domain import fold

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 15
_ADDRESS = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[a-z]{2,}$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[;,\s]+")
_HEADING_NOISE = re.compile(r"[^a-z0-9&/ -]+")


class RosterError(Exception):
    """The roster cannot be used at all (missing file, no header row); names the file."""


@dataclass(frozen=True)
class RosterUnit:
    """One expected unit."""

    name: str
    emails: tuple[str, ...]
    level: str | None = None
    district: str | None = None
    line: int = 0

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def no_address(self) -> bool:
        """Listed without an e-mail address: matched by name only, and cannot be reminded."""
        return not self.emails


@dataclass
class Roster:
    """The units of one roster file, and the rows that could not be used."""

    path: Path
    units: list[RosterUnit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 7: ..." in file order

    def by_name(self, name: str) -> RosterUnit | None:
        """The unit with this name (folded comparison: accents and case do not matter)."""
        wanted = fold(name)
        found = [u for u in self.units if fold(u.name) == wanted]
        if not found:
            key = name_key(name)
            found = [u for u in self.units if u.key == key]
        return found[0] if len(found) == 1 else None

    def by_address(self, address: str) -> list[RosterUnit]:
        address = address.strip().lower()
        return [u for u in self.units if address in u.emails]

    def problem_report(self) -> str:
        """One message listing every bad row, for logs and the ``campaign roster`` command."""
        if not self.problems:
            return ""
        return f"{self.path}: {len(self.problems)} row(s) left out: " + "; ".join(self.problems)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def _heading_score(cell: str, heading: str) -> int:
    if cell == heading:
        return 3
    if cell.startswith((heading + " ", heading + "/")):
        return 2
    return 1 if f" {heading} " in f" {cell} " else 0


def _columns(row: list[str]) -> dict[str, int]:
    """Which column holds what; each cell goes to the field it matches best."""
    best: dict[str, tuple[int, int, int]] = {}  # field -> (score, heading length, column)
    for column, raw in enumerate(row):
        cell = _HEADING_NOISE.sub(" ", fold(raw)).strip()
        cell = " ".join(cell.split())
        if not cell:
            continue
        scored = [
            (_heading_score(cell, heading), len(heading), name)
            for name, headings in ROSTER_HEADINGS.items() for heading in headings
        ]
        score, length, name = max(scored)
        if score and (name not in best or (score, length) > best[name][:2]):
            best[name] = (score, length, column)
    return {name: column for name, (_s, _l, column) in best.items()}


Rows = list[tuple[int, list[str]]]  # (line number where the row starts, cells)


def _rows_from_csv(data: bytes) -> Rows:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", errors="replace")
    first_line = text.lstrip().split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    for row in reader:  # a quoted cell may span lines: count from where the row starts
        rows.append((line, [_text(c) for c in row]))
        line = reader.line_num + 1
    return rows


def _rows_from_xlsx(data: bytes) -> Rows:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = [[(i, [_text(c) for c in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
                  for sheet in workbook.worksheets]
    finally:
        workbook.close()
    return next((rows for rows in sheets if _find_header(rows) is not None), sheets[0] if sheets else [])


def _find_header(rows: Rows) -> tuple[int, dict[str, int]] | None:
    for index, (_line, row) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _columns(row)
        if all(name in columns for name in REQUIRED_COLUMNS):
            return index, columns
    return None


def split_addresses(cell: str) -> tuple[list[str], list[str]]:
    """The addresses in a cell (``;``, ``,`` or spaces between them) and the pieces that are not addresses."""
    good, bad = [], []
    for piece in _SEPARATORS.split(cell.replace("mailto:", " ")):
        piece = piece.strip().strip("<>").lower()
        if piece:
            (good if _ADDRESS.match(piece) else bad).append(piece)
    return list(dict.fromkeys(good)), bad


def parse_roster(data: bytes, path: Path) -> Roster:
    """Units from the bytes of a roster file (XLSX by content, else CSV)."""
    is_xlsx = data[:4] == b"PK\x03\x04"
    try:
        rows = _rows_from_xlsx(data) if is_xlsx else _rows_from_csv(data)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise RosterError(f"{path}: cannot read the roster: {exc}") from exc
    header = _find_header(rows)
    if header is None:
        raise RosterError(f"{path}: no header row with a unit name column (e.g. 'Tên đơn vị') and an e-mail "
                          f"column (e.g. 'Email') in the first {HEADER_SEARCH_ROWS} rows")
    start, columns = header
    roster = Roster(path=path)
    seen: dict[str, int] = {}

    def cell(row: list[str], name: str) -> str:
        column = columns.get(name)
        return row[column] if column is not None and column < len(row) else ""

    for line, row in rows[start + 1:]:
        if not any(row):
            continue
        name = cell(row, "unit")
        emails, bad = split_addresses(cell(row, "emails"))
        problem = None
        if not name:
            problem = "no unit name"
        elif bad:
            problem = f"{name}: not an e-mail address: {', '.join(bad)}"
        elif name_key(name) in seen:
            problem = f"{name}: unit already listed on line {seen[name_key(name)]}"
        if problem:
            roster.problems.append(f"line {line}: {problem}")
            continue
        seen[name_key(name)] = line
        roster.units.append(RosterUnit(name=name, emails=tuple(emails), level=cell(row, "level") or None,
                                       district=cell(row, "district") or None, line=line))
    return roster


_cache: dict[Path, tuple[tuple[int, int], Roster]] = {}
_cache_lock = threading.Lock()


def load_roster(path: Path) -> Roster:
    """The roster at ``path``, read again only when the file changed (mtime and size)."""
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise RosterError(f"{path}: roster file not found") from None
    except OSError as exc:
        raise RosterError(f"{path}: cannot read the roster: {exc.strerror}") from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
    roster = parse_roster(path.read_bytes(), path)
    if roster.problems:
        log.warning("roster %s", roster.problem_report())
    log.info("roster %s: %d unit(s) loaded", path, len(roster.units))
    with _cache_lock:
        _cache[path] = (stamp, roster)
    return roster
