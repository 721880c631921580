"""Render one scene in-process with Manim, then publish the output and its sidecar atomically.

Manim writes into a private staging folder under ``build/``; only finished files are moved
(renamed) into ``renders/``, so an interrupted or failed render never leaves a partial file there.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from nnviz.atomic import atomic_path, publish, write_text
from nnviz_delivery.encoding import manim_settings
from nnviz_delivery.paths import ROOT, build_dir, renders_dir
from nnviz_kit.params import to_jsonable, validate_params

__all__ = [
    "QUALITIES",
    "FORMATS",
    "ROOT",
    "renders_dir",
    "build_dir",
    "clip_name",
    "default_output",
    "render",
    "staging",
    "left_staging",
    "terminate_as_exit",
    "RenderError",
]

#: nnviz quality name -> Manim quality (the -ql/-qm/-qh/-qk presets).
QUALITIES = {
    "low": "low_quality",
    "medium": "medium_quality",
    "high": "high_quality",
    "4k": "fourk_quality",
}
FORMATS = ("mp4", "webm", "gif", "png")


class RenderError(RuntimeError):
    """Manim failed; the message is one line, the details are in a log file."""


def clip_name(cls: type, params: Mapping[str, Any]) -> str:
    """The one clip-name rule: ``<Scene>``, or ``<Scene>_<hash>`` when parameters differ.

    The hash is the first 8 hex digits of the SHA-256 of the non-default parameters (as sorted
    JSON), so the same numbers always give the same name, in clips, blog kits and make rules.
    """
    full = to_jsonable(validate_params(cls.PARAMS, params, scene=cls.__name__))
    defaults = to_jsonable(validate_params(cls.PARAMS, {}, scene=cls.__name__))
    changed = {k: v for k, v in full.items() if v != defaults[k]}
    if not changed:
        return cls.__name__
    key = hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:8]
    return f"{cls.__name__}_{key}"


def default_output(cls: type, params: Mapping[str, Any], fmt: str) -> Path:
    """``renders/clips/<Scene>/<clip name>.<fmt>`` (see :func:`clip_name`)."""
    return renders_dir() / "clips" / cls.__name__ / f"{clip_name(cls, params)}.{fmt}"


def _borrow_cache(shared: Path, private: Path) -> None:
    """Give this render its own view of the LaTeX/text cache: hard links to the shared files.

    Manim writes its cache in place (``.tex``, then LaTeX's output, then ``.svg``); two
    renders in parallel (``make -j2``) sharing one folder could read each other's half-written
    files. Each render works in a private folder and hands new files back with
    :func:`_return_cache`, one atomic rename each, so the shared cache only ever holds
    complete files.
    """
    for kind in ("tex", "text"):
        (private / kind).mkdir(parents=True, exist_ok=True)
        if not (shared / kind).is_dir():
            continue
        for f in (shared / kind).iterdir():
            if f.is_file() and not f.name.startswith("."):
                try:
                    os.link(f, private / kind / f.name)
                except OSError:
                    shutil.copy2(f, private / kind / f.name)


def _return_cache(private: Path, shared: Path) -> None:
    """Add files this render created to the shared cache (each by one rename)."""
    for kind in ("tex", "text"):
        (shared / kind).mkdir(parents=True, exist_ok=True)
        for f in (private / kind).iterdir():
            dest = shared / kind / f.name
            if f.is_file() and not dest.exists():
                with atomic_path(dest, suffix=f.suffix) as tmp:
                    shutil.copy2(f, tmp)


def _ensure_caption(path: Path, caption: str, duration: float) -> None:
    """Give a clip without subcaptions one caption line, its ``CAPTION``, for the whole clip."""
    import srt  # a Manim dependency

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if list(srt.parse(text)) or not caption or duration <= 0:
        return
    whole = srt.Subtitle(1, timedelta(0), timedelta(seconds=duration), caption)
    write_text(path, srt.compose([whole]))


@contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit so that cleanup (``finally``) runs on ``kill``.

    Only the main thread may set signal handlers: elsewhere (a server's worker thread) the
    process's own handlers stay, and cleanup runs on every exit but a kill.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        gc.freeze()  # the process is ending: spare the collector's last pass over Manim's heap
        raise SystemExit(128 + signum)

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextmanager
def staging(prefix: str) -> Iterator[Path]:
    """A private folder under ``build/tmp`` for one job, removed afterwards whatever happens.

    SIGTERM is turned into ``SystemExit`` meanwhile, so the folder is removed on ``kill`` too.
    """
    (build_dir() / "tmp").mkdir(parents=True, exist_ok=True)
    # The pid in the name lets whoever killed this process find what it left (left_staging).
    stage = Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-", dir=build_dir() / "tmp"))
    try:
        with terminate_as_exit():
            yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def left_staging(pid: int, build: Path) -> list[Path]:
    """The staging folders process ``pid`` made under ``build/tmp`` (a SIGKILL leaves them)."""
    return sorted((build / "tmp").glob(f"*-{pid}-*"))


def _settings(stage: Path, output: Path, quality: str, fmt: str) -> dict[str, Any]:
    """Manim's config for one render into ``stage`` (a still for ``png``)."""
    still = fmt == "png"
    return {
        "quality": QUALITIES[quality],
        "media_dir": str(stage),
        "tex_dir": str(stage / "cache" / "tex"),
        "text_dir": str(stage / "cache" / "text"),
        "output_file": output.stem,
        "format": None if still else fmt,
        "save_last_frame": still,
        "write_to_movie": not still,
        "disable_caching": True,
        "verbosity": "ERROR",
        "progress_bar": "none",
        **manim_settings(quality, fmt),
    }


def _run_scene(cls: type, params: Mapping[str, Any], output: Path) -> tuple[Path, dict[str, Any]]:
    """Render inside the current ``tempconfig``; returns Manim's artifact and the sidecar data.

    A failure becomes a one-line :class:`RenderError`; the traceback goes to ``build/logs``.
    """
    scene = cls(params)
    scene.sidecar_path = output.with_suffix(".json")
    try:
        scene.render()
    except Exception as exc:
        import traceback

        log = build_dir() / "logs" / f"{output.stem}.log"
        write_text(log, traceback.format_exc())
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise RenderError(
            f"rendering {cls.__name__} failed: {type(exc).__name__}: {first} (details: {log})"
        ) from exc
    return Path(scene.renderer.file_writer.output_plan.primary_artifact), scene.sidecar()


def render(
    cls: type,
    params: Mapping[str, Any],
    quality: str = "low",
    fmt: str = "mp4",
    output: Path | None = None,
) -> Path:
    """Render ``cls`` with ``params``; returns the published output path.

    The sidecar goes beside it as ``<stem>.json`` and Manim's subcaptions as ``<stem>.srt``
    (a scene that declares none gets its ``CAPTION`` for the whole clip). The output itself is
    published last, so a file-based build (make) never sees it newer than its companions.
    """
    from manim import tempconfig  # deferred: `list` and argument errors need no manim start-up

    output = output or default_output(cls, params, fmt)
    shared_cache = build_dir() / "cache"
    try:
        with staging(cls.__name__) as stage:
            _borrow_cache(shared_cache, stage / "cache")
            from nnviz_delivery.preview.skip import still_skipping

            with tempconfig(_settings(stage, output, quality, fmt)), still_skipping():
                artifact, data = _run_scene(cls, params, output)
            sidecar = stage / "sidecar.json"
            write_text(sidecar, json.dumps(data, indent=2) + "\n")
            if fmt != "png":
                captions = artifact.with_suffix(".srt")
                _ensure_caption(captions, getattr(cls, "CAPTION", ""), data["duration"])
                if captions.exists():  # a file scene may have no CAPTION and no subcaptions
                    publish(captions, output.with_suffix(".srt"))
            publish(sidecar, output.with_suffix(".json"))
            publish(artifact, output)
            _return_cache(stage / "cache", shared_cache)
        return output
    finally:
        sys.stdout.flush()
