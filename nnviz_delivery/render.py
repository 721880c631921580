"""Render one scene in-process with Manim, then publish the output and its sidecar atomically.

Manim writes into a private staging folder under ``build/``; only finished files are moved
(renamed) into ``renders/``, so an interrupted or failed render never leaves a partial file there.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from nnviz_delivery.encoding import manim_settings
from nnviz_delivery.paths import ROOT, build_dir, publish, renders_dir
from nnviz_kit.params import to_jsonable, validate_params

__all__ = [
    "QUALITIES",
    "FORMATS",
    "ROOT",
    "renders_dir",
    "build_dir",
    "default_output",
    "render",
    "publish",
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


def params_key(cls: type, params: Mapping[str, Any]) -> str:
    """A short hash of the parameters that differ from the defaults ("" for the defaults)."""
    full = to_jsonable(validate_params(cls.PARAMS, params, scene=cls.__name__))
    defaults = to_jsonable(validate_params(cls.PARAMS, {}, scene=cls.__name__))
    changed = {k: v for k, v in full.items() if v != defaults[k]}
    if not changed:
        return ""
    return hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:8]


def default_output(cls: type, params: Mapping[str, Any], fmt: str) -> Path:
    """``renders/clips/<Scene>/<Scene>[_<hash>].<fmt>``; the hash names non-default parameters."""
    key = params_key(cls, params)
    stem = cls.__name__ + (f"_{key}" if key else "")
    return renders_dir() / "clips" / cls.__name__ / f"{stem}.{fmt}"


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
                tmp = dest.with_name(f".{f.name}.{os.getpid()}.tmp")
                shutil.copy2(f, tmp)
                os.replace(tmp, dest)


def _ensure_caption(path: Path, caption: str, duration: float) -> None:
    """Give a clip without subcaptions one caption line, its ``CAPTION``, for the whole clip."""
    import srt  # a Manim dependency

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if list(srt.parse(text)) or not caption or duration <= 0:
        return
    whole = srt.Subtitle(1, timedelta(0), timedelta(seconds=duration), caption)
    path.write_text(srt.compose([whole]), encoding="utf-8")


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit so that cleanup (``finally``) runs on ``kill``."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


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
    build = build_dir()
    (build / "tmp").mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{cls.__name__}-", dir=build / "tmp"))
    still = fmt == "png"
    settings = {
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
    try:
        _borrow_cache(build / "cache", stage / "cache")
        from nnviz_delivery.preview.skip import still_skipping

        with _terminate_as_exit(), tempconfig(settings), still_skipping():
            scene = cls(params)
            scene.sidecar_path = output.with_suffix(".json")
            try:
                scene.render()
            except Exception as exc:
                log = build / "logs" / f"{output.stem}.log"
                log.parent.mkdir(parents=True, exist_ok=True)
                import traceback

                log.write_text(traceback.format_exc())
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise RenderError(
                    f"rendering {cls.__name__} failed: {type(exc).__name__}: {first} (details: {log})"
                ) from exc
            artifact = Path(scene.renderer.file_writer.output_plan.primary_artifact)
            data = scene.sidecar()
            sidecar = stage / "sidecar.json"
            sidecar.write_text(json.dumps(data, indent=2) + "\n")
        if not still:
            captions = artifact.with_suffix(".srt")
            _ensure_caption(captions, getattr(cls, "CAPTION", ""), data["duration"])
            publish(captions, output.with_suffix(".srt"))
        publish(sidecar, output.with_suffix(".json"))
        publish(artifact, output)
        _return_cache(stage / "cache", build / "cache")
        return output
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        sys.stdout.flush()
