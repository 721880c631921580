"""Lecture videos from the lecture data file: the make fragment, assembly and the run summary.

``make lectures`` works in three steps, all driven by ``scenes/lectures.toml`` (or
``$NNVIZ_LECTURES``) through the registry, never by a list of scene names in the Makefile:

1. :func:`write_makefile` (``nnviz makefile``) validates the lecture file and writes
   ``build/lectures.mk``: one file target per clip, ``renders/lectures/<slug>/clips/NN-<Scene>.mp4``,
   whose prerequisites are the scene's module, the kit, ``nnviz``, the encoder settings and a
   per-clip parameter file ``build/params/<slug>/NN-<Scene>.json``. Parameter files (and each
   lecture's manifest) are rewritten only when their content changes, so editing one scene's
   parameters in the lecture file re-renders that clip only.
2. make renders the out-of-date clips (``nnviz render ... --output``), in parallel
   with ``-j``; each clip is published atomically by :func:`nnviz_delivery.render.render`.
3. :func:`assemble` (``nnviz assemble <slug>``) joins a lecture's clips into
   ``lecture.mp4`` with chapters, captions and ``lecture.json``.

This module imports Manim only in :func:`write_makefile` (through the registry), so the
summary and the assembly start quickly.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnviz.atomic import publish, write_text
from nnviz_delivery.paths import ROOT, build_dir, renders_dir
from scenes.registry import LECTURES_FILE, Lecture

__all__ = [
    "lectures_file",
    "write_if_changed",
    "write_makefile",
    "assemble",
    "summary",
]


def lectures_file() -> Path:
    """The lecture data file: ``$NNVIZ_LECTURES`` or ``scenes/lectures.toml``."""
    return Path(os.environ.get("NNVIZ_LECTURES", LECTURES_FILE))


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless it already holds it; True if written."""
    if path.exists() and path.read_text() == text:
        return False
    write_text(path, text)
    return True


def _rel(path: Path) -> str:
    """A path as make should see it: relative to the checkout (make's folder) when inside it."""
    path = path.resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _manifest_dir() -> Path:
    return build_dir() / "lectures"


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


@dataclass
class _Fragment:
    """What :func:`write_makefile` gathers while it walks the lectures."""

    rules: list[str] = field(default_factory=list)
    clips: list[str] = field(default_factory=list)
    lectures: list[str] = field(default_factory=list)
    #: blog kit name -> (scene, module, parameter file); one kit per distinct clip
    blog: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    index: list[dict[str, Any]] = field(default_factory=list)


def _clip_rules(lec: Lecture, first: int, total: int, frag: _Fragment) -> list[dict[str, Any]]:
    """One render rule per scene of ``lec`` (numbered from ``first``); returns manifest clips."""
    from nnviz_delivery.render import clip_name
    from scenes import registry

    manifest = []
    for i, item in enumerate(lec.scenes, 1):
        cls = registry.get(item.name)
        stem = f"{i:02d}-{cls.__name__}"  # a scene given as path/to/file.py:Class too
        write_if_changed(build_dir() / "params" / lec.slug / f"{stem}.json", _dump(item.params))
        module = _rel(Path(sys.modules[cls.__module__].__file__))
        target = f"$(NNVIZ_RENDERS)/lectures/{lec.slug}/clips/{stem}.mp4"
        pfile = f"$(NNVIZ_BUILD)/params/{lec.slug}/{stem}.json"
        frag.rules += [
            f"{target}: {module} {pfile} $(CLIP_DEPS) $(LECTURE_STAMP)",
            f"\t@$(NNVIZ) render {item.name} --params-json {pfile}"
            f" --quality $(QUALITY) --output $@ --progress {first + i - 1}/{total}",
            "",
        ]
        frag.clips.append(target)
        manifest.append({"file": f"clips/{stem}.mp4", "scene": item.name, "params": item.params})
        frag.blog.setdefault(clip_name(cls, item.params), (item.name, module, pfile))
    return manifest


def _lecture_rule(lec: Lecture, manifest: list[dict[str, Any]], frag: _Fragment) -> None:
    """The lecture's manifest (rewritten only on change) and its assembly rule."""
    data = {"slug": lec.slug, "title": lec.title, "clips": manifest}
    write_if_changed(build_dir() / "params" / lec.slug / "lecture.json", _dump(data))
    _prune(renders_dir() / "lectures" / lec.slug / "clips", {c["file"] for c in manifest})
    lecture_mp4 = f"$(NNVIZ_RENDERS)/lectures/{lec.slug}/lecture.mp4"
    clips = " ".join(f"$(NNVIZ_RENDERS)/lectures/{lec.slug}/{c['file']}" for c in manifest)
    frag.rules += [
        f"{lecture_mp4}: {clips} $(NNVIZ_BUILD)/params/{lec.slug}/lecture.json"
        " nnviz_delivery/media.py nnviz_delivery/lecture_build.py",
        f"\t@$(NNVIZ) assemble {lec.slug}",
        "",
    ]
    frag.lectures.append(lecture_mp4)
    frag.index.append(
        {"slug": lec.slug, "title": lec.title, "clips": [c["file"] for c in manifest]}
    )


