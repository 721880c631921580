"""Level sets (contour lines) of a function of the plane, traced by contourpy.

The function is sampled once on a grid over a box and contourpy's marching squares joins the
crossings into polylines: one pass over the grid for every level, instead of an adaptive
quadtree search per level (Manim's ``ImplicitFunction``), which is many times slower.

>>> lines = level_lines(lambda p: p @ p, (-2, 2, -2, 2), [1.0], resolution=41)
>>> len(lines[0]), bool(np.allclose(lines[0][0][0], lines[0][0][-1]))  # one closed circle
(1, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import contourpy
import numpy as np
from manim import VGroup, VMobject

from nnviz_kit.framing import View
from nnviz_kit.layout import mark_background
from nnviz_kit.style import GRID

__all__ = ["sample_grid", "quantile_levels", "level_lines", "is_closed", "LevelSets"]

Box = tuple[float, float, float, float]


def sample_grid(
    f: Callable[[np.ndarray], float], box: Box, resolution: int = 80
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``f`` of a point (2,) sampled on a ``resolution``² grid over ``box`` (x0, x1, y0, y1),
    edges included: returns xs (n,), ys (n,) and values (n, n) with ``values[j, i] = f(xs[i], ys[j])``.

    >>> xs, ys, z = sample_grid(lambda p: p[0] - p[1], (0, 1, 0, 2), 3); z[2, 0]
    np.float64(-2.0)
    """
    x0, x1, y0, y1 = (float(v) for v in box)
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    values = np.array([[f(np.array([x, y])) for x in xs] for y in ys], dtype=float)
    return xs, ys, values


def quantile_levels(values: np.ndarray, quantiles: Sequence[float]) -> np.ndarray:
    """Levels at the given quantiles of the sampled values (k,), so that the lines spread over
    the box whatever the function's range (a bowl and a steep valley alike)."""
    finite = np.asarray(values, dtype=float)
    return np.quantile(finite[np.isfinite(finite)], list(quantiles))


def _trace(xs: np.ndarray, ys: np.ndarray, values: np.ndarray, level: float) -> list[np.ndarray]:
    gen = contourpy.contour_generator(x=xs, y=ys, z=values, line_type=contourpy.LineType.Separate)
    lines = []
    for line in gen.lines(float(level)):
        # a crossing exactly on a grid node comes out twice in a row; drop the repeat
        keep = np.r_[True, np.any(np.diff(line, axis=0) != 0, axis=1)]
        if keep.sum() >= 2:
            lines.append(line[keep])
    return lines


def level_lines(
    f: Callable[[np.ndarray], float],
    box: Box,
    levels: Sequence[float],
    resolution: int = 80,
) -> list[list[np.ndarray]]:
    """For each level c, the polylines (k, 2) in math units where ``f`` = c inside ``box``.

    A closed curve repeats its first point at the end (see :func:`is_closed`); a curve that
    leaves the box ends on its edge. Accuracy is that of linear interpolation on the grid.
    """
    xs, ys, values = sample_grid(f, box, resolution)
    return [_trace(xs, ys, values, c) for c in levels]


def is_closed(line: np.ndarray) -> bool:
    """Whether a polyline (k, 2) from :func:`level_lines` is a closed loop."""
    return len(line) > 2 and bool(np.allclose(line[0], line[-1]))


class LevelSets(VGroup):
    """Level-set curves of ``f`` (a point (2,) → float) over ``box``, placed by ``view``.

    ``quantiles`` choose the levels from the sampled values (see :func:`quantile_levels`);
    ``levels`` (k,) and ``lines`` (per level, a list of (m, 2) polylines in math units) are kept
    for tests and sidecars. One VGroup per level, one polyline per curve, marked background.

    >>> from nnviz_kit.framing import fit_view
    >>> s = LevelSets(lambda p: p @ p, (-1, 1, -1, 1), fit_view([[1, 1]]), quantiles=[0.5])
    >>> len(s), len(s.lines[0])
    (1, 1)
    """

    def __init__(
        self,
        f: Callable[[np.ndarray], float],
        box: Box,
        view: View,
        quantiles: Sequence[float] = (0.03, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9),
        resolution: int = 80,
        color=GRID,
        stroke_width: float = 2.0,
        opacity: float = 0.7,
    ) -> None:
        super().__init__()
        xs, ys, values = sample_grid(f, box, resolution)
        self.levels = quantile_levels(values, quantiles)
        self.lines = [_trace(xs, ys, values, c) for c in self.levels]
        for curves in self.lines:
            self.add(VGroup(*(VMobject().set_points_as_corners(view.to_scene(c)) for c in curves)))
        self.set_stroke(color, stroke_width, opacity)
        mark_background(self)
