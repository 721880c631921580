"""The toolkit installed from its wheel works outside the repository.

The wheel is built from a copy of the packaged sources (so the checkout gets no ``build/`` or
``*.egg-info``), installed with the project venv's pip into a fresh venv that has no pip of its
own, whose heavy dependencies (numpy, Manim, ...) come from the project venv through a ``.pth``
line. Commands then run from an empty folder with no ``PYTHONPATH``: outputs must land in that
folder's ``renders/``, caches in its ``build/``, and nothing may be written into site-packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.render

PACKAGED = ("pyproject.toml", "README.md", "nnviz", "nnviz_kit", "scenes", "nnviz_delivery")
VENV_PY = Path(sys.prefix) / "bin" / "python"


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600):
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd}: {out.stderr[-2000:]}"
    return out


def _files(folder: Path) -> set[str]:
    """Every file below ``folder`` except byte-code caches (Python's own, not ours)."""
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """``(venv, its site-packages)`` with the nnviz wheel installed."""
    tmp = tmp_path_factory.mktemp("installed")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PACKAGED:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    wheels = tmp / "wheels"
    pip = [str(VENV_PY), "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(src)], tmp)
    (wheel,) = wheels.glob("nnviz-*.whl")

    venv = tmp / "venv"
    _run([str(VENV_PY), "-m", "venv", "--without-pip", str(venv)], tmp)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # Dependencies only: a plain path line, so the project venv's editable nnviz (installed by
    # an `import` line in its own .pth) is not pulled in.
    (site / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run([*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", str(wheel)], tmp)
    return venv, site


def _clean_env(venv: Path) -> dict[str, str]:
    drop = {"PYTHONPATH", "NNVIZ_RENDERS", "NNVIZ_BUILD", "NNVIZ_LECTURES", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    venv, site = installed
    code = "import nnviz_delivery, scenes, nnviz_kit, nnviz; print(nnviz_delivery.__file__)"
    out = _run([str(venv / "bin" / "python"), "-c", code], tmp_path, _clean_env(venv))
    assert Path(out.stdout.strip()).is_relative_to(site)


def test_render_from_an_empty_folder_writes_there_and_not_into_site_packages(installed, tmp_path):
    venv, site = installed
    before = _files(site)
    env = _clean_env(venv)
    work = tmp_path / "work"
    work.mkdir()
    py = str(venv / "bin" / "python")
    out = _run([py, "-m", "scenes", "render", "LinearMap", "--format", "png"], work, env)
    png = work / "renders" / "clips" / "LinearMap" / "LinearMap.png"
    assert Path(out.stdout.strip()) == png
    assert png.stat().st_size > 0 and png.with_suffix(".json").is_file()
    assert (work / "build" / "cache").is_dir()  # caches under the current folder

    # The console script, named after the product, does the same.
    nnviz = str(venv / "bin" / "nnviz")
    out = _run(
        [nnviz, "render", "LinearMap", "--set", "vector=[1,2]", "--format", "png"], work, env
    )
    custom = Path(out.stdout.strip())
    assert custom.parent == png.parent and custom.name.startswith("LinearMap_")
    assert custom.is_file() and custom.with_suffix(".json").is_file()

    assert _files(site) == before
    assert sorted(p.name for p in work.iterdir()) == ["build", "renders"]


def test_every_command_answers_through_the_console_script(installed, tmp_path):
    venv, _ = installed
    env = _clean_env(venv)
    nnviz = str(venv / "bin" / "nnviz")
    listed = _run([nnviz, "list"], tmp_path, env).stdout
    assert "LinearMap" in listed
    help_text = _run([nnviz, "--help"], tmp_path, env).stdout
    for command in ("render", "list", "blog", "lectures", "gallery", "watch", "makefile"):
        assert command in help_text
    # Outside a checkout the make-driven lecture build says what to do, in one line.
    out = subprocess.run(
        [nnviz, "lectures"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "source checkout" in out.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written
    # The gallery's page assets are package data: the installed gallery inlines them.
    site = tmp_path / "site"
    site.mkdir()
    index = Path(_run([nnviz, "gallery"], site, env).stdout.strip())
    assert index == site / "renders" / "index.html"
    assert "Nothing rendered yet" in index.read_text() and ".card" in index.read_text()
