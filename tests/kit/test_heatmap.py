"""The heatmap: one shape per colour level whose rectangles cover exactly the cells of that level,
checked against a quantisation done here with plain numpy."""

import numpy as np

from nnviz_kit.framing import fit_view
from nnviz_kit.heatmap import Heatmap
from nnviz_kit.layout import layout_problems

BOX, N, LEVELS = (-3.0, 3.0, -2.0, 2.0), 24, 5


def func(P: np.ndarray) -> np.ndarray:
    return np.sin(1.3 * P[:, 0]) * np.cos(P[:, 1]) + 0.2 * P[:, 0]


def expected_levels() -> np.ndarray:
    """Level of each cell (row 0 at the top), from the function at the cell centres."""
    x0, x1, y0, y1 = BOX
    xs = x0 + (np.arange(N) + 0.5) * (x1 - x0) / N
    ys = y1 - (np.arange(N) + 0.5) * (y1 - y0) / N
    gx, gy = np.meshgrid(xs, ys)
    v = func(np.column_stack([gx.ravel(), gy.ravel()])).reshape(N, N)
    return np.round(np.clip(v / np.abs(v).max(), -1, 1) * LEVELS).astype(int)


def rectangles(shape) -> np.ndarray:
    """(k, 4) [x_min, x_max, y_min, y_max] of a shape's closed sub-paths (16 points each)."""
    pts = np.asarray(shape.points)[:, :2].reshape(-1, 16, 2)
    return np.column_stack(
        [pts[..., 0].min(1), pts[..., 0].max(1), pts[..., 1].min(1), pts[..., 1].max(1)]
    )


def test_each_level_is_one_shape_covering_exactly_its_cells():
    view = fit_view([[-3, -2], [3, 2]])
    heat = Heatmap(func, BOX, view, resolution=N, levels=LEVELS)
    q = expected_levels()
    assert len(heat) == len(set(q[q != 0].ravel()))
    cell = (view.unit * 6 / N) * (view.unit * 4 / N)
    centres = {}
    for r in range(N):
        for c in range(N):
            centres[(r, c)] = view.to_scene([-3 + (c + 0.5) * 6 / N, 2 - (r + 0.5) * 4 / N])[:2]
    covered = np.zeros((N, N), dtype=int)
    for shape in heat:
        rects = rectangles(shape)
        area = np.sum((rects[:, 1] - rects[:, 0]) * (rects[:, 3] - rects[:, 2]))
        inside = np.array(
            [
                [
                    np.any(
                        (rects[:, 0] < p[0])
                        & (p[0] < rects[:, 1])
                        & (rects[:, 2] < p[1])
                        & (p[1] < rects[:, 3])
                    )
                    for p in (centres[(r, c)] for c in range(N))
                ]
                for r in range(N)
            ]
        )
        levels_inside = set(q[inside].ravel())
        assert len(levels_inside) == 1  # one shape, one level
        level = levels_inside.pop()
        np.testing.assert_array_equal(inside, q == level)
        assert abs(area - cell * np.sum(q == level)) < 1e-6 * cell
        covered += inside
    # every non-zero cell is drawn once; zero cells (near the boundary value) are left dark
    np.testing.assert_array_equal(covered, (q != 0).astype(int))
    assert (q == 0).any()  # control: the check above had dark cells to leave out
    assert layout_problems([heat]) == []
