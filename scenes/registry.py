"""The registry: every scene class, its parameter declaration, and the lectures that use them.

Delivery code (CLI, Makefile, lecture builder, gallery) knows scenes only through this module.
Scene modules are listed in ``SCENE_MODULES``; each :class:`~nnviz_kit.NNVizScene` subclass
defined there is registered under its class name. Lectures come from ``lectures.toml``.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import importlib.util
import io
import sys
import tomllib
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nnviz_kit.params import ParamError, short

if TYPE_CHECKING:
    from nnviz_kit.base import NNVizScene

__all__ = [
    "SCENE_MODULES",
    "LECTURES_FILE",
    "Lecture",
    "LectureScene",
    "scenes",
    "get",
    "load_file_scene",
    "is_file_spec",
    "scene_specs",
    "lecture_groups",
    "lectures",
]

SCENE_MODULES: tuple[str, ...] = (
    "scenes.linear_maps",
    "scenes.dot_products",
    "scenes.projections",
    "scenes.eigen",
    "scenes.svd",
    "scenes.pca",
    "scenes.neurons",
    "scenes.learning",
    "scenes.space3d",
)
LECTURES_FILE = Path(__file__).with_name("lectures.toml")


@cache
def scenes() -> dict[str, type[NNVizScene]]:
    """All registered scenes by name, in module order then definition order."""
    from nnviz_kit.base import NNVizScene  # Manim: loaded when scenes are, not by name checks

    found: dict[str, type[NNVizScene]] = {}
    for module_name in SCENE_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, NNVizScene) and obj is not NNVizScene:
                found[obj.__name__] = obj
    return found


def is_file_spec(name: str) -> bool:
    """Whether ``name`` names a scene file (``path/to/file.py:Class``) rather than a scene."""
    return ":" in name or name.endswith(".py") or "/" in name or "\\" in name


def load_file_scene(spec: str) -> type[NNVizScene]:
    """A scene from ``path/to/file.py:ClassName`` (for your own scenes outside the registry).

    Every problem (no such file, not Python, a syntax error, an exception or ``sys.exit`` at
    import, no such class, not an nnviz scene) is a :class:`ParamError` with one line.
    Output printed while importing is held back, so the error stays the only line.
    """
    path, class_name = _file_scene_parts(spec)
    module_name = f"nnviz_user_{path.stem}"
    spec_obj = importlib.util.spec_from_file_location(module_name, path)
    if spec_obj is None or spec_obj.loader is None:
        raise ParamError(f"cannot import {path} as Python")
    module = importlib.util.module_from_spec(spec_obj)
    sys.modules[module_name] = module
    held, cache = io.StringIO(), sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # nothing written beside the user's file, not even __pycache__
    try:
        with contextlib.redirect_stdout(held), contextlib.redirect_stderr(held):
            spec_obj.loader.exec_module(module)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(module_name, None)
        raise ParamError(f"cannot import {path}: {_one_line(exc)}") from None
    finally:
        sys.dont_write_bytecode = cache
    from nnviz_kit.base import NNVizScene

    cls = getattr(module, class_name, None)
    if cls is None:
        raise ParamError(f"{path} has no class {class_name!r}")
    if not (isinstance(cls, type) and issubclass(cls, NNVizScene)) or cls is NNVizScene:
        raise ParamError(f"{path}: {class_name} is not an nnviz scene (a subclass of NNVizScene)")
    return cls


def _file_scene_parts(spec: str) -> tuple[Path, str]:
    """``(path, class name)`` of ``path/to/file.py:Class``, checked without importing it."""
    path_text, colon, class_name = spec.rpartition(":")
    if not colon or not class_name.isidentifier():
        raise ParamError(f"{spec!r}: name the class too, like path/to/file.py:MyScene")
    path = Path(path_text)
    if path.suffix != ".py":
        raise ParamError(f"{path_text!r}: a scene file must be a Python file ending in .py")
    try:
        is_file = path.is_file()
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte
        raise ParamError(f"bad scene file name {path_text!r}: {_one_line(exc)}") from None
    if not is_file:
        what = "does not exist"
        if path.is_dir():
            what = "is a folder"
        elif path.exists():
            what = "is not a regular file"
        raise ParamError(f"scene file {path_text} {what}")
    return path, class_name


def _one_line(exc: BaseException) -> str:
    """``Type: first line of the message (file, line N)`` for an exception raised at import."""
    if isinstance(exc, SystemExit):
        return f"it called sys.exit({exc.code!r}) while being imported"
    text = " ".join(str(exc).split()) if not isinstance(exc, SyntaxError) else str(exc.msg)
    where = ""
    if isinstance(exc, SyntaxError) and exc.lineno:
        where = f" (line {exc.lineno})"
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
        if frames:
            where = f" ({Path(frames[-1].filename).name}, line {frames[-1].lineno})"
    return f"{type(exc).__name__}: {text[:200]}{where}"


def get(name: str) -> type[NNVizScene]:
    """The scene class called ``name`` (or ``file.py:Class``); a clear error if unknown."""
    if is_file_spec(name):
        return load_file_scene(name)
    try:
        return scenes()[name]
    except KeyError:
        close = difflib.get_close_matches(name, scenes(), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ParamError(
            f"unknown scene {short(name)}; {hint}known scenes: {', '.join(scenes())}"
        ) from None


@dataclass(frozen=True)
class LectureScene:
    """One scene of a lecture with its (validated) parameters."""

    name: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Lecture:
    """A lecture: its slug (folder name), title and ordered scenes."""

    slug: str
    title: str
    scenes: tuple[LectureScene, ...]


@cache
def lectures(path: Path = LECTURES_FILE) -> tuple[Lecture, ...]:
    """Lectures declared in the lecture data file, each scene's parameters checked.

    Any problem with the file (unreadable, not TOML, a missing or mistyped key, an unknown
    scene, a bad parameter) is one :class:`ParamError` line naming the file and the place.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamError(f"cannot read lecture file {path}: {_one_line(exc)}") from None
    except RecursionError:
        raise ParamError(f"lecture file {path}: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParamError(f"lecture file {path} is not valid TOML: {exc}") from None
    out = []
    for i, entry in enumerate(_tables(data.get("lecture", []), "lecture", path), 1):
        where = f"lecture file {path}, lecture {i}"
        slug, title = entry.get("slug"), entry.get("title")
        if not (isinstance(slug, str) and slug and Path(slug).name == slug and slug[0] != "."):
            raise ParamError(
                f"{where}: slug must be a folder name like '01-intro', got {short(slug)}"
            )
        if not isinstance(title, str) or not title:
            raise ParamError(f"{where} ({slug}): title must be text, got {short(title)}")
        items = []
        for j, item in enumerate(_tables(entry.get("scene", []), f"{slug}: scene", path), 1):
            name, params = item.get("name"), item.get("params", {})
            try:
                if not isinstance(name, str):
                    raise ParamError(
                        f"name must be a scene name or path/to/file.py:Class, got {short(name)}"
                    )
                get(name).validate(params)
            except ParamError as exc:
                raise ParamError(f"{where} ({slug}), scene {j}: {exc}") from None
            items.append(LectureScene(name, dict(params)))
        out.append(Lecture(slug, title, tuple(items)))
    return tuple(out)


def _tables(value: Any, what: str, path: Path) -> list[dict[str, Any]]:
    """``value`` as a list of TOML tables (``[[lecture]]``), or one clear error."""
    if not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
        raise ParamError(f"lecture file {path}: {what} must be [[tables]], got {short(value)}")
    return value


def scene_specs() -> dict[str, dict[str, Any]]:
    """Every registered scene by name: its title, module and parameter declarations (JSON).

    What ``nnviz list --json`` prints and the studio's ``GET /api/scenes`` serves.
    """
    return {
        name: {
            "title": cls.TITLE,
            "module": cls.__module__,
            "params": {p.name: p.spec() for p in cls.PARAMS},
        }
        for name, cls in scenes().items()
    }


def lecture_groups() -> list[dict[str, Any]]:
    """The lectures in order, each with its registered scenes (once each), then "other".

    ``[{"slug", "title", "scenes": [NAME, ...]}, ...]``; "other" holds every registered scene
    that no lecture uses (it is always last, possibly empty).
    """
    known, used, out = scenes(), set(), []
    for lecture in lectures():
        names = list(dict.fromkeys(s.name for s in lecture.scenes if s.name in known))
        used.update(names)
        out.append({"slug": lecture.slug, "title": lecture.title, "scenes": names})
    rest = [name for name in known if name not in used]
    out.append({"slug": "other", "title": "Other scenes", "scenes": rest})
    return out
