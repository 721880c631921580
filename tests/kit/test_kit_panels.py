"""Panel helpers the scenes share: TeX for columns and factors, coloured parts, named matrices."""

import numpy as np
from manim import RED_C, WHITE, ManimColor

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
