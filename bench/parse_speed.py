"""How fast do our parsers read attachments, against the reference tools?

Builds a set of files (or takes them from ``--input DIR``), then in the same
run times:

* PDF text layer: ``parse_pdf`` against ``pdftotext`` (poppler, one process
  per file, as a caller would run it) on the same PDFs; target: within 3x;
* OCR: ``parse_image`` on PNG scans and ``parse_pdf`` on image-only PDFs
  against the ``tesseract`` CLI alone on the same pictures (the PNGs; for the
  PDFs the pictures inside them, taken out beforehand with ``pdfimages``),
  with the same language, page segmentation and thread setting as ours;
  target: within 1.2x;
* DOCX: ``parse_docx`` throughput (no reference);
* memory: a 15 MB attachment parsed in a child process, peak RSS read with
  ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` by a probe process that
  only starts that child; target: under 300 MB.

Generated PDFs are DOCX (python-docx) exported by ``soffice --headless
--convert-to pdf``; scans are pages of Vietnamese text drawn with Pillow at
300 dpi.  Timings take the median of ``--repeat`` interleaved runs per file.
Run: ``.venv/bin/python bench/parse_speed.py [--input DIR] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont

from config import ParseLimits

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LIMITS = ParseLimits(seconds_per_attachment=600)
WORDS = ("giáo viên trường tiểu học thành tích xuất sắc năm học đổi mới phương pháp dạy học "  # noqa: SIM905
         "học sinh giỏi cấp tỉnh chuyển đổi số hoạt động phong trào thi đua điển hình tiên tiến "
         "nhà trường tổ chuyên môn bồi dưỡng sáng kiến kinh nghiệm công nghệ thông tin").split()
LABELS = ["Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác", "Địa chỉ liên lạc", "Số điện thoại", "Thư điện tử"]
OCR_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # what parsers.ocr runs tesseract with


def sentence(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_docx(path: Path, seed: int, pages: int) -> None:
    import docx

    rnd = random.Random(seed)
    d = docx.Document()
    d.add_heading("PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN", level=1)
    for label in LABELS:
        d.add_paragraph(f"{label}: {sentence(rnd, 4)}")
    for _ in range(pages * 6):
        d.add_paragraph(" ".join(sentence(rnd, rnd.randint(8, 20)) for _ in range(3)))
        if rnd.random() < 0.3:
            d.add_paragraph("- " + sentence(rnd, 18))
    if seed % 2 == 0:  # every other document has a ruled table
        table = d.add_table(rows=6, cols=3)
        table.style = "Table Grid"
        for row in table.rows:
            for cell in row.cells:
                cell.text = sentence(rnd, 3)
    d.save(path)


def soffice_to_pdf(files: list[Path], outdir: Path) -> None:
    """One LibreOffice run for all files, with its own profile."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(outdir / '.lo-profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=600, env={**os.environ, "HOME": str(outdir)},
    )


def scan_page(seed: int) -> Image.Image:
    """An A4 page at 300 dpi: label lines and prose, as a flatbed scan shows it."""
    rnd = random.Random(seed)
    img = Image.new("L", (2480, 3508), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 50)
    lines = [f"{label}: {sentence(rnd, 3)}" for label in LABELS]
    lines += [sentence(rnd, 8) for _ in range(18)]
    for i, line in enumerate(lines):
        draw.text((220, 250 + i * 110), line, font=font, fill=15)
    return img


def build(work: Path, docs: int, pages: int, scans: int) -> dict[str, list[Path]]:
    work.mkdir(parents=True, exist_ok=True)
    docx_files = [work / f"hoso_{i:02d}.docx" for i in range(docs)]
    for i, path in enumerate(docx_files):
        make_docx(path, i, pages)
    soffice_to_pdf(docx_files, work)
    pngs, scan_pdfs = [], []
    for i in range(scans):
        img = scan_page(100 + i)
        png, pdf = work / f"scan_{i:02d}.png", work / f"scan_{i:02d}.pdf"
        img.save(png, dpi=(300, 300))
        img.save(pdf, "PDF", resolution=300)
        pngs.append(png)
        scan_pdfs.append(pdf)
    return {"docx": docx_files, "pdf": [p.with_suffix(".pdf") for p in docx_files], "png": pngs, "scanpdf": scan_pdfs}


