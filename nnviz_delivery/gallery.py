"""Write the gallery (``renders/index.html``) and one player page per lecture.

The gallery lists lectures, blog clips and explorables (``renders/explorables/*/``).

Static pages only: CSS and JS from ``nnviz_delivery/player/`` are inlined, data goes in as JSON, and
every path is relative, so the pages work from ``file://`` with no server, no CDN and no build
step. What is on disk is read through :mod:`nnviz_delivery.catalog` (the one module that knows the
layout). Everything put into HTML is escaped: titles and parameters come from users.

Example
-------
``nnviz gallery`` (or ``make gallery``) prints the path of ``renders/index.html``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nnviz.atomic import atomic_path, write_text
from nnviz_delivery.catalog import Clip, LectureVideo, load_clips, load_lectures, parse_vtt
from nnviz_delivery.media import srt_to_vtt
from nnviz_delivery.pages import asset, esc, json_for_script, page, param_value
from nnviz_delivery.paths import renders_dir

__all__ = ["build_gallery", "player_page", "index_page", "lecture_poster", "fmt_duration"]

PLAYER_FILE = "player.html"
# Inline SVG icons: media-control glyphs are missing from many system fonts.
_SVG = (
    '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">{}</svg>'
)
_ICONS = {
    "prev": _SVG.format('<path fill="currentColor" d="M6 5h2v14H6zM20 5v14L9 12z"/>'),
    "next": _SVG.format('<path fill="currentColor" d="M16 5h2v14h-2zM4 5v14l11-7z"/>'),
    "play": _SVG.format('<path fill="currentColor" d="M7 4v16l13-8z"/>'),
}


def _href(path: Path, start: Path) -> str:
    """A URL-quoted relative link from the folder ``start`` to ``path``."""
    return quote(os.path.relpath(path, start).replace(os.sep, "/"))


def _chapters(n: int) -> str:
    return f"{n} chapter{'' if n == 1 else 's'}"


def fmt_duration(seconds: float) -> str:
    """``75.4`` -> ``'1:15'``."""
    s = max(0, int(round(seconds)))
    return f"{s // 60}:{s % 60:02d}"


def _params_html(params: Mapping[str, Any]) -> str:
    if not params:
        return '<p class="meta">default parameters</p>'
    items = "".join(
        f'<li><code><span class="k">{esc(str(k))}</span> = {esc(param_value(v))}</code></li>'
        for k, v in params.items()
    )
    return f'<ul class="params" aria-label="parameters">{items}</ul>'


def lecture_poster(video: LectureVideo, out_dir: Path) -> Path | None:
    """The lecture's poster; else a frame (end of the first chapter) extracted with ffmpeg.

    Extracted posters go to ``out_dir/<slug>.png`` and are refreshed when the video is newer.
    """
    if video.poster is not None:
        return video.poster
    source = video.folder / video.videos[-1][0]
    poster = out_dir / f"{video.lecture.slug}.png"
    if poster.exists() and poster.stat().st_mtime >= source.stat().st_mtime:
        return poster
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    first = video.chapters[0] if video.chapters else None
    at = max(0.0, (first.end if first else video.duration) - 0.2)
    cmd = [ffmpeg, "-v", "error", "-y", "-ss", f"{at:.3f}", "-i", str(source), "-frames:v", "1"]
    cmd += ["-update", "1"]
    try:
        with atomic_path(poster, suffix=".png") as tmp:
            done = subprocess.run([*cmd, str(tmp)], capture_output=True, timeout=60)
            if done.returncode != 0 or tmp.stat().st_size == 0:
                raise OSError(done.stderr.decode(errors="replace").strip())
    except (OSError, subprocess.TimeoutExpired):
        return None  # no poster: the card says so
    return poster


def _captions_file(video: LectureVideo) -> Path | None:
    """The lecture's WebVTT captions, converting ``captions.srt`` beside it when needed."""
    if video.captions is None:
        return None
    path = video.folder / video.captions
    if path.suffix == ".srt":
        vtt = path.with_suffix(".vtt")
        write_text(vtt, srt_to_vtt(path.read_text()))
        return vtt
    return path


