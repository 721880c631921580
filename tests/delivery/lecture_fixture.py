"""A two-scene, low-quality lecture and a blog kit, built by the real delivery pipeline.

:func:`build_fixture_site` writes a lecture file, then runs the steps ``make lectures`` runs:
:func:`~nnviz_delivery.lecture_build.write_makefile` (parameter files and the manifest), one
:func:`~nnviz_delivery.render.render` per clip into the target make would name, and
:func:`~nnviz_delivery.lecture_build.assemble`; then :func:`~nnviz_delivery.blog.build_kit`.
Renders run in this process (Manim starts once), so the browser tests see exactly what the
builders write, without paying for a make run.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["FIXTURE_SLUG", "FIXTURE_TITLE", "FIXTURE_CLIP", "EVIL_TITLE", "build_fixture_site"]

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SLUG = "00-fixture-two-scenes"
FIXTURE_TITLE = "Fixture: a map, then a square"
FIXTURE_CLIP = "two-steps-fixture"
#: The blog kit's title: the gallery must show it as text, never run it.
EVIL_TITLE = "Two steps <script>alert(1)</script>"
TWO_STEPS = f"{ROOT / 'tests' / 'delivery' / 'scene_files' / 'two_steps.py'}:TwoSteps"
LECTURE = f"""
[[lecture]]
slug = "{FIXTURE_SLUG}"
title = "{FIXTURE_TITLE}"

  [[lecture.scene]]
  name = "LinearMap"
  params = {{ matrix = [[2, 1], [1, 3]], vector = [1, 2] }}

  [[lecture.scene]]
  name = "{TWO_STEPS}"
  params = {{ side = 2.5 }}
"""


@contextmanager
def _workspace(renders: Path, build: Path, lectures: Path) -> Iterator[None]:
    """Point the delivery folders (and the lecture file) at the given paths for a while."""
    names = {"NNVIZ_RENDERS": renders, "NNVIZ_BUILD": build, "NNVIZ_LECTURES": lectures}
    old = {k: os.environ.get(k) for k in names}
    os.environ.update({k: str(v) for k, v in names.items()})
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _build_lecture(build: Path) -> None:
    """The lecture as ``make lectures`` builds it: fragment, clips at make's targets, assembly."""
    from nnviz_delivery.lecture_build import assemble, write_makefile
    from nnviz_delivery.render import render, renders_dir
    from scenes import registry

    fragment = write_makefile(build / "lectures.mk")
    # Each clip rule: `<target>: ...` then `$(NNVIZ) render <scene> --params-json <file> ...`.
    rules = re.findall(
        r"^\$\(NNVIZ_RENDERS\)/(\S+\.mp4): .*\n\t@\$\(NNVIZ\) render (\S+) --params-json"
        r" \$\(NNVIZ_BUILD\)/(\S+\.json)",
        fragment,
        flags=re.M,
    )
    assert len(rules) == 2, fragment
    for target, scene, params in rules:
        cls = registry.get(scene)
        given = json.loads((build / params).read_text())
        render(cls, given, "low", "mp4", renders_dir() / target)
    assemble(FIXTURE_SLUG)


def _build_blog_kit(renders: Path) -> Path:
    """A real blog kit (low quality) of a scene whose title tries to inject a script."""
    from nnviz_delivery.blog import build_kit
    from scenes import registry

    two_steps = registry.get(TWO_STEPS)
    evil = type("EvilTitle", (two_steps,), {"TITLE": EVIL_TITLE})
    return build_kit(evil, {}, "low", renders / "blog" / FIXTURE_CLIP)


def build_fixture_site(renders: Path, build: Path) -> Path:
    """The lecture and the blog kit under ``renders`` (caches in ``build``); returns the lecture."""
    lectures = build / "fixture-lectures.toml"
    lectures.parent.mkdir(parents=True, exist_ok=True)
    lectures.write_text(LECTURE)
    with _workspace(renders, build, lectures):
        _build_lecture(build)
        _build_blog_kit(renders)
    return renders / "lectures" / FIXTURE_SLUG
