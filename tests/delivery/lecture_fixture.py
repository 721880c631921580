"""A two-scene, low-quality lecture on disk, laid out as Delivery I lays out lectures.

:func:`build_fixture_lecture` is the one step to swap for Delivery I's lecture builder once it is
merged: the browser tests only need ``renders/lectures/<slug>/`` with ``lecture.mp4``,
``lecture.json``, ``captions.vtt`` and ``chapters.vtt`` (fields: see :mod:`nnviz_delivery.catalog`).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import av

from nnviz_delivery.catalog import parse_vtt, srt_to_vtt

__all__ = [
    "FIXTURE_SLUG",
    "FIXTURE_SCENES",
    "FIXTURE_CLIP",
    "build_fixture_lecture",
    "build_fixture_clip",
]

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SLUG = "00-fixture-two-scenes"
FIXTURE_CLIP = "linear-map-fixture"
TWO_STEPS = f"{ROOT / 'tests' / 'delivery' / 'scene_files' / 'two_steps.py'}:TwoSteps"
FIXTURE_SCENES = (
    ("LinearMap", {"matrix": [[2, 1], [1, 3]], "vector": [1, 2]}),
    (TWO_STEPS, {"side": 2.5}),
)

Render = Callable[
    ..., tuple[Path, dict]
]  # the render_scene fixture: (name, params, fmt) -> (path, sidecar)


def _stamp(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _video_duration(path: Path) -> float:
    with av.open(str(path)) as container:
        return float(container.duration) / av.time_base


def build_fixture_lecture(renders: Path, render: Render) -> Path:
    """Render the two scenes (low mp4), join them with ffmpeg and write the lecture files."""
    folder = renders / "lectures" / FIXTURE_SLUG
    folder.mkdir(parents=True, exist_ok=True)
    parts, scenes, cues = [], [], []
    t = 0.0
    for name, params in FIXTURE_SCENES:
        clip, sidecar = render(name, params, fmt="mp4")
        duration = _video_duration(clip)
        srt = clip.with_suffix(".srt")
        for cue in parse_vtt(srt.read_text()) if srt.exists() else []:
            cues.append({**cue, "start": cue["start"] + t, "end": cue["end"] + t})
        entry = {
            "name": sidecar["scene"],
            "title": sidecar["title"],
            "params": sidecar["params"],
            "start": t,
            "duration": duration,
            "sidecar": sidecar,
        }
        if "sections" in sidecar:  # as Manim's --save_sections index: names, types, durations
            starts = [s["start"] for s in sidecar["sections"]] + [duration]
            entry["sections"] = [
                {"name": s["name"], "type": s["type"], "duration": starts[i + 1] - s["start"]}
                for i, s in enumerate(sidecar["sections"])
            ]
        scenes.append(entry)
        parts.append(clip)
        t += duration
    listing = folder / "parts.txt"
    listing.write_text("".join(f"file '{p}'\n" for p in parts))
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing)]
        + ["-c", "copy", "-movflags", "+faststart", str(folder / "lecture.mp4")],
        check=True,
        timeout=60,
    )
    listing.unlink()
    srt_text = "".join(
        f"{i}\n{_stamp(c['start']).replace('.', ',')} --> {_stamp(c['end']).replace('.', ',')}\n{c['text']}\n\n"
        for i, c in enumerate(cues, 1)
    )
    (folder / "captions.srt").write_text(srt_text)
    (folder / "captions.vtt").write_text(srt_to_vtt(srt_text))
    chapters = [{"title": s["title"], "start": s["start"]} for s in scenes]
    (folder / "chapters.vtt").write_text(
        "WEBVTT\n\n"
        + "\n\n".join(
            f"{_stamp(s['start'])} --> {_stamp(s['start'] + s['duration'])}\n{s['title']}"
            for s in scenes
        )
        + "\n"
    )
    lecture = {
        "slug": FIXTURE_SLUG,
        "title": "Fixture: a map, then a square",
        "duration": t,
        "frame_rate": scenes[0]["sidecar"]["frame_rate"],
        "scenes": scenes,
        "chapters": chapters,
    }
    (folder / "lecture.json").write_text(json.dumps(lecture, indent=2))
    return folder


def build_fixture_clip(renders: Path, lecture: Path) -> Path:
    """A blog kit from the lecture's first part: clip.mp4, poster.png, embed.html/.md, clip.json.

    Stands in for Delivery I's blog export (``renders/blog/<clip>/``).
    """
    data = json.loads((lecture / "lecture.json").read_text())
    first = data["scenes"][0]
    folder = renders / "blog" / FIXTURE_CLIP
    folder.mkdir(parents=True, exist_ok=True)
    cut = ["-t", f"{first['duration']:.3f}", "-c", "copy"]
    ffmpeg = ["ffmpeg", "-v", "error", "-y", "-i", str(lecture / "lecture.mp4")]
    subprocess.run([*ffmpeg, *cut, str(folder / "clip.mp4")], check=True, timeout=60)
    at = ["-ss", f"{first['duration'] - 0.3:.3f}"]
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", *at, "-i", str(folder / "clip.mp4"), "-frames:v", "1"]
        + [str(folder / "poster.png")],
        check=True,
        timeout=60,
    )
    sidecar = {**first["sidecar"], "title": first["title"] + " <script>alert(1)</script>"}
    (folder / "clip.json").write_text(json.dumps(sidecar, indent=2))
    (folder / "embed.html").write_text(
        '<figure class="nnviz">\n  <video src="clip.mp4" poster="poster.png" controls muted '
        'playsinline aria-label="A matrix is a function"></video>\n'
        "  <figcaption>A matrix is a function & so on</figcaption>\n</figure>\n"
    )
    (folder / "embed.md").write_text("![A matrix is a function](clip.gif)\n")
    return folder
