"""Put a label near a point where it stays in the frame and overlaps nothing already placed.

One placer serves every scene: give the point, the directions to try in order (default: the
eight compass directions, upper right first) and the mobjects to keep clear of.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from manim import DL, DOWN, DR, LEFT, RIGHT, UL, UP, UR, Mobject, VMobject, config

__all__ = ["COMPASS", "around", "overlaps", "place_label"]

COMPASS = (UR, UL, DR, DL, RIGHT, LEFT, UP, DOWN)


def around(direction: object) -> list[np.ndarray]:
    """``direction`` (2,) or (3,), then its two perpendiculars, then its reverse."""
    d = np.zeros(3)
    d[:2] = np.asarray(direction, dtype=float)[:2]
    d = d / (np.linalg.norm(d) or 1.0) if np.any(d) else UP.astype(float)
    perp = np.array([-d[1], d[0], 0.0])
    return [d, perp, -perp, -d]


def overlaps(a: Mobject, b: Mobject, gap: float = 0.0) -> bool:
    """Whether the bounding boxes of ``a`` and ``b`` come closer than ``gap``."""
    return bool(
        a.get_left()[0] < b.get_right()[0] + gap
        and b.get_left()[0] < a.get_right()[0] + gap
        and a.get_bottom()[1] < b.get_top()[1] + gap
        and b.get_bottom()[1] < a.get_top()[1] + gap
    )


def place_label(
    label: VMobject,
    point: object,
    directions: Sequence[object] = COMPASS,
    avoid: Iterable[Mobject] = (),
    buff: float = 0.15,
    gap: float = 0.05,
    rings: int = 1,
    ring_step: float = 0.3,
) -> VMobject:
    """Move ``label`` just off scene ``point`` along the first direction that keeps it clear.

    Clear means inside the frame and at least ``gap`` from every mobject in ``avoid``. With
    ``rings > 1`` the search repeats further out. If nothing is clear, the first in-frame spot
    wins; failing that, the first spot, pushed back inside the frame.
    """
    avoid = list(avoid)
    p = np.asarray(point, dtype=float)
    half = np.array([label.width / 2, label.height / 2])
    hw, hh = config.frame_width / 2 - 0.1, config.frame_height / 2 - 0.1
    first, in_frame = None, None
    for ring in range(rings):
        for raw in directions:
            d = np.zeros(3)
            d[:2] = np.asarray(raw, dtype=float)[:2]
            d /= np.linalg.norm(d) or 1.0
            # Distance from the label's centre to its edge along d: the label just clears p.
            reach = min(half[i] / abs(d[i]) if abs(d[i]) > 1e-9 else np.inf for i in (0, 1))
            centre = p + d * (reach + buff + ring * ring_step)
            first = centre if first is None else first
            if abs(centre[0]) + half[0] > hw or abs(centre[1]) + half[1] > hh:
                continue
            label.move_to(centre)
            if not any(overlaps(label, other, gap) for other in avoid):
                return label
            in_frame = centre if in_frame is None else in_frame
    label.move_to(in_frame if in_frame is not None else first)
    label.shift(
        RIGHT * (np.clip(label.get_x(), -hw + half[0], hw - half[0]) - label.get_x())
        + UP * (np.clip(label.get_y(), -hh + half[1], hh - half[1]) - label.get_y())
    )
    return label
