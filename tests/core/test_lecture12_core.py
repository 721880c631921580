"""nnviz helpers added for lectures 1 and 2, against numpy and closed forms."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnviz.linalg import apply, column_combination
from nnviz.projection import dot, move_along, norm, signed_distance

PROPS = settings(deadline=None, max_examples=40)
small = st.integers(-9, 9)


def test_column_combination_seed_example():
    # 7·(1, -2) + 8·(3, 1) = (31, -6), the seed's f(7, 8).
    parts = column_combination([[1, 3], [-2, 1]], [7, 8])
    np.testing.assert_array_equal(parts, [[7, -14], [24, 8]])
    np.testing.assert_array_equal(parts.sum(axis=0), [31, -6])


@PROPS
@given(arrays(np.float64, (3, 3), elements=small), arrays(np.float64, (3,), elements=small))
def test_column_pieces_sum_to_matmul(m, v):
    np.testing.assert_allclose(column_combination(m, v).sum(axis=0), m @ v)
    np.testing.assert_allclose(apply(m, v), m @ v)


def test_dot_and_norm_against_numpy():
    rng = np.random.default_rng(0)
    u, v = rng.normal(size=5), rng.normal(size=5)
    assert dot(u, v) == pytest.approx(float(np.dot(u, v)))
    assert norm(u) == pytest.approx(float(np.sqrt(np.sum(u * u))))


@PROPS
@given(
    arrays(np.float64, (2,), elements=small),
    arrays(np.float64, (2,), elements=small).filter(lambda n: np.linalg.norm(n) > 0.5),
    arrays(np.float64, (4,), elements=st.floats(-5, 5)),
)
def test_move_along_changes_the_score_by_alpha(z, n, alphas):
    moved = move_along(z, n, alphas)
    scores = signed_distance(moved, n)
    np.testing.assert_allclose(scores - signed_distance(z, n), alphas, atol=1e-9)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: column_combination([[1, 2], [3, 4]], [1, 2, 3]), "vector"),
        (lambda: dot([1, 2], [1, 2, 3]), "v"),
        (lambda: norm([[1, 2]]), "v"),
        (lambda: move_along([1, 2], [0, 0], [1]), "direction"),
        (lambda: move_along([1, 2], [0, 1], [[1]]), "alphas"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        call()
