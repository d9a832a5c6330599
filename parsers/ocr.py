"""OCR through the ``tesseract`` command-line program.

Why the CLI and not a binding: Debian ships tesseract with the ``vie`` and
``osd`` data, the CLI needs no compiled Python package, and a subprocess can
be killed when a hostile or huge scan makes it run too long.

How a picture is read:

* it is flattened to 8-bit grey (transparency composited onto white),
  enlarged when under ~1900 px or reduced when over 5000 px, and written as
  uncompressed TIFF into a private temporary directory: that costs nothing
  to encode, unlike PNG, and leptonica reads it faster than PNG or PGM
  (PGM measured 0.1 s a page slower); tesseract binarises grey itself;
* ``--psm 3`` (fully automatic page segmentation, no OSD) reads it, with TSV
  output so each word's confidence comes back with the text;
* only when that first pass looks poor (mean word confidence under
  ``_RETRY_CONFIDENCE`` or almost no words), ``--psm 0 -l osd`` asks for the
  page orientation; if it reports 90/180/270 degrees with a confidence of at
  least ``_OSD_MIN_CONFIDENCE``, the picture is turned and read again, and the
  better of the two readings (by mean confidence) wins.  Upright pages, the
  usual case, therefore cost one tesseract run; rotated scans cost three.
  (``--psm 1`` would detect orientation inside every run, but costs about
  40 % more on upright pages.)
* ``OMP_THREAD_LIMIT=1``: tesseract's OpenMP threads spin against each other
  on a small machine; one thread is about three times faster there.

All runs share one deadline; when it passes, the running tesseract is killed
and :class:`LimitExceeded` is raised.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage

from parsers.document import LimitExceeded, ParseError

__all__ = ["OcrResult", "ocr_image", "ocr_image_result", "tesseract_available"]

_RETRY_CONFIDENCE = 70.0  # mean word confidence (0-100) below which orientation is checked
_MIN_WORDS = 3  # fewer words than this also counts as a poor reading
_OSD_MIN_CONFIDENCE = 1.5  # tesseract's OSD orientation confidence; the re-read is verified anyway
_MAX_SIDE = 5000  # px; larger pictures are scaled down (A3 at 300 dpi is 4961 px)
_SMALL_SIDE = 1900  # px; smaller pictures (phone shots, 100 dpi scans) are enlarged up to 2x,
# which on 1280 px certificates recovers diacritics and names tesseract misreads at 1x
_MIN_SIDE = 16  # px; tesseract cannot read anything smaller


@dataclass
class OcrResult:
    """Text read from one picture, with what was learnt on the way."""

    text: str
    confidence: float  # mean word confidence, 0-100; -1 when no word was found
    rotation: int = 0  # degrees the picture was turned clockwise before the reading kept
    words: int = 0


@functools.lru_cache(maxsize=1)
def _installed_langs() -> frozenset[str] | None:
    """Languages tesseract can load, or None when the program is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return frozenset(l.strip() for l in lines if l.strip() and " " not in l.strip())


def tesseract_available() -> bool:
    """True when the tesseract program runs and has the Vietnamese data."""
    langs = _installed_langs()
    return langs is not None and "vie" in langs


def _check_langs(langs: str) -> None:
    installed = _installed_langs()
    if installed is None:
        raise ParseError("OCR unavailable: the tesseract program is not installed")
    missing = [l for l in langs.split("+") if l and l not in installed]
    if missing:
        raise ParseError(
            f"OCR unavailable: tesseract language data {', '.join(missing)!s} not installed"
            f" (apt-get install {' '.join('tesseract-ocr-' + m for m in missing)})"
        )


