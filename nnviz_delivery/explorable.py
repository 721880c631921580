"""Explorables: one scene pre-rendered at a few values of one number, with a slider between them.

``nnviz explorable NAME --param P --values '[1,2,3]'`` (and the studio's "Export an
explorable") writes a self-contained folder, by default
``renders/explorables/<clip>-<param>/``:

- ``index.html``: the page; its CSS, JS and data are inline (no fetch), so it works from
  ``file://`` and from any static host;
- ``variant_01.png`` / ``variant_01.mp4`` ...: each value's final frame and clip;
- ``explorable.json``: scene, parameters, the explored parameter, its values, the files and
  each variant's numbers, and a title (the gallery lists explorables from it).

The folder is written beside its destination and renamed into place whole
(:func:`nnviz.atomic.atomic_dir`), so a reader never sees half of one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from nnviz.atomic import atomic_dir, copy, write_text
from nnviz_delivery.describe import alt_text, shown, sidecar_numbers
from nnviz_delivery.pages import asset, esc, json_for_script, page, param_value
from nnviz_delivery.paths import renders_dir
from nnviz_kit.params import Number, ParamError, short, to_jsonable

__all__ = [
    "build_explorable",
    "explorable_page",
    "variant_params",
    "check_out_dir",
    "explorable_dir",
    "load_explorables",
    "RenderVariant",
    "MANIFEST",
    "MIN_VALUES",
    "MAX_VALUES",
]

#: ``render_variant(params) -> (clip_path, poster_path, sidecar)``: one variant's clip (MP4),
#: its final frame (PNG) and its sidecar; the files are copied, never moved.
RenderVariant = Callable[[dict[str, Any]], tuple[Path, Path, dict[str, Any]]]
#: ``on_progress(done, total)``: variants finished out of all of them.
Progress = Callable[[int, int], None]
MANIFEST = "explorable.json"
MIN_VALUES, MAX_VALUES = 2, 9


def _number_param(cls: type, name: Any) -> Number:
    """The scene's numeric ``Number`` parameter called ``name``; else one clear ParamError."""
    numbers = [p.name for p in cls.PARAMS if isinstance(p, Number)]
    hint = f"explore one of: {', '.join(numbers) or 'none (it has no number parameter)'}"
    for p in cls.PARAMS:
        if p.name == name:
            if isinstance(p, Number):
                return p
            raise ParamError(f"{short(name)} is not a number parameter of {cls.__name__}; {hint}")
    raise ParamError(f"{cls.__name__} has no parameter {short(name)}; {hint}")


def variant_params(
    cls: type, params: Mapping[str, Any], param: str, values: Any
) -> list[dict[str, Any]]:
    """Each variant's validated (JSON) parameters: ``params`` with ``param`` set to each value.

    ``values`` must be a list of 2..9 different numbers; each variant goes through the scene's
    own validation (every parameter, then its cross-parameter checks), so a value the scene
    refuses fails here in one line, before anything renders.
    """
    _number_param(cls, param)
    if not isinstance(values, (list, tuple)):
        raise ParamError(f"values: got {short(values)}; expected a list of numbers like [1, 2, 3]")
    if not MIN_VALUES <= len(values) <= MAX_VALUES:
        raise ParamError(
            f"values: got {len(values)}; expected {MIN_VALUES} to {MAX_VALUES} values to explore"
        )
    base = to_jsonable(params)
    variants = [to_jsonable(cls.validate({**base, param: value})) for value in values]
    picked = [v[param] for v in variants]
    if len(set(picked)) != len(picked):
        raise ParamError(f"values: {short(picked)} repeats a value; give different values")
    return variants


def explorable_dir(cls: type, params: Mapping[str, Any], param: str) -> Path:
    """The default folder: ``renders/explorables/<clip name>-<param>/``; the clip name is
    that of ``params`` with ``param`` at its default (it is the one that varies)."""
    from nnviz_delivery.render import clip_name

    shared = {k: v for k, v in params.items() if k != param}
    return renders_dir() / "explorables" / f"{clip_name(cls, shared)}-{param}"


def check_out_dir(out_dir: Path) -> None:
    """The folder is replaced whole: refuse one that holds anything but an explorable."""
    if os.path.lexists(out_dir) and not out_dir.is_dir():
        raise ParamError(f"{out_dir} is not a folder; choose a new or empty folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise ParamError(
            f"{out_dir} holds other files (no {MANIFEST}); it would be replaced whole:"
            " choose a new or empty folder"
        )


def _local_renderer(
    cls: type, quality: str, stage: Path, renderer: Callable[..., Path] | None = None
) -> RenderVariant:
    """The default ``render_variant``: ``renderer`` (:func:`~nnviz_delivery.render.render` or
    its farm twin, same arguments) makes the clip; the poster is the clip's last frame."""
    from nnviz_delivery import media
    from nnviz_delivery.render import render

    renderer = renderer or render
    count = iter(range(1, MAX_VALUES + 1))

    def render_variant(params: dict[str, Any]) -> tuple[Path, Path, dict[str, Any]]:
        clip = renderer(cls, params, quality, "mp4", stage / f"raw_{next(count):02d}.mp4")
        poster = clip.with_suffix(".png")
        media.last_frame(clip, poster)
        return clip, poster, json.loads(clip.with_suffix(".json").read_text())

    return render_variant


