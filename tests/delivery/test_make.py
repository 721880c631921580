"""Make's defaults: `make lectures` renders on every core unless a -j says otherwise.

Dry runs only (``make -n``): make prints the sub-make it would run for the clips, nothing renders.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

LECTURE = """
[[lecture]]
slug = "one"
title = "One"

  [[lecture.scene]]
  name = "LinearMap"
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """Private build/ and renders/ and a one-clip lecture file (make generates lectures.mk once)."""
    root = tmp_path_factory.mktemp("make")
    (root / "l.toml").write_text(LECTURE)
    return root


def _clip_make(root: Path, goal: str, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """The words of the sub-make that ``make -n ARGS GOAL`` runs for the files (a make running the
    tests passes none of its own flags down)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")},
        "NNVIZ_BUILD": str(root / "build"),
        "NNVIZ_RENDERS": str(root / "renders"),
        "NNVIZ_LECTURES": str(root / "l.toml"),
        **(env or {}),
    }
    out = subprocess.run(
        ["make", "--no-print-directory", "-n", *args, goal],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    target = "lecture-files" if goal == "lectures" else "blog-files"
    lines = [ln for ln in out.stdout.splitlines() if re.search(rf"\bmake\b.*\s{target}$", ln)]
    assert len(lines) == 1, out.stdout
    return lines[0].split()


def _cores() -> int:
    return len(os.sched_getaffinity(0))  # the cores this process may run on (the oracle)


@pytest.mark.parametrize("goal", ["lectures", "blog-all"])
def test_a_plain_make_renders_on_every_core(workspace, goal):
    # OMP_NUM_THREADS=1 is a common setting to tame numpy; it must not make the build serial.
    words = _clip_make(workspace, goal, env={"OMP_NUM_THREADS": "1"})
    assert f"-j{_cores()}" in words, words


@pytest.mark.parametrize("jobs", [["-j1"], ["-j", "3"], ["--jobs=1"], ["-j"]])
def test_an_explicit_jobs_option_wins(workspace, jobs):
    words = _clip_make(workspace, "lectures", *jobs)
    assert not [w for w in words if w.startswith("-j")], words  # make passes its own -j down


def test_jobs_in_makeflags_win_too(workspace):
    words = _clip_make(workspace, "lectures", env={"MAKEFLAGS": "-j1"})
    assert not [w for w in words if w.startswith("-j")], words
