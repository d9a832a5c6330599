"""scripts/screenshots.py renders the README's pictures: the digest in Chromium, the XLSX via LibreOffice."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("soffice", "pdftoppm")


def _script():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS) or not Path(_script().CHROMIUM).exists(),
                    reason="Chromium, LibreOffice or pdftoppm is not installed")
def test_script_renders_small_pictures_of_the_digest_and_the_export(tmp_path):
    from PIL import Image

    work = tmp_path / "work"
    work.mkdir()
    digest, export = _script().render(tmp_path / "out", work)
    assert (digest.name, export.name) == ("digest.png", "export-xlsx.png")
    for path in (digest, export):
        image = Image.open(path)
        assert image.mode == "P" and path.stat().st_size < 150 * 1024  # a small palette: cheap in git
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
        assert len(colours) > 8  # text and tiles, not a blank page
    assert 500 <= Image.open(digest).size[0] <= 800 and Image.open(digest).size[1] > 800  # the whole mail
    assert Image.open(export).size[0] == 1200


def test_readme_shows_the_committed_pictures():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("digest.png", "export-xlsx.png"):
        assert f"](docs/{name})" in readme
        assert (ROOT / "docs" / name).stat().st_size < 150 * 1024
    assert "scripts/screenshots.py" in readme
