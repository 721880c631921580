"""Lines through the origin drawn inside the fitted region: spans and eigen-lines.

A span line is clipped to the :class:`~nnviz_kit.framing.View`'s region, so it never runs
under the side panels or off the frame, and ``line_extent`` tells where along the line there
is room (for labels and picture-test anchors).
"""

from __future__ import annotations

import numpy as np
from manim import DashedLine, Line, VMobject

from nnviz_kit.framing import View
from nnviz_kit.style import SPAN

__all__ = ["line_extent", "line_through", "span_line"]


def line_extent(view: View, direction: object) -> tuple[float, float]:
    """Math-unit range (t_min, t_max) of t where t·direction (unit) stays inside the region.

    ``direction`` (2,) need not be unit length; t is measured along its unit vector.
    """
    d = np.asarray(direction, dtype=float)
    d = d / np.linalg.norm(d)
    x0, x1, y0, y1 = view.region
    ox, oy = view.origin
    lo, hi = -np.inf, np.inf
    for comp, a, b, o in ((d[0], x0, x1, ox), (d[1], y0, y1, oy)):
        if abs(comp) < 1e-12:
            continue
        t1, t2 = (a - o) / (view.unit * comp), (b - o) / (view.unit * comp)
        lo, hi = max(lo, min(t1, t2)), min(hi, max(t1, t2))
    return float(lo), float(hi)


def span_line(
    view: View,
    direction: object,
    color=SPAN,
    stroke_width: float = 4,
    dashed: bool = False,
    opacity: float = 1.0,
) -> VMobject:
    """The line through the origin along ``direction`` (2,), clipped to the view's region."""
    d = np.asarray(direction, dtype=float)
    d = d / np.linalg.norm(d)
    lo, hi = line_extent(view, d)
    start, end = view.to_scene(lo * d), view.to_scene(hi * d)
    kind = DashedLine if dashed else Line
    line = kind(start, end, color=color, stroke_width=stroke_width)
    return line.set_stroke(opacity=opacity)


def line_through(
    view: View, point: object, direction: object, color=SPAN, stroke_width: float = 4
) -> Line:
    """The line through math ``point`` (2,) along ``direction`` (2,), clipped to the region.

    The point should lie inside the region (e.g. the mean of a cloud that was fitted).
    """
    d = np.asarray(direction, dtype=float)
    d = d / np.linalg.norm(d)
    x0, x1, y0, y1 = view.region
    reach = 2 * max(x1 - x0, y1 - y0) / view.unit  # longer than the region's diagonal
    a = view.to_scene(np.asarray(point, dtype=float) - reach * d)
    seg = view.to_scene(np.asarray(point, dtype=float) + reach * d) - a
    # Clip the segment a → a + seg to the region box (Liang–Barsky).
    t0, t1 = 0.0, 1.0
    for p, q in (
        (-seg[0], a[0] - x0),
        (seg[0], x1 - a[0]),
        (-seg[1], a[1] - y0),
        (seg[1], y1 - a[1]),
    ):
        if abs(p) < 1e-12:
            continue
        if p < 0:
            t0 = max(t0, q / p)
        else:
            t1 = min(t1, q / p)
    return Line(a + t0 * seg, a + t1 * seg, color=color, stroke_width=stroke_width)
