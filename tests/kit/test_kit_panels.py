"""Panel helpers the scenes share: TeX for columns and factors, coloured parts, named matrices."""

import numpy as np
import pytest
from manim import RED_C, WHITE, ManimColor, MathTex, tempconfig

from nnviz_kit.equations import Num, equation
from nnviz_kit.glyphs import GlyphNumber
from nnviz_kit.labels import fmt
from nnviz_kit.panels import colored_tex, column_tex, factor_tex, named_matrix
from nnviz_kit.style import I_HAT, J_HAT


def test_column_tex_rounds_and_stacks():
    assert column_tex([7, -8.456]) == r"\begin{bmatrix}7\\-8.46\end{bmatrix}"
    assert column_tex(np.array([[0.5], [-0.0001]])) == r"\begin{bmatrix}0.5\\0\end{bmatrix}"


def test_factor_tex_brackets_negatives_only():
    assert [factor_tex(x) for x in (3, -3, 0.25, -0.001)] == ["3", "(-3)", "0.25", "0"]


def test_colored_tex_colours_only_the_named_parts():
    mob = colored_tex("v =", "x", "+", "y", colors=((1, I_HAT), (3, J_HAT)))
    assert ManimColor(mob[1].get_color()) == ManimColor(I_HAT)
    assert ManimColor(mob[3].get_color()) == ManimColor(J_HAT)
    assert ManimColor(mob[2].get_color()) == ManimColor(WHITE)


def column_colors(named) -> list[ManimColor]:
    return [ManimColor(c[0].get_color()) for c in named[1].get_columns()]


def test_named_matrix_colours_columns_like_the_basis_unless_told():
    m = [[1, 2], [3, 4]]
    assert column_colors(named_matrix("A =", m)) == [ManimColor(I_HAT), ManimColor(J_HAT)]
    white = named_matrix("A =", m, compact=False, column_colors=(WHITE, WHITE))
    assert column_colors(white) == [ManimColor(WHITE)] * 2
    assert column_colors(named_matrix("A =", m, column_colors=(RED_C, RED_C)))[0] != I_HAT


# -- equation: equations whose numbers are glyphs; the oracle is one real TeX run ----------


@pytest.fixture(scope="module")
def tex_cache(tmp_path_factory: pytest.TempPathFactory):
    with tempconfig({"tex_dir": str(tmp_path_factory.mktemp("tex")), "verbosity": "ERROR"}):
        yield


CASES = [
    (("Av =", Num(2), [1, -3], "+", Num(-1.5, factor=True), [3.25, 1]), None),
    (
        (
            "=",
            Num(3.1),
            r"\cdot",
            Num(2, factor=True),
            "+",
            Num(-12, factor=True),
            r"\cdot",
            Num(7),
        ),
        None,
    ),
    ((r"\text{score} =", Num(-0.07), r"+ \alpha"), None),
    (("=", [10.5, -2, 0.33], "+", [1, 2, 3]), None),
    ((r"n = (", Num(-1), r",\ ", Num(12.34), r"),\ b =", Num(0)), None),
]


def _as_tex(part) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Num):
        return factor_tex(part.value) if part.factor else fmt(part.value, part.digits)
    return column_tex(part)


def _ink(mobs) -> np.ndarray:
    """Glyph centres and sizes, sorted (part order differs), relative to the leftmost glyph."""
    rows = np.array([[*g.get_center()[:2], g.width, g.height] for g in mobs], dtype=float).round(6)
    rows = rows[np.lexsort((-rows[:, 1].round(2), rows[:, 0].round(2)))]
    rows[:, :2] -= rows[0, :2]
    return rows


@pytest.mark.parametrize("parts", [c[0] for c in CASES])
def test_equation_has_the_ink_of_one_tex_run(tex_cache, parts) -> None:
    full = MathTex(*(_as_tex(p) for p in parts), font_size=36)
    mine = equation(*parts, font_size=36)
    ours = [g for g in mine.family_members_with_points()]
    theirs = [g for g in full.family_members_with_points()]
    assert len(ours) == len(theirs)
    np.testing.assert_allclose(_ink(ours), _ink(theirs), atol=2e-3)


def test_equation_negative_control_a_wrong_number_is_seen(tex_cache) -> None:
    """Same glyph count, other digits: the ink comparison must notice."""
    full = MathTex("=", "12", r"\cdot", "3", font_size=36)
    mine = equation("=", Num(21), r"\cdot", Num(3), font_size=36)
    ours, theirs = mine.family_members_with_points(), full.family_members_with_points()
    assert len(ours) == len(theirs)
    assert np.abs(_ink(ours) - _ink(theirs)).max() > 0.01


def test_equation_colours_parts_and_runs_no_latex_for_new_numbers(tex_cache, monkeypatch) -> None:
    from manim.utils import tex_file_writing

    calls: list = []
    real = tex_file_writing.compile_tex
    monkeypatch.setattr(
        tex_file_writing, "compile_tex", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    parts = lambda a, b, v: ("Bw =", Num(a), v, "+", Num(b, factor=True), [1, 2])  # noqa: E731
    mob = equation(*parts(1, 2, [3, 4]), colors=((2, I_HAT),), font_size=30)
    assert calls, "the warm-up must typeset something, or this test counts nothing"
    assert ManimColor(mob[2].get_color()) == ManimColor(I_HAT)  # the column's first entry
    assert ManimColor(mob[1].get_color()) == ManimColor(WHITE)
    calls.clear()
    rng = np.random.default_rng(13)
    for _ in range(10):
        a, b, *v = np.round(rng.uniform(-20, 20, 4), 2)
        mob = equation(*parts(a, b, v), font_size=30)
        numbers = [m for m in mob.get_family()[1:] if isinstance(m, GlyphNumber)]
        assert [n.tex_string for n in numbers] == [fmt(a), *map(fmt, v), fmt(b), "1", "2"]
    assert calls == []


def test_numbers_take_the_colour_of_their_line(tex_cache) -> None:
    """MathTex(color=...) colours glyphs, not part groups: the numbers must follow the glyphs."""
    from nnviz_kit.labels import tex_number

    t = tex_number(r"\sigma_1 =", 3.19, color=RED_C)
    assert ManimColor(t[1].get_color()) == ManimColor(RED_C)
    line = equation("x =", Num(2.5), r"\cdot", [1, 2]).set_color(RED_C)
    assert {ManimColor(g.get_color()) for g in line.family_members_with_points()} == {
        ManimColor(RED_C)
    }