def take(folder: Path) -> dict[str, list[Path]]:
    """Files from ``--input``.  parse_pdf tells text-layer PDFs from scans, and
    classify_image scans from photos (photos are not OCR'd, so they are left out);
    files our parsers refuse (password, damage) are skipped."""
    from parsers import ParseError, parse_image, parse_pdf

    out: dict[str, list[Path]] = {"docx": [], "pdf": [], "png": [], "scanpdf": []}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        suffix = path.suffix.lower()
        try:
            if suffix == ".pdf":
                scanned = parse_pdf(path.read_bytes(), path.name, LIMITS).ocr_pages
                out["scanpdf" if scanned else "pdf"].append(path)
            elif suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff"):
                if parse_image(path.read_bytes(), path.name, "", LIMITS).images[0].kind == "document":
                    out["png"].append(path)
            elif suffix == ".docx":
                out["docx"].append(path)
        except ParseError as exc:
            print(f"skipped {path.name}: {exc}")
    return out


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_ours(kind: str, path: Path) -> None:
    data = path.read_bytes()
    if kind in ("pdf", "scanpdf"):
        from parsers import parse_pdf

        parse_pdf(data, path.name, LIMITS)
    elif kind == "png":
        from parsers import parse_image

        parse_image(data, path.name, "", LIMITS)
    else:
        from parsers import parse_docx

        parse_docx(data, path.name, LIMITS)


def embedded_pictures(pdf: Path, outdir: Path) -> list[Path]:
    """The scan pictures inside an image-only PDF, exactly as stored (``pdfimages -all``)."""
    prefix = outdir / f"{pdf.stem}-embedded"
    subprocess.run(["pdfimages", "-all", str(pdf), str(prefix)], check=True, capture_output=True)
    return sorted(outdir.glob(f"{prefix.name}-*"))


def run_reference(kind: str, path: Path, pictures: dict[Path, list[Path]]) -> None:
    if kind == "pdf":
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
        return
    for picture in pictures.get(path, [path]):  # a scan PDF: the pictures inside it
        subprocess.run(["tesseract", str(picture), "-", "-l", "vie+eng", "--psm", "3"],
                       check=True, capture_output=True, env=OCR_ENV)


def measure(files: dict[str, list[Path]], repeat: int, work: Path) -> list[tuple]:
    pictures = {pdf: embedded_pictures(pdf, work) for pdf in files["scanpdf"]}  # not timed
    rows = []
    for kind, label, ref_name in (("pdf", "PDF text layer", "pdftotext"), ("png", "OCR: picture scans", "tesseract"),
                                  ("scanpdf", "OCR: image-only PDFs", "tesseract"), ("docx", "DOCX", None)):
        paths = files[kind]
        if not paths:
            continue
        run_ours(kind, paths[0])  # imports and first-call caches out of the timing
        ours, ref = 0.0, 0.0
        for path in paths:
            ours_t, ref_t = [], []
            for _ in range(repeat):  # interleaved, so load on the machine hits both alike
                ours_t.append(timed(lambda k=kind, p=path: run_ours(k, p)))
                if ref_name:
                    ref_t.append(timed(lambda k=kind, p=path: run_reference(k, p, pictures)))
            ours += statistics.median(ours_t)
            ref += statistics.median(ref_t) if ref_t else 0.0
        size = sum(p.stat().st_size for p in paths) / 1e6
        rows.append((label, len(paths), size, ours, ref_name, ref if ref_name and ref else None))
    return rows


def rss_attachments(work: Path) -> list[Path]:
    """About 15 MB each: a PDF of five camera photos and one scanned text page, and a JPEG photo."""
    rnd = random.Random(7)
    pages = []
    for i in range(5):
        noise = Image.effect_noise((2500, 1875), 60 + i).convert("RGB")
        tint = Image.new("RGB", noise.size, tuple(rnd.randrange(60, 200) for _ in range(3)))
        pages.append(Image.blend(noise, tint, 0.5))
    pages.append(scan_page(999).convert("RGB"))
    pdf, jpeg = work / "big_15mb.pdf", work / "big_15mb.jpg"
    pages[0].save(pdf, "PDF", resolution=300, save_all=True, append_images=pages[1:], quality=93)
    photo = Image.merge("RGB", [Image.effect_noise((4600, 3450), 50 + 10 * i) for i in range(3)])
    photo.save(jpeg, "JPEG", quality=95)
    return [pdf, jpeg]


