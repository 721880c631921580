"""Put a label near a point where it overlaps nothing already placed and stays in the frame."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from manim import Mobject, VMobject, config

__all__ = ["place_free"]


def _box(mob: Mobject) -> tuple[np.ndarray, np.ndarray]:
    return mob.get_corner(np.array([-1, -1, 0]))[:2], mob.get_corner(np.array([1, 1, 0]))[:2]


def _clash(a: Mobject, others: Iterable[Mobject], gap: float) -> bool:
    alo, ahi = _box(a)
    for b in others:
        blo, bhi = _box(b)
        if min(ahi[0], bhi[0]) - max(alo[0], blo[0]) > -gap and (
            min(ahi[1], bhi[1]) - max(alo[1], blo[1]) > -gap
        ):
            return True
    return False


def place_free(
    label: VMobject,
    tip: object,
    directions: Sequence[object],
    avoid: Iterable[Mobject] = (),
    buff: float = 0.15,
    gap: float = 0.05,
) -> VMobject:
    """Move ``label`` just off ``tip`` along the first of ``directions`` that keeps it clear.

    Clear means inside the frame and at least ``gap`` from every mobject in ``avoid``. If no
    direction is clear, the first in-frame one wins (then the first direction).
    """
    avoid = list(avoid)
    tip = np.asarray(tip, dtype=float)
    half = np.array([label.width / 2, label.height / 2])
    hw, hh = config.frame_width / 2 - 0.1, config.frame_height / 2 - 0.1
    in_frame = []
    for raw in directions:
        d = np.zeros(3)
        d[:2] = np.asarray(raw, dtype=float)[:2]
        d /= np.linalg.norm(d) or 1.0
        reach = min(half[i] / abs(d[i]) if abs(d[i]) > 1e-9 else np.inf for i in (0, 1))
        label.move_to(tip + d * (reach + buff))
        if abs(label.get_x()) + half[0] > hw or abs(label.get_y()) + half[1] > hh:
            continue
        if not _clash(label, avoid, gap):
            return label
        in_frame.append(label.get_center().copy())
    if in_frame:
        return label.move_to(in_frame[0])
    return label
