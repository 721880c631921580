"""What each kind of studio job does with a warm engine, and the payload its client gets.

Every function here is a ``work(engine, task)`` factory for :class:`~.jobs.Task`: the scene
and its parameters are already validated in the server process.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from nnviz_delivery.describe import shown, sidecar_numbers
from nnviz_delivery.preview import Engine, Job, progress_stage
from nnviz_delivery.preview.job import files_version, tree_files
from nnviz_delivery.studio.files import Published, file_url
from nnviz_delivery.studio.jobs import Task, Work
from nnviz_kit.params import to_jsonable

__all__ = [
    "frame",
    "storyboard",
    "clip",
    "blog",
    "explorable",
]


def _progress(task: Task, what: str) -> Callable[[int, int], None]:
    """The engine's progress for a ``what`` job as the task's events, with its stage."""
    return lambda done, total: task.progress(done, total, progress_stage(what, done, total))


def frame(scene: str, params: dict[str, Any], quality: str = "low") -> Work:
    """The final frame: PNG URL, numbers (raw and as shown), render time, cache status."""

    def work(engine: Engine, task: Task) -> dict[str, Any]:
        start = time.perf_counter()
        result = engine.run(Job(scene, params, quality, "frame"))
        ms = round((time.perf_counter() - start) * 1000)
        sidecar = json.loads(result.files["sidecar"].read_text())
        numbers = sidecar_numbers(sidecar)
        return {
            "png": file_url(result.key, result.files["frame"]),
            "numbers": numbers,
            "shown": shown(numbers),
            "ms": ms,
            "cached": result.cached,
            "params": to_jsonable(sidecar.get("params", params)),
            "frames": result.meta["frames"],
            "duration": result.meta["duration"],
        }

    return work


def storyboard(scene: str, params: dict[str, Any], quality: str = "low") -> Work:
    """One still per animation: the strip, the stills and the steps of ``storyboard.json``."""

    def work(engine: Engine, task: Task) -> dict[str, Any]:
        result = engine.run(
            Job(scene, params, quality, "storyboard"), _progress(task, "storyboard")
        )
        manifest = json.loads(result.files["storyboard"].read_text())
        folder = result.files["storyboard"].parent
        return {
            "files": {role: file_url(result.key, path) for role, path in result.files.items()},
            "stills": [file_url(result.key, folder / s["file"]) for s in manifest["steps"]],
            "steps": manifest["steps"],
        }

    return work


def clip(scene: str, params: dict[str, Any], quality: str = "low") -> Work:
    """The clip, its sidecar and captions."""

    def work(engine: Engine, task: Task) -> dict[str, Any]:
        result = engine.run(Job(scene, params, quality, "clip"), _progress(task, "clip"))
        return {"files": {role: file_url(result.key, p) for role, p in result.files.items()}}

    return work


def blog(scene: str, params: dict[str, Any], quality: str, kit_dir: Path) -> Work:
    """The blog kit (the engine's ``blog`` job), also published in ``kit_dir`` as the CLI would."""

    def work(engine: Engine, task: Task) -> dict[str, Any]:
        result = engine.run(Job(scene, params, quality, "blog"), _progress(task, "blog"))
        from nnviz_delivery.blog import copy_kit

        copy_kit(result.files, kit_dir)  # where `nnviz blog` puts the kit
        embed = result.files.get("embed.html")
        return {
            "files": {name: file_url(result.key, p) for name, p in result.files.items()},
            "embed_html": embed.read_text() if embed is not None else "",
            "folder": str(kit_dir),
        }

    return work


def explorable_key(spec: Mapping[str, Any]) -> str:
    """A key for an explorable: everything that made it, with the code version."""
    text = json.dumps({**spec, "code": files_version(tree_files())}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def explorable(
    cls: type,
    params: dict[str, Any],
    param: str,
    values: list[float],
    quality: str,
    title: str | None,
    out_dir: Path,
    published: Published,
) -> Work:
    """A self-contained explorable folder: each variant's clip and poster from the engine."""

    def work(engine: Engine, task: Task) -> dict[str, Any]:
        from nnviz_delivery.explorable import build_explorable

        scene = cls.__name__

        def render_variant(vparams: Mapping[str, Any]) -> tuple[Path, Path, dict[str, Any]]:
            task.check()
            vparams = to_jsonable(dict(vparams))
            movie = engine.run(Job(scene, vparams, quality, "clip"))
            task.check()
            poster = engine.run(Job(scene, vparams, quality, "frame"))
            return (
                movie.files["clip"],
                poster.files["frame"],
                json.loads(movie.files["sidecar"].read_text()),
            )

        def on_progress(done: int, total: int) -> None:
            stage = f"variant {min(done + 1, total)}/{total}" if done < total else "done"
            task.progress(done, total, stage)

        key = explorable_key(
            {"scene": scene, "params": params, "param": param, "values": values}
            | {"quality": quality, "title": title}
        )
        build_explorable(
            cls, params, param, values, quality, out_dir, render_variant, on_progress, title
        )
        published.add(key, out_dir)
        return {
            "files": {"index": file_url(key, out_dir / "index.html", out_dir)},
            "folder": str(out_dir),
        }

    return work