def _player_data(video: LectureVideo, cues: list[dict[str, Any]]) -> dict[str, Any]:
    """What player.js reads: chapters (with alt text), sections and caption cues."""
    return {
        "title": video.lecture.title,
        "duration": video.duration,
        "frameRate": video.frame_rate,
        "chapters": [
            {"title": c.title, "start": c.start, "end": c.end, "alt": c.alt} for c in video.chapters
        ],
        "sections": [
            {"title": s.title, "start": s.start, "end": s.end, "chapter": s.chapter, "loop": s.loop}
            for s in video.sections
        ],
        "cues": cues,
    }


def _chapter_list(video: LectureVideo) -> str:
    """The chapter buttons, each with its sections listed when it has more than one."""
    items = []
    for i, c in enumerate(video.chapters):
        subs = [s for s in video.sections if s.chapter == i]
        sub_list = ""
        if len(subs) > 1:
            sub_list = '<ul class="sections">' + "".join(
                f"<li>{fmt_duration(s.start)} {esc(s.title)}{' (loops)' if s.loop else ''}</li>"
                for s in subs
            )
            sub_list += "</ul>"
        items.append(
            f'<li><button type="button" data-chapter="{i}" aria-current="false"'
            f' aria-label="Chapter {i + 1}: {esc(c.title)}, at {fmt_duration(c.start)}">'
            f'<span class="time">{fmt_duration(c.start)}</span>'
            f'<span class="title">{esc(c.title)}</span></button>{sub_list}</li>'
        )
    return "\n".join(items)


def _video_element(video: LectureVideo, poster: Path | None, captions: Path | None) -> str:
    """The ``<video>`` with its sources, captions track and download fallback."""
    here = video.folder
    sources = "\n".join(
        f'    <source src="{quote(name)}" type="{mime}">' for name, mime in video.videos
    )
    track = (
        # data-src, not src: the player sets it only over http(s), because a file:// page that
        # even tries to load a track file logs a console error (it builds the cues itself there).
        f'    <track kind="captions" data-src="{_href(captions, here)}" srclang="en" label="English" default>'
        if captions
        else ""
    )
    poster_attr = f' poster="{_href(poster, here)}"' if poster else ""
    return f"""<video id="video" preload="auto" controls playsinline{poster_attr} aria-describedby="alt-now">
{sources}
{track}
      Your browser cannot play this video; download <a href="{quote(video.videos[-1][0])}">the lecture</a>.
    </video>"""


_SPEEDS = "".join(
    f'<option value="{r}"{" selected" if r == 1 else ""}>{r}×</option>'
    for r in (0.5, 0.75, 1, 1.25, 1.5, 2)
)

_KEYS = """<details class="keys">
      <summary>Keyboard</summary>
      <dl>
        <dt><kbd>→</kbd></dt><dd>play to the end of this section and pause; at a section end, start the next</dd>
        <dt><kbd>←</kbd></dt><dd>back to the start of this (or the previous) section</dd>
        <dt><kbd>space</kbd></dt><dd>play / pause</dd>
        <dt><kbd>c</kbd></dt><dd>captions on / off</dd>
      </dl>
    </details>"""


def _toolbar(duration: float) -> str:
    return f"""<div class="toolbar" role="toolbar" aria-label="Lecture controls">
      <button type="button" id="prev" aria-label="Previous section (←)" title="Previous section (←)">{_ICONS["prev"]}</button>
      <button type="button" id="play" aria-label="Play (space)" title="Play/pause (space)">{_ICONS["play"]}</button>
      <button type="button" id="next" aria-label="Next: play to the end of this section (→)" title="Next section (→)">{_ICONS["next"]}</button>
      <button type="button" id="cc" aria-pressed="true" aria-label="Captions (c)" title="Captions on/off (c)">CC</button>
      <label>Speed <select id="speed" aria-label="Playback speed">{_SPEEDS}</select></label>
      <span class="clock" id="clock">0:00 / {fmt_duration(duration)}</span>
    </div>"""


