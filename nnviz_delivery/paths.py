"""Where outputs and caches live (no numpy, no Manim).

Re-exports the kit's workspace folders, so delivery modules have one place to import them
from (finished files are put in place by :mod:`nnviz.atomic`). Outputs and caches go under the current folder (``renders/``,
``build/``), never into the installed package. Only the make-driven lecture build needs the
source checkout: :func:`checkout` says whether there is one.
"""

from __future__ import annotations

from pathlib import Path

from nnviz_kit.workspace import build_dir, renders_dir

__all__ = ["ROOT", "checkout", "renders_dir", "build_dir"]

#: The folder above the package: the source checkout when running from a clone (Makefile,
#: lecture builds), ``site-packages`` when installed. Never write here; see :func:`checkout`.
ROOT = Path(__file__).resolve().parents[1]


def checkout() -> Path | None:
    """The source checkout this code runs from (it has the Makefile), or None when installed."""
    return ROOT if (ROOT / "Makefile").is_file() and (ROOT / "pyproject.toml").is_file() else None
