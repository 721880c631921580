"""Where outputs and caches live, and how finished files are published (no numpy, no Manim).

Re-exports the kit's workspace folders and the core's atomic publish, so delivery modules have
one place to import them from. Kept apart from :mod:`nnviz_delivery.render` so that quick
delivery steps (the ``make lectures`` summary) start in a few tens of milliseconds.
"""

from __future__ import annotations

from pathlib import Path

from nnviz.atomic import publish
from nnviz_kit.workspace import build_dir, renders_dir

__all__ = ["ROOT", "renders_dir", "build_dir", "publish"]

#: The source checkout (only meaningful when running from a clone: Makefile, lecture builds).
ROOT = Path(__file__).resolve().parents[1]
