"""Number formatting and labels: matrices with coloured columns, vectors with coordinates.

Entries are glyph numbers (:mod:`nnviz_kit.glyphs`): new values reuse cached TeX glyphs, so
changing a parameter runs no LaTeX. Only the brackets and fixed formula text are typeset.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    BackgroundRectangle,
    MathTex,
    Matrix,
    VGroup,
    VMobject,
)

from nnviz_kit.glyphs import glyph_after, glyph_number
from nnviz_kit.style import I_HAT, J_HAT, LABEL_SIZE, VECTOR

__all__ = [
    "fmt",
    "matrix_tex",
    "matrix_label",
    "coord_label",
    "with_background",
    "tex_number",
]


def fmt(x: float, digits: int = 2) -> str:
    """Round for display: at most ``digits`` decimals, no trailing zeros, no "-0".

    >>> fmt(31.0), fmt(-0.0001), fmt(2.5), fmt(1 / 3), fmt(90.2, 0)
    ('31', '0', '2.5', '0.33', '90')
    """
    s = f"{round(float(x), digits):.{digits}f}"
    if "." in s:  # only decimals lose their trailing zeros: 90 stays 90
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def matrix_tex(matrix: Sequence[Sequence[float]], digits: int = 2) -> str:
    r"""TeX for a matrix, e.g. ``\begin{bmatrix}1 & 3\\-2 & 1\end{bmatrix}``."""
    rows = [" & ".join(fmt(v, digits) for v in row) for row in np.atleast_2d(matrix)]
    return r"\begin{bmatrix}" + r"\\".join(rows) + r"\end{bmatrix}"


def matrix_label(
    matrix: Sequence[Sequence[float]],
    column_colors: Sequence = (I_HAT, J_HAT),
    font_size: float = LABEL_SIZE,
    h_buff: float = 1.1,
    v_buff: float = 0.8,
    digits: int = 2,
) -> Matrix:
    """A manim ``Matrix`` whose columns are coloured like the basis vectors they hold.

    Smaller ``h_buff``/``v_buff`` give a compact matrix for crowded panels.
    """
    entries = [[fmt(v, digits) for v in row] for row in np.atleast_2d(matrix)]
    mob = Matrix(
        entries,
        element_to_mobject=glyph_number,
        element_to_mobject_config={"font_size": font_size},
        h_buff=h_buff,
        v_buff=v_buff,
    )
    for col, color in zip(mob.get_columns(), column_colors, strict=False):
        col.set_color(color)
    return mob


def coord_label(coords: Sequence[float], color=VECTOR, font_size: float = LABEL_SIZE) -> Matrix:
    """A column vector of rounded coordinates, coloured like its arrow."""
    mob = Matrix(
        [[fmt(c)] for c in coords],
        element_to_mobject=glyph_number,
        element_to_mobject_config={"font_size": font_size},
    )
    mob.set_color(color)
    return mob


def tex_number(
    prefix: str, value: float, digits: int = 2, font_size: float = LABEL_SIZE, color=None
) -> VGroup:
    r"""Fixed TeX ``prefix`` then ``fmt(value)``, e.g. ``tex_number(r"\det A =", -3)``.

    Looks like ``MathTex(prefix + " " + fmt(value))`` but only the prefix is typeset (once).
    """
    kwargs = {} if color is None else {"color": color}
    return glyph_after(MathTex(prefix, "0", font_size=font_size, **kwargs), fmt(value, digits))


def with_background(mob: VMobject, opacity: float = 0.75, buff: float = 0.12) -> VGroup:
    """``mob`` over a dark rounded backing, so it stays readable on top of grids."""
    return VGroup(BackgroundRectangle(mob, fill_opacity=opacity, buff=buff), mob)
