"""The registry: every scene class, its parameter declaration, and the lectures that use them.

Delivery code (CLI, Makefile, lecture builder, gallery) knows scenes only through this module.
Scene modules are listed in ``SCENE_MODULES``; each :class:`~nnviz_kit.NNVizScene` subclass
defined there is registered under its class name. Lectures come from ``lectures.toml``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from nnviz_kit.base import NNVizScene
from nnviz_kit.params import ParamError, validate_params

__all__ = [
    "SCENE_MODULES",
    "LECTURES_FILE",
    "Lecture",
    "LectureScene",
    "scenes",
    "get",
    "load_file_scene",
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
    found: dict[str, type[NNVizScene]] = {}
    for module_name in SCENE_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, NNVizScene) and obj is not NNVizScene:
                found[obj.__name__] = obj
    return found


def load_file_scene(spec: str) -> type[NNVizScene]:
    """A scene from ``path/to/file.py:ClassName`` (for your own scenes outside the registry)."""
    path_text, _, class_name = spec.rpartition(":")
    path = Path(path_text)
    if not path.is_file():
        raise ParamError(f"no such scene file: {path_text}")
    module_name = f"nnviz_user_{path.stem}"
    spec_obj = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec_obj)
    sys.modules[module_name] = module
    spec_obj.loader.exec_module(module)
    cls = getattr(module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, NNVizScene)):
        raise ParamError(f"{path_text} has no nnviz scene class {class_name!r}")
    return cls


def get(name: str) -> type[NNVizScene]:
    """The scene class called ``name`` (or ``file.py:Class``); a clear error if unknown."""
    if ".py:" in name:
        return load_file_scene(name)
    try:
        return scenes()[name]
    except KeyError:
        raise ParamError(f"unknown scene {name!r}; known scenes: {', '.join(scenes())}") from None


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
    """Lectures declared in the lecture data file, each scene's parameters checked."""
    data = tomllib.loads(path.read_text())
    out = []
    for entry in data.get("lecture", []):
        items = []
        for item in entry.get("scene", []):
            cls = get(item["name"])
            params = item.get("params", {})
            validate_params(cls.PARAMS, params, scene=cls.__name__)
            items.append(LectureScene(item["name"], dict(params)))
        out.append(Lecture(entry["slug"], entry["title"], tuple(items)))
    return tuple(out)