def _blog_rules(frag: _Fragment) -> list[str]:
    """One blog-kit rule per distinct clip; returns the kit targets."""
    targets = []
    for k, (name, (scene, module, pfile)) in enumerate(sorted(frag.blog.items()), 1):
        target = f"$(NNVIZ_RENDERS)/blog/{name}/embed.html"
        frag.rules += [
            f"{target}: {module} {pfile} $(CLIP_DEPS) $(BLOG_STAMP)"
            " nnviz_delivery/blog.py nnviz_delivery/media.py",
            f"\t@$(NNVIZ) blog {scene} --params-json {pfile} --quality $(BLOG_QUALITY)"
            f" --progress {k}/{len(frag.blog)}",
            "",
        ]
        targets.append(target)
    return targets


def write_makefile(output: Path) -> str:
    """Validate the lecture file, refresh parameter files and manifests, write the fragment.

    Make variables the fragment expects from the Makefile: ``PY``, ``QUALITY``,
    ``BLOG_QUALITY``, ``CLIP_DEPS``, ``LECTURE_STAMP``, ``BLOG_STAMP``, ``NNVIZ_RENDERS``,
    ``NNVIZ_BUILD``. Returns the fragment's text.
    """
    from scenes import registry

    source = lectures_file()
    lectures = registry.lectures(source)
    total = sum(len(lec.scenes) for lec in lectures)
    frag, done = _Fragment(), 0
    for lec in lectures:
        _lecture_rule(lec, _clip_rules(lec, done + 1, total, frag), frag)
        done += len(lec.scenes)
    blog = _blog_rules(frag)
    head = [
        f"# Generated by `nnviz makefile` from {_rel(source)}: do not edit.",
        "",
        f"LECTURE_CLIPS := {' '.join(frag.clips)}",
        f"LECTURE_FILES := {' '.join(frag.lectures)}",
        f"BLOG_FILES := {' '.join(blog)}",
        "",
        "# Make must never delete a published output, even when interrupted.",
        ".PRECIOUS: $(LECTURE_CLIPS) $(LECTURE_FILES) $(BLOG_FILES)",
        "",
    ]
    text = "\n".join(head + frag.rules)
    index = {"source": _rel(source), "lectures": frag.index, "blog": sorted(frag.blog)}
    write_if_changed(_manifest_dir() / "index.json", _dump(index))
    # The fragment itself is always rewritten: make compares its time with its prerequisites'.
    if not write_if_changed(output, text):
        output.touch()
    return text


def _prune(clip_dir: Path, keep: set[str]) -> None:
    """Remove clips (and their companions) that the lecture no longer lists."""
    if not clip_dir.is_dir():
        return
    wanted = {Path(f).stem for f in keep}
    for path in clip_dir.iterdir():
        if path.stem not in wanted:
            path.unlink()


def _sections(sidecar: Mapping[str, Any], start: float, end: float) -> list[dict[str, Any]]:
    """A clip's Manim sections (``sidecar["sections"]``, clip time) in lecture time."""
    raw = [s for s in sidecar.get("sections", []) if isinstance(s, dict) and "start" in s]
    starts = [start + float(s["start"]) for s in raw] + [end]
    return [
        {"name": s["name"], "type": s.get("type", ""), "start": round(starts[i], 3),
         "end": round(min(starts[i + 1], end), 3)}
        for i, s in enumerate(raw)
    ]  # fmt: skip


def _scene_entry(clip: Mapping[str, Any], sidecar: Mapping[str, Any], ch: Any) -> dict[str, Any]:
    """One ``scenes[]`` entry of lecture.json: the clip, its sidecar file and its span."""
    entry = {
        "scene": sidecar["scene"],
        "title": ch.title,
        "clip": clip["file"],
        "sidecar": str(Path(clip["file"]).with_suffix(".json")),
        "params": sidecar["params"],
        "duration": round(ch.end - ch.start, 3),
        "start": round(ch.start, 3),
        "end": round(ch.end, 3),
    }
    sections = _sections(sidecar, ch.start, ch.end)
    if sections:
        entry["sections"] = sections
    return entry


