"""Storyboards: one still after each ``play`` (each animation's end state), and a strip of them.

The scene runs as for a final frame (animations skipped, so it costs little more than one
frame); after each ``play`` that is not a plain ``wait`` the current frame is drawn and kept,
with its section and its time in the clip, so a player can jump there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.atomic import atomic_path, publish, write_text
from nnviz_kit.params import to_jsonable

__all__ = ["MANIFEST", "STRIP", "render_storyboard", "strip_image", "storyboard_dir"]

MANIFEST = "storyboard.json"
STRIP = "strip.png"
#: Strip layout: thumbnail width (px), stills per row, gap (px) and the gap colour.
THUMB_WIDTH, PER_ROW, GAP, GAP_RGB = 320, 4, 6, (34, 34, 34)


def storyboard_dir(frame_output: Path) -> Path:
    """``renders/clips/S/S_abc.png`` -> ``renders/clips/S/S_abc_storyboard/``."""
    return frame_output.with_name(f"{frame_output.stem}_storyboard")


def _capturing(cls: type, steps: list[dict[str, Any]]) -> type:
    """A subclass of ``cls`` (same name, so the sidecar is unchanged) that keeps a still per play."""
    from manim import Wait

    def play(self: Any, *args: Any, **kwargs: Any) -> None:
        cls.play(self, *args, **kwargs)
        if args and all(isinstance(a, Wait) for a in args):
            return  # a wait shows the previous still again
        r = self.renderer
        r.update_frame(self, ignore_skipping=True)
        end = float(r.time)
        steps.append(
            {
                "image": r.get_frame(),
                "section": r.file_writer.sections[-1].name if r.file_writer.sections else "",
                "start": round(end - float(self.duration), 6),
                "time": round(end, 6),
            }
        )

    return type(cls.__name__, (cls,), {"play": play, "__module__": cls.__module__})


def strip_image(images: list[np.ndarray]) -> np.ndarray:
    """Thumbnails of ``images`` (h, w, 3|4) in rows of ``PER_ROW``, as one (H, W, 3) uint8 array."""
    from PIL import Image

    thumbs = []
    for img in images:
        pil = Image.fromarray(np.asarray(img)[..., :3])
        h = round(pil.height * THUMB_WIDTH / pil.width)
        thumbs.append(np.asarray(pil.resize((THUMB_WIDTH, h), Image.Resampling.LANCZOS)))
    th = thumbs[0].shape[0] if thumbs else 1
    cols = min(PER_ROW, max(1, len(thumbs)))
    rows = max(1, math.ceil(len(thumbs) / cols))
    out = np.empty(
        (rows * th + (rows + 1) * GAP, cols * THUMB_WIDTH + (cols + 1) * GAP, 3), np.uint8
    )
    out[:] = GAP_RGB
    for k, t in enumerate(thumbs):
        y, x = GAP + (k // cols) * (th + GAP), GAP + (k % cols) * (THUMB_WIDTH + GAP)
        out[y : y + t.shape[0], x : x + THUMB_WIDTH] = t
    return out


def _save_png(array: np.ndarray, dest: Path) -> None:
    from PIL import Image

    with atomic_path(dest, suffix=".png") as tmp:
        Image.fromarray(np.asarray(array)[..., :3]).save(tmp, format="PNG")


def render_storyboard(
    cls: type,
    params: Mapping[str, Any],
    quality: str = "low",
    out_dir: Path | None = None,
    on_step: Callable[[int], None] | None = None,
) -> Path:
    """Render ``cls``'s storyboard into ``out_dir``; returns its manifest ``storyboard.json``.

    ``out_dir`` holds ``step_01.png``..., ``strip.png``, ``final.png`` with its sidecar
    ``final.json``, and the manifest (written last): per step its file, section, and start
    and end time (s) in the clip. ``on_step(k)`` is called after step ``k`` is captured.
    """
    from nnviz_delivery.render import default_output, render, staging

    out_dir = out_dir or storyboard_dir(default_output(cls, params, "png"))
    steps: list[dict[str, Any]] = []
    if on_step is not None:
        steps = _Reporting(on_step)
    with staging(f"{cls.__name__}-story") as stage:
        final = render(_capturing(cls, steps), params, quality, "png", stage / "final.png")
        sidecar = json.loads(final.with_suffix(".json").read_text())
        out_dir.mkdir(parents=True, exist_ok=True)
        entries = []
        for k, step in enumerate(steps, start=1):
            name = f"step_{k:02d}.png"
            _save_png(step["image"], out_dir / name)
            entries.append(
                {
                    "index": k,
                    "file": name,
                    **{key: step[key] for key in ("section", "start", "time")},
                }
            )
        _save_png(strip_image([s["image"] for s in steps] or [_load(final)]), out_dir / STRIP)
        publish(final.with_suffix(".json"), out_dir / "final.json")
        publish(final, out_dir / "final.png")
        manifest = {
            "scene": cls.__name__,
            "params": to_jsonable(sidecar["params"]),
            "quality": quality,
            "duration": sidecar["duration"],
            "strip": STRIP,
            "frame": "final.png",
            "sidecar": "final.json",
            "steps": entries,
        }
        write_text(out_dir / MANIFEST, json.dumps(manifest, indent=2) + "\n")
        return out_dir / MANIFEST


class _Reporting(list):
    """A list of steps that calls ``on_step(len)`` after each append."""

    def __init__(self, on_step: Callable[[int], None]) -> None:
        super().__init__()
        self._on_step = on_step

    def append(self, item: Any) -> None:
        super().append(item)
        self._on_step(len(self))


def _load(path: Path) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(path).convert("RGB"))
