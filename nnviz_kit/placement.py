"""Put a label near a point where it stays in the frame and overlaps nothing already placed.

One placer serves every scene: give the point, the directions to try in order (default: the
eight compass directions, upper right first) and the mobjects to keep clear of.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from manim import DL, DOWN, DR, LEFT, RIGHT, UL, UP, UR, Mobject, VMobject, config

__all__ = ["COMPASS", "around", "overlaps", "near_points", "place_label"]

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


def near_points(mob: Mobject, points: np.ndarray, gap: float = 0.0) -> bool:
    """Whether any scene point of ``points`` (k, 3) lies in ``mob``'s bounding box or within ``gap``."""
    if len(points) == 0:
        return False
    pts = np.asarray(points, dtype=float).reshape(-1, 3)
    left, right = mob.get_left()[0], mob.get_right()[0]
    bottom, top = mob.get_bottom()[1], mob.get_top()[1]
    dx = np.maximum.reduce([left - pts[:, 0], np.zeros(len(pts)), pts[:, 0] - right])
    dy = np.maximum.reduce([bottom - pts[:, 1], np.zeros(len(pts)), pts[:, 1] - top])
    dist = np.hypot(dx, dy)
    return bool(np.any((dist < gap) | (dist == 0)))  # a point inside the box always counts


def _candidates(
    label: VMobject, p: np.ndarray, directions: Sequence[object], buff: float, rings: int,
    ring_step: float,
) -> list[np.ndarray]:  # fmt: skip
    """Centres just off ``p`` along each direction, ring by ring (scene points (3,))."""
    half = np.array([label.width / 2, label.height / 2])
    out = []
    for ring in range(rings):
        for raw in directions:
            d = np.zeros(3)
            d[:2] = np.asarray(raw, dtype=float)[:2]
            d /= np.linalg.norm(d) or 1.0
            # Distance from the label's centre to its edge along d: the label just clears p.
            reach = min(half[i] / abs(d[i]) if abs(d[i]) > 1e-9 else np.inf for i in (0, 1))
            out.append(p + d * (reach + buff + ring * ring_step))
    return out


def _clamped(label: VMobject, centre: np.ndarray) -> np.ndarray:
    """``centre`` moved the least so that ``label`` fits inside the frame."""
    hw, hh = config.frame_width / 2 - 0.1, config.frame_height / 2 - 0.1
    half = np.array([label.width / 2, label.height / 2])
    out = np.array(centre, dtype=float)
    out[0] = np.clip(out[0], -hw + half[0], hw - half[0])
    out[1] = np.clip(out[1], -hh + half[1], hh - half[1])
    return out


def place_label(
    label: VMobject,
    point: object,
    directions: Sequence[object] = COMPASS,
    avoid: Iterable[Mobject] = (),
    buff: float = 0.15,
    gap: float = 0.05,
    rings: int = 1,
    ring_step: float = 0.3,
    keep_off: object = (),
) -> VMobject:
    """Move ``label`` just off scene ``point`` along the first direction that keeps it clear.

    Clear means inside the frame, at least ``gap`` from every mobject in ``avoid`` and from every
    scene point in ``keep_off`` (k, 3), e.g. the outline of the arrow the label names. With
    ``rings > 1`` the search repeats further out. A spot that would leave the frame is then
    tried pushed back inside it, as long as it stays clear and off ``point``. If nothing is
    clear, the first in-frame spot wins; failing that, the first spot, pushed back inside.
    """
    avoid = list(avoid)
    p = np.asarray(point, dtype=float)
    off = np.asarray(keep_off, dtype=float).reshape(-1, 3)
    spots = _candidates(label, p, directions, buff, rings, ring_step)
    in_frame = [c for c in spots if np.allclose(_clamped(label, c), c)]

    def clear(centre: np.ndarray) -> bool:
        label.move_to(centre)
        return not any(overlaps(label, other, gap) for other in avoid) and not near_points(
            label, off, gap
        )

    for centre in in_frame:
        if clear(centre):
            return label
    for centre in spots:  # pushed back inside the frame: still beside the point, never on it
        pushed = _clamped(label, centre)
        if clear(pushed) and not near_points(label, p[None, :], buff / 2):
            return label
    label.move_to(_clamped(label, in_frame[0] if in_frame else spots[0]))
    return label
