"""Lecture 3 kit pieces, checked on their geometry without rendering."""

import numpy as np
import pytest
from manim import Square

from nnviz_kit import BarChart, circle_image, fit_view, line_through, place_label, span_line
from nnviz_kit.framing import frame_region


@pytest.fixture
def view():
    return fit_view([[3, 1], [-2, 2]], region=frame_region(left=3.0, margin=0.5))


def math_of(view, point):
    return view.to_coords(point)


@pytest.mark.parametrize("direction", [[1, 0], [0, 1], [2, 1], [-1, 3]])
def test_span_line_runs_along_the_direction_to_the_region_edge(view, direction):
    line = span_line(view, direction)
    d = np.array(direction, float) / np.linalg.norm(direction)
    x0, x1, y0, y1 = view.region
    for end in (line.get_start(), line.get_end()):
        p = math_of(view, end)
        assert abs(p[0] * d[1] - p[1] * d[0]) < 1e-9  # on the line through the origin
        on_edge = min(abs(end[0] - x0), abs(end[0] - x1), abs(end[1] - y0), abs(end[1] - y1))
        assert on_edge < 1e-9
        assert x0 - 1e-9 <= end[0] <= x1 + 1e-9 and y0 - 1e-9 <= end[1] <= y1 + 1e-9


def test_line_through_a_point_is_clipped_to_the_region(view):
    line = line_through(view, [1, 1], [1, 2])
    x0, x1, y0, y1 = view.region
    for end in (line.get_start(), line.get_end()):
        p = math_of(view, end) - [1, 1]
        assert abs(p[0] * 2 - p[1] * 1) < 1e-9
        assert x0 - 1e-9 <= end[0] <= x1 + 1e-9 and y0 - 1e-9 <= end[1] <= y1 + 1e-9


def test_circle_image_is_the_ellipse_of_the_matrix(view):
    m = np.array([[2.0, 1.0], [0.5, 1.5]])
    curve = circle_image(view, m, center=[1, -1])
    pts = np.array([math_of(view, p) for p in curve.points]) - [1, -1]
    # Pulled back by M⁻¹ every point is on the unit circle (oracle: numpy solve).
    radii = np.linalg.norm(np.linalg.solve(m, pts.T), axis=0)
    np.testing.assert_allclose(radii, 1.0, atol=2e-3)  # Bézier handles sit a hair off


def test_bar_chart_heights_are_proportional():
    chart = BarChart([3.0, 1.5, 0.75], ["a", "b", "c"], height=3.0)
    heights = [b.height for b in chart.bars]
    np.testing.assert_allclose(heights, [3.0, 1.5, 0.75])
    assert len({round(b.get_bottom()[1], 9) for b in chart.bars}) == 1
    with pytest.raises(ValueError):
        BarChart([-1.0], ["a"])


def test_place_label_avoids_what_is_already_there():
    blocker = Square(1).move_to([1.0, 0, 0])
    label = Square(0.5)
    place_label(label, np.zeros(3), [[1, 0], [0, 1]], avoid=[blocker])
    assert label.get_center()[1] > 0.2  # the first direction was blocked, the second taken
