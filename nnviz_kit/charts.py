"""Line charts: plain axes, a polyline of values on them, and a chart drawn piece by piece.

>>> axes = chart_axes([0, 2, 1], [0, 3, 1], width=4, height=2)
>>> line = plot_values(axes, [0, 1, 2], [3.0, 2.0, 1.5], color="#FFFF00")
>>> bool(np.allclose(line.get_start(), axes.c2p(0, 3.0)))
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import LEFT, UP, Axes, MathTex, VGroup, VMobject

__all__ = ["chart_axes", "plot_values", "line_chart", "chart_segment"]

#: Type size of a chart's y label (small: charts sit beside the main picture).
CHART_LABEL_SIZE = 24


def chart_axes(
    x_range: Sequence[float], y_range: Sequence[float], width: float, height: float
) -> Axes:
    """Manim :class:`~manim.Axes` without tips, ``x_range``/``y_range`` as [min, max, step]."""
    return Axes(
        x_range=list(x_range),
        y_range=list(y_range),
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"stroke_width": 2},
    )


def plot_values(axes: Axes, xs: object, ys: object, color, stroke_width: float = 3) -> VMobject:
    """The polyline through (xs[i], ys[i]) (k,) on ``axes``, without vertex dots."""
    graph = axes.plot_line_graph(
        np.asarray(xs, dtype=float),
        np.asarray(ys, dtype=float),
        add_vertex_dots=False,
        line_color=color,
        stroke_width=stroke_width,
    )
    return graph["line_graph"]


def line_chart(
    values: object,
    width: float,
    height: float,
    color,
    y_label: str,
    top: float | None = None,
    bottom: float | None = None,
    draw_line: bool = True,
) -> VGroup:
    """``values`` (k,) against their index 0..k−1, with a TeX y label above; returns
    VGroup(axes, line, label).

    The y axis runs from ``bottom`` (default the smaller of 0 and the values' minimum) to
    ``top`` (default their maximum), plus 5 % headroom. With ``draw_line=False`` the line is an
    empty VMobject, for a chart drawn step by step with :func:`chart_segment`.
    """
    v = np.asarray(values, dtype=float)
    n = max(len(v) - 1, 1)
    lo = min(0.0, float(np.min(v))) if bottom is None else float(bottom)
    hi = float(np.max(v)) if top is None else float(top)
    span = (hi - lo) * 1.05 or 1.0
    axes = chart_axes([0, n, max(1, n // 5)], [lo, lo + span, span / 2], width, height)
    line = plot_values(axes, np.arange(len(v)), v, color) if draw_line else VMobject()
    label = MathTex(y_label, font_size=CHART_LABEL_SIZE)
    label.next_to(axes, UP, buff=0.1).align_to(axes, LEFT)
    return VGroup(axes, line, label)


def chart_segment(
    axes: Axes, values: object, start: int, stop: int, color, stroke_width: float = 3
) -> VMobject:
    """The stretch of a line chart of ``values`` from index ``start`` to ``stop``."""
    v = np.asarray(values, dtype=float)
    return plot_values(axes, np.arange(start, stop + 1), v[start : stop + 1], color, stroke_width)
