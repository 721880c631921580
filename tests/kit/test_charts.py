"""Line charts: every value sits where the axes' own geometry puts it (checked by linear
interpolation between the axis lines' end points, not by ``c2p``), and segments join up."""

import numpy as np
import pytest

from nnviz_kit.charts import chart_segment, line_chart

VALUES = np.array([3.0, 1.0, 2.5, 0.5, 0.75])


def expected_points(axes, values: np.ndarray, top: float) -> np.ndarray:
    """Scene points of (i, values[i]) from the axis lines' ends: x from 0 to n, y from 0 to 1.05·top."""
    x0, x1 = axes.x_axis.get_start()[0], axes.x_axis.get_end()[0]
    y0, y1 = axes.y_axis.get_start()[1], axes.y_axis.get_end()[1]
    n = len(values) - 1
    xs = x0 + np.arange(len(values)) / n * (x1 - x0)
    ys = y0 + values / (1.05 * top) * (y1 - y0)
    return np.column_stack([xs, ys])


def corners(line) -> np.ndarray:
    """The polyline's vertices (x, y): the anchors where one segment ends and the next begins."""
    quads = np.asarray(line.points)  # cubic Béziers, four points each: start, handles, end
    pts = np.vstack([quads[::4], quads[-1:]])[:, :2]
    keep = np.r_[True, np.any(np.abs(np.diff(pts, axis=0)) > 1e-9, axis=1)]
    return pts[keep]


def test_line_chart_puts_each_value_at_its_step_and_height():
    axes, line, label = line_chart(VALUES, 4.0, 2.0, "#FFFF00", r"\text{loss}")
    np.testing.assert_allclose(
        corners(line), expected_points(axes, VALUES, VALUES.max()), atol=1e-6
    )
    assert axes.x_axis.get_length() == pytest.approx(4.0)
    assert axes.y_axis.get_length() == pytest.approx(2.0)
    # the label sits above the axes, flush with their left edge
    assert label.get_bottom()[1] > axes.get_top()[1]
    assert label.get_left()[0] == pytest.approx(axes.get_left()[0])
    # negative control: the values reversed are not where the line is
    wrong = expected_points(axes, VALUES[::-1], VALUES.max())
    assert not np.allclose(corners(line), wrong, atol=1e-3)


def test_a_given_top_sets_the_scale_and_an_undrawn_chart_has_no_line():
    axes, line, _ = line_chart(VALUES, 4.0, 2.0, "#FFFF00", "C", top=10.0, draw_line=False)
    assert len(line.points) == 0
    seg = chart_segment(axes, VALUES, 0, len(VALUES) - 1, "#FFFF00")
    np.testing.assert_allclose(corners(seg), expected_points(axes, VALUES, 10.0), atol=1e-6)


def test_segments_join_into_the_whole_line():
    axes, line, _ = line_chart(VALUES, 4.0, 2.0, "#FFFF00", "C")
    whole = corners(line)
    parts = [corners(chart_segment(axes, VALUES, a, b, "#FFFF00")) for a, b in ((0, 2), (2, 4))]
    np.testing.assert_allclose(parts[0], whole[:3], atol=1e-9)
    np.testing.assert_allclose(parts[1], whole[2:], atol=1e-9)
    assert not np.allclose(parts[1][0], whole[0])  # control: the second part starts at step 2


def test_negative_values_stay_on_the_axes():
    values = np.array([2.0, 0.5, -1.0, -3.0])
    axes, line, _ = line_chart(values, 4.0, 2.0, "#FFFF00", "C")
    y0, y1 = axes.y_axis.get_start()[1], axes.y_axis.get_end()[1]
    ys = corners(line)[:, 1]
    # the axis runs from the minimum, -3, to 2 plus 5 % headroom of the span
    np.testing.assert_allclose(ys, y0 + (values + 3.0) / (5.0 * 1.05) * (y1 - y0), atol=1e-6)
    assert ys.min() >= y0 - 1e-9 and ys.max() <= y1 + 1e-9
    # control: with the bottom pinned at 0 the negative values fall below the axis
    axes0, line0, _ = line_chart(values, 4.0, 2.0, "#FFFF00", "C", bottom=0.0)
    assert corners(line0)[:, 1].min() < axes0.y_axis.get_start()[1] - 0.1
