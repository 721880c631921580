"""A heatmap of a function over a box of the plane, in the style of TensorFlow Playground.

Drawn as one :class:`~manim.ImageMobject` built from a numpy array (not thousands of
squares): positive values shade towards blue, negative towards red, zero stays dark.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import ImageMobject

from scenes.kit.framing import View
from scenes.kit.layout import mark_background
from scenes.kit.style import NEGATIVE, POSITIVE

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


class Heatmap(ImageMobject):
    """``func`` (k, 2) → (k,) over ``box`` (x0, x1, y0, y1) in math units, placed by ``view``.

    ``center`` is subtracted before colouring (0.5 for a sigmoid output, so the decision
    boundary is the dark band) and ``limit`` is the value shown at full colour.

    Examples
    --------
    >>> from scenes.kit.framing import fit_view
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
    ) -> None:
        values = np.asarray(func(grid_points(box, resolution)), dtype=float)
        values = values.reshape(resolution, resolution) - center
        lim = limit if limit is not None else float(np.max(np.abs(values))) or 1.0
        super().__init__(heatmap_rgba(values, lim, opacity))
        self.values = values + center
        x0, x1, y0, y1 = box
        lo, hi = view.to_scene([x0, y0]), view.to_scene([x1, y1])
        self.stretch_to_fit_width(hi[0] - lo[0]).stretch_to_fit_height(hi[1] - lo[1])
        self.move_to((lo + hi) / 2)
        mark_background(self)
