"""The warm render worker: a process that imports Manim and the scenes once, then takes jobs.

Protocol (tuples over a ``multiprocessing`` pipe). The engine sends ``("validate", scene,
params)`` or ``("job", job, folder, total)``; the worker answers ``("ready", modules)`` once
at start, ``("ok", params)``, ``("progress", done, total)`` while rendering, then ``("done",
result)``, ``("error", one_line)``, or ``("cancelled", reason)`` when ``INTERRUPT`` (SIGUSR1)
made it abandon the render and stay warm. The worker runs in its own process group, so
killing the group also stops a LaTeX run it started.
"""

from __future__ import annotations

import json
import math
import os
import signal
import sys
from pathlib import Path
from typing import Any

from nnviz.atomic import write_text
from nnviz_delivery.preview.job import RESULT_FILE

__all__ = ["worker_main", "run_job", "INTERRUPT", "Interrupted"]

#: Counters the renderer hooks update for the job in progress; ``busy`` while a job renders.
_STATE: dict[str, Any] = {
    "plays": 0,
    "steps": 0,
    "frames": 0,
    "done": 0,
    "report": None,
    "busy": False,
}
#: The signal that makes the worker abandon the job in progress (and stay warm).
INTERRUPT = signal.SIGUSR1


class Interrupted(BaseException):
    """Raised inside a job by ``INTERRUPT``; not an ``Exception``, so no scene or Manim handler
    swallows it, while every ``finally`` (staging removal, Manim's config) still runs."""


def _on_interrupt(signum: int, frame: object) -> None:
    if _STATE["busy"]:  # between jobs there is nothing to abandon
        _STATE["busy"] = False  # once: the unwinding itself is not interrupted again
        raise Interrupted


def _install_hooks() -> None:
    """Count plays and frames, and report frames written, through Manim's scene and renderer."""
    from manim import Scene, Wait
    from manim.renderer.cairo_renderer import CairoRenderer

    compile_data, add_frame = Scene.compile_animation_data, CairoRenderer.add_frame

    def counting_compile(self: Scene, *args: Any, **kwargs: Any) -> Any:
        out = compile_data(self, *args, **kwargs)  # once per play, skipped or not
        _STATE["plays"] += 1
        _STATE["steps"] += not all(isinstance(a, Wait) for a in self.animations)
        fps = self.renderer.camera.frame_rate
        _STATE["frames"] += max(1, math.ceil(round(float(self.duration) * fps, 6)))
        return out

    def reporting_add_frame(self: CairoRenderer, frame: Any, num_frames: int = 1) -> None:
        add_frame(self, frame, num_frames)
        if not self.skip_animations and _STATE["report"] is not None:
            _STATE["done"] += num_frames
            _STATE["report"](_STATE["done"])

    Scene.compile_animation_data = counting_compile
    CairoRenderer.add_frame = reporting_add_frame


def _content_keyed_svg_cache() -> None:
    """Let Manim's in-memory SVG cache hit across renders.

    Manim keys parsed SVGs by file path, and each render typesets into its own staging
    folder, so a warm worker re-parsed every formula on every render. TeX and text files are
    named by a hash of their content, so their name alone is a safe key.
    """
    from manim.mobject.svg.svg_mobject import SVGMobject

    stock = SVGMobject.hash_seed

    def hash_seed(self: SVGMobject) -> tuple:
        seed = stock.fget(self)
        path = Path(str(self.file_name)) if self.file_name else None
        if path is not None and path.parent.name in ("tex", "text"):
            return (*seed[:3], path.name, *seed[4:])
        return seed

    SVGMobject.hash_seed = property(hash_seed)

    # ``Text`` turns the cache off by default, so a fixed caption line was re-parsed on every
    # render (~70 ms each); its file is content-named like TeX's, so the same key is safe.
    from manim import Text

    text_init = Text.__init__

    def cached_text_init(self: Text, *args: Any, use_svg_cache: bool = True, **kwargs: Any) -> None:
        text_init(self, *args, use_svg_cache=use_svg_cache, **kwargs)

    Text.__init__ = cached_text_init


def _trim_svg_cache(limit: int = 4000) -> None:
    """Bound the SVG cache (formulas with inline numbers add an entry per new number)."""
    from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP

    if len(SVG_HASH_TO_MOB_MAP) > limit:
        SVG_HASH_TO_MOB_MAP.clear()


def _no_process_locks() -> None:
    """Give tqdm (Manim's progress bars) a thread lock instead of a multiprocessing one.

    tqdm makes a named semaphore on first use; a worker killed by a cancel never unlinks it,
    so the resource tracker warned of a "leaked semaphore" at exit. One process needs none.
    """
    import threading

    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())


