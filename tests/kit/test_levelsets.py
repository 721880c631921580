"""Level sets traced by contourpy, checked against closed forms: ellipses of a quadratic (their
points, their count, their area), Himmelblau's four basins, and the two branches of a hyperbola."""

import numpy as np
import pytest

from nnviz_kit.framing import fit_view
from nnviz_kit.layout import layout_problems
from nnviz_kit.levelsets import LevelSets, is_closed, level_lines

# a tilted bowl: eigenvalues 1 and 10, axes turned by 30 degrees
_C, _S = np.cos(np.pi / 6), np.sin(np.pi / 6)
_R = np.array([[_C, -_S], [_S, _C]])
A = _R @ np.diag([1.0, 10.0]) @ _R.T
BOX = (-4.0, 4.0, -4.0, 4.0)


def bowl(p: np.ndarray) -> float:
    return float(0.5 * p @ A @ p)


def shoelace(line: np.ndarray) -> float:
    x, y = line[:, 0], line[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def relative_misfit(f, lines: list[np.ndarray], c: float) -> float:
    """Largest |f(p) − c| / c over every point of every line."""
    return max(abs(f(p) - c) / c for line in lines for p in line)


@pytest.mark.parametrize("c", [0.5, 2.0, 4.0])
def test_bowl_level_sets_are_one_closed_ellipse_each(c):
    (lines,) = level_lines(bowl, BOX, [c], resolution=160)
    assert len(lines) == 1 and is_closed(lines[0])
    assert relative_misfit(bowl, lines, c) < 5e-3
    # ½ pᵀAp = c is an ellipse of area 2πc / √det A
    assert shoelace(lines[0]) == pytest.approx(2 * np.pi * c / np.sqrt(np.linalg.det(A)), rel=5e-3)
    # negative control: the same points are far from another level, and the area from its formula
    assert relative_misfit(bowl, lines, 1.2 * c) > 0.1
    assert shoelace(lines[0]) != pytest.approx(2 * np.pi * 1.2 * c / np.sqrt(10.0), rel=5e-2)


def inside(point: np.ndarray, loop: np.ndarray) -> bool:
    """Even-odd ray casting: is ``point`` inside the closed polyline ``loop``?"""
    x, y = point
    a, b = loop[:-1], loop[1:]
    crosses = (a[:, 1] > y) != (b[:, 1] > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = a[:, 0] + (y - a[:, 1]) * (b[:, 0] - a[:, 0]) / (b[:, 1] - a[:, 1])
    return bool(np.sum(crosses & (x < at)) % 2)


def himmelblau(p: np.ndarray) -> float:
    x, y = p
    return float((x * x + y - 11) ** 2 + (x + y * y - 7) ** 2)


def test_himmelblau_low_level_is_four_loops_one_around_each_minimum():
    # below the lowest saddle value (about 13.3) the set f <= 5 is four separate basins
    minima = np.array(
        [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
    )
    (lines,) = level_lines(himmelblau, (-5, 5, -5, 5), [5.0], resolution=200)
    assert len(lines) == 4 and all(is_closed(line) for line in lines)
    assert relative_misfit(himmelblau, lines, 5.0) < 2e-2
    holds = np.array([[inside(m, line) for m in minima] for line in lines])
    assert (holds.sum(axis=0) == 1).all() and (holds.sum(axis=1) == 1).all()
    # negative control: the local maximum near (-0.27, -0.92) is inside none of them
    assert not any(inside(np.array([-0.270845, -0.923039]), line) for line in lines)


def test_saddle_level_set_is_two_open_branches_of_a_hyperbola():
    (lines,) = level_lines(lambda p: p[0] ** 2 - p[1] ** 2, (-2, 2, -2, 2), [1.0], resolution=120)
    assert len(lines) == 2 and not any(is_closed(line) for line in lines)
    pts = np.vstack(lines)
    np.testing.assert_allclose(pts[:, 0] ** 2 - pts[:, 1] ** 2, 1.0, atol=2e-3)
    assert sorted(np.sign(line[0, 0]) for line in lines) == [-1.0, 1.0]  # one branch each side


def test_level_sets_mobject_is_placed_by_the_view_and_samples_f_once_per_node():
    calls = []

    def counted(p):
        calls.append(1)
        return bowl(p)

    view = fit_view([[BOX[0], BOX[2]], [BOX[1], BOX[3]]], region=(-6.0, 1.0, -3.5, 3.5))
    sets = LevelSets(counted, BOX, view, quantiles=(0.1, 0.5), resolution=60)
    # one evaluation per grid node: the whole cost of set-up, whatever the number of levels
    assert len(calls) == 60 * 60
    assert len(sets) == 2 and sets.levels[0] < sets.levels[1]
    for level, group in zip(sets.levels, sets, strict=True):
        pts = np.vstack([view.to_coords(q) for curve in group for q in curve.points])
        misfit = np.abs([bowl(p) - level for p in pts]) / level
        assert misfit.max() < 3e-2
        assert np.abs([bowl(p) - 2 * level for p in pts]).min() / level > 0.5  # control
    assert layout_problems([sets]) == []  # background: never reported as overlapping