def rss_worker(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from parsers import parse_pdf

        doc = parse_pdf(data, path.name, LIMITS)
    else:
        from parsers import parse_image

        doc = parse_image(data, path.name, "image/jpeg", LIMITS)
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"python_kb": me, "tesseract_kb": kids, "pages": doc.pages, "ocr": len(doc.ocr_pages),
                      "kind": ",".join(i.kind for i in doc.images[:1])}))


def rss_probe(path: Path) -> None:
    """Starts only the worker, so RUSAGE_CHILDREN is that worker (and its tesseracts)."""
    out = subprocess.run([sys.executable, __file__, "--rss-worker", str(path)], check=True,
                         capture_output=True, text=True).stdout
    report = json.loads(out.strip().splitlines()[-1])
    report["children_max_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps(report))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, help="folder of .pdf/.docx/.png/.jpg files instead of generated ones")
    ap.add_argument("--work", type=Path, help="where to build files (default: a temp dir, removed after)")
    ap.add_argument("--docs", type=int, default=10, help="generated DOCX/PDF documents")
    ap.add_argument("--pages", type=int, default=4, help="approximate pages per generated document")
    ap.add_argument("--scans", type=int, default=4, help="generated 300 dpi scan pages")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per file (median kept)")
    ap.add_argument("--no-rss", action="store_true", help="skip the 15 MB peak-memory check")
    ap.add_argument("--rss-worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--rss-probe", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rss_worker:
        rss_worker(args.rss_worker)
        return 0
    if args.rss_probe:
        rss_probe(args.rss_probe)
        return 0
    for tool in ("pdftotext", "pdfimages", "tesseract", "soffice"):
        if shutil.which(tool) is None and not (tool == "soffice" and args.input):
            print(f"{tool} is needed for this benchmark", file=sys.stderr)
            return 2
    tmp = None if args.work else tempfile.TemporaryDirectory(prefix="dienhinh-bench-")
    work = args.work or Path(tmp.name)
    try:
        t0 = time.perf_counter()
        files = take(args.input) if args.input else build(work, args.docs, args.pages, args.scans)
        print(f"files ready in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{len(v)} {k}" for k, v in files.items()))
        rows = measure(files, args.repeat, work)
        print_table(rows)
        if not args.no_rss:
            print()
            for big in rss_attachments(work):
                out = subprocess.run([sys.executable, __file__, "--rss-probe", str(big)], check=True,
                                     capture_output=True, text=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                peak = r["children_max_kb"] / 1024
                what = f"{r['pages']} pages, {r['ocr']} OCR'd" if big.suffix == ".pdf" else f"kind {r['kind']}"
                print(f"peak RSS, {big.stat().st_size / 1e6:.1f} MB {big.suffix[1:].upper()} ({what}): {peak:.0f} MB"
                      f" (python worker {r['python_kb'] / 1024:.0f} MB; its largest tesseract child"
                      f" {r['tesseract_kb'] / 1024:.0f} MB, fork-time pages included)"
                      f"  target < 300 MB: {'PASS' if peak < 300 else 'FAIL'}")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


def print_table(rows: list[tuple]) -> None:
    targets = {"pdftotext": 3.0, "tesseract": 1.2}
    print(f"\n{'format':24} {'files':>5} {'MB':>7} {'ours s':>8} {'files/s':>8} {'MB/s':>7}"
          f" {'reference':>10} {'ref s':>8} {'ref f/s':>8} {'ratio':>6}  target")
    for label, n, size, ours, ref_name, ref in rows:
        line = f"{label:24} {n:5d} {size:7.2f} {ours:8.3f} {n / ours:8.2f} {size / ours:7.2f}"
        if ref:
            ratio = ours / ref
            limit = targets[ref_name]
            verdict = "PASS" if ratio <= limit else "FAIL"
            line += f" {ref_name:>10} {ref:8.3f} {n / ref:8.2f} {ratio:6.2f}  <= {limit:g}x {verdict}"
        print(line)
    print("ratio = our time / reference time; tesseract runs with OMP_THREAD_LIMIT=1 like ours.")


if __name__ == "__main__":
    sys.exit(main())
