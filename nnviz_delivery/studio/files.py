"""``GET /files/<key>/<name>``: finished outputs only, by content-addressed key; nothing else.

A key is 20 lowercase hex digits: a preview engine result (``build/preview/<key>/``, finished
once its manifest exists) or a folder the studio published (a blog kit, an explorable),
registered here when it was finished. Names are plain file names, optionally under one
sub-folder; anything else (``..``, encoded separators, absolute paths, hidden files,
symlinks anywhere on the way) is 404.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from nnviz_delivery.preview.job import RESULT_FILE, cache_dir
from nnviz_delivery.studio.security import error

__all__ = ["KEY", "Published", "file_url", "resolve", "resolve_url", "serve_file"]

KEY = re.compile(r"[0-9a-f]{20}")
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


class Published:
    """Finished folders the studio made outside the preview cache, by key (thread-safe)."""

    def __init__(self) -> None:
        self._folders: dict[str, Path] = {}
        self._lock = threading.Lock()

    def add(self, key: str, folder: Path) -> None:
        if not KEY.fullmatch(key):
            raise ValueError(f"not a file key: {key!r}")
        with self._lock:
            self._folders[key] = Path(folder)

    def get(self, key: str) -> Path | None:
        with self._lock:
            return self._folders.get(key)


def file_url(key: str, path: Path, folder: Path | None = None) -> str:
    """The URL of ``path`` (in ``folder``, default the key's cache folder) under ``/files``."""
    return f"/files/{key}/{path.relative_to(folder or cache_dir(key)).as_posix()}"


def _root(key: str, published: Published) -> Path | None:
    """The finished folder of ``key``, or None."""
    if not KEY.fullmatch(key):
        return None
    found = published.get(key)
    if found is not None:
        return found
    folder = cache_dir(key)
    return folder if (folder / RESULT_FILE).is_file() else None


def resolve(key: str, name: str, published: Published) -> Path | None:
    """The file ``name`` in ``key``'s folder, or None when anything about it is off."""
    parts = name.split("/")
    if not 1 <= len(parts) <= 2 or not all(_PART.fullmatch(p) for p in parts):
        return None
    root = _root(key, published)
    if root is None:
        return None
    path = root
    for step in (root, *(root / "/".join(parts[: i + 1]) for i in range(len(parts)))):
        if step.is_symlink():
            return None
        path = step
    try:
        real, base = path.resolve(strict=True), root.resolve(strict=True)
    except OSError:
        return None
    if not real.is_file() or not real.is_relative_to(base):
        return None
    return real


def resolve_url(url: str, published: Published) -> Path | None:
    """The file behind a ``/files/<key>/<name>`` URL this module made, or None."""
    _, _, rest = url.partition("/files/")
    key, _, name = rest.partition("/")
    return resolve(key, name, published)


async def serve_file(request: Request) -> Response:
    """The route: the file, immutable, or 404."""
    published: Published = request.app.state.published
    path = resolve(request.path_params["key"], request.path_params["name"], published)
    if path is None:
        return error(404, "no such file")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})