def _to_grey(img: PILImage.Image) -> tuple[PILImage.Image, float]:
    """8-bit grey with transparent areas on white (they would turn black otherwise),
    at most ``_MAX_SIDE`` px long; and the scale applied."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = PILImage.alpha_composite(white, rgba)
    if img.mode.startswith("I;16") or img.mode == "I":  # 16-bit scans
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if img.mode != "L":
        img = img.convert("L")
    longest = max(img.size)
    if longest > _MAX_SIDE:
        ratio, method = _MAX_SIDE / longest, PILImage.Resampling.BILINEAR
    elif longest < _SMALL_SIDE:
        ratio, method = min(2.0, _SMALL_SIDE / longest), PILImage.Resampling.BICUBIC
    else:
        return img, 1.0
    size = (max(1, round(img.width * ratio)), max(1, round(img.height * ratio)))
    return img.resize(size, method), ratio


class _Runner:
    """Runs tesseract under one deadline inside one private directory."""

    def __init__(self, workdir: Path, deadline: float, timeout: float) -> None:
        self.workdir = workdir
        self.deadline = deadline
        self.timeout = timeout
        self.env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise LimitExceeded(f"OCR took longer than {self.timeout:g} s")
        try:
            proc = subprocess.run(
                ["tesseract", *args],
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=left,
                cwd=self.workdir,
                env=self.env,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:  # subprocess.run has killed it
            raise LimitExceeded(f"OCR took longer than {self.timeout:g} s") from exc
        except OSError as exc:
            raise ParseError(f"OCR failed to start tesseract: {exc}") from exc
        return proc

    def read(self, picture: Path, langs: str, dpi: int | None) -> OcrResult:
        base = self.workdir / "out"
        proc = self.run([str(picture), str(base), "-l", langs, "--psm", "3", *_dpi(dpi), "tsv"])
        tsv = base.with_suffix(".tsv")
        if proc.returncode != 0 or not tsv.exists():
            tail = " ".join(proc.stderr.split())[-200:]
            raise ParseError(f"OCR failed (tesseract exit {proc.returncode}): {tail}")
        result = _parse_tsv(tsv.read_text(encoding="utf-8", errors="replace"))
        tsv.unlink()
        return result

    def orientation(self, picture: Path, dpi: int | None) -> tuple[int, float]:
        """(clockwise rotation tesseract advises, its confidence); (0, 0) when unsure."""
        proc = self.run([str(picture), "-", "-l", "osd", "--psm", "0", *_dpi(dpi)])
        rotate, conf = 0, 0.0
        for line in (proc.stdout + "\n" + proc.stderr).splitlines():
            key, _, value = line.partition(":")
            try:
                if key.strip() == "Rotate":
                    rotate = int(value.strip())
                elif key.strip() == "Orientation confidence":
                    conf = float(value.strip())
            except ValueError:
                return 0, 0.0
        return (rotate % 360, conf) if proc.returncode == 0 else (0, 0.0)


def _dpi(dpi: int | None) -> list[str]:
    return ["--dpi", str(dpi)] if dpi else []


def _parse_tsv(tsv: str) -> OcrResult:
    """Rebuild text from tesseract's TSV: words by line, a blank line between paragraphs."""
    lines: list[str] = []
    current: list[str] = []
    key: tuple[str, str, str] | None = None
    par: tuple[str, str] | None = None
    confs: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":  # level 5 = word
            continue
        word = cols[11].strip()
        try:
            conf = float(cols[10])
        except ValueError:
            conf = -1.0
        if not word:
            continue
        line_key = (cols[2], cols[3], cols[4])  # block, paragraph, line
        if line_key != key:
            if current:
                lines.append(" ".join(current))
            if par is not None and line_key[:2] != par:
                lines.append("")
            current, key, par = [], line_key, line_key[:2]
        current.append(word)
        if conf >= 0:
            confs.append(conf)
    if current:
        lines.append(" ".join(current))
    mean = sum(confs) / len(confs) if confs else -1.0
    return OcrResult(text="\n".join(lines), confidence=mean, words=len(confs))


def _poor(result: OcrResult) -> bool:
    return result.words < _MIN_WORDS or result.confidence < _RETRY_CONFIDENCE


def ocr_image_result(
    img: PILImage.Image, timeout: float, langs: str = "vie+eng", dpi: int | None = None
) -> OcrResult:
    """Read ``img`` with tesseract, fixing 90/180/270 degree rotation; see the module doc.

    ``dpi`` is the picture's resolution when known (tesseract sizes its
    filters by it); otherwise the image's own ``dpi`` info if plausible,
    else tesseract estimates it from the size of the text.
    Raises :class:`LimitExceeded` after ``timeout`` seconds, :class:`ParseError`
    when tesseract or its language data is missing or it fails.
    """
    _check_langs(langs)
    if min(img.size) < _MIN_SIDE:
        return OcrResult(text="", confidence=-1.0)
    if dpi is None:
        try:
            dpi = round(float(img.info["dpi"][0]))
        except (KeyError, TypeError, ValueError, IndexError):
            dpi = None
        if dpi is not None and not 100 <= dpi <= 1200:  # 72 dpi is what cameras write
            dpi = None
    deadline = time.monotonic() + timeout
    grey, ratio = _to_grey(img)
    if dpi is not None and ratio != 1.0:
        dpi = max(1, round(dpi * ratio))
    with tempfile.TemporaryDirectory(prefix="dienhinh-ocr-") as tmp:  # mode 0700
        runner = _Runner(Path(tmp), deadline, timeout)
        picture = Path(tmp) / "page.tif"
        try:
            grey.save(picture, "TIFF", compression="raw")  # not the source's, e.g. 1-bit G4
        except (OSError, ValueError) as exc:
            raise ParseError(f"OCR could not prepare the picture: {exc}") from exc
        best = runner.read(picture, langs, dpi)
        if not _poor(best):
            return best
        rotate, conf = runner.orientation(picture, dpi)
        if rotate == 0 or conf < _OSD_MIN_CONFIDENCE:
            return best
        # PIL rotates anticlockwise for positive angles; OSD's "Rotate" is clockwise.
        grey.rotate(-rotate, expand=True).save(picture, "TIFF", compression="raw")
        turned = runner.read(picture, langs, dpi)
        turned.rotation = rotate
        if turned.words >= _MIN_WORDS and turned.confidence > best.confidence:
            return turned
        return best


def ocr_image(
    img: PILImage.Image, timeout: float, langs: str = "vie+eng", dpi: int | None = None
) -> str:
    """Text of ``img`` read by tesseract (see :func:`ocr_image_result`)."""
    return ocr_image_result(img, timeout, langs=langs, dpi=dpi).text
