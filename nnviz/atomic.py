"""Atomic file writes: the one way nnviz puts a file in place.

Every output is written to a temporary name in the destination's folder and renamed over the
destination only when complete, so a reader (a browser, ``make``, a parallel render) sees either
the old file or the whole new one, and an interrupted write leaves no partial file.

>>> import tempfile, os; d = tempfile.mkdtemp()
>>> write_text(os.path.join(d, "a.txt"), "hello\\n"); open(os.path.join(d, "a.txt")).read()
'hello\\n'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "atomic_dir", "write_text", "write_bytes", "copy", "publish"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: mkstemp/mkdtemp make private (0600/0700) entries; a published output gets the modes an
#: ordinary file or folder would (0644/0755 under the usual umask), so a web server can read it.
_UMASK = _umask()
FILE_MODE, DIR_MODE = 0o666 & ~_UMASK, 0o777 & ~_UMASK


@contextmanager
def atomic_path(dest: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it is renamed to ``dest``.

    On any exception (or ``KeyboardInterrupt``/``SystemExit``) the temporary file is removed and
    ``dest`` is left as it was. ``suffix`` ends the temporary name, for writers that pick the
    format from the extension (``np.savez``, ffmpeg). Parent folders are created.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part" + suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(FILE_MODE)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_dir(dest: str | os.PathLike) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``dest``; on success it replaces ``dest`` whole.

    The old ``dest`` (if any) is renamed away, the new folder renamed in, then the old one
    removed: a reader sees the old folder, the whole new one, or (for that instant) none,
    never half of one. On any exception the temporary folder is removed and ``dest`` is kept.
    The folder and what is in it get ordinary modes (0755 and 0644 under the usual umask).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part"))
    old = None
    try:
        yield tmp
        for path in (tmp, *tmp.rglob("*")):
            path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)
        if os.path.lexists(dest):
            old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".old"))
            os.replace(dest, old / dest.name)
        try:
            os.replace(tmp, dest)
        except OSError:
            if old is not None:
                os.replace(old / dest.name, dest)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def write_text(dest: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``dest`` atomically."""
    with atomic_path(dest) as tmp:
        tmp.write_text(text, encoding=encoding)


def write_bytes(dest: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``dest`` atomically."""
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)


def copy(src: str | os.PathLike, dest: str | os.PathLike) -> None:
    """Copy the file ``src`` to ``dest`` atomically; ``src`` stays where it is."""
    dest = Path(dest)
    with atomic_path(dest, suffix=dest.suffix) as tmp:
        shutil.copyfile(src, tmp)


def publish(src: str | os.PathLike, dest: str | os.PathLike) -> None:
    """Move a finished file ``src`` to ``dest`` with one rename (copying across file systems)."""
    src, dest = Path(src), Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dest)
    except OSError:
        copy(src, dest)
        src.unlink(missing_ok=True)
