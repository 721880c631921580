"""A heatmap of a function over a box of the plane, in the style of TensorFlow Playground.

Positive values shade towards blue, negative towards red, zero stays dark. Values are
quantised to a few levels and each image row's runs of one level become one rectangle; the
rectangles of one level are the sub-paths of one shape, so a 96×96 map is about ten mobjects
rather than thousands of squares. (Manim 0.22's ``ImageMobject`` cannot be drawn by the Cairo camera with Pillow 13: its ``Image.fromarray``
call on a float array with mode "RGBA" raises, so the kit does not use it.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import ManimColor, VGroup, VMobject

from nnviz_kit.framing import View
from nnviz_kit.layout import mark_background
from nnviz_kit.style import NEGATIVE, POSITIVE

__all__ = ["Heatmap", "heatmap_rgba", "grid_points"]


def grid_points(box: tuple[float, float, float, float], resolution: int) -> np.ndarray:
    """Pixel centres of a ``resolution``² image over ``box`` (x0, x1, y0, y1), row 0 at the top:
    shape (resolution², 2), row-major.

    >>> grid_points((0, 2, 0, 2), 2)
    array([[0.5, 1.5],
           [1.5, 1.5],
           [0.5, 0.5],
           [1.5, 0.5]])
    """
    x0, x1, y0, y1 = box
    xs = x0 + (np.arange(resolution) + 0.5) * (x1 - x0) / resolution
    ys = y1 - (np.arange(resolution) + 0.5) * (y1 - y0) / resolution
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def heatmap_rgba(values: np.ndarray, limit: float, opacity: float = 0.85) -> np.ndarray:
    """RGBA uint8 (h, w, 4): blue for positive, red for negative, brightness by |value|/limit."""
    v = np.clip(np.asarray(values, dtype=float) / (limit or 1.0), -1.0, 1.0)
    pos, neg = np.array(POSITIVE.to_rgb()), np.array(NEGATIVE.to_rgb())
    rgb = np.where(v[..., None] >= 0, pos, neg) * np.abs(v)[..., None]
    alpha = np.full(v.shape + (1,), opacity)
    return (np.concatenate([rgb, alpha], axis=-1) * 255).round().astype(np.uint8)


class Heatmap(VGroup):
    """``func`` (k, 2) → (k,) over ``box`` (x0, x1, y0, y1) in math units, placed by ``view``.

    ``center`` is subtracted before colouring (0.5 for a sigmoid output, so the decision
    boundary is the dark band) and ``limit`` is the value shown at full colour.

    Examples
    --------
    >>> from nnviz_kit.framing import fit_view
    >>> h = Heatmap(lambda p: p[:, 0], (-1, 1, -1, 1), fit_view([[1, 1]]), resolution=8)
    >>> h.values.shape
    (8, 8)
    """

    def __init__(
        self,
        func: Callable[[np.ndarray], np.ndarray],
        box: tuple[float, float, float, float],
        view: View,
        resolution: int = 96,
        center: float = 0.0,
        limit: float | None = None,
        opacity: float = 0.85,
        levels: int = 5,
    ) -> None:
        super().__init__()
        values = np.asarray(func(grid_points(box, resolution)), dtype=float)
        values = values.reshape(resolution, resolution) - center
        lim = limit if limit is not None else float(np.max(np.abs(values))) or 1.0
        self.values = values + center
        # quantise to ``levels`` steps each side of zero; level 0 (near zero) stays background
        q = np.round(np.clip(values / lim, -1, 1) * levels).astype(int)
        rgba = heatmap_rgba(q / levels, 1.0, opacity)
        x0, x1, y0, y1 = box
        lo, hi = view.to_scene([x0, y0]), view.to_scene([x1, y1])
        pw, ph = (hi[0] - lo[0]) / resolution, (hi[1] - lo[1]) / resolution
        runs: dict[int, list[tuple[int, int, int]]] = {}
        for r in range(resolution):
            # runs of one level along the row: [start, end) column pairs
            edges = np.flatnonzero(np.diff(q[r])) + 1
            for a, b in zip(np.r_[0, edges], np.r_[edges, resolution], strict=True):
                if q[r, a] != 0:
                    runs.setdefault(int(q[r, a]), []).append((r, int(a), int(b)))
        # one mobject per level, its runs as closed sub-paths: a few shapes instead of hundreds,
        # cheap to build and to copy (FadeIn and FadeOut copy what they fade)
        for level in sorted(runs):
            r, a, b = (np.array(v, dtype=float) for v in zip(*runs[level], strict=True))
            left, right = lo[0] + pw * a, lo[0] + pw * b
            top, bottom = hi[1] - ph * r, hi[1] - ph * (r + 1)
            r0, c0 = runs[level][0][:2]
            shape = VMobject(stroke_width=0).set_points(_rectangle_paths(left, right, bottom, top))
            shape.set_fill(ManimColor.from_rgb(rgba[r0, c0, :3] / 255), opacity)
            self.add(shape)
        mark_background(self)


def _rectangle_paths(left, right, bottom, top) -> np.ndarray:
    """Cubic Bézier points (16·k, 3) of k axis-aligned rectangles, each a closed path of four
    straight edges (handles at thirds), the kind of points Manim's polygons have."""
    corners = np.stack(
        [
            np.column_stack([left, top]),
            np.column_stack([right, top]),
            np.column_stack([right, bottom]),
            np.column_stack([left, bottom]),
        ],
        axis=1,
    )  # (k, 4, 2)
    start, end = corners, np.roll(corners, -1, axis=1)
    t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, None, :, None]
    pts = start[:, :, None, :] + t * (end - start)[:, :, None, :]  # (k, 4 edges, 4 points, 2)
    flat = pts.reshape(-1, 2)
    return np.column_stack([flat, np.zeros(len(flat))])
