"""Equations with glyph numbers: the same ink as one TeX run of the whole line, no LaTeX for new numbers.

The oracle is TeX itself: ``MathTex`` of the full line (numbers written in) typesets it in one
run, and every glyph of the assembled equation must sit where TeX put it.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import MathTex, tempconfig

from nnviz_kit.equations import Num, equation
from nnviz_kit.labels import fmt

CASES = [
    ("z = (", Num(2), ")(", Num(5), ") + (", Num(-9), ")"),
    ("= ", Num(-12.75), " + (", Num(0.5), ") = ", Num(-12.25)),
    (r"a = \mathrm{tanh}(", Num(-1.23), ") = ", Num(-0.843, 3)),
    (r"\text{row 1: }(", Num(10), ")(", Num(-0.07), ")"),
]


@pytest.fixture(scope="module", autouse=True)
def tex_cache(tmp_path_factory: pytest.TempPathFactory):
    with tempconfig({"tex_dir": str(tmp_path_factory.mktemp("tex")), "verbosity": "ERROR"}):
        yield


def _full_tex(parts) -> str:
    return "".join(p if isinstance(p, str) else fmt(p.value, p.digits) for p in parts)


def _glyphs(eq) -> list:
    return [g for part in eq for g in part.family_members_with_points()]


def _centres(mobs) -> np.ndarray:
    pts = np.array([m.get_center() for m in mobs])
    return pts - pts[0]


@pytest.mark.parametrize("parts", CASES)
def test_equation_has_the_ink_of_one_tex_run(parts) -> None:
    full = MathTex(_full_tex(parts), font_size=30)[0]
    mine = _glyphs(equation(*parts, font_size=30))
    assert len(mine) == len(full)
    np.testing.assert_allclose(_centres(mine), _centres(full), atol=2e-3)


def test_negative_control_unshifted_parts_are_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: parts not moved by a wider number's advance are caught."""
    import nnviz_kit.equations as eqs

    real = eqs.glyph_at
    monkeypatch.setattr(eqs, "glyph_at", lambda *a, **k: (real(*a, **k)[0], 0.0))
    parts = CASES[1]
    full = MathTex(_full_tex(parts), font_size=30)[0]
    mine = _glyphs(equation(*parts, font_size=30))
    assert len(mine) == len(full)
    assert np.abs(_centres(mine) - _centres(full)).max() > 0.1


def test_new_numbers_run_no_latex(monkeypatch: pytest.MonkeyPatch) -> None:
    from manim.utils import tex_file_writing

    calls: list = []
    real = tex_file_writing.compile_tex
    monkeypatch.setattr(
        tex_file_writing, "compile_tex", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    equation("y = (", Num(1), ") + (", Num(2), ")")
    assert calls, "the warm-up must typeset something, or this test counts nothing"
    calls.clear()
    rng = np.random.default_rng(4)
    for _ in range(10):
        a, b = np.round(rng.uniform(-99, 99, 2), 2)
        eq = equation("y = (", Num(a), ") + (", Num(b), ")")
        assert [eq[1].tex_string, eq[3].tex_string] == [fmt(a), fmt(b)]
    assert calls == []


def test_numbers_take_the_line_colour_or_their_own() -> None:
    """MathTex colours its leaf glyphs, not its parts: the numbers must follow the leaves."""
    from manim import BLUE, YELLOW, ManimColor

    line = equation("a = (", Num(-1.5), ") = ", Num(2, color=BLUE), font_size=30, color=YELLOW)
    assert all(g.get_color() == ManimColor(YELLOW) for g in line[1])
    assert all(g.get_color() == ManimColor(BLUE) for g in line[3])
    assert line[0].family_members_with_points()[0].get_color() == ManimColor(YELLOW)


def test_child_k_is_part_k_with_its_colours() -> None:
    """Part colours, a number's own colour and the line colour land on the right parts."""
    from manim import BLUE, RED, YELLOW, ManimColor

    parts = ("a =", Num(-2, factor=True, color=BLUE), r"\cdot", [1, 2])
    line = equation(*parts, colors=((3, RED),), color=YELLOW)
    assert len(line) == len(parts)
    want = {0: YELLOW, 1: BLUE, 2: YELLOW, 3: RED}
    for k, color in want.items():
        assert {g.get_color() for g in line[k].family_members_with_points()} == {ManimColor(color)}
    assert line.tex_string == r"a = (-2) \cdot \begin{bmatrix}1\\2\end{bmatrix}"
