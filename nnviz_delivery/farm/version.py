"""What "the same code everywhere" means: the nnviz version and a hash of its sources.

The hash covers every Python file of the core, kit, scenes and delivery packages (the
render path included), named relative to the folder that holds them, so two installs of
the same checkout on different machines agree, and one edited file anywhere disagrees.
A scene given as ``path/to/file.py:Class`` adds that file's contents.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from nnviz_delivery.preview.job import files_version, package_dir, tree_files

__all__ = ["nnviz_version", "source_hash", "stamp", "Stamp"]

#: (nnviz version, source hash): what a task carries and a worker compares.
Stamp = tuple[str, str]


def nnviz_version() -> str:
    """The installed distribution's version (``0+unknown`` when running from an uninstalled tree)."""
    try:
        return version("nnviz")
    except PackageNotFoundError:
        return "0+unknown"


def source_hash(scene: str = "") -> str:
    """The hash of the sources a render runs (16 hex digits); see the module docstring."""
    code = files_version(tree_files(), base=package_dir("nnviz").parent)
    file, sep, _ = scene.rpartition(":")
    if not sep:
        return code
    try:
        data = Path(file).read_bytes()
    except OSError:
        data = b"(missing)"
    return hashlib.sha256(code.encode() + b"\0" + data).hexdigest()[:16]


def stamp(scene: str = "") -> Stamp:
    """This process's ``(version, source hash)`` for a render of ``scene``."""
    return nnviz_version(), source_hash(scene)
