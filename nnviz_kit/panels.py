"""Panels: text and small charts kept in a reserved strip of the frame, readable over grids.

Pair them with :func:`~nnviz_kit.framing.frame_region`, which keeps the plane out of the strip.

>>> from manim import MathTex
>>> p = panel(MathTex("A"), MathTex("B"))
>>> len(p[1])
2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, UL, Axes, MathTex, Mobject, VGroup, config

from nnviz_kit.labels import fmt, matrix_label, matrix_tex, with_background
from nnviz_kit.style import LABEL_SIZE, SMALL_SIZE

__all__ = [
    "panel",
    "tex_lines",
    "colored_tex",
    "column_tex",
    "factor_tex",
    "fit_width",
    "side_axes",
    "strip_left",
    "named_matrix",
]


def fit_width(mob: Mobject, width: float) -> Mobject:
    """Shrink ``mob`` (never grow it) to at most ``width`` scene units wide."""
    if mob.width > width:
        mob.scale_to_fit_width(width)
    return mob


def tex_lines(*lines: str, font_size: float = LABEL_SIZE, colors: Sequence | None = None) -> list:
    """One MathTex per line (optionally coloured)."""
    colors = colors or [None] * len(lines)
    return [
        MathTex(line, font_size=font_size, **({"color": c} if c is not None else {}))
        for line, c in zip(lines, colors, strict=True)
    ]


def colored_tex(*parts: str, colors: Sequence = (), font_size: float = LABEL_SIZE) -> MathTex:
    """One MathTex from ``parts``; ``colors`` holds (part index, colour) pairs."""
    mob = MathTex(*parts, font_size=font_size)
    for i, color in colors:
        mob[i].set_color(color)
    return mob


def column_tex(v: object) -> str:
    r"""TeX for a column vector of rounded numbers, e.g. ``\begin{bmatrix}7\\8\end{bmatrix}``."""
    return matrix_tex(np.reshape(v, (-1, 1)))


def factor_tex(x: float, digits: int = 2) -> str:
    """A rounded number, in parentheses when negative (for products like 2·(-3))."""
    text = fmt(x, digits)
    return f"({text})" if text.startswith("-") else text


def panel(
    *items: Mobject,
    corner: np.ndarray = UL,
    width: float | None = None,
    buff: float = 0.3,
    spacing: float = 0.22,
    keep_clear: float = 0.8,
) -> VGroup:
    """Items stacked top to bottom, left-aligned, over a dark backing, in a frame corner.

    ``width`` caps the panel's width (items shrink to fit); the panel also stays
    ``keep_clear`` above the bottom edge, where :meth:`NNVizScene.note` puts its messages.
    """
    body = VGroup(*items).arrange(DOWN, aligned_edge=LEFT, buff=spacing)
    if width is not None:
        fit_width(body, width)
    max_h = config.frame_height - 2 * buff - keep_clear
    if body.height > max_h:
        body.scale_to_fit_height(max_h)
    return with_background(body).to_corner(corner, buff=buff)


def named_matrix(
    name: str, matrix: object, compact: bool = True, column_colors: Sequence | None = None
) -> VGroup:
    """``name`` (TeX, e.g. "A =") beside a matrix, for panels.

    Columns are coloured like the basis vectors (î, ĵ) unless ``column_colors`` says otherwise.
    """
    size = LABEL_SIZE * (0.85 if compact else 1.0)
    widest = max(len(fmt(v)) for v in np.ravel(matrix))
    buffs = {"h_buff": max(0.85, 0.17 * widest + 0.45), "v_buff": 0.6} if compact else {}
    if column_colors is not None:
        buffs["column_colors"] = column_colors
    return VGroup(
        MathTex(name, font_size=LABEL_SIZE), matrix_label(matrix, font_size=size, **buffs)
    ).arrange(np.array([1.0, 0, 0]), buff=0.15)


def strip_left(width: float) -> float:
    """The x where a left strip of ``width`` ends (scene units), e.g. to place a chart beside it."""
    return -config.frame_width / 2 + width


def side_axes(
    x_range: Sequence[float],
    y_range: Sequence[float],
    width: float = 3.2,
    height: float = 2.2,
    x_label: str = "x",
    y_label: str = "y",
) -> VGroup:
    """Small axes for a chart in a panel; returns VGroup(axes, x label, y label).

    ``axes`` is manim's own :class:`~manim.Axes` (use ``axes.c2p``).
    """
    axes = Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"include_numbers": False, "tick_size": 0.05, "stroke_width": 2},
    )
    xl = MathTex(x_label, font_size=SMALL_SIZE).next_to(axes.x_axis, DOWN, buff=0.1)
    xl.align_to(axes.x_axis, np.array([1, 0, 0]))
    yl = MathTex(y_label, font_size=SMALL_SIZE).next_to(axes.y_axis, LEFT, buff=0.1)
    yl.align_to(axes.y_axis, np.array([0, 1, 0]))
    return VGroup(axes, xl, yl)
