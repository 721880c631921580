"""The blog embed kit: one scene, rendered once, in the formats a web page wants.

``python -m scenes blog NAME`` (``make blog SCENE=NAME``) writes ``renders/blog/<clip>/``:

- ``clip.mp4``: H.264, yuv420p, moov atom first (faststart);
- ``clip.webm``: VP9;
- ``clip.gif``: palette-optimised, 480p, at most 10 s (longer clips play faster) and 4 MB, looping;
- ``poster.png``: the final frame;
- ``clip.json`` (the sidecar), ``clip.srt`` and ``captions.vtt`` (the narration captions);
- ``embed.html`` and ``embed.md``: snippets with alt text built from the sidecar's numbers.

``<clip>`` is the scene name, plus a short hash when the parameters differ from the defaults.
"""

from __future__ import annotations

import html
import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nnviz_delivery import media
from nnviz_delivery.describe import alt_text
from nnviz_delivery.render import (
    _terminate_as_exit,
    build_dir,
    params_key,
    publish,
    render,
    renders_dir,
)

__all__ = ["clip_name", "alt_text", "embed_html", "embed_md", "build_kit", "KIT_FILES"]

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


def clip_name(cls: type, params: Mapping[str, Any]) -> str:
    """``<Scene>`` or ``<Scene>_<hash of the non-default parameters>``."""
    key = params_key(cls, params)
    return cls.__name__ + (f"_{key}" if key else "")


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


def build_kit(
    cls: type, params: Mapping[str, Any], quality: str = "medium", out_dir: Path | None = None
) -> Path:
    """Render ``cls`` once and write its blog kit; returns the kit's folder."""
    out_dir = out_dir or renders_dir() / "blog" / clip_name(cls, params)
    (build_dir() / "tmp").mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"blog-{cls.__name__}-", dir=build_dir() / "tmp"))
    try:
        with _terminate_as_exit():
            raw = render(cls, params, quality, "mp4", stage / "raw" / "clip.mp4")
            kit = stage / "kit"
            kit.mkdir()
            media.faststart(raw, kit / "clip.mp4")
            media.to_webm(raw, kit / "clip.webm")
            gif = media.to_gif(raw, kit / "clip.gif")
            media.last_frame(raw, kit / "poster.png")
            sidecar = json.loads(raw.with_suffix(".json").read_text())
            sidecar["gif"] = gif
            (kit / "clip.json").write_text(json.dumps(sidecar, indent=2) + "\n")
            srt_text = raw.with_suffix(".srt").read_text()
            (kit / "clip.srt").write_text(srt_text)
            (kit / "captions.vtt").write_text(media.srt_to_vtt(srt_text))
            alt = alt_text(
                sidecar, _first_caption(srt_text) or getattr(cls, "CAPTION", ""), limit=600
            )
            title = sidecar.get("title") or cls.__name__
            width, height = sidecar["resolution"]
            (kit / "embed.md").write_text(embed_md(alt, title))
            (kit / "embed.html").write_text(embed_html(alt, title, width, height))
            for name in KIT_FILES:
                publish(kit / name, out_dir / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out_dir
