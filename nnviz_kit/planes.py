"""A transformable coordinate plane with basis vectors, in the style of LinearTransformationScene.

The plane lives inside a :class:`~nnviz_kit.framing.View`, so its scale comes from the numbers.
Animations move points along straight lines, p -> M p, which is exactly the path
``nnviz.linalg.interpolate(M, t) @ p`` from the identity to M.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    Animation,
    Arrow,
    Create,
    FadeIn,
    GrowArrow,
    Line,
    Polygon,
    Transform,
    VGroup,
)

from nnviz_kit.framing import View
from nnviz_kit.layout import mark_background
from nnviz_kit.style import (
    BACKGROUND_GRID,
    GRID,
    I_HAT,
    J_HAT,
    UNIT_SQUARE,
    UNIT_SQUARE_OPACITY,
)
from nnviz_kit.vectors import arrow_to

__all__ = ["TransformablePlane", "grid_lines"]


def grid_lines(
    view: View,
    bounds: tuple[float, float, float, float],
    color,
    stroke_width: float,
    opacity: float,
    axis_color=None,
) -> VGroup:
    """Grid lines every ``view.step`` over the math box ``bounds``; the axes drawn in ``axis_color``."""
    x0, x1, y0, y1 = bounds
    step = view.step
    lines = VGroup()
    for x in np.arange(np.floor(x0 / step) * step, x1 + step / 2, step):
        lines.add(Line(view.to_scene([x, y0]), view.to_scene([x, y1])))
    for y in np.arange(np.floor(y0 / step) * step, y1 + step / 2, step):
        lines.add(Line(view.to_scene([x0, y]), view.to_scene([x1, y])))
    lines.set_stroke(color, stroke_width, opacity)
    if axis_color is not None:
        for line in lines:
            a, b = view.to_coords(line.get_start()), view.to_coords(line.get_end())
            if (
                np.allclose(a[0], 0)
                and np.allclose(b[0], 0)
                or np.allclose(a[1], 0)
                and np.allclose(b[1], 0)
            ):
                line.set_stroke(axis_color, stroke_width * 1.5, 1.0)
    return lines


class TransformablePlane(VGroup):
    """Background grid, a moving blue grid, î and ĵ; ``transform(M)`` animates all of them.

    Parameters
    ----------
    view
        Where math coordinates sit on screen (see :func:`~nnviz_kit.framing.fit_view`).
    extent
        How far (as a multiple of the frame) the moving grid reaches, so that after a
        shrinking map it still covers the frame.

    Examples
    --------
    >>> from nnviz_kit.framing import fit_view
    >>> plane = TransformablePlane(fit_view([[2, 1], [1, 3]]))
    >>> len(plane.vectors)
    2
    """

    def __init__(self, view: View, extent: float = 1.0, show_basis: bool = True) -> None:
        super().__init__()
        self.view = view
        fx0, fx1, fy0, fy1 = view.frame_bounds(pad=0.5)
        self.background = grid_lines(view, (fx0, fx1, fy0, fy1), BACKGROUND_GRID, 1, 0.35)
        cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2
        hx, hy = (fx1 - fx0) / 2 * extent, (fy1 - fy0) / 2 * extent
        self.grid = grid_lines(
            view, (cx - hx, cx + hx, cy - hy, cy + hy), GRID, 2, 0.9, axis_color="#FFFFFF"
        )
        self.add(self.background, self.grid)
        self.vectors: list[tuple[Arrow, np.ndarray]] = []
        self.riders = VGroup()  # mobjects that move with the grid (unit square, points)
        self.add(self.riders)
        mark_background(self.background, self.grid, self.riders)
        self.freeze()
        if show_basis:
            self.i_hat = self.add_vector([1, 0], I_HAT)
            self.j_hat = self.add_vector([0, 1], J_HAT)

    def draw(self) -> list[Animation]:
        """Animations bringing in the background grid and the moving grid (not î, ĵ)."""
        return [FadeIn(self.background), Create(self.grid)]

    def grow_basis(self) -> list[Animation]:
        """Animations growing î and ĵ from the origin."""
        return [GrowArrow(self.i_hat), GrowArrow(self.j_hat)]

    def arrow(self, coords: Sequence[float], color, stroke_width: float = 6) -> Arrow:
        """An arrow from the origin to math point ``coords`` (2,)."""
        return arrow_to(self.view, coords, color, stroke_width)

    def add_vector(self, coords: Sequence[float], color) -> Arrow:
        """Add an arrow that ``transform`` carries along; returns it."""
        arrow = self.arrow(coords, color)
        self.vectors.append((arrow, np.asarray(coords, dtype=float)))
        self.add(arrow)
        return arrow

    def unit_square(self) -> Polygon:
        """The yellow unit square spanned by î and ĵ; it rides with the grid."""
        corners = self.view.to_scene([[0, 0], [1, 0], [1, 1], [0, 1]])
        square = Polygon(*corners, stroke_width=2, color=UNIT_SQUARE)
        square.set_fill(UNIT_SQUARE, UNIT_SQUARE_OPACITY)
        self.riders.add(square)
        self.freeze()
        return square

    def transform(self, matrix: object) -> list[Animation]:
        """Animations taking the plane from wherever it is now to the map ``matrix`` (2, 2).

        Every point moves on a straight line to ``matrix @ p`` (p its identity position), so
        from the identity this is ``interpolate(matrix, t)``; a collapsed (singular) state can
        be undone too. Arrows are rebuilt at their new tips, so their heads keep their shape.
        """
        m = np.asarray(matrix, dtype=float)
        anims: list[Animation] = []
        for mob, source in ((self.grid, self._grid0), (self.riders, self._riders0)):
            if len(mob):
                target = source.copy().apply_matrix(m, about_point=self.view.origin_point)
                anims.append(Transform(mob, target))
        for arrow, coords in self.vectors:
            anims.append(Transform(arrow, self.arrow(m @ coords, arrow.get_color())))
        return anims

    def freeze(self) -> None:
        """Remember the current grid and riders as the identity state (call after adding riders)."""
        self._grid0, self._riders0 = self.grid.copy(), self.riders.copy()
