"""Lectures 4-6: once a scene's fixed text is typeset, new numbers run no LaTeX (issue 13).

Each scene renders twice with numeric parameters nudged differently (same shape of formula):
the second render must not call LaTeX. The counter is Manim's own ``compile_tex``; a negative
control shows it counts a formula the cache has never seen.
"""

from __future__ import annotations

import uuid

import pytest

from bench.preview import fresh_params
from scenes import registry

pytestmark = pytest.mark.render

SCENES = [
    "Neuron", "LayerAsMatrix", "Broadcasting", "CostFunction", "GradientDescent", "ChainRule",
    "LocalLinearity", "Backpropagation", "LinearMap3D", "RotationAxis3D", "PlaneProjection3D", "ConditionalEdit3D",
    "PCA3D", "HessianSurface",
]  # fmt: skip


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
    first, second = fresh_params(cls, 1), fresh_params(cls, 2)
    assert first and first != second, "the nudge must change some number, or this tests nothing"
    render_scene(name, first)
    latex_calls.clear()
    render_scene(name, second)
    assert latex_calls == [], f"{len(latex_calls)} LaTeX runs for new numbers"
