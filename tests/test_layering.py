"""The layers import downwards only: nnviz (core) <- nnviz_kit <- scenes <- nnviz_delivery.

Every import statement is read from the source (including imports inside functions), so a lazy
import that reaches up a layer is caught as well as a top-level one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Package -> the first-party packages it may import (itself included).
LAYERS = {
    "nnviz": {"nnviz"},
    "nnviz_kit": {"nnviz", "nnviz_kit"},
    "scenes": {"nnviz", "nnviz_kit", "scenes"},
    "nnviz_delivery": {"nnviz", "nnviz_kit", "scenes", "nnviz_delivery"},
}
#: Third-party packages a layer must not import: the core stays free of Manim.
FORBIDDEN = {"nnviz": {"manim", "manimpango", "cairo"}}
#: ``python -m scenes`` is an alias of the ``nnviz`` command: an entry point, never imported.
ENTRY_POINTS = {Path("scenes/__main__.py")}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """Top-level package names a module imports, with line numbers."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {(a.name.split(".")[0], node.lineno) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
    return found


def upward_imports(package: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel in ENTRY_POINTS:
            continue
        for name, line in imported_packages(path):
            if (name in LAYERS and name not in LAYERS[package]) or name in FORBIDDEN.get(
                package, ()
            ):
                bad.append(f"{rel}:{line} imports {name}")
    return bad


@pytest.mark.parametrize("package", list(LAYERS))
def test_imports_point_down_only(package: str) -> None:
    assert upward_imports(package) == []


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """Negative control: a kit module importing delivery, lazily, is reported."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from nnviz_delivery.render import render\n    import scenes\n")
    assert {name for name, _ in imported_packages(module)} == {"nnviz_delivery", "scenes"}


def test_only_layer_folders_hold_python_packages() -> None:
    """Each layer has its own folder; nothing else at the top level is an importable package."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages == set(LAYERS) | {"tests"}


def test_importing_nnviz_does_not_import_manim() -> None:
    code = (
        "import sys, pkgutil, importlib, nnviz\n"
        "for m in pkgutil.iter_modules(nnviz.__path__):\n"
        "    importlib.import_module('nnviz.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'manim' or n.startswith('manim.'))\n"
        "print(len(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0"
