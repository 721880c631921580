"""Moving a :class:`~nnviz_kit.planes.TransformablePlane` along any path of matrices.

``TransformablePlane.transform`` moves points on straight lines, which squashes a rotation
half way; ``follow_maps`` instead passes through ``path(t)`` for every t, so a rotation
stays a rotation (used to play the SVD as rotate, scale, rotate).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import Animation, UpdateFromAlphaFunc

from nnviz_kit.planes import TransformablePlane

__all__ = ["follow_maps", "rotation_path", "stretch_path"]


def follow_maps(plane: TransformablePlane, path: Callable[[float], np.ndarray]) -> Animation:
    """An animation showing the plane (grid, riders, vectors) mapped by ``path(t)``, t: 0 → 1.

    ``path(t)`` is the whole map from the identity state, a (2, 2) array.
    """
    origin = plane.view.origin_point

    def update(_: object, alpha: float) -> None:
        m = np.asarray(path(alpha), dtype=float)
        for mob, source in ((plane.grid, plane._grid0), (plane.riders, plane._riders0)):
            if len(mob):
                mob.become(source.copy().apply_matrix(m, about_point=origin))
        for arrow, coords in plane.vectors:
            arrow.become(plane.arrow(m @ coords, arrow.get_color()))

    return UpdateFromAlphaFunc(plane, update)


def rotation_path(start: object, angle: float) -> Callable[[float], np.ndarray]:
    """t ↦ R(t·angle)·start: rotate the current map ``start`` (2, 2) by ``angle`` radians."""
    s = np.asarray(start, dtype=float)

    def path(t: float) -> np.ndarray:
        c, n = np.cos(t * angle), np.sin(t * angle)
        return np.array([[c, -n], [n, c]]) @ s

    return path


def stretch_path(start: object, factors: object) -> Callable[[float], np.ndarray]:
    """t ↦ diag(1 + t·(f - 1))·start: scale the axes of the current map by ``factors`` (2,)."""
    s, f = np.asarray(start, dtype=float), np.asarray(factors, dtype=float)
    return lambda t: np.diag(1 + t * (f - 1)) @ s
