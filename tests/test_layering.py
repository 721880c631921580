"""The numeric core stays free of manim: importing it must not pull manim in."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_importing_nnviz_does_not_import_manim():
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


def test_no_manim_import_statement_in_nnviz():
    pattern = re.compile(r"^\s*(from|import)\s+manim\b", re.M)
    offenders = [p.name for p in (ROOT / "nnviz").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []
