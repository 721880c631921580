"""Where outputs and caches live, and how finished files are published (no numpy, no Manim).

Kept apart from :mod:`scenes.render` so that quick delivery steps (the ``make lectures``
summary) start in a few tens of milliseconds.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["ROOT", "renders_dir", "build_dir", "publish"]

ROOT = Path(__file__).resolve().parents[1]


def renders_dir() -> Path:
    """Where outputs go: ``$NNVIZ_RENDERS`` or ``renders/`` in the project."""
    return Path(os.environ.get("NNVIZ_RENDERS", ROOT / "renders"))


def build_dir() -> Path:
    """Caches and staging: ``$NNVIZ_BUILD`` or ``build/`` in the project."""
    return Path(os.environ.get("NNVIZ_BUILD", ROOT / "build"))


def publish(src: Path, dest: Path) -> None:
    """Move a finished file into place with one rename (copying first across file systems)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dest)
    except OSError:
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
