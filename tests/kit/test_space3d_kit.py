"""Camera framing for 3-D scenes: everything projects inside the box, at the largest scale."""

import numpy as np
import pytest

from nnviz_kit.space3d import MAX_UNIT, fit_space


def project(points, unit, centre, phi, theta, d=20.0):
    """Manim's ThreeDCamera by hand: Rx(-phi)·Rz(-theta - 90°), then perspective d/(d - z)."""
    a = -theta - np.pi / 2
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(-phi), -np.sin(-phi)], [0, np.sin(-phi), np.cos(-phi)]])
    r = (unit * (np.asarray(points, float) - centre)) @ (rx @ rz).T
    return r[:, :2] * (d / (d - r[:, 2]))[:, None]


@pytest.mark.parametrize("seed", range(4))
def test_fit_space_keeps_points_inside_at_the_largest_unit(seed):
    pts = np.random.default_rng(seed).normal(size=(20, 3)) * [4, 2, 3]
    phi, thetas, hw, hh = 1.2, np.linspace(-0.9, -0.2, 7), 3.0, 2.5
    s = fit_space(pts, phi, thetas, hw, hh)
    assert s.unit < MAX_UNIT  # these clouds are too big for the cap
    np.testing.assert_allclose(s.centre, (pts.min(0) + pts.max(0)) / 2)
    inside = [np.abs(project(pts, s.unit, s.centre, phi, t)) for t in thetas]
    assert all(np.all(p[:, 0] <= hw) and np.all(p[:, 1] <= hh) for p in inside)
    # Negative control: 2% larger and some point leaves the box at some angle.
    bigger = [np.abs(project(pts, s.unit * 1.02, s.centre, phi, t)) for t in thetas]
    assert any(np.any(p[:, 0] > hw) or np.any(p[:, 1] > hh) for p in bigger)


def test_small_examples_stop_at_the_cap():
    assert fit_space([[0, 0, 0], [0.1, 0.1, 0.1]], 1.2, [-0.8], 3.0, 3.0).unit == MAX_UNIT


@pytest.mark.parametrize("normal", [[1.0, 0.5, 0.3], [-0.2, 1.0, -0.4], [0.3, -0.7, 0.1]])
def test_edge_on_theta_looks_along_the_plane(normal):
    from nnviz_kit.space3d import edge_on_theta

    phi = 1.2
    theta = edge_on_theta(normal, phi)
    view = [np.sin(phi) * np.cos(theta), np.sin(phi) * np.sin(theta), np.cos(phi)]
    assert np.dot(view, normal) == pytest.approx(0, abs=1e-12)
    # Negative control: a plane almost level cannot be seen edge-on from 69° above it.
    assert edge_on_theta([0.01, 0.0, 1.0], phi) is None