def player_page(video: LectureVideo, poster: Path | None, gallery: Path) -> str:
    """The HTML of one lecture's player page (it lives in the lecture's folder)."""
    title = video.lecture.title
    captions = _captions_file(video)
    cues = parse_vtt(captions.read_text()) if captions else []
    first_alt = video.chapters[0].alt if video.chapters else ""
    body = f"""<a class="skip" href="#video">Skip to the video</a>
<header class="site">
  <a class="back" href="{_href(gallery, video.folder)}">← All lectures and clips</a>
  <h1>{esc(title)}</h1>
  <p>{_chapters(len(video.chapters))} · {fmt_duration(video.duration)} · press → to step through</p>
</header>
<main>
<div class="player-layout">
  <section class="stage" aria-label="Lecture video">
    {_video_element(video, poster, captions)}
    <div class="strip" id="strip" aria-hidden="true"></div>
    {_toolbar(video.duration)}
    <p class="now" id="now" aria-live="polite"></p>
    <p class="alt" id="alt-now">{esc(first_alt)}</p>
    {_KEYS}
  </section>
  <nav class="chapters" aria-label="Chapters">
    <h2>Chapters</h2>
    <ol>
{_chapter_list(video)}
    </ol>
  </nav>
</div>
</main>"""
    script = (
        '<script type="application/json" id="lecture-data">'
        f"{json_for_script(_player_data(video, cues))}</script>\n"
        f"<script>\n{asset('player.js')}</script>"
    )
    return page(f"{title} · nnviz", body, script)


def _thumb(poster: Path | None, alt: str, href: str, badge: str, here: Path) -> str:
    img = (
        f'<img src="{_href(poster, here)}" alt="{esc(alt)}" loading="lazy">'
        if poster
        else f'<span class="noposter" role="img" aria-label="{esc(alt)}">no poster yet</span>'
    )
    return (
        f'<a class="thumb" href="{href}" tabindex="-1">{img}<span class="badge">{badge}</span></a>'
    )


def _lecture_card(video: LectureVideo, poster: Path | None, here: Path) -> str:
    href = _href(video.folder / PLAYER_FILE, here)
    scenes = "".join(
        f"<li>{esc(c.title)} <span class='meta'>({fmt_duration(c.end - c.start)})</span>"
        f"{_params_html(c.params) if c.params else ''}</li>"
        for c in video.chapters
    )
    lecture = video.lecture
    alt = video.chapters[0].alt if video.chapters else lecture.title
    return f"""<article class="card lecture" data-slug="{esc(lecture.slug)}">
  {_thumb(poster, alt, href, fmt_duration(video.duration), here)}
  <div class="body">
    <h3><a href="{href}">{esc(lecture.title)}</a></h3>
    <p class="meta">{_chapters(len(video.chapters))} · {fmt_duration(video.duration)}</p>
    <ol class="scenes">{scenes}</ol>
    <div class="actions"><a class="button primary" href="{href}">▶ Watch the lecture</a></div>
  </div>
</article>"""


def _clip_card(clip: Clip, here: Path, n: int) -> str:
    video = clip.folder / clip.videos[-1][0]
    links = [
        f'<a class="button" href="{_href(clip.folder / name, here)}">{name.rsplit(".", 1)[1].upper()}</a>'
        for name, _ in clip.videos
    ]
    if clip.gif:
        links.append(f'<a class="button" href="{_href(clip.folder / clip.gif, here)}">GIF</a>')
    copy, details = "", ""
    if clip.embed_html:
        eid = f"embed-{n}"
        copy = f'<button type="button" class="button primary" data-copy="{eid}">Copy embed code</button>'
        details = f"""
    <p class="status" id="{eid}-status" role="status" aria-live="polite"></p>
    <details class="embed"><summary>Embed code (HTML)</summary>
      <textarea id="{eid}" readonly aria-label="Embed code for {esc(clip.title)}">{esc(clip.embed_html)}</textarea>
    </details>"""
    return f"""<article class="card clip" data-clip="{esc(clip.name)}">
  {_thumb(clip.poster, clip.alt, _href(video, here), fmt_duration(clip.duration), here)}
  <div class="body">
    <h3><a href="{_href(video, here)}">{esc(clip.title)}</a></h3>
    <p class="meta">{esc(clip.name)} · {fmt_duration(clip.duration)}</p>
    {_params_html(clip.params)}
    <div class="actions">{copy} {" ".join(links)}</div>{details}
  </div>
</article>"""