def _captions(stage: Path, clips: Sequence[Path], chapters: Sequence[Any]) -> None:
    """captions.srt and captions.vtt: every clip's captions shifted to its chapter's start."""
    from nnviz_delivery import media

    parts = []
    for clip, ch in zip(clips, chapters, strict=True):
        srt_file = clip.with_suffix(".srt")
        parts.append((srt_file.read_text() if srt_file.exists() else "", ch.start))
    captions = media.shift_captions(parts)
    write_text(stage / "captions.srt", captions)
    write_text(stage / "captions.vtt", media.srt_to_vtt(captions))


def assemble(slug: str) -> Path:
    """Join a lecture's rendered clips into ``renders/lectures/<slug>/``; returns lecture.mp4.

    Writes ``lecture.mp4`` (chapters in its metadata), ``chapters.vtt``, ``captions.srt``,
    ``captions.vtt`` and ``lecture.json`` (each scene's Manim sections in lecture time).
    Everything is staged under ``build/tmp`` and renamed into place, ``lecture.mp4`` last, so
    an interrupted run leaves the previous lecture as it was.
    """
    from nnviz_delivery import media
    from nnviz_delivery.render import staging

    manifest = json.loads((build_dir() / "params" / slug / "lecture.json").read_text())
    out_dir = renders_dir() / "lectures" / slug
    clips = [out_dir / c["file"] for c in manifest["clips"]]
    sidecars = [json.loads(c.with_suffix(".json").read_text()) for c in clips]
    with staging(f"lecture-{slug}") as stage:
        titles = [s.get("title") or s["scene"] for s in sidecars]
        chapters = media.concat(clips, titles, manifest["title"], stage / "lecture.mp4")
        _captions(stage, clips, chapters)
        write_text(stage / "chapters.vtt", media.chapters_vtt(chapters))
        info = media.probe(stage / "lecture.mp4")
        data = {
            "slug": slug,
            "title": manifest["title"],
            "video": "lecture.mp4",
            "chapters_vtt": "chapters.vtt",
            "captions": {"srt": "captions.srt", "vtt": "captions.vtt"},
            "duration": round(info.duration, 3),
            "resolution": [info.width, info.height],
            "frame_rate": info.frame_rate,
            "quality": sidecars[0].get("quality") if sidecars else None,
            "scenes": [
                _scene_entry(c, s, ch)
                for c, s, ch in zip(manifest["clips"], sidecars, chapters, strict=True)
            ],
            "chapter_starts": [round(ch.start, 3) for ch in chapters],
        }
        write_text(stage / "lecture.json", json.dumps(data, indent=2) + "\n")
        for name in ("chapters.vtt", "captions.srt", "captions.vtt", "lecture.json"):
            publish(stage / name, out_dir / name)
        publish(stage / "lecture.mp4", out_dir / "lecture.mp4")
    return out_dir / "lecture.mp4"


def _newer(path: Path, since: float) -> bool:
    return path.exists() and path.stat().st_mtime > since


def summary(since_file: Path, blog: bool = False) -> str:
    """One paragraph on a ``make lectures`` (or ``blog-all``) run that began at ``since_file``."""
    since = since_file.stat().st_mtime
    elapsed = time.time() - since
    index: Mapping[str, Any] = json.loads((_manifest_dir() / "index.json").read_text())
    if blog:
        kits = [renders_dir() / "blog" / name / "embed.html" for name in index["blog"]]
        made = sum(_newer(k, since) for k in kits)
        return (
            f"blog-all: {made} kits made, {len(kits) - made} up to date, {elapsed:.1f} s"
            f" -> {renders_dir() / 'blog'}/"
        )
    clips = [
        renders_dir() / "lectures" / lec["slug"] / f
        for lec in index["lectures"]
        for f in lec["clips"]
    ]
    made = sum(_newer(c, since) for c in clips)
    where = ", ".join(
        str(renders_dir() / "lectures" / lec["slug"] / "lecture.mp4") for lec in index["lectures"]
    )
    return (
        f"lectures: {made} clips rendered, {len(clips) - made} skipped as up to date,"
        f" {elapsed:.1f} s in all\nlecture files: {where or '(no lectures)'}"
    )


if __name__ == "__main__":
    # `python -m nnviz_delivery.lecture_build summary SINCE_FILE [--blog]`: make's end-of-run line,
    # without the CLI's imports (numpy), so a no-op `make lectures` stays well under a second.
    import argparse

    p = argparse.ArgumentParser(prog="python -m nnviz_delivery.lecture_build")
    p.add_argument("command", choices=["summary"])
    p.add_argument("since", type=Path)
    p.add_argument("--blog", action="store_true")
    a = p.parse_args()
    print(summary(a.since, blog=a.blog))
