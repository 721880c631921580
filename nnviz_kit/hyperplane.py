"""A hyperplane n·x + b = 0 in the plane: its line, its two shaded half-planes and its normal.

The positive side (where n points) is shaded BLUE, the negative side RED, as positive and
negative values are coloured throughout nnviz.
Shading is clipped to what the view shows, so it always fills the frame and nothing more.

>>> half_plane([-1, 1, -1, 1], [1, 0], 0.0, +1).tolist()
[[0.0, -1.0], [1.0, -1.0], [1.0, 1.0], [0.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Line, Polygon, VGroup

from nnviz_kit.framing import View
from nnviz_kit.layout import mark_background
from nnviz_kit.style import NEGATIVE, POSITIVE, TEXT
from nnviz_kit.vectors import arrow_to

__all__ = ["half_plane", "Hyperplane"]


def half_plane(
    bounds: Sequence[float], normal: Sequence[float], offset: float, sign: int
) -> np.ndarray:
    """Corners (k, 2) of the box ``bounds`` (x0, x1, y0, y1) where sign·(n·x + b) >= 0.

    One Sutherland–Hodgman clipping pass of the box against the line; empty (0, 2) if none.
    """
    x0, x1, y0, y1 = bounds
    box = [np.array(p, dtype=float) for p in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    n = np.asarray(normal, dtype=float)

    def side(p: np.ndarray) -> float:
        return sign * (p @ n + offset)

    out: list[np.ndarray] = []
    for a, b in zip(box, box[1:] + box[:1], strict=True):
        sa, sb = side(a), side(b)
        if sa >= 0:
            out.append(a)
        if sa * sb < 0:
            out.append(a + (b - a) * sa / (sa - sb))
    return np.array(out).reshape(-1, 2) + 0.0


class Hyperplane(VGroup):
    """The line n·x + b = 0, the half-planes shaded by sign, and the normal n from the line.

    Attributes ``positive``, ``negative`` (shading, background), ``boundary`` and ``normal_arrow``.
    """

    def __init__(
        self,
        view: View,
        normal: Sequence[float],
        offset: float = 0.0,
        opacity: float = 0.18,
        color=TEXT,
        show_normal: bool = True,
    ) -> None:
        super().__init__()
        n = np.asarray(normal, dtype=float)
        self.view, self.n, self.b = view, n, float(offset)
        bounds = view.frame_bounds(pad=0.3)
        self.positive, self.negative = (
            self._shade(bounds, s, c, opacity) for s, c in ((1, POSITIVE), (-1, NEGATIVE))
        )
        # The boundary: the box edges where the side changes sign, as one long line.
        foot = -self.b * n / (n @ n)  # the point of the line closest to the origin
        along = np.array([-n[1], n[0]]) / np.linalg.norm(n)
        x0, x1, y0, y1 = bounds
        reach = float(np.hypot(x1 - x0, y1 - y0)) + float(np.linalg.norm(foot))
        self.boundary = Line(
            view.to_scene(foot - reach * along), view.to_scene(foot + reach * along)
        )
        self.boundary.set_stroke(color, 3, 0.9)
        mark_background(self.positive, self.negative, self.boundary)
        self.add(self.positive, self.negative, self.boundary)
        self.foot = foot
        if show_normal:
            self.normal_arrow = arrow_to(view, foot + n / np.linalg.norm(n), color, 5, start=foot)
            self.add(self.normal_arrow)

    def _shade(self, bounds, sign: int, color, opacity: float) -> VGroup:
        corners = half_plane(bounds, self.n, self.b, sign)
        group = VGroup()
        if len(corners) >= 3:
            group.add(
                Polygon(*self.view.to_scene(corners), stroke_width=0).set_fill(color, opacity)
            )
        return group
