"""Number formatting and TeX labels: matrices with coloured columns, vectors with coordinates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    BackgroundRectangle,
    Matrix,
    VGroup,
    VMobject,
)

from nnviz_kit.style import I_HAT, J_HAT, LABEL_SIZE, VECTOR

__all__ = [
    "fmt",
    "matrix_tex",
    "matrix_label",
    "coord_label",
    "with_background",
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
) -> Matrix:
    """A manim ``Matrix`` whose columns are coloured like the basis vectors they hold.

    Smaller ``h_buff``/``v_buff`` give a compact matrix for crowded panels.
    """
    entries = [[fmt(v) for v in row] for row in np.atleast_2d(matrix)]
    mob = Matrix(
        entries, element_to_mobject_config={"font_size": font_size}, h_buff=h_buff, v_buff=v_buff
    )
    for col, color in zip(mob.get_columns(), column_colors, strict=False):
        col.set_color(color)
    return mob


def coord_label(coords: Sequence[float], color=VECTOR, font_size: float = LABEL_SIZE) -> Matrix:
    """A column vector of rounded coordinates, coloured like its arrow."""
    mob = Matrix([[fmt(c)] for c in coords], element_to_mobject_config={"font_size": font_size})
    mob.set_color(color)
    return mob


def with_background(mob: VMobject, opacity: float = 0.75, buff: float = 0.12) -> VGroup:
    """``mob`` over a dark rounded backing, so it stays readable on top of grids."""
    return VGroup(BackgroundRectangle(mob, fill_opacity=opacity, buff=buff), mob)
