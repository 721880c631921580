"""Read what the lecture builder and the blog kit wrote under ``renders/`` into plain records.

This is the ONE place that knows the on-disk layout of lectures and blog kits; the gallery
(:mod:`nnviz_delivery.gallery`) only sees :class:`LectureVideo` and :class:`Clip`. A
:class:`LectureVideo` holds the :class:`scenes.registry.Lecture` it was built from (slug,
title, scenes with their parameters) plus what the render added: video files, chapters
(:class:`nnviz_delivery.media.Chapter`), sections, captions and poster. Every field is optional
except the video itself, so a half-built folder still shows up (with what it has).

Layout and fields relied upon
-----------------------------
``renders/lectures/<slug>/``
    ``lecture.mp4`` (and ``lecture.webm`` if present: offered first), ``captions.vtt``
    (``captions.srt`` is converted when there is no .vtt), ``chapters.vtt`` (used only when
    ``lecture.json`` has no chapter times), ``poster.png`` (optional).
    ``lecture.json``:

    - ``title`` (str, default: the slug), ``duration`` (s, default: sum of the scenes),
      ``frame_rate`` (default 15 or the first sidecar's);
    - ``scenes``: ordered list of ``{name | scene, title, params, duration, start?, alt?,
      sidecar?, sections?}``; ``start`` defaults to the running sum of durations; ``sidecar`` is a dict
      or a path relative to the lecture folder; ``sections`` is Manim's ``--save_sections``
      index (``[{name, type, duration}]``, durations may be strings) or ``[{name, start, end,
      type?, loop?}]`` in lecture time. A section whose ``type`` contains ``loop`` (or with
      ``loop: true``) loops in the player until the viewer moves on.
    - ``chapters`` (optional): ``[{title, start, end?}]``; default: one chapter per scene.

``renders/blog/<clip>/``
    ``clip.mp4``/``clip.webm``/``clip.gif``, ``poster.png``, ``embed.html``, ``embed.md`` and a
    sidecar ``clip.json`` (any ``*.json``): ``title``, ``params``, ``duration``, optional ``alt``,
    ``scene`` and the recorded numbers (for alt text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnviz_delivery.describe import alt_text
from nnviz_delivery.media import Chapter
from scenes.registry import Lecture, LectureScene

__all__ = [
    "Section",
    "LectureVideo",
    "Clip",
    "load_lectures",
    "load_clips",
    "parse_vtt",
]


@dataclass(frozen=True)
class Section:
    """A stretch of the lecture the player stops at the end of (times in seconds)."""

    title: str
    start: float
    end: float
    chapter: int
    loop: bool = False


@dataclass(frozen=True)
class LectureVideo:
    """A rendered lecture folder, ready for the player: the lecture and what its render made."""

    lecture: Lecture  # slug (the folder name), title, scenes with their parameters
    folder: Path
    videos: tuple[tuple[str, str], ...]  # (file name, MIME type), preferred first
    duration: float
    chapters: tuple[Chapter, ...]
    sections: tuple[Section, ...]
    captions: str | None = None  # .vtt (or .srt) file name in the folder
    poster: Path | None = None
    frame_rate: float = 15.0


@dataclass(frozen=True)
class Clip:
    """A blog kit: one clip in web formats with its embed snippets."""

    name: str
    title: str
    folder: Path
    videos: tuple[tuple[str, str], ...]
    params: dict[str, Any]
    duration: float
    alt: str
    embed_html: str
    embed_md: str = ""
    gif: str | None = None
    poster: Path | None = None


_VIDEO_TYPES = (("webm", "video/webm"), ("mp4", "video/mp4"))


def _videos(folder: Path, stem: str) -> tuple[tuple[str, str], ...]:
    # WebM (VP9) first: it plays in every Chromium build, including those without H.264.
    return tuple(
        (f"{stem}.{ext}", mime) for ext, mime in _VIDEO_TYPES if (folder / f"{stem}.{ext}").exists()
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


_TIME = re.compile(r"(?:(\d+):)?(\d+):(\d+)[.,](\d+)")


def _seconds(stamp: str) -> float:
    m = _TIME.fullmatch(stamp.strip())
    if not m:
        raise ValueError(f"bad timestamp {stamp!r}")
    h, mi, s, frac = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int(frac) / 10 ** len(frac)


def parse_vtt(text: str) -> list[dict[str, Any]]:
    """Cues of a WebVTT (or SRT) text as ``[{start, end, text}]``."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [ln for ln in block.strip().splitlines() if ln.strip()]
        for i, line in enumerate(lines):
            if "-->" in line:
                start, _, rest = line.partition("-->")
                end = rest.split()[0] if rest.split() else ""
                try:
                    cues.append(
                        {
                            "start": _seconds(start),
                            "end": _seconds(end),
                            "text": "\n".join(lines[i + 1 :]),
                        }
                    )
                except ValueError:
                    pass
                break
    return cues


def _is_loop(entry: dict[str, Any]) -> bool:
    return bool(entry.get("loop")) or "loop" in str(entry.get("type", "")).lower()


def _scene_sections(
    entry: dict[str, Any], start: float, end: float, chapter: int, title: str
) -> list[Section]:
    """Sections of one scene in lecture time; the whole scene when it declares none."""
    raw = entry.get("sections") or []
    out: list[Section] = []
    t = start
    for i, sec in enumerate(raw):
        if not isinstance(sec, dict):
            continue
        name = str(sec.get("name") or f"{title} ({i + 1})")
        if "start" in sec:
            s0, s1 = float(sec["start"]), float(sec.get("end", end))
        else:
            s0, s1 = t, t + float(sec.get("duration", 0))
        t = s1
        if s1 - s0 > 1e-3:
            out.append(Section(name, s0, min(s1, end), chapter, _is_loop(sec)))
    return out or [Section(title, start, end, chapter)]


