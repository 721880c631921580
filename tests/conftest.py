"""Shared fixtures: run the CLI against private renders/ and build/ folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so a failure is reproducible, never a coin
# toss that depends on the run (a flaky test is a failing test).
settings.register_profile("nnviz", derandomize=True, database=None)
settings.load_profile("nnviz")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build folder per test session, so the LaTeX cache is shared between renders."""
    return tmp_path_factory.mktemp("build")


@pytest.fixture
def renders(tmp_path: Path) -> Path:
    path = tmp_path / "renders"
    path.mkdir()
    return path


@pytest.fixture
def cli(renders: Path, build_cache: Path):
    """Run ``python -m scenes ARGS`` with outputs in a temporary renders/ folder."""

    def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        env = {**os.environ, "NNVIZ_RENDERS": str(renders), "NNVIZ_BUILD": str(build_cache)}
        return subprocess.run(
            [sys.executable, "-m", "scenes", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture(scope="session")
def render_scene(build_cache: Path, tmp_path_factory: pytest.TempPathFactory):
    """Render a registered scene in this process (manim starts once per worker).

    ``render_scene("LinearMap", {"matrix": [[2, 1], [1, 3]]}, fmt="png")`` returns
    ``(output_path, sidecar_dict)``; outputs go to a private temporary folder.
    """
    import json

    from nnviz_delivery.render import render
    from scenes import registry

    out_dir = tmp_path_factory.mktemp("renders")
    os.environ["NNVIZ_BUILD"] = str(build_cache)

    def run(name: str, params: dict | None = None, fmt: str = "png", quality: str = "low"):
        cls = registry.get(name)
        key = abs(hash(json.dumps(params or {}, sort_keys=True, default=str)))
        out = render(cls, params or {}, quality, fmt, out_dir / f"{name}-{key}.{fmt}")
        return out, json.loads(out.with_suffix(".json").read_text())

    return run
