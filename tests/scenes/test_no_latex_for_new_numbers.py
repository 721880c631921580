"""Lectures 4-6: once a scene's fixed text is typeset, new numbers run no LaTeX (issue 13).

Each scene renders twice with numeric parameters nudged differently (same shape of formula):
the second render must not call LaTeX. The counter is Manim's own ``compile_tex``; a negative
control shows it counts a formula the cache has never seen.
"""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from nnviz_kit.params import ParamError, to_jsonable
from scenes import registry

pytestmark = pytest.mark.render

SCENES = [
    "Neuron", "LayerAsMatrix", "Broadcasting", "CostFunction", "GradientDescent", "ChainRule",
    "LocalLinearity", "LinearMap3D", "RotationAxis3D", "PlaneProjection3D", "ConditionalEdit3D",
    "PCA3D", "HessianSurface",
]  # fmt: skip


def nudged(cls: type, k: int) -> dict:
    """Float defaults scaled by ``1 + 0.01 k`` (zeros become ``0.01 k``), where the scene accepts it."""
    params: dict = {}
    for p in cls.PARAMS:
        if p.kind not in ("array", "number") or getattr(p, "integer", False):
            continue
        default = np.asarray(p.default, dtype=float)
        value = np.round(default * (1 + 0.01 * k) + 0.01 * k * (default == 0), 4)
        candidate = {**params, p.name: to_jsonable(value if value.ndim else float(value))}
        try:
            cls.validate(candidate)
        except ParamError:
            continue
        params = candidate
    return params


@pytest.fixture
def latex_calls(monkeypatch: pytest.MonkeyPatch) -> list:
    from manim.utils import tex_file_writing

    calls: list = []
    real = tex_file_writing.compile_tex
    monkeypatch.setattr(
        tex_file_writing, "compile_tex", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    return calls


def test_the_counter_counts_a_new_formula(latex_calls: list) -> None:
    from manim import MathTex

    MathTex(rf"\text{{{uuid.uuid4().hex}}}")  # never typeset before
    assert len(latex_calls) == 1


@pytest.mark.parametrize("name", SCENES)
def test_new_numbers_run_no_latex(name: str, render_scene, latex_calls: list) -> None:
    cls = registry.get(name)
    first, second = nudged(cls, 1), nudged(cls, 2)
    assert first and first != second, "the nudge must change some number, or this tests nothing"
    render_scene(name, first)
    latex_calls.clear()
    render_scene(name, second)
    assert latex_calls == [], f"{len(latex_calls)} LaTeX runs for new numbers"
