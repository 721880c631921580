"""The blog embed kit: one scene, rendered once, in the formats a web page wants.

``nnviz blog NAME`` (``make blog SCENE=NAME``) writes ``renders/blog/<clip>/``:

- ``clip.mp4``: H.264, yuv420p, moov atom first (faststart);
- ``clip.webm``: VP9;
- ``clip.gif``: palette-optimised, 480p, at most 10 s (longer clips play faster) and 4 MB, looping;
- ``poster.png``: the final frame;
- ``clip.json`` (the sidecar), ``clip.srt`` and ``captions.vtt`` (the narration captions);
- ``embed.html`` and ``embed.md``: snippets with alt text built from the sidecar's numbers.

``<clip>`` is the scene name, plus a short hash when the parameters differ from the defaults
(:func:`nnviz_delivery.render.clip_name`, the rule clips and make use too).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from nnviz.atomic import copy, publish, write_text
from nnviz_delivery import media
from nnviz_delivery.describe import alt_text
from nnviz_delivery.paths import renders_dir
from nnviz_delivery.render import clip_name, render, staging

__all__ = ["embed_html", "embed_md", "build_kit", "copy_kit", "KIT_FILES", "ENCODE_STEPS"]

#: Every file of a kit; ``embed.html`` is published last (it is make's target).
KIT_FILES = (
    "clip.mp4",
    "clip.webm",
    "clip.gif",
    "poster.png",
    "clip.json",
    "clip.srt",
    "captions.vtt",
    "embed.md",
    "embed.html",
)


def embed_html(alt: str, title: str, width: int, height: int) -> str:
    """A ``<figure>`` with an autoplaying, looping, muted video (WebM, then MP4, then the GIF)."""
    a, t = html.escape(alt, quote=True), html.escape(title)
    return (
        '<figure class="nnviz-clip">\n'
        f'  <video autoplay loop muted playsinline poster="poster.png" width="{width}"'
        f' height="{height}" aria-label="{a}">\n'
        '    <source src="clip.webm" type="video/webm">\n'
        '    <source src="clip.mp4" type="video/mp4">\n'
        '    <track kind="captions" src="captions.vtt" srclang="en" label="English">\n'
        f'    <img src="clip.gif" alt="{a}">\n'
        "  </video>\n"
        f"  <figcaption>{t}</figcaption>\n"
        "</figure>\n"
    )


def embed_md(alt: str, title: str) -> str:
    """Markdown: the looping GIF (plays everywhere), linking to the MP4."""
    safe = alt.replace("[", "(").replace("]", ")")
    return f"[![{safe}](clip.gif)](clip.mp4)\n\n*{title}*\n"


def _first_caption(srt_text: str) -> str:
    import srt

    subs = list(srt.parse(srt_text))
    return subs[0].content.replace("\n", " ") if subs else ""


#: The encoding steps after the render (MP4, WebM, GIF, poster), for progress reports.
ENCODE_STEPS = 4


def _web_formats(raw: Path, kit: Path, on_step: Callable[[int], None]) -> dict[str, float]:
    """clip.mp4 (faststart), clip.webm, clip.gif and poster.png from the raw render.

    ``on_step(k)`` is called after the k-th of the :data:`ENCODE_STEPS` steps.
    """
    kit.mkdir(parents=True, exist_ok=True)
    media.faststart(raw, kit / "clip.mp4")
    on_step(1)
    media.to_webm(raw, kit / "clip.webm")
    on_step(2)
    gif = media.to_gif(raw, kit / "clip.gif")
    on_step(3)
    media.last_frame(raw, kit / "poster.png")
    on_step(ENCODE_STEPS)
    return gif


def build_kit(
    cls: type,
    params: Mapping[str, Any],
    quality: str = "medium",
    out_dir: Path | None = None,
    on_step: Callable[[int], None] | None = None,
    renderer: Callable[..., Path] = render,
) -> Path:
    """Render ``cls`` once and write its blog kit; returns the kit's folder.

    The CLI (``nnviz blog``), the preview engine (``Job(what="blog")``) and the farm build
    kits here. ``on_step(k)`` reports the encoding steps after the render (k of
    :data:`ENCODE_STEPS`); frames are counted by whoever hooks the renderer. ``renderer`` is
    :func:`~nnviz_delivery.render.render` or its farm twin (same arguments).
    """
    out_dir = out_dir or renders_dir() / "blog" / clip_name(cls, params)
    with staging(f"blog-{cls.__name__}") as stage:
        raw = renderer(cls, params, quality, "mp4", stage / "raw" / "clip.mp4")
        kit = stage / "kit"
        sidecar = json.loads(raw.with_suffix(".json").read_text())
        sidecar["gif"] = _web_formats(raw, kit, on_step or (lambda k: None))
        write_text(kit / "clip.json", json.dumps(sidecar, indent=2) + "\n")
        srt_text = raw.with_suffix(".srt").read_text()
        write_text(kit / "clip.srt", srt_text)
        write_text(kit / "captions.vtt", media.srt_to_vtt(srt_text))
        caption = _first_caption(srt_text) or getattr(cls, "CAPTION", "")
        alt = alt_text(sidecar, caption, limit=600)
        title = sidecar.get("title") or cls.__name__
        width, height = sidecar["resolution"]
        write_text(kit / "embed.md", embed_md(alt, title))
        write_text(kit / "embed.html", embed_html(alt, title, width, height))
        for name in KIT_FILES:
            publish(kit / name, out_dir / name)
    return out_dir


def copy_kit(files: Mapping[str, Path], out_dir: Path) -> Path:
    """Copy a finished kit (``files``: each kit file name -> its path, as the preview engine's
    blog result gives them) to ``out_dir``, ``embed.html`` last; returns ``out_dir``."""
    for name in KIT_FILES:
        copy(files[name], out_dir / name)
    return out_dir
