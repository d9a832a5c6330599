"""The tree is the pipeline: layers checked by import-linter, packages entered by their front door."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_PACKAGES = {"tests", "bench", "scripts", "docs"}


def _packages() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in NOT_PACKAGES}


def _contracts() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_the_layer_contract_names_every_top_level_package():
    contracts = _contracts()
    layers = next(c for c in contracts["contracts"] if c["type"] == "layers")["layers"]
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    assert layered == _packages() == set(contracts["root_packages"])
    acyclic = next(c for c in contracts["contracts"] if c["type"] == "acyclic_siblings")
    assert set(acyclic["ancestors"]) == _packages()


def test_lint_imports_keeps_every_contract():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency (pyproject [test] extra)"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def _cross_package_imports(path: Path, packages: set[str], root: Path = ROOT) -> list[str]:
    own = path.relative_to(root).parts[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        else:
            continue
        for module in modules:
            top, _, inner = module.partition(".")
            if top in packages and top != own and inner:
                found.append(f"{path.relative_to(root)}:{node.lineno} imports {module}")
    return found


def test_other_packages_are_entered_by_their_front_door():
    """``from extract import X``, never ``from extract.fields import X``, outside ``extract/``.

    The development servers (``dienhinh.devservers``) are the one exception:
    they serve the demo, the tests and the benchmarks, not the pipeline.
    """
    packages = _packages()
    found = [
        hit
        for package in sorted(packages)
        for path in sorted((ROOT / package).rglob("*.py"))
        for hit in _cross_package_imports(path, packages)
        if not hit.split(" imports ")[1].startswith("dienhinh.devservers")
    ]
    assert found == []


def test_the_checker_sees_a_side_door(tmp_path):
    """The front-door check above can fail: a deep import in a package is reported."""
    module = tmp_path / "pipeline" / "probe.py"
    module.parent.mkdir()
    module.write_text("from extract import Draft\nfrom extract.fields import parse_label_line\n")
    hits = _cross_package_imports(module, _packages(), root=tmp_path)
    assert hits == ["pipeline/probe.py:2 imports extract.fields"]


def test_front_doors_name_their_modules_in_order():
    """Each package's __init__ docstring names every module of the package."""
    for package in sorted(_packages()):
        init = ROOT / package / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        modules = {p.stem for p in (ROOT / package).glob("*.py") if p.stem not in ("__init__", "__main__")}
        unnamed = sorted(m for m in modules if f"``{m}``" not in doc)
        assert unnamed == [], f"{package}/__init__.py does not name {unnamed}"
