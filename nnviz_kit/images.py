"""Small images drawn as grids of squares: an 8×8 digit, a principal component, a weight row.

Unsigned images (e.g. pixel intensities in [0, 1]) are white on black; signed ones (components,
weights) are blue for positive and red for negative values, with opacity by magnitude.
"""

from __future__ import annotations

import numpy as np
from manim import WHITE, Square, VGroup

from nnviz_kit.style import NEGATIVE, POSITIVE

__all__ = ["PixelImage"]


class PixelImage(VGroup):
    """An (h, w) array as h×w squares, ``size`` scene units wide.

    Parameters
    ----------
    values : (h, w) array
    signed : colour by sign (blue/red) and scale by ``max|values|``; else grey levels in [vmin, vmax]
    size : width of the whole image in scene units

    Examples
    --------
    >>> img = PixelImage(np.eye(8), size=2.0)
    >>> len(img), round(img.width, 6)
    (64, 2.0)
    """

    def __init__(
        self,
        values: object,
        signed: bool = False,
        size: float = 2.0,
        vmin: float = 0.0,
        vmax: float = 1.0,
        outline: bool = True,
    ) -> None:
        super().__init__()
        v = np.asarray(values, dtype=float)
        if v.ndim != 2:
            raise ValueError(f"values must be a 2-D image, got shape {v.shape}")
        h, w = v.shape
        side = size / w
        peak = float(np.max(np.abs(v))) or 1.0
        for r in range(h):
            for c in range(w):
                x = v[r, c]
                if signed:
                    color, opacity = (POSITIVE if x >= 0 else NEGATIVE), abs(x) / peak
                else:
                    color, opacity = WHITE, float(np.clip((x - vmin) / (vmax - vmin), 0, 1))
                sq = Square(side, stroke_width=0).set_fill(color, opacity)
                sq.move_to([(c - (w - 1) / 2) * side, ((h - 1) / 2 - r) * side, 0])
                self.add(sq)
        self.values = v
        if outline:
            frame = Square(1).stretch_to_fit_width(size).stretch_to_fit_height(side * h)
            frame.set_stroke(WHITE, 1, 0.6)
            self.add(frame)

    def pixel(self, row: int, col: int) -> Square:
        """The square for pixel (row, col)."""
        return self[row * self.values.shape[1] + col]