def _sidecar(folder: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """A scene entry's sidecar: given inline, or as a file name in the lecture folder."""
    sidecar = entry.get("sidecar", {})
    if isinstance(sidecar, str):
        sidecar = _read_json(folder / sidecar)
    return sidecar if isinstance(sidecar, dict) else {}


def _scene_chapters(
    folder: Path, entries: list[dict[str, Any]]
) -> tuple[list[Chapter], list[Section], float]:
    """One chapter per scene entry (its sections with it); also the first frame rate found."""
    chapters: list[Chapter] = []
    sections: list[Section] = []
    t, fps = 0.0, 0.0
    for i, entry in enumerate(entries):
        sidecar = _sidecar(folder, entry)
        fps = fps or float(sidecar.get("frame_rate") or 0)
        start = float(entry.get("start", t))
        end = t = start + float(entry.get("duration", sidecar.get("duration", 0)))
        name = str(entry.get("name") or entry.get("scene") or sidecar.get("scene") or "")
        title = str(entry.get("title") or sidecar.get("title") or name or f"Part {i + 1}")
        params = entry.get("params", sidecar.get("params", {}))
        alt = str(entry.get("alt") or alt_text({**sidecar, "title": title, "params": params}))
        chapters.append(Chapter(title, start, end, name, params, alt))
        sections += _scene_sections(entry, start, end, i, title)
    return chapters, sections, fps


def _given_chapters(
    folder: Path, data: dict[str, Any], scenes: list[Chapter], duration: float
) -> list[Chapter]:
    """Explicit chapter times (``chapters`` in lecture.json, else chapters.vtt when no scenes).

    Scene details attach to the chapter with the same index. Empty when none are given.
    """
    given = [c for c in data.get("chapters", []) if isinstance(c, dict) and "start" in c]
    if not given and not scenes and (folder / "chapters.vtt").exists():
        given = [
            {"title": c["text"], "start": c["start"], "end": c["end"]}
            for c in parse_vtt((folder / "chapters.vtt").read_text())
        ]
    starts = [float(c["start"]) for c in given] + [duration]
    return [
        Chapter(
            str(c.get("title") or f"Chapter {i + 1}"),
            starts[i],
            float(c.get("end", starts[i + 1])),
            *((scenes[i].scene, scenes[i].params, scenes[i].alt) if i < len(scenes) else ()),
        )
        for i, c in enumerate(given)
    ]


def _captions_name(folder: Path) -> str | None:
    for name in ("captions.vtt", "captions.srt"):  # .srt: converted by the gallery
        if (folder / name).exists():
            return name
    return None


def _load_lecture(folder: Path) -> LectureVideo | None:
    videos = _videos(folder, "lecture")
    if not videos:
        return None
    data = _read_json(folder / "lecture.json")
    entries = [s for s in data.get("scenes", []) if isinstance(s, dict)]
    chapters, sections, fps = _scene_chapters(folder, entries)
    duration = float(data.get("duration") or (chapters[-1].end if chapters else 0))
    given = _given_chapters(folder, data, chapters, duration)
    if given:
        chapters = given
        if len(sections) < len(chapters):
            sections = [Section(c.title, c.start, c.end, i) for i, c in enumerate(chapters)]
    duration = duration or (chapters[-1].end if chapters else 0.0)
    title = str(data.get("title") or folder.name)
    if not chapters:
        chapters = [Chapter(title, 0.0, duration)]
        sections = [Section(title, 0.0, duration, 0)]
    scenes = tuple(LectureScene(c.scene, dict(c.params)) for c in chapters if c.scene)
    poster = folder / "poster.png"
    return LectureVideo(
        lecture=Lecture(folder.name, title, scenes),
        folder=folder,
        videos=videos,
        duration=duration,
        chapters=tuple(chapters),
        sections=tuple(sections),
        captions=_captions_name(folder),
        poster=poster if poster.exists() else None,
        frame_rate=float(data.get("frame_rate") or 0) or fps or 15.0,
    )


def load_lectures(renders: Path) -> list[LectureVideo]:
    """Every lecture folder under ``renders/lectures/`` that has a lecture video, by slug."""
    root = renders / "lectures"
    if not root.is_dir():
        return []
    found = (_load_lecture(p) for p in sorted(root.iterdir()) if p.is_dir())
    return [lec for lec in found if lec is not None]


def _load_clip(folder: Path) -> Clip | None:
    videos = _videos(folder, "clip")
    if not videos:
        return None
    sidecar_path = folder / "clip.json"
    if not sidecar_path.exists():
        sidecar_path = next(iter(sorted(folder.glob("*.json"))), sidecar_path)
    sidecar = _read_json(sidecar_path)
    embed = folder / "embed.html"
    embed_md = folder / "embed.md"
    poster = folder / "poster.png"
    return Clip(
        name=folder.name,
        title=str(sidecar.get("title") or sidecar.get("scene") or folder.name),
        folder=folder,
        videos=videos,
        params=dict(sidecar.get("params", {})),
        duration=float(sidecar.get("duration") or 0),
        alt=alt_text(sidecar),
        embed_html=embed.read_text() if embed.exists() else "",
        embed_md=embed_md.read_text() if embed_md.exists() else "",
        gif="clip.gif" if (folder / "clip.gif").exists() else None,
        poster=poster if poster.exists() else None,
    )


def load_clips(renders: Path) -> list[Clip]:
    """Every blog kit under ``renders/blog/`` that has a clip video, by folder name."""
    root = renders / "blog"
    if not root.is_dir():
        return []
    found = (_load_clip(p) for p in sorted(root.iterdir()) if p.is_dir())
    return [clip for clip in found if clip is not None]