def _explorable_card(folder: Path, data: Mapping[str, Any], here: Path) -> str:
    """An explorable (see :mod:`nnviz_delivery.explorable`): first poster, title, its values."""
    href = _href(folder / "index.html", here)
    first = data["files"][0]
    poster = folder / Path(str(first["poster"])).name
    param, values = str(data["param"]), [param_value(v) for v in data["values"]]
    alt = f"{data['title']}, at {param} = {values[0]}"
    return f"""<article class="card explorable" data-explorable="{esc(folder.name)}">
  {_thumb(poster, alt, href, f"{len(values)} values", here)}
  <div class="body">
    <h3><a href="{href}">{esc(str(data["title"]))}</a></h3>
    <p class="meta">{esc(str(data["scene"]))} · try <code>{esc(param)}</code> = {esc(", ".join(values))}</p>
    {_params_html(data.get("params") or {})}
    <div class="actions"><a class="button primary" href="{href}">Explore the numbers</a></div>
  </div>
</article>"""


def index_page(
    lectures: Iterable[tuple[LectureVideo, Path | None]],
    clips: Iterable[Clip],
    renders: Path,
    explorables: Iterable[tuple[Path, Mapping[str, Any]]] = (),
) -> str:
    """The gallery page: lecture cards (poster, title, duration, scenes), clip cards and
    explorable cards."""
    lectures, clips, explorables = list(lectures), list(clips), list(explorables)
    lecture_html = "\n".join(_lecture_card(lec, poster, renders) for lec, poster in lectures)
    clip_html = "\n".join(_clip_card(c, renders, i) for i, c in enumerate(clips))
    explorable_html = "\n".join(_explorable_card(f, d, renders) for f, d in explorables)
    nothing = '<p class="empty">Nothing rendered yet: run <code>make lectures</code>.</p>'
    body = f"""<a class="skip" href="#lectures">Skip to the lectures</a>
<header class="site">
  <h1><span class="accent">nnviz</span> · the mathematics of neural networks, animated</h1>
  <p>Lectures to step through like a live talk, and clips to embed in your own pages.</p>
</header>
<main>
  <section aria-labelledby="lectures">
    <h2 id="lectures">Lectures <span class="count">({len(lectures)})</span></h2>
    {f'<div class="grid">{lecture_html}</div>' if lectures else nothing}
  </section>
  <section aria-labelledby="clips">
    <h2 id="clips">Clips for the web <span class="count">({len(clips)})</span></h2>
    {f'<div class="grid">{clip_html}</div>' if clips else '<p class="empty">No blog clips yet.</p>'}
  </section>
  <section aria-labelledby="explorables">
    <h2 id="explorables">Explorables <span class="count">({len(explorables)})</span></h2>
    {f'<div class="grid">{explorable_html}</div>' if explorables else '<p class="empty">No explorables yet: run <code>nnviz explorable</code>.</p>'}
  </section>
</main>
<footer class="site">Made with nnviz and Manim. Everything on this page works offline.</footer>"""
    return page("nnviz · gallery", body, f"<script>\n{asset('gallery.js')}</script>")


def build_gallery(renders: Path | None = None) -> Path:
    """Write ``renders/index.html`` and ``renders/lectures/<slug>/player.html``; returns the index."""
    renders = renders or renders_dir()
    renders.mkdir(parents=True, exist_ok=True)
    index = renders / "index.html"
    posters = renders / "gallery"
    lectures = []
    for video in load_lectures(renders):
        poster = lecture_poster(video, posters)
        write_text(video.folder / PLAYER_FILE, player_page(video, poster, index))
        lectures.append((video, poster))
    from nnviz_delivery.explorable import load_explorables  # it builds its page with ours

    explorables = load_explorables(renders)
    write_text(index, index_page(lectures, load_clips(renders), renders, explorables))
    return index
