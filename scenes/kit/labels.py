"""Number formatting and TeX labels: matrices with coloured columns, vectors with coordinates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    BackgroundRectangle,
    Matrix,
    VGroup,
    VMobject,
    config,
)

from scenes.kit.style import I_HAT, J_HAT, LABEL_SIZE, VECTOR

__all__ = ["fmt", "matrix_tex", "matrix_label", "coord_label", "with_background", "place_beside"]


def fmt(x: float, digits: int = 2) -> str:
    """Round for display: at most ``digits`` decimals, no trailing zeros, no "-0".

    >>> fmt(31.0), fmt(-0.0001), fmt(2.5), fmt(1 / 3)
    ('31', '0', '2.5', '0.33')
    """
    s = f"{round(float(x), digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def matrix_tex(matrix: Sequence[Sequence[float]], digits: int = 2) -> str:
    r"""TeX for a matrix, e.g. ``\begin{bmatrix}1 & 3\\-2 & 1\end{bmatrix}``."""
    rows = [" & ".join(fmt(v, digits) for v in row) for row in np.atleast_2d(matrix)]
    return r"\begin{bmatrix}" + r"\\".join(rows) + r"\end{bmatrix}"


def matrix_label(
    matrix: Sequence[Sequence[float]],
    column_colors: Sequence = (I_HAT, J_HAT),
    font_size: float = LABEL_SIZE,
) -> Matrix:
    """A manim ``Matrix`` whose columns are coloured like the basis vectors they hold."""
    entries = [[fmt(v) for v in row] for row in np.atleast_2d(matrix)]
    mob = Matrix(entries, element_to_mobject_config={"font_size": font_size}, h_buff=1.1)
    for col, color in zip(mob.get_columns(), column_colors):
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


def place_beside(label: VMobject, tip: np.ndarray, direction: np.ndarray, buff: float = 0.2) -> VMobject:
    """Put ``label`` just beyond ``tip`` along ``direction`` (a scene-space vector), kept in frame."""
    d = np.asarray(direction, dtype=float)[:3]
    n = np.linalg.norm(d[:2])
    d = d / n if n > 1e-9 else UP
    # Pick the side of the label that faces the tip so the label never covers its arrow.
    offset = np.array([d[0] * label.width / 2, d[1] * label.height / 2, 0.0]) + d * buff
    label.move_to(tip + offset)
    hw, hh = config.frame_width / 2 - 0.1, config.frame_height / 2 - 0.1
    if label.get_right()[0] > hw:
        label.shift(LEFT * (label.get_right()[0] - hw))
    if label.get_left()[0] < -hw:
        label.shift(RIGHT * (-hw - label.get_left()[0]))
    if label.get_top()[1] > hh:
        label.shift(DOWN * (label.get_top()[1] - hh))
    if label.get_bottom()[1] < -hh:
        label.shift(UP * (-hh - label.get_bottom()[1]))
    return label
