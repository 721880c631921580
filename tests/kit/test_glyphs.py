"""Glyph-assembled numbers: the same ink as real TeX, no LaTeX run for a new number.

The oracle is TeX itself: ``MathTex(text)`` typesets the whole number in one LaTeX run, and
every glyph of the assembled number must sit where TeX put it.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import MathTex, VGroup, tempconfig

from nnviz_kit.glyphs import GlyphNumber, glyph_number
from nnviz_kit.labels import fmt, matrix_label, tex_number

TEXTS = ["-2.5", "31", "-6", "0.33", "1234567890", "-0.07", "10.5", "-3.14"]


@pytest.fixture(scope="module", autouse=True)
def tex_cache(tmp_path_factory: pytest.TempPathFactory):
    with tempconfig({"tex_dir": str(tmp_path_factory.mktemp("tex")), "verbosity": "ERROR"}):
        yield


def _centres(mobs) -> np.ndarray:
    pts = np.array([m.get_center() for m in mobs])
    return pts - pts[0]  # relative to the first glyph: only placement matters


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("size", [48, 27])
def test_glyph_number_has_the_ink_of_tex(text: str, size: float) -> None:
    tex = MathTex(text, font_size=size)[0]
    mine = glyph_number(text, size)
    assert isinstance(mine, GlyphNumber) and mine.tex_string == text
    assert len(mine) == len(tex)
    np.testing.assert_allclose(_centres(mine), _centres(tex), atol=1e-4)
    np.testing.assert_allclose([g.width for g in mine], [g.width for g in tex], atol=1e-4)
    np.testing.assert_allclose([g.height for g in mine], [g.height for g in tex], atol=1e-4)


def test_negative_control_a_misplaced_glyph_is_seen() -> None:
    """The comparison above can fail: "-25." has the same glyphs as "-2.5", placed otherwise."""
    tex = MathTex("-2.5", font_size=48)[0]
    wrong = glyph_number("-25.", 48)
    mine = VGroup(wrong[0], wrong[1], wrong[3], wrong[2])  # same glyph order as "-2.5"
    assert np.abs(_centres(mine) - _centres(tex)).max() > 0.05


@pytest.mark.parametrize("value", [-3.0, 2.5, 0.0, 12.75])
def test_tex_number_matches_one_tex_run(value: float) -> None:
    full = MathTex(rf"\det A = {fmt(value)}", font_size=36)[0]
    mine = tex_number(r"\det A =", value, font_size=36)
    glyphs = [*mine[0].family_members_with_points(), *mine[1]]
    assert len(glyphs) == len(full)
    np.testing.assert_allclose(_centres(glyphs), _centres(full), atol=1e-4)


def test_fresh_matrices_run_no_latex(monkeypatch: pytest.MonkeyPatch) -> None:
    """After one warm-up label, twenty new matrices typeset nothing (brackets are cached)."""
    from manim.utils import tex_file_writing

    calls: list = []
    real = tex_file_writing.compile_tex
    monkeypatch.setattr(
        tex_file_writing, "compile_tex", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    matrix_label([[1, 3], [-2, 1]])
    tex_number(r"\det A =", 7)
    assert calls, "the warm-up must typeset something, or this test counts nothing"
    calls.clear()
    rng = np.random.default_rng(13)
    for _ in range(20):
        m = np.round(rng.uniform(-9, 9, (2, 2)), 2)
        label = matrix_label(m)
        tex_number(r"\det A =", float(np.linalg.det(m)))
        shown = [e.tex_string for e in label.get_entries()]
        assert shown == [fmt(v) for v in m.ravel()]
    assert calls == []


def test_layout_checks_see_glyph_numbers_as_text() -> None:
    from nnviz_kit.layout import layout_problems

    a = tex_number(r"\det A =", -3.5)
    b = glyph_number("12.5").move_to(a[1])  # on top of a's number
    c = MathTex("x").move_to(a[0])  # on top of a's fixed text
    problems = layout_problems([a, b, c])
    assert sum("overlap" in p for p in problems) == 2, problems
    apart = [a, glyph_number("12.5").shift(2.5 * np.array([0, 1.0, 0]))]
    assert layout_problems(apart) == []  # negative control: nothing overlaps
