"""Number lines through the origin of a view, and points dropped onto them (projections).

A :class:`ProjectionLine` is manim's own :class:`~manim.NumberLine`, turned to lie along a
direction, with one tick per unit of signed length along it. ``drop`` draws the dashed
perpendicular from a point to its foot, which the scene gets from :mod:`nnviz.projection`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DEFAULT_DASH_LENGTH, Dot, NumberLine, VGroup, VMobject

from nnviz_kit.framing import View
from nnviz_kit.layout import mark_background
from nnviz_kit.style import SPAN, TEXT

__all__ = ["ProjectionLine", "guide_line", "dashed_line"]


def dashed_line(
    start: Sequence[float],
    end: Sequence[float],
    dash_length: float = DEFAULT_DASH_LENGTH,
    dashed_ratio: float = 0.5,
) -> VMobject:
    """The dashes of manim's ``DashedLine(start, end)`` as one path of straight pieces.

    Same dash count and places (first dash at ``start``, last ending at ``end``), but built
    directly: ``DashedLine`` copies a sub-curve per dash, ~0.1 ms each, hundreds for a guide.
    Points are 3-D scene points.
    """
    a, b = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    length = float(np.linalg.norm(b - a))
    n = max(2, int(np.ceil(length / dash_length * dashed_ratio)))
    dash = dashed_ratio / n
    period = dash + (1 - dashed_ratio) / (n - 1)
    line = VMobject()
    for i in range(n):
        s, e = i * period, min(i * period + dash, 1.0)
        line.start_new_path(a + s * (b - a))
        line.add_line_to(a + e * (b - a))
    return line


def guide_line(
    view: View,
    direction: Sequence[float],
    color=SPAN,
    opacity: float = 0.8,
    through: Sequence[float] | None = None,
):
    """The whole dashed line along ``direction`` through the origin (or math point ``through``),
    long enough to cross the frame (a background mobject)."""
    d = np.asarray(direction, dtype=float)
    d = d / np.linalg.norm(d)
    p = np.zeros(2) if through is None else np.asarray(through, dtype=float)
    x0, x1, y0, y1 = view.frame_bounds(pad=0.2)
    reach = float(np.hypot(x1 - x0, y1 - y0))
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    foot = p + d * ((centre - p) @ d)  # the point of the line closest to the frame's centre
    line = dashed_line(view.to_scene(foot - reach * d), view.to_scene(foot + reach * d))
    line.set_stroke(color, 2, opacity)
    mark_background(line)
    return line


class ProjectionLine(VGroup):
    """A number line along ``direction`` through the origin, ticks every unit of signed length.

    Parameters
    ----------
    view
        The plane's view; one unit of the number line is one math unit.
    direction
        Its positive direction (2,), any non-zero length.
    span
        Half-length of the drawn line, in math units (ticks run from -span to span).
    """

    def __init__(
        self, view: View, direction: Sequence[float], span: float, color=SPAN, tick_every: float = 1
    ) -> None:
        super().__init__()
        d = np.asarray(direction, dtype=float)
        self.view, self.unit_dir = view, d / np.linalg.norm(d)
        span = max(float(span), tick_every)
        # A ~1 px tick would be noise: thin the ticks out when the unit is small.
        while tick_every * view.unit < 0.25:
            tick_every *= 2
        limit = np.ceil(span / tick_every) * tick_every
        self.line = NumberLine(
            x_range=[-limit, limit, tick_every],
            unit_size=view.unit,
            color=color,
            stroke_width=3,
            include_tip=False,
            tick_size=0.06,
        )
        self.line.rotate(float(np.arctan2(self.unit_dir[1], self.unit_dir[0])))
        self.line.shift(view.origin_point - self.line.n2p(0))
        mark_background(self.line)  # it crosses the whole frame on purpose
        self.add(self.line)

    def point_at(self, signed_length: float) -> np.ndarray:
        """Scene point at ``signed_length`` along the line."""
        return self.view.to_scene(self.unit_dir * float(signed_length))

    def drop(self, point: Sequence[float], foot: Sequence[float], color=TEXT) -> VGroup:
        """Dashed perpendicular from math ``point`` to its ``foot`` on the line, and a dot there."""
        a, b = self.view.to_scene(point), self.view.to_scene(foot)
        dash = dashed_line(a, b if np.linalg.norm(b - a) > 1e-6 else a + 1e-6, dash_length=0.08)
        dash.set_stroke(color, 2, 0.8)
        return VGroup(dash, Dot(b, radius=0.07, color=color))
