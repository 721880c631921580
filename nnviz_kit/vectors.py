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

__all__ = ["arrow_to", "arrow_outline", "vector_label", "LabeledVector"]

#: The longest arrow head (manim's default tip length) and its largest share of the arrow.
HEAD_LENGTH, HEAD_RATIO = 0.35, 0.35


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
        max_tip_length_to_length_ratio=HEAD_RATIO,
        max_stroke_width_to_length_ratio=12,
    )


def arrow_outline(start: object, tip: object, spacing: float = 0.08) -> np.ndarray:
    """Scene points (k, 3) along an ``arrow_to`` arrow's shaft and round its head's triangle.

    A label kept clear of these points (``place_label(keep_off=...)``) covers neither.
    """
    a, b = np.asarray(start, dtype=float), np.asarray(tip, dtype=float)
    length = float(np.linalg.norm(b - a))
    if length < 1e-9:
        return b[None, :]
    d = (b - a) / length
    head = min(HEAD_LENGTH, HEAD_RATIO * length)  # the head is as wide as it is long
    perp = np.array([-d[1], d[0], 0.0]) * head / 2
    base = b - d * head
    corners = [a, base, base + perp, b, base - perp, base]
    out = [b[None, :]]
    for p, q in zip(corners, corners[1:], strict=False):
        n = max(2, int(np.ceil(np.linalg.norm(q - p) / spacing)) + 1)
        out.append(p + np.linspace(0.0, 1.0, n)[:, None] * (q - p))
    return np.vstack(out)


def vector_label(
    view: View,
    coords: Sequence[float],
    color=VECTOR,
    name: str | None = None,
    show_coords: bool = True,
    font_size: float = LABEL_SIZE,
    tip: np.ndarray | None = None,
    start: np.ndarray | None = None,
) -> VMobject:
    """``name`` and/or the coordinate column of ``coords``, on a dark backing, beside the tip.

    ``tip`` (a scene point) defaults to where ``coords`` sits in ``view``, ``start`` to the
    origin. The label stays clear of the arrow from ``start`` to ``tip``, head included.
    """
    parts: list[VMobject] = []
    if name:
        parts.append(MathTex(name, font_size=font_size, color=color))
    if show_coords:
        parts.append(coord_label(coords, color, font_size=font_size * 0.85))
    label = with_background(VGroup(*parts).arrange(RIGHT, buff=0.15))
    tip = view.to_scene(coords) if tip is None else np.asarray(tip, dtype=float)
    start = view.origin_point if start is None else np.asarray(start, dtype=float)
    return place_label(
        label, tip, around(tip - view.origin_point), rings=3, keep_off=arrow_outline(start, tip)
    )


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
            tip=self.arrow.get_end(), start=self.arrow.get_start(),
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