def build_explorable(
    cls: type,
    params: Mapping[str, Any],
    param: str,
    values: Sequence[float],
    quality: str = "low",
    out_dir: Path | None = None,
    render_variant: RenderVariant | None = None,
    on_progress: Progress | None = None,
    title: str | None = None,
    renderer: Callable[..., Path] | None = None,
) -> Path:
    """Render ``cls`` at each of ``values`` of ``param`` and publish the explorable folder.

    Each variant is made by ``render_variant`` (default: ``renderer``, the local render or its
    farm twin, then the clip's last frame as the poster).
    Returns the folder (default :func:`explorable_dir`). Bad input (parameters, values, an
    ``out_dir`` holding anything but an explorable) raises a one-line
    :class:`~nnviz_kit.params.ParamError` before any render.
    """
    from nnviz_delivery.render import staging

    variants = variant_params(cls, params, param, values)
    base = {k: v for k, v in variants[0].items() if k != param}  # what all variants share
    out_dir = Path(out_dir or explorable_dir(cls, base, param))
    check_out_dir(out_dir)
    with staging(f"explorable-{cls.__name__}") as stage, atomic_dir(out_dir) as folder:
        render_variant = render_variant or _local_renderer(cls, quality, stage, renderer)
        files = []
        for i, variant in enumerate(variants, start=1):
            if on_progress is not None:
                on_progress(i - 1, len(variants))
            clip, poster, sidecar = render_variant(variant)
            names = {"poster": f"variant_{i:02d}.png", "clip": f"variant_{i:02d}.mp4"}
            copy(poster, folder / names["poster"])  # copies: the hook's files stay its own
            copy(clip, folder / names["clip"])
            numbers = sidecar_numbers(sidecar)
            files.append(
                {"value": variant[param], "params": sidecar.get("params", variant), **names}
                | {
                    "numbers": numbers,
                    "shown": shown(numbers),
                    "resolution": sidecar.get("resolution"),
                }
            )
        name = sidecar.get("title") or cls.TITLE
        manifest = {
            "scene": cls.__name__,
            "title": title or f"{name}: try {param}",
            "params": base,
            "param": param,
            "values": [v[param] for v in variants],
            "quality": quality,
            "files": files,
        }
        write_text(folder / MANIFEST, json.dumps(manifest, indent=2, allow_nan=False) + "\n")
        write_text(folder / "index.html", explorable_page(manifest))
    if on_progress is not None:
        on_progress(len(variants), len(variants))
    return out_dir


def explorable_page(manifest: Mapping[str, Any]) -> str:
    """The HTML of ``index.html``: the first variant's poster, a slider over the values, the
    variant's numbers; ``player/explorable.js`` switches variants from the inline data."""
    param, files = manifest["param"], manifest["files"]
    first = files[0]
    width, height = first.get("resolution") or (16, 9)
    ticks = "".join(
        f'<button type="button" data-index="{i}" aria-pressed="{str(i == 0).lower()}"'
        f' aria-label="{esc(param)} = {esc(param_value(f["value"]))}">{esc(param_value(f["value"]))}</button>'
        for i, f in enumerate(files)
    )
    alts = [
        alt_text({"title": manifest["title"], "params": f["params"], **f["numbers"]}) for f in files
    ]
    body = f"""<header class="site">
  <h1>{esc(manifest["title"])}</h1>
  <p>Move the slider to change <code>{esc(param)}</code>: each value is its own render
  of <code>{esc(manifest["scene"])}</code>. Keys: ← → (or 1–{len(files)}), space plays.</p>
</header>
<main class="explorable">
  <figure class="screen" style="aspect-ratio: {width} / {height}">
    <img id="poster" src="{esc(first["poster"])}" alt="{esc(alts[0])}" width="{width}" height="{height}">
    <video id="clip" muted loop playsinline preload="none" hidden width="{width}" height="{height}"></video>
  </figure>
  <div class="controls">
    <label for="slider"><code>{esc(param)}</code> = <output id="value" for="slider">{esc(param_value(first["value"]))}</output></label>
    <input type="range" id="slider" min="0" max="{len(files) - 1}" step="1" value="0"
      aria-valuetext="{esc(param)} = {esc(param_value(first["value"]))}">
    <div class="ticks" role="group" aria-label="Values of {esc(param)}">{ticks}</div>
    <button type="button" id="play" class="button primary" aria-pressed="false">▶ Play the clip</button>
  </div>
  <section class="numbers" aria-labelledby="numbers-title">
    <h2 id="numbers-title">The numbers</h2>
    <dl id="numbers"></dl>
  </section>
</main>
<footer class="site">Made with nnviz and Manim. This page works offline.</footer>"""
    data = {
        "param": param,
        "files": [f | {"alt": alt} for f, alt in zip(files, alts, strict=True)],
    }
    script = (
        '<script type="application/json" id="explorable-data">'
        f"{json_for_script(data)}</script>\n"
        f"<script>\n{asset('explorable.js')}</script>"
    )
    return page(manifest["title"], body, script, f"<style>\n{asset('explorable.css')}</style>\n")


def _well_formed(data: Any) -> bool:
    """A manifest the gallery can show: title, scene, param, values and one poster per value."""
    try:
        files, values = data["files"], data["values"]
        texts = [data["title"], data["scene"], data["param"]] + [f["poster"] for f in files]
        return (
            all(isinstance(t, str) for t in texts)
            and len(files) == len(values) >= 1
            and all(isinstance(v, (int, float)) for v in values)
            and isinstance(data.get("params", {}), dict)
        )
    except (KeyError, TypeError):
        return False


def load_explorables(renders: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every explorable under ``renders/explorables/*/`` with its manifest, sorted by folder."""
    found = []
    for manifest in sorted((renders / "explorables").glob(f"*/{MANIFEST}")):
        try:
            data = json.loads(manifest.read_text())
        except (OSError, ValueError):
            continue  # not ours, or unreadable: the gallery skips it
        if _well_formed(data):
            found.append((manifest.parent, data))
    return found
