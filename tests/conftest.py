"""Shared fixtures: run the CLI against private renders/ and build/ folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