def _lean_svg_cache() -> None:
    """Drop the parsed SVG paths kept on Manim's cached formulas (once per new entry).

    Each ``MathTex`` is a deep copy of its cached mobject, and copying the parsed paths
    (``path_obj``, only read while the points are first built) made that ~15x slower.
    """
    from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP

    for mob in SVG_HASH_TO_MOB_MAP.values():
        if not getattr(mob, "nnviz_lean", False):
            for glyph in mob.family_members_with_points():
                glyph.path_obj = None
            mob.nnviz_lean = True


def _one_line(exc: BaseException) -> str:
    """One line for the caller; bad parameters and failed renders already say what went wrong."""
    from nnviz_delivery.render import RenderError
    from nnviz_kit.params import ParamError

    text = str(exc).strip().splitlines()
    if text and isinstance(exc, (ParamError, RenderError)):
        return text[0]
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def run_job(job: dict[str, Any], folder: Path, total: int, send: Any) -> dict[str, Any]:
    """Render ``job`` (with validated params) into ``folder``; returns the result manifest."""
    from nnviz_delivery.preview.storyboard import MANIFEST, STRIP, render_storyboard
    from nnviz_delivery.render import render
    from scenes import registry

    cls = registry.get(job["scene"])
    params, quality, what = job["params"], job["quality"], job["what"]
    _STATE.update(plays=0, steps=0, frames=0, done=0, report=None)
    step = max(1, total // 50)  # at most ~50 progress messages a job

    def report(done: int) -> None:
        if not total:
            send(("progress", done, 0))  # total unknown
        elif done % step == 0 or done >= total:
            send(("progress", min(done, total), total))

    if what == "blog":
        from nnviz_delivery.blog import KIT_FILES, build_kit

        def encoded(k: int) -> None:  # after the frames: each encoding step, always reported
            send(("progress", _STATE["done"] + k, max(total, _STATE["done"] + k)))

        _STATE["report"] = report
        build_kit(cls, params, quality, folder, on_step=encoded)
        files = {name: name for name in KIT_FILES}  # roles are the kit's file names
    elif what == "frame":
        render(cls, params, quality, "png", folder / "frame.png")
        files = {"frame": "frame.png", "sidecar": "frame.json"}
    elif what == "clip":
        _STATE["report"] = report
        render(cls, params, quality, "mp4", folder / "clip.mp4")
        files = {"clip": "clip.mp4", "sidecar": "clip.json"}
        if (folder / "clip.srt").exists():  # none for a scene without captions
            files["captions"] = "clip.srt"
    else:
        render_storyboard(cls, params, quality, folder, on_step=report)
        files = {
            "storyboard": MANIFEST,
            "strip": STRIP,
            "frame": "final.png",
            "sidecar": "final.json",
        }
    sidecar = json.loads((folder / files.get("sidecar", "clip.json")).read_text())
    meta = {
        "duration": sidecar["duration"],
        "plays": _STATE["plays"],
        "steps": _STATE["steps"],
        "frames": _STATE["done"] if what in ("clip", "blog") else _STATE["frames"],
    }
    result = {"files": files, "meta": meta}
    write_text(folder / RESULT_FILE, json.dumps(result, indent=2) + "\n")  # last: marks complete
    return result


def worker_main(conn: Any) -> None:
    """Serve jobs on ``conn`` until it closes or ``("stop",)`` arrives."""
    signal.signal(INTERRUPT, _on_interrupt)  # first: its default action would end the worker
    os.setpgrp()  # own process group: the engine kills it whole (LaTeX children included)
    from nnviz_kit.params import to_jsonable
    from scenes import registry

    modules = {
        name: sys.modules[cls.__module__].__file__ for name, cls in registry.scenes().items()
    }
    _install_hooks()
    _content_keyed_svg_cache()
    _no_process_locks()
    conn.send(("ready", modules))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if msg[0] == "stop":
                return
            if msg[0] == "validate":
                # the scene's own validate: each parameter, then check_params across them
                conn.send(("ok", to_jsonable(registry.get(msg[1]).validate(msg[2]))))
            elif msg[0] == "job":
                job, folder, total = msg[1], Path(msg[2]), msg[3]
                _STATE["busy"] = True
                try:
                    result = run_job(job, folder, total, conn.send)
                finally:
                    _STATE["busy"] = False
                conn.send(("done", result))
                _trim_svg_cache()
                _lean_svg_cache()
        except Interrupted:
            conn.send(("cancelled", "interrupted"))
        except Exception as exc:  # one line back to the caller; the engine replaces this worker
            conn.send(("error", _one_line(exc)))
