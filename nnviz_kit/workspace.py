"""Where outputs and caches live: under the current folder, as Manim's ``media/`` does.

``renders/`` holds outputs and ``build/`` holds caches and staging, both relative to the folder
you run in; ``NNVIZ_RENDERS`` and ``NNVIZ_BUILD`` move them. Nothing is ever written inside the
installed package. (No Manim import here: quick delivery steps use it too.)
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["renders_dir", "build_dir"]


def renders_dir() -> Path:
    """Where outputs go: ``$NNVIZ_RENDERS``, else ``./renders``."""
    return Path(os.environ.get("NNVIZ_RENDERS") or Path.cwd() / "renders")


def build_dir() -> Path:
    """Caches and staging: ``$NNVIZ_BUILD``, else ``./build``."""
    return Path(os.environ.get("NNVIZ_BUILD") or Path.cwd() / "build")
