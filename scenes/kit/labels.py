"""Number formatting and TeX labels: matrices with coloured columns, vectors with coordinates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    BackgroundRectangle,
    Matrix,
    VGroup,
    VMobject,
    config,
)

from scenes.kit.style import I_HAT, J_HAT, LABEL_SIZE, VECTOR

__all__ = [
    "fmt",
    "matrix_tex",
    "matrix_label",
    "coord_label",
    "with_background",
    "place_beside",
    "place_clear",
]


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


def place_beside(
    label: VMobject, tip: np.ndarray, direction: np.ndarray, buff: float = 0.15
) -> VMobject:
    """Put ``label`` just beyond ``tip`` along ``direction``, clear of the tip and inside the frame.

    Tries beyond the tip first, then either side of it, then behind it; the first spot where
    the whole label fits in the frame wins.
    """
    d = np.asarray(direction, dtype=float)[:3].copy()
    d[2] = 0.0
    n = np.linalg.norm(d)
    d = d / n if n > 1e-9 else UP
    perp = np.array([-d[1], d[0], 0.0])
    half = np.array([label.width / 2, label.height / 2])
    hw, hh = config.frame_width / 2 - 0.1, config.frame_height / 2 - 0.1
    spots = []
    for c in (d, perp, -perp, -d):
        # Distance from the label's centre to its edge along c: the label just clears the tip.
        reach = min(half[i] / abs(c[i]) if abs(c[i]) > 1e-9 else np.inf for i in (0, 1))
        spots.append(tip + c * (reach + buff))
    for centre in spots:
        if abs(centre[0]) + half[0] <= hw and abs(centre[1]) + half[1] <= hh:
            return label.move_to(centre)
    label.move_to(spots[0])
    label.shift(
        RIGHT * (np.clip(label.get_x(), -hw + half[0], hw - half[0]) - label.get_x())
        + UP * (np.clip(label.get_y(), -hh + half[1], hh - half[1]) - label.get_y())
    )
    return label


def _overlaps(a: VMobject, b: VMobject, gap: float) -> bool:
    return bool(
        a.get_left()[0] < b.get_right()[0] + gap
        and b.get_left()[0] < a.get_right()[0] + gap
        and a.get_bottom()[1] < b.get_top()[1] + gap
        and b.get_bottom()[1] < a.get_top()[1] + gap
    )


def place_clear(
    label: VMobject,
    point: np.ndarray,
    taken: Sequence[VMobject] = (),
    buff: float = 0.12,
    gap: float = 0.04,
) -> VMobject:
    """Put ``label`` next to scene ``point``, clear of the frame edge and of every mobject in ``taken``.

    Tries the eight compass directions (upper right first), then rings further out; appends
    nothing (the caller adds the label to ``taken`` if later labels must avoid it too).
    """
    dirs = [UR, UL, DR, DL, RIGHT, LEFT, UP, DOWN]
    hw, hh = config.frame_width / 2 - 0.05, config.frame_height / 2 - 0.05
    p = np.asarray(point, dtype=float)
    for ring in range(6):
        for d in dirs:
            label.next_to(p, d, buff=buff + ring * 0.3)
            inside = (
                label.get_left()[0] > -hw
                and label.get_right()[0] < hw
                and label.get_bottom()[1] > -hh
                and label.get_top()[1] < hh
            )
            if inside and not any(_overlaps(label, other, gap) for other in taken):
                return label
    return label.next_to(p, UR, buff=buff)
