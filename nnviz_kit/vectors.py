"""Vectors drawn in a :class:`~nnviz_kit.framing.View`: an arrow from the origin, with its
coordinates (or a name) in a small column beside the tip.

>>> from nnviz_kit.framing import fit_view
>>> v = LabeledVector(fit_view([[7, 8]]), [7, 8])
>>> v.coords.tolist()
[7.0, 8.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import RIGHT, Arrow, MathTex, VGroup, VMobject

from nnviz_kit.framing import View
from nnviz_kit.labels import coord_label, with_background
from nnviz_kit.placement import around, place_label
from nnviz_kit.style import LABEL_SIZE, VECTOR

__all__ = ["arrow_to", "vector_label", "LabeledVector"]


def arrow_to(
    view: View,
    coords: Sequence[float],
    color=VECTOR,
    stroke_width: float = 6,
    start: Sequence[float] | None = None,
) -> Arrow:
    """An arrow from ``start`` (default the origin) to math point ``coords`` (2,).

    A zero-length vector still gets a (tiny) arrow, so it can grow later.
    """
    a = view.origin_point if start is None else view.to_scene(start)
    b = view.to_scene(coords)
    length = float(np.linalg.norm(b - a))
    return Arrow(
        a,
        b if length > 1e-6 else a + 1e-6,
        buff=0,
        color=color,
        stroke_width=stroke_width,
        max_tip_length_to_length_ratio=0.35,
        max_stroke_width_to_length_ratio=12,
    )


def vector_label(
    view: View,
    coords: Sequence[float],
    color=VECTOR,
    name: str | None = None,
    show_coords: bool = True,
    font_size: float = LABEL_SIZE,
    tip: np.ndarray | None = None,
) -> VMobject:
    """``name`` and/or the coordinate column of ``coords``, on a dark backing, beside the tip.

    ``tip`` (a scene point) defaults to where ``coords`` sits in ``view``.
    """
    parts: list[VMobject] = []
    if name:
        parts.append(MathTex(name, font_size=font_size, color=color))
    if show_coords:
        parts.append(coord_label(coords, color, font_size=font_size * 0.85))
    label = with_background(VGroup(*parts).arrange(RIGHT, buff=0.15))
    tip = view.to_scene(coords) if tip is None else np.asarray(tip, dtype=float)
    return place_label(label, tip, around(tip - view.origin_point))


class LabeledVector(VGroup):
    """An arrow to ``coords`` with a label beside its tip, both in the arrow's colour.

    Parameters
    ----------
    view
        Where math coordinates sit on screen.
    coords
        The vector (2,).
    name
        TeX put before the coordinates (``"v ="``) or, with ``show_coords=False``, alone.
    show_coords
        Show the coordinate column.
    """

    def __init__(
        self,
        view: View,
        coords: Sequence[float],
        color=VECTOR,
        name: str | None = None,
        show_coords: bool = True,
        font_size: float = LABEL_SIZE,
        stroke_width: float = 6,
    ) -> None:
        super().__init__()
        self.view, self.color_, self.name = view, color, name
        self.font_size, self.show_coords = font_size, show_coords
        self.coords = np.asarray(coords, dtype=float)
        self.arrow = arrow_to(view, self.coords, color, stroke_width)
        self.label = self._label(self.coords)
        self.add(self.arrow, self.label)

    def _label(self, coords: np.ndarray) -> VMobject:
        return vector_label(
            self.view, coords, self.color_, self.name, self.show_coords, self.font_size,
            tip=self.arrow.get_end(),
        )  # fmt: skip

    def tip(self) -> np.ndarray:
        """The arrow's tip, a scene point (3,)."""
        return self.arrow.get_end()

    def target(self, coords: Sequence[float]) -> LabeledVector:
        """A copy pointing at ``coords`` (labelled afresh), for ``Transform(vec, vec.target(c))``."""
        return LabeledVector(
            self.view,
            coords,
            self.color_,
            self.name,
            self.show_coords,
            self.font_size,
            self.arrow.stroke_width,
        )
