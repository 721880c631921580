"""Framing from the numbers: choose the plane's scale and origin so every key point is on screen.

Instead of moving the camera we scale the coordinate plane, so text keeps its size whatever the
numbers are. A :class:`View` maps math coordinates (x, y) to scene points.

>>> v = fit_view([[31, -6], [7, 8]], region=(-4.0, 7.0, -3.5, 3.5))
>>> bool(v.contains([31, -6]))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import config

__all__ = ["View", "fit_view", "frame_region", "nice_step", "pixel_of"]


@dataclass(frozen=True)
class View:
    """A uniform scale plus a shift: scene = origin + unit * (x, y, 0).

    ``step`` is the grid spacing in math units; ``region`` is the scene box
    (x_min, x_max, y_min, y_max) the key points were fitted into.
    """

    origin: tuple[float, float]
    unit: float
    step: float
    region: tuple[float, float, float, float]

    def to_scene(self, coords: object) -> np.ndarray:
        """Math coordinates (2,) or (k, 2) to scene points (3,) or (k, 3)."""
        c = np.asarray(coords, dtype=float)
        flat = c.reshape(-1, 2)
        out = np.zeros((flat.shape[0], 3))
        out[:, 0] = self.origin[0] + self.unit * flat[:, 0]
        out[:, 1] = self.origin[1] + self.unit * flat[:, 1]
        return out[0] if c.ndim == 1 else out

    def to_coords(self, point: object) -> np.ndarray:
        """Scene point (3,) back to math coordinates (2,)."""
        p = np.asarray(point, dtype=float)
        return (p[:2] - np.asarray(self.origin)) / self.unit

    @property
    def origin_point(self) -> np.ndarray:
        return np.array([self.origin[0], self.origin[1], 0.0])

    def frame_bounds(self, pad: float = 0.0) -> tuple[float, float, float, float]:
        """Math-coordinate box (x_min, x_max, y_min, y_max) that covers the whole frame."""
        hw, hh = config.frame_width / 2 + pad, config.frame_height / 2 + pad
        x0, y0 = self.origin
        return ((-hw - x0) / self.unit, (hw - x0) / self.unit,
                (-hh - y0) / self.unit, (hh - y0) / self.unit)  # fmt: skip

    def contains(self, coords: object, pad: float = 0.0) -> bool:
        """Whether math point(s) lie inside the fitted region (grown by ``pad`` scene units)."""
        pts = self.to_scene(np.asarray(coords, dtype=float).reshape(-1, 2))
        x0, x1, y0, y1 = self.region
        return bool(
            np.all((pts[:, 0] >= x0 - pad - 1e-9) & (pts[:, 0] <= x1 + pad + 1e-9))
            and np.all((pts[:, 1] >= y0 - pad - 1e-9) & (pts[:, 1] <= y1 + pad + 1e-9))
        )


def frame_region(
    left: float = 0.0,
    right: float = 0.0,
    top: float = 0.0,
    bottom: float = 0.0,
    margin: float = 0.5,
) -> tuple[float, float, float, float]:
    """The frame box minus ``margin`` and any reserved strips (scene units)."""
    hw, hh = config.frame_width / 2, config.frame_height / 2
    return (-hw + margin + left, hw - margin - right, -hh + margin + bottom, hh - margin - top)


def nice_step(span: float, lines: float = 12.0) -> float:
    """A 1-2-5 grid step giving about ``lines`` grid lines over ``span``; at least 1."""
    raw = max(span / lines, 1e-12)
    power = 10.0 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if mult * power >= raw:
            return max(1.0, mult * power)
    return max(1.0, 10 * power)


def fit_view(
    points: object,
    region: tuple[float, float, float, float] | None = None,
    include_origin: bool = True,
    min_half_extent: float = 1.5,
    max_unit: float = 1.0,
) -> View:
    """The largest uniform scale (at most ``max_unit``) that fits ``points`` (k, 2) into ``region``.

    The box always contains [-min_half_extent, min_half_extent]², so small examples look like
    the familiar unit grid, and the origin when ``include_origin``.
    """
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    region = region or frame_region()
    box = np.vstack(
        [pts, [[-min_half_extent, -min_half_extent], [min_half_extent, min_half_extent]]]
    )
    if include_origin:
        box = np.vstack([box, [[0.0, 0.0]]])
    lo, hi = box.min(axis=0), box.max(axis=0)
    rx0, rx1, ry0, ry1 = region
    unit = min((rx1 - rx0) / (hi[0] - lo[0]), (ry1 - ry0) / (hi[1] - lo[1]), max_unit)
    centre = (lo + hi) / 2
    origin = ((rx0 + rx1) / 2 - unit * centre[0], (ry0 + ry1) / 2 - unit * centre[1])
    step = nice_step(config.frame_width / unit)
    return View(origin=origin, unit=float(unit), step=step, region=region)


def pixel_of(point: object) -> list[float]:
    """Pixel [x, y] of a scene point in the rendered frame, origin at the top-left."""
    p = np.asarray(point, dtype=float)
    fw, fh = config.frame_width, config.frame_height
    pw, ph = config.pixel_width, config.pixel_height
    x = (p[0] + fw / 2) * pw / fw
    y = (fh / 2 - p[1]) * ph / fh
    return [float(x), float(y)]
