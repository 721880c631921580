"""Labels keep off what they name: the arrow outline, and the placer's keep-off points."""

import numpy as np
import pytest
from manim import Rectangle, Square, config

from nnviz_kit.framing import fit_view
from nnviz_kit.placement import near_points, place_label
from nnviz_kit.vectors import arrow_outline, arrow_to, vector_label


def covers(mob, points: np.ndarray) -> bool:
    """Whether any scene point lies inside ``mob``'s bounding box (independent of the kit)."""
    pts = np.asarray(points).reshape(-1, 3)
    x0, x1 = mob.get_left()[0], mob.get_right()[0]
    y0, y1 = mob.get_bottom()[1], mob.get_top()[1]
    return bool(np.any((pts[:, 0] > x0) & (pts[:, 0] < x1) & (pts[:, 1] > y0) & (pts[:, 1] < y1)))


@pytest.mark.parametrize("coords", [[3, 1], [-2, 2.5], [0.4, -0.3]])
def test_outline_holds_manims_own_arrow_head_corners(coords):
    view = fit_view([coords])
    arrow = arrow_to(view, coords)
    outline = arrow_outline(arrow.get_start(), arrow.get_end())
    for corner in arrow.tip.get_vertices():  # manim's triangle, not our formula
        assert np.min(np.linalg.norm(outline - corner, axis=1)) < 1e-6
    # And the shaft: the arrow's start and its middle are on the outline (within the spacing).
    mid = (arrow.get_start() + arrow.get_end()) / 2
    assert np.min(np.linalg.norm(outline - mid, axis=1)) < 0.08


def test_near_points_measures_distance_to_the_box():
    box = Square(side_length=2)  # [-1, 1]²
    assert near_points(box, np.array([[0.0, 0.0, 0.0]]))
    assert near_points(box, np.array([[1.2, 0.0, 0.0]]), gap=0.25)
    assert not near_points(box, np.array([[1.2, 0.0, 0.0]]), gap=0.15)
    assert not near_points(box, np.array([[1.2, 1.2, 0.0]]), gap=0.25)  # corner: √0.08 > 0.25
    assert not near_points(box, np.zeros((0, 3)), gap=1.0)


def tip_at_right_edge():
    """A long arrow whose tip nearly touches the frame's right edge (LinearMap's defaults)."""
    view = fit_view([[31, -6], [7, 8]])
    coords = view.to_coords([config.frame_width / 2 - 0.6, -2.0, 0.0])
    return view, coords, arrow_to(view, coords)


def test_label_at_the_frame_edge_keeps_off_the_arrow():
    view, coords, arrow = tip_at_right_edge()
    label = vector_label(view, coords)
    outline = arrow_outline(arrow.get_start(), arrow.get_end())
    assert not covers(label, outline)
    assert abs(label.get_right()[0]) <= config.frame_width / 2 and abs(label.get_top()[1]) <= 4
    # Beside the tip, not far away.
    assert np.linalg.norm(label.get_center() - arrow.get_end()) < label.width + label.height


def test_without_keep_off_the_same_label_lands_on_the_arrow():
    """Negative control: the placer alone (no outline) puts the label over the arrow head."""
    view, coords, arrow = tip_at_right_edge()
    tip = arrow.get_end()
    d = (tip - view.origin_point) / np.linalg.norm(tip - view.origin_point)
    label = place_label(
        Rectangle(width=1.35, height=1.75), tip, [d, [-d[1], d[0]], [d[1], -d[0]], -d]
    )
    assert covers(label, arrow_outline(arrow.get_start(), tip))


def test_keep_off_points_move_a_label_that_would_cover_them():
    spot = Rectangle(width=1, height=0.5)
    place_label(spot, [0, 0, 0], directions=[[1, 0]], buff=0.1)
    in_the_way = spot.get_center()[None, :]
    moved = place_label(Rectangle(width=1, height=0.5), [0, 0, 0], [[1, 0], [0, 1]],
                        buff=0.1, keep_off=in_the_way)  # fmt: skip
    assert not covers(moved, in_the_way) and moved.get_center()[1] > 0
