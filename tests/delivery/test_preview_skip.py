"""A final frame skips its animations for free, and still draws what Manim's own skipping draws.

The oracle is Manim itself: the same scene rendered with Manim's stock skipping
(``still_skipping`` switched off) must give the same picture and the same sidecar.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pytest

import nnviz_delivery.preview.skip as skip
from nnviz_delivery.render import render
from scenes import registry
from tests.pictures import load_rgb

REAL = skip.still_skipping

EDGE_CASES = """
from manim import (Circle, Create, FadeIn, FadeOut, Square, Transform, Triangle, Dot, Write,
                   MathTex, there_and_back, ReplacementTransform, LaggedStart, UP, DOWN,
                   LEFT, RIGHT)
from nnviz_kit import NNVizScene


class Edges(NNVizScene):
    def construct(self):
        gone = Square(color="#FC6255").shift(3 * UP)
        self.play(Create(gone), Write(MathTex("x").to_corner()))
        self.play(FadeOut(gone, shift=UP))
        back_and_forth = Circle(color="#83C167", fill_opacity=1).shift(4 * LEFT)
        self.play(Create(back_and_forth, rate_func=there_and_back))
        a, b = Square(fill_opacity=1), Triangle(fill_opacity=1, color="#FFFF00").shift(2 * RIGHT)
        self.play(FadeIn(a))
        self.play(Transform(a, b), run_time=2)
        follower = Dot(color="#58C4DD")
        follower.add_updater(lambda m: m.next_to(a, UP))
        self.play(FadeIn(follower), LaggedStart(FadeIn(Dot().shift(DOWN)), FadeIn(Dot())))
        c = Circle(color="#FFFFFF").shift(3 * DOWN)
        self.play(FadeIn(c))
        self.play(ReplacementTransform(c, Square().shift(3 * DOWN)))
        self.wait()
        self.anchor("a", a)
        self.anchor("follower", follower)

"""


def _frame(cls, tmp_path: Path, name: str, stock: bool, monkeypatch) -> tuple[np.ndarray, dict]:
    monkeypatch.setattr(skip, "still_skipping", nullcontext if stock else REAL)
    out = render(cls, {}, "low", "png", tmp_path / f"{name}.png")
    return load_rgb(out), json.loads(out.with_suffix(".json").read_text())


def _check_same(cls, tmp_path, monkeypatch) -> None:
    fast, fast_json = _frame(cls, tmp_path, "fast", False, monkeypatch)
    stock, stock_json = _frame(cls, tmp_path, "stock", True, monkeypatch)
    assert np.mean(np.abs(fast.astype(int) - stock.astype(int)).max(-1) > 24) < 0.0005
    for key in ("anchors", "duration", "layout_problems"):
        assert fast_json[key] == stock_json[key]


@pytest.mark.parametrize("name", ["LinearMap", "MatrixTimesVector", "Neuron"])
def test_registered_scenes_same_as_manims_skipping(name, tmp_path, build_cache, monkeypatch):
    monkeypatch.setenv("NNVIZ_BUILD", str(build_cache))
    _check_same(registry.get(name), tmp_path, monkeypatch)


def test_edge_cases_same_as_manims_skipping(tmp_path, build_cache, monkeypatch):
    """Removers, a there-and-back rate, transforms, updaters, groups and replacement."""
    monkeypatch.setenv("NNVIZ_BUILD", str(build_cache))
    path = tmp_path / "edges.py"
    path.write_text(EDGE_CASES)
    _check_same(registry.get(f"{path}:Edges"), tmp_path, monkeypatch)


def test_skipped_plays_copy_and_paint_nothing(tmp_path, build_cache, monkeypatch):
    """The cost Manim pays per skipped play is gone: no begin() copies, no painted frames."""
    from manim import Mobject
    from manim.renderer.cairo_renderer import CairoRenderer

    monkeypatch.setenv("NNVIZ_BUILD", str(build_cache))
    counts = {"copy": 0, "paint": 0}
    copy, update_frame = Mobject.copy, CairoRenderer.update_frame

    def counting_copy(self, *a, **k):
        counts["copy"] += 1
        return copy(self, *a, **k)

    def counting_paint(self, *a, **k):
        counts["paint"] += 1
        return update_frame(self, *a, **k)

    monkeypatch.setattr(Mobject, "copy", counting_copy)
    monkeypatch.setattr(CairoRenderer, "update_frame", counting_paint)
    cls = registry.get("DotProduct")
    seen = {}
    for mode, ctx in (("stock", nullcontext), ("fast", skip.still_skipping)):
        monkeypatch.setattr(skip, "still_skipping", ctx)
        counts.update(copy=0, paint=0)
        render(cls, {}, "low", "png", tmp_path / f"{mode}.png")
        seen[mode] = dict(counts)
    assert seen["stock"]["paint"] > 2 and seen["fast"]["paint"] == 1  # only the final frame
    assert seen["fast"]["copy"] < seen["stock"]["copy"]  # the scene itself copies some too
