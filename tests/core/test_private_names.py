"""No module of the core uses another core module's private (``_name``) helpers.

A helper that two modules share is part of the core's surface and gets a public name. Read
from the source with ``ast``: ``from nnviz.x import _y``, an import renamed to look private
(``import loss as _loss``), ``x._y`` on an imported core module, and ``obj._y`` where no
``_y`` is defined in the module itself (a private method of another module's class).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "nnviz"
MODULES = sorted(CORE.glob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _defined_here(tree: ast.Module) -> set[str]:
    """Every name the module binds itself: functions, classes, methods, assignments."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def private_uses(source: str) -> list[str]:
    """Each use of another core module's private name in ``source``, as "line: what"."""
    tree = ast.parse(source)
    core_modules: set[str] = set()  # local names bound to nnviz modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "nnviz":
            for alias in node.names:
                if _private(alias.name) or _private(alias.asname or ""):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}"
                                 + (f" as {alias.asname}" if alias.asname else ""))  # fmt: skip
                if node.module == "nnviz":
                    core_modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "nnviz":
                    core_modules.add(alias.asname or alias.name.split(".")[0])
    own = _defined_here(tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _private(node.attr)):
            continue
        base = node.value
        on_module = isinstance(base, ast.Name) and base.id in core_modules
        on_self = isinstance(base, ast.Name) and base.id in ("self", "cls")
        if on_module or (not on_self and node.attr not in own):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_core_module_uses_another_ones_private_names(path):
    assert private_uses(path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "from nnviz.network import _forward",
        "from nnviz.network import loss as _loss",
        "from nnviz import network\nnetwork._check_lr(1.0)",
        "import nnviz.linalg\nnnviz.linalg._as_scalar('t', 1)",
        "def f(net):\n    return net._like([], [])",
    ],
)
def test_the_checker_catches_each_kind_of_private_use(source):
    # negative controls: the sources the core used to contain (or could), each caught
    assert private_uses(source)


def test_the_checker_lets_a_module_use_its_own_private_names():
    source = (
        "class A:\n    def _set(self): pass\n    def make(self):\n"
        "        a = A.__new__(A)\n        a._set()\n        return self._set()\n"
        "def _helper(): pass\nx = _helper()\n"
    )
    assert private_uses(source) == []
