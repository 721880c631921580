"""Preview jobs, their cache keys and the code version that keys them (no Manim import).

A result is cached in ``build/preview/<key>/`` where ``key`` hashes the scene, its validated
parameters, the quality, what was rendered and the code version: the source of the scene's
module, the kit (``nnviz_kit``), the core (``nnviz``) and the render path. Editing any of them
changes the key, so a stale picture is never served.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from nnviz_kit.workspace import build_dir

__all__ = [
    "WHATS",
    "Job",
    "Result",
    "package_dir",
    "tree_files",
    "files_version",
    "cache_key",
    "cache_dir",
    "read_result",
    "folder_size",
    "trim_cache",
    "CACHE_LIMIT",
]

#: What a job renders: the final frame, one still after each play, the whole clip, or a blog
#: kit (the clip in web formats, poster, captions and embed snippets: ``nnviz blog``).
WHATS = ("frame", "storyboard", "clip", "blog")
#: Code every scene's picture depends on (besides the scene's own module).
_SHARED_PACKAGES = ("nnviz", "nnviz_kit")
#: Code that makes the picture from a scene; the worker restarts when any of these change.
_ALL_PACKAGES = ("nnviz", "nnviz_kit", "scenes", "nnviz_delivery")
RESULT_FILE = "result.json"
#: Default cap on the on-disk result cache (bytes); the least recently used results go first.
CACHE_LIMIT = 2 * 1024**3


@dataclass(frozen=True)
class Job:
    """One render request. ``scene`` is a registered name or ``path/to/file.py:Class``."""

    scene: str
    params: dict[str, Any] = field(default_factory=dict)
    quality: str = "low"
    what: str = "frame"

    def __post_init__(self) -> None:
        if self.what not in WHATS:
            raise ValueError(f"unknown preview kind {self.what!r}; expected one of {WHATS}")


@dataclass(frozen=True)
class Result:
    """A finished job: its output files by role, facts about the render, and cache status.

    ``files`` maps a role (``frame``, ``sidecar``, ``clip``, ``strip``, ``storyboard``; for a
    blog kit each file's name, ``clip.mp4`` ... ``embed.html``) to a path; ``meta`` holds ``duration`` (s), ``plays`` and ``frames`` (the clip's frame count).
    """

    key: str
    files: dict[str, Path]
    meta: dict[str, Any]
    cached: bool = False


@cache
def package_dir(name: str) -> Path:
    """The folder of an importable top-level package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def tree_files(packages: tuple[str, ...] = _ALL_PACKAGES) -> list[Path]:
    """Every Python source file of ``packages``, sorted."""
    return sorted(p for name in packages for p in package_dir(name).rglob("*.py"))


def files_version(files: list[Path], base: Path | None = None) -> str:
    """A hash of the contents of ``files`` (a missing file counts as empty).

    Names enter the hash as given, or relative to ``base`` when one is given, so two copies
    of the same tree in different folders (machines of a render farm) hash the same.
    """
    h = hashlib.sha256()
    for path in files:
        name = os.path.relpath(path, base) if base is not None else str(path)
        h.update(name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
        h.update(b"\0")
    return h.hexdigest()[:16]


def scene_files(module_file: Path) -> list[Path]:
    """The files a scene's picture depends on: its module, the kit, the core, the render path."""
    delivery = package_dir("nnviz_delivery")
    # blog, media and describe make a blog kit's formats and alt text
    names = ("render", "encoding", "blog", "media", "describe")
    render_path = [delivery / f"{name}.py" for name in names]
    render_path += sorted((delivery / "preview").glob("*.py"))
    return [Path(module_file), *tree_files(_SHARED_PACKAGES), *render_path]


def cache_key(job: Job, params: dict[str, Any], code: str) -> str:
    """The cache key of ``job`` with its validated (JSON) ``params`` at code version ``code``."""
    data = {"scene": job.scene, "params": params, "quality": job.quality, "what": job.what}
    text = json.dumps({**data, "code": code}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def cache_dir(key: str) -> Path:
    """Where the result with ``key`` lives: ``build/preview/<key>/``."""
    return build_dir() / "preview" / key


def read_result(key: str) -> Result | None:
    """The cached result with ``key``, or None (its manifest is written last, atomically)."""
    folder = cache_dir(key)
    try:
        data = json.loads((folder / RESULT_FILE).read_text())
    except (OSError, ValueError):
        return None
    files = {role: folder / name for role, name in data["files"].items()}
    if not all(p.is_file() for p in files.values()):
        return None
    try:
        os.utime(folder / RESULT_FILE)  # the manifest's time is the result's last use (LRU)
    except OSError:
        pass
    return Result(key, files, data["meta"], cached=True)


def folder_size(folder: Path) -> int:
    """Bytes in the files under ``folder`` (0 if it is gone)."""
    total = 0
    for path in folder.rglob("*"):
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:
            pass  # removed meanwhile
    return total


def trim_cache(limit: int, keep: str = "") -> int:
    """Remove the least recently used results until the cache holds at most ``limit`` bytes.

    ``keep`` (a key) is never removed, nor is a folder without a manifest (being written).
    Returns the bytes left. A folder is renamed away before it is deleted, so a reader sees a
    whole result or none.
    """
    root = build_dir() / "preview"
    if not root.is_dir():
        return 0
    total, done = 0, []
    for folder in root.iterdir():
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        size = folder_size(folder)
        total += size
        try:
            used = (folder / RESULT_FILE).stat().st_mtime
        except OSError:
            continue
        if folder.name != keep:
            done.append((used, folder.name, size))
    for _, name, size in sorted(done):
        if total <= limit:
            break
        trash = root / f".evicted-{name}-{os.getpid()}"
        try:
            (root / name).rename(trash)
        except OSError:
            continue  # another engine removed it first
        shutil.rmtree(trash, ignore_errors=True)
        total -= size
    return total
